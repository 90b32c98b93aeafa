// The one description of the language's blocks and fields: the checker validates against it, the server's hover
// and completion read it, and the README's reference is written from it. (Content: issue 2, language.)
import type { TopKind } from './ast.js';

export type Dimension = 'length' | 'voltage' | 'frequency' | 'bytes' | 'bandwidth' | 'cycles' | 'tokens' | 'ratio' | 'count';

export type FieldType =
  | { kind: 'quantity'; dimension: Dimension; min?: number; max?: number; minExclusive?: boolean; integer?: boolean }
  | { kind: 'dims'; min?: number; max?: number; of?: TopKind }      // R x C, optionally "of NAME"
  | { kind: 'range'; min?: number; max?: number }                   // A to B
  | { kind: 'enum'; values: string[] }
  | { kind: 'ref'; target: TopKind }
  | { kind: 'string' }
  | { kind: 'bool' }                                                // on / off
  | { kind: 'call'; variants: Record<string, BlockSchema> };        // word { fields }

export interface FieldSchema {
  name: string;
  doc: string;             // one or two sentences for hover
  type: FieldType;
  default?: string;        // as a user would write it, e.g. "1 GHz"
  required?: boolean;
  /** Words accepted besides the type's values, e.g. "auto" for tiling sizes. */
  keywords?: string[];
}

export interface BlockSchema {
  name: string;
  doc: string;
  fields: Record<string, FieldSchema>;
  blocks: Record<string, BlockSchema>;
  /** mapping only: the partition statements (heads -> mesh.rows). */
  partitions?: { what: string[]; targets: string[] };
}

export interface UnitInfo { dimension: Dimension; factor: number; doc: string }  // value * factor = base unit

import { UNIT_TABLE } from './units.js';
import { DEFAULT_DATA, DEFAULT_LOWBIT_BITS, DEFAULT_PREDICTOR, LIMITS, type Limit } from '../model/limits.js';

export const UNITS: Record<string, UnitInfo> = UNIT_TABLE;

export const TOP_KEYWORDS = ['technology', 'workload', 'core', 'chip', 'mapping', 'simulate', 'explore'] as const;
/** Words with a fixed place in the syntax: mapping NAME for W on C, simulate M against B, 4 x 4 of CORE, 16 to 4. */
export const SYNTAX_KEYWORDS = ['for', 'on', 'against', 'of', 'to', 'x'] as const;
export const BOOL_WORDS = ['on', 'off'] as const;

export interface BaselineInfo { name: string; doc: string; published: boolean }
/** Designs a simulation may be compared against. Published ones are carried as reference data (SOFA, Table II). */
export const BASELINES: Record<string, BaselineInfo> = {
  a100: { name: 'a100', doc: 'NVIDIA A100 running dense attention in PyTorch (the paper\'s GPU measurement)', published: false },
  a100_flash2: { name: 'a100_flash2', doc: 'NVIDIA A100 with FlashAttention-2', published: false },
  a100_lowbit_flash2: { name: 'a100_lowbit_flash2', doc: 'NVIDIA A100 with low-bit prediction and FlashAttention-2', published: false },
  baseline_spatial: { name: 'baseline_spatial', doc: 'the baseline spatial design on the same mesh: stage-isolated, every core fetching its own KV, intermediates through DRAM', published: false },
  a3: { name: 'a3', doc: 'A3 (published figures, SOFA Table II)', published: true },
  elsa: { name: 'elsa', doc: 'ELSA (published figures, SOFA Table II)', published: true },
  sanger: { name: 'sanger', doc: 'Sanger (published figures, SOFA Table II)', published: true },
  dota: { name: 'dota', doc: 'DOTA (published figures, SOFA Table II)', published: true },
  energon: { name: 'energon', doc: 'Energon (published figures, SOFA Table II)', published: true },
  dtatrans: { name: 'dtatrans', doc: 'DTATrans (published figures, SOFA Table II)', published: true },
  spatten: { name: 'spatten', doc: 'SpAtten (published figures, SOFA Table II)', published: true },
  fact: { name: 'fact', doc: 'FACT (published figures, SOFA Table II)', published: true },
};

const q = (dimension: Dimension, extra: Omit<Extract<FieldType, { kind: 'quantity' }>, 'kind' | 'dimension'> = {}): FieldType =>
  ({ kind: 'quantity', dimension, ...extra });
