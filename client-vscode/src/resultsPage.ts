// HTML shell of the results view (the page script draws the rest). No `vscode` import: unit-tested under plain Node.
import { escapeHtml } from './webview';

/**
 * @param scriptUri the webview URI of dist/results-view.js
 * @param cspSource the webview's cspSource (where its own resources may come from)
 * @param nonce a fresh random nonce: only the one script tag carrying it may run
 */
export function resultsHtml(title: string, scriptUri: string, cspSource: string, nonce: string): string {
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource} 'unsafe-inline'; img-src data:; connect-src ${cspSource};`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp.replace(/"/g, '')}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em 2em; }
  h1 { font-size: 1.3em; font-weight: 600; margin-bottom: 0.2em; }
  h2 { font-size: 1.05em; font-weight: 600; margin: 0; }
  h3 { font-size: 0.95em; font-weight: 600; margin: 0.8em 0 0.3em; }
  code.formula { font-family: var(--vscode-editor-font-family); }
  .meta, .stats, .note { opacity: 0.85; margin: 0.3em 0; }
  .stale { background: var(--vscode-inputValidation-warningBackground, #6b5900); border: 1px solid var(--vscode-inputValidation-warningBorder, #b89500); padding: 0.4em 0.6em; margin: 0.5em 0; }
  .hidden { display: none; }
  .error, .warning { color: var(--vscode-errorForeground); }
  nav { display: flex; gap: 1em; margin: 0.6em 0 0.4em; flex-wrap: wrap; }
  nav a { color: var(--vscode-textLink-foreground); cursor: pointer; }
  section.block, section.group { margin: 1.2em 0; }
  .block-head { display: flex; gap: 0.6em; align-items: center; margin-bottom: 0.3em; }
  button { font: inherit; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: none; padding: 1px 8px; cursor: pointer; }
  .vtable { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size, 13px); border: 1px solid var(--vscode-panel-border, #8884); max-width: 100%; }
  .vheadbox { overflow: hidden; border-bottom: 1px solid var(--vscode-panel-border, #8884); font-weight: 600; }
  .vscroll { overflow: auto; position: relative; }
  .vspacer { position: relative; }
  .vbody { position: absolute; top: 0; left: 0; will-change: transform; }
  .vrow { display: flex; height: 20px; line-height: 20px; white-space: nowrap; }
  .vcell { display: inline-block; text-align: right; padding: 0 0.5ch; box-sizing: border-box; overflow: hidden; text-overflow: ellipsis; flex: none; }
  .vcell.left { text-align: left; }
  .vcell.first { border-left: 1px solid var(--vscode-panel-border, #8886); }
  .zpicture canvas { border: 1px solid var(--vscode-panel-border, #8886); image-rendering: pixelated; max-width: 100%; background: #fff; }
  .legend { display: flex; gap: 1.2em; flex-wrap: wrap; margin: 0.3em 0; }
  .swatch { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: middle; }
  .zinfo { font-family: var(--vscode-editor-font-family); min-height: 1.4em; }
  pre { font-family: var(--vscode-editor-font-family); margin: 0.3em 0; }
</style>
</head>
<body>
<div id="root"><p class="note">Loading the results…</p></div>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>`;
}
