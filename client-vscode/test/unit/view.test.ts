import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeZColumn, formatNumber, formatP, sparsityPixels, visibleRange, zValue, ZTerm, csvField, unpack } from '../../src/view/format';
import { resultsHtml } from '../../src/resultsPage';

test('numbers as R prints them (values of the seed and of lme4 for the dung model)', () => {
  assert.equal(formatNumber(0.16623168802248), '0.1662317');
  assert.equal(formatNumber(-3.46674259601632e-05), '-3.466743e-05');
  assert.equal(formatNumber(18.3953453489159, 4), '18.4');
  assert.equal(formatNumber(-0.0162078945758662, 6), '-0.0162079');
  assert.equal(formatNumber(223), '223');
  assert.equal(formatNumber(1e6), '1e+06');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(null), 'NA');
  assert.equal(formatP(1e-20), '< 2.2e-16');
  assert.equal(formatP(0.3049), '0.3049');
});

test('a virtual table draws only the rows in sight', () => {
  assert.deepEqual(visibleRange(0, 300, 20, 100000, 0), [0, 15]);
  assert.deepEqual(visibleRange(20 * 50000, 300, 20, 100000, 10), [49990, 50025]);
  assert.deepEqual(visibleRange(20 * 99990, 300, 20, 100000, 10), [99980, 100000]);
});

// two terms as lme4 lays Z out: (1 | g) with 3 levels, then (x | h) with 2 levels (k = 2)
const terms: ZTerm[] = [
  { group: 'g', levels: ['a', 'b', 'c'], columnNames: ['(Intercept)'], refs: [0, 1, 2, 0], z: [null] },
  { group: 'h', levels: ['u', 'v'], columnNames: ['(Intercept)', 'x'], refs: [1, 0, 1, 1], z: [null, [5, 6, 0, 8]] },
];

test('Z from its compact form: column layout and values', () => {
  assert.deepEqual(describeZColumn(terms, 0), { term: 0, level: 0, covariate: 0 });
  assert.deepEqual(describeZColumn(terms, 4), { term: 1, level: 0, covariate: 1 });
  assert.deepEqual(describeZColumn(terms, 6), { term: 1, level: 1, covariate: 1 });
  assert.equal(describeZColumn(terms, 7), undefined);
  // row 0: g = a, h = v with x = 5 → Z[0,] = 1 0 0 | 0 0 1 5
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map(c => zValue(terms, 0, c)), [1, 0, 0, 0, 0, 1, 5]);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map(c => zValue(terms, 2, c)), [0, 0, 1, 0, 0, 1, 0]);
});

test('the sparsity picture has one mark per non-zero, coloured by term', () => {
  const px = sparsityPixels(terms, 4, 7, 4); // one pixel per cell
  const grid = [0, 1, 2, 3].map(i => Array.from(px.slice(i * 7, i * 7 + 7)).join(''));
  assert.deepEqual(grid, ['1000022', '0102200', '0010020', '1000022']);
});

test('the results page runs only its own script, under a nonce', () => {
  const html = resultsHtml('lmm: <b>m</b>', 'https://file+.vscode-resource/dist/results-view.js', 'https://x', 'abc123');
  assert.match(html, /script-src 'nonce-abc123'/);
  assert.equal((html.match(/<script /g) ?? []).length, 1);
  assert.ok(html.includes('<title>lmm: &lt;b&gt;m&lt;/b&gt;</title>'));
  assert.ok(!html.includes("'unsafe-eval'"));
});

test('CSV fields are quoted when they must be', () => {
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "x"'), '"say ""x"""');
  assert.equal(csvField('-0.5'), '-0.5');
});

test('packed arrays from the server decode exactly', () => {
  const values = [0.1433747, -3.466743e-05, NaN, 223];
  const f64 = Buffer.from(new Float64Array(values).buffer).toString('base64');
  const out = Array.from(unpack({ f64 }, 4));
  assert.deepEqual(out.slice(0, 2), [0.1433747, -3.466743e-05]);
  assert.ok(Number.isNaN(out[2]));
  assert.equal(out[3], 223);
  assert.deepEqual(Array.from(unpack({ const: 1 }, 3)), [1, 1, 1]);
  const dec = Array.from(unpack({ dec: '6.5327,-3.466743e-05,NaN,223' }, 4));
  assert.deepEqual([dec[0], dec[1], dec[3]], [6.5327, -3.466743e-05, 223]);
  assert.ok(Number.isNaN(dec[2]));
  assert.deepEqual(Array.from(unpack({ u8: Buffer.from([0, 1, 2, 255]).toString('base64') }, 4)), [0, 1, 2, 255]);
  assert.deepEqual(Array.from(unpack({ u16: Buffer.from(new Uint16Array([399, 0, 65535]).buffer).toString('base64') }, 3)), [399, 0, 65535]);
});
