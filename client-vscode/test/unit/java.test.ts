import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findJava, findServerJar, Host, nodeHost, parseJavaVersion, VersionRun, noJavaMessage, summarizeAttempts } from '../../src/java';

// ---- a fake file system with fake java binaries ----------------------------------------------
interface FakeJava { version?: string; code?: number; error?: string; stderr?: string }

function fakeHost(files: Record<string, FakeJava | 'file' | 'dir'>, env: Record<string, string> = {}): Host & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    platform: 'linux',
    env,
    isFile: p => p in files && files[p] !== 'dir',
    isDirectory: p => files[p] === 'dir' || Object.keys(files).some(f => f.startsWith(p + '/')),
    runVersion: async (p): Promise<VersionRun> => {
      ran.push(p);
      const j = files[p];
      if (!j || j === 'file' || j === 'dir') return { code: null, stdout: '', stderr: '', error: 'EACCES' };
      if (j.error) return { code: null, stdout: '', stderr: '', error: j.error };
      const stderr = j.stderr ?? (j.version ? `openjdk version "${j.version}" 2025-04-15\nOpenJDK Runtime Environment\n` : '');
      return { code: j.code ?? 0, stdout: '', stderr };
    },
  };
}

const EXT = '/ext';

describe('parseJavaVersion', () => {
  test('modern and legacy version strings', () => {
    assert.equal(parseJavaVersion('openjdk version "17.0.15" 2025-04-15')?.major, 17);
    assert.equal(parseJavaVersion('java version "1.8.0_292"')?.major, 8);
    assert.equal(parseJavaVersion('openjdk version "21" 2023-09-19')?.major, 21);
    assert.equal(parseJavaVersion('openjdk version "25-ea" 2025-09-16')?.major, 25);
    assert.equal(parseJavaVersion('Picked up JAVA_TOOL_OPTIONS: -Xmx1g\nopenjdk version "11.0.2"')?.major, 11);
    assert.equal(parseJavaVersion('sh: 1: java: not found'), undefined);
  });
});

describe('findJava order', () => {
  const all = {
    '/set/bin/java': { version: '21.0.1' },
    '/ext/runtime/bin/java': { version: '17.0.15' },
    '/jh/bin/java': { version: '17.0.2' },
    '/usr/bin/java': { version: '17.0.3' },
  };

  test('the setting comes first', async () => {
    const h = fakeHost(all, { JAVA_HOME: '/jh', PATH: '/usr/bin' });
    const r = await findJava({ settingHome: '/set', extensionPath: EXT }, h);
    assert.ok(r.ok);
    assert.equal(r.javaPath, '/set/bin/java');
    assert.equal(r.source, 'setting lmm.java.home');
    assert.equal(r.major, 21);
    assert.deepEqual(h.ran, ['/set/bin/java']);
  });

  test('the setting may name the java binary itself', async () => {
    const h = fakeHost(all, {});
    const r = await findJava({ settingHome: '/set/bin/java', extensionPath: EXT }, h);
    assert.ok(r.ok);
    assert.equal(r.javaPath, '/set/bin/java');
  });

  test('then the bundled runtime', async () => {
    const h = fakeHost(all, { JAVA_HOME: '/jh', PATH: '/usr/bin' });
    const r = await findJava({ settingHome: '', extensionPath: EXT }, h);
    assert.ok(r.ok);
    assert.equal(r.source, 'bundled runtime');
    assert.equal(r.javaPath, '/ext/runtime/bin/java');
    assert.equal(r.javaHome, '/ext/runtime');
  });

  test('then JAVA_HOME, then PATH', async () => {
    const { ['/ext/runtime/bin/java']: _b, ...noBundle } = all;
    let r = await findJava({ extensionPath: EXT }, fakeHost(noBundle, { JAVA_HOME: '/jh', PATH: '/usr/bin' }));
    assert.ok(r.ok);
    assert.equal(r.source, 'JAVA_HOME');
    r = await findJava({ extensionPath: EXT }, fakeHost(noBundle, { PATH: '/nope:/usr/bin' }));
    assert.ok(r.ok);
    assert.equal(r.source, 'PATH');
    assert.equal(r.javaPath, '/usr/bin/java');
  });

  test('a broken setting falls through to the next candidate and is reported', async () => {
    const h = fakeHost(all, {});
    const r = await findJava({ settingHome: '/missing', extensionPath: EXT }, h);
    assert.ok(r.ok);
    assert.equal(r.source, 'bundled runtime');
    assert.match(r.attempts[0].reason ?? '', /no bin\/java in "\/missing"/);
  });

  test('too old, failing and unstartable javas are skipped', async () => {
    const h = fakeHost(
      {
        '/set/bin/java': { version: '1.8.0_292' },
        '/ext/runtime/bin/java': { code: 127, stderr: 'java: not found' },
        '/jh/bin/java': { error: 'ENOENT spawn /jh/bin/java' },
        '/usr/bin/java': { version: '17.0.3' },
      },
      { JAVA_HOME: '/jh', PATH: '/usr/bin' },
    );
    const r = await findJava({ settingHome: '/set', extensionPath: EXT }, h);
    assert.ok(r.ok);
    assert.equal(r.source, 'PATH');
    assert.match(r.attempts[0].reason ?? '', /Java 8 is too old/);
    assert.match(r.attempts[1].reason ?? '', /exit 127/);
    assert.match(r.attempts[2].reason ?? '', /could not run it/);
  });

  test('no usable java gives a message that says how to fix it', async () => {
    const h = fakeHost({ '/usr/bin/java': { version: '11.0.2' } }, { PATH: '/usr/bin' });
    const r = await findJava({ extensionPath: EXT }, h);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.attempts.length, 4);
    assert.match(r.message, /no Java 17 or newer/);
    assert.match(r.message, /lmm\.java\.home/);
    assert.match(r.message, /JAVA_HOME/);
    assert.match(r.message, /Java 11 is too old/);
    assert.match(r.message, /platform-specific lmm \.vsix/);
    assert.equal(r.message, noJavaMessage(r.attempts));
    assert.equal(
      summarizeAttempts(r.attempts),
      'setting lmm.java.home: not set; bundled runtime: not in this build of the extension (only the platform-specific .vsix carries one); ' +
        'JAVA_HOME: not set; PATH: Java 11 is too old (17 or newer is needed)',
    );
  });
});

