package lmm.lsp;

/** Placeholder: the language server arrives with issue 3. */
public final class LmmLanguageServer {
    private LmmLanguageServer() {}

    public static void launchOnStdio() {
        System.err.println("lmm: the language server is not built yet");
        System.exit(2);
    }
}
