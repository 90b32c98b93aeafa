// Evaluates one point of an exploration by the simulator `simulate` uses (sim/core evaluateCore for one core,
// sim/spatial runSpatial for a mesh), writing only the metrics into a reused array. Parts of the model that a point
// shares with others (its core, its work, its run context, its functional statistics) are built once per distinct
// combination of the parameters that shape them and cached, so a point costs one evaluation and no model copy.
import type { Core, Mapping, Simulation } from '../../model/design.js';
import type { ExploreConstraint } from '../../model/explore.js';
import { METRICS } from '../../model/metrics.js';
import { mappingRuleCode, mappingRuleViolation } from '../../model/rules.js';
import { cachedCoreAreaMm2, evaluateCore, newCoreEval, type CoreContext, type CoreWork } from '../core/evaluate.js';
import { coreWorkFor, statsFor } from '../core/simulate.js';
import type { FunctionalStats } from '../functional/stats.js';
import { runSpatial } from '../spatial/model.js';
import { optimizedVariant } from '../spatial/simulate.js';
import { METRIC_COUNT, METRIC_INDEX, metricsOfCoreEval, metricsOfSpatialRun } from './metrics.js';
import type { ExplorablePath } from './paths.js';
import type { Space } from './space.js';

/** Entries a group cache keeps before it starts again (memory stays bounded whatever the space). */
const CACHE_LIMIT = 1 << 14;

interface CoreEntry { core: Core; areaMm2: number; error?: string }
interface WorkEntry { mapping: Mapping; work: CoreWork; tokens: number; error?: string }
interface ContextEntry { mapping: Mapping; ctx: CoreContext; error?: string }
interface StatsEntry { stats?: FunctionalStats; error?: string }

/**
 * The parts built for one group of parameters, by the mixed-radix number of their digits: an array when the group
 * has at most CACHE_LIMIT combinations, else a map that starts again when full (memory stays bounded).
 */
class GroupCache<T> {
  private readonly idx: number[] = [];
  private readonly mul: number[] = [];
  private readonly arr?: Array<T | undefined>;
  private readonly map?: Map<number, T>;
  constructor(space: Space, pick: (e: ExplorablePath) => boolean) {
    let m = 1;
    space.params.forEach((p, i) => { if (pick(p.entry)) { this.idx.push(i); this.mul.push(m); m *= p.values.length; } });
    if (m <= CACHE_LIMIT) this.arr = new Array(m); else this.map = new Map();
  }
  key(d: ArrayLike<number>): number {
    let k = 0;
    for (let j = 0; j < this.idx.length; j++) k += d[this.idx[j]!]! * this.mul[j]!;
    return k;
  }
  // The last entry asked for: consecutive points of an exhaustive run share it (the map's hashing is skipped).
  private lastKey = -1;
  private last: T | undefined;
  get(k: number): T | undefined {
    if (k !== this.lastKey) { this.last = this.arr ? this.arr[k] : this.map!.get(k); this.lastKey = k; }
    return this.last;
  }
  set(k: number, v: T): T {
    if (this.arr) this.arr[k] = v;
    else { if (this.map!.size >= CACHE_LIMIT) this.map!.clear(); this.map!.set(k, v); }
    this.lastKey = k; this.last = v;
    return v;
  }
}
function message(e: unknown): string { return e instanceof Error ? e.message : String(e); }

export interface EvaluatorOptions { sampleRows?: number }

export class Evaluator {
  /** Distinct functional statistics the points needed, and the seconds the functional model took for them. */
  functionalCount = 0;
  functionalSeconds = 0;
  /** Reasons in words with the numbers (journal, --all); otherwise rule codes and constraint texts (faster). */
  detailed = false;
  /** true when every point is one core (no mesh): the cached fast path. */
  readonly singleCore: boolean;
  private readonly cores: GroupCache<CoreEntry>;
  private readonly works: GroupCache<WorkEntry>;
  private readonly ctxs: GroupCache<ContextEntry>;
  private readonly stats: GroupCache<StatsEntry>;
  private readonly scratch: Mapping;
  /** The single-core evaluation every point overwrites (its metrics are copied out before the next point). */
  private readonly coreEval = newCoreEval();
  private readonly constraints: Array<{ c: ExploreConstraint; i: number; text: string; breaks: string }>;

