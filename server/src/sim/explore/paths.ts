// The fields an exploration may vary: each schema path (as written in `vary { ... }`) with the setter that puts a
// value into a copy of the explored Simulation, the group of the model it changes (so the explorer can share the
// unchanged parts between points) and whether the functional model reads it (so points share functional stats).
import { isTraceData, type Axis, type Simulation, type SyntheticData } from '../../model/design.js';
import type { ExploreValue } from '../../model/explore.js';

/** The synthetic data a data path sets; a trace has no seed or noise to vary. */
function synthetic(s: Simulation, path: string): SyntheticData {
  const d = s.mapping.workload.data;
  if (isTraceData(d)) throw new ExplorePathError(path, 'the workload reads a trace; only synthetic data has a seed and noise to vary');
  return d;
}

/** Which part of the model a path changes: the core (technology included), the work (workload and KV tiling),
 *  or the context of the run (mesh, network, DRAM, partitions, KV flow, stages). */
export type PathGroup = 'core' | 'work' | 'context';
/** The kind of value a path takes: a number in base units, an integer count, R x C, an enum word, on/off, an axis. */
export type PathKind = 'number' | 'integer' | 'dims' | 'enum' | 'bool' | 'axis';

export interface ExplorablePath {
  path: string;
  group: PathGroup;
  kind: PathKind;
  /** The functional model reads it: points differing here need their own functional statistics. */
  functional: boolean;
  /** Enum words the path accepts (kind 'enum'). */
  values?: readonly string[];
  unit?: string;
  doc: string;
  set(sim: Simulation, v: ExploreValue): void;
}

export class ExplorePathError extends Error {
  constructor(public readonly path: string, message: string) { super(`${path}: ${message}`); this.name = 'ExplorePathError'; }
}

const AXES: readonly Axis[] = ['rows', 'cols', 'all', 'none'];

