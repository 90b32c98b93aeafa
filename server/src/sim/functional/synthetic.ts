// Seeded synthetic attention heads that look like real attention maps (star-model.md, SADS): rows with several
// dominant keys spread over the row, rows with a few dominant keys, rows with one dominant region, plus noise.
// Tokens X and weights W_k are integers at the given bit widths; K = X W_k exactly; Q is built from the keys it
// should attend to and quantised to queryBits; V is Gaussian (its values do not affect selection).
import { gemmAB } from './kernels.js';
import { gemmABExact } from './simd.js';

/** mulberry32: small, fast, good enough for test data, identical on every platform. */
export function makeRng(seed: number): () => number {
  let a = (Math.floor(seed) >>> 0) ^ 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Quantiles of the standard normal at (k + 0.5) / 4096, by integrating its density once at load. */
const NORMAL_LEVELS = 4096;
const NORMAL_TABLE: Float64Array = (() => {
  const t = new Float64Array(NORMAL_LEVELS);
  const step = 1e-3, c = 1 / Math.sqrt(2 * Math.PI);
  let x = -6, cdf = 0, prev = c * Math.exp(-18), k = 0;
  while (k < NORMAL_LEVELS && x < 6) {
    const nx = x + step, pdf = c * Math.exp(-0.5 * nx * nx);
    const ncdf = cdf + 0.5 * (prev + pdf) * step;
    while (k < NORMAL_LEVELS && ncdf >= (k + 0.5) / NORMAL_LEVELS) {
      const target = (k + 0.5) / NORMAL_LEVELS;
      t[k++] = x + (target - cdf) / Math.max(ncdf - cdf, 1e-300) * step;   // linear inside the step
    }
    x = nx; cdf = ncdf; prev = pdf;
  }
  while (k < NORMAL_LEVELS) { t[k] = -t[NORMAL_LEVELS - 1 - k]; k++; }
  return t;
})();

/** Standard normal samples by table lookup: one uniform each, tails cut at about 3.5 sigma (ample for
 *  synthetic tokens that saturate at 4 sigma); 5-10x cheaper than Box-Muller, which dominated fresh stats calls. */
export function makeGaussian(rng: () => number): () => number {
  return () => NORMAL_TABLE[Math.floor(rng() * NORMAL_LEVELS)];
}

/** Largest magnitude of a signed integer of `bits` bits. */
export function intMax(bits: number): number { return bits >= 1 && bits <= 53 ? INT_MAX[bits] : 2 ** (bits - 1) - 1; }
const INT_MAX = Float64Array.from({ length: 54 }, (_, b) => 2 ** (b - 1) - 1);   // Math.pow is slow on hot paths

/** Round to the nearest integer and saturate to a signed `bits`-bit range. */
export function quantise(x: number, scale: number, bits: number): number {
  const m = intMax(bits);
  const q = Math.round(x / scale);
  return q > m ? m : q < -m ? -m : q;
}

export type RowKind = 'spread' | 'few' | 'region' | 'flat';

export interface SyntheticOptions {
  seqLen: number;
  queryRows: number;
  headDim: number;
  modelDim: number;        // columns of X = rows of W_k (the head's slice of the hidden size)
  tokenBits: number;
  weightBits: number;
  queryBits: number;
  dominantSpread: number;
  dominantFew: number;
  dominantRegion: number;
  noise: number;
  seed: number;
  /** logit of a dominant key; background logits are around 0 */
  dominantLogit?: number;
}

export interface HeadData {
  seqLen: number; queryRows: number; headDim: number; modelDim: number;
  tokenBits: number; weightBits: number; queryBits: number;
  /** S x modelDim token integers */
  x: Float64Array;
  /** modelDim x headDim weight integers (input-major) */
  wk: Float64Array;
  /** S x headDim: K = X W_k, exact integers */
  kInt: Float64Array;
  /** dequantisation: K_real = kInt * kScale */
  kScale: number;
  /** T x headDim query integers; Q_real = qInt * qScale */
  qInt: Float64Array;
  qScale: number;
  /** S x headDim values */
  v: Float64Array;
  /** the kind of each query row and its planted dominant keys */
  rowKind: RowKind[];
  dominant: Int32Array[];
  /** exact logits scale: score = (qInt . kInt) * scoreScale */
  scoreScale: number;
}

function pickKind(rng: () => number, o: SyntheticOptions): RowKind {
  const total = o.dominantSpread + o.dominantFew + o.dominantRegion;
  if (total <= 0) return 'flat';
  const u = rng() * Math.max(1, total);
  if (u < o.dominantSpread) return 'spread';
  if (u < o.dominantSpread + o.dominantFew) return 'few';
  if (u < total) return 'region';
  return 'flat';
}

function plantKeys(kind: RowKind, S: number, rng: () => number): number[] {
  const out = new Set<number>();
  if (kind === 'few') {
    const n = 1 + Math.floor(rng() * 3);
    while (out.size < Math.min(n, S)) out.add(Math.floor(rng() * S));
  } else if (kind === 'spread') {
    const n = Math.min(S, 4 + Math.floor(rng() * 9));
    const stretch = S / n;                        // one dominant key per stretch: spread over the row
    for (let i = 0; i < n; i++) out.add(Math.min(S - 1, Math.floor(i * stretch + rng() * stretch)));
  } else if (kind === 'region') {
    const n = Math.min(S, 4 + Math.floor(rng() * 9));
    const width = Math.min(S, Math.max(n, Math.floor(S / 32)));
    const start = Math.floor(rng() * (S - width + 1));
    while (out.size < n) out.add(start + Math.floor(rng() * width));
  }
  return [...out].sort((a, b) => a - b);
}

export function generateHead(o: SyntheticOptions): HeadData {
  const { seqLen: S, queryRows: T, headDim: d, modelDim: dm } = o;
  const rng = makeRng(o.seed);
  const gauss = makeGaussian(rng);
  const xMax = intMax(o.tokenBits), wMax = intMax(o.weightBits);
  // 4 sigma saturates: most values use the full integer range, as calibrated quantisers do
  const xSigma = Math.max(0.5, xMax / 4), wSigma = Math.max(0.5, wMax / 4);
  const x = new Float64Array(S * dm), wk = new Float64Array(dm * d);
  for (let i = 0; i < x.length; i++) { const q = Math.round(gauss() * xSigma); x[i] = q > xMax ? xMax : q < -xMax ? -xMax : q; }
  for (let i = 0; i < wk.length; i++) { const q = Math.round(gauss() * wSigma); wk[i] = q > wMax ? wMax : q < -wMax ? -wMax : q; }
  const kInt = new Float64Array(S * d);
  if (!gemmABExact(x, S, dm, wk, d, kInt)) gemmAB(x, S, dm, wk, d, kInt);   // integers: exact either way
  const kScale = 1 / (xSigma * wSigma * Math.sqrt(dm));   // K_real elements ~ N(0, 1)
  // values share a common component, as real value rows do, so outputs do not average out to near zero
  const vMean = new Float64Array(d);
  for (let c = 0; c < d; c++) vMean[c] = gauss();
  const v = new Float64Array(S * d);
  for (let i = 0; i < v.length; i++) v[i] = vMean[i % d] + gauss();

  const L = o.dominantLogit ?? 8;
  const sqrtD = Math.sqrt(d);
  const qReal = new Float64Array(T * d);
  const rowKind: RowKind[] = [];
  const dominant: Int32Array[] = [];
  for (let i = 0; i < T; i++) {
    const kind = pickKind(rng, o);
    const keys = plantKeys(kind, S, rng);
    rowKind.push(kind); dominant.push(Int32Array.from(keys));
    const q = qReal.subarray(i * d, (i + 1) * d);
    for (const j of keys) {
      // q . k_j / sqrt(d) = L * gain for each planted key (plus cross terms of near-orthogonal keys)
      let n2 = 0;
      for (let c = 0; c < d; c++) { const kc = kInt[j * d + c] * kScale; n2 += kc * kc; }
      const g = (0.6 + 0.4 * rng()) * L * sqrtD / Math.max(n2, 1e-9);
      for (let c = 0; c < d; c++) q[c] += g * kInt[j * d + c] * kScale;
    }
    let qn = 0;
    for (let c = 0; c < d; c++) qn += q[c] * q[c];
    // relative uniform noise; flat rows get noise of the size of one dominant key so they are not all zero
    const amp = Math.sqrt(3 / d) * Math.max(o.noise * Math.sqrt(qn), keys.length ? 0 : 1 + o.noise);
    for (let c = 0; c < d; c++) q[c] += (2 * rng() - 1) * amp;
  }
  let qAbs = 0;
  for (let i = 0; i < qReal.length; i++) qAbs = Math.max(qAbs, Math.abs(qReal[i]));
  const qScale = Math.max(qAbs, 1e-12) / intMax(o.queryBits);
  const qInt = new Float64Array(T * d);
  const qMax = intMax(o.queryBits);
  for (let i = 0; i < qInt.length; i++) { const q = Math.round(qReal[i] / qScale); qInt[i] = q > qMax ? qMax : q < -qMax ? -qMax : q; }
  return {
    seqLen: S, queryRows: T, headDim: d, modelDim: dm,
    tokenBits: o.tokenBits, weightBits: o.weightBits, queryBits: o.queryBits,
    x, wk, kInt, kScale, qInt, qScale, v, rowKind, dominant,
    scoreScale: qScale * kScale / sqrtD,
  };
}
