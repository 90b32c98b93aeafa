// Scaling of the mesh model (issue 6 review): more cores never slower when nothing binds, the ring's DRAM reads
// shrink with the ring, a ring member waits for the shards its mates fetch, and a DRAM-bound mesh takes the time
// of its busiest DRAM router (not more: no stall counted twice).
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { statsFor } from '../../../src/sim/core/simulate.js';
import { runSpatial, type SpatialRun, type SpatialVariant } from '../../../src/sim/spatial/model.js';
import type { FunctionalStats } from '../../../src/sim/functional/stats.js';
import type { Axis } from '../../../src/model/design.js';
import { chip, llama, mapping, type ChipOpts, type MapOpts } from './fixtures.js';

let statsCache: FunctionalStats | undefined;
const stats = () => (statsCache ??= statsFor(mapping(llama(4096), chip(1, 1))));

function run(R: number, C: number, o: MapOpts, c: ChipOpts = {}, seqLen = 8192): SpatialRun {
  const m = mapping(llama(seqLen, { predictor: { ...llama(seqLen).predictor, keyBits: 8 } }), chip(R, C, c), o);
  return runSpatial(m, stats(), { stages: m.stages, kvFlow: m.kvFlow, partition: m.partition, kvSource: 'dram' });
}

/** Seconds the busiest DRAM router needs for its bytes. */
const channelS = (r: SpatialRun, k: number) => r.traffic.channel[k] / r.channelBps[k];

test('with DRAM and links too wide to bind, more cores are never slower', () => {
  const wide = { linkBandwidthBps: 1e18, dramBps: 1e18 };
  const meshes: Array<[number, number]> = [[1, 1], [1, 2], [2, 2], [2, 4], [4, 4], [4, 8], [8, 8]];
  fc.assert(fc.property(
    fc.constantFrom('own', 'multicast', 'ring'), fc.constantFrom('pipelined', 'isolated'),
    fc.constantFrom<Array<[Axis, Axis]>>([['rows', 'cols']], [['none', 'all']], [['cols', 'rows']]),
    (kvFlow, stages, [[heads, queries]]) => {
      let prev = Infinity;
      for (const [R, C] of meshes) {
        const r = run(R, C, { heads, queries, kv: 'none', kvFlow: kvFlow as MapOpts['kvFlow'], stages: stages as MapOpts['stages'] }, wide);
        assert.ok(r.latencyS <= prev * (1 + 1e-9), `${kvFlow}/${stages} ${heads},${queries} ${R} x ${C}: ${r.latencyS} s after ${prev} s`);
        prev = r.latencyS;
      }
    }), { numRuns: 12 });
});

test('ring: DRAM bytes do not grow with the cores on the ring axis; the ring reads its KV once', () => {
  const bytes = (C: number, kvFlow: SpatialVariant['kvFlow']) => run(2, C, { heads: 'rows', queries: 'cols', kvFlow }).dramBytes;
  let prev = Infinity, prevKv = Infinity;
  for (const G of [1, 2, 4, 8]) {
    const ring = bytes(G, 'ring'), own = bytes(G, 'own');
    assert.ok(ring <= prev * (1 + 1e-12), `ring of ${G}: ${ring} B after ${prev} B`);
    assert.ok(ring <= own * (1 + 1e-12));
    prev = ring;
    if (G === 1) continue;
    // own reads every member's KV, the ring one member's worth: own - ring = (G - 1) x the ring's KV read
    const kv = (own - ring) / (G - 1);
    assert.ok(kv > 0, `ring of ${G} reads as much as every core fetching its own KV`);
    // doubling the ring halves what it reads (to within a core's SRAM reuse between its own query blocks)
    assert.ok(kv <= prevKv * 0.5 * 1.01, `ring of ${G}: KV ${kv} B after ${prevKv} B`);
    prevKv = kv;
  }
});

test('a ring member waits for the shards its ring mates fetch: no member beats the slowest mate\'s DRAM router', () => {
  // 4 x 4, 16 channels on the edges: corner routers hold 2 channels, the others 1, so the mates' routers differ
  const r = run(4, 4, { heads: 'rows', queries: 'cols', kvFlow: 'ring', bc: 128 }, {}, 65536);
  assert.ok(r.bottleneck === 'dram', `bottleneck ${r.bottleneck}`);
  for (let row = 0; row < 4; row++) {
    const mates = r.cores.filter(c => c.row === row);
    let slowest = 0;
    for (const c of mates) {
      for (let k = 0; k < r.channelRouters.length; k++) {
        const [kr, kc] = r.channelRouters[k].router;
        const hops = Math.abs(kr - c.row) + Math.abs(kc - c.col);
        const nearest = Math.min(...r.channelRouters.map(x => Math.abs(x.router[0] - c.row) + Math.abs(x.router[1] - c.col)));
        if (hops === nearest) slowest = Math.max(slowest, channelS(r, k));
      }
    }
    for (const c of mates) assert.ok(c.busyS >= slowest * (1 - 1e-9), `core (${c.row}, ${c.col}) busy ${c.busyS} s < ${slowest} s`);
    // equal shares in one ring: equal times
    for (const c of mates) assert.ok(Math.abs(c.seconds - mates[0].seconds) <= 1e-9 * mates[0].seconds);
  }
});

test('a DRAM-bound mesh takes the busiest DRAM router\'s time, not more (no stall counted twice)', () => {
  for (const [R, C, kvFlow] of [[2, 2, 'ring'], [4, 4, 'ring'], [4, 4, 'own'], [4, 4, 'multicast']] as const) {
    const r = run(R, C, { heads: 'rows', queries: 'cols', kvFlow, bc: 128 }, {}, 65536);
    let hottest = 0;
    for (let k = 0; k < r.channelRouters.length; k++) hottest = Math.max(hottest, channelS(r, k));
    const linkS = r.traffic.hottestLink()[1] / r.linkBps;
    const bound = Math.max(hottest, linkS);
    assert.ok(bound > 1.2 * r.computeS, `${R} x ${C} ${kvFlow}: not DRAM-bound (${bound} s vs compute ${r.computeS} s)`);
    assert.ok(r.latencyS >= hottest * (1 - 1e-9), `${R} x ${C} ${kvFlow}: ${r.latencyS} s < router ${hottest} s`);
    // the unlucky core's extra sparse work, merges, hops and the pipeline fill are all that may come on top
    assert.ok(r.latencyS <= bound * r.imbalance * 1.01 + r.mergeS + r.hopS, `${R} x ${C} ${kvFlow}: ${r.latencyS} s vs ${bound} s`);
  }
});
