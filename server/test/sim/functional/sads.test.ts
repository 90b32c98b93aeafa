// SADS: selection against exact top-k, descending order, the 16-to-4 sorter, radius, round counts.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { emptyCounts } from '../../../src/sim/functional/counts.js';
import { bitonicComparators, exactTopK, quotaOf, sadsReference, sadsSelect, type SadsConfig, type SadsStats }
  from '../../../src/sim/functional/sads.js';
import { makeRng } from '../../../src/sim/functional/synthetic.js';

function randomScores(rows: number, S: number, seed: number, levels = 0): Float64Array {
  const rng = makeRng(seed);
  const a = new Float64Array(rows * S);
  // levels > 0 gives many ties, which the tie rule (lower index first) must settle the same way everywhere
  for (let i = 0; i < a.length; i++) a[i] = levels ? Math.floor(rng() * levels) : rng() * 12 - 6;
  return a;
}

function rowKeys(sel: { keys: Int32Array; tileStart: Int32Array; tc: number }, i: number): number[] {
  return Array.from(sel.keys.subarray(sel.tileStart[i * sel.tc], sel.tileStart[(i + 1) * sel.tc]));
}

test('SADS with one sub-segment and a large radius equals exact top-k', () => {
  for (const [S, k, seed, levels] of [[100, 0.2, 1, 0], [257, 0.05, 2, 0], [64, 0.5, 3, 5], [1000, 0.13, 4, 0]] as const) {
    const rows = 6;
    const a = randomScores(rows, S, seed, levels);
    const sel = sadsSelect(a, rows, S, { topK: k, bc: S, radius: Infinity, inputs: 16, outputs: 4 });
    assert.equal(sel.tc, 1);
    for (let i = 0; i < rows; i++) {
      const got = rowKeys(sel, i).sort((x, y) => x - y);
      assert.deepEqual(got, Array.from(exactTopK(a, i * S, S, k)), `S=${S} k=${k} row ${i}`);
    }
  }
});

test('SADS emits each tile in descending predicted order', () => {
  const S = 512, rows = 4;
  const a = randomScores(rows, S, 9);
  const sel = sadsSelect(a, rows, S, { topK: 0.3, bc: 64, radius: 5, inputs: 16, outputs: 4 });
  for (let t = 0; t < rows * sel.tc; t++) {
    const i = Math.floor(t / sel.tc);
    for (let u = sel.tileStart[t] + 1; u < sel.tileStart[t + 1]; u++) {
      assert.ok(a[i * S + sel.keys[u - 1]] >= a[i * S + sel.keys[u]]);
    }
  }
});

test('the iterative 16-to-4 sorter selects what the plain definition selects (any Bc, R, k, sorter width)', () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 128 }), fc.double({ min: 0.01, max: 1, noNaN: true }),
    fc.oneof(fc.constant(Infinity), fc.double({ min: 0, max: 10, noNaN: true })), fc.integer({ min: 1, max: 8 }),
    fc.integer({ min: 1, max: 24 }), fc.integer({ min: 0, max: 1e6 }), fc.boolean(),
    (S, bc, k, R, outs, extra, seed, ties) => {
      const a = randomScores(2, S, seed, ties ? 4 : 0);
      const cfg: SadsConfig = { topK: k, bc, radius: R, inputs: outs + extra, outputs: outs };
      const ref = sadsReference(a, 2, S, cfg);
      for (const it of [sadsSelect(a, 2, S, cfg), sadsSelect(a, 2, S, cfg, emptyCounts(), undefined, 'rounds')]) {
        assert.deepEqual(Array.from(it.tileStart), Array.from(ref.tileStart));
        assert.deepEqual(Array.from(it.keys), Array.from(ref.keys));
      }
    }), { numRuns: 300 });
});

test('later passes in closed form give the same keys, rounds, passes, clippings and comparisons as round by round', () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 200 }), fc.double({ min: 0.01, max: 1, noNaN: true }),
    fc.oneof(fc.constant(Infinity), fc.double({ min: 0, max: 10, noNaN: true })), fc.integer({ min: 1, max: 8 }),
    fc.integer({ min: 1, max: 24 }), fc.integer({ min: 0, max: 1e6 }), fc.boolean(),
    (S, bc, k, R, outs, extra, seed, ties) => {
      const a = randomScores(3, S, seed, ties ? 3 : 0);
      const cfg: SadsConfig = { topK: k, bc, radius: R, inputs: outs + extra, outputs: outs };
      const st = (): SadsStats => ({ rounds: 0, segments: 0, passes: 0, clipped: 0, shortSegments: 0 });
      const sa = st(), sb = st(), ca = emptyCounts(), cb = emptyCounts();
      const x = sadsSelect(a, 3, S, cfg, ca, sa, 'closed-form'), y = sadsSelect(a, 3, S, cfg, cb, sb, 'rounds');
      assert.deepEqual(Array.from(x.keys), Array.from(y.keys));
      assert.deepEqual(Array.from(x.tileStart), Array.from(y.tileStart));
      assert.deepEqual(sa, sb);
      assert.deepEqual(ca, cb);
    }), { numRuns: 300 });
});

test('the radius drops candidates: a tight radius keeps fewer keys than the quota', () => {
  const S = 256, rows = 8;
  const a = randomScores(rows, S, 21);
  const st: SadsStats = { rounds: 0, segments: 0, passes: 0, clipped: 0, shortSegments: 0 };
  const tight = sadsSelect(a, rows, S, { topK: 0.25, bc: 64, radius: 0.5, inputs: 16, outputs: 4 }, emptyCounts(), st);
  const wide = sadsSelect(a, rows, S, { topK: 0.25, bc: 64, radius: 100, inputs: 16, outputs: 4 });
  assert.equal(wide.keys.length, rows * 4 * quotaOf(64, 0.25));
  assert.ok(tight.keys.length < wide.keys.length);
  assert.ok(st.clipped > 0 && st.shortSegments > 0);
});

test('SADS counts rounds of 12 new inputs and the comparators of a 16-input bitonic network', () => {
  assert.equal(bitonicComparators(16), 80);
  assert.equal(bitonicComparators(4), 6);
  const S = 120, counts = emptyCounts();
  const st: SadsStats = { rounds: 0, segments: 0, passes: 0, clipped: 0, shortSegments: 0 };
  // quota 4 = one sorter output: a single pass of ceil(120 / 12) = 10 rounds
  sadsSelect(randomScores(1, S, 5), 1, S, { topK: 4 / 120, bc: 120, radius: Infinity, inputs: 16, outputs: 4 }, counts, st);
  assert.equal(st.rounds, 10);
  assert.equal(st.passes, 1);
  assert.equal(counts.comparisons, 10 * (80 + 16));
});

test('exact top-k keeps ceil(k S) keys and breaks ties toward the lower index', () => {
  const a = Float64Array.from([1, 3, 3, 2, 3, 0]);
  assert.deepEqual(Array.from(exactTopK(a, 0, 6, 0.34)), [1, 2, 4]);
  assert.deepEqual(Array.from(exactTopK(a, 0, 6, 0.3)), [1, 2]);
  assert.deepEqual(Array.from(exactTopK(a, 0, 6, 1)), [0, 1, 2, 3, 4, 5]);
});