/** A quantity whose range is the model's (model/limits.ts): the checker and the simulator read the same limit. */
const lim = (dimension: Dimension, l: Limit): FieldType =>
  q(dimension, { min: l.min, max: l.max, ...(l.integer ? { integer: true } : {}), ...(l.minExclusive ? { minExclusive: true } : {}) });
const int = (l: Limit): FieldType => lim('count', l);
const bool: FieldType = { kind: 'bool' };
const enabled = (what: string): FieldSchema => ({
  name: 'enabled', doc: `Whether the ${what} is used; \`off\` replaces it with the conventional scheme (for ablation studies).`, type: bool, default: 'on',
});
const bits = (doc: string, l: Limit, def: number): FieldSchema => ({ name: '', doc, type: int(l), default: String(def) });
function block(name: string, doc: string, fields: FieldSchema[], blocks: BlockSchema[] = []): BlockSchema {
  return {
    name, doc,
    fields: Object.fromEntries(fields.map(f => [f.name, f])),
    blocks: Object.fromEntries(blocks.map(b => [b.name, b])),
  };
}
function named(name: string, f: FieldSchema): FieldSchema { return { ...f, name }; }

const predictorFields = [
  named('token_bits', bits('Bits of the input tokens X used to predict K^ = X W_k, 2 to 16: the DLZS PEs take 8- or 16-bit operands.', LIMITS.tokenBits, DEFAULT_PREDICTOR.tokenBits)),
  named('weight_lz_bits', bits('Bits of the leading-zero form of W_k (converted offline): a sign and an exponent, 2 to 8 (4 hold every exponent of an 8-bit weight).', LIMITS.weightLzBits, DEFAULT_PREDICTOR.weightLzBits)),
  named('query_bits', bits('Bits of the queries Q used to predict the scores A^ = Q K^T, 2 to 16: the leading-zero encoders count 8 or 16 bits.', LIMITS.queryBits, DEFAULT_PREDICTOR.queryBits)),
  named('key_bits', bits('Bits K^ is truncated to before score prediction, 2 to 16 (at most 16 in the paper: the PEs\' widest mode).', LIMITS.keyBits, DEFAULT_PREDICTOR.keyBits)),
];

export const PREDICTOR_VARIANTS: Record<string, BlockSchema> = {
  dlzs: block('dlzs', 'Differential leading-zero summation: only one operand is converted to leading-zero form; shift-add, no multipliers (the STAR predictor).', predictorFields),
  symmetric: block('symmetric', 'Symmetric leading-zero prediction: both operands converted, about twice the converter cost and error of DLZS.', predictorFields),
  lowbit: block('lowbit', 'Multiply-based prediction at low precision (e.g. 4-bit), as earlier accelerators do.', [
    named('bits', bits('Bits of every operand of the prediction (X, W_k, Q and K^ requantised to it), 2 to 16: at 16 it is the exact predictor\'s 16-bit multiply.', LIMITS.lowbitBits, DEFAULT_LOWBIT_BITS)),
  ]),
  exact: block('exact', 'No prediction: scores are computed exactly (dense pre-compute) with 16-bit multipliers; for reference. It takes no bit widths.', []),
};

