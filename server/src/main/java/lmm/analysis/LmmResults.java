package lmm.analysis;

import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.List;
import lmm.fit.FitResult;
import lmm.fit.RandomEffects;
import lmm.inference.Inference;
import lmm.model.ModelEntry;
import lmm.model.BoundModel;
import lmm.model.DesignMatrices;
import lmm.model.RandomTerm;

/**
 * The full results of a fit as a document: Markdown tables (escaped), CSV, or JSON. The content
 * never holds links or commands.
 */
public final class LmmResults {
    private LmmResults() {}

    /** Above this many cells (rows × columns of Z) the CSV gives Z compactly: a level column per term. */
    static final long WIDE_Z_CELLS = 2_000_000;

    public static final List<String> WHAT = List.of("fixef", "ranef", "residuals", "matrices", "summary", "all");
    public static final List<String> FORMATS = List.of("markdown", "text", "csv", "json");

    /** Rows of a Markdown table shown before "… k more rows" (CSV has them all). */
    static final int MAX_ROWS = 5_000;
    static final int MAX_COLUMNS = 200;

    public record Document(String title, String language, String content) {}

    public static Document render(StoredFit fit, String what, String format) {
        String title = "lmm: " + fit.model() + " — " + titleOf(what);
        return switch (format) {
            case "csv" -> new Document(title + " (CSV)", "csv", csv(fit, what));
            case "json" -> new Document(title + " (JSON)", "json",
                    new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create()
                            .toJson(ResultJson.model(fit.entry(), fit.result())));
            case "text" -> new Document(title, "plaintext", text(fit, what));
            default -> new Document(title, "markdown", markdown(fit, what));
        };
    }

    /**
     * Whether {@link #render} of this what and format shows the inference (df, p, F tables, intervals:
     * at 10⁶ rows a computation as long as a fit), so a caller can compute it first, cancellably
     * ({@link Inferences#of(ModelEntry, FitResult, java.util.function.BooleanSupplier)}).
     */
    public static boolean showsInference(String what, String format) {
        return switch (format) {
            case "json" -> true;
            case "csv" -> false;
            case "text" -> what.equals("summary") || what.equals("all");
            default -> what.equals("fixef") || what.equals("summary") || what.equals("all");
        };
    }

    static String titleOf(String what) {
        return switch (what) {
            case "fixef" -> "fixed effects β";
            case "ranef" -> "random effects u";
            case "residuals" -> "residuals e";
            case "matrices" -> "Y, X, Z and Y = Xβ + Zu + e";
            case "all" -> "all results";
            default -> "summary";
        };
    }

    // ------------------------------------------------------------------ plain text

    /** For editors that show plain text (Neovim, Emacs): what the command line prints. */
    public static String text(StoredFit fit, String what) {
        FitResult r = fit.result();
        BoundModel b = fit.entry().bound();
        return switch (what) {
            case "fixef" -> MatrixTables.fixef(r).plain();
            case "ranef" -> {
                StringBuilder sb = new StringBuilder(MatrixTables.varcorr(r).plain());
                MatrixTables.correlations(r).ifPresent(t -> sb.append('\n').append(t.plain()));
                for (RandomEffects re : r.ranef()) sb.append('\n').append(MatrixTables.ranef(re, MAX_ROWS).plain());
                yield sb.toString();
            }
            case "residuals" -> LmmCodeLens.residualTitle(r) + "\n\n" + MatrixTables.residuals(b, r, MAX_ROWS).plain();
            case "matrices" -> {
                StringBuilder sb = new StringBuilder();
                sb.append(MatrixTables.y(b, MAX_ROWS).plain()).append('\n').append(MatrixTables.x(b, MAX_ROWS, MAX_COLUMNS).plain());
                if (b.isMixed()) sb.append('\n').append(MatrixTables.z(b, MAX_ROWS, MAX_COLUMNS).plain()).append('\n').append(MatrixTables.lambdaLayout(b));
                sb.append('\n').append(MatrixTables.decomposition(b, r, MAX_ROWS).plain());
                yield sb.toString();
            }
            default -> TextSummary.render(fit.entry(), r, false, TextSummary.DEFAULT_ROWS);
        };
    }

