// HTML of the plots panel. No `vscode` import: unit-tested under plain Node.

export interface Plot {
  name: string;
  title: string;
  svg: string;
}

export interface PlotsResult {
  title: string;
  plots: Plot[];
}

export function escapeHtml(s: string): string {
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The SVGs come from the server; they are only ever shown as images (no scripts run inside an <img>). */
export function svgDataUri(svg: string): string {
  return 'data:image/svg+xml;base64,' + Buffer.from(svg, 'utf8').toString('base64');
}

const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline';";

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em 2em; }
  h1 { font-size: 1.3em; font-weight: 600; }
  h2 { font-size: 1.05em; font-weight: 600; margin: 1.2em 0 0.4em; }
  .plots { display: flex; flex-wrap: wrap; gap: 1.5em; }
  figure { margin: 0; background: #fff; border-radius: 4px; padding: 0.5em; }
  figure img { display: block; max-width: 100%; height: auto; }
  .message { opacity: 0.8; }
  .error { color: var(--vscode-errorForeground); white-space: pre-wrap; }
  .stale { background: var(--vscode-inputValidation-warningBackground, #6b5900); border: 1px solid var(--vscode-inputValidation-warningBorder, #b89500); padding: 0.4em 0.6em; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

/**
 * The plots of one model. Each SVG carries its own title, so the page adds none per plot (one title,
 * not two); stale plots say so at the top.
 */
export function plotsHtml(model: string, result: PlotsResult, stale = false): string {
  const plots = Array.isArray(result?.plots) ? result.plots : [];
  const title = result?.title || `lmm plots: ${model}`;
  const figures = plots
    .filter(p => p && typeof p.svg === 'string')
    .map(
      p => `<section class="plot" data-name="${escapeHtml(p.name ?? '')}">
<figure><img alt="${escapeHtml(p.title ?? p.name ?? 'plot')}" title="${escapeHtml(p.title ?? p.name ?? '')}" src="${svgDataUri(p.svg)}"></figure>
</section>`,
    )
    .join('\n');
  const banner = stale
    ? '<p class="stale">⚠ These plots are stale: the document or its data changed since the fit. Re-fit with the ▶ Re-fit lens, then open the plots again.</p>\n'
    : '';
  const body = figures
    ? `<h1>${escapeHtml(title)}</h1>\n${banner}<div class="plots">\n${figures}\n</div>`
    : `<h1>${escapeHtml(title)}</h1>\n${banner}<p class="message">The server returned no plots for this model.</p>`;
  return page(title, body);
}

export function messageHtml(title: string, message: string, isError = false): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p class="${isError ? 'error' : 'message'}">${escapeHtml(message)}</p>`);
}
