// DLZS: differential leading-zero summation (star-model.md, stage 1). A W-bit integer is x = sign * M * 2^(W - LZ)
// with M in [0.5, 1); its LZ code keeps the sign and the exponent p = W - LZ (the bit length of |x|) and drops M.
// A differential product converts ONE operand: x*y ~ sign(x) XOR sign(y) * (|y| << p_x), within a factor 2 of x*y
// (above it: 2^p >= |x|). The symmetric variant converts both (x*y ~ +-2^(p_x + p_y), up to 4x off).
import type { Predictor } from '../../model/design.js';
import { emptyCounts, traffic, type OpCounts } from './counts.js';
import { gemmAB, gemmABt } from './kernels.js';
import { gemmABExact, gemmStaged, stageKeys, type StagedKeys } from './simd.js';
import { intMax, type HeadData } from './synthetic.js';

/** E[2^p / |x|] for log-uniform mantissas is 1/ln 2: scaling by ln 2 removes the bias of each dropped mantissa.
 *  The hardware folds this constant into the SADS radius; here it keeps predicted logits in logit units. */
const UNBIAS = Math.LN2;

const POW2 = Float64Array.from({ length: 64 }, (_, e) => 2 ** e);

/** Bits of an LZ code for a W-bit signed integer: a sign bit and an exponent field holding 0 (zero) .. W-1. */
export function lzCodeBits(width: number): number { return 1 + Math.ceil(Math.log2(Math.max(2, width))); }

/** Bit length of |x| (0 for 0): the exponent p = W - LZ. */
export function bitLength(x: number): number {
  const m = Math.abs(Math.trunc(x));
  if (m === 0) return 0;
  if (m < 2 ** 31) return 32 - Math.clz32(m);
  return Math.floor(Math.log2(m)) + 1;
}

/**
 * The LZ code of x (a `width`-bit signed integer, saturated) as a signed exponent: 0 for zero, +-p otherwise.
 * A code of `codeBits` bits holds 2^(codeBits-1) - 1 non-zero exponents; with fewer than `width` - 1 of them the
 * smallest magnitudes are flushed to zero (the large ones matter for the ranking).
 */
export function lzEncode(x: number, width: number, codeBits = lzCodeBits(width)): number {
  const m = Math.min(Math.abs(Math.trunc(x)), intMax(width));
  const p = bitLength(m);
  if (p === 0) return 0;
  const levels = intMax(Math.max(1, codeBits));              // 2^(codeBits - 1) - 1 non-zero exponents
  const minP = width - 1 - levels + 1;          // exponents below this do not fit the code
  if (p < minP) return 0;
  return x < 0 ? -p : p;
}

/** The value an LZ code stands for: sign * 2^p (the mantissa dropped). */
export function lzValue(code: number): number {
  return code === 0 ? 0 : code < 0 ? -(-code < 64 ? POW2[-code] : 2 ** -code) : code < 64 ? POW2[code] : 2 ** code;
}

/** Differential product: x in LZ form, y shifted by p_x, sign XOR. No multiplier. */
export function dlzsMul(x: number, y: number, xWidth: number, xCodeBits = lzCodeBits(xWidth)): number {
  const code = lzEncode(x, xWidth, xCodeBits);
  if (code === 0 || y === 0) return 0;
  const mag = Math.abs(y) * 2 ** Math.abs(code);    // |y| << p_x
  return (code < 0) !== (y < 0) ? -mag : mag;
}

/** Symmetric product: both operands in LZ form, exponents added. */
export function symmetricMul(x: number, y: number, xWidth: number, yWidth: number): number {
  const cx = lzEncode(x, xWidth), cy = lzEncode(y, yWidth);
  if (cx === 0 || cy === 0) return 0;
  const mag = 2 ** (Math.abs(cx) + Math.abs(cy));
  return (cx < 0) !== (cy < 0) ? -mag : mag;
}

/** Plain low-bit multiply: both operands requantised from their widths to `bits` bits first. */
export function lowbitMul(x: number, y: number, xWidth: number, yWidth: number, bits: number): number {
  return requantise(x, xWidth, bits) * requantise(y, yWidth, bits);
}

function requantise(x: number, width: number, bits: number): number {
  const shift = Math.max(0, width - bits);
  const m = intMax(bits);
  const q = Math.round(x / 2 ** shift);
  return q > m ? m : q < -m ? -m : q;
}

export interface PredictorOptions {
  lowBits: number;         // width of the low-bit multiply predictor (4 in the paper's comparison)
  /** false: plain JS float64 arithmetic for every product (the SIMD kernel sums in float32) */
  simd?: boolean;
}

/** K^ for every key, in the predictor's arithmetic; computed once per head, reused by every query block. */
export interface PreparedKeys {
  kind: Predictor['kind'];
  /** S x d predicted keys as integers (after truncation), or converted values for the symmetric variant */
  khat: Float64Array;
  /** predicted logit = (q' . khat) * logitScale, with q' the query in the predictor's form */
  logitScale: number;
  /** right shift applied to K^ to fit keyBits (or lowBits) */
  keyShift: number;
  counts: OpCounts;
  /** K^ staged for the SIMD kernel (float32 operands are exact here); absent for 'exact' or without SIMD */
  staged?: StagedKeys | null;
}

