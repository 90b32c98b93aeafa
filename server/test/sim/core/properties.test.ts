// Property tests of the core model: finite figures, monotone in PEs and top-k, for random designs.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Core } from '../../../src/model/design.js';
import { evaluateCore, type CoreContext } from '../../../src/sim/core/evaluate.js';
import { bertBase, starCore } from '../../../src/sim/core/defaults.js';
import { simulate } from '../../../src/sim/index.js';
import { handStats, simulation, work } from './fixtures.js';

const pow2 = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map(e => 2 ** e);

const coreArb = fc.record({
  node: fc.constantFrom(7, 16, 28, 40, 65), volt: fc.double({ min: 0.6, max: 1.2, noNaN: true }), ghz: fc.double({ min: 0.2, max: 3, noNaN: true }),
  dlzsRows: pow2(3, 8), dlzsCols: pow2(2, 7), sorters: pow2(3, 9), kvRows: pow2(3, 8), kvCols: pow2(0, 5),
  sufaRows: pow2(3, 8), sufaCols: pow2(0, 5), exp: pow2(3, 9), div: pow2(3, 9), bits: fc.constantFrom(8, 16),
  token: pow2(14, 22), temp: pow2(11, 18), dlzsOn: fc.boolean(), sadsOn: fc.boolean(), sufaOn: fc.boolean(), rass: fc.boolean(),
}).map(a => starCore({
  technology: { name: 't', nodeNm: a.node, voltageV: a.volt, frequencyHz: a.ghz * 1e9 },
  dlzs: { rows: a.dlzsRows, cols: a.dlzsCols, enabled: a.dlzsOn },
  sads: { sorters: a.sorters, inputs: 16, outputs: 4, radius: 4, enabled: a.sadsOn },
  kvgen: { rows: a.kvRows, cols: a.kvCols, bits: a.bits },
  sufa: { rows: a.sufaRows, cols: a.sufaCols, bits: a.bits, expUnits: a.exp, divUnits: a.div, order: 'descending', enabled: a.sufaOn },
  sram: { tokenBytes: a.token, weightBytes: 96 * 1024, tempBytes: a.temp }, rass: a.rass,
}));
const workArb = fc.record({
  heads: fc.integer({ min: 1, max: 64 }), layers: fc.integer({ min: 1, max: 80 }), batch: fc.integer({ min: 1, max: 8 }),
  seq: fc.integer({ min: 1, max: 1 << 20 }), query: fc.integer({ min: 1, max: 1 << 20 }), d: pow2(4, 8),
  block: pow2(0, 9), bc: pow2(0, 10), topK: fc.double({ min: 1e-4, max: 1, noNaN: true }), keyBits: fc.constantFrom(4, 8, 16),
}).map(a => ({ ...work(bertBase(a.topK)), heads: a.heads, layers: a.layers, batch: a.batch, kvRows: a.seq, queryRows: a.query,
  headDim: a.d, modelDim: a.d * a.heads, queryBlock: a.block, bc: a.bc, topK: a.topK,
  predictor: { kind: 'dlzs' as const, tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: a.keyBits } }));
const statsArb = fc.record({
  kept: fc.double({ min: 0, max: 1, noNaN: true }), uniq: fc.double({ min: 0, max: 1, noNaN: true }),
  without: fc.double({ min: 0, max: 500, noNaN: true }), with: fc.double({ min: 0, max: 500, noNaN: true }),
  rounds: fc.double({ min: 0, max: 100, noNaN: true }), sufa: fc.double({ min: 0, max: 4, noNaN: true }), fa2: fc.double({ min: 0, max: 4, noNaN: true }),
}).map(s => handStats(s.kept, { rassUniqueFraction: s.uniq, rassFetchWithout: s.without, rassFetchWith: s.with,
  sadsRoundsPerSegment: s.rounds, sufaRescalesPerRowTile: s.sufa, fa2RescalesPerRowTile: s.fa2 }));
