// The functional model: STAR's three stages run on real numbers for one attention head (synthetic data), so accuracy
// and operation counts are measured, not assumed. `runFunctional` reports everything; `functionalStats` is the lean,
// memoised summary the performance models call on every save. See docs/functional.md.
import type { Core, Predictor, PredictorKind, Workload } from '../../model/design.js';
import { describeLimit, LIMITS, PREDICTOR_BITS, within } from '../../model/limits.js';
import { addCounts, emptyCounts, type OpCounts } from './counts.js';
import { predictScores, prepareKeys, type PredictorOptions } from './dlzs.js';
import { gemmABt } from './kernels.js';
import { NO_RASS_BUFFER_ROWS, rassSchedule } from './rass.js';
import { exactTopK, quotaOf, rowRecall, sadsSelect, type SadsConfig, type SadsStats, type Selection } from './sads.js';
import type { FunctionalParams, FunctionalStats } from './stats.js';
import {
  attentionKernel, denseAttention, emptyAttentionStats, fa2Attention, plainAttention, rowRelErrors, sufaAttention,
  type AttentionInputs, type AttentionStats, type KeyOrder,
} from './sufa.js';
import { generateHead, type HeadData, type RowKind } from './synthetic.js';
import { onlineSoftmaxEvents } from './softmax.js';
import { isTraceData, type AttentionData, type SyntheticData, type TraceData } from '../../model/design.js';
import { describeTrace, loadTraceHead, sampledHeads, traceFiles, traceHeadData, traceKey } from './trace.js';
import { mergeHeadStats } from './headStats.js';

export type { FunctionalParams, FunctionalStats } from './stats.js';
export type { OpCounts, BufferName, BufferTraffic } from './counts.js';
export type { Selection, SadsConfig, SadsStats } from './sads.js';
export type { KeyOrder, AttentionStats } from './sufa.js';
export { onlineSoftmaxEvents, KEY_ORDERS, type SoftmaxEvents, type OrderEvents } from './softmax.js';

export const FUNCTIONAL_DEFAULTS = {
  weightBits: 8, lowBits: 4, formalBits: 16, kvBufferRows: NO_RASS_BUFFER_ROWS,
  sampleRows: 128,            // query rows the stats run on: one block of the paper's 128 queries
  maxSampledKeys: 1024,       // S is capped here (keeping Bc, so Tc shrinks)
};

/** Hard limits on the sampled problem so no input can hang the editor or exhaust memory (the sample is capped far
 *  below them); the design's own ranges (head_dim, bits, data) are the language's, from model/limits.ts. */
export const FUNCTIONAL_LIMITS = { seqLen: 1 << 16, queryRows: 1 << 16, headDim: LIMITS.headDim.max, modelDim: 4096, scoreCells: 1 << 24 };

export class FunctionalParamError extends Error {
  constructor(public readonly field: string, message: string) { super(`functional model: ${message}`); }
}

function need(ok: boolean, field: string, msg: string): void { if (!ok) throw new FunctionalParamError(field, msg); }
function isInt(x: number, lo: number, hi: number): boolean { return Number.isInteger(x) && x >= lo && x <= hi; }

/**
 * Throws a FunctionalParamError naming the field and the fix for the first bad parameter. The predictor's widths are
 * checked for the kinds that run (`kinds`, by default the configured one): exact uses no predictor bits.
 */
