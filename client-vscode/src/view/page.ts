// The results view's page script (runs in the webview; bundled by esbuild to dist/results-view.js).
// Draws what the server's `lmm.results [uri, model, "view"]` returns. Every text from the data is
// set with textContent, never as HTML. Long tables are virtualised: only the rows in sight exist.
import { csvField, describeZColumn, formatNumber, formatP, Packed, sparsityPixels, termOffsets, unpack, visibleRange, ZTerm } from './format';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void };

interface Fixef {
  names: string[];
  estimate: number[];
  stdError: number[];
  tValue: number[];
  df?: (number | null)[];
  p?: (number | null)[];
}
interface RanefTable {
  group: string;
  terms: string[];
  levels: string[];
  values: (number | null)[][];
}
interface Fit {
  method: string;
  fixef: Fixef;
  varcorr: { group: string; term: string | null; variance: number; stdDev: number }[];
  corr: { group: string; terms: string[]; value: number }[];
  sigma: number;
  logLik: number;
  aic: number;
  bic: number;
  remlCriterion?: number;
  deviance?: number;
  ranef: RanefTable[];
  ranefSd: RanefTable[];
  fitted: ArrayLike<number>;
  residuals: ArrayLike<number>;
  xb: ArrayLike<number>;
  zu: ArrayLike<number>;
  maxError: number;
  lambda: { group: string; columnNames: string[]; levels: number; template: number[][] }[];
  converged: boolean;
  singular: boolean;
  evaluations: number;
  warnings: string[];
}
interface ViewData {
  uri: string;
  model: string;
  error?: string;
  formula: string;
  method: string;
  n: number;
  /** rows of the row-by-row arrays sent (the first screen of a big model); the rest follows */
  rowsSent: number;
  p: number;
  q: number;
  droppedRows: number;
  data?: string;
  stale: boolean;
  fitted: boolean;
  fitError?: string;
  aliased: string[];
  rows: ArrayLike<number> | null;
  response: string;
  y: ArrayLike<number>;
  x: { names: string[]; columns: ArrayLike<number>[] };
  z: ZTerm[];
  lambdaLayout: string;
  fit?: Fit;
}

const vscode = acquireVsCodeApi();
const scriptStart = Date.now();
const root = document.getElementById('root')!;
/** Z is drawn column by column up to this many columns; beyond, as a sparsity picture. */
const MAX_Z_TABLE_COLUMNS = 200;
const ROW_HEIGHT = 20;
const TERM_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

interface Column {
  label: string;
  cell(i: number): string;
  cls?: string;
}

/** A table section with copy and CSV export: small tables drawn whole, long ones virtualised. */
function tableSection(parent: HTMLElement, id: string, title: string, columns: Column[], n: number, exportWhat?: string): HTMLElement {
  const sec = el('section', { id, class: 'block' });
  const head = el('div', { class: 'block-head' });
  head.append(el('h2', {}, title));
  const copy = el('button', { class: 'copy', title: 'Copy the table (tab-separated)' }, 'Copy');
  copy.addEventListener('click', () => vscode.postMessage({ type: 'copy', text: tsv(columns, n) }));
  head.append(copy);
  const csv = el('button', { class: 'csv', title: 'Save the table as CSV' }, 'CSV');
  csv.addEventListener('click', () =>
    exportWhat ? vscode.postMessage({ type: 'export', what: exportWhat }) : vscode.postMessage({ type: 'saveCsv', name: id, text: csvText(columns, n) }),
  );
  head.append(csv);
  sec.append(head);
  sec.append(virtualTable(columns, n));
  parent.append(sec);
  return sec;
}

function tsv(columns: Column[], n: number): string {
  const lines = [columns.map(c => c.label).join('\t')];
  for (let i = 0; i < n; i++) lines.push(columns.map(c => c.cell(i)).join('\t'));
  return lines.join('\n') + '\n';
}

function csvText(columns: Column[], n: number): string {
  const lines = [columns.map(c => csvField(c.label)).join(',')];
  for (let i = 0; i < n; i++) lines.push(columns.map(c => csvField(c.cell(i))).join(','));
  return lines.join('\n') + '\n';
}

