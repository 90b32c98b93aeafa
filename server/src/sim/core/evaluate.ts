// Per-core evaluation: one STAR core running its share of the attention workload. Analytic, one closed form per
// tile class (a KV tile of one query block is the same as every other, on average, because SADS keeps the same
// number of keys per sub-segment), so a design evaluates in microseconds. The spatial model calls evaluateCore for
// every core of a mesh: keep this signature stable.
import { ahatTileBytes } from '../../model/tiling.js';
import type { Core, Predictor } from '../../model/design.js';
import type { FunctionalStats } from '../functional/stats.js';
import { MODULES, UNITS, moduleCosts, techScale, type ModuleName, type UnitName } from './components.js';

export type Engine = 'dlzs' | 'sads' | 'kvgen' | 'sufa';
export const ENGINES: Engine[] = ['dlzs', 'sads', 'kvgen', 'sufa'];

/** true = the STAR technique is used; false = its conventional replacement. */
export interface Ablation {
  dlzs: boolean;        // false: multiply-based 4-bit prediction on an array of the same area
  sads: boolean;        // false: global top-k sort of the whole row (A^ row buffered, through DRAM when it does not fit)
  sufa: boolean;        // false: FlashAttention-2 online softmax (a max pass per tile before its exps, rescale on a rise)
  rass: boolean;        // false: KV rows fetched in row order, no reuse inside a query block
  crossStage: boolean;  // false: stage-isolated (A^ and top-k indices through DRAM, stages run one after another)
}
export const STAR_ABLATION: Ablation = { dlzs: true, sads: true, sufa: true, rass: true, crossStage: true };

/** The share of the workload one core runs. Every head of every layer and batch element is the same problem. */
export interface CoreWork {
  heads: number;        // heads this core runs, per layer
  layers: number;
  batch: number;
  queryRows: number;    // T rows of this core's share
  kvRows: number;       // S keys each query attends over (this core's KV range)
  headDim: number;      // d
  modelDim: number;     // H = heads x d of the model: K prediction and KV generation from tokens cost H x d per row
  queryBlock: number;   // queries processed together
  bc: number;           // KV tile = SADS sub-segment
  topK: number;         // fraction of keys kept per row
  predictor: Predictor;
}

/**
 * Where K and V come from. 'dram': the attention part as the paper (and the GPU baseline) measure it: Q, K, V made
 * by the model's linear layers and read from DRAM. 'network': the same rows arrive over the mesh (spatial mapping).
 * 'tokens': STAR's on-demand generation from the 8-bit tokens X (K^ = X W_k predicted by DLZS, selected K and V
 * rows generated exactly by the KV-generation engine).
 */
export type KvSource = 'dram' | 'network' | 'tokens';

export interface CoreContext {
  stages: 'pipelined' | 'isolated';
  dramBandwidthBps: number;      // this core's share of DRAM bandwidth
  kvSource: KvSource;
  nocBandwidthBps?: number;      // ingress bandwidth for KV arriving over the network (kvSource 'network')
  ablation?: Partial<Ablation>;
  /** Dense attention on the same hardware (no prediction, no sort, every key): the breakdown's reference. */
  dense?: boolean;
}

export interface CoreEval {
  cycles: number;
  seconds: number;
  busyCycles: Record<Engine, number>;
  utilization: Record<Engine, number>;
  memoryCycles: number;          // cycles the DRAM (or network) interface is transferring
  stallCycles: number;           // cycles the busiest unit waits (pipeline fill, memory, stage isolation)
  bytes: { dram: number; dramRead: number; dramWrite: number; sram: number; noc: number };
  ops: { shiftAdds: number; lowbitMacs: number; sortRounds: number; clips: number; kvgenMacs: number;
         sufaMacs: number; exps: number; divides: number };
  energyJ: Record<string, number>; // per component: dlzs, sads, kvgen, sufa, sram, scheduler, io, dram, noc
  coreEnergyJ: number;
  bottleneck: string;            // 'dlzs' | 'sads' | 'kvgen' | 'sufa' | 'dram' | 'noc'
  denseOps: number;              // dense-equivalent work: 4 T S d per head (Q K^T and S V, 2 ops per MAC)
  keptFraction: number;
  tiles: number;                 // KV tiles processed (query blocks x Tc x heads x layers x batch)
  perTileCycles: Record<Engine | 'memory', number>;
}

