package lmm.lsp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import lmm.analysis.ComparisonRun;
import lmm.analysis.ComparisonTables;
import lmm.analysis.DocumentSnapshot;
import lmm.analysis.LmmComparisons;
import lmm.analysis.LmmPlots;
import lmm.analysis.LmmResults;
import lmm.analysis.ModelFits;
import lmm.analysis.StoredFit;
import lmm.fit.FitCancelled;
import lmm.fit.FitOptions;
import lmm.fit.FitResult;
import lmm.fit.compare.MaximumLikelihoodFits;
import lmm.model.BoundComparison;
import lmm.model.ModelEntry;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.eclipse.lsp4j.jsonrpc.CompletableFutures;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * workspace/executeCommand: {@code lmm.fit [uri, model]}, {@code lmm.results [uri, model, what, format]},
 * {@code lmm.plots [uri, model]}, {@code lmm.compare [uri, [models]]}. Fits run on their own executor, report progress and stop on
 * $/cancelRequest or window/workDoneProgress/cancel.
 */
final class Commands {
    static final String FIT = "lmm.fit";
    static final String RESULTS = "lmm.results";
    static final String PLOTS = "lmm.plots";
    static final String COMPARE = lmm.analysis.LmmComparisons.COMPARE;

    private final Session session;

    Commands(Session session) {
        this.session = session;
    }

    CompletableFuture<Object> execute(ExecuteCommandParams params) {
        String command = params.getCommand() == null ? "" : params.getCommand();
        List<Object> args = params.getArguments() == null ? List.of() : params.getArguments();
        // the request's own future, so that a cancelled progress answers the request at once (as
        // $/cancelRequest does through LSP4J) while the fit stops at its next evaluation
        java.util.concurrent.atomic.AtomicReference<CompletableFuture<Object>> request = new java.util.concurrent.atomic.AtomicReference<>();
        Work work = new Work(params.getWorkDoneToken(), () -> {
            CompletableFuture<Object> f = request.get();
            if (f != null) f.cancel(true);
        });
        CompletableFuture<Object> answer = CompletableFutures.computeAsync(session.fitting, (CancelChecker cancel) -> {
            try {
                return switch (command) {
                    case FIT -> fitCommand(args, cancel, work);
                    case RESULTS -> results(args, cancel, work);
                    case PLOTS -> plots(args, cancel, work);
                    case COMPARE -> compare(args, cancel, work);
                    default -> throw invalid("unknown command '" + command + "'");
                };
            } catch (ResponseErrorException | CancellationException e) {
                throw e;
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                session.log(MessageType.Error, command + " failed: " + e);
                e.printStackTrace();
                throw new ResponseErrorException(new ResponseError(ResponseErrorCode.InternalError,
                        command + " failed: " + e.getMessage(), null));
            }
        });
        request.set(answer);
        return answer;
    }

    /**
     * The progress side of one command: the client's workDoneToken (or null: the server creates a
     * progress when the client supports it) and how to end the request when the progress is cancelled.
     */
    record Work(Either<String, Integer> token, Runnable cancelRequest) {
        static final Work NONE = new Work(null, () -> { });
    }

    // ------------------------------------------------------------------ lmm.fit

    private Object fitCommand(List<Object> args, CancelChecker cancel, Work token) {
        String uri = arg(args, 0, "uri"), model = arg(args, 1, "model");
        DocumentSnapshot s = snapshot(uri);
        ModelEntry entry = s.model(model).orElseThrow(() -> invalid("no model named '" + model + "' in " + uri));
        StoredFit f = fit(s, entry, cancel, token);
        return summary(f);
    }

    /** Fits one model of a snapshot, stores the result for that snapshot's text and data, republishes. */
    StoredFit fit(DocumentSnapshot s, ModelEntry entry, CancelChecker cancel, Work token) {
        return fit(s, entry, entry.name(), cancel, token);
    }