/** A table whose rows are made only while in sight; the header stays. */
function virtualTable(columns: Column[], n: number): HTMLElement {
  const maxVisible = 15;
  const box = el('div', { class: 'vtable', 'data-rows': String(n) });
  const widths = columns.map(c => {
    let w = c.label.length;
    for (let i = 0; i < Math.min(n, 200); i++) w = Math.max(w, c.cell(i).length);
    return Math.min(40, w) + 2;
  });
  const total = widths.reduce((a, b) => a + b, 0);
  const header = el('div', { class: 'vrow vhead' });
  columns.forEach((c, j) => {
    const cell = el('span', { class: 'vcell ' + (c.cls ?? ''), style: `width:${widths[j]}ch`, title: c.label }, c.label);
    header.append(cell);
  });
  header.style.width = `${total}ch`;
  const scroller = el('div', { class: 'vscroll' });
  scroller.style.height = `${Math.min(n, maxVisible) * ROW_HEIGHT + 2}px`;
  const spacer = el('div', { class: 'vspacer' });
  spacer.style.height = `${n * ROW_HEIGHT}px`;
  spacer.style.width = `${total}ch`;
  const body = el('div', { class: 'vbody' });
  spacer.append(body);
  scroller.append(spacer);
  let drawn: [number, number] = [-1, -1];
  const draw = () => {
    const [a, b] = visibleRange(scroller.scrollTop, scroller.clientHeight || maxVisible * ROW_HEIGHT, ROW_HEIGHT, n);
    if (a === drawn[0] && b === drawn[1]) return;
    drawn = [a, b];
    body.style.transform = `translateY(${a * ROW_HEIGHT}px)`;
    body.replaceChildren();
    for (let i = a; i < b; i++) {
      const row = el('div', { class: 'vrow' });
      columns.forEach((c, j) => row.append(el('span', { class: 'vcell ' + (c.cls ?? ''), style: `width:${widths[j]}ch` }, c.cell(i))));
      body.append(row);
    }
  };
  let pending = false;
  scroller.addEventListener('scroll', () => {
    header.style.transform = `translateX(${-scroller.scrollLeft}px)`;
    if (!pending) {
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        draw();
      });
    }
  });
  const headBox = el('div', { class: 'vheadbox' });
  headBox.append(header);
  box.append(headBox, scroller);
  requestAnimationFrame(draw);
  draw();
  return box;
}

function rowLabel(d: ViewData, i: number): string {
  if (!d.rows) return String(i + 1);
  return i < d.rows.length ? String(d.rows[i]) : '…';
}

function num(x: number | null | undefined, digits = 7): string {
  return formatNumber(x, digits);
}

// ---------------------------------------------------------------- sections

function header(d: ViewData): void {
  const h = el('header');
  h.append(el('h1', {}, `model ${d.model}`));
  h.append(el('code', { class: 'formula' }, d.formula));
  const meta = [`${d.fit ? d.fit.method : d.method}`, `${d.n} rows${d.droppedRows ? ` (${d.droppedRows} dropped for missing values)` : ''}`];
  if (d.data) meta.push(`data ${d.data}`);
  meta.push(`Y ${d.n} × 1 = X ${d.n} × ${d.p} · β${d.q ? ` + Z ${d.n} × ${d.q} · u` : ''} + e`);
  h.append(el('p', { class: 'meta' }, meta.join(' · ')));
  const banner = el('div', { id: 'stale', class: 'stale' + (d.stale ? '' : ' hidden') });
  banner.append(el('span', {}, '⚠ These results are stale: the document or its data changed since the fit. Re-fit with the ▶ Re-fit lens. '));
  const refresh = el('button', {}, 'Refresh');
  refresh.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  banner.append(refresh);
  h.append(banner);
  if (!d.fitted) {
    h.append(el('p', { class: 'note' }, d.fitError ? `The fit failed: ${d.fitError}` : d.stale ? 'The fit shown before is stale; the matrices below are the current ones.' : 'Not fitted yet: the matrices only. Fit with the ▶ Fit lens.'));
  }
  const nav = el('nav');
  const links: [string, string][] = [];
  if (d.fit) links.push(['fixef', 'β'], ['varcorr', 'variance components'], ['ranef', 'u'], ['decomposition', 'Y = Xβ + Zu + e']);
  links.push(['matrices', 'Y, X, Z'], ['lambda', 'Λθ']);
  for (const [id, label] of links) {
    const a = el('a', { href: `#${id}` }, label);
    a.addEventListener('click', ev => {
      ev.preventDefault();
      document.getElementById(id)?.scrollIntoView();
    });
    nav.append(a);
  }
  h.append(nav);
  root.append(h);
}

