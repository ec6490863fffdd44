// Finding a Java runtime (17 or newer) to run the lmm language server.
// No `vscode` import here: this module is unit-tested under plain Node with a fake host.

import * as path from 'path';
import * as fs from 'fs';
import { execFile } from 'child_process';

export const MIN_JAVA = 17;

export type JavaSource = 'setting lmm.java.home' | 'bundled runtime' | 'JAVA_HOME' | 'PATH';

export interface VersionRun {
  /** exit code; null when the process could not be started or was killed */
  code: number | null;
  stdout: string;
  stderr: string;
  /** set when the program could not be started at all (ENOENT, EACCES, timeout) */
  error?: string;
}

/** What findJava needs from the outside world; replaced by a fake in the unit tests. */
export interface Host {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  isFile(p: string): boolean;
  isDirectory(p: string): boolean;
  runVersion(javaPath: string): Promise<VersionRun>;
}

export interface FindJavaOptions {
  /** value of the `lmm.java.home` setting (may be empty) */
  settingHome?: string;
  /** root of the installed extension; the bundled runtime is `<root>/runtime` */
  extensionPath: string;
}

export interface Attempt {
  source: JavaSource;
  /** the java binary tried, if there was one to try */
  javaPath?: string;
  ok: boolean;
  /** for ok attempts: major version; for failed ones: why it was rejected */
  major?: number;
  versionLine?: string;
  reason?: string;
}

export type FindJavaResult =
  | { ok: true; javaPath: string; javaHome?: string; source: JavaSource; major: number; versionLine: string; attempts: Attempt[] }
  | { ok: false; attempts: Attempt[]; message: string };

export function javaExecutableName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'java.exe' : 'java';
}

/** Parses the output of `java -version` (printed on stderr) and returns the major version. */
export function parseJavaVersion(output: string): { major: number; line: string } | undefined {
  const lines = output.split(/\r?\n/);
  for (const line of lines) {
    const m = /\bversion\s+"([^"]+)"/.exec(line);
    if (!m) continue;
    const v = m[1];
    // "1.8.0_292" -> 8, "17.0.15" -> 17, "21" -> 21, "22-ea" -> 22
    const legacy = /^1\.(\d+)/.exec(v);
    const modern = /^(\d+)/.exec(v);
    const major = legacy ? Number(legacy[1]) : modern ? Number(modern[1]) : NaN;
    if (!Number.isNaN(major)) return { major, line: line.trim() };
  }
  return undefined;
}

/** The java binary inside a Java home; also accepts the path of the binary itself. */
export function javaInHome(home: string, host: Host): string | undefined {
  const exe = javaExecutableName(host.platform);
  const candidates = [path.join(home, 'bin', exe), home];
  for (const c of candidates) {
    if (host.isFile(c) && (c !== home || path.basename(c) === exe)) return c;
  }
  return undefined;
}

export function javaOnPath(host: Host): string | undefined {
  const exe = javaExecutableName(host.platform);
  const pathVar = host.env.PATH ?? host.env.Path ?? '';
  const sep = host.platform === 'win32' ? ';' : ':';
  for (const dir of pathVar.split(sep)) {
    if (!dir) continue;
    const p = path.join(dir, exe);
    if (host.isFile(p)) return p;
  }
  return undefined;
}

/** Java home of a java binary `<home>/bin/java`. */
function homeOf(javaPath: string): string {
  return path.dirname(path.dirname(javaPath));
}

async function check(source: JavaSource, javaPath: string, host: Host): Promise<Attempt> {
  let run: VersionRun;
  try {
    run = await host.runVersion(javaPath);
  } catch (e) {
    return { source, javaPath, ok: false, reason: `could not run it: ${String(e)}` };
  }
  if (run.error) return { source, javaPath, ok: false, reason: `could not run it: ${run.error}` };
  const parsed = parseJavaVersion(run.stderr + '\n' + run.stdout);
  if (run.code !== 0) {
    const first = (run.stderr || run.stdout).trim().split(/\r?\n/)[0] ?? '';
    return { source, javaPath, ok: false, reason: `\`java -version\` failed (exit ${run.code})${first ? ': ' + first : ''}` };
  }
  if (!parsed) return { source, javaPath, ok: false, reason: 'could not read a version from `java -version`' };
  if (parsed.major < MIN_JAVA) {
    return { source, javaPath, ok: false, major: parsed.major, versionLine: parsed.line, reason: `Java ${parsed.major} is too old (${MIN_JAVA} or newer is needed)` };
  }
  return { source, javaPath, ok: true, major: parsed.major, versionLine: parsed.line };
}

/**
 * Tries, in order: the `lmm.java.home` setting, the runtime bundled with the extension,
 * JAVA_HOME, and `java` on PATH. Returns the first that runs and is Java 17 or newer,
 * with every attempt (for the output channel and the error message).
 */
