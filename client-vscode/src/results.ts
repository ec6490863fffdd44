import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';
import { messageHtml, plotsHtml, PlotsResult } from './webview';
import { resultsHtml } from './resultsPage';

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

/** The model whose statement holds the cursor (else the nearest one above it, else the only one); asks when that does not decide. */
async function modelAtCursor(editor: vscode.TextEditor): Promise<string | undefined> {
  // a named model on the cursor's line needs no round trip to the server
  const line = editor.document.lineAt(editor.selection.active.line).text;
  const named = /^\s*model\s+([A-Za-z.][A-Za-z0-9._]*)\s*=/.exec(line);
  if (named) return named[1];
  let symbols: vscode.DocumentSymbol[] | undefined;
  try {
    symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
  } catch {
    symbols = undefined;
  }
  const models = (symbols ?? []).filter(s => s.kind === vscode.SymbolKind.Function);
  if (models.length === 0) return undefined;
  const at = editor.selection.active;
  const inside = models.find(m => m.range.contains(at));
  if (inside) return inside.name;
  const above = models.filter(m => m.range.start.isBeforeOrEqual(at)).pop();
  if (above) return above.name;
  if (models.length === 1) return models[0].name;
  return vscode.window.showQuickPick(models.map(m => m.name), { placeHolder: 'lmm: which model?' });
}

