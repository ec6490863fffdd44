package lmm.lsp;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.services.WorkspaceService;

/** Settings, watched CSV files and the server's commands. */
final class LmmWorkspaceService implements WorkspaceService {
    private final Session session;
    private final Commands commands;

    LmmWorkspaceService(Session session) {
        this.session = session;
        this.commands = new Commands(session);
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
        session.safe("didChangeConfiguration", () -> {
            session.settings.apply(params.getSettings());
            session.dataChanged(0); // a limit may have changed what can be read or expanded
        });
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
        session.safe("didChangeWatchedFiles", () -> {
            boolean any = false;
            for (FileEvent e : params.getChanges()) {
                Path p = Session.pathOf(e.getUri());
                if (p == null || !Session.isCsv(e.getUri(), null)) continue;
                session.cache.invalidate(p);
                any = true;
            }
            if (any) session.dataChanged(0);
        });
    }

    @Override
    public CompletableFuture<Object> executeCommand(ExecuteCommandParams params) {
        return commands.execute(params);
    }
}