  constructor(readonly space: Space, private readonly opts: EvaluatorOptions = {}) {
    const base = space.exploration.simulation.mapping;
    this.singleCore = base.chip.rows * base.chip.cols <= 1 && !space.params.some(p => p.path === 'chip.mesh');
    this.cores = new GroupCache(space, e => e.group === 'core');
    this.works = new GroupCache(space, e => e.group === 'work');
    this.ctxs = new GroupCache(space, e => e.group === 'context');
    this.stats = new GroupCache(space, e => e.functional);
    this.scratch = { ...base, chip: { ...base.chip } };
    this.constraints = space.exploration.constraints.map(c => {
      const i = METRIC_INDEX[c.metric];
      if (i === undefined) throw new Error(`constraint on unknown metric '${c.metric}': metrics are ${Object.keys(METRIC_INDEX).join(', ')}`);
      const unit = METRICS[c.metric]?.unit ? ` ${METRICS[c.metric]!.unit}` : '';
      const text = `${c.metric} ${c.op} ${fmt(c.value)}${unit}`;
      return { c, i, text, breaks: `breaks ${text}` };
    });
  }

  /** Writes the point's metrics into `out` (METRIC_NAMES order); returns why it is infeasible, or undefined. */
  evaluate(d: ArrayLike<number>, out: Float64Array): string | undefined {
    const why = this.singleCore ? this.evaluateCore(d, out) : this.evaluateMesh(d, out);
    return why ?? this.violated(out);
  }

  /** The point's full Simulation (for reports and for checking the lean path against `simulate`). */
  simulationOf(d: ArrayLike<number>): Simulation { return this.space.simulationOf(d); }

  private evaluateCore(d: ArrayLike<number>, out: Float64Array): string | undefined {
    const ck = this.cores.key(d), wk = this.works.key(d), xk = this.ctxs.key(d);
    const ce = this.cores.get(ck) ?? this.cores.set(ck, this.coreEntry(d));
    if (ce.error) return ce.error;
    const we = this.works.get(wk) ?? this.works.set(wk, this.workEntry(d));
    if (we.error) return we.error;
    const xe = this.ctxs.get(xk) ?? this.ctxs.set(xk, this.contextEntry(d));
    if (xe.error) return xe.error;
    const m = this.scratch;
    m.workload = we.mapping.workload; m.tiling = we.mapping.tiling; m.chip.core = ce.core;
    m.kvFlow = xe.mapping.kvFlow; m.partition = xe.mapping.partition; m.stages = xe.mapping.stages;
    if (mappingRuleCode(m) !== undefined) return this.detailed ? mappingRuleViolation(m) : mappingRuleCode(m);
    const se = this.statsAt(d);
    if (!se.stats) return se.error;
    const ev = evaluateCore(ce.core, we.work, se.stats, xe.ctx, this.coreEval);
    metricsOfCoreEval(ev, se.stats, ce.areaMm2, we.tokens, out);
    return undefined;
  }

  private evaluateMesh(d: ArrayLike<number>, out: Float64Array): string | undefined {
    const invalid = this.invalid(d);
    if (invalid) return invalid;
    const sim = this.space.simulationOf(d);
    const m = sim.mapping;
    if (mappingRuleCode(m) !== undefined) return this.detailed ? mappingRuleViolation(m) : mappingRuleCode(m);
    const se = this.statsAt(d, sim);
    if (!se.stats) return se.error;
    const tokens = m.workload.queryLen * m.workload.batch;
    try {
      if (m.chip.rows * m.chip.cols > 1) {
        metricsOfSpatialRun(runSpatial(m, se.stats, optimizedVariant(m)), se.stats, tokens, m.chip.core.technology.frequencyHz, out);
      } else {
        const ctx: CoreContext = { stages: m.stages, dramBandwidthBps: m.chip.dram.bandwidthBps, kvSource: 'dram' };
        const ev = evaluateCore(m.chip.core, coreWorkFor(m.workload, m.tiling), se.stats, ctx);
        const ck = this.cores.key(d);
        const ce = this.cores.get(ck) ?? this.cores.set(ck, { core: m.chip.core, areaMm2: cachedCoreAreaMm2(m.chip.core) });
        metricsOfCoreEval(ev, se.stats, ce.areaMm2, tokens, out);
      }
    } catch (e) { return message(e); }
    return undefined;
  }