export function validateFunctionalParams(p: FunctionalParams, kinds?: readonly PredictorKind[]): void {
  need(p !== null && typeof p === 'object', 'params', 'parameters are missing');
  const L = FUNCTIONAL_LIMITS;
  need(isInt(p.seqLen, 1, L.seqLen), 'seqLen', `seqLen = ${p.seqLen} must be an integer in 1..${L.seqLen}; sample fewer keys (the performance model scales to the full length)`);
  need(isInt(p.queryRows, 1, L.queryRows), 'queryRows', `queryRows = ${p.queryRows} must be an integer in 1..${L.queryRows}`);
  need(isInt(p.headDim, 1, L.headDim), 'headDim', `headDim = ${p.headDim} must be an integer in 1..${L.headDim}`);
  need(p.seqLen * p.queryRows <= L.scoreCells, 'queryRows',
       `queryRows x seqLen = ${p.queryRows * p.seqLen} exceeds ${L.scoreCells} score cells; sample fewer query rows`);
  need(Number.isFinite(p.topK) && p.topK > 0 && p.topK <= 1, 'topK', `topK = ${p.topK} must be a fraction in (0, 1]; use e.g. 20 %`);
  need(isInt(p.bc, 1, L.seqLen), 'bc', `bc = ${p.bc} must be a positive integer (the KV tile size)`);
  need(isInt(p.queryBlock, 1, L.queryRows), 'queryBlock', `queryBlock = ${p.queryBlock} must be a positive integer`);
  need(!Number.isNaN(p.sadsRadius) && p.sadsRadius >= 0, 'sadsRadius', `sadsRadius = ${p.sadsRadius} must be >= 0 (logit units; e.g. 4)`);
  const W = LIMITS.sadsWidth;
  need(isInt(p.sadsOutputs, W.min, W.max), 'sadsOutputs', `sadsOutputs = ${p.sadsOutputs} must be ${describeLimit(W)}`);
  need(isInt(p.sadsInputs, p.sadsOutputs + 1, W.max), 'sadsInputs',
       `sadsInputs = ${p.sadsInputs} must exceed sadsOutputs = ${p.sadsOutputs} and be at most ${W.max} (e.g. a 16-to-4 sorter)`);
  const pr = p.predictor;
  need(pr !== null && typeof pr === 'object', 'predictor', 'predictor is missing');
  need(['dlzs', 'symmetric', 'lowbit', 'exact'].includes(pr.kind), 'predictor.kind',
       `predictor kind '${pr.kind}' is unknown; use dlzs, symmetric, lowbit or exact`);
  const running = kinds ?? [pr.kind];
  for (const [f, { limit, kinds: users }] of Object.entries(PREDICTOR_BITS) as Array<[keyof typeof PREDICTOR_BITS, typeof PREDICTOR_BITS.keyBits]>) {
    if (running.some(k => users.includes(k))) need(within(pr[f], limit), `predictor.${f}`, `${f} = ${pr[f]} must be ${describeLimit(limit)}`);
  }
  const dt = isTraceData(p.data) ? validateTrace(p.data) : p.data;   // a trace: its own checks, then none of these
  need(dt !== null && typeof dt === 'object', 'data', 'data is missing');
  for (const f of ['dominantSpread', 'dominantFew', 'dominantRegion'] as const) {
    need(within(dt[f], LIMITS.fraction), `data.${f}`, `data.${f} = ${dt[f]} must be a fraction in [0, 1]`);
  }
  need(within(dt.noise, LIMITS.noise), 'data.noise', `data.noise = ${dt.noise} must be ${describeLimit(LIMITS.noise)}`);
  need(Number.isFinite(dt.seed), 'data.seed', `data.seed = ${dt.seed} must be a finite number`);
  for (const f of ['heavyHitters', 'sharedDominant'] as const) {
    const v = dt[f];
    if (v !== undefined) need(within(v, LIMITS.fraction), `data.${f}`, `data.${f} = ${v} must be a fraction in [0, 1]`);
  }
  if (p.modelDim !== undefined) need(isInt(p.modelDim, 1, L.modelDim), 'modelDim', `modelDim = ${p.modelDim} must be an integer in 1..${L.modelDim}`);
  if (p.weightBits !== undefined) need(isInt(p.weightBits, 2, 16), 'weightBits', `weightBits = ${p.weightBits} must be an integer in 2..16`);
  if (p.lowBits !== undefined) need(within(p.lowBits, LIMITS.lowbitBits), 'lowBits', `lowBits = ${p.lowBits} must be ${describeLimit(LIMITS.lowbitBits)}`);
  if (p.formalBits !== undefined) need(within(p.formalBits, LIMITS.peBits), 'formalBits', `formalBits = ${p.formalBits} must be ${describeLimit(LIMITS.peBits)}`);
  if (p.kvBufferRows !== undefined) need(isInt(p.kvBufferRows, 0, 1 << 20), 'kvBufferRows', `kvBufferRows = ${p.kvBufferRows} must be a non-negative integer`);
  const dm = p.modelDim ?? p.headDim;
  need(p.seqLen * dm * p.headDim <= 2 ** 31, 'seqLen', `seqLen x modelDim x headDim is too large to sample; sample fewer keys`);
}

