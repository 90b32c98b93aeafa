// `npm run package`: production bundles (vsce runs `vscode:prepublish`), then star-studio-<version>.vsix with
// @vscode/vsce. --no-dependencies: esbuild already bundled every dependency, so node_modules stays out.
// `--out <file>` writes elsewhere (the e2e tests package into their own folder).
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MAX_VSIX_BYTES = 2 * 1024 * 1024;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const at = process.argv.indexOf('--out');
const out = at > 0 ? resolve(process.argv[at + 1]) : join(root, `${pkg.name}-${pkg.version}.vsix`);
const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', out],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, VSCE_TELEMETRY: 'off' } });
if (r.status !== 0) { console.error(`package: vsce failed (exit ${r.status})`); process.exit(r.status ?? 1); }
const bytes = statSync(out).size;
console.log(`package: ${out} (${(bytes / 1024).toFixed(0)} KB)`);
if (bytes > MAX_VSIX_BYTES) { console.error(`package: the .vsix is ${(bytes / 1048576).toFixed(2)} MB, over the 2 MB budget: check .vscodeignore`); process.exit(1); }