export const DATA_VARIANTS: Record<string, BlockSchema> = {
  synthetic: block('synthetic', 'Synthetic attention rows for the functional model, mixed from the row shapes seen in real attention maps.', [
    { name: 'dominant_spread', doc: 'Fraction of rows with several dominant keys spread across the row (over 76% in real maps).', type: lim('ratio', LIMITS.fraction), default: String(DEFAULT_DATA.dominantSpread) },
    { name: 'dominant_few', doc: 'Fraction of rows with a few dominant keys (about 25% for ViT, GPT-2, Llama).', type: lim('ratio', LIMITS.fraction), default: String(DEFAULT_DATA.dominantFew) },
    { name: 'dominant_region', doc: 'Fraction of rows with their dominant keys packed in one region (near 0% in real maps).', type: lim('ratio', LIMITS.fraction), default: String(DEFAULT_DATA.dominantRegion) },
    { name: 'noise', doc: 'Amplitude of the uniform noise added to the scores, relative to the dominant scores.', type: lim('ratio', LIMITS.noise), default: String(DEFAULT_DATA.noise) },
    { name: 'seed', doc: 'Seed of the random generator: the same seed gives the same rows.', type: int(LIMITS.seed), default: String(DEFAULT_DATA.seed) },
    { name: 'heavy_hitters', doc: 'Share of the keys that every query finds salient (attention sinks, H2O heavy hitters), e.g. 10 %. With shared_dominant, it sets how many KV rows a query block shares, which decides DRAM traffic and device energy.', type: lim('ratio', LIMITS.fraction), default: '0' },
    { name: 'shared_dominant', doc: 'Share of each row\'s dominant keys drawn from the heavy hitters instead of independently (0 = rows pick their keys independently). No published figure gives it: a knob for sensitivity studies.', type: lim('ratio', LIMITS.fraction), default: '0' },
  ]),
  trace: block('trace', 'Real attention inputs of one layer, dumped from a model as NumPy .npy files (float16, float32 or float64, C order). Recall, kept keys, SU-FA, the KV rows a query block shares, and so DRAM traffic and energy, all come from them.', [
    { name: 'queries', doc: 'Path of the queries Q, shaped [T, d] or [heads, T, d]; relative to this .star file. Required.', type: { kind: 'string' } },
    { name: 'keys', doc: 'Path of the keys K, shaped [S, d] or [heads, S, d]; relative to this .star file. Required.', type: { kind: 'string' } },
    { name: 'values', doc: 'Path of the values V, shaped like the keys. Optional: without it, output errors are not reported.', type: { kind: 'string' } },
    { name: 'heads', doc: 'Heads of a [heads, ...] trace to use, e.g. [0, 3]; every head by default (at most 4 are sampled, evenly).', type: { kind: 'enum', values: ['all'] }, default: 'all' },
  ]),
};

