// Reproduction of SOFA's published results on the default core. The published figures are REFERENCE data here;
// the model's own outputs are compared with them (15% windows, as issue 5 asks).
import test from 'node:test';
import assert from 'node:assert/strict';
import { reproduceGpuComparison, reproduceTable2 } from '../../../src/sim/core/paper.js';
import { PUBLISHED_GAINS, PUBLISHED_STAR } from '../../../src/sim/baselines/published.js';
import { PAPER_DATA } from '../../../src/sim/core/defaults.js';

const within = (got: number, want: number, tol = 0.15) =>
  assert.ok(Math.abs(got / want - 1) <= tol, `${got.toFixed(2)} is not within ${tol * 100}% of ${want}`);

const gpu = reproduceGpuComparison();
const PAPER_SPEEDUP = PUBLISHED_GAINS.a100Speedup;
const PAPER_ENERGY = PUBLISHED_GAINS.a100EnergyGain;

for (let i = 0; i < 3; i++) {
  test(`speedup over the A100 at ${gpu[i].setting} within 15% of ${PAPER_SPEEDUP[i]}x`, () => within(gpu[i].speedup, PAPER_SPEEDUP[i]));
}
test('energy-efficiency gain over the A100 at 0% loss within 15% of 49.8x', () => within(gpu[0].energyGain, PAPER_ENERGY[0]));
test('energy-efficiency gain over the A100 at 1% loss within 15% of 57.6x', () => within(gpu[1].energyGain, PAPER_ENERGY[1]));
test('energy-efficiency gain over the A100 at 2% loss within 15% of 71.5x',
  { todo: 'known gap (model 58.0x): STAR energy is dominated by DRAM bytes; with the default data (no heavy hitters) a 128-query block selects every V row, so top-k barely shrinks them; the paper\'s gains grow like constant power x time (docs/model.md, "Known gaps")' },
  () => within(gpu[2].energyGain, PAPER_ENERGY[2]));

test('gains grow with sparsity, as in the paper', () => {
  assert.ok(gpu[0].speedup < gpu[1].speedup && gpu[1].speedup < gpu[2].speedup);
  assert.ok(gpu[0].energyGain < gpu[1].energyGain && gpu[1].energyGain < gpu[2].energyGain);
});

test('the A100 model runs below its peak on these small problems, for the documented reasons', () => {
  // 2.6 TOPS is what the paper's figures imply (24,423 GOPS / 9.5); our A100 lands in the same low range.
  const g = gpu[0];
  const gpuTops = (4 * 384 * 384 * 64 * 12 * 12) / (g.gpuMs * 1e-3) / 1e12;
  assert.ok(gpuTops > 1 && gpuTops < 10, String(gpuTops));
  assert.ok(g.gpuW > 15 && g.gpuW < 100, String(g.gpuW));
});

const t2 = reproduceTable2();
test('Table II: GOPS/mm2 within 15% of the STAR row (4292)', () => within(t2.gopsPerMm2, PUBLISHED_STAR.gopsPerMm2));
test('Table II: area-efficiency gain over FACT near 27.1x', () => within(t2.gainVsFactArea, 27.1));
test('Table II: core GOPS/W within 15% of the STAR row (25,708)', () => within(t2.gopsPerWCore, PUBLISHED_STAR.gopsPerWCore));
test('Table II: device GOPS/W within 15% of the STAR row (7183)',
  { todo: 'known gap (model 3,994): 7183 = 24,423 GOPS / 3.40 W, memory at 59.8 GB/s; Q and O alone (16-bit, once per head) need 53 GB/s at 27 TOPS, and with the default data the selected K/V rows are all rows (146 GB/s in all); docs/model.md, "Known gaps"' },
  () => within(t2.gopsPerWDevice, PUBLISHED_STAR.gopsPerWDevice!));
test('Table II: device energy-efficiency gain over SpAtten near 16.1x',
  { todo: 'known gap (model 8.9x): follows the device GOPS/W gap above' },
  () => within(t2.gainVsSpattenEnergy, 16.1));
test('Table II: core area and power match the published row', () => {
  within(t2.areaMm2, PUBLISHED_STAR.areaMm2, 0.1);
  within(t2.powerCoreW, PUBLISHED_STAR.powerCoreW, 0.15);
});

test('shared dominant keys (heavy hitters) shrink DRAM traffic and raise device GOPS/W, as RASS\'s reuse implies', () => {
  const shared = reproduceTable2({ ...PAPER_DATA, heavyHitters: 0.1, sharedDominant: 0.8 });
  assert.ok(t2.blockUnionShare > 0.9, `default data: block union ${t2.blockUnionShare}`);
  assert.ok(shared.blockUnionShare < 0.5 * t2.blockUnionShare, `${shared.blockUnionShare}`);
  assert.ok(shared.dramGBps < 0.8 * t2.dramGBps, `${shared.dramGBps} vs ${t2.dramGBps} GB/s`);
  assert.ok(shared.gopsPerWDevice > 1.3 * t2.gopsPerWDevice, `${shared.gopsPerWDevice} vs ${t2.gopsPerWDevice}`);
});

// The open gaps, bracketed: the default data (rows of a block pick their keys independently) gives the lower end;
// ideal sharing (every row of a block picks the same keys: a bound, not data) the upper end. The paper's device
// figure lies inside, at the sharing end: its 59.8 GB/s is what the model moves when a block fetches one row's keys.
test('the paper\'s device GOPS/W and DRAM traffic lie between no sharing and ideal sharing of KV rows in a block', () => {
  const ideal = reproduceTable2(PAPER_DATA, 'ideal');
  assert.ok(ideal.blockUnionShare < 0.1, `ideal block union ${ideal.blockUnionShare}`);
  assert.ok(t2.gopsPerWDevice < PUBLISHED_STAR.gopsPerWDevice! && PUBLISHED_STAR.gopsPerWDevice! < ideal.gopsPerWDevice,
    `${t2.gopsPerWDevice.toFixed(0)} < 7183 < ${ideal.gopsPerWDevice.toFixed(0)}`);
  // traffic per unit of work (bytes per dense op), so the bracket does not move with the model's compute speed: the
  // paper's 59.8 GB/s is at its own 24,423 GOPS
  const perOp = (gbps: number, gops: number) => gbps / gops;
  const paperPerOp = perOp(59.8, PUBLISHED_STAR.gops);
  assert.ok(perOp(ideal.dramGBps, ideal.gops) < paperPerOp * 1.15 && perOp(t2.dramGBps, t2.gops) > paperPerOp,
    `${ideal.dramGBps.toFixed(1)} GB/s at ${ideal.gops.toFixed(0)} GOPS / ${t2.dramGBps.toFixed(1)} GB/s at ${t2.gops.toFixed(0)} GOPS`);
  // sharing changes bytes, not compute: the same throughput (compute-bound), less SRAM energy for fewer staged bytes
  within(ideal.gops, t2.gops, 0.02);
  assert.ok(ideal.powerCoreW < t2.powerCoreW, `${ideal.powerCoreW} vs ${t2.powerCoreW} W`);
  const gpuIdeal = reproduceGpuComparison(PAPER_DATA, 'ideal');
  for (let i = 0; i < 3; i++) assert.ok(gpuIdeal[i].energyGain > gpu[i].energyGain, `${gpuIdeal[i].energyGain} vs ${gpu[i].energyGain}`);
  assert.ok(gpu[2].energyGain < PAPER_ENERGY[2] && PAPER_ENERGY[2] < gpuIdeal[2].energyGain);
});
