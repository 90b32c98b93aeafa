// evaluateCore: cycles, bottlenecks, bytes and what each technique switched off costs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCore, ENGINES, newCoreEval, type CoreContext } from '../../../src/sim/core/evaluate.js';
import { bertBase, llama7b, starCore } from '../../../src/sim/core/defaults.js';
import { handStats, work } from './fixtures.js';

const ctx: CoreContext = { stages: 'pipelined', dramBandwidthBps: 512e9, kvSource: 'dram' };

test('busy cycles never exceed the total; utilisations are fractions', () => {
  const e = evaluateCore(starCore(), work(), handStats(), ctx);
  for (const g of ENGINES) {
    assert.ok(e.busyCycles[g] <= e.cycles + 1e-6, g);
    assert.ok(e.utilization[g] >= 0 && e.utilization[g] <= 1, g);
  }
  assert.ok(e.stallCycles >= 0);
  assert.equal(e.utilization.kvgen, 0, 'attention part: K and V come from DRAM, the generator is idle');
});

test('dense-equivalent work is 4 T S d per head: Llama-7B at 512 tokens is 137.4 GOP', () => {
  const e = evaluateCore(starCore(), work(llama7b(0.074, 512)), handStats(), ctx);
  assert.ok(Math.abs(e.denseOps - 137.4e9) / 137.4e9 < 0.001, String(e.denseOps));
});

test('SU-FA is the bottleneck on the paper core at 2% loss; DRAM when bandwidth is starved', () => {
  assert.equal(evaluateCore(starCore(), work(), handStats(), ctx).bottleneck, 'sufa');
  const starved = evaluateCore(starCore(), work(), handStats(), { ...ctx, dramBandwidthBps: 4e9 });
  assert.equal(starved.bottleneck, 'dram');
  assert.ok(starved.seconds > evaluateCore(starCore(), work(), handStats(), ctx).seconds * 3);
});

test('stage isolation is slower and moves A^ and indices through DRAM', () => {
  const p = evaluateCore(starCore(), work(), handStats(), ctx);
  const i = evaluateCore(starCore(), work(), handStats(), { ...ctx, stages: 'isolated' });
  assert.ok(i.seconds > p.seconds);
  assert.ok(i.bytes.dram > p.bytes.dram);
  assert.ok(i.bytes.dramWrite > p.bytes.dramWrite);
});

test('each technique switched off never makes the core faster', () => {
  const base = evaluateCore(starCore(), work(), handStats(), ctx).seconds;
  for (const k of ['dlzs', 'sads', 'sufa', 'rass', 'crossStage'] as const) {
    const off = evaluateCore(starCore(), work(), handStats(), { ...ctx, ablation: { [k]: false } }).seconds;
    assert.ok(off >= base * (1 - 1e-9), `${k}: ${off} < ${base}`);
  }
});

test('the conventional replacements cost what they should', () => {
  const on = evaluateCore(starCore(), work(), handStats(), ctx);
  const noDlzs = evaluateCore(starCore(), work(), handStats(), { ...ctx, ablation: { dlzs: false } });
  assert.ok(noDlzs.ops.lowbitMacs > 0 && noDlzs.ops.shiftAdds === 0);
  assert.ok(noDlzs.energyJ.dlzs > on.energyJ.dlzs, 'multiply-based prediction costs more energy');
  const noSads = evaluateCore(starCore(), work(), handStats(), { ...ctx, ablation: { sads: false } });
  assert.ok(noSads.ops.sortRounds > on.ops.sortRounds, 'a global sort does more rounds');
  const noRass = evaluateCore(starCore(), work(llama7b(0.074, 2048)), handStats(), { ...ctx, ablation: { rass: false } });
  const rass = evaluateCore(starCore(), work(llama7b(0.074, 2048)), handStats(), ctx);
  assert.ok(noRass.bytes.dram > rass.bytes.dram, 'without reuse, shared KV rows are fetched again');
});

test('the dense reference on the same hardware is much slower than sparse STAR', () => {
  const dense = evaluateCore(starCore(), work(), handStats(), { ...ctx, dense: true });
  const star = evaluateCore(starCore(), work(), handStats(), ctx);
  assert.ok(dense.seconds > star.seconds * 4);
  assert.equal(dense.ops.shiftAdds, 0);
  assert.equal(dense.denseOps, star.denseOps);
});

test('K and V from tokens: the KV generator and K prediction carry the projection', () => {
  const e = evaluateCore(starCore(), work(), handStats(), { ...ctx, kvSource: 'tokens' });
  assert.ok(e.ops.kvgenMacs > 0 && e.utilization.kvgen > 0);
  assert.ok(e.seconds > evaluateCore(starCore(), work(), handStats(), ctx).seconds);
});

test('KV over the network is limited by the network bandwidth, not DRAM', () => {
  const net = { ...ctx, kvSource: 'network' as const, nocBandwidthBps: 1e9 };
  const e = evaluateCore(starCore(), work(), handStats(), net);
  assert.equal(e.bottleneck, 'noc');
  assert.ok(e.bytes.noc > 0 && e.bytes.dram < evaluateCore(starCore(), work(), handStats(), ctx).bytes.dram);
});

