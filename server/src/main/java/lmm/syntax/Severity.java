package lmm.syntax;

/** How serious a diagnostic is; mirrors the editor's four levels. */
public enum Severity { ERROR, WARNING, INFORMATION, HINT }