/** Checks a trace's fields (its files are checked when read); returns neutral synthetic fields for the rest. */
function validateTrace(dt: TraceData): SyntheticData {
  for (const f of ['queries', 'keys'] as const) need(typeof dt[f] === 'string' && dt[f].length > 0, `data.${f}`, `data.${f} must be the path of an .npy file`);
  need(dt.values === undefined || (typeof dt.values === 'string' && dt.values.length > 0), 'data.values', 'data.values must be the path of an .npy file, or absent');
  need(dt.heads === undefined || (Array.isArray(dt.heads) && dt.heads.every(h => isInt(h, 0, 1 << 16))), 'data.heads',
       'data.heads must list head numbers from 0, e.g. [0, 3]');
  return { dominantSpread: 0, dominantFew: 0, dominantRegion: 0, noise: 0, seed: 0 };
}

export interface SampleOptions { sampleRows?: number; maxSampledKeys?: number }

/**
 * Maps a workload, its KV tile size and a core to the functional model's parameters: the sampled problem keeps
 * Bc, d, k, the predictor and the data, and samples up to `sampleRows` query rows and `maxSampledKeys` keys.
 */
export function defaultFunctionalParams(workload: Workload, tiling: { bc: number }, core: Core,
                                        opts: SampleOptions = {}): FunctionalParams {
  const rowsCap = Math.max(1, Math.floor(opts.sampleRows ?? FUNCTIONAL_DEFAULTS.sampleRows));
  const keysCap = Math.max(1, Math.floor(opts.maxSampledKeys ?? FUNCTIONAL_DEFAULTS.maxSampledKeys));
  const S = Math.max(1, Math.floor(workload.seqLen));
  const bc = Math.max(1, Math.min(Math.floor(tiling.bc), S));
  const seqLen = S <= keysCap ? S : Math.max(bc, Math.floor(keysCap / bc) * bc);
  const queryRows = Math.max(1, Math.min(Math.floor(workload.queryLen), rowsCap));
  const predictor: Predictor = core.dlzs.enabled ? { ...workload.predictor } : { ...workload.predictor, kind: 'exact' };
  return {
    // the low-bit predictor's multiply width is its keyBits (the language's lowbit { bits })
    ...(predictor.kind === 'lowbit' ? { lowBits: predictor.keyBits } : {}),
    seqLen, queryRows, headDim: workload.headDim,
    topK: core.sads.enabled ? workload.topK : 1,    // no sorter: dense attention
    bc, queryBlock: Math.max(1, Math.min(workload.queryBlock, queryRows)),
    sadsRadius: core.sads.radius, sadsInputs: core.sads.inputs, sadsOutputs: core.sads.outputs,
    predictor, data: { ...workload.data },
    formalBits: core.sufa.bits,
  };
}

export interface PredictionResult {
  kind: PredictorKind;
  recall: number;            // mean over rows of |SADS selection ∩ exact top-k| / |exact top-k|
  recallMin: number;
  keptFraction: number;
  keptPerRowCv: number;
  predictCounts: OpCounts;   // K^ and A^
  sadsCounts: OpCounts;
  sads: SadsStats;
  predictMs: number;
  sadsMs: number;
}