  private statsAt(d: ArrayLike<number>, sim?: Simulation): StatsEntry {
    const k = this.stats.key(d);
    return this.stats.get(k) ?? this.stats.set(k, this.makeStats(d, sim));
  }
  private makeStats(d: ArrayLike<number>, sim?: Simulation): StatsEntry {
    {
      const t0 = performance.now();
      try {
        return { stats: statsFor((sim ?? this.space.simulationOf(d)).mapping, this.opts.sampleRows) };
      } catch (e) {
        return { error: `functional model: ${message(e)}` };
      } finally {
        this.functionalCount++;
        this.functionalSeconds += (performance.now() - t0) / 1000;
      }
    }
  }

  /** The first invalid value among the parameters of a group (all parameters when group is undefined). */
  private invalid(d: ArrayLike<number>, group?: ExplorablePath['group']): string | undefined {
    const ps = this.space.params;
    for (let p = 0; p < ps.length; p++) {
      if (group && ps[p]!.entry.group !== group) continue;
      const e = this.space.valueError(p, d[p]!);
      if (e) return e;
    }
    return undefined;
  }
  private coreEntry(d: ArrayLike<number>): CoreEntry {
    const core = this.space.groupSimulationOf(d, 'core').mapping.chip.core;
    const error = this.invalid(d, 'core');
    return error ? { core, areaMm2: 0, error } : { core, areaMm2: cachedCoreAreaMm2(core) };
  }
  private workEntry(d: ArrayLike<number>): WorkEntry {
    const m = this.space.groupSimulationOf(d, 'work').mapping;
    return { mapping: m, work: coreWorkFor(m.workload, m.tiling), tokens: m.workload.queryLen * m.workload.batch, error: this.invalid(d, 'work') };
  }
  private contextEntry(d: ArrayLike<number>): ContextEntry {
    const m = this.space.groupSimulationOf(d, 'context').mapping;
    return { mapping: m, ctx: { stages: m.stages, dramBandwidthBps: m.chip.dram.bandwidthBps, kvSource: 'dram' }, error: this.invalid(d, 'context') };
  }

  /** How far a feasible-by-rules point is outside its constraints (0 inside): the sum of relative excesses. */
  violation(out: Float64Array): number {
    let v = 0;
    for (const { c, i } of this.constraints) {
      const x = out[i]!, scale = Math.max(1e-12, Math.abs(c.value));
      v += c.op === '<=' || c.op === '<' ? Math.max(0, (x - c.value) / scale) : Math.max(0, (c.value - x) / scale);
    }
    return v;
  }

  /** The first constraint the metrics break: 'breaks power <= 6 W', with the value when detailed. */
  private violated(out: Float64Array): string | undefined {
    for (const { c, i, text, breaks } of this.constraints) {
      const v = out[i]!;
      const ok = c.op === '<=' ? v <= c.value : c.op === '>=' ? v >= c.value : c.op === '<' ? v < c.value : v > c.value;
      // the short reason is one string per constraint: reasonKey finds it without hashing a new string per point
      if (!ok) return this.detailed ? `${c.metric} ${fmt(v)}${METRICS[c.metric]?.unit ? ` ${METRICS[c.metric]!.unit}` : ''} breaks ${text}` : breaks;
    }
    return undefined;
  }
}

/** A point that broke only a constraint still has its metrics (reported with --all, used by NSGA-II). */
export function keepsMetrics(why: string | undefined): boolean { return why === undefined || why.startsWith('breaks ') || why.includes(' breaks '); }

function fmt(x: number): string { return String(+x.toPrecision(4)); }

export { METRIC_COUNT };