    /**
     * Fits {@code entry} (whose method may differ from the document's: an ML refit for a comparison)
     * and stores it under {@code key}.
     */
    private StoredFit fit(DocumentSnapshot s, ModelEntry entry, String key, CancelChecker cancel, Work work) {
        if (!entry.fittable()) {
            throw invalid("model '" + entry.name() + "' cannot be fitted: the document has errors for it");
        }
        // the opening of the document this fit is for: the result is kept with it, and dropped with it
        OpenDocument opened = session.documents.get(s.uri());
        Progress progress = Progress.begin(session, work.token(), "Fitting " + entry.name(),
                entry.method() + ", " + entry.bound().matrices().n() + " rows", work.cancelRequest());
        String objectiveName = entry.method() == lmm.model.Method.REML ? "REML criterion " : "deviance ";
        FitOptions options = FitOptions.defaults()
                .withCancelled(() -> cancel.isCanceled() || progress.cancelled() || Thread.currentThread().isInterrupted())
                .withProgress((evaluations, objective) -> progress.report(
                        "evaluation " + evaluations + ", " + objectiveName + objective(objective)));
        ModelFits.Outcome outcome;
        try {
            outcome = ModelFits.fit(entry, options);
        } catch (FitCancelled c) {
            progress.end("cancelled");
            throw new CancellationException("fit of " + entry.name() + " cancelled");
        } catch (RuntimeException e) {
            progress.end("failed");
            throw e;
        }
        progress.end(outcome.ok() ? "done" : "failed");
        StoredFit stored = new StoredFit(entry.name(), s.text(), s.version(), StoredFit.dataVersionOf(entry), entry,
                outcome.result(), outcome.diagnostics());
        session.putFit(opened, key, stored);
        OpenDocument d = session.documents.get(s.uri());
        if (d != null && d == opened) session.schedule(d, 0);
        session.analysis.schedule(session::refreshViews, 1, java.util.concurrent.TimeUnit.MILLISECONDS);
        return stored;
    }

    /**
     * An objective for a progress message: at least 6 significant digits and 2 decimals, so successive
     * evaluations of a deviance in the millions still differ ("2667659.04", "-89.4292").
     */
    static String objective(double v) {
        int integerDigits = Double.isFinite(v) && Math.abs(v) >= 1 ? (int) Math.floor(Math.log10(Math.abs(v))) + 1 : 0;
        return lmm.analysis.Num.format(v, Math.max(6, Math.min(15, integerDigits + 2)));
    }

    /** The answer of lmm.fit: the short form of the fit JSON (ResultJson: one encoder, one rule for NaN). */
    private static JsonObject summary(StoredFit f) {
        return lmm.analysis.ResultJson.summary(f.model(), f.documentVersion(), f.result(), f.diagnostics());
    }

    // ------------------------------------------------------------------ lmm.compare

    /** Fits what a compare line needs and is not stored yet (ML refits of REML fits), returns its table. */
    private Object compare(List<Object> args, CancelChecker cancel, Work token) {
        String uri = arg(args, 0, "uri");
        List<String> names = new java.util.ArrayList<>();
        Object list = args.size() > 1 ? args.get(1) : null;
        if (list instanceof List<?> l) l.forEach(o -> names.add(string(o)));
        else if (list instanceof JsonArray a) a.forEach(e -> names.add(string(e)));
        else throw invalid("argument 2 (models) must be a list of model names");
        DocumentSnapshot s = snapshot(uri);
        BoundComparison c = LmmComparisons.named(s, names);
        if (c == null) throw invalid("no line 'compare " + String.join(", ", names) + "' in " + uri);
        if (!c.ready()) throw invalid("this comparison cannot be run: the document has errors for it");
        MaximumLikelihoodFits fits = LmmComparisons.storedFits(s, c, new MaximumLikelihoodFits(FitOptions.defaults()));
        for (ModelEntry m : LmmComparisons.missingFits(s, c)) {
            ModelEntry ml = MaximumLikelihoodFits.needsRefit(m)
                    ? new ModelEntry(m.statement(), m.name(), lmm.model.Method.ML, m.dataPath(), m.data(), m.factors(), m.bound(), m.level()) : m;
            StoredFit f = fit(s, ml, LmmComparisons.fitKey(m), cancel, token);
            if (f.result() == null) throw invalid("model '" + m.name() + "' could not be fitted: "
                    + (f.diagnostics().isEmpty() ? "the fit failed" : f.diagnostics().get(0).message()));
            fits.offer(m, f.result());
        }
        ComparisonRun run = ComparisonRun.of(c, fits);
        if (run.result() == null) throw invalid(run.message());
        JsonObject o = ComparisonTables.json(run.result());
        o.addProperty("markdown", ComparisonTables.markdown(run.result()));
        return o;
    }

    // ------------------------------------------------------------------ lmm.results / lmm.plots

    /** The current fit of a model, fitting it first when there is none. */
    private StoredFit currentFit(String uri, String model, CancelChecker cancel, Work work) {
        DocumentSnapshot s = snapshot(uri);
        ModelEntry entry = s.model(model).orElseThrow(() -> invalid("no model named '" + model + "' in " + uri));
        StoredFit f = s.currentFit(model);
        if (f == null) f = fit(s, entry, cancel, work);
        if (f.result() == null) throw invalid("model '" + model + "' could not be fitted: "
                + (f.diagnostics().isEmpty() ? "the fit failed" : f.diagnostics().get(0).message()));
        return f;
    }

