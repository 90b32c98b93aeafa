// The design rules of a mapping (tiling, SRAM fit, SADS, PE rows, partitions over the mesh, KV flow), each a small
// named function over one MappingContext, registered in MAPPING_RULES and run in that order (the order diagnostics
// are reported in). A rule that throws is reported as an internal-error and the other rules still run.
import type { TopBlock, Span } from '../ast.js';
import type { Workload, Chip, Core, Mapping, Axis } from '../../model/design.js';
import { ahatTileBytes, tileWorkingSet, fitsSram, type TileWorkingSet } from '../../model/tiling.js';
import { bcDividesSeq, dividesOver, sadsKeepsKey } from '../../model/rules.js';
import { formatBytes } from '../units.js';
import { type Diags, replaceFix, fmt, pct } from './diagnostics.js';
import { type BlockReader, headSpan, nameOf } from './blockReader.js';
import { axisSize, axisName, divisors, oneCore } from './axes.js';
import { findFieldSpan } from './workload.js';

export interface PartitionInfo { axis: Axis; span?: Span }
/** The partition statements as written (axis 'none' where absent); `explicit` when any was written. */
export interface Partitions { heads: PartitionInfo; queries: PartitionInfo; kv: PartitionInfo; explicit: boolean; span?: Span }
export type MeshUse = Record<'heads' | 'queries' | 'kv', Axis>;

/** The KV tiling as written and as chosen: S = bc x tc. */
export interface TilingChoice {
  /** bc and tc as written: undefined for auto, NaN for a value already reported as wrong. */
  bcIn?: number; tcIn?: number;
  validBc: boolean; validTc: boolean;
  bcSpan: Span; tcSpan: Span;
  bc: number; tc: number;
  /** The tile a fix proposes: the largest that fits, preferring one whose A^ tile stays on chip. */
  bcFit?: number;
  /** bc = auto found no tile that fits the SRAM. */
  noneFits: boolean;
  ws: TileWorkingSet;
}

/** What every mapping rule reads: the resolved workload and chip, the chosen tiling and the partitions. */
export interface MappingContext {
  d: Diags;
  b: TopBlock;
  r: BlockReader;
  workload: Workload;
  chip: Chip;
  core: Core;
  /** seq_len, the query block (at most query_len) and top_k. */
  S: number; qb: number; k: number;
  tiling: TilingChoice;
  partition: Partitions;
  /** The axis each quantity runs over (the default heads -> rows, queries -> cols on a mesh without partitions). */
  mesh: MeshUse;
  kvFlow: Mapping['kvFlow'];
  /** Every divisor of seq_len, computed once when a rule needs them. */
  sDivisors(): number[];
}

export interface MappingRule { name: string; run: (ctx: MappingContext) => void }

/** Where a fix to the user's tile goes: bc when written, else tc. */
function tileSpan(t: TilingChoice): Span { return t.validBc ? t.bcSpan : t.tcSpan; }

// Tiling: S = bc x tc.
function tilingCoversSequence({ d, S, tiling: t, sDivisors }: MappingContext): void {
  const nearestDivisor = (x: number) => sDivisors().reduce((best, dv) => (Math.abs(dv - x) < Math.abs(best - x) ? dv : best), 1);
  const { bcIn, tcIn, bcSpan, tcSpan } = t;
  if (t.validBc && t.validTc) {
    if (bcIn! * tcIn! !== S) {
      const fixTc = S % bcIn! === 0 ? S / bcIn! : undefined;
      d.error('tiling-mismatch', `bc x tc = ${bcIn} x ${tcIn} = ${bcIn! * tcIn!} but seq_len is ${S} tokens: they must multiply to seq_len${fixTc ? ` (tc = ${fixTc}, or tc = auto)` : ''}`,
        tcSpan, fixTc ? replaceFix(tcSpan, String(fixTc)) : replaceFix(tcSpan, 'auto'));
    }
  } else if (t.validBc) {
    if (!bcDividesSeq(S, bcIn!)) {
      const nd = nearestDivisor(bcIn!);
      d.error('tiling-mismatch', `bc = ${bcIn} does not divide seq_len ${S}: the KV tiles must cover the sequence exactly (e.g. bc = ${nd})`, bcSpan, replaceFix(bcSpan, String(nd)));
    }
  } else if (t.validTc) {
    if (S % tcIn! !== 0) {
      d.error('tiling-mismatch', `tc = ${tcIn} does not divide seq_len ${S}: the KV tiles must cover the sequence exactly (e.g. tc = ${S / nearestDivisor(S / tcIn!)})`, tcSpan);
    }
  }
}

