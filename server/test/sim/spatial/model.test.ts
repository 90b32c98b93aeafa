// runSpatial and simulateSpatial: single-core agreement, conservation, KV flows, scaling, merges, progress.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulateCore, statsFor } from '../../../src/sim/core/simulate.js';
import { simulateSpatial } from '../../../src/sim/spatial/simulate.js';
import { runSpatial, type SpatialVariant } from '../../../src/sim/spatial/model.js';
import { simulate } from '../../../src/sim/index.js';
import type { SimulationResult } from '../../../src/sim/result.js';
import type { FunctionalStats } from '../../../src/sim/functional/stats.js';
import { chip, llama, mapping, simulation, type ChipOpts } from './fixtures.js';

const close = (a: number, b: number, rel = 1e-9) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-300);

/** Every number in a result is finite (no NaN, no Infinity), recursively. */
function assertFinite(x: unknown, path = 'result'): void {
  if (typeof x === 'number') { assert.ok(Number.isFinite(x), `${path} = ${x}`); return; }
  if (Array.isArray(x)) { x.forEach((v, i) => assertFinite(v, `${path}[${i}]`)); return; }
  if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) assertFinite(v, `${path}.${k}`);
}

let statsCache: FunctionalStats | undefined;
function stats(): FunctionalStats {
  return (statsCache ??= statsFor(mapping(llama(4096), chip(1, 1))));
}

test('a 1 x 1 mesh gives the single-core result (latency and energy to 1e-9)', () => {
  for (const stages of ['pipelined', 'isolated'] as const) {
    for (const kvFlow of ['own', 'multicast', 'ring'] as const) {
      const single = simulateCore(simulation(mapping(llama(4096), chip(1, 1, { singleCore: true }), { stages, kvFlow })), stats());
      const mesh = simulateSpatial(simulation(mapping(llama(4096), chip(1, 1), { stages, kvFlow })), stats());
      assert.ok(close(mesh.latencyMs, single.latencyMs), `${stages}/${kvFlow} latency ${mesh.latencyMs} vs ${single.latencyMs}`);
      assert.ok(close(mesh.energyMJ, single.energyMJ), `${stages}/${kvFlow} energy ${mesh.energyMJ} vs ${single.energyMJ}`);
      assert.ok(close(mesh.dramBytes, single.dramBytes));
      assert.equal(mesh.links.length, 0);
      assert.equal(mesh.nocBytes, 0);
      assert.equal(mesh.cores.length, 1);
    }
  }
});

test('conservation on a whole mesh: unicast flows deliver what they inject; link bytes sum to byte-hops', () => {
  for (const kvFlow of ['own', 'ring'] as const) {
    const m = mapping(llama(16384), chip(4, 4), { kvFlow });
    const r = runSpatial(m, stats(), { stages: 'pipelined', kvFlow, partition: m.partition, kvSource: 'dram' });
    assert.ok(r.traffic.injected > 0);
    assert.ok(close(r.traffic.injected, r.traffic.delivered, 1e-12));
    assert.ok(close(r.traffic.linkBytesTotal(), r.byteHops, 1e-9));
  }
  const m = mapping(llama(16384), chip(4, 4), { kvFlow: 'multicast' });
  const r = runSpatial(m, stats(), { stages: 'pipelined', kvFlow: 'multicast', partition: m.partition, kvSource: 'dram' });
  assert.ok(close(r.traffic.linkBytesTotal(), r.byteHops, 1e-9));
  // a multicast injects the union once and delivers a copy to every member
  assert.ok(r.traffic.delivered >= r.traffic.injected);
});

test('KV flow: multicast and ring read less DRAM than every core fetching its own KV', () => {
  const m = mapping(llama(65536), chip(4, 4));
  const run = (kvFlow: SpatialVariant['kvFlow']) =>
    runSpatial(m, stats(), { stages: 'pipelined', kvFlow, partition: m.partition, kvSource: 'dram' });
  const own = run('own'), mc = run('multicast'), ring = run('ring');
  assert.ok(mc.dramBytes < own.dramBytes * 0.5, `multicast ${mc.dramBytes} vs own ${own.dramBytes}`);
  assert.ok(ring.dramBytes < own.dramBytes * 0.5);
  assert.ok(ring.latencyS < own.latencyS);
  assert.ok(ring.byteHops > 0 && mc.byteHops > 0);
});

test('compute-bound workload: doubling the cores with enough bandwidth nearly halves latency', () => {
  const wide = { linkBandwidthBps: 1e15, dramBps: 1e16 };
  const w = llama(8192, { heads: 32 });
  const small = simulateSpatial(simulation(mapping(w, chip(2, 2, wide))), stats());
  const big = simulateSpatial(simulation(mapping(w, chip(2, 4, wide))), stats());
  const speedup = small.latencyMs / big.latencyMs;
  assert.ok(speedup > 1.8 && speedup <= 2.05, `speedup ${speedup}`);
  assert.notEqual(small.bottleneck, 'dram');
});

