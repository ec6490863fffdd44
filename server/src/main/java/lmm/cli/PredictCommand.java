package lmm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import lmm.analysis.ModelFits;
import lmm.data.CsvLoader;
import lmm.data.DataException;
import lmm.data.DataTable;
import lmm.fit.FitOptions;
import lmm.fit.Predictions;
import lmm.model.ModelEntry;
import lmm.model.NewData;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code lmm predict FILE.lmm --model NAME --data NEW.csv [--out FILE.csv]}: fits the model and writes,
 * per row of the new data, the population-level prediction Xβ̂ with its standard error and the
 * conditional one Xβ̂ + Zb̂ (see {@link Predictions}) as CSV: to FILE.csv, or to standard output.
 * Exit status as the other commands: 0 success; 1 the .lmm file, the model or the new data has errors
 * (or the output cannot be written); 2 usage error (no --data, unknown model, an --out that exists).
 */
final class PredictCommand {
    static final String USAGE = "usage: lmm predict FILE.lmm --model NAME --data NEW.csv [--out FILE.csv]\n";

    private PredictCommand() {}

    static int run(CommandInput in, PrintStream out, PrintStream err) throws CommandInput.Stop {
        String dataArg = in.value("--data"), outArg = in.value("--out");
        if (dataArg == null) {
            err.println("lmm: predict needs --data NEW.csv, the rows to predict for");
            err.print(USAGE);
            return 2;
        }
        Path target = outArg == null ? null : Path.of(outArg);
        if (target != null && Files.exists(target)) {
            err.println("lmm: " + target + " exists; lmm does not overwrite files: choose another --out or remove it");
            return 2;
        }
        in.load(err);
        ModelEntry m = model(in, err);
        Path dataPath = Path.of(dataArg);
        DataTable table;
        try {
            table = CsvLoader.load(dataPath);
        } catch (DataException e) {
            err.println(dataPath + ": " + e.problem().describe());
            return 1;
        }
        if (m.bound() == null) {
            in.printDiagnostics(List.of(), err);
            err.println("lmm: model '" + m.name() + "' has errors and cannot be fitted");
            return 1;
        }
        NewData rows;
        try {
            rows = NewData.of(m, table, dataPath.toString());
        } catch (NewData.Problem p) {
            in.printDiagnostics(List.of(), err);
            err.println(p.getMessage());
            return 1;
        }
        ModelFits.Outcome o = ModelFits.fit(m, FitOptions.defaults());
        in.printDiagnostics(o.diagnostics(), err);
        if (!o.ok()) return 1;
        Predictions p = Predictions.of(o.result(), rows);
        String csv = csv(p);
        if (target == null) {
            out.print(csv);
        } else if (!write(target, csv, err)) {
            return 1;
        }
        int missing = 0, fresh = 0;
        for (int i = 0; i < rows.n(); i++) {
            if (rows.missing()[i]) missing++;
            else if (!p.newLevels().get(i).isEmpty()) fresh++;
        }
        if (missing > 0) err.println("lmm: " + missing + " of " + rows.n() + " rows have a missing value in a variable of the model: their predictions are NA (as R's na.pass)");
        if (fresh > 0) err.println("lmm: " + fresh + " of " + rows.n() + " rows have a level the model has not seen (column newLevels): their conditional prediction has no random effect for it (lme4's allow.new.levels = TRUE)");
        if (target != null) err.println("lmm: wrote " + rows.n() + " predictions of '" + m.name() + "' to " + target);
        return in.document.hasErrors() ? 1 : 0;
    }

    /** The model named by --model, or the only model of the file. */
    private static ModelEntry model(CommandInput in, PrintStream err) throws CommandInput.Stop {
        List<ModelEntry> all = in.document.models();
        if (in.value("--model") == null) {
            if (all.size() == 1) return all.get(0);
            err.println("lmm: which model? use --model NAME (models: " + String.join(", ", all.stream().map(ModelEntry::name).toList()) + ")");
            throw new CommandInput.Stop(2);
        }
        return in.models(err).get(0);
    }

    /** row (the new data's row, 1-based), population, populationSE, conditional, newLevels; NA for missing values. */
    static String csv(Predictions p) {
        StringWriter w = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
            printer.printRecord("row", "population", "populationSE", "conditional", "newLevels");
            for (int i = 0; i < p.population().length; i++) {
                printer.printRecord(i + 1, number(p.population()[i]), number(p.standardError()[i]), number(p.conditional()[i]),
                        String.join(";", p.newLevels().get(i)));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    /** R's spellings: NA for a missing prediction, Inf and -Inf (e.g. from log(0) in the new data). */
    private static String number(double v) {
        if (Double.isNaN(v)) return "NA";
        if (Double.isInfinite(v)) return v > 0 ? "Inf" : "-Inf";
        return Double.toString(v);
    }

    /** Writes through a temporary file in the same folder, so a failed write leaves nothing half-written. */
    private static boolean write(Path target, String text, PrintStream err) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(dir, ".lmm-predict-", ".csv");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            err.println(target + ": cannot write: " + e.getMessage());
            return false;
        }
    }
}
