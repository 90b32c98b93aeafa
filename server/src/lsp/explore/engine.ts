// The contract between the exploration worker and the explorer (sim/explore, issue 14): what the worker calls and
// what it gets back, in the shape of `star-sim explore --json` (one entry of "explorations"), plus what the editor
// needs besides (a sample of the feasible cloud, the reference point). And the mapping of that result to what the
// Pareto view shows: each parameter value turned back into its label as written in the explore item.
import type { Exploration, ExploreValue } from '../../model/explore.js';
import type { ExplorationView, ExplorePoint } from '../../protocolTypes.js';
import { CLOUD_LIMIT } from '../../protocolTypes.js';
import { METRICS } from '../../model/metrics.js';

/** One evaluated point as the explorer reports it: the varied values (base units) by path, every metric by name. */
export interface EnginePoint { parameters: Record<string, ExploreValue>; metrics: Record<string, number>; index?: number }

/** One exploration's outcome: the `--json` entry's fields (names kept exactly), and optional extras. */
export interface ExplorationOutcome {
  name: string;
  objectives: Array<{ metric: string; sense: 'min' | 'max' } | string>;
  space: { points: number };
  evaluated: number;
  feasible: number;
  seconds: number;
  evaluationsPerS: number;
  hypervolume: number;
  front: EnginePoint[];
  /** The hypervolume's reference point, one value per objective. */
  reference?: number[];
  hvPerGeneration?: number[];
  functional?: { distinct: number; seconds: number };
  search?: 'exhaustive' | 'evolutionary';
  /** A sample of the feasible, dominated points (the worker keeps at most CLOUD_LIMIT). */
  cloud?: EnginePoint[];
  infeasible?: Record<string, number>;
}

/** Progress while a run goes on: the share done (of the space, or of the generations) and the points so far. */
export interface ExploreProgress { done: number; evaluated: number; evaluationsPerS: number; front?: EnginePoint[] }

export interface ExploreRunOptions {
  /** Called by the engine as it goes (the worker forwards at most every 25 ms, so at least every 250 ms is up to the engine). */
  onProgress?: (p: ExploreProgress) => void;
  /** Aborted when a newer save or the user cancels (the server also ends the worker thread, so a synchronous engine stops too). */
  signal?: AbortSignal;
}

/** What the worker calls: the explorer's entry point for one explore item. */
export type ExploreEngine = (exploration: Exploration, opts: ExploreRunOptions) => ExplorationOutcome | Promise<ExplorationOutcome>;

const sameValue = (a: unknown, b: unknown) =>
  a === b || (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && JSON.stringify(a) === JSON.stringify(b))
  || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)));

/** A point with each value's label from the explore item (a value not among the written ones keeps its JSON text). */
export function labelPoint(x: Exploration, p: EnginePoint, index: number): ExplorePoint {
  const parameters: ExplorePoint['parameters'] = {};
  for (const param of x.parameters) {
    if (!(param.path in p.parameters)) continue;
    const value = p.parameters[param.path];
    // By value; an engine that reports the label itself ("128 x 8") is matched by label.
    let i = param.values.findIndex(v => sameValue(v, value));
    if (i < 0 && typeof value === 'string') i = param.labels.indexOf(value);
    parameters[param.path] = { label: i >= 0 ? param.labels[i] : typeof value === 'string' ? value : JSON.stringify(value), value: i >= 0 ? param.values[i] : value };
  }
  return { index: p.index ?? index, parameters, metrics: p.metrics };
}

/** Every `count`-th element, so the sample spans the whole list (the engine's order). */
function sample<T>(xs: T[], limit: number): T[] {
  if (xs.length <= limit) return xs;
  const step = xs.length / limit;
  return Array.from({ length: limit }, (_, i) => xs[Math.floor(i * step)]);
}

/** The engine's outcome as the Pareto view's data (labels, units, a capped cloud), for the explore item at `line`. */
export function toView(x: Exploration, o: ExplorationOutcome, line: number, state: ExplorationView['state'] = 'done'): ExplorationView {
  const objectives = o.objectives.map(ob => (typeof ob === 'string' ? { metric: ob, sense: METRICS[ob]?.better === 'higher' ? 'max' as const : 'min' as const } : ob));
  const front = o.front.map((p, i) => labelPoint(x, p, i));
  const cloud = sample(o.cloud ?? [], CLOUD_LIMIT).map((p, i) => labelPoint(x, p, front.length + i));
  const units: Record<string, string> = {};
  for (const p of [...o.front, ...(o.cloud ?? []).slice(0, 1)]) for (const m of Object.keys(p.metrics)) units[m] = METRICS[m]?.unit ?? '';
  return {
    name: o.name, line, objectives, units, parameters: x.parameters.map(p => p.path),
    space: o.space, search: o.search ?? (x.search.kind === 'evolutionary' ? 'evolutionary' : 'exhaustive'),
    evaluated: o.evaluated, feasible: o.feasible, seconds: o.seconds, evaluationsPerS: o.evaluationsPerS,
    hypervolume: o.hypervolume, reference: o.reference ?? [],
    ...(o.hvPerGeneration ? { hvPerGeneration: o.hvPerGeneration } : {}),
    ...(o.functional ? { functional: o.functional } : {}),
    ...(o.infeasible ? { infeasible: o.infeasible } : {}),
    front, cloud, state,
  };
}