    private Object results(List<Object> args, CancelChecker cancel, Work work) {
        String uri = arg(args, 0, "uri"), model = arg(args, 1, "model");
        String what = args.size() > 2 ? optional(args.get(2), "summary") : "summary";
        if (what.equals("view")) {
            // the data of a results view: no fit is started; a stale or missing fit is said so
            DocumentSnapshot s = snapshot(uri);
            ModelEntry entry = s.model(model).orElseThrow(() -> invalid("no model named '" + model + "' in " + uri));
            StoredFit f = s.fit(model);
            int rowLimit = Integer.MAX_VALUE;
            if (args.size() > 4 && args.get(4) != null) {
                try {
                    Object a = args.get(4);
                    double limit = a instanceof JsonPrimitive p && p.isNumber() ? p.getAsDouble()
                            : a instanceof Number x ? x.doubleValue() : Double.parseDouble(string(a));
                    rowLimit = (int) Math.max(0, Math.min(Integer.MAX_VALUE, limit));
                } catch (RuntimeException e) {
                    throw invalid("argument 5 (rows) must be a number");
                }
            }
            if (f != null && s.isCurrent(f)) inference(f, cancel, work);
            return lmm.analysis.LmmResultsView.json(uri, entry, f, f != null && s.isCurrent(f), rowLimit);
        }
        String format = args.size() > 3 ? optional(args.get(3), "markdown") : "markdown";
        if (!LmmResults.WHAT.contains(what)) throw invalid("unknown results '" + what + "': use one of " + LmmResults.WHAT);
        if (!LmmResults.FORMATS.contains(format)) throw invalid("unknown format '" + format + "': use one of " + LmmResults.FORMATS);
        StoredFit f = currentFit(uri, model, cancel, work);
        if (LmmResults.showsInference(what, format)) inference(f, cancel, work);
        LmmResults.Document doc = LmmResults.render(f, what, format);
        JsonObject o = new JsonObject();
        o.addProperty("title", doc.title());
        o.addProperty("language", doc.language());
        o.addProperty("content", doc.content());
        return o;
    }

    /**
     * Computes the inference of a fit before a result that shows it is rendered (Inferences keeps it
     * with the fit): with its own progress, and stopped between its points by $/cancelRequest or a
     * cancel of that progress, like a fit.
     */
    private void inference(StoredFit f, CancelChecker cancel, Work work) {
        if (f == null || f.result() == null || lmm.analysis.Inferences.known(f.result())) return;
        Progress progress = Progress.begin(session, work.token(), "Inference for " + f.model(),
                "degrees of freedom, p values and intervals", work.cancelRequest());
        try {
            lmm.analysis.Inferences.of(f.entry(), f.result(),
                    () -> cancel.isCanceled() || progress.cancelled() || Thread.currentThread().isInterrupted());
        } catch (FitCancelled c) {
            progress.end("cancelled");
            throw new CancellationException("inference of " + f.model() + " cancelled");
        } catch (RuntimeException e) {
            progress.end("failed");
            throw e;
        }
        progress.end("done");
    }

    private Object plots(List<Object> args, CancelChecker cancel, Work work) {
        String uri = arg(args, 0, "uri"), model = arg(args, 1, "model");
        StoredFit f = currentFit(uri, model, cancel, work);
        JsonObject o = new JsonObject();
        o.addProperty("title", "Plots of model " + model);
        JsonArray plots = new JsonArray();
        for (LmmPlots.Plot p : LmmPlots.render(f)) {
            JsonObject j = new JsonObject();
            j.addProperty("name", p.name());
            j.addProperty("title", p.title());
            j.addProperty("svg", p.svg());
            plots.add(j);
        }
        o.add("plots", plots);
        return o;
    }

    // ------------------------------------------------------------------ helpers

    private DocumentSnapshot snapshot(String uri) {
        DocumentSnapshot s = session.snapshot(uri);
        if (s == null) throw invalid("no such document: " + uri);
        return s;
    }

    private static String arg(List<Object> args, int i, String name) {
        if (args.size() <= i || args.get(i) == null) throw invalid("missing argument " + (i + 1) + " (" + name + ")");
        String s = string(args.get(i));
        if (s == null) throw invalid("argument " + (i + 1) + " (" + name + ") must be a string");
        return s;
    }

    private static String optional(Object o, String fallback) {
        String s = o == null ? null : string(o);
        return s == null || s.isEmpty() ? fallback : s;
    }

    private static String string(Object o) {
        if (o instanceof String s) return s;
        if (o instanceof JsonPrimitive p && p.isString()) return p.getAsString();
        if (o instanceof JsonElement) return null;
        return o == null ? null : o.toString();
    }

    private static ResponseErrorException invalid(String message) {
        return new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams, message, null));
    }
}
