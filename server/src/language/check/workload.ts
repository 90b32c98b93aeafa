// Builder of workload blocks: shape, sparsity (top_k and the predictor) and synthetic data.
import type { TopBlock, Span } from '../ast.js';
import { SCHEMA } from '../schema.js';
import type { AttentionData, Workload, Predictor, SyntheticData } from '../../model/design.js';
import { DEFAULT_DATA, DEFAULT_LOWBIT_BITS, DEFAULT_PREDICTOR, predictorOf } from '../../model/limits.js';
import { type Diags, pct } from './diagnostics.js';
import { BlockReader, nameOf, requireFields } from './blockReader.js';
import { checkTraceFit, readTrace, type CheckOptions, type TraceCheck } from './trace.js';

export function checkWorkload(b: TopBlock, d: Diags, opts: CheckOptions = {}): Workload {
  const where = `workload '${nameOf(b)}'`;
  const r = new BlockReader(d, SCHEMA.workload, b.body, where);
  requireFields(r, b, d);
  const seqLen = r.num('seq_len', 4096);
  const sp = r.sub('sparsity', `${where} sparsity`);
  const topK = sp.num('top_k', 0.2);
  if (topK > 0.5 && sp.has('top_k')) {
    d.warning('odd-top-k', `top_k ${pct(topK)} keeps more than half of the keys: sparsity saves little at this ratio (the paper searched 5 % to 50 %)`, sp.valueSpan('top_k', b.span));
  }
  const predictor = checkPredictor(sp, where);
  const { data, trace } = checkData(r, where, d, opts);
  const queryLen = r.num('query_len', seqLen);
  const queryBlock = r.num('query_block', 128);
  const w: Workload = {
    name: nameOf(b),
    model: r.str('model', 'custom'),
    layers: r.num('layers', 1),
    heads: r.num('heads', 1),
    headDim: r.num('head_dim', 64),
    seqLen, queryLen,
    batch: r.num('batch', 1),
    queryBlock,
    topK, predictor, data,
    span: b.span,
  };
  workloadReaders.set(w, r);
  if (trace) {
    checkTraceFit(trace, {
      headDim: w.headDim, seqLen, queryLen, written: f => r.has(f), span: f => r.has(f) ? r.valueSpan(f, b.span) : undefined,
    }, d, r.valueSpan('data', b.span));
  }
  return w;
}

function checkPredictor(sp: BlockReader, where: string): Predictor {
  const c = sp.call('predictor', `${where} predictor`);
  if (!c) return { ...DEFAULT_PREDICTOR };
  const p = c.reader;
  // lowbit's bits is its multiply width (carried as keyBits); X and Q keep their default widths, so the synthetic
  // data does not change with the predictor. exact takes no widths (model/limits.ts, PREDICTOR_BITS).
  switch (c.variant) {
    case 'lowbit': return predictorOf('lowbit', { keyBits: p.num('bits', DEFAULT_LOWBIT_BITS) });
    case 'exact': return predictorOf('exact');
    default: return predictorOf(c.variant as 'dlzs' | 'symmetric', {
      tokenBits: p.num('token_bits', DEFAULT_PREDICTOR.tokenBits), weightLzBits: p.num('weight_lz_bits', DEFAULT_PREDICTOR.weightLzBits),
      queryBits: p.num('query_bits', DEFAULT_PREDICTOR.queryBits), keyBits: p.num('key_bits', DEFAULT_PREDICTOR.keyBits),
    });
  }
}

function checkData(r: BlockReader, where: string, d: Diags, opts: CheckOptions): { data: AttentionData; trace?: TraceCheck } {
  const c = r.call('data', `${where} data`);
  if (!c) return { data: { ...DEFAULT_DATA } };
  const p = c.reader;
  if (c.variant === 'trace') {
    const trace = readTrace(p, d, opts, r.valueSpan('data', r.field('data')?.span ?? { start: 0, end: 0 }));
    return { data: trace.data, trace };
  }
  const data: SyntheticData = {
    dominantSpread: p.num('dominant_spread', DEFAULT_DATA.dominantSpread),
    dominantFew: p.num('dominant_few', DEFAULT_DATA.dominantFew),
    dominantRegion: p.num('dominant_region', DEFAULT_DATA.dominantRegion),
    noise: p.num('noise', DEFAULT_DATA.noise),
    seed: p.num('seed', DEFAULT_DATA.seed),
  };
  // only when written, so data without them keeps its cache keys and draws
  const heavy = p.num('heavy_hitters', 0), shared = p.num('shared_dominant', 0);
  if (heavy > 0) data.heavyHitters = heavy;
  if (shared > 0) data.sharedDominant = shared;
  if (shared > 0 && !(heavy > 0)) {
    d.warning('no-effect', 'shared_dominant has no effect without heavy_hitters: add e.g. heavy_hitters = 10 % to the synthetic data',
      p.valueSpan('shared_dominant', r.field('data')?.span ?? { start: 0, end: 0 }));
  }
  const sum = data.dominantSpread + data.dominantFew + data.dominantRegion;
  if (sum > 1 + 1e-9) {
    d.error('out-of-range', `the row shapes of synthetic data add up to ${pct(sum)}: dominant_spread + dominant_few + dominant_region must be at most 100 %`,
      r.valueSpan('data', r.field('data')?.span ?? { start: 0, end: 0 }));
  }
  return { data };
}

/** The readers of checked workloads, so mapping checks can point at a workload's own fields. */
const workloadReaders = new WeakMap<Workload, BlockReader>();
export function findFieldSpan(w: Workload, field: string): Span | undefined {
  return workloadReaders.get(w)?.field(field)?.span;
}