export interface AttentionResult {
  variant: 'sufa' | 'fa2' | 'plain';
  order?: KeyOrder;
  relErrorMean: number;      // against dense attention over all keys
  relErrorMax: number;
  counts: OpCounts;
  stats: AttentionStats;
  ms: number;
}

export interface FunctionalReport {
  params: FunctionalParams;
  sample: { seqLen: number; queryRows: number; headDim: number; modelDim: number; bc: number; tc: number };
  rowKinds: Record<RowKind, number>;
  /** the configured predictor first, then the others when runFunctional compares them */
  prediction: PredictionResult[];
  exactTopK: { counts: OpCounts; ms: number };
  /** all on the configured predictor's selection */
  attention: AttentionResult[];
  dense: { counts: OpCounts; ms: number };
  rass: { blocks: number; uniqueFraction: number; fetchWithPerRow: number; fetchWithoutPerRow: number;
          meanReuse: number; maxReuse: number; blockImbalance: number };
  stats: FunctionalStats;
  timings: { generateMs: number; referenceMs: number; predictMs: number; sadsMs: number; attentionMs: number;
             rassMs: number; totalMs: number };
}

interface Reference { exact: Float64Array; topk: Int32Array[]; dense: Float64Array; counts: OpCounts;
                      topkCounts: OpCounts; ms: number; topkMs: number }

/** A synthetic head with its exact scores and dense output: depends only on shapes, bit widths and data. */
interface Head { h: HeadData; qs: Float64Array; ks: Float64Array; exact: Float64Array; dense: Float64Array;
                 generateMs: number; denseMs: number }

const heads = new Map<string, Head>();
const HEAD_CACHE = 4;
const HEAD_CACHE_CELLS = 1 << 20;      // only small sampled heads are kept (score matrix of at most 8 MB)

function headKey(p: FunctionalParams, head = 0): string {
  if (isTraceData(p.data)) return [traceKey(p.data), head, p.seqLen, p.queryRows, p.headDim, p.predictor.queryBits].join('|');
  const dt = p.data;
  return [p.seqLen, p.queryRows, p.headDim, p.modelDim ?? p.headDim, p.predictor.tokenBits,
    p.weightBits ?? FUNCTIONAL_DEFAULTS.weightBits, p.predictor.queryBits,
    dt.dominantSpread, dt.dominantFew, dt.dominantRegion, dt.noise, dt.seed, dt.heavyHitters ?? 0, dt.sharedDominant ?? 0].join('|');
}

/** Generates (or reuses) the head: editing top-k, Bc, the radius or the predictor does not regenerate the data. */
/** A trace head: the sampled rows read from the files, Q and K used as read for the exact reference. */
function traceHead(p: FunctionalParams, data: TraceData, head: number): { h: HeadData; qs: Float64Array; ks: Float64Array } {
  const t = loadTraceHead(data, head, p.queryRows, p.seqLen);
  need(t.headDim === p.headDim, 'headDim', `the trace has head_dim ${t.headDim}, the workload ${p.headDim}: set head_dim = ${t.headDim}`);
  const h = traceHeadData(t, p.predictor.queryBits);
  const f = 1 / Math.sqrt(t.headDim);
  return { h, qs: t.q.map(x => x * f), ks: t.k };
}

function headFor(p: FunctionalParams, index = 0): Head {
  const key = headKey(p, index);
  const hit = heads.get(key);
  if (hit) { heads.delete(key); heads.set(key, hit); return hit; }
  const t0 = performance.now();
  if (isTraceData(p.data)) {
    const { h, qs, ks } = traceHead(p, p.data, index);
    return finishHead(key, h, qs, ks, t0);
  }
  const h = generateHead({
    seqLen: p.seqLen, queryRows: p.queryRows, headDim: p.headDim, modelDim: p.modelDim ?? p.headDim,
    tokenBits: p.predictor.tokenBits, weightBits: p.weightBits ?? FUNCTIONAL_DEFAULTS.weightBits,
    queryBits: p.predictor.queryBits, dominantSpread: p.data.dominantSpread, dominantFew: p.data.dominantFew,
    dominantRegion: p.data.dominantRegion, noise: p.data.noise, seed: p.data.seed,
    heavyHitters: p.data.heavyHitters, sharedDominant: p.data.sharedDominant,
  });
  const { seqLen: S, queryRows: T, headDim: d } = h;
  const qs = new Float64Array(T * d);
  const qf = h.qScale / Math.sqrt(d);
  for (let i = 0; i < qs.length; i++) qs[i] = h.qInt[i] * qf;
  const ks = new Float64Array(S * d);
  for (let i = 0; i < ks.length; i++) ks[i] = h.kInt[i] * h.kScale;
  return finishHead(key, h, qs, ks, t0);
}

