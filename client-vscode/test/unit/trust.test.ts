import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentSelector, trustOptions } from '../../src/trust';

// the unit tests run from build/unit/, two folders below the extension's root
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

/** The glob matching of vscode's document selector, for the patterns used here. */
function matches(pattern: string, file: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '\u0000').replace(/\*/g, '[^/]*')
    .replace(/\u0000/g, '(?:.*/)?') + '$');
  return re.test(file);
}

test('the document selector sends CSV files as well as .lmm files', () => {
  const sel = documentSelector();
  assert.ok(sel.some(e => e.language === 'lmm' && e.scheme === 'file'));
  assert.ok(sel.some(e => e.language === 'lmm' && e.scheme === 'untitled'));
  for (const file of ['/home/u/study/dung.csv', '/d/DATA.CSV', 'rel/x.csv']) {
    assert.ok(sel.some(e => e.scheme === 'file' && e.pattern !== undefined && matches(e.pattern, file)), file);
  }
  assert.ok(!sel.some(e => e.pattern !== undefined && matches(e.pattern, '/home/u/notes.txt')));
  // CSV files opened under another scheme (git diff views, remote files) are not sent as data
  assert.ok(sel.every(e => e.language === 'lmm' || e.scheme === 'file'));
});

test('Restricted Mode is declared as limited support, with the settings that start programs restricted', () => {
  const u = manifest.capabilities.untrustedWorkspaces;
  assert.equal(u.supported, 'limited');
  assert.match(u.description, /only inside the workspace/);
  assert.deepEqual([...u.restrictedConfigurations].sort(), ['lmm.java.home', 'lmm.server.jar']);
});

test('an untrusted workspace asks the server to read data only inside it', () => {
  assert.deepEqual(trustOptions(false), { restrictedMode: true });
  assert.deepEqual(trustOptions(true), { restrictedMode: false });
});
