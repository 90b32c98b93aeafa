// The point space of an exploration: point index <-> one value per parameter (mixed radix, the first parameter the
// most significant digit, so the last one varies fastest), the Simulation of a point, and a deterministic partition
// of the indices into shards (issue 15).
import type { Simulation } from '../../model/design.js';
import type { Exploration, ExploreValue } from '../../model/explore.js';
import { validateSimulation } from '../core/validate.js';
import { validateMesh } from '../spatial/simulate.js';
import { cloneGroup, cloneSimulation, explorablePath, ExplorePathError, type ExplorablePath, type PathGroup } from './paths.js';

export interface SpaceParameter { path: string; values: ExploreValue[]; labels: string[]; entry: ExplorablePath }

export class Space {
  readonly params: SpaceParameter[];
  readonly radix: number[];
  /** stride[p]: how far apart two points are whose only difference is one step of parameter p. */
  readonly stride: number[];
  readonly size: number;
  private readonly setterOrder: number[];

  constructor(readonly exploration: Exploration) {
    if (!exploration.parameters.length) throw new ExplorePathError(exploration.name, 'explores nothing: add a vary { PATH = values } block');
    // Order the setters so workload paths run before tiling (tc = seq_len / bc) whatever order they were written in.
    this.params = exploration.parameters.map(p => {
      if (!p.values.length) throw new ExplorePathError(p.path, 'has no values');
      return { path: p.path, values: p.values, labels: p.labels.length === p.values.length ? p.labels : p.values.map(v => labelOf(v)), entry: explorablePath(p.path) };
    });
    this.radix = this.params.map(p => p.values.length);
    this.stride = new Array(this.radix.length);
    let s = 1;
    for (let p = this.radix.length - 1; p >= 0; p--) { this.stride[p] = s; s *= this.radix[p]!; }
    this.size = s;
    const rank = (e: ExplorablePath) => (e.path.startsWith('workload.') ? 0 : e.path.startsWith('mapping.tiling.') ? 1 : 2);
    this.setterOrder = this.params.map((_, i) => i).sort((a, b) => rank(this.params[a]!.entry) - rank(this.params[b]!.entry) || a - b);
    if (!Number.isSafeInteger(s)) throw new ExplorePathError(exploration.name, `has ${s} points, beyond what can be indexed`);
  }

  digits(index: number, out: number[] = new Array(this.radix.length)): number[] {
    let r = index;
    for (let p = 0; p < this.radix.length; p++) { const st = this.stride[p]!; out[p] = Math.floor(r / st); r -= out[p]! * st; }
    return out;
  }
  indexOf(digits: ArrayLike<number>): number {
    let i = 0;
    for (let p = 0; p < this.radix.length; p++) i += digits[p]! * this.stride[p]!;
    return i;
  }
  /** The base Simulation with the point's values put in (a copy; the base is untouched). */
  simulationAt(index: number): Simulation {
    return this.simulationOf(this.digits(index));
  }
  simulationOf(digits: ArrayLike<number>): Simulation {
    const sim = cloneSimulation(this.exploration.simulation);
    for (const p of this.setterOrder) { const q = this.params[p]!; q.entry.set(sim, q.values[digits[p]!]!); }
    return sim;
  }
  /** The base Simulation with only one group's values of the point put in (new objects for that group only). */
  groupSimulationOf(digits: ArrayLike<number>, group: PathGroup): Simulation {
    const sim = cloneGroup(this.exploration.simulation, group);
    for (const p of this.setterOrder) { const q = this.params[p]!; if (q.entry.group === group) q.entry.set(sim, q.values[digits[p]!]!); }
    return sim;
  }
  /**
   * Why a value is invalid for its field (the simulator's input checks, on the base with that one value), per
   * parameter and value: every check is on one field, so a point is valid when each of its values is.
   */
  valueError(p: number, digit: number): string | undefined {
    let errs = this.valueErrors[p];
    if (!errs) {
      errs = this.valueErrors[p] = this.params[p]!.values.map((v, k) => {
        const sim = cloneSimulation(this.exploration.simulation);
        try {
          this.params[p]!.entry.set(sim, v);
          validateSimulation(sim);
          if (sim.mapping.chip.rows * sim.mapping.chip.cols > 1) validateMesh(sim.mapping);
          return undefined;
        } catch (e) {
          return `${this.params[p]!.path} = ${this.params[p]!.labels[k]}: ${(e as Error).message}`;
        }
      });
    }
    return errs[digit];
  }
  private readonly valueErrors: Array<Array<string | undefined> | undefined> = [];
  /** { PATH: value as written } of a point. */
  parametersAt(index: number): Record<string, string> {
    const d = this.digits(index);
    return Object.fromEntries(this.params.map((p, k) => [p.path, p.labels[d[k]!]!]));
  }
}

/** A value as the language writes it, for parameters given without labels. */
export function labelOf(v: ExploreValue): string {
  if (typeof v === 'object' && v !== null) return `${v.rows} x ${v.cols}`;
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  return String(v);
}

/** Blocks each exhaustive shard gets, dealt round-robin over the space (see shardBlocks). */
export const SHARD_STRIPES = 16;

/**
 * Shard I of N (0-based) of the point indices [0, size): blocks of ceil(size / (16 N)) consecutive points dealt
 * round-robin (block b goes to shard b mod N), so every shard takes a part of every region of the space. The cost of
 * a point depends on its region (how often the core changes, how large the front is there), and contiguous shares
 * left one shard the slow region (9.3 s against 11.5 s for two halves); consecutive points inside a block keep the
 * evaluator's caches warm. The blocks of all shards partition [0, size) exactly once, in increasing order.
 */
export function shardBlocks(size: number, shard: number, shards: number): Array<[number, number]> {
  const block = Math.max(1, Math.ceil(size / (shards * SHARD_STRIPES)));
  const out: Array<[number, number]> = [];
  for (let start = shard * block; start < size; start += shards * block) out.push([start, Math.min(size, start + block)]);
  return out;
}
/** How many points shard I of N evaluates. */
export function shardPoints(size: number, shard: number, shards: number): number {
  return shardBlocks(size, shard, shards).reduce((n, [a, b]) => n + b - a, 0);
}
