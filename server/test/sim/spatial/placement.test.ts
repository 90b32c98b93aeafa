// DRAM placement (`dram { placement = nearest | interleaved }`): where each core's DRAM bytes go, and what that
// does to channel load, link load and latency.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { statsFor } from '../../../src/sim/core/simulate.js';
import { simulateSpatial } from '../../../src/sim/spatial/simulate.js';
import { runSpatial, type SpatialRun } from '../../../src/sim/spatial/model.js';
import { Mesh, channelRouters, dramShares, interleavedChannels, nearestChannels } from '../../../src/sim/spatial/mesh.js';
import { simulateDesign } from '../../../src/sim/index.js';
import { analyze } from '../../../src/language/index.js';
import type { Axis, DramAttach, Mapping } from '../../../src/model/design.js';
import type { FunctionalStats } from '../../../src/sim/functional/stats.js';
import { chip, llama, mapping, simulation, type ChipOpts, type MapOpts } from './fixtures.js';

let statsCache: FunctionalStats | undefined;
const stats = () => (statsCache ??= statsFor(mapping(llama(4096), chip(1, 1))));
const run = (m: Mapping): SpatialRun =>
  runSpatial(m, stats(), { stages: m.stages, kvFlow: m.kvFlow, partition: m.partition, kvSource: 'dram' });
const design = (rows: number, cols: number, c: ChipOpts, o: MapOpts = {}) => mapping(llama(4096), chip(rows, cols, c), o);

/** Bytes per DRAM channel (a router's bytes split over its channels): max / mean. */
function channelSkew(r: SpatialRun): number {
  const per: number[] = [];
  r.channelRouters.forEach((cr, k) => { for (let i = 0; i < cr.channels; i++) per.push(r.traffic.channel[k] / cr.channels); });
  const mean = per.reduce((a, b) => a + b, 0) / per.length;
  return Math.max(...per) / mean;
}

test('interleaved shares: every core uses every DRAM router, in proportion to its channels', () => {
  const m = new Mesh(4, 4);
  const routers = channelRouters(m, 'edges', 16);          // 4 corners with 2 channels, 8 side routers with 1
  const shares = interleavedChannels(m, routers);
  assert.equal(shares.length, 16);
  for (const s of shares) {
    assert.equal(s.length, routers.length);
    assert.ok(Math.abs(s.reduce((a, [, w]) => a + w, 0) - 1) < 1e-12);
    for (const [k, w] of s) assert.ok(Math.abs(w - routers[k].channels / 16) < 1e-15, `router ${k}: ${w}`);
  }
  assert.deepEqual(dramShares(m, routers, 'nearest'), nearestChannels(m, routers));
  assert.deepEqual(dramShares(m, routers), nearestChannels(m, routers), 'nearest is the default');
  assert.deepEqual(dramShares(m, routers, 'interleaved'), shares);
  assert.throws(() => dramShares(m, routers, 'striped' as never), /placement "striped": use nearest or interleaved/);
});

test('4 x 4 with edge channels: interleaved loads every channel equally, nearest loads side channels 1.5x', () => {
  for (const kvFlow of ['own', 'multicast', 'ring'] as const) {
    const near = run(design(4, 4, { placement: 'nearest' }, { kvFlow }));
    const inter = run(design(4, 4, { placement: 'interleaved' }, { kvFlow }));
    assert.ok(Math.abs(channelSkew(inter) - 1) < 1e-9, `${kvFlow}: interleaved max/mean ${channelSkew(inter)}`);
    assert.ok(channelSkew(near) > 1.2, `${kvFlow}: nearest max/mean ${channelSkew(near)}`);
    // the placement moves bytes between channels, it does not change how many the DRAM serves
    assert.ok(Math.abs(inter.dramBytes - near.dramBytes) <= 1e-9 * near.dramBytes, `${kvFlow}: ${inter.dramBytes} vs ${near.dramBytes}`);
    assert.ok(inter.byteHops > near.byteHops, `${kvFlow}: interleaved byte-hops ${inter.byteHops} vs nearest ${near.byteHops}`);
  }
  // kv_flow = own: every core's bytes go to its nearest routers; a side router serves 1.5 cores on one channel
  assert.ok(Math.abs(channelSkew(run(design(4, 4, { placement: 'nearest' }, { kvFlow: 'own' }))) - 1.5) < 1e-9);
});

test('the result reports the placement: equal per-channel bytes and utilisation, and the assumption in the notes', () => {
  const r = simulateSpatial(simulation(design(4, 4, { placement: 'interleaved' }, { kvFlow: 'own' })), stats());
  assert.equal(r.dramChannels!.length, 16);
  const bytes = r.dramChannels!.map(c => c.bytes);
  const mean = bytes.reduce((a, b) => a + b, 0) / bytes.length;
  for (const c of r.dramChannels!) {
    assert.ok(Math.abs(c.bytes / mean - 1) < 1e-9, `channel at ${c.router}: ${c.bytes} vs mean ${mean}`);
    assert.ok(Math.abs(c.utilization - r.dramChannels![0].utilization) < 1e-9);
  }
  assert.ok(r.notes.some(n => /placement interleaved/.test(n)), r.notes.join('\n'));
  const n = simulateSpatial(simulation(design(4, 4, { placement: 'nearest' }, { kvFlow: 'own' })), stats());
  assert.ok(n.notes.some(x => /placement nearest: each core uses its nearest DRAM router/.test(x)));
  const nb = n.dramChannels!.map(c => c.bytes);
  assert.ok(Math.max(...nb) / Math.min(...nb) > 1.4, 'nearest: corner and side channels differ');
});