test('degenerate but valid shapes give finite results', () => {
  const w = bertBase(1, 1);
  const e = evaluateCore(starCore(), { ...work(w, 1), queryRows: 1, queryBlock: 1 }, handStats(1), ctx);
  for (const v of [e.cycles, e.seconds, e.coreEnergyJ, ...Object.values(e.energyJ), ...Object.values(e.bytes)]) assert.ok(Number.isFinite(v) && v >= 0);
  const zero = evaluateCore(starCore(), { ...work(), heads: 0 }, handStats(), ctx);
  assert.equal(zero.cycles, 0);
  assert.ok(Number.isFinite(zero.coreEnergyJ));
});

test('the predictor kind sets the prediction cost: dlzs < lowbit 4-bit < exact', () => {
  const run = (kind: 'dlzs' | 'symmetric' | 'lowbit' | 'exact', bits = 8) =>
    evaluateCore(starCore(), { ...work(), predictor: { kind, tokenBits: 8, weightLzBits: 4, queryBits: bits, keyBits: bits } }, handStats(), ctx);
  const dlzs = run('dlzs'), sym = run('symmetric'), low = run('lowbit', 4), exact = run('exact', 16);
  assert.ok(dlzs.perTileCycles.dlzs < low.perTileCycles.dlzs && low.perTileCycles.dlzs < exact.perTileCycles.dlzs);
  assert.ok(dlzs.energyJ.dlzs < sym.energyJ.dlzs, 'symmetric converts both operands');
  assert.ok(low.energyJ.dlzs < exact.energyJ.dlzs);
  assert.equal(low.ops.shiftAdds, 0);
  assert.ok(low.ops.lowbitMacs > 0);
});

test('an A^ tile larger than the temp buffer spills to DRAM even when pipelined', () => {
  const small = starCore({ sram: { tokenBytes: 192 * 1024, weightBytes: 96 * 1024, tempBytes: 8 * 1024 } });
  const fits = evaluateCore(starCore(), work(), handStats(), ctx);
  const spills = evaluateCore(small, work(), handStats(), ctx);
  assert.ok(spills.bytes.dramWrite > fits.bytes.dramWrite);
});

test('K in byte planes: prediction reads K^ (8 bits) for every key, exact scores only the selected rows\' low byte', () => {
  const w = bertBase(0.074);
  const k16 = { ...w, predictor: { ...w.predictor, keyBits: 16 } };
  const shared = handStats(0.07, { rassUniqueFraction: 0.03 });   // a block's rows share most selected keys
  const eight = evaluateCore(starCore(), work(w), shared, ctx).bytes.dram;
  const sixteen = evaluateCore(starCore(), work(k16), shared, ctx).bytes.dram;
  assert.ok(eight < 0.9 * sixteen, `${eight} vs ${sixteen}`);
  // no reuse (every key selected by some row of the block): both planes of every row are read either way
  const none = handStats(0.07, { rassUniqueFraction: 1 });
  const a = evaluateCore(starCore(), work(w), none, ctx).bytes.dram, b = evaluateCore(starCore(), work(k16), none, ctx).bytes.dram;
  assert.ok(Math.abs(a / b - 1) < 1e-9, `${a} vs ${b}`);
});

test('with shared selections, DRAM bytes fall with top-k', () => {
  const shared = (kept: number) => handStats(kept, { rassUniqueFraction: 0.03 });
  const hi = evaluateCore(starCore(), work(bertBase(0.187)), shared(0.19), ctx).bytes.dram;
  const lo = evaluateCore(starCore(), work(bertBase(0.074)), shared(0.07), ctx).bytes.dram;
  assert.ok(lo < hi, `${lo} vs ${hi}`);
});

test('an evaluation into a reused CoreEval equals a fresh one, field by field, whatever came before it', () => {
  // Every kind of run in turn into one object: a field the body forgot to overwrite would keep the last run's value.
  const into = newCoreEval();
  const cores = [starCore(), starCore({ sufa: { ...starCore().sufa, cols: 2, enabled: false }, rass: false })];
  const ctxs: CoreContext[] = [
    ctx, { ...ctx, stages: 'isolated' }, { ...ctx, dense: true }, { ...ctx, kvSource: 'tokens' },
    { ...ctx, kvSource: 'network', nocBandwidthBps: 64e9 }, { ...ctx, dramBandwidthBps: 4e9 },
    { ...ctx, ablation: { dlzs: false, sads: false } }, { ...ctx, ablation: { sufa: false, rass: false, crossStage: false } },
  ];
  let n = 0;
  for (const c of cores) for (const x of ctxs) for (const w of [work(), work(llama7b(0.074, 4096), 128)]) {
    const fresh = evaluateCore(c, w, handStats(), x);
    assert.equal(evaluateCore(c, w, handStats(), x, into), into, 'the object passed in is the one returned');
    assert.deepEqual(into, fresh, `run ${n}`);
    assert.deepEqual(Object.keys(into.energyJ), Object.keys(fresh.energyJ), 'same component order');
    n++;
  }
  assert.equal(n, 32);
  assert.equal(Object.getPrototypeOf(into.energyJ), Object.prototype, 'plain records, as literals would be');
});

test('an ablation reads like the spread of STAR_ABLATION and it: a key given as undefined switches the technique off', () => {
  const on = evaluateCore(starCore(), work(), handStats(), ctx);
  assert.deepEqual(evaluateCore(starCore(), work(), handStats(), { ...ctx, ablation: {} }), on);
  assert.deepEqual(evaluateCore(starCore(), work(), handStats(), { ...ctx, ablation: { sads: undefined } }),
    evaluateCore(starCore(), work(), handStats(), { ...ctx, ablation: { sads: false } }));
});
