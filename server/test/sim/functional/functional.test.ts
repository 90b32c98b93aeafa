// runFunctional and functionalStats: every figure reported, dense limits, memoisation, synthetic data.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  clearFunctionalMemo, defaultFunctionalParams, functionalStats, FunctionalParamError, runFunctional,
  validateFunctionalParams,
} from '../../../src/sim/functional/index.js';
import type { Core, Workload } from '../../../src/model/design.js';
import { LIMITS } from '../../../src/model/limits.js';
import { generateHead, makeGaussian, makeRng } from '../../../src/sim/functional/synthetic.js';
import { runPipeline } from '../../../src/sim/functional/pipeline.js';
import { predictScores, prepareKeys } from '../../../src/sim/functional/dlzs.js';
import { sadsSelect } from '../../../src/sim/functional/sads.js';
import { sufaAttention } from '../../../src/sim/functional/sufa.js';
import { emptyCounts } from '../../../src/sim/functional/counts.js';
import { maxRelDiff } from './helpers.js';
import { smallParams } from './helpers.js';

function allFinite(x: unknown, path = 'stats'): void {
  if (typeof x === 'number') assert.ok(Number.isFinite(x), `${path} = ${x}`);
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) allFinite(v, `${path}.${k}`);
}

test('runFunctional reports every predictor, attention variant and RASS figure, all finite', () => {
  const r = runFunctional(smallParams());
  assert.deepEqual(r.prediction.map(p => p.kind), ['dlzs', 'symmetric', 'lowbit', 'exact']);
  assert.equal(r.attention.length, 7);
  allFinite(r);
  for (const p of r.prediction) assert.ok(p.recall >= 0 && p.recall <= 1);
  // every variant computes the same sparse attention
  for (const a of r.attention) assert.ok(Math.abs(a.relErrorMean - r.attention[0].relErrorMean) < 1e-6);
  // DLZS uses shift-adds, no multiplier, in prediction; low-bit uses multiplies
  assert.equal(r.prediction[0].predictCounts.multiplies, 0);
  assert.ok(r.prediction[0].predictCounts.shiftAdds > 0);
  assert.equal(r.prediction[2].predictCounts.shiftAdds, 0);
  assert.ok(r.prediction[1].predictCounts.lzEncodes > r.prediction[0].predictCounts.lzEncodes);
  assert.equal(r.sample.tc, 256 / 32);
});

test('exact prediction with top-k 100% and no clipping reproduces dense attention', () => {
  const p = smallParams({ topK: 1, sadsRadius: Infinity, predictor: { ...smallParams().predictor, kind: 'exact' } });
  const r = runFunctional(p);
  assert.equal(r.stats.topkRecall, 1);
  assert.ok(Math.abs(r.stats.keptFraction - 1) < 1e-12);
  for (const a of r.attention) assert.ok(a.relErrorMax < 1e-5, `${a.variant} ${a.order}`);
  assert.equal(r.stats.maxMispredictPerRowTile, 0);
  assert.equal(r.stats.sufaRescalesPerRowTile, 1);   // only the tile-sync
});

test('better prediction gives better recall: exact >= DLZS on the same data', () => {
  const r = runFunctional(smallParams({ seqLen: 512, queryRows: 32, sadsRadius: 8 }));
  const by = Object.fromEntries(r.prediction.map(p => [p.kind, p.recall]));
  assert.ok(by.exact >= by.dlzs - 0.02, JSON.stringify(by));
  assert.ok(by.dlzs > 0.5, JSON.stringify(by));
});

test('functionalStats is memoised by its parameters', () => {
  clearFunctionalMemo();
  const p = smallParams();
  const a = functionalStats(p);
  const b = functionalStats({ ...p, predictor: { ...p.predictor }, data: { ...p.data } });
  assert.equal(a, b);
  const c = functionalStats({ ...p, topK: 0.5 });
  assert.notEqual(a, c);
  assert.ok(c.keptFraction > a.keptFraction);
});

test('synthetic heads are reproducible from the seed and respect the bit widths', () => {
  const o = { seqLen: 64, queryRows: 8, headDim: 16, modelDim: 16, tokenBits: 6, weightBits: 5, queryBits: 12,
    dominantSpread: 0.4, dominantFew: 0.4, dominantRegion: 0.2, noise: 0.3, seed: 99 };
  const a = generateHead(o), b = generateHead(o), c = generateHead({ ...o, seed: 100 });
  assert.deepEqual(a.qInt, b.qInt);
  assert.notDeepEqual(a.qInt, c.qInt);
  for (const x of a.x) assert.ok(Number.isInteger(x) && Math.abs(x) <= 31);
  for (const w of a.wk) assert.ok(Number.isInteger(w) && Math.abs(w) <= 15);
  for (const q of a.qInt) assert.ok(Number.isInteger(q) && Math.abs(q) <= 2047);
  for (const kinds of [a.rowKind]) for (const k of kinds) assert.ok(['spread', 'few', 'region'].includes(k));
  // region rows plant their keys close together, spread rows far apart
  const g = generateHead({ ...o, seqLen: 1024, queryRows: 40, dominantSpread: 0.5, dominantFew: 0, dominantRegion: 0.5 });
  for (let i = 0; i < 40; i++) {
    const keys = g.dominant[i];
    const width = keys[keys.length - 1] - keys[0];
    if (g.rowKind[i] === 'region') assert.ok(width <= 1024 / 32, `region width ${width}`);
    if (g.rowKind[i] === 'spread') assert.ok(width >= 1024 / 2, `spread width ${width}`);
  }
});