// bc = auto that found nothing: even one key per tile overflows the token SRAM.
function someTileFits({ d, b, workload, core, qb, k, tiling }: MappingContext): void {
  if (!tiling.noneFits) return;
  const ws = tileWorkingSet(1, workload.headDim, qb, k);
  d.error('sram-overflow', `no KV tile fits core '${core.name}': even bc = 1 needs ${formatBytes(ws.tokenBytes)} of token SRAM (query block ${qb} x head_dim ${workload.headDim} x 2 B + K and V tiles) and the core has ${formatBytes(core.sram.tokenBytes)}; use a smaller query_block or a larger sram { token }`, headSpan(b));
}

// SRAM fit of the user's KV tile.
function tileFitsSram({ d, workload, core, S, qb, k, tiling: t }: MappingContext): void {
  const { bc, bcFit, ws, validBc } = t;
  if (!(t.validBc || t.validTc) || fitsSram(ws, core)) return;
  const fixSpan = tileSpan(t);
  const fixText = bcFit ? (validBc ? String(bcFit) : String(S / bcFit)) : undefined;
  const parts: string[] = [];
  if (ws.tokenBytes > core.sram.tokenBytes) {
    parts.push(`${formatBytes(ws.tokenBytes)} of token SRAM (query block ${qb} x head_dim ${workload.headDim} x 2 B + K and V tiles 2 x 2 x ${bc} x ${workload.headDim} x 2 B, double-buffered) but core '${core.name}' has ${formatBytes(core.sram.tokenBytes)}`);
  }
  if (ws.tempBytes > core.sram.tempBytes) {
    parts.push(`${formatBytes(ws.tempBytes)} of temp SRAM (query block ${qb} x (${Math.ceil(k * bc)} kept keys x 4 B + 8 B)) but core '${core.name}' has ${formatBytes(core.sram.tempBytes)}`);
  }
  d.error('sram-overflow', `a KV tile of bc = ${bc} keys needs ${parts.join('; and ')}${bcFit ? `: the largest bc that fits${ahatTileBytes(qb, bcFit) <= core.sram.tempBytes ? ' with its A^ tile on chip' : ''} and divides seq_len ${S} is ${bcFit}` : ''}`,
    fixSpan, fixText ? replaceFix(fixSpan, fixText, validBc ? `Use bc = ${bcFit}` : `Use tc = ${fixText} (bc = ${bcFit})`) : undefined);
}

// Cross-stage tiling: the A^ tile waits in the temp SRAM for SADS; a larger one goes through DRAM (legal, but more
// DRAM traffic and energy).
function ahatTileOnChip({ d, core, S, qb, tiling: t }: MappingContext): void {
  const { bc, bcFit, validBc } = t;
  if (!(t.validBc || t.validTc) || !fitsSram(t.ws, core) || ahatTileBytes(qb, bc) <= core.sram.tempBytes) return;
  const fixSpan = tileSpan(t);
  const onChip = bcFit !== undefined && ahatTileBytes(qb, bcFit) <= core.sram.tempBytes ? bcFit : undefined;
  const fixText = onChip ? (validBc ? String(onChip) : String(S / onChip)) : undefined;
  d.warning('ahat-spill', `the A^ tile of bc = ${bc} keys (query block ${qb} x ${bc} scores x 2 B = ${formatBytes(ahatTileBytes(qb, bc))}) does not fit core '${core.name}' temp SRAM of ${formatBytes(core.sram.tempBytes)}: A^ and the top-k indices then go through DRAM between the stages, as without cross-stage tiling${onChip ? `; bc = ${onChip} keeps them on chip` : ''}`,
    fixSpan, fixText ? replaceFix(fixSpan, fixText, validBc ? `Use bc = ${onChip}` : `Use tc = ${fixText} (bc = ${onChip})`) : undefined);
}