function num(path: string, v: ExploreValue): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ExplorePathError(path, `expects a number, got ${JSON.stringify(v)}`);
  return v;
}
function dims(path: string, v: ExploreValue): { rows: number; cols: number } {
  if (typeof v !== 'object' || v === null || typeof v.rows !== 'number' || typeof v.cols !== 'number') {
    throw new ExplorePathError(path, `expects R x C (e.g. 128 x 8), got ${JSON.stringify(v)}`);
  }
  return v;
}
function word<T extends string>(path: string, v: ExploreValue, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw new ExplorePathError(path, `expects one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}
function bool(path: string, v: ExploreValue): boolean {
  if (typeof v !== 'boolean') throw new ExplorePathError(path, `expects on or off, got ${JSON.stringify(v)}`);
  return v;
}
/** seq_len = bc x tc: keeping bc, tc follows seq_len (a bc that does not divide is a design-rule failure). */
function retile(sim: Simulation): void {
  const m = sim.mapping;
  m.tiling.tc = m.tiling.bc > 0 ? m.workload.seqLen / m.tiling.bc : 0;
}

type Def = Omit<ExplorablePath, 'path'>;
const core = (kind: PathKind, functional: boolean, doc: string, set: ExplorablePath['set'], unit?: string): Def => ({ group: 'core', kind, functional, doc, set, unit });
const work = (kind: PathKind, functional: boolean, doc: string, set: ExplorablePath['set'], unit?: string): Def => ({ group: 'work', kind, functional, doc, set, unit });
const context = (kind: PathKind, doc: string, set: ExplorablePath['set'], unit?: string, values?: readonly string[]): Def => ({ group: 'context', kind, functional: false, doc, set, unit, values });

const DEFS: Record<string, Def> = {
  // technology of the core
  'technology.node': core('number', false, 'Process node (nm).', (s, v) => { s.mapping.chip.core.technology.nodeNm = num('technology.node', v); }, 'nm'),
  'technology.voltage': core('number', false, 'Supply voltage (V).', (s, v) => { s.mapping.chip.core.technology.voltageV = num('technology.voltage', v); }, 'V'),
  'technology.frequency': core('number', false, 'Clock frequency (Hz).', (s, v) => { s.mapping.chip.core.technology.frequencyHz = num('technology.frequency', v); }, 'Hz'),
  // core engines
  'core.dlzs.array': core('dims', false, 'DLZS PE array, rows x columns.', (s, v) => { const d = dims('core.dlzs.array', v); Object.assign(s.mapping.chip.core.dlzs, { rows: d.rows, cols: d.cols }); }),
  'core.dlzs.enabled': core('bool', true, 'DLZS on or off.', (s, v) => { s.mapping.chip.core.dlzs.enabled = bool('core.dlzs.enabled', v); }),
  'core.sads.sorters': core('integer', false, 'Parallel SADS sort cores.', (s, v) => { s.mapping.chip.core.sads.sorters = num('core.sads.sorters', v); }),
  'core.sads.width': core('dims', true, 'Sort core inputs to outputs (16 to 4 as { rows: 16, cols: 4 }).', (s, v) => { const d = dims('core.sads.width', v); Object.assign(s.mapping.chip.core.sads, { inputs: d.rows, outputs: d.cols }); }),
  'core.sads.radius': core('number', true, 'Sphere-search radius R.', (s, v) => { s.mapping.chip.core.sads.radius = num('core.sads.radius', v); }),
  'core.sads.enabled': core('bool', true, 'SADS on or off.', (s, v) => { s.mapping.chip.core.sads.enabled = bool('core.sads.enabled', v); }),
  'core.kvgen.array': core('dims', false, 'KV-generation PE array, rows x columns.', (s, v) => { const d = dims('core.kvgen.array', v); Object.assign(s.mapping.chip.core.kvgen, { rows: d.rows, cols: d.cols }); }),
  'core.kvgen.bits': core('integer', false, 'KV-generation operand bits.', (s, v) => { s.mapping.chip.core.kvgen.bits = num('core.kvgen.bits', v); }),
  'core.sufa.array': core('dims', false, 'SU-FA PE arrays, rows x columns.', (s, v) => { const d = dims('core.sufa.array', v); Object.assign(s.mapping.chip.core.sufa, { rows: d.rows, cols: d.cols }); }),
  'core.sufa.bits': core('integer', true, 'SU-FA operand bits.', (s, v) => { s.mapping.chip.core.sufa.bits = num('core.sufa.bits', v); }),
  'core.sufa.exp_units': core('integer', false, 'SU-FA exponential units.', (s, v) => { s.mapping.chip.core.sufa.expUnits = num('core.sufa.exp_units', v); }),
  'core.sufa.div_units': core('integer', false, 'SU-FA dividers.', (s, v) => { s.mapping.chip.core.sufa.divUnits = num('core.sufa.div_units', v); }),
  'core.sufa.order': { ...core('enum', false, 'Order of each tile\'s selected keys.', (s, v) => { s.mapping.chip.core.sufa.order = word('core.sufa.order', v, ['descending', 'ascending', 'unsorted'] as const); }), values: ['descending', 'ascending', 'unsorted'] },
  'core.sufa.enabled': core('bool', false, 'SU-FA on or off.', (s, v) => { s.mapping.chip.core.sufa.enabled = bool('core.sufa.enabled', v); }),
  'core.sram.token': core('number', false, 'Token SRAM (B).', (s, v) => { s.mapping.chip.core.sram.tokenBytes = num('core.sram.token', v); }, 'B'),
  'core.sram.weight': core('number', false, 'Weight SRAM (B).', (s, v) => { s.mapping.chip.core.sram.weightBytes = num('core.sram.weight', v); }, 'B'),
  'core.sram.temp': core('number', false, 'Temp SRAM (B).', (s, v) => { s.mapping.chip.core.sram.tempBytes = num('core.sram.temp', v); }, 'B'),
  'core.rass': core('bool', false, 'Reuse-aware KV scheduling on or off.', (s, v) => { s.mapping.chip.core.rass = bool('core.rass', v); }),
  // workload
  'workload.layers': work('integer', false, 'Transformer layers.', (s, v) => { s.mapping.workload.layers = num('workload.layers', v); }),
  'workload.heads': work('integer', false, 'Attention heads per layer.', (s, v) => { s.mapping.workload.heads = num('workload.heads', v); }),
  'workload.head_dim': work('integer', true, 'Dimension of one head.', (s, v) => { s.mapping.workload.headDim = num('workload.head_dim', v); }),
  'workload.seq_len': work('integer', true, 'Keys per head (tc follows: seq_len / bc).', (s, v) => {
    const w = s.mapping.workload, x = num('workload.seq_len', v);
    // query_len follows seq_len when it was equal (self-attention prefill), as the checker's default does
    if (w.queryLen === w.seqLen) w.queryLen = x;
    w.seqLen = x; retile(s);
  }, 'tokens'),
  'workload.query_len': work('integer', true, 'Queries per head.', (s, v) => { s.mapping.workload.queryLen = num('workload.query_len', v); }, 'tokens'),
  'workload.batch': work('integer', false, 'Prompts processed one after another.', (s, v) => { s.mapping.workload.batch = num('workload.batch', v); }),
  'workload.query_block': work('integer', true, 'Queries processed together.', (s, v) => { s.mapping.workload.queryBlock = num('workload.query_block', v); }, 'tokens'),
  'workload.sparsity.top_k': work('number', true, 'Fraction of keys kept per row.', (s, v) => { s.mapping.workload.topK = num('workload.sparsity.top_k', v); }),
  'workload.sparsity.predictor.token_bits': work('integer', true, 'Predictor token bits X.', (s, v) => { s.mapping.workload.predictor.tokenBits = num('workload.sparsity.predictor.token_bits', v); }),
  'workload.sparsity.predictor.weight_lz_bits': work('integer', true, 'Predictor W_k leading-zero bits.', (s, v) => { s.mapping.workload.predictor.weightLzBits = num('workload.sparsity.predictor.weight_lz_bits', v); }),
  'workload.sparsity.predictor.query_bits': work('integer', true, 'Predictor query bits.', (s, v) => { s.mapping.workload.predictor.queryBits = num('workload.sparsity.predictor.query_bits', v); }),
  'workload.sparsity.predictor.key_bits': work('integer', true, 'Predictor K^ bits.', (s, v) => { s.mapping.workload.predictor.keyBits = num('workload.sparsity.predictor.key_bits', v); }),
  'workload.sparsity.predictor.kind': { ...work('enum', true, 'Predictor kind.', (s, v) => { s.mapping.workload.predictor.kind = word('workload.sparsity.predictor.kind', v, ['dlzs', 'symmetric', 'lowbit', 'exact'] as const); }), values: ['dlzs', 'symmetric', 'lowbit', 'exact'] },
  'workload.data.seed': work('integer', true, 'Seed of the synthetic rows.', (s, v) => { synthetic(s, 'workload.data.seed').seed = num('workload.data.seed', v); }),
  'workload.data.noise': work('number', true, 'Noise amplitude of the synthetic rows.', (s, v) => { synthetic(s, 'workload.data.noise').noise = num('workload.data.noise', v); }),
  // KV tiling
  'mapping.tiling.bc': work('integer', true, 'Keys per KV tile (tc = seq_len / bc).', (s, v) => { s.mapping.tiling.bc = num('mapping.tiling.bc', v); retile(s); }, 'tokens'),
  'mapping.tiling.tc': work('integer', true, 'KV tiles (bc = seq_len / tc).', (s, v) => {
    const t = s.mapping.tiling, tc = num('mapping.tiling.tc', v);
    t.tc = tc; t.bc = s.mapping.workload.seqLen / tc;
  }),
  // the run: mesh, network, DRAM, partitions, flow, stages
  'chip.mesh': context('dims', 'Mesh of cores, rows x columns.', (s, v) => {
    const d = dims('chip.mesh', v), c = s.mapping.chip;
    c.rows = d.rows; c.cols = d.cols; c.singleCore = false;
  }),
  'chip.noc.link_bandwidth': context('number', 'Bandwidth of one directed link (B/s).', (s, v) => { s.mapping.chip.noc.linkBandwidthBps = num('chip.noc.link_bandwidth', v); }, 'B/s'),
  'chip.noc.hop_latency': context('integer', 'Latency of one router hop (cycles).', (s, v) => { s.mapping.chip.noc.hopLatencyCycles = num('chip.noc.hop_latency', v); }, 'cycles'),
  'chip.dram.kind': context('enum', 'DRAM technology.', (s, v) => { s.mapping.chip.dram.kind = word('chip.dram.kind', v, DRAM_KINDS); }, undefined, ['HBM2', 'HBM2e', 'HBM3', 'DDR4', 'DDR5', 'LPDDR4', 'LPDDR5', 'GDDR6']),
  'chip.dram.channels': context('integer', 'DRAM channels.', (s, v) => { s.mapping.chip.dram.channels = num('chip.dram.channels', v); }),
  'chip.dram.bandwidth': context('number', 'Total DRAM bandwidth (B/s).', (s, v) => { s.mapping.chip.dram.bandwidthBps = num('chip.dram.bandwidth', v); }, 'B/s'),
  'chip.dram.attach': context('enum', 'Routers the DRAM channels attach to.', (s, v) => { s.mapping.chip.dram.attach = word('chip.dram.attach', v, ATTACH); }, undefined, ['edges', 'corners', 'north', 'south', 'east', 'west']),
  'chip.dram.placement': context('enum', 'Where each core\'s DRAM bytes live.', (s, v) => { s.mapping.chip.dram.placement = word('chip.dram.placement', v, ['nearest', 'interleaved'] as const); }, undefined, ['nearest', 'interleaved']),
  'mapping.heads': context('axis', 'Mesh axis the heads are partitioned over.', (s, v) => { s.mapping.partition.heads = word('mapping.heads', v, AXES); }, undefined, AXES),
  'mapping.queries': context('axis', 'Mesh axis the query blocks are partitioned over.', (s, v) => { s.mapping.partition.queries = word('mapping.queries', v, AXES); }, undefined, AXES),
  'mapping.kv': context('axis', 'Mesh axis the KV tiles are partitioned over.', (s, v) => { s.mapping.partition.kv = word('mapping.kv', v, AXES); }, undefined, AXES),
  'mapping.kv_flow': context('enum', 'How KV reaches the cores.', (s, v) => { s.mapping.kvFlow = word('mapping.kv_flow', v, ['own', 'multicast', 'ring'] as const); }, undefined, ['own', 'multicast', 'ring']),
  'mapping.stages': context('enum', 'Cross-stage pipelining or isolated stages.', (s, v) => { s.mapping.stages = word('mapping.stages', v, ['pipelined', 'isolated'] as const); }, undefined, ['pipelined', 'isolated']),
};
const DRAM_KINDS = ['HBM2', 'HBM2e', 'HBM3', 'DDR4', 'DDR5', 'LPDDR4', 'LPDDR5', 'GDDR6'] as const;
const ATTACH = ['edges', 'corners', 'north', 'south', 'east', 'west'] as const;

/** Every path an exploration may vary, by name (the language side offers and validates these). */
export const EXPLORABLE: Readonly<Record<string, ExplorablePath>> = Object.fromEntries(
  Object.entries(DEFS).map(([path, d]) => [path, { path, ...d }]));
export const EXPLORABLE_PATHS: readonly string[] = Object.keys(EXPLORABLE);

/** The path's entry, or an error naming the path and the nearest known one. */
export function explorablePath(path: string): ExplorablePath {
  const e = EXPLORABLE[path];
  if (e) return e;
  const near = [...EXPLORABLE_PATHS].sort((a, b) => distance(path, a) - distance(path, b)).slice(0, 3);
  throw new ExplorePathError(path, `cannot be varied (did you mean ${near.join(', ')}?); the explorable paths are listed in docs/explore.md`);
}

/** Edit distance (Levenshtein), for did-you-mean. */
export function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** A copy of the Simulation in which only the objects of one group are new (the setters of that group write there). */
export function cloneGroup(sim: Simulation, group: PathGroup): Simulation {
  const m = sim.mapping, c = m.chip;
  if (group === 'core') {
    const core = c.core;
    return { ...sim, mapping: { ...m, chip: { ...c, core: {
      ...core, technology: { ...core.technology }, dlzs: { ...core.dlzs }, sads: { ...core.sads }, kvgen: { ...core.kvgen },
      sufa: { ...core.sufa }, sram: { ...core.sram } } } } };
  }
  if (group === 'work') {
    const w = m.workload;
    return { ...sim, mapping: { ...m, workload: { ...w, predictor: { ...w.predictor }, data: { ...w.data } }, tiling: { ...m.tiling } } };
  }
  return cloneSimulation(sim);
}

/** A copy of the Simulation deep enough that every setter writes into objects of its own (spans are shared). */
export function cloneSimulation(sim: Simulation): Simulation {
  const m = sim.mapping, c = m.chip, core = c.core, w = m.workload;
  return {
    ...sim, baselines: [...sim.baselines],
    mapping: {
      ...m,
      workload: { ...w, predictor: { ...w.predictor }, data: { ...w.data } },
      tiling: { ...m.tiling },
      partition: { ...m.partition },
      chip: {
        ...c, noc: { ...c.noc }, dram: { ...c.dram, attach: Array.isArray(c.dram.attach) ? c.dram.attach.map(p => [p[0], p[1]] as [number, number]) : c.dram.attach },
        core: {
          ...core, technology: { ...core.technology }, dlzs: { ...core.dlzs }, sads: { ...core.sads }, kvgen: { ...core.kvgen },
          sufa: { ...core.sufa }, sram: { ...core.sram },
        },
      },
    },
  };
}