// Conventional 4-bit multiplier PE for the ablation of DLZS: ~3x the shift-add PE in area and energy
// (Horowitz: an 8-bit multiply costs ~7x an 8-bit add; a 4-bit operand halves the partial products).
const LOWBIT_AREA_RATIO = 3;
const LOWBIT_ENERGY_RATIO = 3;
// A 16-input bitonic network has 10 compare stages; two stages fit a 1 GHz cycle, so a dependent round takes 5.
function sortRoundCycles(inputs: number): number {
  const l = Math.log2(Math.max(2, inputs));
  return Math.max(1, Math.ceil((l * (l + 1)) / 2 / 2));
}

function pos(x: number): number { return Number.isFinite(x) && x > 0 ? x : 0; }

// Per-core constants (module leakage, energy scale, area) computed once per Core object: sweeps reuse cores. Kept
// for the last few cores, found by identity: a sweep or an exploration evaluates one core many times in a row, then
// moves on for good; a WeakMap made an insertion per new core cost more than the constants themselves (GC).
interface CoreConsts { ghz: number; es: number; leakMw: Record<ModuleName, number>; j: Record<UnitName, number>; areaMm2: number; sortRoundCycles: number }
const RECENT_CORES = 8;
const recentCores: Array<Core | undefined> = new Array(RECENT_CORES).fill(undefined);
const recentConsts: Array<CoreConsts | undefined> = new Array(RECENT_CORES).fill(undefined);
let recentNext = 0;
function constsOf(core: Core): CoreConsts {
  for (let k = 0; k < RECENT_CORES; k++) if (recentCores[k] === core) return recentConsts[k]!;
  const c = newConsts(core);
  recentCores[recentNext] = core; recentConsts[recentNext] = c;
  recentNext = (recentNext + 1) % RECENT_CORES;
  return c;
}
function newConsts(core: Core): CoreConsts {
  const ts = techScale(core.technology);
  const m = moduleCosts(core);
  // Joules per operation at this core's technology (off-chip rows are not scaled: see energyJ below).
  return { ghz: ts.frequencyGHz, es: ts.energy, j: joulesPerOp(ts.energy), areaMm2: MODULES.reduce((a, k) => a + m[k].areaMm2, 0),
    sortRoundCycles: sortRoundCycles(core.sads.inputs),
    leakMw: { dlzs: m.dlzs.leakMw, sads: m.sads.leakMw, kvgen: m.kvgen.leakMw, sufa: m.sufa.leakMw, sram: m.sram.leakMw, scheduler: m.scheduler.leakMw } };
}
// Joules per operation depend on the energy scale alone, which a sweep rarely varies: the last table is reused.
let lastEs = NaN, lastJ: Record<UnitName, number> | undefined;
function joulesPerOp(es: number): Record<UnitName, number> {
  if (es !== lastEs || !lastJ) {
    const j = {} as Record<UnitName, number>;
    for (const u of Object.keys(UNITS) as UnitName[]) j[u] = UNITS[u].energyPj * 1e-12 * es;
    lastEs = es; lastJ = j;
  }
  return lastJ;
}
// Off-chip energies per byte, read once here (not through the module's export on every evaluation).
const IO_PJ_PER_BYTE = UNITS.ioPerByte.energyPj, DRAM_PJ_PER_BYTE = UNITS.dramPerByte.energyPj;
/** The core's area, the sum of its modules' (as resultFromEval adds them), from the constants cached per core. */
export function cachedCoreAreaMm2(core: Core): number { return constsOf(core).areaMm2; }

