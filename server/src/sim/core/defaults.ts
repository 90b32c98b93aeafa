// The SOFA configuration (star-model.md, "The STAR core"): the default core, and the workloads the paper reports on.
import type { Core, Predictor, SyntheticData, Technology, Workload } from '../../model/design.js';
import { DEFAULT_TECHNOLOGY, defaultCore } from '../../model/defaults.js';

export const TSMC28: Technology = DEFAULT_TECHNOLOGY;

export function starCore(over: Partial<Core> = {}): Core {
  return { ...defaultCore('star', TSMC28), ...over };
}

// K^ truncated to 8 bits (the paper allows up to 16): the shift-add PEs run in their 8-bit, two-lane mode.
export const DLZS_PREDICTOR: Predictor = { kind: 'dlzs', tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 8 };
// Over 76% of rows have spread dominant keys, about 25% a few (the two overlap); shares must sum to <= 1 here.
export const PAPER_DATA: SyntheticData = { dominantSpread: 0.75, dominantFew: 0.25, dominantRegion: 0, noise: 0.1, seed: 7 };

/** Llama-7B attention at 512 tokens: 4 x 512 x 512 x 4096 x 32 layers = 137.4 GOP (Table II's basis). */
export function llama7b(topK: number, seqLen = 512): Workload {
  return { name: 'llama7b', model: 'Llama-7B', layers: 32, heads: 32, headDim: 128, seqLen, queryLen: seqLen, batch: 1,
    queryBlock: 128, topK, predictor: DLZS_PREDICTOR, data: PAPER_DATA };
}
/** BERT-base at 384 tokens (the SQuAD length): the most common shape of SOFA's GPU comparison (BERT at 256-512 tokens). */
export function bertBase(topK: number, seqLen = 384): Workload {
  return { name: 'bert_base', model: 'BERT-base', layers: 12, heads: 12, headDim: 64, seqLen, queryLen: seqLen, batch: 1,
    queryBlock: 128, topK, predictor: DLZS_PREDICTOR, data: PAPER_DATA };
}