test('DRAM-bound 4 x 4 (fast links): interleaving uses all 512 GB/s and is faster; link-bound: it can be slower', () => {
  // links that cannot bind: the busiest channel sets the pace, and nearest placement overloads the side channels
  const fast = { linkBandwidthBps: 1e15 };
  const nearFast = run(design(4, 4, { ...fast, placement: 'nearest' }, { kvFlow: 'own' }));
  const interFast = run(design(4, 4, { ...fast, placement: 'interleaved' }, { kvFlow: 'own' }));
  assert.equal(nearFast.bottleneck, 'dram');
  assert.ok(interFast.latencyS < nearFast.latencyS, `${interFast.latencyS} vs ${nearFast.latencyS}`);
  // slow links: the extra hops of interleaving cost more than the even channels gain
  const slow = { linkBandwidthBps: 8e9 };
  const nearSlow = run(design(4, 4, { ...slow, placement: 'nearest' }, { kvFlow: 'own' }));
  const interSlow = run(design(4, 4, { ...slow, placement: 'interleaved' }, { kvFlow: 'own' }));
  assert.equal(interSlow.bottleneck, 'noc');
  assert.ok(interSlow.latencyS > nearSlow.latencyS, `${interSlow.latencyS} vs ${nearSlow.latencyS}`);
  for (const r of [nearFast, interFast, nearSlow, interSlow]) assert.ok(Number.isFinite(r.latencyS) && r.latencyS > 0);
});

test('property: interleaved never moves fewer byte-hops than nearest (own and ring KV flows) and serves the same DRAM bytes', () => {
  const attaches: DramAttach[] = ['edges', 'corners', 'north', 'south', 'east', 'west'];
  const axes: Array<[Axis, Axis]> = [['rows', 'cols'], ['cols', 'rows'], ['all', 'none'], ['none', 'all']];
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom(...attaches), fc.integer({ min: 1, max: 24 }),
    fc.constantFrom('own' as const, 'ring' as const), fc.constantFrom(...axes), fc.constantFrom('pipelined' as const, 'isolated' as const),
    fc.array(fc.tuple(fc.nat(5), fc.nat(5)), { minLength: 1, maxLength: 4 }), fc.boolean(),
    (R, C, attachWord, channels, kvFlow, [heads, queries], stages, list, useList) => {
      const attach: DramAttach = useList ? list.map(([r, c]) => [r % R, c % C] as [number, number]) : attachWord;
      const o: MapOpts = { kvFlow, heads, queries, stages };
      const near = run(design(R, C, { attach, channels, placement: 'nearest' }, o));
      const inter = run(design(R, C, { attach, channels, placement: 'interleaved' }, o));
      const ctx = `${R}x${C} ${JSON.stringify(attach)} ch=${channels} ${kvFlow} ${heads}/${queries} ${stages}`;
      assert.ok(inter.byteHops >= near.byteHops * (1 - 1e-12), `${ctx}: ${inter.byteHops} < ${near.byteHops}`);
      assert.ok(Math.abs(inter.dramBytes - near.dramBytes) <= 1e-9 * Math.max(1, near.dramBytes), ctx);
      assert.ok(Math.abs(channelSkew(inter) - 1) < 1e-9, `${ctx}: interleaved channel skew ${channelSkew(inter)}`);
      assert.ok(Number.isFinite(inter.latencyS) && inter.latencyS > 0, ctx);
    },
  ), { numRuns: 60 });
});

test('a missing placement is nearest: the same run, bit for bit', () => {
  for (const kvFlow of ['own', 'multicast', 'ring'] as const) {
    const absent = run(design(4, 4, {}, { kvFlow }));
    const nearest = run(design(4, 4, { placement: 'nearest' }, { kvFlow }));
    assert.equal(absent.latencyS, nearest.latencyS);
    assert.equal(absent.byteHops, nearest.byteHops);
    assert.deepEqual([...absent.traffic.channel], [...nearest.traffic.channel]);
    assert.deepEqual([...absent.traffic.link], [...nearest.traffic.link]);
  }
});

const sample = (name: string) => readFileSync(join(__dirname, '../../../../samples', name), 'utf8');

test('samples: the result is identical with and without `placement = nearest`; interleaved differs', () => {
  const text = sample('spatial-4x4-llama7b-64k.star');
  const withNearest = text.replace('attach = edges }', 'attach = edges, placement = nearest }');
  const withInterleaved = text.replace('attach = edges }', 'attach = edges, placement = interleaved }');
  assert.notEqual(withNearest, text, 'the sample has the dram line this test edits');
  const results = [text, withNearest, withInterleaved].map(t => {
    const a = analyze(t);
    assert.deepEqual(a.diagnostics.filter(d => d.severity === 'error'), []);
    return simulateDesign(a.design, { functionalSampleRows: 16 });
  });
  assert.deepEqual(results[1], results[0]);
  const [plain, inter] = [results[0][0], results[2][0]];
  assert.notEqual(inter.latencyMs, plain.latencyMs);
  assert.ok(inter.nocBytes! > plain.nocBytes!);
  const bytes = inter.dramChannels!.map(c => c.bytes);
  assert.ok(Math.max(...bytes) / Math.min(...bytes) - 1 < 1e-9, 'interleaved: every channel equal');
});