export async function findJava(opts: FindJavaOptions, host: Host): Promise<FindJavaResult> {
  const attempts: Attempt[] = [];
  const tryOne = async (source: JavaSource, javaPath: string | undefined, missing: string) => {
    if (!javaPath) {
      attempts.push({ source, ok: false, reason: missing });
      return undefined;
    }
    const a = await check(source, javaPath, host);
    attempts.push(a);
    return a.ok ? a : undefined;
  };

  const found = (a: Attempt, javaHome?: string): FindJavaResult => ({
    ok: true, javaPath: a.javaPath!, javaHome, source: a.source, major: a.major!, versionLine: a.versionLine ?? '', attempts,
  });

  const setting = (opts.settingHome ?? '').trim();
  if (setting) {
    const home = expandHome(setting, host);
    const a = await tryOne('setting lmm.java.home', javaInHome(home, host),
      `no ${path.join('bin', javaExecutableName(host.platform))} in "${home}"`);
    if (a) return found(a, homeOf(a.javaPath!));
  } else {
    attempts.push({ source: 'setting lmm.java.home', ok: false, reason: 'not set' });
  }

  const bundledHome = path.join(opts.extensionPath, 'runtime');
  {
    const javaPath = javaInHome(bundledHome, host);
    const a = await tryOne('bundled runtime', javaPath,
      host.isDirectory(bundledHome) ? `no java in ${bundledHome}` : 'not in this build of the extension (only the platform-specific .vsix carries one)');
    if (a) return found(a, bundledHome);
  }

  const javaHome = (host.env.JAVA_HOME ?? '').trim();
  if (javaHome) {
    const a = await tryOne('JAVA_HOME', javaInHome(javaHome, host), `no ${path.join('bin', javaExecutableName(host.platform))} in JAVA_HOME="${javaHome}"`);
    if (a) return found(a, homeOf(a.javaPath!));
  } else {
    attempts.push({ source: 'JAVA_HOME', ok: false, reason: 'not set' });
  }

  {
    const a = await tryOne('PATH', javaOnPath(host), 'no java on PATH');
    if (a) return found(a);
  }

  return { ok: false, attempts, message: noJavaMessage(attempts) };
}

function expandHome(p: string, host: Host): string {
  const home = host.env.HOME ?? host.env.USERPROFILE;
  if (home && (p === '~' || p.startsWith('~/'))) return path.join(home, p.slice(1));
  return p;
}

export function describeAttempts(attempts: Attempt[]): string {
  return attempts
    .map(a => `  - ${a.source}: ${a.ok ? `OK, ${a.versionLine} (${a.javaPath})` : `${a.reason}${a.javaPath ? ` (${a.javaPath})` : ''}`}`)
    .join('\n');
}

/** One line for a notification: each source and, briefly, why it was not used. */
export function summarizeAttempts(attempts: Attempt[]): string {
  return attempts
    .map(a => {
      const r = a.ok ? `Java ${a.major}` : (a.reason ?? '').replace(/\): .*$/, ')');
      return `${a.source}: ${r.length > 90 ? r.slice(0, 87) + '...' : r}`;
    })
    .join('; ');
}

export function noJavaMessage(attempts: Attempt[]): string {
  return (
    `lmm: no Java ${MIN_JAVA} or newer was found to run the lmm language server. ` +
    `Fix it by installing a Java ${MIN_JAVA}+ runtime (for example \`sudo apt-get install openjdk-17-jre-headless\`) ` +
    `and setting "lmm.java.home" to its folder (or JAVA_HOME), or install the platform-specific lmm .vsix, which carries its own Java. ` +
    `Tried:\n${describeAttempts(attempts)}`
  );
}

/** The real host, for the extension. */
export const nodeHost: Host = {
  platform: process.platform,
  env: process.env,
  isFile: p => {
    try { return fs.statSync(p).isFile(); } catch { return false; }
  },
  isDirectory: p => {
    try { return fs.statSync(p).isDirectory(); } catch { return false; }
  },
  runVersion: javaPath =>
    new Promise<VersionRun>(resolve => {
      execFile(javaPath, ['-version'], { timeout: 15000, windowsHide: true }, (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
        if (e && typeof e.code === 'string') {
          resolve({ code: null, stdout: String(stdout), stderr: String(stderr), error: `${e.code} ${e.message}` });
        } else if (e && e.killed) {
          resolve({ code: null, stdout: String(stdout), stderr: String(stderr), error: 'timed out' });
        } else {
          resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
        }
      });
    }),
};

/** The server jar: the `lmm.server.jar` setting, the jar bundled in the extension, or (running from the repo) ../server/target. */
export function findServerJar(settingJar: string | undefined, extensionPath: string, host: Pick<Host, 'isFile'>): { jar?: string; tried: string[] } {
  const tried: string[] = [];
  const s = (settingJar ?? '').trim();
  if (s) {
    tried.push(s);
    return host.isFile(s) ? { jar: s, tried } : { tried };
  }
  for (const c of [path.join(extensionPath, 'server', 'lmm-server.jar'), path.join(extensionPath, '..', 'server', 'target', 'lmm-server.jar')]) {
    tried.push(c);
    if (host.isFile(c)) return { jar: c, tried };
  }
  return { tried };
}

/**
 * Some unzip paths drop the execute bits of the files in a .vsix; put them back on the bundled
 * runtime's programs (bin/*, lib/jspawnhelper, lib/jexec). Errors are ignored.
 */
export function ensureRuntimeExecutable(runtimeDir: string): void {
  const files: string[] = [];
  try {
    for (const f of fs.readdirSync(path.join(runtimeDir, 'bin'))) files.push(path.join(runtimeDir, 'bin', f));
  } catch {
    return;
  }
  files.push(path.join(runtimeDir, 'lib', 'jspawnhelper'), path.join(runtimeDir, 'lib', 'jexec'));
  for (const f of files) {
    try {
      const st = fs.statSync(f);
      if (st.isFile() && (st.mode & 0o111) === 0) fs.chmodSync(f, st.mode | 0o755);
    } catch {
      /* not there or not ours to change */
    }
  }
}
