// Shared fixtures for the functional-model tests: small parameter sets and a head with its scaled Q and K.
import type { FunctionalParams } from '../../../src/sim/functional/stats.js';
import { generateHead, type HeadData } from '../../../src/sim/functional/synthetic.js';

export function smallParams(over: Partial<FunctionalParams> = {}): FunctionalParams {
  return {
    seqLen: 256, queryRows: 16, headDim: 32, topK: 0.25, bc: 32, queryBlock: 8,
    sadsRadius: 4, sadsInputs: 16, sadsOutputs: 4,
    predictor: { kind: 'dlzs', tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 16 },
    data: { dominantSpread: 0.6, dominantFew: 0.3, dominantRegion: 0.1, noise: 0.1, seed: 11 },
    ...over,
  };
}

export interface ScaledHead { h: HeadData; q: Float64Array; k: Float64Array }

/** A synthetic head with q scaled by 1/sqrt(d) and real-valued keys, as the attention stage takes them. */
export function scaledHead(S: number, T: number, d: number, seed: number): ScaledHead {
  const h = generateHead({ seqLen: S, queryRows: T, headDim: d, modelDim: d, tokenBits: 8, weightBits: 8, queryBits: 16,
    dominantSpread: 0.5, dominantFew: 0.3, dominantRegion: 0.2, noise: 0.2, seed });
  const q = h.qInt.map(x => x * h.qScale / Math.sqrt(d));
  const k = h.kInt.map(x => x * h.kScale);
  return { h, q, k };
}

export function maxRelDiff(a: Float64Array, b: Float64Array, rows: number, d: number): number {
  let worst = 0;
  for (let i = 0; i < rows; i++) {
    let num = 0, den = 0;
    for (let c = 0; c < d; c++) { num += (a[i * d + c] - b[i * d + c]) ** 2; den += b[i * d + c] ** 2; }
    worst = Math.max(worst, Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-300));
  }
  return worst;
}
