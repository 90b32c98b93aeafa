// The checked model: names resolved, units normalised to SI-like base units. This is the simulator's only input.
// Bytes, bytes/s, Hz, V, nm, fractions in [0, 1]. Spans point back to the source for results shown in the editor.
import type { Span } from './source.js';
import type { Exploration } from './explore.js';

export interface Technology { name: string; nodeNm: number; voltageV: number; frequencyHz: number; span?: Span }

export type PredictorKind = 'dlzs' | 'symmetric' | 'lowbit' | 'exact';
export interface Predictor {
  kind: PredictorKind;
  tokenBits: number;       // X, 8 in the paper
  weightLzBits: number;    // W_k in LZ form, 4
  queryBits: number;       // Q, 16 (converted to a 5-bit LZ code)
  keyBits: number;         // K^ truncated to at most 16
}
export interface SyntheticData {
  kind?: 'synthetic';      // absent in designs built by hand: synthetic is the default
  dominantSpread: number;  // fraction of rows with several dominant keys spread over the row
  dominantFew: number;     // fraction with a few dominant keys
  dominantRegion: number;  // fraction with dominant keys packed in one region
  noise: number;           // uniform noise amplitude, relative
  seed: number;
  heavyHitters?: number;   // fraction of keys salient for every query (H2O heavy hitters, attention sinks); default 0
  sharedDominant?: number; // fraction of a row's dominant keys drawn from the heavy hitters; default 0
}
/** Real attention inputs read from NumPy .npy files (issue 16): absolute paths, resolved by the checker. */
export interface TraceData {
  kind: 'trace';
  queries: string;         // [T, d] or [H, T, d]
  keys: string;            // [S, d] or [H, S, d]
  values?: string;         // like keys; without it output errors are not measured
  heads?: number[];        // selected heads of a [H, ...] trace; absent = every head
  span?: Span;             // the data value, for messages
}
/** What the checker learns of one trace file; `inspect` throws an Error with a `code` (trace-*) naming the fix. */
export interface TraceFileFacts { shape: number[]; dtype: string }
export interface TraceInspector { inspect(path: string): TraceFileFacts }

/** What the functional model runs on. */
export type AttentionData = SyntheticData | TraceData;
export function isTraceData(d: AttentionData): d is TraceData { return d != null && (d as TraceData).kind === 'trace'; }

export interface Workload {
  name: string;
  model: string;
  layers: number;
  heads: number;
  headDim: number;
  seqLen: number;          // S, keys
  queryLen: number;        // T, queries (= seqLen for self-attention prefill)
  batch: number;
  queryBlock: number;      // queries processed together
  topK: number;            // fraction of keys kept per row, (0, 1]
  predictor: Predictor;
  data: AttentionData;
  span?: Span;
}

export interface Core {
  name: string;
  technology: Technology;
  dlzs: { rows: number; cols: number; enabled: boolean; span?: Span };
  sads: { sorters: number; inputs: number; outputs: number; radius: number; enabled: boolean; span?: Span };
  kvgen: { rows: number; cols: number; bits: number; span?: Span };
  sufa: { rows: number; cols: number; bits: number; expUnits: number; divUnits: number;
          order: 'descending' | 'ascending' | 'unsorted'; enabled: boolean; span?: Span };
  sram: { tokenBytes: number; weightBytes: number; tempBytes: number; span?: Span };
  rass: boolean;
  span?: Span;
}

export interface Noc { linkBandwidthBps: number; hopLatencyCycles: number; routing: 'xy'; span?: Span }
export type DramAttach = 'edges' | 'corners' | 'north' | 'south' | 'east' | 'west' | Array<[number, number]>;
/** Where a core's DRAM bytes live: on its nearest channel router(s), or interleaved over every channel. */
export type DramPlacement = 'nearest' | 'interleaved';
export interface Dram {
  kind: string;            // HBM2, HBM2e, DDR4, LPDDR5 ...
  channels: number;
  bandwidthBps: number;    // total over all channels
  attach: DramAttach;
  placement?: DramPlacement;   // absent = 'nearest' (the checker always fills it)
  span?: Span;
}
export interface Chip {
  name: string;
  rows: number;
  cols: number;
  core: Core;
  noc: Noc;
  dram: Dram;
  /** true when the mapping names a core directly: a 1 x 1 chip made by the checker. */
  singleCore: boolean;
  span?: Span;
}

export type Axis = 'rows' | 'cols' | 'all' | 'none';
export interface Mapping {
  name: string;
  workload: Workload;
  chip: Chip;
  tiling: { bc: number; tc: number; span?: Span };   // S = bc * tc
  partition: { heads: Axis; queries: Axis; kv: Axis; span?: Span };
  kvFlow: 'own' | 'multicast' | 'ring';
  stages: 'pipelined' | 'isolated';
  span?: Span;
}

export interface Simulation {
  name: string;            // the mapping's name, or "mapping#2" when a mapping is simulated twice
  mapping: Mapping;
  baselines: string[];     // 'a100', 'baseline_spatial', published designs ('spatten', 'fact', ...)
  span?: Span;
}

export interface Design {
  technologies: Technology[];
  workloads: Workload[];
  cores: Core[];
  chips: Chip[];
  mappings: Mapping[];
  simulations: Simulation[];
  /** explore items (issue 14); absent in designs built by hand. */
  explorations?: Exploration[];
}
