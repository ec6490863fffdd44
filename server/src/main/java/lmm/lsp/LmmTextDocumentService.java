package lmm.lsp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import lmm.analysis.DocumentSnapshot;
import lmm.analysis.LmmCodeActions;
import lmm.analysis.LmmCodeLens;
import lmm.analysis.LmmCompletion;
import lmm.analysis.LmmDefinition;
import lmm.analysis.LmmFormatting;
import lmm.analysis.LmmHover;
import lmm.analysis.LmmInlayHints;
import lmm.analysis.LmmSemanticTokens;
import lmm.analysis.LmmSymbols;
import lmm.analysis.Ranges;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.SemanticTokens;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.TextDocumentService;

/** Document sync and the per-document requests; each request is answered by one feature class. */
final class LmmTextDocumentService implements TextDocumentService {
    private final Session session;

    LmmTextDocumentService(Session session) {
        this.session = session;
    }

    // ------------------------------------------------------------------ sync

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        session.safe("didOpen", () -> {
            TextDocumentItem item = params.getTextDocument();
            boolean csv = Session.isCsv(item.getUri(), item.getLanguageId());
            OpenDocument d = new OpenDocument(item.getUri(), Session.pathOf(item.getUri()), csv, item.getText(), item.getVersion());
            OpenDocument old = session.documents.put(item.getUri(), d);
            if (old != null && old.pending != null) old.pending.cancel(false);
            if (!csv) session.schedule(d, 0);
        });
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        session.safe("didChange", () -> {
            OpenDocument d = session.documents.get(params.getTextDocument().getUri());
            if (d == null) return;
            Integer v = params.getTextDocument().getVersion();
            d.apply(v == null ? d.version() + 1 : v, params.getContentChanges());
            if (d.csv) {
                if (d.file != null) {
                    d.edited = true;
                    session.csvTexts.put(d.file, d.text());
                    session.dataChanged(Session.DEBOUNCE_MS);
                }
            } else {
                session.schedule(d, Session.DEBOUNCE_MS);
            }
        });
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        session.safe("didClose", () -> {
            String uri = params.getTextDocument().getUri();
            OpenDocument d = session.documents.remove(uri);
            if (d == null) return;
            synchronized (d) {
                if (d.pending != null) d.pending.cancel(false);
            }
            if (d.csv) {
                if (d.file != null && session.csvTexts.remove(d.file) != null) {
                    session.cache.forgetText(d.file);
                    session.dataChanged(0);
                }
            } else {
                // its fits go with the OpenDocument; tables no open document uses are released
                session.releaseUnusedData();
                if (session.client != null) session.client.publishDiagnostics(new PublishDiagnosticsParams(uri, List.of()));
            }
        });
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        session.safe("didSave", () -> {
            OpenDocument d = session.documents.get(params.getTextDocument().getUri());
            // a saved CSV is read from its file again (the watcher, if any, says so too)
            if (d != null && d.csv && d.file != null && session.csvTexts.remove(d.file) != null) {
                session.cache.forgetText(d.file);
                session.cache.invalidate(d.file);
                session.dataChanged(0);
            }
        });
    }

    // ------------------------------------------------------------------ requests

    /**
     * Answers a request on the request executor from the document's snapshot once its analysis is
     * done (waiting holds no thread, so a slow document delays only its own requests); never fails.
     */
    private <T> CompletableFuture<T> answer(String what, String uri, T neutral, Function<DocumentSnapshot, T> feature) {
        return answer(what, uri, neutral, false, feature);
    }

    /**
     * @param whileDataIsRead answer from the analysis before a data change while the data are read
     *                        again (hover, completion: they must stay quick); lenses, hints and the
     *                        rest wait, so that they never show a fit as current against new data
     */
    private <T> CompletableFuture<T> answer(String what, String uri, T neutral, boolean whileDataIsRead, Function<DocumentSnapshot, T> feature) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        OpenDocument d = session.documents.get(uri);
        if (d == null || d.csv) {
            answer.complete(neutral);
            return answer;
        }
        (whileDataIsRead ? session.requestSnapshot(d) : session.snapshotAsync(d)).whenCompleteAsync((s, failure) -> {
            if (answer.isDone()) return; // cancelled by the client
            if (failure != null) {
                session.log(org.eclipse.lsp4j.MessageType.Error, what + " failed: " + failure);
                answer.complete(neutral);
                return;
            }
            answer.complete(session.safe(what, () -> feature.apply(s), neutral));
        }, session.requests);
        return answer;
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        return answer("completion", params.getTextDocument().getUri(), Either.forRight(new CompletionList(List.of())), true,
                s -> Either.forRight(LmmCompletion.complete(s, Ranges.offset(s.text(), s.lines(), params.getPosition()), session.formats)));
    }

    @Override
    public CompletableFuture<Hover> hover(org.eclipse.lsp4j.HoverParams params) {
        return answer("hover", params.getTextDocument().getUri(), null, true,
                s -> LmmHover.hover(s, Ranges.offset(s.text(), s.lines(), params.getPosition()), session.settings.maxRows,
                        session.formats.withCommandLinks(session.settings.commandLinks)));
    }

    @Override
    public CompletableFuture<List<? extends CodeLens>> codeLens(CodeLensParams params) {
        return answer("codeLens", params.getTextDocument().getUri(), List.of(), LmmCodeLens::lenses);
    }

    @Override
    public CompletableFuture<List<InlayHint>> inlayHint(InlayHintParams params) {
        return answer("inlayHint", params.getTextDocument().getUri(), List.of(),
                s -> LmmInlayHints.hints(s, params.getRange() == null ? null : Ranges.textRange(s.lines(), params.getRange())));
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(DocumentSymbolParams params) {
        return answer("documentSymbol", params.getTextDocument().getUri(), List.of(),
                s -> LmmSymbols.symbols(s).stream().map(x -> Either.<SymbolInformation, DocumentSymbol>forRight(x)).toList());
    }

    @Override
    public CompletableFuture<SemanticTokens> semanticTokensFull(SemanticTokensParams params) {
        return answer("semanticTokens", params.getTextDocument().getUri(), new SemanticTokens(List.of()), LmmSemanticTokens::full);
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(DefinitionParams params) {
        return answer("definition", params.getTextDocument().getUri(), Either.forLeft(List.of()), s -> {
            int offset = Ranges.offset(s.text(), s.lines(), params.getPosition());
            return Either.forLeft(LmmDefinition.definition(s, offset, session.csvTexts::get));
        });
    }

    @Override
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
        return answer("codeAction", params.getTextDocument().getUri(), List.of(),
                s -> LmmCodeActions.quickFixes(s, Ranges.textRange(s.lines(), params.getRange())).stream()
                        .map(a -> Either.<Command, CodeAction>forRight(a)).toList());
    }

    @Override
    public CompletableFuture<List<? extends TextEdit>> formatting(DocumentFormattingParams params) {
        return answer("formatting", params.getTextDocument().getUri(), List.of(), LmmFormatting::edits);
    }
}
