// Merging the shards of one explore item (issue 15) into the result one unsharded run gives: the union of the shard
// fronts re-filtered by the same archive and tie rule (equal objective vectors: the lower point index stays), the
// worst values over all shards for the normalisation, the counters summed, and the result assembled by the same
// function as a run's (run.ts assembleResult). Exhaustive shards partition the points, so the merged front is the
// unsharded front point for point; evolutionary islands give the front of their union, with each island's figures.
import { METRIC_INDEX, METRIC_NAMES } from './metrics.js';
import { ParetoArchive } from './pareto.js';
import { assembleResult } from './run.js';
import type { ExplorationResult, FrontPoint, IslandSummary } from './objectives.js';
import type { ShardExploration } from './shards.js';

export class MergeError extends Error {}

/**
 * One explore item merged from its parts (one per shard present, any order). `complete`: false when shards are
 * lacking (a --partial merge); the result then says complete: false.
 */
export function mergeExploration(parts: Array<{ shard: number; x: ShardExploration }>, shards: number, complete = true): ExplorationResult {
  if (!parts.length) throw new MergeError('no shard to merge');
  const sorted = [...parts].sort((a, b) => a.shard - b.shard);
  const first = sorted[0]!.x;
  for (const p of sorted) {
    if (p.x.signature !== first.signature || p.x.search.kind !== first.search.kind) {
      throw new MergeError(`explore ${first.name}: shard ${p.shard} ran another space than shard ${sorted[0]!.shard} (signature ${p.x.signature} vs ${first.signature}): run the shards of one file again`);
    }
  }
  const m = first.objectives.length;
  const idx = first.objectives.map(o => METRIC_INDEX[o]);
  if (idx.some(i => i === undefined)) throw new MergeError(`explore ${first.name}: unknown objective metric in ${first.objectives.join(', ')}`);
  const sign = first.senses.map(s => (s === 'max' ? -1 : 1));

  const archive = new ParetoArchive(m);
  const points = new Map<number, FrontPoint>();
  const worst: number[] = new Array(m).fill(-Infinity);
  const reasons: Record<string, number> = {};
  let evaluated = 0, feasible = 0, seconds = 0, fDistinct = 0, fSeconds = 0, resumed = false, allComplete = complete;
  const metrics = new Float64Array(METRIC_NAMES.length), o = new Float64Array(m);
  for (const { x } of sorted) {
    // shard order and each shard's own key order: the keys come out in order of first occurrence over the indices,
    // as in one run
    for (const [k, n] of Object.entries(x.infeasibleReasons)) reasons[k] = (reasons[k] ?? 0) + n;
    evaluated += x.evaluated; feasible += x.feasible; seconds += x.seconds;
    fDistinct += x.functional.distinct; fSeconds += x.functional.seconds;
    resumed ||= x.resumed; allComplete &&= x.complete;
    x.worstMin.forEach((w, j) => { if (w !== null && w > worst[j]!) worst[j] = w; });
    for (const f of x.front) {
      if (points.has(f.index)) continue;   // islands may reach the same point
      METRIC_NAMES.forEach((n, k) => { metrics[k] = f.metrics[n] ?? NaN; });
      for (let j = 0; j < m; j++) o[j] = sign[j]! * metrics[idx[j]!]!;
      if (o.some(v => !Number.isFinite(v))) throw new MergeError(`explore ${x.name}: front point ${f.index} has no finite ${first.objectives.join(', ')}: the shard file is damaged, run its shard again`);
      if (archive.offer(f.index, o, metrics)) points.set(f.index, f);
    }
  }
  const front = archive.sorted();
  const base = { name: first.name, objectives: first.objectives, senses: first.senses, space: first.space };
  const search: ExplorationResult['search'] = first.search.kind === 'exhaustive' ? { kind: 'exhaustive' }
    : { kind: 'evolutionary', population: first.search.population, generations: first.search.generations, seed: first.fileSeed ?? first.search.seed, islands: shards };
  const result = assembleResult(base, search, front, worst,
    { evaluated, feasible, reasons, seconds, functional: { distinct: fDistinct, seconds: fSeconds }, complete: allComplete, resumed },
    front.map(p => points.get(p.index)!));
  if (first.search.kind === 'evolutionary') result.islands = sorted.map(({ shard, x }) => islandOf(shard, x));
  return result;
}

function islandOf(shard: number, x: ShardExploration): IslandSummary {
  return {
    island: shard, seed: x.search.seed ?? 0, evaluated: x.evaluated, feasible: x.feasible, front: x.front.length,
    hypervolume: x.hypervolume, hypervolumePerGeneration: x.hypervolumePerGeneration ?? [], seconds: x.seconds,
    complete: x.complete, resumed: x.resumed,
  };
}
