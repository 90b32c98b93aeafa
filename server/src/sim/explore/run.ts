// Runs one exploration: picks the search (auto: exhaustive up to EXHAUSTIVE_LIMIT points, else NSGA-II), restores
// a journal on resume, and assembles the result (front, hypervolume with its reference, counters, speed).
// Shards (issue 15): an exhaustive run may take a contiguous share of the indices, an evolutionary run an island.
import { EXHAUSTIVE_LIMIT, EVOLUTIONARY_DEFAULTS, type Exploration } from '../../model/explore.js';
import { Evaluator } from './evaluator.js';
import { freshState, runExhaustive, stateFromCheckpoint, type LoopHooks } from './exhaustive.js';
import { Journal, JOURNAL_VERSION, signatureOf, type Checkpoint, type JournalHeader, type PointLine } from './journal.js';
import { islandSeed, runEvolutionary } from './nsga2.js';
import { frontHypervolume, frontPoints, normalisationOf, Objectives, REFERENCE_RULE, type ExplorationResult, type FrontPoint } from './objectives.js';
import { hypervolumeIsExact, REFERENCE } from './hypervolume.js';
import { METRIC_COUNT } from './metrics.js';
import { shardBlocks, Space } from './space.js';
import type { ArchivePoint } from './pareto.js';

export interface ExploreOptions extends Omit<LoopHooks, 'journal'> {
  sampleRows?: number;
  /** Journal file: written as the run goes; with `resume`, read first and continued. */
  journal?: string;
  resume?: boolean;
  /** Shard I of N (0-based): exhaustive -> a contiguous share of the indices; evolutionary -> island I. */
  shard?: { index: number; count: number };
  /** Overrides the exploration's search (tests, benches). */
  search?: Exploration['search'];
}

export function chosenSearch(x: Exploration, over?: Exploration['search']): 'exhaustive' | 'evolutionary' {
  const s = over ?? x.search;
  return s.kind === 'auto' ? (spaceSize(x) <= EXHAUSTIVE_LIMIT ? 'exhaustive' : 'evolutionary') : s.kind;
}
function spaceSize(x: Exploration): number { return x.parameters.reduce((n, p) => n * p.values.length, 1); }

/** The journal's signature of a run: the exploration, the search it runs and the functional sample rows (the rows
 * change the statistics, so a journal or a shard of other rows must not be continued or merged). */
export function runSignature(x: Exploration, opts: Pick<ExploreOptions, 'search' | 'sampleRows'> = {}): string {
  const kind = chosenSearch(x, opts.search);
  // 'blocks': exhaustive shards are round-robin blocks (shardBlocks); journals of the older contiguous shares differ
  return signatureOf(x, kind + JSON.stringify(opts.search ?? '') + (opts.sampleRows !== undefined ? `rows ${opts.sampleRows}` : '') +
    (kind === 'exhaustive' ? ' blocks' : ''));
}