describe('findServerJar', () => {
  test('setting, bundled, then the repo build', () => {
    assert.equal(findServerJar('/my.jar', EXT, { isFile: p => p === '/my.jar' }).jar, '/my.jar');
    assert.equal(findServerJar('/missing.jar', EXT, { isFile: p => p !== '/missing.jar' }).jar, undefined);
    assert.equal(findServerJar('', EXT, { isFile: p => p === '/ext/server/lmm-server.jar' }).jar, '/ext/server/lmm-server.jar');
    assert.equal(findServerJar(undefined, '/repo/client-vscode', { isFile: p => p === '/repo/server/target/lmm-server.jar' }).jar, '/repo/server/target/lmm-server.jar');
  });
});

// ---- real stub java programs, run through the real host ---------------------------------------
describe('findJava with stub java programs (real processes)', () => {
  function stub(dir: string, script: string): string {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    const p = path.join(bin, 'java');
    fs.writeFileSync(p, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    return p;
  }

  test('picks the first stub that reports 17+, skipping failing and old ones', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lmm-java-'));
    try {
      stub(path.join(tmp, 'ext', 'runtime'), 'echo "java: cannot run" >&2; exit 127');
      stub(path.join(tmp, 'jh'), 'echo \'openjdk version "11.0.20" 2023-07-18\' >&2');
      const good = stub(path.join(tmp, 'pathdir'), 'echo \'openjdk version "17.0.15" 2025-04-15\' >&2');
      const host: Host = { ...nodeHost, env: { JAVA_HOME: path.join(tmp, 'jh'), PATH: `${tmp}/empty:${path.join(tmp, 'pathdir', 'bin')}` } };
      const r = await findJava({ extensionPath: path.join(tmp, 'ext') }, host);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.javaPath, good);
      assert.equal(r.major, 17);
      assert.equal(r.attempts.length, 4);
      assert.match(r.attempts[1].reason ?? '', /exit 127/);
      assert.match(r.attempts[2].reason ?? '', /Java 11 is too old/);
      assert.match(summarizeAttempts(r.attempts), /bundled runtime: `java -version` failed \(exit 127\); JAVA_HOME: Java 11 is too old/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('a file that is not executable is reported, not thrown', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lmm-java-'));
    try {
      const p = path.join(tmp, 'home', 'bin', 'java');
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, 'not a program', { mode: 0o644 });
      const host: Host = { ...nodeHost, env: { PATH: '' } };
      const r = await findJava({ settingHome: path.join(tmp, 'home'), extensionPath: path.join(tmp, 'ext') }, host);
      assert.equal(r.ok, false);
      assert.match(r.attempts[0].reason ?? '', /could not run it: EACCES/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('the real system java, when there is one, is found on PATH', { skip: !process.env.PATH?.split(':').some(d => fs.existsSync(path.join(d, 'java'))) }, async () => {
    const r = await findJava({ extensionPath: '/nonexistent' }, { ...nodeHost, env: { PATH: process.env.PATH } });
    if (r.ok) assert.ok(r.major >= 17);
  });
});
