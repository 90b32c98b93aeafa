// Hand-built checked models for the spatial tests (the same values the language would produce from a .star file).
import type { Chip, Core, Mapping, Simulation, Workload, Axis } from '../../../src/model/design.js';

import { starCore } from '../../../src/sim/core/defaults.js';

export { starCore };

export function llama(seqLen: number, over: Partial<Workload> = {}): Workload {
  return {
    name: 'llama7b', model: 'Llama-7B', layers: 32, heads: 32, headDim: 128, seqLen, queryLen: seqLen, batch: 1,
    queryBlock: 128, topK: 0.2,
    predictor: { kind: 'dlzs', tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 16 },
    data: { dominantSpread: 0.75, dominantFew: 0.25, dominantRegion: 0, noise: 0.1, seed: 7 },
    ...over,
  };
}

export interface ChipOpts { linkBandwidthBps?: number; hopLatencyCycles?: number; channels?: number; dramBps?: number;
  attach?: Chip['dram']['attach']; placement?: Chip['dram']['placement']; singleCore?: boolean; core?: Core }

export function chip(rows: number, cols: number, o: ChipOpts = {}): Chip {
  return {
    name: `mesh${rows}x${cols}`, rows, cols, core: o.core ?? starCore(),
    noc: { linkBandwidthBps: o.linkBandwidthBps ?? 64e9, hopLatencyCycles: o.hopLatencyCycles ?? 2, routing: 'xy' },
    dram: { kind: 'HBM2', channels: o.channels ?? 16, bandwidthBps: o.dramBps ?? 512e9, attach: o.attach ?? 'edges',
      ...(o.placement ? { placement: o.placement } : {}) },
    singleCore: o.singleCore ?? false,
  };
}

export interface MapOpts { heads?: Axis; queries?: Axis; kv?: Axis; kvFlow?: Mapping['kvFlow']; stages?: Mapping['stages']; bc?: number }

export function mapping(w: Workload, c: Chip, o: MapOpts = {}): Mapping {
  const bc = o.bc ?? 64;
  return {
    name: 'long_context', workload: w, chip: c,
    tiling: { bc, tc: Math.ceil(w.seqLen / bc) },
    partition: { heads: o.heads ?? 'rows', queries: o.queries ?? 'cols', kv: o.kv ?? 'none' },
    kvFlow: o.kvFlow ?? 'ring', stages: o.stages ?? 'pipelined',
  };
}

export function simulation(m: Mapping): Simulation {
  return { name: m.name, mapping: m, baselines: ['baseline_spatial'] };
}