test('halving link bandwidth on a traffic-bound mapping never speeds it up', () => {
  fc.assert(fc.property(
    fc.constantFrom(2, 3, 4), fc.constantFrom(2, 4), fc.constantFrom('own', 'multicast', 'ring'),
    fc.constantFrom('pipelined', 'isolated'), fc.double({ min: 1e9, max: 200e9, noNaN: true }),
    (R, C, kvFlow, stages, bw) => {
      const w = llama(8192);
      const at = (b: number) => {
        const m = mapping(w, chip(R, C, { linkBandwidthBps: b }), { kvFlow: kvFlow as SpatialVariant['kvFlow'], stages: stages as SpatialVariant['stages'] });
        return runSpatial(m, stats(), { stages: m.stages, kvFlow: m.kvFlow, partition: m.partition, kvSource: 'dram' }).latencyS;
      };
      const full = at(bw), half = at(bw / 2);
      assert.ok(half >= full * (1 - 1e-12), `R${R} C${C} ${kvFlow} ${stages} bw ${bw}: ${half} < ${full}`);
    }), { numRuns: 40 });
});

test('split KV over a mesh axis: partial states travel to a root and their merge is counted', () => {
  const w = llama(16384);
  const m = mapping(w, chip(4, 4), { heads: 'rows', queries: 'none', kv: 'cols', kvFlow: 'own' });
  const r = runSpatial(m, stats(), { stages: 'pipelined', kvFlow: 'own', partition: m.partition, kvSource: 'dram' });
  const roots = r.cores.filter(c => c.mergeS > 0);
  assert.equal(roots.length, 4);   // one per row
  assert.ok(r.mergeS > 0);
  for (const c of r.cores) assert.equal(c.idle, false);
});

function assertBreakdown(res: SimulationResult): void {
  const base = res.baselines.baselineSpatial;
  assert.ok(base, 'baselineSpatial present');
  assert.ok(base.speedup > 1, `ratio ${base.speedup}`);
  const steps = res.spatialBreakdown!;
  assert.ok(steps.length >= 2);
  const product = steps.reduce((a, s) => a * s.speedup, 1);
  assert.ok(close(product, base.speedup, 1e-9), `product ${product} vs ${base.speedup}`);
  assertFinite(res);
}

const sample = (name: string) => readFileSync(join(__dirname, '../../../../samples', name), 'utf8');

test('samples: 4 x 4 at 64K and 8 x 8 at 256K beat the baseline spatial design, breakdown multiplies to the ratio', async () => {
  const { analyze } = await import('../../../src/language/index.js');
  for (const file of ['spatial-4x4-llama7b-64k.star', 'spatial-8x8-llama7b-256k.star']) {
    const a = analyze(sample(file));
    const errors = a.diagnostics.filter(d => d.severity === 'error');
    assert.deepEqual(errors, [], file);
    assert.ok(a.design.simulations.length >= 1);
    for (const sim of a.design.simulations) {
      const res = simulate(sim);
      assert.equal(res.cores.length, sim.mapping.chip.rows * sim.mapping.chip.cols);
      assert.ok(res.links.length > 0 && res.dramChannels.length > 0 && res.hottestLink);
      assertBreakdown(res);
    }
  }
});

test('mesh results carry per-core, per-link and per-channel figures that add up', () => {
  const res = simulateSpatial(simulation(mapping(llama(16384), chip(4, 4))), stats());
  assert.equal(res.cores.length, 16);
  assert.equal(res.links.length, 2 * (4 * 3 + 4 * 3));
  const linkSum = res.links.reduce((a, l) => a + l.bytes, 0);
  assert.ok(close(linkSum, res.nocBytes, 1e-9));
  const chSum = res.dramChannels.reduce((a, c) => a + c.bytes, 0);
  assert.ok(close(chSum, res.dramBytes, 1e-9));
  assert.equal(res.dramChannels.length, 16);
  assert.ok(res.hottestLink!.bytes === Math.max(...res.links.map(l => l.bytes)));
  for (const c of res.cores) assert.ok(c.utilization >= 0 && c.utilization <= 1 && c.busyMs <= res.latencyMs + 1e-9);
  assert.ok(res.spatialTime && res.spatialTime.computeMs <= res.latencyMs);
  assertBreakdown(res);
});

