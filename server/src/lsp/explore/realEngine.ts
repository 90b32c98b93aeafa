// The explorer of sim/explore as the worker's ExploreEngine: progress and cancellation through its loop hooks, its
// `--json` result mapped to the outcome the Pareto view reads, and a uniform sample of the feasible cloud. Progress
// carries the explorer's front so far, so the view shows a front within the first 100 ms of a run.
import type { Exploration } from '../../model/explore.js';
import { runExploration, Space, METRIC_NAMES } from '../../sim/explore/index.js';
import { CLOUD_LIMIT } from '../../protocolTypes.js';
import { mulberry32 } from '../../sim/rng.js';
import type { EnginePoint, ExploreEngine, ExplorationOutcome } from './engine.js';

/** Reservoir sampling (Algorithm R) with a fixed seed, so the same run shows the same cloud. */
class Reservoir {
  readonly items: Array<{ index: number; metrics: Float64Array }> = [];
  private seen = 0;
  private readonly rand = mulberry32(0x9e3779b9);
  constructor(private readonly limit: number) {}
  offer(index: number, metrics: Float64Array): void {
    this.seen++;
    if (this.items.length < this.limit) { this.items.push({ index, metrics: metrics.slice() }); return; }
    const j = Math.floor(this.rand() * this.seen);
    if (j < this.limit) this.items[j] = { index, metrics: metrics.slice() };
  }
}

/** How often the search reports (it looks at the clock between batches of 1,024 points, so gaps are this plus a
 *  batch): well inside the 250 ms goal even when a busy machine stretches a batch to ~25 ms. */
const PROGRESS_MS = 60;

const metricRecord = (m: ArrayLike<number>): Record<string, number> =>
  Object.fromEntries(METRIC_NAMES.map((name, i) => [name, m[i]!]).filter(([, v]) => Number.isFinite(v as number)));

export const exploreEngine: ExploreEngine = (x: Exploration, opts): ExplorationOutcome => {
  const cloud = new Reservoir(CLOUD_LIMIT);
  const space = new Space(x);
  const toPoint = (index: number, metrics: Record<string, number>): EnginePoint => ({ index, parameters: space.parametersAt(index), metrics });
  const r = runExploration(x, {
    onFeasible: (index, metrics) => cloud.offer(index, metrics),
    onProgress: (done, total, rate, front) => opts.onProgress?.({ done: total > 0 ? done / total : 0, evaluated: done, evaluationsPerS: rate,
      front: front.sorted().map(p => toPoint(p.index, metricRecord(p.metrics))) }),
    shouldStop: () => opts.signal?.aborted ?? false,
    progressMs: PROGRESS_MS,
  });
  const frontIndex = new Set(r.front.map(p => p.index));
  return {
    name: r.name,
    objectives: r.objectives.map((metric, i) => ({ metric, sense: r.senses[i] ?? 'min' })),
    space: { points: r.space.points },
    evaluated: r.evaluated, feasible: r.feasible, seconds: r.seconds, evaluationsPerS: r.evaluationsPerS,
    hypervolume: r.hypervolume,
    front: r.front.map(p => toPoint(p.index, p.metrics)),
    reference: r.reference.point,
    hvPerGeneration: r.hypervolumePerGeneration,
    functional: r.functional,
    search: r.search.kind,
    cloud: cloud.items.filter(c => !frontIndex.has(c.index)).map(c => toPoint(c.index, metricRecord(c.metrics))),
    infeasible: r.infeasibleReasons,
  };
};