function fixefSection(d: ViewData, f: Fit): void {
  const fe = f.fixef;
  const cols: Column[] = [
    { label: 'term', cell: i => fe.names[i], cls: 'left' },
    { label: 'estimate', cell: i => num(fe.estimate[i]) },
    { label: 'std. error', cell: i => num(fe.stdError[i]) },
    { label: 't value', cell: i => num(fe.tValue[i], 4) },
  ];
  if (Array.isArray(fe.df)) cols.push({ label: 'df', cell: i => num(fe.df![i], 5) });
  if (Array.isArray(fe.p)) cols.push({ label: 'Pr(>|t|)', cell: i => formatP(fe.p![i]) });
  tableSection(root, 'fixef', 'Fixed effects β', cols, fe.names.length, 'fixef');
}

function varcorrSection(f: Fit): void {
  const vc = f.varcorr;
  const sec = tableSection(root, 'varcorr', 'Random effects: variance components', [
    { label: 'group', cell: i => vc[i].group, cls: 'left' },
    { label: 'term', cell: i => vc[i].term ?? '', cls: 'left' },
    { label: 'variance', cell: i => num(vc[i].variance, 5) },
    { label: 'std. dev.', cell: i => num(vc[i].stdDev, 5) },
  ], vc.length);
  if (f.corr.length) {
    tableSection(sec, 'corr', 'Correlations of the random effects', [
      { label: 'group', cell: i => f.corr[i].group, cls: 'left' },
      { label: 'term', cell: i => f.corr[i].terms[0], cls: 'left' },
      { label: 'term', cell: i => f.corr[i].terms[1], cls: 'left' },
      { label: 'correlation', cell: i => num(f.corr[i].value, 4) },
    ], f.corr.length);
  }
  const stats = [`σ = ${num(f.sigma)}`, `logLik = ${num(f.logLik)}`, `AIC = ${num(f.aic)}`, `BIC = ${num(f.bic)}`];
  if (f.remlCriterion !== undefined) stats.push(`REML criterion = ${num(f.remlCriterion)}`);
  if (f.deviance !== undefined) stats.push(`deviance = ${num(f.deviance)}`);
  sec.append(el('p', { class: 'stats' }, stats.join(' · ')));
  sec.append(el('p', { class: 'stats' }, `${f.converged ? 'converged' : 'did not converge'}${f.evaluations ? ` after ${f.evaluations} evaluations` : ''}${f.singular ? '; boundary (singular) fit' : ''}`));
  for (const w of f.warnings) sec.append(el('p', { class: 'warning' }, `⚠ ${w}`));
}

function ranefSection(f: Fit): void {
  const sec = el('section', { id: 'ranef', class: 'group' });
  sec.append(el('h2', {}, 'u: the random effects per level (conditional modes, with conditional SDs)'));
  root.append(sec);
  f.ranef.forEach((re, g) => {
    const sd = f.ranefSd.find(s => s.group === re.group && s.terms.join() === re.terms.join());
    const cols: Column[] = [{ label: 'level', cell: i => re.levels[i], cls: 'left' }];
    re.terms.forEach((t, j) => {
      cols.push({ label: t, cell: i => num(re.values[i][j], 6) });
      if (sd) cols.push({ label: `SD ${t}`, cell: i => num(sd.values[i][j], 4) });
    });
    tableSection(sec, `ranef-${g}`, `${re.group} (${re.levels.length} levels)`, cols, re.levels.length, 'ranef');
  });
  if (!f.ranef.length) sec.append(el('p', { class: 'note' }, 'No random effects (an ordinary least-squares fit).'));
}

function decompositionSection(d: ViewData, f: Fit): void {
  const sec = tableSection(root, 'decomposition', 'Y = Xβ + Zu + e, row by row', [
    { label: 'row', cell: i => rowLabel(d, i) },
    { label: `Y (${d.response})`, cell: i => num(d.y[i]) },
    { label: 'Xβ', cell: i => num(f.xb[i]) },
    { label: 'Zu', cell: i => num(f.zu[i]) },
    { label: 'e', cell: i => num(f.residuals[i]) },
    { label: 'fitted Xβ + Zu', cell: i => num(f.fitted[i]) },
  ], d.rowsSent, 'residuals');
  sec.append(el('p', { class: 'stats' }, `max |Y − (Xβ + Zu + e)| = ${num(f.maxError, 3)}`));
  if (d.rowsSent < d.n) sec.append(el('p', { class: 'note loading' }, `the first ${d.rowsSent} of ${d.n} rows; the others are loading…`));
}

