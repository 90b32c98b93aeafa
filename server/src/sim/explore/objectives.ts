// Objectives in minimisation form and the run's result record (the `star-sim explore --json` entry).
import type { Exploration } from '../../model/explore.js';
import { METRIC_INDEX, METRIC_NAMES } from './metrics.js';
import type { ArchivePoint } from './pareto.js';
import { hypervolume, normalise, REFERENCE, type Normalisation } from './hypervolume.js';
import type { Space } from './space.js';

export class Objectives {
  readonly idx: number[];
  readonly sign: number[];
  constructor(readonly exploration: Exploration) {
    if (!exploration.objectives.length) throw new Error(`explore ${exploration.name}: no objective: add e.g. minimize latency, energy`);
    this.idx = exploration.objectives.map(o => {
      const i = METRIC_INDEX[o.metric];
      if (i === undefined) throw new Error(`explore ${exploration.name}: unknown metric '${o.metric}': metrics are ${METRIC_NAMES.join(', ')}`);
      return i;
    });
    this.sign = exploration.objectives.map(o => (o.sense === 'max' ? -1 : 1));
  }
  get m(): number { return this.idx.length; }
  /** The objective vector (minimisation form) of a point's metrics. */
  of(metrics: ArrayLike<number>, out: Float64Array): Float64Array {
    for (let j = 0; j < this.idx.length; j++) out[j] = this.sign[j]! * metrics[this.idx[j]!]!;
    return out;
  }
}

export interface FrontPoint { index: number; parameters: Record<string, string>; metrics: Record<string, number> }

export interface ExplorationResult {
  name: string;
  /** Objective metric names as written. */
  objectives: string[];
  senses: Array<'min' | 'max'>;
  space: { points: number; parameters: Array<{ path: string; values: string[] }> };
  /** shard / island: 'I/N' (0-based) of a shard's run; islands: N of a merge of N evolutionary islands. */
  search: { kind: 'exhaustive' | 'evolutionary'; population?: number; generations?: number; seed?: number; island?: string; shard?: string; islands?: number };
  evaluated: number;
  feasible: number;
  infeasible: number;
  /** Infeasible points by reason (the design rule's code, or the constraint). */
  infeasibleReasons: Record<string, number>;
  seconds: number;
  evaluationsPerS: number;
  /** Evaluations per second of the search loop alone (the functional model's seconds left out). */
  loopEvaluationsPerS: number;
  hypervolume: number;
  /** false when the front is too large for exact slicing in 4+ objectives: then a seeded Monte Carlo estimate. */
  hypervolumeExact: boolean;
  reference: { rule: string; ideal: number[]; worst: number[]; point: number[] };
  hypervolumePerGeneration?: number[];
  functional: { distinct: number; seconds: number };
  /** false when the run was stopped before it covered its points (resume with --resume). */
  complete: boolean;
  resumed: boolean;
  front: FrontPoint[];
  /** A --partial merge (star-sim merge): the shards lacking (missing: no file; unfinished: not complete) and those merged. */
  partial?: ShardsLacking;
  /** A merge of evolutionary islands (star-sim merge): each island's own figures, by island number. */
  islands?: IslandSummary[];
}

export interface ShardsLacking { missing: number[]; unfinished: number[]; merged: number[]; shards: number }

export interface IslandSummary {
  island: number; seed: number; evaluated: number; feasible: number; front: number; hypervolume: number;
  hypervolumePerGeneration: number[]; seconds: number; complete: boolean; resumed: boolean;
}

export const REFERENCE_RULE = `each objective normalised to [0, 1] between its best value on the front and its worst feasible value evaluated (maximised metrics negated); reference point ${REFERENCE} on every normalised objective`;

/** Normalisation bounds: the front's best and the worst feasible value seen (minimisation form). */
export function normalisationOf(front: ArchivePoint[], worst: number[]): Normalisation {
  const ideal = worst.map((_, j) => Math.min(...front.map(p => p.objectives[j]!)));
  return { ideal, worst: worst.map((w, j) => Math.max(w, ideal[j]!)) };
}
export function frontHypervolume(front: ArchivePoint[], n: Normalisation): number {
  return front.length ? hypervolume(front.map(p => normalise(p.objectives, n))) : 0;
}

export function frontPoints(space: Space, front: ArchivePoint[]): FrontPoint[] {
  return [...front].sort((a, b) => a.index - b.index).map(p => ({
    index: p.index,
    parameters: space.parametersAt(p.index),
    metrics: Object.fromEntries(METRIC_NAMES.map((n, i) => [n, p.metrics[i]!])),
  }));
}

/** The key infeasible points are counted under: the rule's code in brackets, or the constraint broken. */
export function reasonKey(reason: string): string {
  const cached = KEYS.get(reason);
  if (cached !== undefined) return cached;
  const k = keyOf(reason);
  if (KEYS.size > 4096) KEYS.clear();
  KEYS.set(reason, k);
  return k;
}
const KEYS = new Map<string, string>();
function keyOf(reason: string): string {
  if (/^[a-z-]+$/.test(reason)) return reason;
  const code = /\(([a-z-]+)\)$/.exec(reason);
  if (code) return code[1]!;
  const v = /^([a-z_.]+ = [^:]+): /.exec(reason);
  if (v) return `invalid ${v[1]!}`;
  const c = /breaks (.+)$/.exec(reason);
  return c ? c[1]! : reason.length > 80 ? reason.slice(0, 80) + '...' : reason;
}
