// The paper's settings as samples: samples/sofa-table2.star and samples/sofa-gpu-comparison.star, checked and
// simulated as the server and the CLI do, give exactly what reproduceTable2() and reproduceGpuComparison() give;
// README.md's reproduction table is exactly those figures with its rounding (the bench prints the same table).
// Nothing here is a hard-coded model output: when the model moves, the README table is what must be refreshed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/language/index.js';
import { simulate } from '../../../src/sim/index.js';
import type { Simulation, Workload } from '../../../src/model/design.js';
import type { SimulationResult } from '../../../src/sim/result.js';
import { PAPER_BC, PAPER_DRAM_BPS, PAPER_SETTINGS, reproduceGpuComparison, reproduceTable2 } from '../../../src/sim/core/paper.js';
import { bertBase, llama7b, starCore } from '../../../src/sim/core/defaults.js';
import { PUBLISHED } from '../../../src/sim/baselines/published.js';
import { paperTableMarkdown } from '../../../src/present/paperTable.js';

const root = join(__dirname, '../../../..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

function simulations(sample: string): Simulation[] {
  const a = analyze(read(join('samples', sample)));
  assert.deepEqual(a.diagnostics.map(d => `${d.code}: ${d.message}`), [], `${sample} must be free of diagnostics`);
  return a.design.simulations;
}

/** Equal to the last bit, or (for a percentage read from text, 7.4 % = 0.07400000000000001) to 1e-12. */
function same(got: number, want: number, what: string): void {
  assert.ok(Number.isFinite(got) && Math.abs(got - want) <= 1e-12 * Math.abs(want), `${what}: the sample gives ${got}, the reproduction ${want}`);
}

const plain = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === 'span' || k === 'name' ? undefined : v)));
const dataOf = (w: Workload) => ({ heavyHitters: 0, sharedDominant: 0, ...w.data });

/** Every setting of paper.ts's run: workload shape, predictor, data, core, tiling, DRAM, stages. */
function assertPaperSettings(sim: Simulation, want: Workload): void {
  const m = sim.mapping, w = m.workload;
  for (const k of ['layers', 'heads', 'headDim', 'seqLen', 'queryLen', 'batch', 'queryBlock'] as const) assert.equal(w[k], want[k], `${sim.name}: workload ${k}`);
  same(w.topK, want.topK, `${sim.name}: top_k`);
  assert.deepEqual(w.predictor, want.predictor, `${sim.name}: predictor (the paper's runs truncate K^ to key_bits = ${want.predictor.kind === 'dlzs' ? want.predictor.keyBits : '?'})`);
  assert.deepEqual(dataOf(w), dataOf(want), `${sim.name}: synthetic data`);
  assert.deepEqual(plain(m.chip.core), plain(starCore()), `${sim.name}: the core`);
  assert.equal(m.chip.singleCore, true);
  assert.equal(m.tiling.bc, PAPER_BC, `${sim.name}: bc`);
  assert.equal(m.chip.dram.bandwidthBps, PAPER_DRAM_BPS, `${sim.name}: DRAM bandwidth`);
  assert.equal(m.stages, 'pipelined', `${sim.name}: stages`);
}

test('sofa-table2.star writes every setting reproduceTable2() uses', () => {
  const sims = simulations('sofa-table2.star');
  assert.equal(sims.length, 1);
  assertPaperSettings(sims[0]!, llama7b(PAPER_SETTINGS[2].topK));
  assert.ok(sims[0]!.baselines.includes('spatten') && sims[0]!.baselines.includes('fact'));
});

test('sofa-table2.star simulates to exactly reproduceTable2()\'s figures', () => {
  const r = simulate(simulations('sofa-table2.star')[0]!);
  const t2 = reproduceTable2();
  same(r.effectiveGops, t2.gops, 'GOPS');
  same(r.areaMm2, t2.areaMm2, 'area');
  same(r.powerW.core, t2.powerCoreW, 'core power');
  same(r.powerW.total, t2.powerDeviceW, 'device power');
  same(r.gopsPerWCore, t2.gopsPerWCore, 'core GOPS/W');
  same(r.gopsPerWDevice, t2.gopsPerWDevice, 'device GOPS/W');
  same(r.gopsPerMm2, t2.gopsPerMm2, 'GOPS/mm2');
  same(r.baselines.spatten!.energyGain, t2.gainVsSpattenEnergy, 'energy gain over SpAtten');
  same(r.baselines.fact!.areaGain!, t2.gainVsFactArea, 'area-efficiency gain over FACT');
  same(r.dramBytes / (r.latencyMs * 1e-3) / 1e9, t2.dramGBps, 'DRAM GB/s');
});

test('sofa-gpu-comparison.star holds the three accuracy settings, one mapping and one simulate statement each', () => {
  const sims = simulations('sofa-gpu-comparison.star');
  assert.equal(sims.length, PAPER_SETTINGS.length);
  assert.equal(new Set(sims.map(s => s.mapping.name)).size, PAPER_SETTINGS.length);
  sims.forEach((s, i) => {
    assertPaperSettings(s, bertBase(PAPER_SETTINGS[i]!.topK));
    assert.deepEqual(s.baselines, ['a100']);
  });
});

test('sofa-gpu-comparison.star simulates to exactly reproduceGpuComparison()\'s figures', () => {
  const results: SimulationResult[] = simulations('sofa-gpu-comparison.star').map(s => simulate(s));
  reproduceGpuComparison().forEach((g, i) => {
    const r = results[i]!, a = r.baselines.a100!;
    same(a.speedup, g.speedup, `${g.setting}: speedup`);
    same(a.energyGain, g.energyGain, `${g.setting}: energy gain`);
    same(r.latencyMs, g.starMs, `${g.setting}: STAR latency`);
    same(a.latencyMs!, g.gpuMs, `${g.setting}: A100 latency`);
    same(r.powerW.total, g.starW, `${g.setting}: STAR power`);
  });
});

const REGENERATE = 'node --conditions=import --import tsx scripts/paper-table.ts';

/** README.md's table under "What the model reproduces", as its lines. */
function readmeSection(): { section: string; table: string } {
  const text = read('README.md');
  const start = text.indexOf('## What the model reproduces');
  assert.ok(start >= 0, 'README.md has no "What the model reproduces" section');
  const end = text.indexOf('\n## ', start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  const table = section.split('\n').filter(l => l.startsWith('|')).join('\n');
  return { section, table };
}

test('README.md\'s reproduction table is exactly the model\'s figures (the bench prints the same table)', () => {
  const want = paperTableMarkdown(reproduceGpuComparison(), reproduceTable2());
  assert.equal(readmeSection().table, want,
    `README.md's reproduction table is out of date with the model: run \`${REGENERATE}\` and paste its output over the table`);
});

test('the README\'s reproduction section points to the two samples', () => {
  const { section } = readmeSection();
  for (const f of ['samples/sofa-table2.star', 'samples/sofa-gpu-comparison.star']) assert.ok(section.includes(f), `README.md should name ${f} there`);
});

test('FACT\'s area-efficiency gain is our GOPS/mm2 over its published one', () => {
  const r = simulate(simulations('sofa-table2.star')[0]!);
  same(r.baselines.fact!.areaGain!, r.gopsPerMm2 / PUBLISHED.fact.gopsPerMm2, 'area gain');
  assert.equal(r.baselines.a100, undefined);
});
