package lmm.analysis.plot;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import lmm.analysis.ModelFits;
import lmm.data.DataCache;
import lmm.fit.FitOptions;
import lmm.model.BoundDocument;
import lmm.model.DocumentBinder;
import lmm.model.ModelEntry;
import lmm.syntax.Parser;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Test helpers: the examples folder, a fitted example model, and SVG parsed with the JDK's XML parser. */
final class PlotFixtures {
    static final String SVG_NS = "http://www.w3.org/2000/svg";

    private PlotFixtures() {}

    /** The repository's examples folder (tests run in server/). */
    static Path examples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("examples/dung.lmm"))) return p.resolve("examples");
            p = p.getParent();
        }
        throw new IllegalStateException("examples/dung.lmm not found above " + Path.of("").toAbsolutePath());
    }

    record Fitted(ModelEntry model, ModelFits.Outcome outcome) {}

    /** Parses, binds and fits one model of an example file, as the command line does. */
    static Fitted fit(String lmmFile, String modelName) throws Exception {
        Path file = examples().resolve(lmmFile);
        BoundDocument doc = DocumentBinder.bind(Parser.parse(Files.readString(file)), file.getParent(), new DataCache()::load);
        ModelEntry m = doc.models().stream().filter(e -> e.name().equals(modelName)).findFirst().orElseThrow();
        ModelFits.Outcome o = ModelFits.fit(m, FitOptions.defaults());
        if (!o.ok()) throw new IllegalStateException("fit failed: " + o.diagnostics());
        return new Fitted(m, o);
    }

    /** Parses SVG text with a namespace-aware, DOCTYPE-refusing DOM parser: throws unless well-formed. */
    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> elements(Document d, String name) {
        NodeList nl = d.getElementsByTagNameNS(SVG_NS, name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) out.add((Element) nl.item(i));
        return out;
    }

    static double attr(Element e, String name) {
        return Double.parseDouble(e.getAttribute(name));
    }

    /** A point's label (its data-label attribute), or "". */
    static String tooltip(Element e) {
        return e.getAttribute("data-label");
    }

    static List<String> texts(Document d) {
        return elements(d, "text").stream().map(Element::getTextContent).toList();
    }
}
