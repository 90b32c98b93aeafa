// Each mesh core's own engines in the result (cores[].engines): consistent with the core's total, 0 on an idle core,
// different where the shares differ, and the chip's engines are their mean.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { statsFor } from '../../../src/sim/core/simulate.js';
import { optimizedVariant, simulateSpatial } from '../../../src/sim/spatial/simulate.js';
import { runSpatial } from '../../../src/sim/spatial/model.js';
import { simulate } from '../../../src/sim/index.js';
import type { CoreResult, SimulationResult } from '../../../src/sim/result.js';
import type { FunctionalStats } from '../../../src/sim/functional/stats.js';
import { chip, llama, mapping, simulation, type MapOpts } from './fixtures.js';

const ENGINES = ['dlzs', 'sads', 'kvgen', 'sufa'] as const;
// Sums of ms over cores are compared in floating point: a relative tolerance, not an exact match.
const TOL = 1e-9;

let statsCache: FunctionalStats | undefined;
function stats(): FunctionalStats {
  return (statsCache ??= statsFor(mapping(llama(4096), chip(1, 1))));
}

function coreAt(r: SimulationResult, row: number, col: number): CoreResult {
  const c = r.cores.find(k => k.row === row && k.col === col);
  assert.ok(c, `core ${row},${col} in the result`);
  return c;
}
function engineBusiest(c: CoreResult): number {
  return Math.max(...ENGINES.map(k => c.engines![k].busyMs));
}

/** Every core: engines present and finite, utilisation = busy / latency, busiest engine within the core's busy time. */
function checkConsistent(r: SimulationResult): void {
  for (const c of r.cores) {
    const at = `core ${c.row},${c.col}`;
    assert.ok(c.engines, `${at} carries its engines`);
    for (const k of ENGINES) {
      const e = c.engines[k];
      assert.ok(Number.isFinite(e.busyMs) && e.busyMs >= 0, `${at} ${k}.busyMs = ${e.busyMs}`);
      assert.ok(e.utilization >= 0 && e.utilization <= 1, `${at} ${k}.utilization = ${e.utilization}`);
      assert.ok(Math.abs(e.utilization - Math.min(1, e.busyMs / r.latencyMs)) <= 1e-9, `${at} ${k}: utilisation is busy over the latency`);
    }
    // the core's busy time is its busiest engine plus its merges
    assert.ok(engineBusiest(c) <= c.busyMs * (1 + TOL) + 1e-12, `${at}: busiest engine ${engineBusiest(c)} ms > core ${c.busyMs} ms`);
  }
  // the chip's engines are the mean over all cores (idle ones count as 0)
  for (const k of ENGINES) {
    const mean = r.cores.reduce((a, c) => a + c.engines![k].busyMs, 0) / r.cores.length;
    assert.ok(Math.abs(mean - r.engines[k].busyMs) <= TOL * Math.max(mean, 1e-12), `${k}: mean of cores ${mean} vs chip ${r.engines[k].busyMs}`);
  }
}

test('a mesh core carries its own engines; without merges its busiest engine is its busy time', () => {
  // heads over rows, queries over columns, each core fetching its own KV: no partial-state merges
  const r = simulateSpatial(simulation(mapping(llama(4096), chip(2, 4), { kvFlow: 'own' })), stats());
  checkConsistent(r);
  for (const c of r.cores) {
    assert.ok(c.busyMs > 0);
    assert.ok(Math.abs(engineBusiest(c) - c.busyMs) <= TOL * c.busyMs, `core ${c.row},${c.col}: ${engineBusiest(c)} vs ${c.busyMs}`);
  }
});

test('an idle core shows 0 on every engine; a busy one does not', () => {
  // heads over rows and nothing over the columns: column 1 has no work
  const r = simulateSpatial(simulation(mapping(llama(1024), chip(2, 2), { heads: 'rows', queries: 'none' })), stats());
  checkConsistent(r);
  for (const row of [0, 1]) {
    const idle = coreAt(r, row, 1), busy = coreAt(r, row, 0);
    assert.equal(idle.busyMs, 0);
    for (const k of ENGINES) assert.deepEqual(idle.engines![k], { busyMs: 0, utilization: 0 }, `idle core ${row},1 ${k}`);
    assert.ok(busy.engines!.sufa.utilization > 0, `core ${row},0 works`);
  }
  // the chip figure averages the idle cores in, a busy core's own figure does not
  assert.ok(coreAt(r, 0, 0).engines!.sufa.utilization > r.engines.sufa.utilization);
});

test('cores with different shares show different engines', () => {
  // 32 heads over 3 rows: one row gets 10 heads, the others 11 (the partition says which)
  const m = mapping(llama(4096), chip(3, 2), { kvFlow: 'own' });
  const r = simulateSpatial(simulation(m), stats());
  checkConsistent(r);
  const heads = runSpatial(m, stats(), optimizedVariant(m)).partitioning.shares.map(s => ({ row: s.row, col: s.col, n: s.heads.hi - s.heads.lo }));
  assert.deepEqual([...new Set(heads.map(h => h.n))].sort(), [10, 11]);
  for (const a of heads) for (const b of heads) {
    if (a.n !== 10 || b.n !== 11) continue;
    const fewer = coreAt(r, a.row, a.col).engines!, more = coreAt(r, b.row, b.col).engines!;
    for (const k of ['dlzs', 'sads', 'sufa'] as const)
      assert.ok(fewer[k].busyMs < more[k].busyMs, `${k}: 10 heads (${fewer[k].busyMs} ms) < 11 heads (${more[k].busyMs} ms)`);
    // compute scales with the heads: near 10/11, not one chip figure for both
    const ratio = fewer.sufa.busyMs / more.sufa.busyMs;
    assert.ok(ratio > 0.85 && ratio < 0.95, `sufa ratio ${ratio}`);
  }
});

test('cores[].engines survive the JSON of star-sim --json and come through simulate()', () => {
  const r = simulate(simulation(mapping(llama(2048), chip(2, 2), { kvFlow: 'ring' })));
  checkConsistent(r);
  const back = JSON.parse(JSON.stringify({ simulations: [r] })).simulations[0] as SimulationResult;
  assert.deepEqual(back.cores.map(c => c.engines), r.cores.map(c => c.engines));
  assert.deepEqual(Object.keys(back.cores[0]), ['row', 'col', 'utilization', 'busyMs', 'engines']);
});

test('property: engines stay consistent with each core on any small mesh and mapping', () => {
  const axes: Array<Pick<MapOpts, 'heads' | 'queries' | 'kv'>> = [
    { heads: 'rows', queries: 'cols', kv: 'none' }, { heads: 'rows', queries: 'none', kv: 'cols' },
    { heads: 'none', queries: 'cols', kv: 'rows' }, { heads: 'all', queries: 'none', kv: 'none' },
  ];
  fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(...axes),
    fc.constantFrom('own' as const, 'ring' as const, 'multicast' as const), fc.constantFrom(1024, 4096),
    (rows, cols, ax, kvFlow, tokens) => {
      if (rows * cols === 1) return;
      const r = simulateSpatial(simulation(mapping(llama(tokens), chip(rows, cols), { ...ax, kvFlow })), stats());
      checkConsistent(r);
    }), { numRuns: 25, seed: 11 });
});