function truncateToBits(k: Float64Array, bits: number): number {
  let maxAbs = 0;
  for (let i = 0; i < k.length; i++) { const a = Math.abs(k[i]); if (a > maxAbs) maxAbs = a; }
  const shift = Math.max(0, bitLength(maxAbs) - (bits - 1));
  if (shift > 0) {
    const f = 2 ** shift;
    for (let i = 0; i < k.length; i++) k[i] = Math.floor(k[i] / f);   // arithmetic shift right: drop LSBs
  }
  return shift;
}

/** Stage 1a: K^ = X W_k in the predictor's arithmetic. */
export function prepareKeys(h: HeadData, p: Predictor, o: PredictorOptions): PreparedKeys {
  if (h.kReal) return prepareGivenKeys(h, p, o);
  const { seqLen: S, headDim: d, modelDim: dm } = h;
  const counts = emptyCounts();
  const khat = new Float64Array(S * d);
  const sqrtD = Math.sqrt(d);
  if (p.kind === 'exact') {
    khat.set(h.kInt);
    counts.multiplies += S * dm * d;
    traffic(counts, 'token', S * dm * h.tokenBits / 8, 0);
    traffic(counts, 'weight', dm * d * h.weightBits / 8, 0);
    traffic(counts, 'khat', 0, S * d * 4);                           // exact keys kept at 32 bits
    return { kind: p.kind, khat, logitScale: h.qScale * h.kScale / sqrtD, keyShift: 0, counts };
  }
  if (p.kind === 'lowbit') {
    const b = o.lowBits;
    const x4 = h.x.map(v => requantise(v, h.tokenBits, b));
    const w4 = h.wk.map(v => requantise(v, h.weightBits, b));
    if (o.simd === false || !gemmABExact(x4, S, dm, w4, d, khat)) gemmAB(x4, S, dm, w4, d, khat);
    const shift = truncateToBits(khat, b);
    counts.multiplies += S * dm * d;
    traffic(counts, 'token', S * dm * b / 8, 0);
    traffic(counts, 'weight', dm * d * b / 8, 0);
    traffic(counts, 'khat', 0, S * d * b / 8);
    const scale = 2 ** (h.tokenBits - b) * 2 ** (h.weightBits - b) * 2 ** shift * h.kScale;
    return { kind: p.kind, khat, logitScale: scale * h.qScale * 2 ** Math.max(0, h.queryBits - b) / sqrtD,
             keyShift: shift, counts, staged: o.simd === false ? null : stageKeys(khat, S, d) };
  }
  // DLZS and symmetric: W_k pre-converted offline to LZ codes of weightLzBits bits
  const wCode = new Float64Array(dm * d);
  for (let i = 0; i < wCode.length; i++) wCode[i] = lzValue(lzEncode(h.wk[i], h.weightBits, p.weightLzBits));
  let xOp = h.x;
  let unbias = UNBIAS;
  if (p.kind === 'symmetric') {
    xOp = h.x.map(v => lzValue(lzEncode(v, h.tokenBits)));
    counts.lzEncodes += S * dm;
    unbias *= UNBIAS;
  }
  if (o.simd === false || !gemmABExact(xOp, S, dm, wCode, d, khat)) gemmAB(xOp, S, dm, wCode, d, khat);
  counts.shiftAdds += S * dm * d;
  const { shift, keyUnbias, khatBits } = narrowKhat(khat, p, counts);
  traffic(counts, 'token', S * dm * h.tokenBits / 8, 0);
  traffic(counts, 'weight', dm * d * p.weightLzBits / 8, 0);
  traffic(counts, 'khat', 0, S * d * khatBits / 8);
  const logitScale = 2 ** shift * h.kScale * unbias * keyUnbias * h.qScale * UNBIAS / sqrtD;
  return { kind: p.kind, khat, logitScale, keyShift: shift, counts, staged: o.simd === false ? null : stageKeys(khat, S, d) };
}

/**
 * K^ cut to key_bits in place (the DLZS and the trace paths alike); symmetric DLZS then LZ-codes it, which biases
 * the values by UNBIAS. Returns the shift the cut took, that bias, and the bits a K^ value takes in memory.
 */
function narrowKhat(khat: Float64Array, p: Predictor, counts: OpCounts): { shift: number; keyUnbias: number; khatBits: number } {
  const shift = truncateToBits(khat, p.keyBits);
  if (p.kind !== 'symmetric') return { shift, keyUnbias: 1, khatBits: p.keyBits };
  for (let i = 0; i < khat.length; i++) khat[i] = lzValue(lzEncode(khat[i], p.keyBits));
  counts.lzEncodes += khat.length;
  return { shift, keyUnbias: UNBIAS, khatBits: lzCodeBits(p.keyBits) };
}