/** The document and model a command is for: its arguments (from a lens), else the active editor and the model under the cursor. */
async function argsOrActive(uri: unknown, model: unknown): Promise<{ uri: string; model: string } | undefined> {
  let u = uriString(uri);
  let m = typeof model === 'string' ? model : undefined;
  if (!u) {
    const ed = vscode.window.activeTextEditor;
    if (ed && ed.document.languageId === 'lmm') {
      u = ed.document.uri.toString();
      if (!m) m = await modelAtCursor(ed);
    }
  }
  if (!u || !m) {
    vscode.window.showErrorMessage('lmm: this command needs a .lmm document with a model: put the cursor in a model statement, or use its code lenses.');
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

/** Saves text through the save dialog next to the document; offers to open it. */
async function saveAs(docUri: string, fileName: string, format: 'csv' | 'json', content: string): Promise<void> {
  const defaultUri = vscode.Uri.joinPath(vscode.Uri.parse(docUri), '..', fileName);
  const target = await vscode.window.showSaveDialog({
    defaultUri,
    filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    saveLabel: 'Export',
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, Buffer.from(content, 'utf8'));
  const open = await vscode.window.showInformationMessage(`lmm: saved ${target.fsPath}`, 'Open');
  if (open) await vscode.window.showTextDocument(target);
}

async function exportFromServer(getClient: GetClient, a: { uri: string; model: string }, what: string, format: 'csv' | 'json'): Promise<void> {
  const r = await execute<ResultsDoc | string>(getClient, 'lmm.results', [a.uri, a.model, what, format]);
  const content = typeof r === 'string' ? r : r && typeof r.content === 'string' ? r.content : undefined;
  if (content === undefined) throw new Error('the server sent no results');
  await saveAs(a.uri, `${a.model}-${what === 'all' ? 'results' : what}.${format}`, format, content);
}

export interface ResultViews {
  /** Re-reads the open views (and plots) of a model after it was fitted again. */
  refresh(uri: string, model: string): void;
}

export function registerResultCommands(context: vscode.ExtensionContext, getClient: GetClient, log?: (msg: string) => void): ResultViews {
  const views = new Map<string, ResultsView>();
  const plots = new Map<string, PlotsPanel>();
  const key = (uri: string, model: string) => `${uri}#${model}`;

  /** Rows sent at first: the first screen and Z's picture at once; the whole data follows. */
  const FIRST_ROWS = 2000;
  const loadView = async (v: ResultsView, focus?: string) => {
    try {
      const asked = Date.now();
      const first = await execute<{ n?: number; rowsSent?: number }>(getClient, 'lmm.results', [v.uri, v.model, 'view', 'json', FIRST_ROWS]);
      if (!first || typeof first !== 'object') throw new Error('the server sent no results');
      log?.(`results view of ${v.model}: the server answered in ${Date.now() - asked} ms (page ${v.ready ? 'ready' : 'still loading'})`);
      await v.postData(first, focus);
      if (typeof first.n === 'number' && typeof first.rowsSent === 'number' && first.rowsSent < first.n) {
        const all = await execute<unknown>(getClient, 'lmm.results', [v.uri, v.model, 'view', 'json']);
        if (all && typeof all === 'object') await v.postData(all, undefined, true);
        log?.(`results view of ${v.model}: all ${first.n} rows after ${Date.now() - asked} ms`);
      }
    } catch (e) {
      v.post({ type: 'error', message: `The results of ${v.model} could not be read: ${errorText(e)}` });
    }
  };

  const loadPlots = async (pp: PlotsPanel) => {
    pp.panel.webview.html = messageHtml(pp.title, 'Computing the plots…');
    try {
      const r = await execute<PlotsResult>(getClient, 'lmm.plots', [pp.uri, pp.model]);
      if (!r || !Array.isArray(r.plots)) throw new Error('the server sent no plots');
      pp.result = r;
      pp.stale = false;
      pp.panel.webview.html = plotsHtml(pp.model, r, false);
    } catch (e) {
      pp.panel.webview.html = messageHtml(pp.title, `The plots could not be made: ${errorText(e)}`, true);
    }
  };

  const markStale = (uri: string | undefined) => {
    for (const v of views.values()) if (!uri || v.uri === uri) v.post({ type: 'stale' });
    for (const pp of plots.values()) {
      if ((!uri || pp.uri === uri) && pp.result && !pp.stale) {
        pp.stale = true;
        pp.panel.webview.html = plotsHtml(pp.model, pp.result, true);
      }
    }
  };

  context.subscriptions.push(
    vscode.workspace.onDidChangeTextDocument(e => {
      if (e.contentChanges.length === 0) return;
      if (e.document.languageId === 'lmm') markStale(e.document.uri.toString());
    }),
    vscode.workspace.onDidSaveTextDocument(d => {
      if (/\.csv$/i.test(d.uri.path)) markStale(undefined); // the data of some model changed
    }),

    vscode.commands.registerCommand('lmm.showResults', async (uri?: unknown, model?: unknown, what?: unknown) => {
      const a = await argsOrActive(uri, model);
      if (!a) return;
      const focus = typeof what === 'string' ? what : 'summary';
      const k = key(a.uri, a.model);
      let v = views.get(k);
      if (v) {
        v.panel.reveal(v.panel.viewColumn ?? vscode.ViewColumn.Beside, false);
      } else {
        // beside the model, in the column of the other results views when there are some
        const column = [...views.values()].map(x => x.panel.viewColumn).find(c => c !== undefined) ?? vscode.ViewColumn.Beside;
        v = new ResultsView(context, a.uri, a.model, column);
        views.set(k, v);
        const created = v;
        v.panel.onDidDispose(() => views.delete(k));
        v.onMessage(async m => {
          // 'ready': the queued data (asked for while the page loaded) is posted by ResultsView
          if (m.type === 'refresh') await loadView(created);
          else if (m.type === 'copy' && typeof m.text === 'string') {
            await vscode.env.clipboard.writeText(m.text);
            vscode.window.setStatusBarMessage('lmm: table copied', 3000);
          } else if (m.type === 'export' && typeof m.what === 'string') {
            await exportFromServer(getClient, a, m.what, 'csv').catch(e => failure(`exporting ${m.what} of model ${a.model}`, e));
          } else if (m.type === 'saveCsv' && typeof m.text === 'string') {
            await saveAs(a.uri, `${a.model}-${String(m.name ?? 'table').replace(/[^\w.-]+/g, '_')}.csv`, 'csv', m.text);
          }
        });
      }
      // asked for at once: the server answers while the page loads; the data waits in the view's queue
      await loadView(v, focus);
    }),

    // the ▶ Fit lens from the palette: the server's lmm.fit for the model under the cursor
    vscode.commands.registerCommand('lmm.fitModel', async (uri?: unknown, model?: unknown) => {
      const a = await argsOrActive(uri, model);
      if (!a) return;
      try {
        await vscode.commands.executeCommand('lmm.fit', a.uri, a.model);
      } catch (e) {
        failure(`fitting model ${a.model}`, e);
      }
    }),

    vscode.commands.registerCommand('lmm.exportResults', async (uri?: unknown, model?: unknown) => {
      const a = await argsOrActive(uri, model);
      if (!a) return;
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'CSV', description: 'Y, fitted, residuals, Xβ and Zu per row', format: 'csv' as const },
          { label: 'JSON', description: 'all results of the fit as one JSON document', format: 'json' as const },
        ],
        { placeHolder: `Export the results of model ${a.model} as` },
      );
      if (!pick) return;
      try {
        await exportFromServer(getClient, a, 'all', pick.format);
      } catch (e) {
        failure(`exporting the results of model ${a.model}`, e);
      }
    }),

    vscode.commands.registerCommand('lmm.showPlots', async (uri?: unknown, model?: unknown) => {
      const a = await argsOrActive(uri, model);
      if (!a) return;
      const k = key(a.uri, a.model);
      let pp = plots.get(k);
      if (pp) {
        pp.panel.reveal(vscode.ViewColumn.Beside, false);
      } else {
        const title = `lmm plots: ${a.model}`;
        const panel = vscode.window.createWebviewPanel('lmmPlots', title, vscode.ViewColumn.Beside, {
          enableScripts: false,
          enableCommandUris: false,
          localResourceRoots: [],
        });
        pp = { panel, uri: a.uri, model: a.model, title, stale: false };
        plots.set(k, pp);
        panel.onDidDispose(() => plots.delete(k));
      }
      await loadPlots(pp);
    }),
  );

  return {
    refresh(uri: string, model: string) {
      const v = views.get(key(uri, model));
      if (v && v.ready) void loadView(v);
      const pp = plots.get(key(uri, model));
      if (pp) void loadPlots(pp);
    },
  };
}

