// Heavy hitters in the synthetic data (H2O; attention sinks): keys salient for every query, shared dominant keys,
// and what that does to RASS's reuse. The default data (no heavy hitters) must stay exactly as it was.
import test from 'node:test';
import assert from 'node:assert/strict';
import { generateHead, type SyntheticOptions } from '../../../src/sim/functional/synthetic.js';
import { FunctionalParamError, defaultFunctionalParams, functionalStats, validateFunctionalParams } from '../../../src/sim/functional/index.js';
import { bertBase, starCore } from '../../../src/sim/core/defaults.js';
import type { SyntheticData } from '../../../src/model/design.js';

const base: SyntheticOptions = { seqLen: 256, queryRows: 64, headDim: 32, modelDim: 32, tokenBits: 8, weightBits: 8, queryBits: 16,
  dominantSpread: 0.75, dominantFew: 0.25, dominantRegion: 0, noise: 0.1, seed: 3 };

test('without heavy hitters the data is unchanged (no extra random draws)', () => {
  const a = generateHead(base), b = generateHead({ ...base, heavyHitters: 0, sharedDominant: 0.9 });
  assert.deepEqual(Array.from(b.qInt), Array.from(a.qInt));
  assert.deepEqual(Array.from(b.kInt), Array.from(a.kInt));
  assert.equal(a.heavy.length, 0);
});

test('heavy hitters: the sink (key 0) and 10% of keys, scored above the other keys by every row on average', () => {
  const h = generateHead({ ...base, heavyHitters: 0.1 });
  assert.equal(h.heavy.length, Math.round(0.1 * base.seqLen));
  assert.equal(h.heavy[0], 0);
  const { seqLen: S, queryRows: T, headDim: d } = h;
  const isHeavy = new Uint8Array(S);
  for (const j of h.heavy) isHeavy[j] = 1;
  let heavyAbove = 0;
  for (let i = 0; i < T; i++) {
    let sh = 0, so = 0;
    for (let j = 0; j < S; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += h.qInt[i * d + c] * h.kInt[j * d + c];
      if (isHeavy[j]) sh += s; else so += s;
    }
    if (sh / h.heavy.length > so / (S - h.heavy.length)) heavyAbove++;
  }
  assert.ok(heavyAbove >= 0.9 * T, `${heavyAbove} of ${T} rows`);
});

test('shared dominant keys shrink the KV rows a query block needs (RASS reuse) without hurting accuracy', () => {
  const union = (f: number) => {
    const w = bertBase(0.074);
    w.data = { ...(w.data as SyntheticData), heavyHitters: 0.1, sharedDominant: f };
    const s = functionalStats(defaultFunctionalParams(w, { bc: 64 }, starCore()));
    return { share: s.rassUniqueFraction * s.keptFraction * s.params.queryBlock, err: s.outputRelErrorMean };
  };
  const indep = union(0), shared = union(0.8);
  assert.ok(indep.share > 0.7, `independent rows: block union ${indep.share}`);
  assert.ok(shared.share < 0.5 * indep.share, `${shared.share} vs ${indep.share}`);
  assert.ok(shared.err <= indep.err * 1.1, `${shared.err} vs ${indep.err}`);
});

test('heavy-hitter fractions outside [0, 1] are named errors', () => {
  const p = defaultFunctionalParams(bertBase(0.074), { bc: 64 }, starCore());
  for (const f of ['heavyHitters', 'sharedDominant'] as const) {
    assert.throws(() => validateFunctionalParams({ ...p, data: { ...p.data, [f]: 1.5 } }),
      (e: unknown) => e instanceof FunctionalParamError && e.message.includes(`data.${f}`));
  }
});
