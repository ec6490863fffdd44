// What the extension asks of the server in VS Code's Restricted Mode, and which documents it syncs.
// Pure functions (no vscode import), so the unit tests can check them.

/** A document selector entry as vscode-languageclient takes it. */
export interface SelectorEntry { scheme: string; language?: string; pattern?: string }

/**
 * The documents sent to the server: .lmm files (saved or untitled) and CSV files, so that unsaved
 * edits of a data file reach the server (docs/lsp.md: an edited CSV is used instead of the file).
 * CSV files are matched by name as well as by language id, since VS Code itself has no "csv"
 * language (extensions such as Rainbow CSV add one).
 */
export function documentSelector(): SelectorEntry[] {
  return [
    { scheme: 'file', language: 'lmm' },
    { scheme: 'untitled', language: 'lmm' },
    { scheme: 'file', pattern: '**/*.csv' },
    { scheme: 'file', pattern: '**/*.CSV' },
    { scheme: 'file', language: 'csv' },
  ];
}

/**
 * The part of initializationOptions about trust: in an untrusted workspace the server reads data
 * only from files inside the workspace folders (it knows them from `initialize`).
 */
export function trustOptions(isTrusted: boolean): { restrictedMode: boolean } {
  return { restrictedMode: !isTrusted };
}