// SADS keeps top-(k x bc) keys of each tile: fewer than one is nothing.
function sadsKeepsKeys({ d, b, workload, core, S, qb, k, tiling: t, sDivisors }: MappingContext): void {
  const { bc, validBc } = t;
  if (sadsKeepsKey(k, bc)) return;
  const userTile = t.validBc || t.validTc;
  const need = Math.ceil(1 / k);
  // The smallest tile that keeps a key, preferring one that fits the SRAM and fills whole sort rounds.
  const keeps = sDivisors().filter(x => x >= need);
  const fitsAt = (x: number) => fitsSram(tileWorkingSet(x, workload.headDim, qb, k), core);
  const fix = keeps.find(x => fitsAt(x) && x % core.sads.inputs === 0) ?? keeps.find(fitsAt) ?? keeps[0];
  d.error('sads-empty-tile', `a KV tile of ${bc} key${bc === 1 ? '' : 's'} at top_k ${pct(k)} keeps ${fmt(k * bc)} keys per SADS sub-segment, so SADS keeps none: use bc of at least ${need} or a larger top_k`,
    userTile ? tileSpan(t) : headSpan(b),
    fix && userTile ? replaceFix(tileSpan(t), validBc ? String(fix) : String(S / fix)) : undefined);
}

function tileFillsSortRounds({ d, b, core, tiling: t }: MappingContext): void {
  if (!core.sads.enabled || t.bc % core.sads.inputs === 0) return;
  d.warning('odd-tile', `bc = ${t.bc} is not a multiple of the SADS sort width ${core.sads.inputs}: the last sort round of every tile runs part-empty`,
    t.validBc || t.validTc ? tileSpan(t) : headSpan(b));
}

// Query blocks against the PE array.
function queryBlockMatchesPeRows({ d, b, workload, core, qb }: MappingContext): void {
  const qbSpan = findFieldSpan(workload, 'query_block') ?? headSpan(b);
  if (qb !== core.sufa.rows) {
    const what = qb < workload.queryBlock ? `query_len ${workload.queryLen} (shorter than query_block ${workload.queryBlock})` : `query_block ${qb}`;
    d.warning('odd-query-block', `${what} does not match the ${core.sufa.rows} PE rows of core '${core.name}': ${qb < core.sufa.rows ? `${core.sufa.rows - qb} rows stay idle` : 'each block takes several passes'}`, qbSpan);
  } else if (workload.queryLen % qb !== 0) {
    d.warning('odd-query-block', `query_len ${workload.queryLen} is not a multiple of query_block ${qb}: the last block is partial`, qbSpan);
  }
}

// Partitions over the mesh: each quantity divides evenly over its axis.
function partitionsDivide({ d, b, workload, chip, S, qb, tiling, partition, mesh }: MappingContext): void {
  if (oneCore(chip)) return;
  const queryBlocks = Math.ceil(workload.queryLen / qb);
  const checks: Array<[keyof MeshUse, number, string]> = [
    ['heads', workload.heads, `${workload.heads} heads`],
    ['queries', queryBlocks, `${queryBlocks} query blocks (query_len ${workload.queryLen} / query_block ${qb})`],
    ['kv', tiling.tc, `${tiling.tc} KV tiles (seq_len ${S} / bc ${tiling.bc})`],
  ];
  for (const [what, count, desc] of checks) {
    const axis = mesh[what];
    const n = axisSize(axis, chip);
    if (!dividesOver(count, n)) {
      const span = partition[what].span ?? headSpan(b);
      const fitting = divisors(count).filter(x => x <= 64);
      d.error('partition-indivisible', `${desc} do not divide over ${axisName(axis)} (${n} cores): use an axis of ${fitting.slice(-6).join(', ')} cores, or partition ${what} differently`, span);
    }
  }
}

// A mesh axis nothing is partitioned over repeats the same work on each of its cores.
function meshAxesUsed({ d, b, chip, mesh }: MappingContext): void {
  if (oneCore(chip)) return;
  const used = (['heads', 'queries', 'kv'] as const).map(w => mesh[w]);
  const coversRows = used.includes('rows') || used.includes('all');
  const coversCols = used.includes('cols') || used.includes('all');
  if ((!coversRows && chip.rows > 1) || (!coversCols && chip.cols > 1)) {
    const idle = !coversRows && chip.rows > 1 ? 'mesh.rows' : 'mesh.cols';
    d.warning('idle-cores', `nothing is partitioned over ${idle}: the cores along it repeat the same work; partition heads, queries or kv over ${idle}`, headSpan(b));
  }
}

