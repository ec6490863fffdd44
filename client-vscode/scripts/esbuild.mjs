// Bundles the extension (dist/extension.js) or, with --tests, the unit tests (build/unit/*.test.js).
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const production = args.includes('--production');

if (args.includes('--tests')) {
  const dir = join(root, 'test', 'unit');
  const entries = readdirSync(dir).filter(f => f.endsWith('.test.ts')).map(f => join(dir, f));
  await esbuild.build({
    entryPoints: entries,
    outdir: join(root, 'build', 'unit'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
} else {
  const options = {
    entryPoints: [join(root, 'src', 'extension.ts')],
    outfile: join(root, 'dist', 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    minify: production,
    sourcemap: !production,
    logLevel: 'info',
  };
  // the results view's page script, for the webview (a browser)
  const page = {
    entryPoints: [join(root, 'src', 'view', 'page.ts')],
    outfile: join(root, 'dist', 'results-view.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: production,
    logLevel: 'info',
  };
  if (args.includes('--watch')) {
    await (await esbuild.context(page)).watch();
    const ctx = await esbuild.context(options);
    await ctx.watch();
  } else {
    await esbuild.build(options);
    await esbuild.build(page);
  }
}