export const SCHEMA: Record<TopKind, BlockSchema> = {
  technology: block('technology', 'A process technology: node, supply voltage and clock frequency. Energy and area scale with it.', [
    { name: 'node', doc: 'Process node.', type: lim('length', LIMITS.nodeNm), default: '28 nm' },
    { name: 'voltage', doc: 'Supply voltage; power scales with its square.', type: lim('voltage', LIMITS.voltageV), default: '1.0 V' },
    { name: 'frequency', doc: 'Clock frequency of the cores.', type: lim('frequency', LIMITS.frequencyHz), default: '1 GHz' },
  ]),

  workload: block('workload', 'An attention workload: the model\'s attention shape, the prompt length, and the sparsity STAR exploits.', [
    { name: 'model', doc: 'Name of the model, for reports.', type: { kind: 'string' }, default: '"custom"' },
    { name: 'layers', doc: 'Number of transformer layers (attention runs once per layer).', type: int(LIMITS.layers), default: '1' },
    { name: 'heads', doc: 'Attention heads per layer (A).', type: int(LIMITS.heads), required: true },
    { name: 'head_dim', doc: 'Dimension of one head (d = H / A).', type: int(LIMITS.headDim), required: true },
    { name: 'seq_len', doc: 'Keys per head (S): the prompt length.', type: lim('tokens', LIMITS.seqLen), required: true },
    { name: 'query_len', doc: 'Queries per head (T); equal to seq_len for self-attention prefill.', type: lim('tokens', LIMITS.queryLen), default: 'seq_len' },
    { name: 'batch', doc: 'Prompts processed one after another.', type: int(LIMITS.batch), default: '1' },
    { name: 'query_block', doc: 'Queries processed together (large-scale token parallelism); best equal to the PE array rows (128).', type: lim('tokens', LIMITS.queryBlock), default: '128 tokens' },
    { name: 'data', doc: 'Attention rows the functional model runs on: synthetic { dominant_spread, dominant_few, dominant_region, noise, seed, heavy_hitters, shared_dominant }, or trace { queries = "q.npy", keys = "k.npy", values = "v.npy" } from a real model.', type: { kind: 'call', variants: DATA_VARIANTS }, default: 'synthetic' },
  ], [
    block('sparsity', 'Dynamic sparsity: how many keys each query keeps and how they are predicted.', [
      { name: 'top_k', doc: 'Fraction of keys kept per query row, in (0, 100 %].', type: lim('ratio', LIMITS.topK), default: '20 %' },
      { name: 'predictor', doc: 'How the scores are estimated before top-k: dlzs { ... }, symmetric { ... }, lowbit { bits = 4 } or exact.', type: { kind: 'call', variants: PREDICTOR_VARIANTS }, default: 'dlzs' },
    ]),
  ]),

  core: block('core', 'A STAR core: DLZS prediction, SADS sorting, on-demand KV generation and SU-FA engines with their SRAM.', [
    { name: 'technology', doc: 'The technology the core is built in (built in: tsmc28 = 28 nm, 1.0 V, 1 GHz).', type: { kind: 'ref', target: 'technology' }, default: 'tsmc28' },
    { name: 'rass', doc: 'Reuse-aware KV scheduling: the KV rows most shared inside a query block are fetched and generated first, once for all rows.', type: bool, default: 'on' },
  ], [
    block('dlzs', 'DLZS engine: systolic array of shift-add PEs that predicts K^ and the scores A^.', [
      { name: 'array', doc: 'PE array, rows x columns.', type: { kind: 'dims', min: LIMITS.arraySide.min, max: LIMITS.arraySide.max }, default: '128 x 32' },
      enabled('DLZS predictor'),
    ]),
    block('sads', 'SADS engine: parallel bitonic sort cores; each KV tile\'s sub-segment keeps its own top-(k/n) by sphere search.', [
      { name: 'sorters', doc: 'Parallel sort cores (one per query row of the block).', type: int(LIMITS.sorters), default: '128' },
      { name: 'width', doc: 'Inputs to outputs of one sort core per round (16 to 4: 12 new inputs + 4 kept maxima).', type: { kind: 'range', min: LIMITS.sadsWidth.min, max: LIMITS.sadsWidth.max }, default: '16 to 4' },
      { name: 'radius', doc: 'Sphere-search radius R: only candidates in [max - R, max] are compared.', type: lim('count', LIMITS.sadsRadius), default: '4' },
      enabled('SADS distributed sorting (off: one global sort per row)'),
    ]),
    block('kvgen', 'On-demand KV generation: computes only the K and V rows the top-k selection needs.', [
      { name: 'array', doc: 'PE array, rows x columns.', type: { kind: 'dims', min: LIMITS.arraySide.min, max: LIMITS.arraySide.max }, default: '128 x 4' },
      named('bits', bits('Precision of the PEs, 2 to 32 (a signed operand needs a sign and a magnitude bit).', LIMITS.peBits, 16)),
    ]),
    block('sufa', 'SU-FA engine: sorted-updating FlashAttention on two output-stationary systolic arrays (Q K^T and S V).', [
      { name: 'array', doc: 'PE array, rows x columns.', type: { kind: 'dims', min: LIMITS.arraySide.min, max: LIMITS.arraySide.max }, default: '128 x 4' },
      named('bits', bits('Precision of the PEs, 2 to 32 (a signed operand needs a sign and a magnitude bit).', LIMITS.peBits, 16)),
      { name: 'exp_units', doc: 'Exponential units.', type: int(LIMITS.units), default: '128' },
      { name: 'div_units', doc: 'Dividers (final O = o / l).', type: int(LIMITS.units), default: '128' },
      { name: 'order', doc: 'Order of each tile\'s selected keys: descending keeps the running max fixed inside a tile (exp + add per update).', type: { kind: 'enum', values: ['descending', 'ascending', 'unsorted'] }, default: 'descending' },
      enabled('SU-FA sorted update (off: plain FlashAttention online softmax)'),
    ]),
    block('sram', 'On-chip SRAM buffers (capacities are binary: 1 KB = 1024 B).', [
      { name: 'token', doc: 'Token buffer: the query block and the K and V tiles (double-buffered).', type: lim('bytes', LIMITS.sramBytes), default: '192 KB' },
      { name: 'weight', doc: 'Weight buffer (W_k in leading-zero form, W_v).', type: lim('bytes', LIMITS.sramBytes), default: '96 KB' },
      { name: 'temp', doc: 'Temporary buffer: selected indices, sorted scores and the running (m, l) per query row.', type: lim('bytes', LIMITS.sramBytes), default: '28 KB' },
    ]),
  ]),

  chip: block('chip', 'A chip: an R x C mesh of STAR cores, its network-on-chip and its DRAM (Spatial-STAR).', [
    { name: 'mesh', doc: 'Mesh of cores, rows x columns, at most 64 x 64: `mesh = 4 x 4 of star` (without `of`, the default STAR core).', type: { kind: 'dims', min: LIMITS.meshSide.min, max: LIMITS.meshSide.max, of: 'core' }, required: true },
  ], [
    block('noc', 'Network-on-chip: a 2D mesh with XY routing.', [
      { name: 'link_bandwidth', doc: 'Bandwidth of one directed link between neighbouring routers.', type: lim('bandwidth', LIMITS.bandwidthBps), default: '64 GB/s' },
      { name: 'hop_latency', doc: 'Latency of one router hop.', type: lim('cycles', LIMITS.hopLatencyCycles), default: '2 cycles' },
      { name: 'routing', doc: 'Routing: xy (first along the row, then along the column).', type: { kind: 'enum', values: ['xy'] }, default: 'xy' },
    ]),
    block('dram', 'Off-chip DRAM: channels attached at chosen routers, their bandwidth shared by the cores that use them.', [
      { name: 'kind', doc: 'DRAM technology (energy per bit).', type: { kind: 'enum', values: ['HBM2', 'HBM2e', 'HBM3', 'DDR4', 'DDR5', 'LPDDR4', 'LPDDR5', 'GDDR6'] }, default: 'HBM2' },
      { name: 'channels', doc: 'Number of channels, spread over the attach routers.', type: int(LIMITS.dramChannels), default: '16' },
      { name: 'bandwidth', doc: 'Total bandwidth over all channels.', type: lim('bandwidth', LIMITS.bandwidthBps), default: '512 GB/s' },
      { name: 'attach', doc: 'Routers the channels attach to: edges, corners, north, south, east, west, or a list [(row, col), ...].', type: { kind: 'enum', values: ['edges', 'corners', 'north', 'south', 'east', 'west'] }, default: 'edges' },
      { name: 'placement', doc: 'Where each core\'s DRAM bytes live: nearest (on the DRAM router(s) nearest to the core, fewest hops; channels near many cores get busy) or interleaved (spread over every channel in proportion to the channels each router holds, as address interleaving does: even channel load, more hops).', type: { kind: 'enum', values: ['nearest', 'interleaved'] }, default: 'nearest' },
    ]),
  ]),

  mapping: {
    ...block('mapping', 'How a workload runs on a chip (or a single core): KV tiling, partitioning over the mesh, KV movement and pipelining.', [
      { name: 'kv_flow', doc: 'How KV reaches the cores: own (each core fetches its own from DRAM), multicast (fetched once, sent to every core that needs it), ring (KV shards circulate; partial (m, l, o) states merge by the SU-FA tile-sync rule).', type: { kind: 'enum', values: ['own', 'multicast', 'ring'] }, default: 'own' },
      { name: 'stages', doc: 'pipelined: predict, sort, generate and update tile by tile, intermediates stay on chip; isolated: each stage over the whole sequence, A^ and top-k indices through DRAM.', type: { kind: 'enum', values: ['pipelined', 'isolated'] }, default: 'pipelined' },
    ], [
      block('tiling', 'KV tiling: S = bc x tc; one KV tile is one SADS sub-segment.', [
        { name: 'bc', doc: 'Keys per KV tile (Bc). auto: the largest divisor of seq_len up to 256 whose working set fits the SRAM.', type: lim('tokens', LIMITS.bc), default: 'auto', keywords: ['auto'] },
        { name: 'tc', doc: 'Number of KV tiles (Tc = seq_len / bc).', type: int(LIMITS.tc), default: 'auto', keywords: ['auto'] },
      ]),
    ]),
    partitions: { what: ['heads', 'queries', 'kv'], targets: ['mesh.rows', 'mesh.cols', 'mesh', 'none'] },
  },
};

/** simulate MAPPING [against B1, B2] takes no fields yet; the block exists for later options. */
export const SIMULATE_SCHEMA: BlockSchema = block('simulate', 'Runs the simulator on a mapping and compares it with the baselines named after `against`.', []);

/** Docs of the partition statements, for hover. */
export const PARTITION_DOCS: Record<string, string> = {
  heads: 'Spreads the attention heads over a mesh axis; the heads must divide evenly.',
  queries: 'Spreads the query blocks over a mesh axis; each core keeps its own queries.',
  kv: 'Spreads the KV tiles (key ranges) over a mesh axis; partial (m, l, o) states merge by the SU-FA tile-sync rule.',
  'mesh.rows': 'The mesh\'s rows (R cores).', 'mesh.cols': 'The mesh\'s columns (C cores).', mesh: 'All R x C cores.', none: 'Not partitioned: every core takes all of it.',
};