interface PlotsPanel {
  panel: vscode.WebviewPanel;
  uri: string;
  model: string;
  title: string;
  result?: PlotsResult;
  stale: boolean;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : typeof e === 'object' && e && 'message' in e ? String((e as { message: unknown }).message) : String(e);
}

/**
 * One webview panel per model, titled by the model; its page script (dist/results-view.js) draws the
 * data. The data (megabytes for 100 000 rows) goes to the page as a file the page fetches from its
 * own resource folder: a message of that size through the webview channel takes a second in
 * code-server, the fetch a few milliseconds.
 */
class ResultsView {
  readonly panel: vscode.WebviewPanel;
  ready = false;
  private readonly queue: unknown[] = [];
  private readonly dataDir: vscode.Uri;
  private dataFile?: vscode.Uri;
  private serial = 0;

  constructor(context: vscode.ExtensionContext, readonly uri: string, readonly model: string, column: vscode.ViewColumn) {
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    this.dataDir = vscode.Uri.joinPath(context.globalStorageUri, 'views', nonce());
    this.panel = vscode.window.createWebviewPanel('lmmResults', `lmm: ${model}`, column, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [dist, this.dataDir],
      retainContextWhenHidden: true,
    });
    const script = this.panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'results-view.js')).toString();
    this.panel.webview.html = resultsHtml(`lmm: ${model}`, script, this.panel.webview.cspSource, nonce());
    this.panel.onDidDispose(() => {
      void vscode.workspace.fs.delete(this.dataDir, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    });
  }

  /** Writes the data where only this page can read it and tells the page to fetch it. */
  async postData(data: unknown, focus?: string, keepScroll = false): Promise<void> {
    const file = vscode.Uri.joinPath(this.dataDir, `data-${++this.serial}.json`);
    await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify(data), 'utf8'));
    const old = this.dataFile;
    this.dataFile = file;
    if (old) void vscode.workspace.fs.delete(old, { useTrash: false }).then(undefined, () => undefined);
    this.post({ type: 'dataUrl', url: this.panel.webview.asWebviewUri(file).toString(), focus, keepScroll, sentAt: Date.now() });
  }

  onMessage(handler: (m: { type: string; [k: string]: unknown }) => void | Promise<void>): void {
    this.panel.webview.onDidReceiveMessage(async (m: { type: string; [k: string]: unknown }) => {
      if (m && m.type === 'ready') {
        this.ready = true;
        for (const q of this.queue.splice(0)) void this.panel.webview.postMessage(q);
      }
      try {
        await handler(m);
      } catch (e) {
        failure(`the results view of ${this.model}`, e);
      }
    });
  }

  post(message: unknown): void {
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.queue.push(message);
  }
}

function nonce(): string {
  return randomBytes(18).toString('hex');
}
