import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { plotsHtml, messageHtml, svgDataUri } from '../../src/webview';

test('plots are embedded only as data: images under a strict CSP', () => {
  const evil = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="3"/></svg>';
  const html = plotsHtml('blocks', {
    title: 'Plots of blocks',
    plots: [
      { name: 'resid', title: 'Residuals vs fitted <b>', svg: evil },
      { name: 'qq', title: 'Normal QQ', svg: '<svg/>' },
    ],
  });
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline';"/);
  assert.equal((html.match(/<img /g) ?? []).length, 2);
  assert.ok(html.includes(svgDataUri(evil)));
  assert.ok(!html.includes('<script'), 'no script element reaches the page');
  assert.ok(!html.includes('<svg'), 'SVG markup is never inlined');
  assert.ok(html.includes('Residuals vs fitted &lt;b&gt;'));
  assert.ok(html.includes('<title>Plots of blocks</title>'));
});

test('data uri decodes back to the svg', () => {
  const svg = '<svg>µ β</svg>';
  const uri = svgDataUri(svg);
  assert.equal(Buffer.from(uri.split(',')[1], 'base64').toString('utf8'), svg);
});

test('empty and error pages', () => {
  assert.match(plotsHtml('m', { title: '', plots: [] }), /no plots/);
  assert.match(messageHtml('t', 'boom <x>', true), /class="error">boom &lt;x&gt;/);
});