// KV ring: circulates along the kv axis, or along the queries axis (cores with the same heads, other queries).
function ringHasTwoCores({ d, b, r, chip, mesh, kvFlow }: MappingContext): void {
  if (kvFlow !== 'ring') return;
  const flowSpan = r.valueSpan('kv_flow', headSpan(b));
  const ringAxis = mesh.kv !== 'none' ? mesh.kv : mesh.queries;
  const n = chip.singleCore ? 1 : axisSize(ringAxis, chip);
  if (n <= 1) {
    d.error('ring-one-wide', `kv_flow = ring needs a ring of at least 2 cores, but ${chip.singleCore ? `the mapping runs on the single core '${chip.name}'` : `${axisName(ringAxis)} is ${n} core wide`}: the ring runs along the kv partition (or the queries partition); use kv_flow = own or partition over a wider axis`,
      flowSpan, replaceFix(flowSpan, 'own', 'Use kv_flow = own'));
  }
}

// Bandwidth a link needs to deliver one KV tile per tile of compute on a core (estimate, docs/language.md).
function linksCarryKv({ d, b, r, workload, chip, core, qb, k, tiling: { bc }, kvFlow }: MappingContext): void {
  if ((kvFlow !== 'ring' && kvFlow !== 'multicast') || chip.singleCore) return;
  const f = core.technology.frequencyHz;
  const kvTileBytes = 2 * bc * workload.headDim * 2;
  const predictCycles = (qb * bc * workload.headDim) / (core.dlzs.rows * core.dlzs.cols);
  const sufaCycles = (2 * qb * Math.max(1, k * bc) * workload.headDim) / (core.sufa.rows * core.sufa.cols);
  const tileSeconds = Math.max(predictCycles, sufaCycles) / f;
  const need = kvTileBytes / tileSeconds;
  if (need > chip.noc.linkBandwidthBps) {
    const span = r.field('kv_flow')?.value?.span ?? headSpan(b);
    d.warning('link-bandwidth-low', `kv_flow = ${kvFlow} moves a ${formatBytes(kvTileBytes)} KV tile per ${fmt(tileSeconds * 1e6)} us of compute on each core: about ${fmt(need / 1e9)} GB/s per link, but chip '${chip.name}' links give ${fmt(chip.noc.linkBandwidthBps / 1e9)} GB/s: estimated slowdown ${fmt(need / chip.noc.linkBandwidthBps)}x`, span);
  }
}

/** Every mapping rule, in the order their diagnostics are reported. Names are spelled out so they survive minifying. */
export const MAPPING_RULES: readonly MappingRule[] = [
  { name: 'tilingCoversSequence', run: tilingCoversSequence },
  { name: 'someTileFits', run: someTileFits },
  { name: 'tileFitsSram', run: tileFitsSram },
  { name: 'ahatTileOnChip', run: ahatTileOnChip },
  { name: 'sadsKeepsKeys', run: sadsKeepsKeys },
  { name: 'tileFillsSortRounds', run: tileFillsSortRounds },
  { name: 'queryBlockMatchesPeRows', run: queryBlockMatchesPeRows },
  { name: 'partitionsDivide', run: partitionsDivide },
  { name: 'meshAxesUsed', run: meshAxesUsed },
  { name: 'ringHasTwoCores', run: ringHasTwoCores },
  { name: 'linksCarryKv', run: linksCarryKv },
];

/** Runs each rule; one that throws becomes an internal-error on the mapping's name and the others still run. */
export function runMappingRules(ctx: MappingContext, rules: readonly MappingRule[] = MAPPING_RULES): void {
  for (const rule of rules) {
    try {
      rule.run(ctx);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      ctx.d.error('internal-error', `the checker's rule '${rule.name}' failed on mapping '${nameOf(ctx.b)}' (${message}); the other rules still ran. Please report it with the file.`, headSpan(ctx.b));
    }
  }
}