/**
 * Stage 1a for a trace: K is given, there is no X or W_k. K^ is K itself at 16-bit integers (one max-abs scale),
 * truncated to key_bits as the DLZS K^ is (symmetric: then LZ-coded; lowbit: requantised to its bits; exact: the keys
 * as read). What the DLZS path adds on top, the error of W_k's LZ form inside K^ = X W_k, is absent: recall on a
 * trace is that of the score prediction alone (docs/functional.md, "Traces").
 */
function prepareGivenKeys(h: HeadData, p: Predictor, o: PredictorOptions): PreparedKeys {
  const { seqLen: S, headDim: d } = h;
  const counts = emptyCounts();
  const sqrtD = Math.sqrt(d);
  const kBits = h.tokenBits;                                        // the width kInt is held in
  if (p.kind === 'exact') {
    traffic(counts, 'khat', 0, S * d * 4);
    return { kind: p.kind, khat: h.kReal!.slice(), logitScale: h.qScale / sqrtD, keyShift: 0, counts };
  }
  if (p.kind === 'lowbit') {
    const b = o.lowBits;
    const khat = h.kInt.map(v => requantise(v, kBits, b));
    traffic(counts, 'khat', 0, S * d * b / 8);
    const scale = 2 ** Math.max(0, kBits - b) * h.kScale;
    return { kind: p.kind, khat, logitScale: scale * h.qScale * 2 ** Math.max(0, h.queryBits - b) / sqrtD,
             keyShift: 0, counts, staged: o.simd === false ? null : stageKeys(khat, S, d) };
  }
  const khat = h.kInt.slice();
  const { shift, keyUnbias, khatBits } = narrowKhat(khat, p, counts);
  traffic(counts, 'khat', 0, S * d * khatBits / 8);
  const logitScale = 2 ** shift * h.kScale * keyUnbias * h.qScale * UNBIAS / sqrtD;
  return { kind: p.kind, khat, logitScale, keyShift: shift, counts, staged: o.simd === false ? null : stageKeys(khat, S, d) };
}

/** The query rows [r0, r1) in the predictor's form (LZ values, low-bit integers, or exact integers). */
export function convertQueries(h: HeadData, p: Predictor, o: PredictorOptions, r0: number, r1: number,
                               counts: OpCounts): Float64Array {
  const d = h.headDim;
  const q = h.qInt.slice(r0 * d, r1 * d);
  if (p.kind === 'dlzs' || p.kind === 'symmetric') {
    // lzValue(lzEncode(x, queryBits, 5-bit code)) written out: this runs on every query element of every block
    const cb = lzCodeBits(p.queryBits);                        // 16-bit Q -> 5-bit code
    const max = intMax(p.queryBits);
    const minP = p.queryBits - 1 - (2 ** (cb - 1) - 1) + 1;
    for (let i = 0; i < q.length; i++) {
      const x = q[i];
      const m = Math.min(Math.abs(x), max);                    // qInt holds integers
      const e = m === 0 ? 0 : 32 - Math.clz32(m);
      q[i] = e === 0 || e < minP ? 0 : x < 0 ? -POW2[e] : POW2[e];
    }
    counts.lzEncodes += q.length;
  } else if (p.kind === 'lowbit') {
    for (let i = 0; i < q.length; i++) q[i] = requantise(q[i], h.queryBits, o.lowBits);
  }
  return q;
}

/**
 * Stage 1b: A^ = Q K^^T for query rows [r0, r1), in predicted logit units, into out ((r1 - r0) x S).
 * Counts one shift-add (DLZS, symmetric) or one multiply (low-bit, exact) per query x key x dimension.
 */
export function predictScores(h: HeadData, p: Predictor, o: PredictorOptions, keys: PreparedKeys,
                              r0: number, r1: number, out: Float64Array, counts: OpCounts): void {
  const { seqLen: S, headDim: d } = h;
  const q = convertQueries(h, p, o, r0, r1, counts);
  const rows = r1 - r0;
  // 'exact' stays in float64 (it is the reference ranking); the approximate predictors use the float32 SIMD kernel
  if (!keys.staged || !gemmStaged(q, rows, keys.staged, d, out, keys.logitScale)) {
    gemmABt(q, rows, keys.khat, S, d, out, keys.logitScale);
  }
  if (p.kind === 'dlzs' || p.kind === 'symmetric') counts.shiftAdds += rows * S * d;
  else counts.multiplies += rows * S * d;
  const kBits = p.kind === 'lowbit' ? o.lowBits : p.kind === 'exact' ? 32
    : p.kind === 'symmetric' ? lzCodeBits(p.keyBits) : p.keyBits;
  traffic(counts, 'query', rows * d * h.queryBits / 8, 0);
  traffic(counts, 'khat', S * d * kBits / 8, 0);                 // K^ streamed once per query block
  traffic(counts, 'ahat', 0, rows * S * 2);                      // 16-bit predicted scores to the sorter
}