function matricesSection(d: ViewData): void {
  const cols: Column[] = [{ label: 'row', cell: i => rowLabel(d, i) }, { label: `Y ${d.response}`, cell: i => num(d.y[i]), cls: 'y' }];
  d.x.names.forEach((name, j) => cols.push({ label: `X ${name}`, cell: i => num(d.x.columns[j][i]), cls: j === 0 ? 'x first' : 'x' }));
  const wideZ = d.q > MAX_Z_TABLE_COLUMNS;
  if (!wideZ) {
    const offsets = termOffsets(d.z);
    d.z.forEach((t, ti) => {
      const k = t.columnNames.length;
      for (let l = 0; l < t.levels.length; l++) {
        for (let j = 0; j < k; j++) {
          const label = `Z ${t.group} ${t.levels[l]}${k > 1 ? ' ' + t.columnNames[j] : ''}`;
          void offsets;
          cols.push({ label, cls: ti === 0 && l === 0 && j === 0 ? 'z first' : 'z', cell: i => (t.refs[i] !== l ? '0' : num(t.z[j] ? t.z[j]![i] : 1)) });
        }
      }
    });
  }
  const sec = tableSection(root, 'matrices', wideZ ? 'Y and X (Z as a picture below)' : 'Y, X and Z', cols, d.rowsSent, 'matrices');
  if (d.rowsSent < d.n) sec.append(el('p', { class: 'note loading' }, `the first ${d.rowsSent} of ${d.n} rows; the others are loading…`));
  if (d.aliased.length) sec.append(el('p', { class: 'note' }, `Dropped from X (aliased): ${d.aliased.join(', ')}`));
  if (d.q > 0 && wideZ) sparsitySection(sec, d);
}

