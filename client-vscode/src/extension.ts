import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  RevealOutputChannelOn,
} from 'vscode-languageclient/node';
import * as path from 'path';
import { findJava, findServerJar, describeAttempts, nodeHost, ensureRuntimeExecutable, summarizeAttempts } from './java';
import { registerResultCommands, ResultViews } from './results';
import { documentSelector, trustOptions } from './trust';

let client: LanguageClient | undefined;
let starting: Promise<LanguageClient | undefined> | undefined;
let output: vscode.OutputChannel;
let traceOutput: vscode.OutputChannel;
let extensionPath: string;
let views: ResultViews | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel('lmm Language Server');
  traceOutput = vscode.window.createOutputChannel('lmm Language Server Trace');
  context.subscriptions.push(output, traceOutput);

  context.subscriptions.push(
    vscode.commands.registerCommand('lmm.restartServer', () => restart()),
    vscode.commands.registerCommand('lmm.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(async e => {
      if (e.affectsConfiguration('lmm.java.home') || e.affectsConfiguration('lmm.server.jar')) {
        const pick = await vscode.window.showInformationMessage(
          'lmm: the Java or server jar setting changed. Restart the lmm language server to use it?',
          'Restart',
        );
        if (pick === 'Restart') await restart();
      }
    }),
  );
  views = registerResultCommands(context, getClient, log);
  // Restricted Mode: the server was started reading data only inside the workspace; once trusted, restart it without that limit
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => restart()));

  starting = startClient();
  await starting;
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

/** The running client, waiting for a start in progress; undefined when the server could not start. */
export async function getClient(): Promise<LanguageClient | undefined> {
  if (starting) await starting;
  return client;
}

async function restart(): Promise<void> {
  output.appendLine(`[${new Date().toISOString()}] Restarting the lmm language server`);
  if (starting) await starting.catch(() => undefined);
  await stopClient();
  starting = startClient();
  const c = await starting;
  if (c) vscode.window.setStatusBarMessage('lmm: language server restarted', 4000);
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(5000);
    } catch (e) {
      output.appendLine(`Stopping the server failed: ${String(e)}`);
    }
  }
}

function log(msg: string): void {
  output.appendLine(`[${new Date().toISOString()}] ${msg}`);
}

async function startClient(): Promise<LanguageClient | undefined> {
  const cfg = vscode.workspace.getConfiguration('lmm');
  if (process.platform !== 'win32') ensureRuntimeExecutable(path.join(extensionPath, 'runtime'));
  const found = await findJava({ settingHome: cfg.get<string>('java.home'), extensionPath }, nodeHost);
  if (!found.ok) {
    log(found.message);
    showError(`${found.message.split('\n')[0]} ${summarizeAttempts(found.attempts)}.`, true);
    return undefined;
  }
  if (found.attempts.some(a => a.source === 'setting lmm.java.home' && !a.ok && a.reason !== 'not set')) {
    const bad = found.attempts.find(a => a.source === 'setting lmm.java.home')!;
    vscode.window.showWarningMessage(`lmm: the "lmm.java.home" setting is not usable (${bad.reason}); using the ${found.source} instead.`);
  }
  log(`Java search:\n${describeAttempts(found.attempts)}`);
  log(`Using Java from ${found.source}: ${found.javaPath} (${found.versionLine})`);

  const jar = findServerJar(cfg.get<string>('server.jar'), extensionPath, nodeHost);
  if (!jar.jar) {
    const msg = `lmm: the language server jar was not found (tried ${jar.tried.join(', ')}). Set "lmm.server.jar" to the path of lmm-server.jar.`;
    log(msg);
    showError(msg, true);
    return undefined;
  }
  log(`Server jar: ${jar.jar}`);

  const env = { ...process.env };
  if (found.javaHome) env.JAVA_HOME = found.javaHome;
  const serverOptions: ServerOptions = {
    command: found.javaPath,
    // No `transport` here: with TransportKind.stdio the client would append `--stdio`, and the
    // server speaks LSP over stdio when started with no arguments at all.
    args: ['-XX:+UseSerialGC', '-Xss8m', '-jar', jar.jar],
    options: { env },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    synchronize: {
      configurationSection: 'lmm',
      // the server re-checks the .lmm files when the data they read change
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.csv'),
    },
    initializationOptions: initializationOptions(),
    // the hover's only link opens the full view; no other command may run from server Markdown
    markdown: { isTrusted: { enabledCommands: ['lmm.showResults'] }, supportHtml: false },
    middleware: {
      // after a fit (▶ Fit / ▶ Re-fit lens) the open results view and plots of that model are read again
      executeCommand: async (command, args, next) => {
        const result = await next(command, args);
        if (command === 'lmm.fit' && typeof args[0] === 'string' && typeof args[1] === 'string') views?.refresh(args[0], args[1]);
        return result;
      },
    },
    outputChannel: output,
    traceOutputChannel: traceOutput,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };

  const c = new LanguageClient('lmm', 'lmm Language Server', serverOptions, clientOptions);
  try {
    await c.start();
  } catch (e) {
    const msg = `lmm: the language server failed to start with ${found.javaPath}: ${e instanceof Error ? e.message : String(e)}`;
    log(msg);
    showError(msg, true);
    c.stop().catch(() => undefined); // no restart loop: "lmm: Restart Language Server" tries again
    return undefined;
  }
  client = c;
  log(`lmm language server started (Java ${found.major} from ${found.source})`);
  return c;
}

export function initializationOptions(): { hover: { maxRows: number; commandLinks: boolean }; restrictedMode: boolean } {
  const cfg = vscode.workspace.getConfiguration('lmm');
  // commandLinks: this client runs the hover's link to the full view (lmm.showResults)
  return { hover: { maxRows: cfg.get<number>('hover.maxRows', 20), commandLinks: true }, ...trustOptions(vscode.workspace.isTrusted) };
}

function showError(msg: string, withActions: boolean): void {
  if (!withActions) {
    vscode.window.showErrorMessage(msg);
    return;
  }
  vscode.window.showErrorMessage(msg, 'Open Settings', 'Show Output').then(pick => {
    if (pick === 'Open Settings') vscode.commands.executeCommand('workbench.action.openSettings', 'lmm.java.home');
    else if (pick === 'Show Output') output.show(true);
  });
}