/** Whether an ablation leaves a technique on: as `{ ...STAR_ABLATION, ...ablation }` reads it, without the copy. */
function techniqueOn(a: Partial<Ablation> | undefined, k: keyof Ablation): boolean {
  return a == null || !Object.prototype.hasOwnProperty.call(a, k) || !!a[k];
}

// The records of a CoreEval are made by constructors (prototype Object.prototype, so plain records like literals)
// for hidden classes of their own: a literal { dlzs, sads, ... } shares V8's with moduleCosts' records, whose fields
// hold objects, and then every number written into it was boxed anew (~200 bytes per evaluation).
type Ctor<T> = new () => T;
function plain<T>(f: (this: T) => void): Ctor<T> {
  (f as unknown as { prototype: object }).prototype = Object.prototype;
  return f as unknown as Ctor<T>;
}
const EngineNumbers = plain<Record<Engine, number>>(function () { this.dlzs = 0; this.sads = 0; this.kvgen = 0; this.sufa = 0; });
const ByteNumbers = plain<CoreEval['bytes']>(function () { this.dram = 0; this.dramRead = 0; this.dramWrite = 0; this.sram = 0; this.noc = 0; });
const OpNumbers = plain<CoreEval['ops']>(function () {
  this.shiftAdds = 0; this.lowbitMacs = 0; this.sortRounds = 0; this.clips = 0; this.kvgenMacs = 0; this.sufaMacs = 0; this.exps = 0; this.divides = 0;
});
const EnergyNumbers = plain<Record<string, number>>(function () {
  this.dlzs = 0; this.sads = 0; this.kvgen = 0; this.sufa = 0; this.sram = 0; this.scheduler = 0; this.io = 0; this.dram = 0; this.noc = 0;
});
const TileNumbers = plain<Record<Engine | 'memory', number>>(function () { this.dlzs = 0; this.sads = 0; this.kvgen = 0; this.sufa = 0; this.memory = 0; });

/** A CoreEval with every field in place: evaluateCore(..., into) overwrites them all (the explorer reuses one). */
export function newCoreEval(): CoreEval {
  return {
    cycles: 0, seconds: 0, busyCycles: new EngineNumbers(), utilization: new EngineNumbers(), memoryCycles: 0, stallCycles: 0,
    bytes: new ByteNumbers(), ops: new OpNumbers(), energyJ: new EnergyNumbers(), coreEnergyJ: 0, bottleneck: 'sufa', denseOps: 0,
    keptFraction: 0, tiles: 0, perTileCycles: new TileNumbers(),
  };
}

