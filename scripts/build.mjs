// Bundles client, server, CLIs, worker and webview with esbuild, after compiling the WebAssembly kernels (wasm.mjs).
// --watch rebuilds on every change until Ctrl+C; --production minifies and drops source maps (the .vsix).
import { context } from 'esbuild';
import { existsSync, mkdirSync, copyFileSync, watch as watchFile } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKernels, kernels } from './wasm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const shebang = { js: '#!/usr/bin/env node' };
const entries = [
  { in: 'client/src/extension.ts', out: 'dist/client/extension.js', platform: 'node', external: ['vscode'] },
  { in: 'server/src/lsp/server.ts', out: 'dist/server/server.js', platform: 'node' },
  { in: 'server/src/lsp/simulation/worker.ts', out: 'dist/server/simWorker.js', platform: 'node' },
  { in: 'server/src/lsp/explore/worker.ts', out: 'dist/server/exploreWorker.js', platform: 'node' },
  { in: 'server/src/cli/star-language-server.ts', out: 'dist/server/star-language-server.js', platform: 'node', banner: shebang },
  { in: 'server/src/cli/star-sim.ts', out: 'dist/server/star-sim.js', platform: 'node', banner: shebang },
  { in: 'client/webview/main.ts', out: 'dist/webview/graph.js', platform: 'browser', format: 'iife' },
  { in: 'client/webview/pareto/main.ts', out: 'dist/webview/pareto.js', platform: 'browser', format: 'iife' },
];

/** In watch mode, one line per rebuilt bundle (esbuild's own 'info' log repeats for every bundle). */
function logRebuilds(out) {
  return { name: 'log-rebuilds', setup(b) {
    let start = 0, first = true;
    b.onStart(() => { start = Date.now(); });
    b.onEnd(r => { if (!first) console.log(`build: ${out} in ${Date.now() - start} ms${r.errors.length ? ` (${r.errors.length} errors)` : ''}`); first = false; });
  } };
}

const t0 = Date.now();
await generateKernels();
// A missing source is an error: a moved file must not silently drop its bundle.
const missing = entries.filter(e => !existsSync(join(root, e.in)));
if (missing.length) throw new Error(`build: no such entry source: ${missing.map(e => e.in).join(', ')}`);
const contexts = await Promise.all(entries.map(e => context({
  absWorkingDir: root,
  entryPoints: [e.in],
  outfile: e.out,
  bundle: true,
  platform: e.platform,
  format: e.format ?? 'cjs',
  target: e.platform === 'node' ? 'node20' : 'es2022',
  external: e.external ?? [],
  banner: e.banner,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  plugins: watch ? [logRebuilds(e.out)] : [],
})));
// elkjs's bundled worker-free build is copied for the webview, which loads only local resources.
const elk = join(root, 'node_modules/elkjs/lib/elk.bundled.js');
if (existsSync(elk)) { mkdirSync(join(root, 'dist/webview'), { recursive: true }); copyFileSync(elk, join(root, 'dist/webview/elk.bundled.js')); }
// uPlot's stylesheet for the Pareto view, loaded as a file of the webview's own origin (the CSP allows no inline style).
const uplotCss = join(root, 'node_modules/uplot/dist/uPlot.min.css');
if (existsSync(uplotCss)) { mkdirSync(join(root, 'dist/webview'), { recursive: true }); copyFileSync(uplotCss, join(root, 'dist/webview/uPlot.min.css')); }
if (watch) {
  // esbuild watches every file in the bundles; a .wat is not one, so its change regenerates the .wasm.ts esbuild sees.
  await Promise.all(contexts.map(c => c.watch()));
  for (const wat of kernels) {
    watchFile(join(root, wat), () => generateKernels().catch(err => console.error(`wasm: ${err.message}`)));
  }
  console.log(`build: watching ${entries.length} bundles (Ctrl+C to stop)`);
} else {
  await Promise.all(contexts.map(async c => { try { await c.rebuild(); } finally { await c.dispose(); } }));
  console.log(`build: ${entries.length} bundles in ${Date.now() - t0} ms`);
}