/** Z beyond a few hundred columns: one mark per non-zero, coloured by random term; the pointer names row and level. */
function sparsitySection(parent: HTMLElement, d: ViewData): void {
  const box = el('div', { id: 'zpicture', class: 'zpicture' });
  box.append(el('h3', {}, `Z: ${d.n} × ${d.q}, one mark per non-zero`));
  const width = Math.max(200, Math.min(900, d.q));
  const height = Math.max(200, Math.min(500, d.n));
  const canvas = el('canvas', { width: String(width), height: String(height), class: 'sparsity' });
  const ctx = canvas.getContext('2d');
  if (ctx) {
    const px = sparsityPixels(d.z, d.n, width, height);
    const img = ctx.createImageData(width, height);
    const rgb = TERM_COLOURS.map(c => [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)]);
    for (let p = 0; p < px.length; p++) {
      const t = px[p];
      const o = p * 4;
      if (t === 0) {
        img.data[o] = img.data[o + 1] = img.data[o + 2] = 255;
      } else {
        const c = rgb[(t - 1) % rgb.length];
        img.data[o] = c[0];
        img.data[o + 1] = c[1];
        img.data[o + 2] = c[2];
      }
      img.data[o + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }
  const info = el('div', { class: 'zinfo' }, 'Point at the picture to see the row and the level.');
  canvas.addEventListener('mousemove', ev => {
    const r = canvas.getBoundingClientRect();
    const x = ((ev.clientX - r.left) / r.width) * width;
    const y = ((ev.clientY - r.top) / r.height) * height;
    const row = Math.min(d.n - 1, Math.floor((y * d.n) / height));
    const col = Math.min(d.q - 1, Math.floor((x * d.q) / width));
    const c = describeZColumn(d.z, col);
    if (!c) return;
    const t = d.z[c.term];
    const levelsHere = d.z.map(term => `${term.group} ${term.levels[term.refs[row]]}`).join(', ');
    info.textContent = `row ${rowLabel(d, row)} (${levelsHere}) · column ${col + 1}: ${t.group} ${t.levels[c.level]}${t.columnNames.length > 1 ? ' ' + t.columnNames[c.covariate] : ''}`;
    canvas.title = info.textContent;
  });
  const legend = el('div', { class: 'legend' });
  d.z.forEach((t, i) => {
    const item = el('span', { class: 'legend-item' });
    const sw = el('span', { class: 'swatch' });
    sw.style.background = TERM_COLOURS[i % TERM_COLOURS.length];
    item.append(sw, document.createTextNode(` ${t.group} (${t.columnNames.join(', ')}): ${t.levels.length} levels`));
    legend.append(item);
  });
  box.append(legend, canvas, info);
  parent.append(box);
}

function lambdaSection(d: ViewData): void {
  const sec = el('section', { id: 'lambda', class: 'block' });
  sec.append(el('h2', {}, 'Λθ: the relative covariance factor'));
  if (!d.q) sec.append(el('p', { class: 'note' }, 'No random effects.'));
  else sec.append(el('pre', {}, d.lambdaLayout));
  if (d.fit) {
    for (const l of d.fit.lambda) {
      sec.append(el('h3', {}, `${l.group} (${l.columnNames.join(', ')}): repeated for each of ${l.levels} levels`));
      const text = l.template.map(row => row.map(v => num(v, 6).padStart(12)).join(' ')).join('\n');
      sec.append(el('pre', { class: 'template' }, text));
    }
  }
  root.append(sec);
}

function render(d: ViewData, focus?: string, keepScroll = false): void {
  const scroll = window.scrollY;
  root.replaceChildren();
  document.title = `model ${d.model}`;
  if (d.error) {
    root.append(el('h1', {}, `model ${d.model}`), el('p', { class: 'error' }, d.error));
    return;
  }
  header(d);
  if (d.fit) {
    fixefSection(d, d.fit);
    varcorrSection(d.fit);
    ranefSection(d.fit);
    decompositionSection(d, d.fit);
  }
  matricesSection(d);
  lambdaSection(d);
  document.body.dataset.model = d.model;
  document.body.dataset.ready = 'true';
  if (keepScroll) window.scrollTo(0, scroll);
  else if (focus) {
    const target = { fixef: 'fixef', ranef: 'ranef', residuals: 'decomposition', matrices: 'matrices', summary: 'fixef' }[focus] ?? focus;
    document.getElementById(target)?.scrollIntoView();
  }
}

type Raw = Record<string, unknown>;

/** The server's packed arrays (LmmResultsView) decoded once, into typed arrays. */
function decode(raw: Raw): ViewData {
  const d = raw as unknown as ViewData;
  if (d.error) return d;
  const n = d.rowsSent ?? d.n;
  const all = d.n;
  if (d.rowsSent === undefined) d.rowsSent = d.n;
  const r = raw as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  d.rows = r.rows ? unpack(r.rows as Packed, n) : null;
  d.y = unpack(r.y as Packed, n);
  d.x.columns = (r.x.columns as Packed[]).map(c => unpack(c, n));
  for (const t of r.z as Raw[]) {
    // the levels and covariates of Z come for every row (the picture needs them all)
    t.refs = unpack(t.refs as Packed, all);
    t.z = (t.z as Packed[]).map(p => (p && 'const' in p && p.const === 1 ? null : unpack(p, all)));
  }
  if (r.fit) {
    for (const k of ['fitted', 'residuals', 'xb', 'zu']) r.fit[k] = unpack(r.fit[k] as Packed, n);
  }
  return d;
}

window.addEventListener('message', ev => {
  const m = ev.data as { type: string; data?: Raw; url?: string; focus?: string; keepScroll?: boolean; message?: string; sentAt?: number };
  if (m.type === 'dataUrl' && m.url) {
    // the data is a file in this page's resource folder (see ResultsView.postData)
    fetch(m.url)
      .then(r => (r.ok ? r.json() : Promise.reject(new Error(`${r.status} ${r.statusText}`))))
      .then((data: Raw) => {
        const received = Date.now();
        const d = decode(data);
        render(d, m.focus, m.keepScroll);
        if (d.rowsSent >= d.n) document.body.dataset.complete = 'true';
        if (!document.body.dataset.timing) document.body.dataset.timing = JSON.stringify({ scriptStart, sentAt: m.sentAt, received, rendered: Date.now() });
      })
      .catch(e => root.replaceChildren(el('p', { class: 'error' }, `The results could not be read: ${e instanceof Error ? e.message : String(e)}`)));
  } else if (m.type === 'data' && m.data) {
    const received = Date.now();
    render(decode(m.data), m.focus);
    // when each step happened (the e2e test reads them)
    document.body.dataset.timing = JSON.stringify({ scriptStart, sentAt: m.sentAt, received, rendered: Date.now() });
  }
  else if (m.type === 'stale') document.getElementById('stale')?.classList.remove('hidden');
  else if (m.type === 'error') {
    root.replaceChildren(el('p', { class: 'error' }, m.message ?? 'error'));
  }
});
vscode.postMessage({ type: 'ready' });