/** Exact scores and the dense output of a head; cached when small. */
function finishHead(key: string, h: HeadData, qs: Float64Array, ks: Float64Array, t0: number): Head {
  const { seqLen: S, queryRows: T, headDim: d } = h;
  const t1 = performance.now();
  const exact = new Float64Array(T * S);
  const dense = new Float64Array(T * d);
  const kernel = attentionKernel(ks, h.v, S, d, S, 1, 1);
  if (kernel) {
    // exact scores row by row with the SIMD dot products (float64), then the dense reference from them
    for (let j = 0; j < S; j++) kernel.keys[j] = j;
    for (let i = 0; i < T; i++) {
      kernel.loadQueries(qs, i, 1, d);
      kernel.dots(0, S);
      exact.set(kernel.sc.subarray(0, S), i * S);
    }
  } else {
    gemmABt(qs, T, ks, S, d, exact);
  }
  denseAttention(exact, T, S, h.v, d, dense, kernel);
  const head: Head = { h, qs, ks, exact, dense, generateMs: t1 - t0, denseMs: performance.now() - t1 };
  if (T * S <= HEAD_CACHE_CELLS) {
    heads.set(key, head);
    if (heads.size > HEAD_CACHE) heads.delete(heads.keys().next().value!);
  }
  return head;
}

function reference(head: Head, topK: number, formalBits: number): Reference {
  const { seqLen: S, queryRows: T, headDim: d } = head.h;
  const { exact, dense } = head;
  const counts = emptyCounts();
  counts.multiplies += 2 * T * S * d; counts.exponentials += T * S; counts.adds += T * S * (d + 1);
  counts.divisions += T * d; counts.comparisons += T * S;
  counts.bytes.kv.read += T * S * 2 * d * formalBits / 8;
  const t1 = performance.now();
  const topkCounts = emptyCounts();
  const topk: Int32Array[] = [];
  for (let i = 0; i < T; i++) topk.push(exactTopK(exact, i * S, S, topK, topkCounts));
  return { exact, topk, dense, counts, topkCounts, ms: head.denseMs, topkMs: performance.now() - t1 };
}

function selectionRowStats(sel: Selection): { kept: number; cv: number } {
  const n = sel.rows;
  let sum = 0, sum2 = 0;
  for (let i = 0; i < n; i++) {
    const c = sel.tileStart[(i + 1) * sel.tc] - sel.tileStart[i * sel.tc];
    sum += c; sum2 += c * c;
  }
  const mean = sum / Math.max(1, n);
  const varc = Math.max(0, sum2 / Math.max(1, n) - mean * mean);
  return { kept: mean / sel.seqLen, cv: mean > 0 ? Math.sqrt(varc) / mean : 0 };
}