const ctxArb = fc.record({
  stages: fc.constantFrom('pipelined' as const, 'isolated' as const), bw: fc.double({ min: 1e8, max: 4e12, noNaN: true }),
  kv: fc.constantFrom('dram' as const, 'network' as const, 'tokens' as const), dense: fc.boolean(),
}).map(c => ({ stages: c.stages, dramBandwidthBps: c.bw, kvSource: c.kv, nocBandwidthBps: c.bw / 2, dense: c.dense }) satisfies CoreContext);

test('no NaN or Infinity for any valid design (evaluateCore)', () => {
  fc.assert(fc.property(coreArb, workArb, statsArb, ctxArb, (core, w, st, ctx) => {
    const e = evaluateCore(core, w, st, ctx);
    const nums = [e.cycles, e.seconds, e.memoryCycles, e.stallCycles, e.coreEnergyJ, e.denseOps, e.keptFraction,
      ...Object.values(e.busyCycles), ...Object.values(e.utilization), ...Object.values(e.bytes), ...Object.values(e.ops), ...Object.values(e.energyJ)];
    for (const v of nums) if (!Number.isFinite(v) || v < 0) return false;
    return e.seconds > 0;
  }), { numRuns: 2000 });
});

const engines: Array<[string, (c: Core) => Core]> = [
  ['dlzs', c => ({ ...c, dlzs: { ...c.dlzs, cols: c.dlzs.cols * 2 } })],
  ['sads', c => ({ ...c, sads: { ...c.sads, sorters: c.sads.sorters * 2 } })],
  ['kvgen', c => ({ ...c, kvgen: { ...c.kvgen, cols: c.kvgen.cols * 2 } })],
  ['sufa', c => ({ ...c, sufa: { ...c.sufa, cols: c.sufa.cols * 2 } })],
  ['sufa rows', c => ({ ...c, sufa: { ...c.sufa, rows: c.sufa.rows * 2 } })],
  ['exp units', c => ({ ...c, sufa: { ...c.sufa, expUnits: c.sufa.expUnits * 2 } })],
];

test('more PEs in any engine never make a design slower', () => {
  fc.assert(fc.property(coreArb, workArb, statsArb, ctxArb, fc.constantFrom(...engines), (core, w, st, ctx, [, grow]) => {
    const a = evaluateCore(core, w, st, ctx).seconds;
    const b = evaluateCore(grow(core), w, st, ctx).seconds;
    return b <= a * (1 + 1e-9);
  }), { numRuns: 2000 });
});

test('a larger top-k never makes a design faster (functional model measured at each k)', () => {
  fc.assert(fc.property(
    fc.double({ min: 0.02, max: 0.5, noNaN: true }), fc.double({ min: 0.01, max: 0.3, noNaN: true }),
    fc.constantFrom(128, 256), fc.constantFrom(16, 32, 64), fc.boolean(),
    (k, dk, seq, bc, isolated) => {
      const small = bertBase(k, seq), large = bertBase(Math.min(1, k + dk), seq);
      const opts = { functionalSampleRows: 16 };
      const stages = isolated ? 'isolated' as const : 'pipelined' as const;
      const a = simulate(simulation({ workload: small, bc, stages }), opts).latencyMs;
      const b = simulate(simulation({ workload: large, bc, stages }), opts).latencyMs;
      return b >= a * (1 - 1e-9);
    }), { numRuns: 25 });
});

test('simulate() gives finite figures for random valid designs', () => {
  fc.assert(fc.property(coreArb, fc.constantFrom(64, 200, 512), fc.double({ min: 0.01, max: 1, noNaN: true }), fc.constantFrom(8, 32, 64),
    (core, seq, k, bc) => {
      const r = simulate(simulation({ workload: bertBase(k, seq), core, bc, baselines: ['a100', 'spatten', 'baseline_spatial'] }), { functionalSampleRows: 16 });
      const walk = (v: unknown): boolean => typeof v === 'number' ? Number.isFinite(v) :
        Array.isArray(v) ? v.every(walk) : v && typeof v === 'object' ? Object.values(v).every(walk) : true;
      assert.ok(walk(r), JSON.stringify(r).slice(0, 300));
      return r.latencyMs > 0;
    }), { numRuns: 20 });
});