    // ------------------------------------------------------------------ Markdown

    public static String markdown(StoredFit fit, String what) {
        FitResult r = fit.result();
        BoundModel b = fit.entry().bound();
        StringBuilder sb = new StringBuilder();
        sb.append("# model ").append(Markdown.escape(fit.model())).append(" — ").append(Markdown.escape(titleOf(what))).append("\n\n");
        sb.append(Markdown.escape(b.formulaText())).append("\n\n");
        sb.append(r.method()).append(" fit · ").append(r.nobs()).append(" rows");
        if (b.droppedRows() > 0) sb.append(" (").append(b.droppedRows()).append(" dropped for missing values)");
        if (fit.entry().dataPath() != null && fit.entry().dataPath().getFileName() != null) {
            sb.append(" · data ").append(Markdown.escape(fit.entry().dataPath().getFileName().toString()));
        }
        sb.append("\n\n");
        switch (what) {
            case "fixef" -> inference(sb, fit);
            case "ranef" -> ranef(sb, r);
            case "residuals" -> {
                sb.append(LmmCodeLens.residualTitle(r)).append("\n\n");
                sb.append(MatrixTables.residuals(b, r, MAX_ROWS).markdown());
            }
            case "matrices" -> {
                sb.append(MatrixTables.y(b, MAX_ROWS).markdown()).append('\n');
                sb.append(MatrixTables.x(b, MAX_ROWS, MAX_COLUMNS).markdown()).append('\n');
                if (b.isMixed()) sb.append(MatrixTables.z(b, MAX_ROWS, MAX_COLUMNS).markdown()).append('\n');
                decomposition(sb, b, r);
            }
            default -> {
                inference(sb, fit);
                ranef(sb, r);
                sb.append("σ = ").append(Markdown.escape(Num.format(r.sigma()))).append(" · logLik = ")
                        .append(Markdown.escape(Num.format(r.logLik()))).append(" · AIC = ").append(Markdown.escape(Num.format(r.aic())))
                        .append(" · BIC = ").append(Markdown.escape(Num.format(r.bic())));
                if (r.remlCriterion().isPresent()) {
                    sb.append(" · REML criterion = ").append(Markdown.escape(Num.format(r.remlCriterion().getAsDouble())));
                }
                sb.append("\n\n").append(r.converged() ? "converged" : "did not converge");
                if (r.evaluations() > 0) sb.append(" after ").append(r.evaluations()).append(" evaluations");
                sb.append("\n\n").append(Markdown.escape(LmmCodeLens.residualTitle(r))).append("\n\n");
                for (var d : fit.diagnostics()) sb.append("⚠ ").append(Markdown.escape(d.message())).append("\n\n");
                if (what.equals("all")) decomposition(sb, b, r);
            }
        }
        return sb.toString();
    }

    /** β with df and p, the Kenward–Roger columns, the F tables, the intervals and the notes of inference. */
    private static void inference(StringBuilder sb, StoredFit fit) {
        FitResult r = fit.result();
        Inference inf = Inferences.of(fit.entry(), r);
        sb.append(InferenceTables.coefficients(r, inf).markdown()).append('\n');
        TextTable kr = InferenceTables.kenwardRoger(r, inf);
        if (kr != null) sb.append(kr.markdown()).append('\n');
        TextTable anova = InferenceTables.anova(InferenceTables.anovaTitle(r, false), inf.anova());
        if (anova != null) sb.append(anova.markdown()).append('\n');
        TextTable anovaKr = InferenceTables.anova(InferenceTables.anovaTitle(r, true), inf.anovaKenwardRoger());
        if (anovaKr != null) sb.append(anovaKr.markdown()).append('\n');
        sb.append(InferenceTables.intervals(inf).markdown()).append('\n');
        for (String note : inf.notes()) sb.append("ℹ ").append(Markdown.escape(note)).append("\n\n");
    }

    private static void ranef(StringBuilder sb, FitResult r) {
        if (r.ranef().isEmpty()) {
            sb.append("No random effects (an ordinary least-squares fit).\n\n");
            return;
        }
        sb.append(MatrixTables.varcorr(r).markdown()).append('\n');
        MatrixTables.correlations(r).ifPresent(t -> sb.append(t.markdown()).append('\n'));
        for (RandomEffects re : r.ranef()) sb.append(MatrixTables.ranef(re, MAX_ROWS).markdown()).append('\n');
    }

