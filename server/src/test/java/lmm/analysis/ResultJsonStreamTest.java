package lmm.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import lmm.data.DataCache;
import lmm.fit.FitOptions;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;
import org.junit.jupiter.api.Test;

/** The streamed JSON of a fit (what ./lmm fit --json writes) is the text of the tree editors get. */
class ResultJsonStreamTest {
    @Test
    void streamedTextIsTheTreesText() throws Exception {
        int models = 0;
        for (String name : new String[] {"dung", "sleepstudy", "pastes", "ols6"}) {
            Path lmm = Path.of("src/test/resources/reference", name + ".lmm");
            BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(lmm)), lmm.toAbsolutePath().getParent(), new DataCache()::load);
            assertFalse(doc.hasErrors(), () -> name + ": " + doc.diagnostics());
            for (ModelEntry m : doc.models()) {
                ModelFits.Outcome o = ModelFits.fit(m, FitOptions.defaults());
                assertTrue(o.ok(), () -> name + ": " + o.diagnostics());
                var inf = Inferences.of(m, o.result());
                String tree = JsonText.of(ResultJson.model(m, o.result(), inf));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                JsonStream w = new JsonStream(bytes);
                ResultJson.write(w, m, o.result(), inf);
                w.flush();
                String streamed = bytes.toString(StandardCharsets.UTF_8);
                assertEquals(tree, streamed, name + "/" + m.name());
                JsonObject back = JsonParser.parseString(streamed).getAsJsonObject();
                assertEquals(m.bound().rows().length, back.getAsJsonArray("fitted").size());
                assertEquals(o.result().residuals()[0], back.getAsJsonArray("residuals").get(0).getAsDouble());
                assertEquals(m.bound().rows()[0] + 1, back.getAsJsonArray("rows").get(0).getAsInt());
                models++;
            }
        }
        assertTrue(models >= 4);
    }
}
