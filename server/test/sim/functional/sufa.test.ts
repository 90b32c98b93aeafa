import test from 'node:test';
import assert from 'node:assert/strict';
import { emptyCounts } from '../../../src/sim/functional/counts.js';
import { gemmABt } from '../../../src/sim/functional/kernels.js';
import { sadsSelect, type Selection } from '../../../src/sim/functional/sads.js';
import {
  attentionKernel, denseAttention, emptyAttentionStats, fa2Attention, plainAttention, sufaAttention, type AttentionInputs, type KeyOrder,
} from '../../../src/sim/functional/sufa.js';
import { makeRng } from '../../../src/sim/functional/synthetic.js';
import { maxRelDiff, scaledHead } from './helpers.js';

const ORDERS: KeyOrder[] = ['descending', 'ascending', 'unsorted'];

function setup(S: number, T: number, d: number, seed: number) {
  const { h, q, k } = scaledHead(S, T, d, seed);
  const exact = new Float64Array(T * S);
  gemmABt(q, T, k, S, d, exact);
  const inp: AttentionInputs = { q, k, v: h.v, d, bits: 16 };
  return { h, q, k, exact, inp };
}

test('top-k = 100% with exact prediction: SU-FA, FA-2 and plain equal dense softmax to 1e-5, for every order', () => {
  for (const [S, bc] of [[256, 32], [200, 64], [64, 64], [96, 7]] as const) {
    const T = 8, d = 32;
    const { exact, inp } = setup(S, T, d, S + bc);
    const sel = sadsSelect(exact, T, S, { topK: 1, bc, radius: Infinity, inputs: 16, outputs: 4 });
    assert.equal(sel.keys.length, T * S);
    const dense = new Float64Array(T * d);
    denseAttention(exact, T, S, inp.v, d, dense);
    for (const order of ORDERS) {
      const a = new Float64Array(T * d), b = new Float64Array(T * d);
      sufaAttention(inp, sel, order, a);
      fa2Attention(inp, sel, order, b);
      assert.ok(maxRelDiff(a, dense, T, d) < 1e-5, `SU-FA ${order} S=${S} bc=${bc}`);
      assert.ok(maxRelDiff(b, dense, T, d) < 1e-5, `FA-2 ${order} S=${S} bc=${bc}`);
    }
    const p = new Float64Array(T * d);
    plainAttention(inp, sel, p);
    assert.ok(maxRelDiff(p, dense, T, d) < 1e-5);
  }
});

function noisyPrediction(exact: Float64Array, seed: number, amp: number): Float64Array {
  const rng = makeRng(seed);
  return exact.map(x => x + (rng() * 2 - 1) * amp);
}

test('SU-FA, FA-2 and plain attention agree to 1e-5 on the same sparse selection', () => {
  const S = 384, T = 12, d = 48;
  const { exact, inp } = setup(S, T, d, 77);
  const sel = sadsSelect(noisyPrediction(exact, 1, 1.5), T, S, { topK: 0.2, bc: 48, radius: 4, inputs: 16, outputs: 4 });
  const plain = new Float64Array(T * d);
  plainAttention(inp, sel, plain);
  for (const order of ORDERS) {
    const a = new Float64Array(T * d), b = new Float64Array(T * d);
    sufaAttention(inp, sel, order, a);
    fa2Attention(inp, sel, order, b);
    assert.ok(maxRelDiff(a, plain, T, d) < 1e-5, `SU-FA ${order}`);
    assert.ok(maxRelDiff(b, plain, T, d) < 1e-5, `FA-2 ${order}`);
  }
  // scores from a precomputed matrix give the same numbers as dot products
  const c = new Float64Array(T * d);
  sufaAttention({ ...inp, scores: exact }, sel, 'descending', c);
  assert.ok(maxRelDiff(c, plain, T, d) < 1e-12);
});

test('descending SU-FA with exact prediction never rescales inside a tile; one tile-sync per row and tile', () => {
  const S = 512, T = 10, d = 32;
  const { exact, inp } = setup(S, T, d, 5);
  const sel = sadsSelect(exact, T, S, { topK: 0.25, bc: 64, radius: Infinity, inputs: 16, outputs: 4 });
  const st = emptyAttentionStats(), counts = emptyCounts();
  sufaAttention(inp, sel, 'descending', new Float64Array(T * d), counts, st);
  assert.equal(st.inTileRescales, 0);
  assert.equal(st.mispredicts, 0);
  assert.equal(st.rowTiles, T * sel.tc);
  assert.equal(st.syncRescales, T * sel.tc);
  assert.equal(counts.rescales, T * sel.tc);
  assert.equal(counts.exponentials, sel.keys.length + T * sel.tc);
  // ascending order is the worst case: every key raises the tile max
  const asc = emptyAttentionStats();
  sufaAttention(inp, sel, 'ascending', new Float64Array(T * d), emptyCounts(), asc);
  assert.equal(asc.inTileRescales, sel.keys.length - T * sel.tc);
});

