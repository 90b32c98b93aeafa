// STAR's cross-stage tiled dataflow on one head, block of query rows by block: DLZS predicts the block's scores,
// SADS selects, SU-FA computes the output, RASS schedules the block's KV rows. A^ never exists for more than one
// block (as on chip). No reference is computed here: this is the path the benchmark times.
import type { Predictor } from '../../model/design.js';
import { addCounts, emptyCounts, type OpCounts } from './counts.js';
import { predictScores, prepareKeys } from './dlzs.js';
import { NO_RASS_BUFFER_ROWS, rassBlock } from './rass.js';
import { quotaOf, sadsSelect, type SadsConfig, type Selection } from './sads.js';
import { attentionKernel, emptyAttentionStats, sufaAttention, type AttentionStats } from './sufa.js';
import type { HeadData } from './synthetic.js';

export interface PipelineOptions {
  predictor: Predictor;
  sads: SadsConfig;
  queryBlock: number;
  lowBits?: number;
  formalBits?: number;
  kvBufferRows?: number;
  /** milliseconds; the benchmark passes a CPU-time clock so a busy machine does not inflate the split */
  clock?: () => number;
}

export interface PipelineResult {
  out: Float64Array;                 // T x d attention output
  counts: { predict: OpCounts; sads: OpCounts; sufa: OpCounts };
  sufa: AttentionStats;
  keptPairs: number;
  rass: { unique: number; fetchWithout: number };
  ms: { keys: number; scores: number; sads: number; sufa: number; rass: number; total: number };
}

export function runPipeline(h: HeadData, o: PipelineOptions): PipelineResult {
  const { seqLen: S, queryRows: T, headDim: d } = h;
  const now = o.clock ?? (() => performance.now());
  const t0 = now();
  const po = { lowBits: o.lowBits ?? 4 };
  const keys = prepareKeys(h, o.predictor, po);
  const predict = addCounts(emptyCounts(), keys.counts);
  const kReal = new Float64Array(S * d);
  for (let i = 0; i < kReal.length; i++) kReal[i] = h.kInt[i] * h.kScale;   // on-demand KV generation's exact keys
  const bc = Math.max(1, Math.min(o.sads.bc, S));
  const kernel = attentionKernel(kReal, h.v, S, d, quotaOf(bc, o.sads.topK), Math.max(1, Math.min(o.queryBlock, T)), Math.ceil(S / bc));
  const t1 = now();
  const qb = Math.max(1, Math.min(o.queryBlock, T));
  const ahat = new Float64Array(qb * S);
  const out = new Float64Array(T * d);
  const sadsCounts = emptyCounts(), sufaCounts = emptyCounts();
  const st = emptyAttentionStats();
  const count = new Int32Array(S), inBuf = new Uint8Array(S);
  const qf = h.qScale / Math.sqrt(d);
  let msScores = 0, msSads = 0, msSufa = 0, msRass = 0, kept = 0, unique = 0, fetchWithout = 0;
  for (let r0 = 0; r0 < T; r0 += qb) {
    const r1 = Math.min(T, r0 + qb), rows = r1 - r0;
    const a = now();
    predictScores(h, o.predictor, po, keys, r0, r1, ahat, predict);
    const b = now();
    const sel: Selection = sadsSelect(ahat, rows, S, o.sads, sadsCounts);
    const c = now();
    const q = new Float64Array(rows * d);
    for (let i = 0; i < q.length; i++) q[i] = h.qInt[r0 * d + i] * qf;
    sufaAttention({ q, k: kReal, v: h.v, d, bits: o.formalBits ?? 16, kernel }, sel, 'descending',
                  out.subarray(r0 * d, r1 * d), sufaCounts, st);
    const e = now();
    const rb = rassBlock(sel, 0, rows, o.kvBufferRows ?? NO_RASS_BUFFER_ROWS, count, inBuf);
    kept += rb.pairs; unique += rb.unique; fetchWithout += rb.fetchWithout;
    msScores += b - a; msSads += c - b; msSufa += e - c; msRass += now() - e;
  }
  return {
    out, counts: { predict, sads: sadsCounts, sufa: sufaCounts }, sufa: st, keptPairs: kept,
    rass: { unique, fetchWithout },
    ms: { keys: t1 - t0, scores: msScores, sads: msSads, sufa: msSufa, rass: msRass, total: now() - t0 },
  };
}
