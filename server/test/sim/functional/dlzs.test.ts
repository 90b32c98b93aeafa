// DLZS and the other predictors: LZ codes, product error bounds, the predicted score matrix.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bitLength, convertQueries, dlzsMul, lowbitMul, lzCodeBits, lzEncode, lzValue, prepareKeys, predictScores, symmetricMul,
} from '../../../src/sim/functional/dlzs.js';
import { emptyCounts } from '../../../src/sim/functional/counts.js';
import { generateHead, intMax } from '../../../src/sim/functional/synthetic.js';

test('LZ code widths: 8-bit weights take 4-bit codes, 16-bit queries 5-bit codes', () => {
  assert.equal(lzCodeBits(8), 4);
  assert.equal(lzCodeBits(16), 5);
  assert.equal(bitLength(0), 0);
  assert.equal(bitLength(1), 1);
  assert.equal(bitLength(127), 7);
  assert.equal(bitLength(-128), 8);
  assert.equal(lzValue(lzEncode(-5, 8)), -8);     // |-5| = 0b101: exponent 3, value -2^3
  assert.equal(lzValue(lzEncode(0, 8)), 0);
});

test('a short LZ code flushes the smallest magnitudes to zero and keeps the large ones', () => {
  // 2-bit code for 8-bit values: one non-zero exponent, the top one (bit length 7)
  assert.equal(lzEncode(100, 8, 2), 7);
  assert.equal(lzEncode(3, 8, 2), 0);
  assert.equal(lzEncode(-64, 8, 2), -7);
});

test('DLZS products are within a factor of 2 of the exact product, with the right sign', () => {
  fc.assert(fc.property(
    fc.integer({ min: 2, max: 16 }), fc.integer(), fc.integer({ min: -(2 ** 20), max: 2 ** 20 }),
    (width, xr, y) => {
      const m = intMax(width);
      const x = ((xr % (2 * m + 1)) + (2 * m + 1)) % (2 * m + 1) - m;   // any width-bit signed integer
      const p = dlzsMul(x, y, width);
      const exact = x * y;
      if (exact === 0) return p === 0;
      return Math.sign(p) === Math.sign(exact) && Math.abs(p) >= Math.abs(exact) && Math.abs(p) <= 2 * Math.abs(exact);
    }), { numRuns: 2000 });
});

test('symmetric products are within a factor of 4 (both mantissas dropped), sign right', () => {
  fc.assert(fc.property(fc.integer({ min: -127, max: 127 }), fc.integer({ min: -32767, max: 32767 }), (x, y) => {
    const p = symmetricMul(x, y, 8, 16);
    const exact = x * y;
    if (exact === 0) return p === 0;
    return Math.sign(p) === Math.sign(exact) && Math.abs(p) >= Math.abs(exact) && Math.abs(p) <= 4 * Math.abs(exact);
  }), { numRuns: 1000 });
});

test('low-bit multiply keeps the sign of large operands', () => {
  assert.equal(lowbitMul(127, -127, 8, 8, 4), -49);  // 127 / 16 rounds to 8, saturates at the 4-bit 7
  assert.equal(lowbitMul(40, 40, 8, 8, 4), 9);         // 40 / 16 rounds to 3
  assert.equal(lowbitMul(3, 3, 8, 8, 4), 0);       // below one 4-bit step: lost
});

test('the DLZS score matrix is the differential product summed: matches dlzsMul element by element', () => {
  const h = generateHead({ seqLen: 12, queryRows: 3, headDim: 8, modelDim: 8, tokenBits: 8, weightBits: 8, queryBits: 16,
    dominantSpread: 1, dominantFew: 0, dominantRegion: 0, noise: 0.1, seed: 3 });
  const pred = { kind: 'dlzs' as const, tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 16 };
  const keys = prepareKeys(h, pred, { lowBits: 4, simd: false });
  // K^ by hand: X times W_k in LZ form (no truncation needed at this size)
  assert.equal(keys.keyShift, 0);
  for (let s = 0; s < 12; s++) for (let c = 0; c < 8; c++) {
    let acc = 0;
    for (let t = 0; t < 8; t++) acc += dlzsMul(h.wk[t * 8 + c], h.x[s * 8 + t], 8, 4);
    assert.equal(keys.khat[s * 8 + c], acc);
  }
  const counts = emptyCounts();
  const out = new Float64Array(3 * 12);
  predictScores(h, pred, { lowBits: 4, simd: false }, keys, 0, 3, out, counts);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 12; j++) {
    let acc = 0;
    for (let c = 0; c < 8; c++) acc += dlzsMul(h.qInt[i * 8 + c], keys.khat[j * 8 + c], 16, 5);
    assert.ok(Math.abs(out[i * 12 + j] - acc * keys.logitScale) <= 1e-9 * Math.max(1, Math.abs(acc * keys.logitScale)));
  }
  assert.equal(counts.shiftAdds, 3 * 12 * 8);
  assert.equal(counts.multiplies, 0);
  assert.equal(counts.lzEncodes, 3 * 8);
});

test('query conversion equals lzEncode element by element, for any query width', () => {
  for (const queryBits of [2, 5, 12, 16, 24]) {
    const h = generateHead({ seqLen: 8, queryRows: 6, headDim: 16, modelDim: 8, tokenBits: 8, weightBits: 8, queryBits,
      dominantSpread: 0.5, dominantFew: 0.5, dominantRegion: 0, noise: 0.3, seed: queryBits });
    const pred = { kind: 'dlzs' as const, tokenBits: 8, weightLzBits: 4, queryBits, keyBits: 16 };
    const q = convertQueries(h, pred, { lowBits: 4 }, 0, 6, emptyCounts());
    for (let i = 0; i < q.length; i++) assert.equal(q[i], lzValue(lzEncode(h.qInt[i], queryBits)), `${queryBits} bits, ${i}`);
  }
});

test('K^ is truncated to keyBits: a 16-bit K^ never exceeds 2^15 in magnitude', () => {
  const h = generateHead({ seqLen: 64, queryRows: 2, headDim: 64, modelDim: 256, tokenBits: 8, weightBits: 8, queryBits: 16,
    dominantSpread: 1, dominantFew: 0, dominantRegion: 0, noise: 0.1, seed: 5 });
  const keys = prepareKeys(h, { kind: 'dlzs', tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 16 }, { lowBits: 4 });
  assert.ok(keys.keyShift > 0);
  for (const v of keys.khat) assert.ok(Math.abs(v) <= 2 ** 15);
});

test('the SIMD score kernel (float32 sums) agrees with float64 arithmetic to 1e-6 of the row scale', () => {
  const h = generateHead({ seqLen: 301, queryRows: 7, headDim: 37, modelDim: 50, tokenBits: 8, weightBits: 8, queryBits: 16,
    dominantSpread: 0.5, dominantFew: 0.5, dominantRegion: 0, noise: 0.2, seed: 12 });
  for (const kind of ['dlzs', 'symmetric', 'lowbit'] as const) {
    const pred = { kind, tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 16 };
    const a = new Float64Array(7 * 301), b = new Float64Array(7 * 301);
    const ks = prepareKeys(h, pred, { lowBits: 4 });
    const kj = prepareKeys(h, pred, { lowBits: 4, simd: false });
    predictScores(h, pred, { lowBits: 4 }, ks, 0, 7, a, emptyCounts());
    predictScores(h, pred, { lowBits: 4, simd: false }, kj, 0, 7, b, emptyCounts());
    let scale = 0;
    for (const x of b) scale = Math.max(scale, Math.abs(x));
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-6 * scale, `${kind} ${i}`);
  }
});