    private static void decomposition(StringBuilder sb, BoundModel b, FitResult r) {
        MatrixTables.Decomposition dec = MatrixTables.Decomposition.of(b, r);
        sb.append(MatrixTables.decomposition(b, r, dec, MAX_ROWS).markdown()).append('\n');
        sb.append("Check: max |Y − (Xβ + Zu + e)| = ").append(Markdown.escape(Num.format(dec.maxError(), 3))).append('\n');
    }

    // ------------------------------------------------------------------ CSV

    public static String csv(StoredFit fit, String what) {
        FitResult r = fit.result();
        BoundModel b = fit.entry().bound();
        DesignMatrices d = b.matrices();
        StringBuilder sb = new StringBuilder();
        switch (what) {
            case "fixef", "summary" -> {
                row(sb, List.of("term", "estimate", "std_error", "t_value"));
                double[] est = r.fixef().estimate(), se = r.fixef().stdError(), t = r.fixef().tValue();
                for (int j = 0; j < est.length; j++) row(sb, List.of(r.fixef().names().get(j), num(est[j]), num(se[j]), num(t[j])));
            }
            case "ranef" -> {
                row(sb, List.of("group", "level", "term", "value"));
                for (RandomEffects re : r.ranef()) {
                    double[][] v = re.values();
                    for (int l = 0; l < re.levels().size(); l++) {
                        for (int j = 0; j < re.terms().size(); j++) row(sb, List.of(re.group(), re.levels().get(l), re.terms().get(j), num(v[l][j])));
                    }
                }
            }
            case "matrices" -> {
                List<String> header = new ArrayList<>(List.of("row", d.response()));
                header.addAll(d.xNames());
                List<RandomTerm> terms = d.randomTermsInLme4Order();
                // Z column by column while that stays a sensible file; beyond, Z as it is stored: per term
                // the level of each row and the term's covariates (the non-zeros of that row's block)
                boolean wide = (long) d.n() * d.q() <= WIDE_Z_CELLS;
                for (RandomTerm t : terms) {
                    if (wide) {
                        for (String level : t.levels()) for (String c : t.columnNames()) header.add("Z " + t.group() + " " + level + " " + c);
                    } else {
                        header.add("Z " + t.group() + " level");
                        for (String c : t.columnNames()) header.add("Z " + t.group() + " " + c);
                    }
                }
                row(sb, header);
                for (int i = 0; i < d.n(); i++) {
                    List<String> cells = new ArrayList<>();
                    cells.add(Integer.toString(b.rows()[i] + 1));
                    cells.add(num(d.y()[i]));
                    for (int j = 0; j < d.p(); j++) cells.add(num(d.x().get(i, j)));
                    for (RandomTerm t : terms) {
                        if (wide) {
                            for (int l = 0; l < t.levelCount(); l++) {
                                for (int j = 0; j < t.k(); j++) cells.add(t.refs()[i] == l ? num(t.z()[j][i]) : "0");
                            }
                        } else {
                            cells.add(t.levels().get(t.refs()[i]));
                            for (int j = 0; j < t.k(); j++) cells.add(num(t.z()[j][i]));
                        }
                    }
                    row(sb, cells);
                }
            }
            default -> { // "residuals", "all": one row per observation
                MatrixTables.Decomposition dec = MatrixTables.Decomposition.of(b, r);
                double[] fitted = r.fitted(), e = r.residuals();
                row(sb, List.of("row", "Y", "fitted", "residual", "Xβ", "Zu"));
                for (int i = 0; i < d.n(); i++) {
                    row(sb, List.of(Integer.toString(b.rows()[i] + 1), num(d.y()[i]), num(fitted[i]), num(e[i]), num(dec.xb()[i]), num(dec.zu()[i])));
                }
            }
        }
        return sb.toString();
    }

    static String num(double x) { return Num.format(x, 15); }

    private static void row(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(csvField(cells.get(i)));
        }
        sb.append('\n');
    }

    static String csvField(String s) {
        boolean quote = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || !s.equals(s.strip());
        return quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