test('the Gaussian sampler has the standard normal mean, variance and quantiles', () => {
  const g = makeGaussian(makeRng(5));
  const a = Float64Array.from({ length: 100_000 }, () => g()).sort();
  let m = 0, v = 0;
  for (const x of a) { m += x; v += x * x; }
  m /= a.length; v = v / a.length - m * m;
  assert.ok(Math.abs(m) < 0.02 && Math.abs(v - 1) < 0.03, `mean ${m} variance ${v}`);
  for (const [q, z] of [[0.025, -1.96], [0.16, -0.994], [0.5, 0], [0.84, 0.994], [0.975, 1.96]]) {
    assert.ok(Math.abs(a[Math.floor(q * a.length)] - z) < 0.03, `quantile ${q}`);
  }
});

test('bad parameters get an error naming the field and the fix', () => {
  const cases: Array<[Partial<ReturnType<typeof smallParams>>, string]> = [
    [{ topK: 0 }, 'topK'], [{ topK: 1.5 }, 'topK'], [{ bc: 0 }, 'bc'], [{ seqLen: 2.5 }, 'seqLen'],
    [{ headDim: -1 }, 'headDim'], [{ sadsInputs: 4 }, 'sadsInputs'], [{ sadsRadius: NaN }, 'sadsRadius'],
    [{ queryRows: 1 << 15, seqLen: 1 << 14 }, 'queryRows'],
    [{ predictor: { kind: 'dlzs', tokenBits: 1, weightLzBits: 4, queryBits: 16, keyBits: 16 } }, 'predictor.tokenBits'],
    [{ predictor: { kind: 'magic' as 'dlzs', tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 16 } }, 'predictor.kind'],
    [{ data: { dominantSpread: -1, dominantFew: 0, dominantRegion: 0, noise: 0, seed: 1 } }, 'data.dominantSpread'],
  ];
  assert.throws(() => validateFunctionalParams(null as unknown as ReturnType<typeof smallParams>),
    (e: unknown) => e instanceof FunctionalParamError && e.field === 'params');
  for (const [over, field] of cases) {
    assert.throws(() => validateFunctionalParams(smallParams(over)),
      (e: unknown) => e instanceof FunctionalParamError && e.field === field && e.message.includes(field.split('.').pop()!),
      field);
    assert.throws(() => functionalStats(smallParams(over)), FunctionalParamError);
  }
});

test('defaultFunctionalParams samples the workload, keeping Bc, d, k, the predictor and the data', () => {
  const workload: Workload = {
    name: 'w', model: 'llama-7b', layers: 32, heads: 32, headDim: 128, seqLen: 8192, queryLen: 8192, batch: 1,
    queryBlock: 128, topK: 0.2,
    predictor: { kind: 'dlzs', tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 16 },
    data: { dominantSpread: 0.75, dominantFew: 0.25, dominantRegion: 0, noise: 0.1, seed: 7 },
  };
  const core: Core = {
    name: 'star', technology: { name: 't', nodeNm: 28, voltageV: 1, frequencyHz: 1e9 },
    dlzs: { rows: 128, cols: 32, enabled: true }, sads: { sorters: 128, inputs: 16, outputs: 4, radius: 4, enabled: true },
    kvgen: { rows: 128, cols: 4, bits: 16 },
    sufa: { rows: 128, cols: 4, bits: 16, expUnits: 128, divUnits: 128, order: 'descending', enabled: true },
    sram: { tokenBytes: 192 * 1024, weightBytes: 96 * 1024, tempBytes: 28 * 1024 }, rass: true,
  };
  const p = defaultFunctionalParams(workload, { bc: 96 }, core);
  assert.equal(p.bc, 96);
  assert.equal(p.seqLen % 96, 0);
  assert.ok(p.seqLen <= 1024 && p.seqLen >= 96);
  assert.ok(p.queryRows <= 128);
  assert.equal(p.headDim, 128);
  assert.equal(p.topK, 0.2);
  assert.equal(p.sadsRadius, 4);
  assert.deepEqual(p.predictor, workload.predictor);
  validateFunctionalParams(p);
  const small = defaultFunctionalParams({ ...workload, seqLen: 300, queryLen: 300 }, { bc: 64 }, core);
  assert.equal(small.seqLen, 300);
  const noSort = defaultFunctionalParams(workload, { bc: 64 }, { ...core, sads: { ...core.sads, enabled: false } });
  assert.equal(noSort.topK, 1);
  const t = performance.now();
  const s = functionalStats(p);
  allFinite(s);
  assert.ok(performance.now() - t < 20_000);
});

