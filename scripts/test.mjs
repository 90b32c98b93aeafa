// The README's test command: type-check, build, then every *.test.ts in one `node --test` run (one summary for CI).
// Files under test/e2e/ drive a real VS Code; they need Debian's chromium (installed by .ci/run).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.filter(a => !a.startsWith('--'));
const skipE2e = args.includes('--no-e2e') || process.env.STAR_SKIP_E2E === '1';

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
function find(dir, out = []) {
  let names = [];
  try { names = readdirSync(dir); } catch { return out; }
  for (const n of names) {
    const p = join(dir, n);
    if (n === 'node_modules' || n.startsWith('.')) continue;
    if (statSync(p).isDirectory()) find(p, out);
    else if (n.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
run(process.execPath, [join(root, 'scripts/build.mjs')]);
let files = ['server/test', 'client/test', 'test'].flatMap(d => find(join(root, d))).sort();
if (skipE2e) files = files.filter(f => !f.includes(`${join('test', 'e2e')}`));
if (only.length) files = files.filter(f => only.some(o => f.includes(o)));
// E2E files start VS Code and chromium: run files one at a time so they do not fight over the 2 cores.
// --conditions=import: chevrotain 11 is ESM-only and its @chevrotain/utils exports only 'import', which tsx's CJS mode misses.
run(process.execPath, ['--conditions=import', '--import', 'tsx', '--test', '--test-concurrency=1', ...files.map(f => f.slice(root.length + 1))]);
