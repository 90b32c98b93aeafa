// DRAM traffic per ablation step (issue 17): each step's bytes, its own gain, and what RASS and the cross-stage tiled
// dataflow save, asserted as mechanisms (bytes that must or must not move), not as ratios.
import test from 'node:test';
import assert from 'node:assert/strict';
import { breakdown } from '../../../src/sim/core/simulate.js';
import { evaluateCore, type CoreContext } from '../../../src/sim/core/evaluate.js';
import { bertBase, starCore } from '../../../src/sim/core/defaults.js';
import { ahatTileBytes } from '../../../src/model/tiling.js';
import { handStats, work } from './fixtures.js';

const ctx: CoreContext = { stages: 'pipelined', dramBandwidthBps: 512e9, kvSource: 'dram' };
const w = bertBase(0.074);
const wk = work(w);
const B = w.queryBlock, d = w.headDim, bc = 64, tc = Math.ceil(w.seqLen / bc), blocks = Math.ceil(w.queryLen / B);
const units = w.heads * w.layers * w.batch;
const keptPerTile = 5;                                   // kept keys per row and tile (5 of 64)
// Every row of a block selects the same keys: the block's union is one row's selection (RASS fetches it once);
// without RASS each of the B rows fetches it (the row-order baseline).
const shared = handStats(keptPerTile / bc, { rassUniqueFraction: 1 / B, rassFetchWith: 1, rassFetchWithout: B });
// No token SRAM left for a head's K and V: every block fetches its own (re-fetch factor 1), so the bytes are exact.
const core = starCore();
const noReuseCore = { ...core, sram: { ...core.sram, tokenBytes: 0 } };
/** equal up to floating-point rounding of sums of products */
function close(actual: number | undefined, expected: number, what: string): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);
}

test('each ablation step carries its DRAM bytes and its own gain beside the cumulative one', () => {
  const steps = breakdown(core, wk, shared, ctx);
  const dense = evaluateCore(core, wk, shared, { ...ctx, dense: true });
  let prevBytes = dense.bytes.dram, prevSpeedup = 1, product = 1;
  for (const s of steps) {
    assert.ok(Number.isFinite(s.dramBytes) && s.dramBytes! > 0, `${s.step}: dramBytes`);
    close(s.dramSavedBytes, prevBytes - s.dramBytes!, `${s.step}: saved`);
    assert.ok(Math.abs(s.stepSpeedup! - s.speedup / prevSpeedup) < 1e-9 * s.speedup, `${s.step}: own gain = cumulative / previous`);
    product *= s.stepSpeedup!;
    prevBytes = s.dramBytes!; prevSpeedup = s.speedup;
  }
  assert.ok(Math.abs(product - steps.at(-1)!.speedup) < 1e-9 * product, 'the own gains multiply to the cumulative speedup');
  // The last step is the design itself: its bytes are the simulated run's.
  assert.equal(steps.at(-1)!.dramBytes, evaluateCore(core, wk, shared, ctx).bytes.dram);
});

test('RASS step: with every row of a block selecting the same keys, each KV row is fetched once per block, not once per row', () => {
  const steps = breakdown(noReuseCore, wk, shared, ctx);
  const rass = steps.find(s => s.step === '+ RASS')!;
  // stage-isolated at this step: the exact scores read the whole K row (16 bits), plus the V row (16 bits)
  const rowBytes = d * (2 + 2);
  const tiles = blocks * tc * units;
  close(rass.dramSavedBytes, (B - 1) * keptPerTile * rowBytes * tiles, 'RASS saves B - 1 fetches of each shared row');
});

test('cross-stage step: a tile that stays on chip is never written to DRAM; the saving is A^, the indices and the K high plane', () => {
  const steps = breakdown(noReuseCore, wk, shared, ctx);
  const last = steps.at(-1)!;
  assert.equal(last.step, '+ cross-stage pipelining');
  const tiles = blocks * tc * units;
  const ahat = ahatTileBytes(B, bc), idx = B * keptPerTile * 2;
  // isolated: A^ and indices written and read back; the exact scores re-read the selected rows' K high byte plane
  close(last.dramSavedBytes, tiles * (2 * (ahat + idx) + keptPerTile * d * 1), 'cross-stage saving');
  // pipelined: the only bytes written are the outputs O (16 bits)
  const star = evaluateCore(noReuseCore, wk, shared, ctx);
  close(star.bytes.dramWrite, w.queryLen * d * 2 * units, 'pipelined writes only O');
  // a temp buffer too small for the A^ tile spills it: then it is written
  const small = { ...noReuseCore, sram: { ...noReuseCore.sram, tempBytes: ahat - 1 } };
  close(evaluateCore(small, wk, shared, ctx).bytes.dramWrite, w.queryLen * d * 2 * units + tiles * (ahat + idx), 'a spilled A^ tile is written');
});
