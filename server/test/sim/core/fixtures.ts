// Builders for core-model tests: a checked Simulation without going through the language, and stats objects.
import type { Core, Simulation, Workload } from '../../../src/model/design.js';
import type { FunctionalStats } from '../../../src/sim/functional/stats.js';
import { bertBase, starCore } from '../../../src/sim/core/defaults.js';
import type { CoreWork } from '../../../src/sim/core/evaluate.js';

export function simulation(over: { workload?: Workload; core?: Core; bc?: number; stages?: 'pipelined' | 'isolated'; baselines?: string[] } = {}): Simulation {
  const workload = over.workload ?? bertBase(0.074);
  const core = over.core ?? starCore();
  const bc = over.bc ?? 64;
  return {
    name: 'sim', baselines: over.baselines ?? ['a100'],
    mapping: {
      name: 'm', workload, tiling: { bc, tc: Math.ceil(workload.seqLen / bc) },
      chip: { name: 'chip', rows: 1, cols: 1, core, singleCore: true,
        noc: { linkBandwidthBps: 64e9, hopLatencyCycles: 2, routing: 'xy' },
        dram: { kind: 'HBM2', channels: 16, bandwidthBps: 512e9, attach: 'edges' } },
      partition: { heads: 'none', queries: 'none', kv: 'none' }, kvFlow: 'own', stages: over.stages ?? 'pipelined',
    },
  };
}

export function work(w: Workload = bertBase(0.074), bc = 64): CoreWork {
  return { heads: w.heads, layers: w.layers, batch: w.batch, queryRows: w.queryLen, kvRows: w.seqLen, headDim: w.headDim,
    modelDim: w.heads * w.headDim, queryBlock: w.queryBlock, bc, topK: w.topK, predictor: w.predictor };
}

/** A plausible stats object (shape of the functional model's output) for tests that must not depend on it. */
export function handStats(keptFraction = 0.07, over: Partial<FunctionalStats> = {}): FunctionalStats {
  return {
    params: { seqLen: 384, queryRows: 64, headDim: 64, topK: 0.074, bc: 64, queryBlock: 64, sadsRadius: 4, sadsInputs: 16, sadsOutputs: 4,
      predictor: { kind: 'dlzs', tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 8 },
      data: { dominantSpread: 0.76, dominantFew: 0.25, dominantRegion: 0, noise: 0.1, seed: 7 } },
    topkRecall: 0.7, outputRelErrorMean: 0.06, outputRelErrorMax: 0.3, keptFraction, keptPerRowCv: 0.1,
    rassUniqueFraction: 0.2, rassFetchWithout: 24, rassFetchWith: 6, blockImbalance: 1, sadsComparisonsPerKey: 11,
    sadsRoundsPerSegment: 7.6, sufaRescalesPerRowTile: 1.2, fa2RescalesPerRowTile: 0.46, maxMispredictPerRowTile: 0.17,
    ...over,
  };
}
