// Pure helpers of the results view (no DOM, no vscode): unit-tested under plain Node.

/** R-style number: `digits` significant digits, fixed or scientific, whichever is shorter (as lmm's Num.format). */
export function formatNumber(x: number | null | undefined, digits = 7): string {
  if (x === null || x === undefined) return 'NA';
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  if (x === 0) return '0';
  const sci = x.toExponential(digits - 1); // "1.662317e-1"
  const [mant, expPart] = sci.split('e');
  const exp = Number(expPart);
  const mantissa = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
  const sciText = `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  // the same rounded value in fixed notation
  const rounded = Number(sci);
  let fixed: string;
  if (exp >= 0) {
    fixed = exp >= digits - 1 ? rounded.toFixed(0) : rounded.toFixed(Math.max(0, digits - 1 - exp));
  } else {
    fixed = rounded.toFixed(Math.min(100, digits - 1 - exp));
  }
  if (fixed.includes('.')) fixed = fixed.replace(/0+$/, '').replace(/\.$/, '');
  return fixed.length <= sciText.length ? fixed : sciText;
}

/** A p-value as R prints it: "< 2.2e-16" below that, else 4 significant digits. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return 'NA';
  return p < 2.2e-16 ? '< 2.2e-16' : formatNumber(p, 4);
}

/** The rows a virtual table draws: the visible ones and a few either side. */
export function visibleRange(scrollTop: number, viewHeight: number, rowHeight: number, total: number, overscan = 10): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan);
  return [first, Math.max(first, last)];
}

/** One CSV field (RFC 4180 quoting). */
export function csvField(s: string): string {
  return /[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface ZTerm {
  group: string;
  levels: string[];
  columnNames: string[];
  refs: ArrayLike<number>;
  /** per covariate: its value in each row, or null when it is 1 in every row (an intercept) */
  z: (ArrayLike<number> | null)[];
}

/** The first Z column of each term (terms in lme4's order, each level's k columns together). */
export function termOffsets(terms: ZTerm[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const t of terms) {
    out.push(at);
    at += t.levels.length * t.columnNames.length;
  }
  return out;
}

/** What a Z column is: its term, level and covariate. */
export function describeZColumn(terms: ZTerm[], col: number): { term: number; level: number; covariate: number } | undefined {
  const offsets = termOffsets(terms);
  for (let t = terms.length - 1; t >= 0; t--) {
    if (col >= offsets[t]) {
      const k = terms[t].columnNames.length;
      const level = Math.floor((col - offsets[t]) / k);
      if (level >= terms[t].levels.length) return undefined;
      return { term: t, level, covariate: (col - offsets[t]) % k };
    }
  }
  return undefined;
}

/** Z[i, col] from the compact form. */
export function zValue(terms: ZTerm[], i: number, col: number): number {
  const d = describeZColumn(terms, col);
  if (!d) return 0;
  const t = terms[d.term];
  if (t.refs[i] !== d.level) return 0;
  const zj = t.z[d.covariate];
  return zj ? zj[i] : 1;
}

/**
 * The sparsity picture of Z: one mark per non-zero, at (column, row) scaled to width × height pixels;
 * returns per pixel the index of the term (1-based) whose mark is there, 0 for none.
 */
export function sparsityPixels(terms: ZTerm[], n: number, width: number, height: number): Uint8Array {
  const q = terms.reduce((s, t) => s + t.levels.length * t.columnNames.length, 0);
  const px = new Uint8Array(width * height);
  if (q === 0 || n === 0) return px;
  const offsets = termOffsets(terms);
  for (let t = 0; t < terms.length; t++) {
    const term = terms[t];
    const k = term.columnNames.length;
    for (let i = 0; i < n; i++) {
      const y = Math.min(height - 1, Math.floor((i * height) / n));
      for (let j = 0; j < k; j++) {
        const zj = term.z[j];
        if (zj && zj[i] === 0) continue;
        const col = offsets[t] + term.refs[i] * k + j;
        const x = Math.min(width - 1, Math.floor((col * width) / q));
        px[y * width + x] = t + 1;
      }
    }
  }
  return px;
}

/** An array of n numbers as the server packs it (LmmResultsView): a constant, decimal text, or base64 of little-endian f64 / u8 / u16 / i32. */
export type Packed = { const: number } | { dec: string } | { f64: string } | { u8: string } | { u16: string } | { i32: string };

function bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function unpack(p: Packed | null | undefined, n: number): ArrayLike<number> {
  if (!p) return new Float64Array(n).fill(NaN);
  if ('const' in p) return new Float64Array(n).fill(p.const);
  if ('dec' in p) return Float64Array.from(p.dec.split(','), Number);
  if ('f64' in p) return new Float64Array(bytes(p.f64).buffer);
  if ('u8' in p) return bytes(p.u8);
  if ('u16' in p) return new Uint16Array(bytes(p.u16).buffer);
  return new Int32Array(bytes(p.i32).buffer);
}