function predictAndSelect(h: HeadData, p: FunctionalParams, pred: Predictor, ref: Reference):
    { result: PredictionResult; sel: Selection } {
  const { seqLen: S, queryRows: T } = h;
  const po: PredictorOptions = { lowBits: p.lowBits ?? FUNCTIONAL_DEFAULTS.lowBits };
  const t0 = performance.now();
  const keys = prepareKeys(h, pred, po);
  const predictCounts = addCounts(emptyCounts(), keys.counts);
  const ahat = new Float64Array(T * S);
  predictScores(h, pred, po, keys, 0, T, ahat, predictCounts);
  const t1 = performance.now();
  const cfg: SadsConfig = { topK: p.topK, bc: p.bc, radius: p.sadsRadius, inputs: p.sadsInputs, outputs: p.sadsOutputs };
  const sadsCounts = emptyCounts();
  const sads: SadsStats = { rounds: 0, segments: 0, passes: 0, clipped: 0, shortSegments: 0 };
  const sel = sadsSelect(ahat, T, S, cfg, sadsCounts, sads);
  const t2 = performance.now();
  const mark = new Uint8Array(S);
  let rsum = 0, rmin = 1;
  for (let i = 0; i < T; i++) { const r = rowRecall(sel, i, ref.topk[i], mark); rsum += r; rmin = Math.min(rmin, r); }
  const rs = selectionRowStats(sel);
  return {
    sel,
    result: {
      kind: pred.kind, recall: clamp01(rsum / T), recallMin: clamp01(rmin), keptFraction: rs.kept, keptPerRowCv: rs.cv,
      predictCounts, sadsCounts, sads, predictMs: t1 - t0, sadsMs: t2 - t1,
    },
  };
}

function copyData(d: AttentionData): AttentionData {
  return isTraceData(d) ? { ...d, heads: d.heads ? [...d.heads] : undefined } : { ...d };
}

function clamp01(x: number): number { return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0; }
function finite(x: number): number { return Number.isFinite(x) ? x : 0; }

function runAttention(variant: AttentionResult['variant'], order: KeyOrder | undefined, inp: AttentionInputs,
                      sel: Selection, ref: Reference, T: number, d: number): AttentionResult {
  const t0 = performance.now();
  const out = new Float64Array(T * d);
  const counts = emptyCounts(), stats = emptyAttentionStats();
  if (variant === 'sufa') sufaAttention(inp, sel, order ?? 'descending', out, counts, stats);
  else if (variant === 'fa2') fa2Attention(inp, sel, order ?? 'unsorted', out, counts, stats);
  else plainAttention(inp, sel, out, counts);
  const ms = performance.now() - t0;
  const err = rowRelErrors(out, ref.dense, T, d);
  let sum = 0, max = 0;
  for (let i = 0; i < T; i++) { sum += err[i]; max = Math.max(max, err[i]); }
  return { variant, order, relErrorMean: finite(sum / T), relErrorMax: finite(max), counts, stats, ms };
}

function softmaxStats(sel: Selection, exact: Float64Array): NonNullable<FunctionalStats['softmax']> {
  const ev = onlineSoftmaxEvents(sel, exact);
  const o = (k: KeyOrder) => ({ boundaryRisesPerRowTile: finite(ev.orders[k].boundaryRisesPerRowTile),
    inTileRisesPerRowTile: finite(ev.orders[k].inTileRisesPerRowTile) });
  return { tileRisesPerRowTile: finite(ev.tileRisesPerRowTile),
    orders: { descending: o('descending'), ascending: o('ascending'), unsorted: o('unsorted') } };
}

interface RunMode { comparePredictors: boolean; allAttention: boolean }

