// Bundles client, server, CLIs, worker and webview with esbuild. Entries whose source does not exist yet are skipped.
import { build } from 'esbuild';
import { existsSync, mkdirSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const shebang = { js: '#!/usr/bin/env node' };
const entries = [
  { in: 'client/src/extension.ts', out: 'dist/client/extension.js', platform: 'node', external: ['vscode'] },
  { in: 'server/src/lsp/server.ts', out: 'dist/server/server.js', platform: 'node' },
  { in: 'server/src/lsp/simulation/worker.ts', out: 'dist/server/simWorker.js', platform: 'node' },
  { in: 'server/src/cli/star-language-server.ts', out: 'dist/server/star-language-server.js', platform: 'node', banner: shebang },
  { in: 'server/src/cli/star-sim.ts', out: 'dist/server/star-sim.js', platform: 'node', banner: shebang },
  { in: 'client/webview/main.ts', out: 'dist/webview/graph.js', platform: 'browser', format: 'iife' },
];

const t0 = Date.now();
await Promise.all(entries.filter(e => existsSync(join(root, e.in))).map(e => build({
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
})));
// elkjs's bundled worker-free build is copied for the webview, which loads only local resources.
const elk = join(root, 'node_modules/elkjs/lib/elk.bundled.js');
if (existsSync(elk)) { mkdirSync(join(root, 'dist/webview'), { recursive: true }); copyFileSync(elk, join(root, 'dist/webview/elk.bundled.js')); }
if (!watch) console.log(`build: ${entries.filter(e => existsSync(join(root, e.in))).length} bundles in ${Date.now() - t0} ms`);
