// simulateCore and simulate(): a single-core result's consistency, breakdown, baselines, progress, input errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import { simulate, simulateDesign, SimulationInputError } from '../../../src/sim/index.js';
import { simulateCore } from '../../../src/sim/core/simulate.js';
import { bertBase, llama7b, starCore } from '../../../src/sim/core/defaults.js';
import { PUBLISHED } from '../../../src/sim/baselines/published.js';
import { handStats, simulation } from './fixtures.js';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b)), `${a} vs ${b}`);

test('a single-core result is internally consistent', () => {
  const r = simulateCore(simulation(), handStats());
  close(r.powerW.total, r.powerW.core + r.powerW.io + r.powerW.dram);
  const parts = Object.values(r.energyByComponentMJ).reduce((a, b) => a + b, 0);
  close(parts, r.energyMJ, 1e-6);
  close(r.energyMJ / 1e3, r.powerW.total * r.latencyMs / 1e3, 1e-6);
  close(r.effectiveGops, 4 * 384 * 384 * 64 * 12 * 12 / (r.latencyMs * 1e-3) / 1e9);
  close(r.tokensPerS, 384 / (r.latencyMs * 1e-3));
  close(r.gopsPerWDevice, r.effectiveGops / r.powerW.total);
  close(r.gopsPerMm2, r.effectiveGops / r.areaMm2);
  close(r.areaMm2, Object.values(r.areaByComponentMm2).reduce((a, b) => a + b, 0));
  for (const e of ['dlzs', 'sads', 'kvgen', 'sufa'] as const) close(r.utilization[e], r.engines[e].utilization);
  assert.equal(r.cores.length, 1);
  assert.deepEqual(r.links, []);
  assert.equal(r.dramChannels[0]!.bytes, r.dramBytes);
  assert.ok(r.notes.some(n => n.includes('137 GOP')));
});

test('the breakdown ends at full STAR and each step is cumulative over dense', () => {
  const r = simulateCore(simulation({ workload: llama7b(0.074, 2048) }), handStats());
  assert.equal(r.breakdown.length, 6);
  assert.match(r.breakdown[0]!.step, /sparse software/);
  assert.match(r.breakdown.at(-1)!.step, /cross-stage/);
  // Full STAR is the last step: its speedup over dense equals dense latency / this latency.
  const last = r.breakdown.at(-1)!.speedup;
  assert.ok(last > r.breakdown[0]!.speedup, 'the engines add to what the sparse software alone gives');
  assert.ok(last > 1);
});

test('baselines: the names asked for, published ones labelled as reference data', () => {
  const r = simulateCore(simulation({ baselines: ['a100', 'a100_flash2', 'a100_lowbit_flash2', 'spatten', 'fact', 'baseline_spatial'] }), handStats());
  assert.deepEqual(Object.keys(r.baselines).sort(), ['a100', 'a100_flash2', 'a100_lowbit_flash2', 'baselineSpatial', 'fact', 'spatten']);
  assert.match(r.baselines.spatten!.basis!, /published reference data/);
  assert.equal(r.baselines.spatten!.latencyMs, PUBLISHED.spatten.latencyMs);
  assert.ok(r.baselines.baselineSpatial!.speedup > 1, 'stage isolation is slower');
  assert.ok(r.spatialBreakdown && r.spatialBreakdown.length > 0);
  // FlashAttention-2 is a stronger GPU baseline than eager dense attention.
  assert.ok(r.baselines.a100_flash2!.speedup < r.baselines.a100!.speedup);
  for (const b of Object.values(r.baselines)) assert.ok(b.speedup > 0 && b.energyGain > 0 && b.basis);
});

test('unknown baseline names are skipped, not invented', () => {
  const r = simulateCore(simulation({ baselines: ['nonesuch'] }), handStats());
  assert.deepEqual(r.baselines, {});
});

test('simulate() runs the functional model and reports progress', () => {
  const seen: number[] = [];
  const r = simulate(simulation({ workload: bertBase(0.1, 128) }), { functionalSampleRows: 16, onProgress: f => seen.push(f) });
  assert.ok(seen[0] === 0 && seen.at(-1) === 1);
  assert.ok(r.functional.topkRecall > 0 && r.functional.topkRecall <= 1);
});

test('bad inputs get an error naming the field and the fix', () => {
  const cases: Array<[(s: ReturnType<typeof simulation>) => void, RegExp]> = [
    [s => { s.mapping.workload.headDim = 0; }, /headDim = 0 must be an integer in 1\.\.1024/],
    [s => { s.mapping.workload.topK = 1.5; }, /top_k = 1.5 must be a number in \(0, 1\] \(a fraction: 20 % is 0.2\)/],
    [s => { s.mapping.tiling.bc = 0; }, /tiling\.bc.*bc = 0 must be an integer in 1\.\./],
    [s => { s.mapping.chip.dram.bandwidthBps = 0; }, /dram\.bandwidth/],
    [s => { s.mapping.chip.core = starCore({ sads: { sorters: 128, inputs: 4, outputs: 4, radius: 4, enabled: true } }); }, /width must shrink/],
    [s => { s.mapping.workload.seqLen = Number.NaN; }, /seqLen = NaN/],
    [s => { s.mapping.workload.predictor = { ...s.mapping.workload.predictor, keyBits: Number.NaN }; }, /predictor\.keyBits.*keyBits = NaN/],
  ];
  for (const [mutate, msg] of cases) {
    const s = simulation();
    mutate(s);
    assert.throws(() => simulate(s), (e: unknown) => e instanceof SimulationInputError && msg.test(e.message), String(msg));
  }
});

test('simulateDesign runs every simulation', () => {
  const a = simulation(), b = simulation({ workload: bertBase(0.2, 128) });
  b.name = 'second';
  const rs = simulateDesign({ technologies: [], workloads: [], cores: [], chips: [], mappings: [], simulations: [a, b] }, { functionalSampleRows: 16 });
  assert.deepEqual(rs.map(r => r.name), ['sim', 'second']);
});

test('the breakdown follows the design: techniques it switches off stay off, and the last step is the design', () => {
  const core = starCore({ rass: false });
  const sim = simulation({ core, stages: 'isolated' });
  const r = simulateCore(sim, handStats());
  assert.match(r.breakdown[4]!.step, /RASS \(off in this design\)/);
  assert.match(r.breakdown[5]!.step, /cross-stage pipelining \(off in this design\)/);
  close(r.breakdown[4]!.speedup, r.breakdown[3]!.speedup);
  close(r.breakdown[5]!.speedup, r.breakdown[3]!.speedup);
  // The last step is exactly the simulated design: its speedup over dense is dense latency / this latency.
  const star = simulateCore(simulation(), handStats());
  assert.ok(!star.breakdown.some(s => s.step.includes('off in this design')));
});
