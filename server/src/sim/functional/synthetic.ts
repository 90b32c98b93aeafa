// Seeded synthetic attention heads that look like real attention maps (star-model.md, SADS): rows with several
// dominant keys spread over the row, rows with a few dominant keys, rows with one dominant region, plus noise.
// Tokens X and weights W_k are integers at the given bit widths; K = X W_k exactly; Q is built from the keys it
// should attend to and quantised to queryBits; V is Gaussian (its values do not affect selection).
import { gemmAB } from './kernels.js';
import { gemmABExact } from './simd.js';
import { mulberry32 } from '../rng.js';

/** Test data's generator: mulberry32, its state mixed from the seed. */
export function makeRng(seed: number): () => number {
  return mulberry32((Math.floor(seed) >>> 0) ^ 0x9e3779b9);
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
  /** fraction of the head's keys that are heavy hitters, salient for every query (0 = none) */
  heavyHitters?: number;
  /** fraction of each row's dominant keys drawn from the heavy hitters instead of independently */
  sharedDominant?: number;
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
  /** the head's heavy-hitter keys (empty when heavyHitters = 0) */
  heavy: Int32Array;
  /** traces only: K and Q as read (x and wk are then empty: K^ is formed from K, see dlzs.prepareGivenKeys) */
  kReal?: Float64Array;
  qReal?: Float64Array;
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
  // Heavy hitters (H2O, Zhang et al. NeurIPS 2023; attention sinks, Xiao et al. ICLR 2024): a few tokens whose
  // embeddings share one common component (the massive activations of sink tokens), so their keys share a direction
  // w = r W_k that every query also carries. Key 0 is always one (the sink). Extra draws only when enabled, so data
  // without heavy hitters is unchanged.
  const nHeavy = Math.min(S, Math.round(Math.max(0, Math.min(1, o.heavyHitters ?? 0)) * S));
  const heavySet = new Set<number>();
  let wHeavy: Float64Array | null = null;
  if (nHeavy > 0) {
    heavySet.add(0);
    while (heavySet.size < nHeavy) heavySet.add(Math.floor(rng() * S));
    const r = new Float64Array(dm);
    for (let c = 0; c < dm; c++) r[c] = gauss() * xSigma;
    for (const j of heavySet) for (let c = 0; c < dm; c++) {
      const q = Math.round(x[j * dm + c] * Math.SQRT1_2 + r[c] * Math.SQRT1_2);   // same token scale as the others
      x[j * dm + c] = q > xMax ? xMax : q < -xMax ? -xMax : q;
    }
    wHeavy = new Float64Array(d);
    for (let c = 0; c < d; c++) { let a = 0; for (let t = 0; t < dm; t++) a += r[t] * wk[t * d + c]; wHeavy[c] = a * Math.SQRT1_2; }
  }
  const heavy = Int32Array.from([...heavySet].sort((a, b) => a - b));
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
    let keys = plantKeys(kind, S, rng);
    const share = Math.max(0, Math.min(1, o.sharedDominant ?? 0));
    if (heavy.length && share > 0) {
      // a share of the row's dominant keys are heavy hitters, the same keys for many rows
      const mixed = new Set<number>();
      for (const j of keys) mixed.add(rng() < share ? heavy[Math.floor(rng() * heavy.length)] : j);
      keys = [...mixed].sort((a, b) => a - b);
    }
    rowKind.push(kind); dominant.push(Int32Array.from(keys));
    const q = qReal.subarray(i * d, (i + 1) * d);
    for (const j of keys) {
      // q . k_j / sqrt(d) = L * gain for each planted key (plus cross terms of near-orthogonal keys)
      let n2 = 0;
      for (let c = 0; c < d; c++) { const kc = kInt[j * d + c] * kScale; n2 += kc * kc; }
      // a heavy hitter already gets L / 2 from the common component below: plant only the rest of its logit
      const logit = (0.6 + 0.4 * rng()) * L - (wHeavy && heavySet.has(j) ? 0.5 * L : 0);
      const g = logit * sqrtD / Math.max(n2, 1e-9);
      for (let c = 0; c < d; c++) q[c] += g * kInt[j * d + c] * kScale;
    }
    if (wHeavy) {
      // the common query component: every heavy hitter gets half a dominant logit from every row (salient for all,
      // below the row's own dominant keys); other keys get about L / (2 sqrt(d)) of random cross term
      let n2 = 0;
      for (let c = 0; c < d; c++) { const wc = wHeavy[c] * kScale; n2 += wc * wc; }
      const g = 0.5 * L * sqrtD / Math.max(n2, 1e-9);
      for (let c = 0; c < d; c++) q[c] += g * wHeavy[c] * kScale;
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
    heavy,
  };
}