test('no NaN or Infinity across meshes, flows, partitions and DRAM placements', () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }),
    fc.constantFrom('own', 'multicast', 'ring'), fc.constantFrom('pipelined', 'isolated'),
    fc.constantFrom(['rows', 'cols', 'none'], ['cols', 'rows', 'none'], ['none', 'all', 'none'], ['rows', 'none', 'cols'], ['all', 'none', 'none']),
    fc.constantFrom('edges', 'corners', 'north', 'west'),
    fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom(512, 1000, 4096),
    (R, C, kvFlow, stages, axes, attach, channels, heads, seqLen) => {
      const w = llama(seqLen, { heads, layers: 2 });
      const m = mapping(w, chip(R, C, { attach: attach as 'edges', channels }),
        { kvFlow: kvFlow as 'own', stages: stages as 'pipelined', heads: axes[0] as 'rows', queries: axes[1] as 'rows', kv: axes[2] as 'rows' });
      let res: SimulationResult;
      try {
        res = simulateSpatial(simulation(m), stats());
      } catch (e) {
        // only a clear input error is acceptable: several quantities on one axis, or no core with work
        assert.match(String(e), /both partitioned over|no core has work/);
        return;
      }
      assertFinite(res);
      assert.ok(res.latencyMs > 0 && res.energyMJ > 0);
    }), { numRuns: 60 });
});

test('a ring over a KV partition is ring attention: the same as the ring over the query blocks of that axis', () => {
  const w = llama(16384);
  const run = (o: Parameters<typeof mapping>[2]) => {
    const m = mapping(w, chip(4, 4), o);
    return runSpatial(m, stats(), { stages: 'pipelined', kvFlow: 'ring', partition: m.partition, kvSource: 'dram' });
  };
  const viaKv = run({ heads: 'rows', queries: 'none', kv: 'cols', kvFlow: 'ring' });
  const viaQueries = run({ heads: 'rows', queries: 'cols', kv: 'none', kvFlow: 'ring' });
  assert.ok(close(viaKv.latencyS, viaQueries.latencyS, 1e-12));
  assert.equal(viaKv.mergeS, viaQueries.mergeS);
  // queries over the rows and KV shards circulating along each row: 4 rings of 4, one per row
  const both = run({ heads: 'none', queries: 'rows', kv: 'cols', kvFlow: 'ring' });
  assert.ok(both.latencyS > 0 && both.cores.every(c => !c.idle));
  for (let r = 0; r < 4; r++) {
    const row = both.cores.filter(c => c.row === r);
    assert.ok(row.every(c => c.work!.queryRows === row[0].work!.queryRows));
  }
});

test('a mesh run reports progress', () => {
  const sim = simulation(mapping(llama(16384), chip(4, 4)));
  const seen: string[] = [];
  simulateSpatial(sim, stats(), { onProgress: (f, msg) => { assert.ok(f >= 0 && f <= 1); seen.push(msg); } });
  assert.ok(seen.some(m => /mesh 4 x 4/.test(m)) && seen.some(m => /baseline/.test(m)));
});

test('ring attention with queries and KV on the same axis: one ring per row, every core its own query blocks', () => {
  const m = mapping(llama(16384), chip(4, 4), { heads: 'rows', queries: 'cols', kv: 'cols', kvFlow: 'ring' });
  const same = runSpatial(m, stats(), { stages: 'pipelined', kvFlow: 'ring', partition: m.partition, kvSource: 'dram' });
  const m2 = mapping(llama(16384), chip(4, 4), { heads: 'rows', queries: 'cols', kv: 'none', kvFlow: 'ring' });
  const plain = runSpatial(m2, stats(), { stages: 'pipelined', kvFlow: 'ring', partition: m2.partition, kvSource: 'dram' });
  assert.ok(close(same.latencyS, plain.latencyS, 1e-12));
  assert.ok(close(same.dramBytes, plain.dramBytes, 1e-12));
});

test('DRAM placement: cores share the channels nearest to them; one router for the whole mesh is a hot spot', () => {
  const w = llama(16384);
  const run = (attach: ChipOpts['attach'], channels = 16) => {
    const m = mapping(w, chip(4, 4, { attach, channels }), { kvFlow: 'own' });
    return runSpatial(m, stats(), { stages: 'pipelined', kvFlow: 'own', partition: m.partition, kvSource: 'dram' });
  };
  const corners = run('corners', 4);
  assert.equal(corners.channelRouters.length, 4);
  // by symmetry each corner serves its own quadrant: equal bytes
  const ch = [...corners.traffic.channel];
  for (const b of ch) assert.ok(close(b, ch[0], 1e-12));
  const one = run([[0, 0]]);
  const edges = run('edges');
  assert.ok(close(one.dramBytes, edges.dramBytes, 1e-12));   // same bytes, other place
  assert.ok(one.latencyS > edges.latencyS);
  const [slot] = one.traffic.hottestLink();
  const { from } = one.mesh.linkEnds(slot);
  assert.ok(from[0] + from[1] <= 1, `hottest link starts next to the DRAM router: ${from}`);
});
