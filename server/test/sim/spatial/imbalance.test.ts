// Load imbalance: block cv, the slowest core's factor, its effect on a compute-bound mesh.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { blockCv, imbalanceFactor, inflateStats } from '../../../src/sim/spatial/imbalance.js';
import { runSpatial } from '../../../src/sim/spatial/model.js';
import { quickStats } from '../../../src/sim/spatial/checks.js';
import type { FunctionalStats } from '../../../src/sim/functional/stats.js';
import { chip, llama, mapping } from './fixtures.js';

function statsWith(over: Partial<FunctionalStats>, rows = 512, block = 128): FunctionalStats {
  const m = mapping(llama(4096), chip(1, 1));
  const s = quickStats(m);
  return { ...s, ...over, params: { ...s.params, queryRows: rows, queryBlock: block } };
}

test('block cv comes from blockImbalance over several sampled blocks, else from the per-row cv', () => {
  const several = statsWith({ blockImbalance: 1.5, keptPerRowCv: 0.2 }, 512, 128);   // 4 blocks
  assert.ok(Math.abs(blockCv(several, 128) - 0.5 / Math.sqrt(2 * Math.log(4))) < 1e-12);
  const one = statsWith({ blockImbalance: 1, keptPerRowCv: 0.4 }, 64, 64);
  assert.ok(Math.abs(blockCv(one, 128) - 0.4 / 8) < 1e-12);
});

test('the slowest-core factor is 1 for one core, grows with the cores and shrinks with the work per core', () => {
  const s = statsWith({ blockImbalance: 1.8, keptPerRowCv: 0.3 });
  assert.equal(imbalanceFactor(s, 128, 1, 10), 1);
  fc.assert(fc.property(fc.integer({ min: 2, max: 4096 }), fc.integer({ min: 1, max: 10_000 }), (n, u) => {
    const f = imbalanceFactor(s, 128, n, u);
    assert.ok(f >= 1 && f <= 4);
    assert.ok(imbalanceFactor(s, 128, n * 2, u) >= f);
    assert.ok(imbalanceFactor(s, 128, n, u * 4) <= f);
  }));
  assert.equal(inflateStats(s, 1), s);
  assert.ok(inflateStats(s, 1.5).keptFraction > s.keptFraction);
});

test('unequal blocks slow a compute-bound mesh down; equal blocks do not', () => {
  const w = llama(4096, { layers: 1 });
  const m = mapping(w, chip(4, 4, { linkBandwidthBps: 1e15, dramBps: 1e16 }), { kvFlow: 'own' });
  const v = { stages: 'pipelined' as const, kvFlow: 'own' as const, partition: m.partition, kvSource: 'dram' as const };
  const even = runSpatial(m, statsWith({ blockImbalance: 1, keptPerRowCv: 0 }), v);
  const uneven = runSpatial(m, statsWith({ blockImbalance: 3, keptPerRowCv: 0.5 }), v);
  assert.equal(even.imbalance, 1);
  assert.equal(even.imbalanceS, 0);
  assert.ok(uneven.imbalance > 1.2, `factor ${uneven.imbalance}`);
  assert.ok(uneven.latencyS > even.latencyS);
  assert.ok(uneven.imbalanceS > 0);
});