// One function on purpose (~250 lines, read by its '----' sections): it is the hot path of design-space sweeps.
// Split into phases (ablation, tile shape, engine cycles, memory per tile, composition, totals) it gave the same
// results but swept ~7% slower (CPU-time sweep of bench/core.bench.ts, quiet runs: ~1.41 M vs ~1.51 M evaluations/s,
// Node 20), because V8 does not inline phases this large and each call then allocates their records.
// `into`: the CoreEval to overwrite (the explorer passes one for a whole run: no allocation per point); by default a
// new one, so every other caller keeps its own. Both ways run this one body: the explorer's numbers are simulate's.
export function evaluateCore(core: Core, work: CoreWork, stats: FunctionalStats, ctx: CoreContext, into?: CoreEval): CoreEval {
  // The techniques in use (as Ablation's fields), in locals: an object here cost an allocation per call.
  const abl = ctx.ablation;
  const dense = ctx.dense === true;
  const abDlzs = core.dlzs.enabled && techniqueOn(abl, 'dlzs');
  const abSads = core.sads.enabled && techniqueOn(abl, 'sads');
  const abSufa = core.sufa.enabled && techniqueOn(abl, 'sufa') && !dense;   // SU-FA hardware in any order; off = FA-2
  const abRass = !!core.rass && techniqueOn(abl, 'rass') && !dense;
  const abCross = ctx.stages !== 'isolated' && techniqueOn(abl, 'crossStage');

  const cc = constsOf(core);
  const ghz = cc.ghz;
  const d = Math.max(1, work.headDim);
  const S = Math.max(1, work.kvRows);
  const T = Math.max(1, work.queryRows);
  const B = Math.max(1, Math.min(work.queryBlock, T));
  const bc = Math.max(1, Math.min(work.bc, S));
  const tc = Math.ceil(S / bc);
  const blocks = Math.ceil(T / B);
  const units = Math.max(0, work.heads) * Math.max(0, work.layers) * Math.max(0, work.batch);
  const topK = Math.min(1, Math.max(1 / S, work.topK));

  // Kept keys per row in one tile. SADS keeps ceil(k Bc) per sub-segment (measured keptFraction); a global
  // top-k keeps k S per row.
  const keptFraction = dense ? 1 : abSads ? Math.min(1, pos(stats.keptFraction) || Math.ceil(topK * bc) / bc) : topK;
  const keptPerTile = keptFraction * bc;                       // per row
  const pairsTile = B * keptPerTile;
  // Unique KV rows a block needs from a tile: RASS issues each shared row once.
  const uniqueFrac = Math.min(1, Math.max(1 / B, pos(stats.rassUniqueFraction) || 1));
  const reuseLoss = abRass ? 1 : Math.max(1, pos(stats.rassFetchWithout) / Math.max(1e-9, pos(stats.rassFetchWith) || 1));
  const kvRowsTile = dense ? bc : Math.min(abRass ? bc : Infinity, uniqueFrac * pairsTile * reuseLoss);

  // ---- DLZS: A^ = Q K^T by shift-add; K^ = X W_k as well when K comes from tokens.
  // The prediction engine: DLZS and symmetric LZ run on shift-add PEs (a 16-bit adder splits into two lanes when
  // K^ has 8 bits or less: the 8/16-bit mode); multiply-based prediction ('lowbit', the DLZS ablation) and exact
  // scores get the multipliers that fit the same area, a b-bit multiplier costing 3 (b / 4)^2 shift-add PEs.
  const kind = abDlzs ? work.predictor.kind : 'lowbit';
  const mulBits = kind === 'exact' ? 16 : kind === 'lowbit' ? (abDlzs ? Math.max(2, work.predictor.keyBits) : 4) : 0;
  const mulRatio = mulBits ? LOWBIT_AREA_RATIO * (mulBits / 4) ** 2 : 1;
  const lanes = !mulBits && work.predictor.keyBits <= 8 ? 2 : 1;
  const dlzsPes = core.dlzs.rows * core.dlzs.cols * lanes;
  const predPes = mulBits ? Math.max(1, Math.floor(dlzsPes / mulRatio)) : dlzsPes;
  const scoreOpsTile = B * bc * d;
  const kPredOpsTile = ctx.kvSource === 'tokens' ? bc * work.modelDim * d / blocks : 0;   // K^ once per head
  const predOpsTile = scoreOpsTile + kPredOpsTile;
  const tDlzs = dense ? 0 : predOpsTile / predPes;

  // ---- SADS: each sorter takes a row; a round is 12 new + 4 kept inputs; sphere search skips candidates.
  const rowsPerSorter = Math.ceil(B / Math.max(1, core.sads.sorters));
  const roundCycles = cc.sortRoundCycles;
  const fresh = Math.max(1, core.sads.inputs - core.sads.outputs);
  const outs = Math.max(1, core.sads.outputs);
  let roundsPerRowTile: number;
  if (abSads) {
    roundsPerRowTile = pos(stats.sadsRoundsPerSegment) ||
      Math.ceil(Math.max(1, keptPerTile) / outs) * Math.ceil(Math.max(0, bc - core.sads.outputs) / fresh);
  } else {
    // Global sort: the whole row streams through the sorter once per 4 outputs; only after the row is predicted.
    const kRow = Math.max(1, topK * S);
    roundsPerRowTile = Math.ceil(Math.max(1, kRow) / outs) * Math.ceil(Math.max(0, S - core.sads.outputs) / fresh) / tc;
  }
  const tSads = dense ? 0 : rowsPerSorter * roundsPerRowTile * roundCycles;

  // ---- KV generation from tokens (only for kvSource 'tokens'): 2 H d MACs per generated row (K and V).
  const kvgenPes = core.kvgen.rows * core.kvgen.cols;
  const kvgenMacsTile = ctx.kvSource === 'tokens' ? kvRowsTile * 2 * work.modelDim * d : 0;
  const tKvgen = kvgenMacsTile / kvgenPes;

  // ---- SU-FA engine: a Q K^T and an S V array of rows x cols PEs side by side, and one exp unit per query row
  // whose input subtractor is also its comparator. A kept key costs d MACs on each array (d / cols cycles on a row's
  // PEs) but one cycle on the exp unit, so the arrays set the pace; the online softmax shows where its work lands.
  // Every rise of a row's running max rescales l and the row's d output accumulators by exp(m_old - m_new):
  // d + 1 multiplies on the S V array and one exp. Rises per row tile are measured (functional/softmax.ts).
  // SU-FA: a tile's first key is taken as its max, so exps stream as the scores leave the Q K^T array; rises =
  // tile-boundary syncs + in-tile rises of the core's order (descending: mispredicts only). FA-2 (sufa off): the
  // tile's exps wait for its max pass (n compares through the exp unit), then one rescale if the tile max rose.
  const sufaPes = core.sufa.rows * core.sufa.cols;
  const expUnits = Math.max(1, core.sufa.expUnits);
  const hTc = Math.log(tc) + 0.5772 + 1 / (2 * tc);             // H(Tc), for stats without a measurement
  const sm = stats.softmax;
  const tileRises = sm ? pos(sm.tileRisesPerRowTile) : Math.max(0, hTc - 1) / tc;
  let rises: number, frontOps: number;
  if (abSufa) {
    const order = core.sufa.order;
    const ev = sm?.orders?.[order];
    rises = ev ? pos(ev.boundaryRisesPerRowTile) + pos(ev.inTileRisesPerRowTile)
      : order === 'descending' ? tileRises * (1 + pos(stats.maxMispredictPerRowTile))
      : order === 'ascending' ? (Math.max(0, keptPerTile - 1) + keptPerTile * Math.max(0, hTc - 1)) / tc
      : Math.max(0, Math.log(Math.max(1, keptPerTile * tc)) + 0.5772 - 1) / tc;
    frontOps = keptPerTile + rises;      // an exp per key and per rescale; the run-time check is the sign of s - m
  } else {
    rises = tileRises;
    frontOps = 2 * keptPerTile + rises;  // the max pass, then the exps, then the factor
  }
  const macCycles = (pairsTile * d) / sufaPes;                  // each array: Q K^T dot products, P V sums
  const rescaleMacs = B * rises * (d + 1);
  const frontCycles = (B * frontOps) / expUnits;
  const tSufa = Math.max(macCycles + rescaleMacs / sufaPes, frontCycles);
  const maxPassCompares = abSufa ? 0 : pairsTile;
  const expsTile = pairsTile + B * rises;
  // Block end: one reciprocal per row on the dividers, d multiplies per row on the S V array; FA-2's first tile of a
  // block also waits for its max pass (later tiles hide it behind the previous tile's P V sums).
  const tBlockEnd = B / Math.max(1, core.sufa.divUnits) + (B * d) / sufaPes + (abSufa ? 0 : (B * keptPerTile) / expUnits);

  // ---- Memory traffic (bytes).
  const qBytes = 2, oBytes = 2, kvBytes = core.sufa.bits / 8;
  const khatBytes = Math.min(16, work.predictor.keyBits) / 8;
  // K is written by the linear layer as a high and a low byte plane when K^ is narrower than K (see below).
  const planes = khatBytes < kvBytes;
  // A head's working set: every key's K^ (or K) plus the selected rows' K low plane and V. The head's union is at
  // most the blocks' unions added up (no overlap assumed: an upper bound); without reuse, all of K and V.
  const headUnion = Math.min(1, (kvRowsTile / bc) * blocks);
  const headKvBytes = S * d * ((planes ? khatBytes : kvBytes) + headUnion * ((planes ? kvBytes - khatBytes : 0) + kvBytes));
  // Later blocks of a head reuse the part of K and V that the token SRAM holds; the rest is fetched again.
  const residentShare = Math.min(1, core.sram.tokenBytes / Math.max(1, headKvBytes));
  const kTileFits = bc * d * kvBytes <= core.sram.tempBytes;  // the K tile stays for the exact scores
  let dramReadTile = 0, dramWriteTile = 0;
  const reread = (1 + (blocks - 1) * (1 - residentShare)) / blocks;
  if (ctx.kvSource === 'tokens') {
    // tokens X (8-bit) for the tile once per head; W_k (LZ) and W_v (16-bit) head slices per block if they do not fit.
    const wBytes = work.modelDim * d * (work.predictor.weightLzBits + core.kvgen.bits * 2) / 8;
    const wPerTile = wBytes <= core.sram.weightBytes ? wBytes / (blocks * tc) : wBytes / tc;
    dramReadTile += (bc * work.modelDim * work.predictor.tokenBits / 8) * reread + wPerTile;
  } else {
    // Byte planes (a layout choice at no cost): prediction reads the high plane (K^, K truncated) for every key;
    // the tile stays in the temp buffer, and only the selected rows' low plane is fetched on demand for the exact
    // scores. Selected V rows.
    const kPred = bc * d * (planes ? khatBytes : kvBytes);
    const kept = kTileFits && abCross;
    const kExact = kept ? (planes ? kvRowsTile * d * (kvBytes - khatBytes) : 0) : kvRowsTile * d * kvBytes;
    dramReadTile += (kPred + kExact + kvRowsTile * d * kvBytes) * reread;
  }
  // Stage isolation: the A^ tile and the selected indices go out to DRAM and come back.
  const ahatTile = dense ? 0 : ahatTileBytes(B, bc);
  const idxTile = dense ? 0 : pairsTile * 2;
  const ahatRowFits = B * S * 2 <= core.sram.tempBytes;
  // Cross-stage tiling keeps the A^ tile in the temp buffer; a tile larger than the buffer spills to DRAM.
  const ahatTileFits = ahatTile <= core.sram.tempBytes;
  if (!dense && (!abCross || !ahatTileFits || (!abSads && !ahatRowFits))) {
    dramWriteTile += ahatTile + idxTile;
    dramReadTile += ahatTile + idxTile;
  }
  const qoPerTile = (B * d * (qBytes + oBytes)) / tc;
  const dramTile = dramReadTile + dramWriteTile + qoPerTile;
  const network = ctx.kvSource === 'network';
  const kvNetTile = network ? dramReadTile : 0;
  const bwBytesPerCycle = Math.max(1e-9, ctx.dramBandwidthBps / (ghz * 1e9));
  const nocBytesPerCycle = Math.max(1e-9, (ctx.nocBandwidthBps ?? ctx.dramBandwidthBps) / (ghz * 1e9));
  const tMem = Math.max((dramTile - kvNetTile) / bwBytesPerCycle, kvNetTile / nocBytesPerCycle);

  // ---- Composition.
  const tiles = blocks * tc;
  let cyclesUnit: number;
  if (dense) {
    // Dense FlashAttention-2 on the SU-FA arrays, tiles streamed from DRAM (double-buffered).
    cyclesUnit = blocks * (tc * Math.max(tSufa, tMem) + tBlockEnd);
  } else if (abCross && abSads) {
    // Cross-stage pipeline over tiles: the tiled out-of-order controller starts the next block's prediction while
    // SU-FA drains, so the pipeline fills once per head; then the slowest stage (memory included,
    // double-buffered) sets the pace. The block end (division, output) runs on SU-FA.
    const beat = Math.max(Math.max(Math.max(tDlzs, tSads), Math.max(tKvgen, tSufa)), tMem);
    const fill = tDlzs + tSads + tKvgen;
    cyclesUnit = fill + blocks * (tc * beat + tBlockEnd);
  } else if (abCross) {
    // Global sort: prediction of the whole row first, then sort, then generation and SU-FA pipelined.
    const beat = Math.max(tKvgen, tSufa, tMem);
    cyclesUnit = blocks * (tc * Math.max(tDlzs, tMem) + tc * tSads + tc * beat + tBlockEnd);
  } else {
    // Stage-isolated: each stage runs over all tiles of the block and hands its output through DRAM.
    const memPerStage = tMem;   // each stage waits for its own operands
    cyclesUnit = blocks * tc * (Math.max(tDlzs, memPerStage / 2) + tSads + Math.max(tKvgen + tSufa, memPerStage / 2)) + blocks * tBlockEnd;
  }
  const cycles = pos(cyclesUnit * units);
  const seconds = cycles / (ghz * 1e9);

  const busyDlzs = pos(tDlzs * tiles * units), busySads = pos(tSads * tiles * units), busyKvgen = pos(tKvgen * tiles * units);
  const busySufa = pos((tSufa * tiles + tBlockEnd * blocks) * units);
  const memoryCycles = pos(tMem * tiles * units);
  const busiest = Math.max(Math.max(busyDlzs, busySads), Math.max(busyKvgen, busySufa));
  // the first engine of ENGINES with the most busy cycles (SU-FA on a tie with none busier)
  let bottleneck = 'sufa', top = busySufa;
  if (busyDlzs > top) { bottleneck = 'dlzs'; top = busyDlzs; }
  if (busySads > top) { bottleneck = 'sads'; top = busySads; }
  if (busyKvgen > top) { bottleneck = 'kvgen'; top = busyKvgen; }
  if (memoryCycles > busiest) bottleneck = network && kvNetTile / nocBytesPerCycle > (dramTile - kvNetTile) / bwBytesPerCycle ? 'noc' : 'dram';

  // ---- Operation counts and bytes over the whole share.
  const n = tiles * units;
  const shiftAdds = !mulBits && !dense ? predOpsTile * n : 0;
  const lowbitMacs = mulBits && !dense ? predOpsTile * n : 0;
  const sortRounds = dense ? 0 : B * roundsPerRowTile * n;
  const clips = abSads && !dense ? B * bc * n : 0;
  const kvgenMacs = kvgenMacsTile * n;
  const sufaMacs = (2 * pairsTile * d + rescaleMacs) * n + B * d * blocks * units;
  const exps = expsTile * n;
  const divides = B * blocks * units;
  const dramBytes = (dramTile - kvNetTile) * n;
  const dramRead = (dramReadTile - kvNetTile + (B * d * qBytes) / tc) * n;
  const dramWrite = dramBytes - dramRead;
  const nocBytes = kvNetTile * n;
  // SRAM: every DRAM byte is written once and read once; A^ and indices pass the temp buffer; K and V rows feed
  // the SU-FA arrays (the output-stationary arrays keep l and o in their PEs).
  const sramTile = 2 * dramTile + 2 * ahatTile + 2 * idxTile + 2 * kvRowsTile * d * kvBytes;
  const sramBytes = sramTile * n;

  // ---- Energy (J): dynamic per operation + leakage over the run.
  const J = cc.j;
  const lk = cc.leakMw;
  const ls = 1e-3 * seconds;
  const eDlzs = pos((shiftAdds) * J.shiftAddPe + (lowbitMacs * LOWBIT_ENERGY_RATIO * (mulBits / 4) ** 2) * J.shiftAddPe +
      ((dense || mulBits ? 0 : kind === 'symmetric' ? 2 : 1) * (B * d + (ctx.kvSource === 'tokens' ? bc * work.modelDim / blocks : 0)) * n / Math.max(1, tc)) * J.lzEncoder +
      ((ahatTile / 1024) * n) * J.bufferPerKb + lk.dlzs * ls);
  const eSads = pos((sortRounds) * J.sortCore + (clips) * J.clipUnit + lk.sads * ls);
  const eKvgen = pos((kvgenMacs * (core.kvgen.bits / 16) ** 2) * J.pe16 + lk.kvgen * ls);
  const eSufa = pos((sufaMacs * (core.sufa.bits / 16) ** 2) * J.pe16 + (exps) * J.expUnit + (divides) * J.divider +
      (maxPassCompares * n) * J.clipUnit + lk.sufa * ls);
  const eSram = pos((sramBytes) * J.sramPerByte + lk.sram * ls);
  const eScheduler = pos((cycles) * J.scheduler + lk.scheduler * ls);

  // ---- The result, field by field into `r` (the key order of a new CoreEval: reports list energyJ in it). No helper
  // calls here: V8 stops inlining in a function this long, and a number a call returns is boxed (an allocation).
  const r = into ?? newCoreEval();
  r.cycles = cycles; r.seconds = seconds;
  const bu = r.busyCycles, ut = r.utilization;
  bu.dlzs = busyDlzs; bu.sads = busySads; bu.kvgen = busyKvgen; bu.sufa = busySufa;
  const ran = cycles > 0;
  ut.dlzs = ran ? Math.min(1, busyDlzs / cycles) : 0; ut.sads = ran ? Math.min(1, busySads / cycles) : 0;
  ut.kvgen = ran ? Math.min(1, busyKvgen / cycles) : 0; ut.sufa = ran ? Math.min(1, busySufa / cycles) : 0;
  r.memoryCycles = memoryCycles;
  r.stallCycles = pos(cycles - busiest);
  const by = r.bytes;
  by.dram = pos(dramBytes); by.dramRead = pos(dramRead); by.dramWrite = pos(dramWrite); by.sram = pos(sramBytes); by.noc = pos(nocBytes);
  const op = r.ops;
  op.shiftAdds = pos(shiftAdds); op.lowbitMacs = pos(lowbitMacs); op.sortRounds = pos(sortRounds); op.clips = pos(clips);
  op.kvgenMacs = pos(kvgenMacs); op.sufaMacs = pos(sufaMacs); op.exps = pos(exps); op.divides = pos(divides);
  const e = r.energyJ;
  e.dlzs = eDlzs; e.sads = eSads; e.kvgen = eKvgen; e.sufa = eSufa; e.sram = eSram; e.scheduler = eScheduler;
  e.io = pos((dramBytes) * IO_PJ_PER_BYTE * 1e-12);     // off-chip parts do not scale with the core's node
  e.dram = pos((dramBytes) * DRAM_PJ_PER_BYTE * 1e-12);
  e.noc = 0;
  r.coreEnergyJ = eDlzs + eSads + eKvgen + eSufa + eSram + eScheduler;
  r.bottleneck = bottleneck;
  r.denseOps = pos(4 * T * S * d * units);
  r.keptFraction = keptFraction;
  r.tiles = pos(n);
  const pt = r.perTileCycles;
  pt.dlzs = tDlzs; pt.sads = tSads; pt.kvgen = tKvgen; pt.sufa = tSufa; pt.memory = tMem;
  return r;
}
