import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';
import { messageHtml, plotsHtml, PlotsResult } from './webview';

export type ResultKind = 'fixef' | 'ranef' | 'residuals' | 'matrices' | 'summary';

interface ResultsDoc {
  title: string;
  language: string;
  content: string;
}

type GetClient = () => Promise<LanguageClient | undefined>;

function uriString(u: unknown): string | undefined {
  if (typeof u === 'string') return u;
  if (u instanceof vscode.Uri) return u.toString();
  if (u && typeof u === 'object' && 'toString' in u) return String(u);
  return undefined;
}

async function argsOrActive(uri: unknown, model: unknown): Promise<{ uri: string; model: string } | undefined> {
  let u = uriString(uri);
  if (!u) {
    const ed = vscode.window.activeTextEditor;
    if (ed && ed.document.languageId === 'lmm') u = ed.document.uri.toString();
  }
  let m = typeof model === 'string' ? model : undefined;
  if (u && !m) {
    m = await vscode.window.showInputBox({ prompt: 'lmm: name of the model', placeHolder: 'model name' });
  }
  if (!u || !m) {
    vscode.window.showErrorMessage('lmm: this command needs a .lmm document and a model name; use the code lenses above a model.');
    return undefined;
  }
  return { uri: u, model: m };
}

async function execute<T>(getClient: GetClient, command: string, args: unknown[]): Promise<T> {
  const client = await getClient();
  if (!client) throw new Error('the lmm language server is not running (see the "lmm Language Server" output)');
  return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })) as T;
}

function failure(what: string, e: unknown): void {
  const msg = e instanceof Error ? e.message : typeof e === 'object' && e && 'message' in e ? String((e as { message: unknown }).message) : String(e);
  vscode.window.showErrorMessage(`lmm: ${what} failed: ${msg}`);
}

export function registerResultCommands(context: vscode.ExtensionContext, getClient: GetClient): void {
  const panels = new Map<string, vscode.WebviewPanel>();

  context.subscriptions.push(
    vscode.commands.registerCommand('lmm.showResults', async (uri?: unknown, model?: unknown, what?: unknown) => {
      const a = await argsOrActive(uri, model);
      if (!a) return;
      const kind = typeof what === 'string' ? what : 'summary';
      try {
        const r = await execute<ResultsDoc>(getClient, 'lmm.results', [a.uri, a.model, kind, 'markdown']);
        if (!r || typeof r.content !== 'string') throw new Error('the server sent no results');
        const language = r.language || 'markdown';
        const doc = await vscode.workspace.openTextDocument({ language, content: r.content });
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
        if (language === 'markdown') {
          try {
            await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
          } catch {
            /* the markdown document itself is shown */
          }
        }
      } catch (e) {
        failure(`showing the ${kind} of model ${a.model}`, e);
      }
    }),

    vscode.commands.registerCommand('lmm.exportResults', async (uri?: unknown, model?: unknown) => {
      const a = await argsOrActive(uri, model);
      if (!a) return;
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'CSV', description: 'comma-separated tables', format: 'csv' as const },
          { label: 'JSON', description: 'all results of the fit as one JSON document', format: 'json' as const },
        ],
        { placeHolder: `Export the results of model ${a.model} as` },
      );
      if (!pick) return;
      try {
        const r = await execute<ResultsDoc | string>(getClient, 'lmm.results', [a.uri, a.model, 'all', pick.format]);
        const content = typeof r === 'string' ? r : r && typeof r.content === 'string' ? r.content : undefined;
        if (content === undefined) throw new Error('the server sent no results');
        const docUri = vscode.Uri.parse(a.uri);
        const defaultUri = vscode.Uri.joinPath(docUri, '..', `${a.model}-results.${pick.format}`);
        const target = await vscode.window.showSaveDialog({
          defaultUri,
          filters: pick.format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
          saveLabel: 'Export',
        });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, Buffer.from(content, 'utf8'));
        const open = await vscode.window.showInformationMessage(`lmm: results of ${a.model} saved to ${target.fsPath}`, 'Open');
        if (open) await vscode.window.showTextDocument(target);
      } catch (e) {
        failure(`exporting the results of model ${a.model}`, e);
      }
    }),

    vscode.commands.registerCommand('lmm.showPlots', async (uri?: unknown, model?: unknown) => {
      const a = await argsOrActive(uri, model);
      if (!a) return;
      const key = `${a.uri}#${a.model}`;
      const title = `lmm results: ${a.model}`;
      let panel = panels.get(key);
      if (panel) {
        panel.reveal(vscode.ViewColumn.Beside, false);
      } else {
        panel = vscode.window.createWebviewPanel('lmmPlots', title, vscode.ViewColumn.Beside, {
          enableScripts: false,
          enableCommandUris: false,
          localResourceRoots: [],
        });
        panels.set(key, panel);
        panel.onDidDispose(() => panels.delete(key));
      }
      panel.webview.html = messageHtml(title, 'Computing the plots…');
      try {
        const r = await execute<PlotsResult>(getClient, 'lmm.plots', [a.uri, a.model]);
        if (!r || !Array.isArray(r.plots)) throw new Error('the server sent no plots');
        panel.webview.html = plotsHtml(a.model, r);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e);
        panel.webview.html = messageHtml(title, `The plots could not be made: ${msg}`, true);
      }
    }),
  );
}
