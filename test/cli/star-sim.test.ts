// Runs the built `star-sim` bin as a user would: on the samples and on temp files.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { FUNCTIONAL_DEFAULTS } from '../../server/src/sim/functional/index.js';

const root = resolve(__dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'star-sim-'));

/** dist/server/star-sim.js when it is up to date (npm test builds first), else a fresh bundle of the same entry. */
function cliPath(): string {
  const dist = join(root, 'dist/server/star-sim.js');
  const src = join(root, 'server/src/cli/star-sim.ts');
  if (existsSync(dist) && statSync(dist).mtimeMs >= statSync(src).mtimeMs) return dist;
  const out = join(tmp, 'star-sim.js');
  buildSync({ absWorkingDir: root, entryPoints: [src], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    banner: { js: '#!/usr/bin/env node' }, logLevel: 'silent' });
  return out;
}
const CLI = cliPath();

function starSim(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function tempFile(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

const DESIGN = `technology tsmc28 {
  node      = 28 nm
  voltage   = 1.0 V
  frequency = 1 GHz
}
workload bert {
  model       = "BERT-base"
  layers      = 12
  heads       = 12
  head_dim    = 64
  seq_len     = 384 tokens
  query_block = 128 tokens
  sparsity {
    top_k     = 10 %
    predictor = dlzs { token_bits = 8, weight_lz_bits = 4, query_bits = 16, key_bits = 8 }
  }
  data = synthetic { dominant_spread = 0.75, dominant_few = 0.25, seed = 7 }
}
core star {
  technology = tsmc28
}
mapping bert_on_star for bert on star {
  tiling { bc = 64 }
}
`;

const REQUIRED = ['name', 'latencyMs', 'tokensPerS', 'effectiveGops', 'energyMJ', 'powerW', 'areaMm2', 'gopsPerWCore', 'gopsPerWDevice',
  'gopsPerMm2', 'utilization', 'bottleneck', 'dramBytes', 'breakdown', 'baselines', 'functional'];

function checkResult(r: Record<string, any>): void {
  for (const k of REQUIRED) assert.ok(k in r, `missing ${k}`);
  for (const k of ['core', 'io', 'dram', 'total']) assert.ok(Number.isFinite(r.powerW[k]), `powerW.${k}`);
  for (const k of ['dlzs', 'sads', 'kvgen', 'sufa']) assert.ok(r.utilization[k] >= 0 && r.utilization[k] <= 1, `utilization.${k}`);
  assert.ok(r.latencyMs > 0 && r.effectiveGops > 0 && r.energyMJ > 0);
  for (const s of r.breakdown) assert.ok(typeof s.step === 'string' && s.speedup > 0);
  for (const [name, b] of Object.entries<any>(r.baselines)) assert.ok(Number.isFinite(b.speedup) && Number.isFinite(b.energyGain), name);
  assert.ok(r.functional.topkRecall >= 0 && r.functional.topkRecall <= 1);
  assert.ok(Number.isFinite(r.functional.outputRelError));
}

test('--help and --version', () => {
  const h = starSim(['--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /--json/);
  assert.match(h.stdout, /FILE\.star/);
  // The default the help states is the one the functional model uses, and docs/cli.md says the same.
  const rows = FUNCTIONAL_DEFAULTS.sampleRows;
  assert.match(h.stdout, new RegExp(`--sample-rows N .*\\(default ${rows};`));
  assert.match(readFileSync(join(root, 'docs/cli.md'), 'utf8'), new RegExp(`\\| \`--sample-rows N\` \\|[^\\n]*default ${rows}\\b`));
  const v = starSim(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^\d+\.\d+\.\d+/);
});

test('usage errors exit 2 and say what to do', () => {
  const none = starSim([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no input file/);
  const bad = starSim(['--frobnicate', 'x.star']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown option '--frobnicate'/);
  assert.equal(starSim(['--sample-rows', 'zero', 'x.star']).code, 2);
});

test('a missing file is reported and exits 1', () => {
  const r = starSim([join(tmp, 'absent.star')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot read .*absent\.star: no such file/);
});

test('--json prints one object with every simulation and the contract fields', () => {
  const f = tempFile('ok.star', DESIGN + 'simulate bert_on_star against a100, a100_flash2, spatten, fact, baseline_spatial\nsimulate bert_on_star against a100\n');
  const r = starSim(['--json', f]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['simulations']);
  assert.equal(out.simulations.length, 2);
  for (const s of out.simulations) checkResult(s);
  const first = out.simulations[0];
  assert.deepEqual(Object.keys(first.baselines).sort(), ['a100', 'a100_flash2', 'baselineSpatial', 'fact', 'spatten']);
  assert.ok(first.baselines.a100.speedup > 1, 'STAR beats the A100 on short BERT attention');
  assert.equal(first.breakdown.length, 6);
  // issue 17: each step's DRAM bytes, its own gain and what it saves against the step before
  let prev = 1;
  for (const s of first.breakdown) {
    assert.ok(Number.isFinite(s.dramBytes) && s.dramBytes > 0, `${s.step}: dramBytes`);
    assert.ok(Number.isFinite(s.dramSavedBytes), `${s.step}: dramSavedBytes`);
    assert.ok(Math.abs(s.stepSpeedup - s.speedup / prev) < 1e-9 * s.speedup, `${s.step}: stepSpeedup = cumulative / previous`);
    prev = s.speedup;
  }
  assert.equal(first.breakdown.at(-1).dramBytes, first.dramBytes, 'the last step is the simulated design');
  assert.notEqual(out.simulations[0].name, out.simulations[1].name, 'a mapping simulated twice gets distinct names');
});

test('the readable report has the headline figures, engines, breakdown and baselines', () => {
  const f = tempFile('report.star', DESIGN + 'simulate bert_on_star against a100, spatten\n');
  const r = starSim([f]);
  assert.equal(r.code, 0, r.stderr);
  for (const word of ['latency', 'tokens/s', 'GOPS/W device', 'GOPS/mm2', 'bottleneck', 'engines', 'breakdown', 'against baselines', 'spatten', 'published reference data'])
    assert.ok(r.stdout.includes(word), `report lacks '${word}'`);
  // the ablation shows each step's own gain beside the cumulative one, and its DRAM traffic, under honest titles
  assert.match(r.stdout, /cumulative = over dense attention on the same hardware, this step = over the step before/);
  assert.match(r.stdout, /step +cumulative +this step +DRAM +DRAM vs step before/);
  assert.match(r.stdout, /\+ RASS +[\d.]+x +[\d.]+x +[\d.]+ [KMG]?B +(-\d+(\.\d)?% \(-[\d.]+ [KMG]?B\)|same)/);
});

test('--progress prints progress lines on stderr, not stdout', () => {
  const f = tempFile('progress.star', DESIGN + 'simulate bert_on_star against a100\n');
  const r = starSim(['--json', '--progress', f]);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /\[1\/1\].*functional model/);
  JSON.parse(r.stdout);
});

test('errors in the file: diagnostics as FILE:LINE:COL: severity code message, exit 1, no simulation', () => {
  const bad = DESIGN.replace('head_dim    = 64', 'head_dim    = -64') + 'simulate bert_on_star against a100\n';
  const line = bad.split('\n').findIndex(l => l.includes('head_dim')) + 1;
  const f = tempFile('bad.star', bad);
  const r = starSim(['--json', f]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '{\n  "simulations": []\n}\n');
  const diag = r.stderr.split('\n').find(l => l.includes(':' + line + ':'));
  assert.ok(diag, r.stderr);
  assert.match(diag!, new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:\\d+: error [a-z-]+ .+`));
});

test('exact prediction simulates; a fault of the simulator is simulation-failed and says it is not the file\'s', () => {
  const exact = DESIGN.replace(/predictor = dlzs \{[^}]*\}/, 'predictor = exact') + 'simulate bert_on_star\n';
  const ok = starSim(['--json', tempFile('exact.star', exact)]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).simulations.length, 1);
  // STAR_SIM_TEST_FAULT (test-only) throws inside the run of that simulate statement, as a bug would
  const r = starSim(['--json', tempFile('fault.star', exact)], { ...process.env, STAR_SIM_TEST_FAULT: 'bert_on_star' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /:\d+:\d+: error simulation-failed simulate bert_on_star: internal fault of the simulator, not an error in the file .*: test fault/);
});

test('a file without simulate statements says so and prints an empty list', () => {
  const f = tempFile('nosim.star', DESIGN);
  const r = starSim(['--json', f]);
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.stdout), { simulations: [] });
  assert.match(r.stderr, /no simulate statement/);
});

const samples = readdirSync(join(root, 'samples')).filter(f => f.endsWith('.star')).sort();
test('the samples the README lists are all there', () => {
  for (const name of ['star-llama7b-4k.star', 'star-bert-base-512.star', 'sofa-table2.star', 'sofa-gpu-comparison.star', 'explore-star-core.star', 'explore-spatial.star', 'spatial-4x4-llama7b-64k.star', 'spatial-8x8-llama7b-256k.star', 'mistakes.star']) {
    assert.ok(samples.includes(name), `samples/${name} is missing`);
  }
});
for (const s of samples) {
  test(`sample ${s}`, () => {
    const path = join('samples', s);
    const text = readFileSync(join(root, path), 'utf8');
    const r = starSim(['--json', path]);
    const hasErrors = /^[^\n]*:\d+:\d+: error /m.test(r.stderr);
    if (s.includes('mistake')) {
      assert.equal(r.code, 1, 'the mistakes sample must fail');
      assert.ok(hasErrors);
      for (const l of r.stderr.trim().split('\n')) assert.match(l, /^samples\/mistakes\.star:\d+:\d+: (error|warning) [a-z-]+ /);
      return;
    }
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const statements = (text.match(/^simulate\s/gm) ?? []).length;
    assert.equal(out.simulations.length, statements);
    for (const sim of out.simulations) checkResult(sim);
  });
}

test('a binary file: errors capped and escaped, exit 1, nothing crashes', () => {
  const bytes = Buffer.alloc(20000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
  const f = join(tmp, 'binary.star');
  writeFileSync(f, bytes);
  const r = starSim([f]);
  assert.equal(r.code, 1);
  const lines = r.stderr.trim().split('\n');
  assert.ok(lines.length <= 51, String(lines.length));
  assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(r.stderr), 'no raw control characters reach the terminal');
});