function run(p: FunctionalParams, mode: RunMode, headIndex = 0): FunctionalReport {
  validateFunctionalParams(p, mode.comparePredictors ? ['dlzs', 'symmetric', 'lowbit', 'exact'] : undefined);
  const T0 = performance.now();
  const trace = isTraceData(p.data) ? p.data : undefined;
  const modelDim = trace ? p.headDim : p.modelDim ?? p.headDim;
  const fresh = !heads.has(headKey(p, headIndex));
  const head = headFor(p, headIndex);
  const h = head.h;
  const { seqLen: S, queryRows: T, headDim: d } = h;
  const formalBits = p.formalBits ?? FUNCTIONAL_DEFAULTS.formalBits;
  const ref = reference(head, p.topK, formalBits);
  const inp: AttentionInputs = { q: head.qs, k: head.ks, v: h.v, d, scores: ref.exact, bits: formalBits };

  const kinds: PredictorKind[] = [p.predictor.kind];
  if (mode.comparePredictors) for (const k of ['dlzs', 'symmetric', 'lowbit', 'exact'] as const) if (!kinds.includes(k)) kinds.push(k);
  const prediction: PredictionResult[] = [];
  let sel: Selection | undefined;
  for (const kind of kinds) {
    const r = predictAndSelect(h, p, { ...p.predictor, kind }, ref);
    prediction.push(r.result);
    sel ??= r.sel;
  }
  const chosen = prediction[0];
  const selection = sel!;

  const variants: Array<[AttentionResult['variant'], KeyOrder | undefined]> = mode.allAttention
    ? [['sufa', 'descending'], ['sufa', 'ascending'], ['sufa', 'unsorted'], ['fa2', 'ascending'], ['fa2', 'unsorted'],
       ['fa2', 'descending'], ['plain', undefined]]
    : [['sufa', 'descending'], ['fa2', 'unsorted']];
  const Ta = performance.now();
  // the weighted sums of V run in the SIMD kernel (scores come from the reference matrix)
  const tc = Math.ceil(S / Math.min(p.bc, S));
  inp.kernel = attentionKernel(head.ks, h.v, S, d, quotaOf(Math.min(p.bc, S), p.topK),
                               Math.min(T, Math.max(1, Math.floor((1 << 20) / (tc * d)))), tc);
  const attention = variants.map(([v, o]) => runAttention(v, o, inp, selection, ref, T, d));
  const attentionMs = performance.now() - Ta;
  const sufa = attention[0], fa2u = attention.find(a => a.variant === 'fa2' && a.order === 'unsorted')!;

  const Tr = performance.now();
  const rass = rassSchedule(selection, p.queryBlock, p.kvBufferRows ?? FUNCTIONAL_DEFAULTS.kvBufferRows);
  const rassMs = performance.now() - Tr;
  const totalMs = performance.now() - T0;

  const rowTiles = Math.max(1, sufa.stats.rowTiles);
  const segments = Math.max(1, chosen.sads.segments);
  const stats: FunctionalStats = {
    params: { ...p, predictor: { ...p.predictor }, data: copyData(p.data) },   // a copy: memoised, callers may mutate theirs
    topkRecall: chosen.recall,
    outputRelErrorMean: sufa.relErrorMean,
    outputRelErrorMax: sufa.relErrorMax,
    keptFraction: clamp01(chosen.keptFraction),
    keptPerRowCv: finite(chosen.keptPerRowCv),
    rassUniqueFraction: clamp01(rass.uniqueFraction),
    rassFetchWithout: finite(rass.fetchWithoutPerRow),
    rassFetchWith: finite(rass.fetchWithPerRow),
    blockImbalance: finite(rass.blockImbalance) || 1,
    sadsComparisonsPerKey: finite(chosen.sadsCounts.comparisons / (T * S)),
    sadsRoundsPerSegment: finite(chosen.sads.rounds / segments),
    sufaRescalesPerRowTile: finite((sufa.stats.inTileRescales + sufa.stats.syncRescales) / rowTiles),
    fa2RescalesPerRowTile: finite(fa2u.stats.maxChanges / Math.max(1, fa2u.stats.rowTiles)),
    maxMispredictPerRowTile: clamp01(sufa.stats.mispredicts / rowTiles),
    sampled: { seqLen: S, queryRows: T, tc: selection.tc, ms: totalMs },
    exactTopkRecall: 1,
    rassMeanReuse: finite(rass.meanReuse),
    softmax: softmaxStats(selection, ref.exact),
    data: trace ? describeTrace(trace, { queryRows: T, seqLen: S }) : describeSynthetic(p.data as SyntheticData),
  };
  if (trace && !trace.values) {
    // no values in the trace: V was a stand-in, so its output errors mean nothing
    stats.outputErrorMeasured = false;
    stats.outputRelErrorMean = 0; stats.outputRelErrorMax = 0;
  }
  const rowKinds: Record<RowKind, number> = { spread: 0, few: 0, region: 0, flat: 0 };
  for (const k of h.rowKind) rowKinds[k]++;
  return {
    params: p,
    sample: { seqLen: S, queryRows: T, headDim: d, modelDim, bc: selection.bc, tc: selection.tc },
    rowKinds,
    prediction,
    exactTopK: { counts: ref.topkCounts, ms: ref.topkMs },
    attention,
    dense: { counts: ref.counts, ms: ref.ms },
    rass: { blocks: rass.blocks.length, uniqueFraction: rass.uniqueFraction, fetchWithPerRow: rass.fetchWithPerRow,
            fetchWithoutPerRow: rass.fetchWithoutPerRow, meanReuse: rass.meanReuse,
            maxReuse: Math.max(0, ...rass.blocks.map(b => b.maxReuse)), blockImbalance: rass.blockImbalance },
    stats,
    timings: {
      generateMs: fresh ? head.generateMs : 0, referenceMs: (fresh ? ref.ms : 0) + ref.topkMs,
      predictMs: prediction.reduce((a, r) => a + r.predictMs, 0), sadsMs: prediction.reduce((a, r) => a + r.sadsMs, 0),
      attentionMs, rassMs, totalMs,
    },
  };
}

