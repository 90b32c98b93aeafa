// What the functional model measures on sampled rows and hands to the performance models (core and spatial).
// Contract between issue 4 (functional model) and issues 5/6 (performance): extend, do not rename.
import type { AttentionData, Predictor } from '../../model/design.js';

export interface FunctionalParams {
  seqLen: number;          // S of the sampled problem (the performance model scales to the full workload)
  queryRows: number;       // rows sampled (a multiple of queryBlock where possible)
  headDim: number;
  topK: number;            // fraction (0, 1]
  bc: number;              // KV tile (SADS sub-segment) size
  queryBlock: number;
  sadsRadius: number;
  sadsInputs: number;      // 16 of a 16-to-4 sorter
  sadsOutputs: number;     // 4
  predictor: Predictor;
  data: AttentionData;      // synthetic, or a trace read from .npy files
  // Optional (added by the functional model; defaults in parentheses)
  modelDim?: number;       // columns of X per head (headDim): K^ = X W_k costs S x modelDim x headDim
  weightBits?: number;     // W_k integer width before its LZ conversion (8)
  lowBits?: number;        // width of the 'lowbit' multiply predictor (4)
  formalBits?: number;     // formal compute (KV generation, SU-FA) width, for byte counts (16)
  kvBufferRows?: number;   // KV rows the no-RASS baseline keeps for later rows of a block (0: none, as SOFA's row-order baseline)
}

/** Per (query row x key) or per row averages, so they scale to any S and T. */
export interface FunctionalStats {
  params: FunctionalParams;
  topkRecall: number;            // |selected ∩ exact top-k| / |exact top-k|, in [0, 1]
  outputRelErrorMean: number;    // sparse output vs dense attention
  outputRelErrorMax: number;
  keptFraction: number;          // selected keys per row / S (SADS keeps ceil(k*Bc) per sub-segment)
  keptPerRowCv: number;          // coefficient of variation of kept keys per row (load imbalance)
  rassUniqueFraction: number;    // unique KV rows needed by a query block / (rows x kept per row); 1 = no reuse
  rassFetchWithout: number;      // KV rows fetched per block without reuse-aware order (per row of the block)
  rassFetchWith: number;         // with RASS
  blockImbalance: number;        // max / mean selected work over query blocks (>= 1)
  sadsComparisonsPerKey: number; // comparator operations per predicted score
  sadsRoundsPerSegment: number;  // 16-to-4 rounds per sub-segment
  sufaRescalesPerRowTile: number;   // descending order: 0 inside a tile (+ the tile-sync)
  fa2RescalesPerRowTile: number;    // online softmax, unsorted: max changes per row per tile
  maxMispredictPerRowTile: number;  // how often the predicted first key is not the true tile max
  // Optional (added by the functional model)
  sampled?: { seqLen: number; queryRows: number; tc: number; ms: number };  // what was actually run, and its time
  exactTopkRecall?: number;         // 1 by definition; present so tables can show both rows
  rassMeanReuse?: number;           // selected pairs / unique KV rows per block
  /** running-max rises per row tile (softmax.ts): FA-2's tile rises and SU-FA's per key order; drives SU-FA's cycles */
  softmax?: SoftmaxStats;
  data?: string;                    // what the figures came from: "synthetic (seed 7)" or the trace, heads and rows sampled
  outputErrorMeasured?: boolean;    // false for a trace without values: the output errors are then 0 and not reported
  heads?: number;                   // heads the statistics are the mean of (traces: up to 4 sampled)
}

/** Per (row, non-empty tile) rates of the online softmax's running-max rises (see functional/softmax.ts). */
export interface SoftmaxStats {
  tileRisesPerRowTile: number;      // FA-2: the tile's true max beats the running max (after its max pass)
  orders: Record<'descending' | 'ascending' | 'unsorted', { boundaryRisesPerRowTile: number; inTileRisesPerRowTile: number }>;
}