test('property: over shapes, bit widths, k, Bc, radius and seeds, stats are finite and recall is in [0, 1]', () => {
  fc.assert(fc.property(
    fc.record({
      seqLen: fc.integer({ min: 1, max: 160 }), queryRows: fc.integer({ min: 1, max: 12 }),
      headDim: fc.integer({ min: 1, max: 24 }), topK: fc.double({ min: 0.001, max: 1, noNaN: true }),
      bc: fc.integer({ min: 1, max: 200 }), queryBlock: fc.integer({ min: 1, max: 16 }),
      sadsRadius: fc.oneof(fc.constant(0), fc.constant(Infinity), fc.double({ min: 0, max: 20, noNaN: true })),
      kind: fc.constantFrom('dlzs' as const, 'symmetric' as const, 'lowbit' as const, 'exact' as const),
      // the language's ranges (model/limits.ts): what the checker accepts
      tokenBits: fc.integer(LIMITS.tokenBits), weightLzBits: fc.integer(LIMITS.weightLzBits),
      queryBits: fc.integer(LIMITS.queryBits), keyBits: fc.integer(LIMITS.keyBits),
      weightBits: fc.integer({ min: 2, max: 16 }), lowBits: fc.integer({ min: 2, max: 16 }),
      mix: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
                    fc.double({ min: 0, max: 1, noNaN: true })),
      noise: fc.double({ min: 0, max: 5, noNaN: true }), seed: fc.integer(),
    }),
    r => {
      const s = functionalStats({
        seqLen: r.seqLen, queryRows: r.queryRows, headDim: r.headDim, topK: r.topK, bc: r.bc, queryBlock: r.queryBlock,
        sadsRadius: r.sadsRadius, sadsInputs: 16, sadsOutputs: 4,
        predictor: { kind: r.kind, tokenBits: r.tokenBits, weightLzBits: r.weightLzBits, queryBits: r.queryBits, keyBits: r.keyBits },
        data: { dominantSpread: r.mix[0], dominantFew: r.mix[1], dominantRegion: r.mix[2], noise: r.noise, seed: r.seed },
        weightBits: r.weightBits, lowBits: r.lowBits,
      });
      const { params: _p, ...figures } = s;
      allFinite(figures);
      assert.ok(s.topkRecall >= 0 && s.topkRecall <= 1);
      assert.ok(s.keptFraction > 0 && s.keptFraction <= 1);
      assert.ok(s.rassUniqueFraction > 0 && s.rassUniqueFraction <= 1);
      assert.ok(s.blockImbalance >= 1);
      assert.ok(s.maxMispredictPerRowTile >= 0 && s.maxMispredictPerRowTile <= 1);
    }), { numRuns: 150 });
});

test('the block-by-block pipeline computes what the stages compute on the whole head at once', () => {
  const S = 320, T = 40, d = 24;
  const h = generateHead({ seqLen: S, queryRows: T, headDim: d, modelDim: 40, tokenBits: 8, weightBits: 8, queryBits: 16,
    dominantSpread: 0.5, dominantFew: 0.3, dominantRegion: 0.2, noise: 0.2, seed: 31 });
  const predictor = { kind: 'dlzs' as const, tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 16 };
  const sads = { topK: 0.2, bc: 40, radius: 5, inputs: 16, outputs: 4 };
  const r = runPipeline(h, { predictor, sads, queryBlock: 16 });
  // the same stages, all rows at once, plain JS
  const keys = prepareKeys(h, predictor, { lowBits: 4, simd: false });
  const ahat = new Float64Array(T * S);
  predictScores(h, predictor, { lowBits: 4, simd: false }, keys, 0, T, ahat, emptyCounts());
  const sel = sadsSelect(ahat, T, S, sads);
  assert.equal(r.keptPairs, sel.keys.length);
  const q = h.qInt.map(x => x * h.qScale / Math.sqrt(d)), k = h.kInt.map(x => x * h.kScale);
  const out = new Float64Array(T * d);
  sufaAttention({ q, k, v: h.v, d, bits: 16 }, sel, 'descending', out);
  assert.ok(maxRelDiff(r.out, out, T, d) < 1e-9);
  assert.equal(r.counts.predict.shiftAdds, S * 40 * d + T * S * d);
  assert.ok(r.rass.unique <= r.keptPairs && r.rass.fetchWithout >= r.rass.unique);
});
