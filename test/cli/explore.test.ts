// `star-sim explore`: the built bin on a file without explore items and on bad usage; the subcommand in process
// with explorations built in code (until the language's explore item lands) for the table, --json, --csv, --all and
// --resume outputs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { analyze } from '../../server/src/language/index.js';
import { runExplore, defaultJournal } from '../../server/src/cli/explore.js';
import { METRIC_NAMES } from '../../server/src/sim/explore/metrics.js';
import type { Exploration } from '../../server/src/model/explore.js';
import { coreSpace, exploration, param, arrays, KB, sampleSimulation } from '../../server/test/sim/explore/fixtures.js';

const root = resolve(__dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'star-explore-cli-'));

function cliPath(): string {
  const dist = join(root, 'dist/server/star-sim.js');
  const srcs = ['server/src/cli/star-sim.ts', 'server/src/cli/explore.ts'].map(f => join(root, f));
  if (existsSync(dist) && srcs.every(s => statSync(dist).mtimeMs >= statSync(s).mtimeMs)) return dist;
  const out = join(tmp, 'star-sim.js');
  buildSync({ absWorkingDir: root, entryPoints: [srcs[0]!], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
  return out;
}
function starSim(args: string[]) {
  const r = spawnSync(process.execPath, [cliPath(), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('star-sim explore on a file without an explore item says so and exits 1', () => {
  const r = starSim(['explore', 'samples/star-llama7b-4k.star']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /samples\/star-llama7b-4k\.star: no explore item: add one/);
  assert.equal(r.stdout, '');
});

test('star-sim explore: usage errors exit 2 with the fix', () => {
  assert.equal(starSim(['explore']).code, 2);
  const both = starSim(['explore', '--json', '--csv', 'samples/star-llama7b-4k.star']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /choose one/);
  assert.match(starSim(['explore', '--help']).stdout, /Usage: star-sim explore/);
  assert.match(starSim(['explore', '--bogus', 'x.star']).stderr, /unknown option '--bogus'/);
});

/** The file is read and checked as usual; the explorations come from code until the language fills them. */
function withExplorations(xs: Exploration[]) {
  return (text: string) => { const a = analyze(text); return { design: { ...a.design, explorations: xs }, diagnostics: a.diagnostics }; };
}
function small(): Exploration {
  return exploration(sampleSimulation('star-llama7b-4k.star'), [
    param('core.sufa.array', arrays(128, [2, 4, 8])),
    param('core.sram.token', [128, 192, 256].map(x => x * KB), ['128 KB', '192 KB', '256 KB']),
    param('mapping.tiling.bc', [64, 96, 128]),
  ], ['latency', 'energy'], [{ metric: 'power', op: '<=', value: 5 }], { kind: 'auto' }, 'sizing');
}
const FILE = join(tmp, 'design.star');
writeFileSync(FILE, readFileSync(join(root, 'samples/star-llama7b-4k.star'), 'utf8'));

test('star-sim explore --json: the contract fields, names as written', () => {
  const r = runExplore(['--json', '--no-journal', FILE], undefined, undefined, withExplorations([small()]));
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { explorations: Array<Record<string, any>> };
  const x = j.explorations[0]!;
  for (const k of ['name', 'objectives', 'space', 'evaluated', 'feasible', 'seconds', 'evaluationsPerS', 'hypervolume', 'front']) assert.ok(k in x, k);
  assert.equal(x.name, 'sizing');
  assert.deepEqual(x.objectives, ['latency', 'energy']);
  assert.equal(x.space.points, 27);
  assert.equal(x.evaluated, 27);
  assert.ok(x.feasible > 0 && x.feasible < 27, 'bc = 96 does not divide 4096');
  assert.ok(x.front.length > 0);
  for (const f of x.front) {
    assert.deepEqual(Object.keys(f.parameters), ['core.sufa.array', 'core.sram.token', 'mapping.tiling.bc']);
    assert.deepEqual(Object.keys(f.metrics), [...METRIC_NAMES]);
    assert.notEqual(f.parameters['mapping.tiling.bc'], '96');
    assert.ok(f.metrics.power <= 5);
  }
  assert.match(x.reference.rule, /reference point 1.1/);
});

test('star-sim explore prints the front as a table; --csv one row per front point; --all every point', () => {
  const t = runExplore(['--no-journal', FILE], undefined, undefined, withExplorations([small()]));
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /explore sizing: 27 points, exhaustive/);
  assert.match(t.stdout, /infeasible: tiling-mismatch 9/);
  assert.match(t.stdout, /core\.sufa\.array\s+core\.sram\.token\s+mapping\.tiling\.bc\s+latency \(ms\)\s+energy \(mJ\)/);
  const all = join(tmp, 'all.jsonl');
  const c = runExplore(['--csv', '--no-journal', '--all', all, FILE], undefined, undefined, withExplorations([small()]));
  const rows = c.stdout.trim().split('\n');
  const j = JSON.parse(runExplore(['--json', '--no-journal', FILE], undefined, undefined, withExplorations([small()])).stdout);
  assert.equal(rows.length, 1 + j.explorations[0].front.length);
  assert.equal(rows[0], ['exploration', 'index', 'core.sufa.array', 'core.sram.token', 'mapping.tiling.bc', ...METRIC_NAMES].join(','));
  const points = readFileSync(all, 'utf8').trim().split('\n').map(l => JSON.parse(l));
  assert.equal(points.length, 27);
  assert.deepEqual(points.map(p => p.index), [...Array(27).keys()]);
  const bad = points.find(p => p.parameters['mapping.tiling.bc'] === '96');
  assert.equal(bad.feasible, false);
  assert.match(bad.reason, /bc = 96 does not divide seq_len 4096/);
});

test('star-sim explore --resume continues a stopped run from its journal', () => {
  const x = coreSpace();
  const journal = defaultJournal(FILE, x.name);
  const once = runExplore(['--json', '--no-journal', FILE], undefined, undefined, withExplorations([x]));
  // a run stopped after its first checkpoint: journal written by the library with a stop
  const first = runExplore(['--json', FILE], undefined, undefined, withExplorations([x]));
  assert.ok(existsSync(journal));
  const again = runExplore(['--json', '--resume', FILE], undefined, undefined, withExplorations([x]));
  assert.equal(again.code, 0, again.stderr);
  const [a, b, c] = [once, first, again].map(r => JSON.parse(r.stdout).explorations[0]);
  assert.equal(c.resumed, true);
  assert.deepEqual(c.front, a.front);
  assert.deepEqual(b.front, a.front);
  const other = runExplore(['--resume', FILE], undefined, undefined, withExplorations([{ ...small(), name: x.name }]));
  assert.equal(other.code, 1);
  assert.match(other.stderr, /error exploration-failed explore sizing: .*belongs to another exploration/);
});