export function runExploration(x: Exploration, opts: ExploreOptions = {}): ExplorationResult {
  const space = new Space(x);
  const obj = new Objectives(x);
  const ev = new Evaluator(space, { sampleRows: opts.sampleRows });
  const kind = chosenSearch(x, opts.search);
  ev.detailed = kind === 'evolutionary' || !!opts.onPoint;
  // 0-based I/N like --shard and $SLURM_ARRAY_TASK_ID: one convention in journals, results and file names
  const shardTag = opts.shard ? `${opts.shard.index}/${opts.shard.count}` : undefined;
  const header: JournalHeader = { t: 'header', version: JOURNAL_VERSION, name: x.name, points: space.size, signature: runSignature(x, opts), shard: shardTag };
  const journal = opts.journal ? new Journal(opts.journal) : undefined;
  const previous = journal && opts.resume ? journal.load(header) : [];
  if (journal && !(opts.resume && previous.length)) journal.start(header);
  const hooks: LoopHooks = { ...opts, journal: journal ? lines => journal.append(lines) : undefined };
  const resumed = previous.length > 0;
  const base = {
    name: x.name, objectives: x.objectives.map(o => o.metric), senses: x.objectives.map(o => o.sense),
    space: { points: space.size, parameters: space.params.map(p => ({ path: p.path, values: p.labels })) },
  };

  if (kind === 'exhaustive') {
    const ranges: Array<[number, number]> = opts.shard ? shardBlocks(space.size, opts.shard.index, opts.shard.count) : [[0, space.size]];
    const last = [...previous].reverse().find((l): l is Checkpoint => l.t === 'checkpoint');
    const state = last ? stateFromCheckpoint(last, obj) : freshState(obj.m);
    runExhaustive(ev, obj, state, ranges, hooks);
    return assembleResult(base, { kind: 'exhaustive', shard: shardTag }, state.archive.points, state.worst,
      { evaluated: state.evaluated, feasible: state.feasible, reasons: state.reasons, seconds: state.seconds, functional: state.functional,
        complete: state.complete, resumed }, frontPoints(space, state.archive.points));
  }
  const s = opts.search ?? x.search;
  const evo = s.kind === 'evolutionary' ? s : { ...EVOLUTIONARY_DEFAULTS };
  const seed = opts.shard ? islandSeed(evo.seed, opts.shard.index) : evo.seed;
  const known = new Map<number, PointLine>();
  for (const l of previous) if (l.t === 'point') known.set(l.i, l);
  const fc = ev.functionalCount;
  const st = runEvolutionary(ev, obj, { population: evo.population, generations: evo.generations, seed }, known, hooks);
  const result = assembleResult(base, { kind: 'evolutionary', population: evo.population, generations: evo.generations, seed, island: shardTag },
    st.archive.points, st.worst, { evaluated: st.evaluated, feasible: st.feasible, reasons: st.reasons, seconds: st.seconds,
      functional: { distinct: ev.functionalCount - fc, seconds: ev.functionalSeconds }, complete: st.complete, resumed }, frontPoints(space, st.archive.points));
  // Each generation's front against the final normalisation, so the figures are comparable with each other.
  const norm = normalisationOf(st.archive.points, st.worst);
  const byIndex = new Map<number, ArchivePoint>();
  for (const f of st.frontsPerGeneration) for (const i of f) if (!byIndex.has(i)) byIndex.set(i, lookup(st, i, obj, ev, space));
  result.hypervolumePerGeneration = st.frontsPerGeneration.map(f => frontHypervolume(f.map(i => byIndex.get(i)!), norm));
  return result;
}

/** A point of an earlier front (it may have left the archive since): its metrics re-evaluated, same numbers. */
function lookup(st: { archive: { points: ArchivePoint[] } }, i: number, obj: Objectives, ev: Evaluator, space: Space): ArchivePoint {
  const inFront = st.archive.points.find(p => p.index === i);
  if (inFront) return inFront;
  const metrics = new Float64Array(METRIC_COUNT);
  ev.evaluate(space.digits(i), metrics);
  return { index: i, metrics, objectives: obj.of(metrics, new Float64Array(obj.m)) };
}

/** What a run counted, besides its front. */
export interface RunCounters {
  evaluated: number; feasible: number; reasons: Record<string, number>; seconds: number;
  functional: { distinct: number; seconds: number }; complete: boolean; resumed: boolean;
}

/**
 * The result record of a front (any order) and the worst feasible objective values (minimisation form): the
 * normalisation, hypervolume and speed figures. `star-sim merge` assembles merged shards through it too, so the
 * two outputs are computed alike.
 */
export function assembleResult(base: Pick<ExplorationResult, 'name' | 'objectives' | 'senses' | 'space'>, search: ExplorationResult['search'],
                               front: ArchivePoint[], worst: number[], c: RunCounters, points: FrontPoint[]): ExplorationResult {
  const norm = front.length ? normalisationOf(front, worst) : { ideal: worst.map(() => 0), worst: worst.map(() => 0) };
  const sign = base.senses.map(s => (s === 'max' ? -1 : 1));
  return {
    ...base, search, evaluated: c.evaluated, feasible: c.feasible, infeasible: c.evaluated - c.feasible, infeasibleReasons: c.reasons,
    seconds: c.seconds, evaluationsPerS: c.seconds > 0 ? c.evaluated / c.seconds : 0,
    loopEvaluationsPerS: c.seconds - c.functional.seconds > 0 ? c.evaluated / (c.seconds - c.functional.seconds) : 0,
    hypervolume: frontHypervolume(front, norm),
    hypervolumeExact: hypervolumeIsExact(front.length, base.objectives.length),
    // reported in the metrics' own sense and units (maximised metrics back to positive)
    reference: { rule: REFERENCE_RULE, ideal: norm.ideal.map((v, j) => v * sign[j]!), worst: norm.worst.map((v, j) => v * sign[j]!), point: norm.ideal.map(() => REFERENCE) },
    functional: c.functional, complete: c.complete, resumed: c.resumed,
    front: points,
  };
}