function countMaxChanges(sel: Selection, exact: Float64Array, order: KeyOrder): number {
  let changes = 0;
  for (let i = 0; i < sel.rows; i++) {
    let m = -Infinity, first = true;
    for (let j = 0; j < sel.tc; j++) {
      let keys = Array.from(sel.keys.subarray(sel.tileStart[i * sel.tc + j], sel.tileStart[i * sel.tc + j + 1]));
      if (order === 'ascending') keys = keys.reverse();
      if (order === 'unsorted') keys = keys.sort((a, b) => a - b);
      for (const key of keys) {
        const s = exact[i * sel.seqLen + key];
        if (!first && s > m) changes++;
        if (first || s > m) m = s;
        first = false;
      }
    }
  }
  return changes;
}

test("FA-2's rescale count equals the number of running-max changes", () => {
  const S = 300, T = 9, d = 16;
  const { exact, inp } = setup(S, T, d, 8);
  const sel = sadsSelect(noisyPrediction(exact, 2, 2), T, S, { topK: 0.3, bc: 50, radius: 6, inputs: 16, outputs: 4 });
  for (const order of ORDERS) {
    const st = emptyAttentionStats(), counts = emptyCounts();
    fa2Attention(inp, sel, order, new Float64Array(T * d), counts, st);
    const expected = countMaxChanges(sel, exact, order);
    assert.equal(st.maxChanges, expected, order);
    assert.equal(counts.rescales, expected);
  }
});

test('a wrong predicted max is detected, counted and handled: SU-FA stays exact', () => {
  const S = 256, T = 8, d = 32;
  const { exact, inp } = setup(S, T, d, 13);
  // a predictor that ranks keys in reverse: each tile's first key is its smallest true score
  const sel = sadsSelect(exact.map(x => -x), T, S, { topK: 0.25, bc: 32, radius: Infinity, inputs: 16, outputs: 4 });
  const st = emptyAttentionStats();
  const out = new Float64Array(T * d), plain = new Float64Array(T * d);
  sufaAttention(inp, sel, 'descending', out, emptyCounts(), st);
  plainAttention(inp, sel, plain);
  assert.equal(st.mispredicts, st.rowTiles);
  assert.ok(st.inTileRescales > 0);
  assert.ok(maxRelDiff(out, plain, T, d) < 1e-9);
  // huge score gaps would overflow exp(s - m) if the wrong max were trusted
  const big = { ...inp, q: inp.q.map(x => x * 400) };
  const bigExact = new Float64Array(T * S);
  gemmABt(big.q, T, big.k, S, d, bigExact);
  const out2 = new Float64Array(T * d), plain2 = new Float64Array(T * d);
  sufaAttention(big, sel, 'descending', out2);
  plainAttention(big, sel, plain2);
  for (const x of out2) assert.ok(Number.isFinite(x));
  assert.ok(maxRelDiff(out2, plain2, T, d) < 1e-9);
});

test('SU-FA with the SIMD kernel gives the JS result (same order of sums) and the same counts', () => {
  for (const [S, d, bc] of [[256, 32, 32], [130, 13, 20]] as const) {
    const T = 6;
    const { exact, inp } = setup(S, T, d, 3 + d);
    const sel = sadsSelect(noisyPrediction(exact, 4, 2), T, S, { topK: 0.3, bc, radius: 5, inputs: 16, outputs: 4 });
    const kernel = attentionKernel(inp.k, inp.v, S, d, bc, 4, sel.tc);
    assert.ok(kernel, 'WebAssembly SIMD is available on Node 20');
    const a = new Float64Array(T * d), b = new Float64Array(T * d);
    const ca = emptyCounts(), cb = emptyCounts(), sa = emptyAttentionStats(), sb = emptyAttentionStats();
    sufaAttention({ ...inp, kernel }, sel, 'descending', a, ca, sa);
    sufaAttention(inp, sel, 'descending', b, cb, sb);
    assert.ok(maxRelDiff(a, b, T, d) < 1e-12);
    assert.deepEqual(ca, cb);
    assert.deepEqual(sa, sb);
    assert.ok(sa.mispredicts > 0);
  }
});