/** Everything: recall of every predictor, errors and counts of every attention variant, RASS, timings.
 *  A multi-head trace: its first sampled head (functionalStats averages the sampled heads). */
export function runFunctional(params: FunctionalParams): FunctionalReport {
  const head = isTraceData(params.data) ? sampledHeads(params.data, traceFiles(params.data).shape.heads)[0] : 0;
  return run(params, { comparePredictors: true, allAttention: true }, head);
}

function dataKey(dt: AttentionData): string {
  // a trace by content (file digests), so a save that does not touch it hits, and a touched file with equal bytes too
  if (isTraceData(dt)) return traceKey(dt);
  return [dt.dominantSpread, dt.dominantFew, dt.dominantRegion, dt.noise, dt.seed, dt.heavyHitters ?? 0, dt.sharedDominant ?? 0].join('|');
}

function describeSynthetic(dt: SyntheticData): string {
  const extra = dt.heavyHitters ? `, heavy hitters ${+(dt.heavyHitters * 100).toFixed(1)} %, shared ${+((dt.sharedDominant ?? 0) * 100).toFixed(1)} %` : '';
  return `synthetic (seed ${dt.seed}${extra})`;
}

function paramsKey(p: FunctionalParams): string {
  const pr = p.predictor;
  return [p.seqLen, p.queryRows, p.headDim, p.topK, p.bc, p.queryBlock, p.sadsRadius, p.sadsInputs, p.sadsOutputs,
    pr.kind, pr.tokenBits, pr.weightLzBits, pr.queryBits, pr.keyBits, dataKey(p.data),
    p.modelDim, p.weightBits, p.lowBits, p.formalBits, p.kvBufferRows].join('|');
}

const memo = new Map<string, FunctionalStats>();
const MEMO_LIMIT = 256;

/** The contract for the performance models: memoised by the parameters (the simulator calls it on every save). */
export function functionalStats(params: FunctionalParams): FunctionalStats {
  validateFunctionalParams(params);
  const key = paramsKey(params);
  const hit = memo.get(key);
  if (hit) { memo.delete(key); memo.set(key, hit); return hit; }   // refresh: least recently used goes first
  const lean: RunMode = { comparePredictors: false, allAttention: false };
  const stats = isTraceData(params.data)
    ? mergeHeadStats(sampledHeads(params.data, traceFiles(params.data).shape.heads).map(h => run(params, lean, h).stats))
    : run(params, lean).stats;
  memo.set(key, stats);
  if (memo.size > MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  return stats;
}

/** For tests and benchmarks: forget memoised stats and cached heads. */
export function clearFunctionalMemo(): void { memo.clear(); heads.clear(); }
