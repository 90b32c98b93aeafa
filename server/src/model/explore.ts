// A design-space exploration as the checker hands it to the explorer (issue 14): the explored simulate target, the
// varied fields with their values in the checked model's base units, the objectives, the constraints and the search.
// The language side (parser, checker) fills it; the explorer (sim/explore) only reads it.
import type { Span } from './source.js';
import type { Simulation, Axis } from './design.js';

/** One value of a varied field, as the checked model holds it: numbers in base units (bytes, B/s, Hz, fractions,
 *  counts), enum words as strings ('ring', 'HBM3', 'edges'), booleans for on/off, R x C as { rows, cols },
 *  partitions as the model's Axis ('rows' | 'cols' | 'all' | 'none'). */
export type ExploreValue = number | string | boolean | { rows: number; cols: number } | Axis;

export interface ExploreParameter {
  /** The path as written and as reported: "core.sufa.array", "core.sram.token", "mapping.tiling.bc",
   *  "workload.sparsity.top_k", "chip.mesh", "chip.noc.link_bandwidth", "mapping.kv_flow", "mapping.heads" (partition). */
  path: string;
  /** Values in base units, in the order written (ranges expanded in order). Never empty once checked. */
  values: ExploreValue[];
  /** Each value as a user writes it in the language ("128 KB", "128 x 8", "12.5 %", "mesh.rows"), same order:
   *  used in reports and when a point is written back into the source. */
  labels: string[];
  span?: Span;
}

/** Objectives are minimised or maximised; `minimize a, b` and `maximize c` in the language. */
export interface ExploreObjective { metric: string; sense: 'min' | 'max'; span?: Span }

/** A constraint on a result metric; `value` in the metric's base unit (model/metrics.ts). */
export interface ExploreConstraint { metric: string; op: '<=' | '>=' | '<' | '>'; value: number; span?: Span }

export type ExploreSearch =
  | { kind: 'auto' }                 // exhaustive when the space is at most EXHAUSTIVE_LIMIT points, else evolutionary
  | { kind: 'exhaustive' }
  | { kind: 'evolutionary'; population: number; generations: number; seed: number };

/** Above this many points, `search = auto` is evolutionary and `search = exhaustive` gets a warning. */
export const EXHAUSTIVE_LIMIT = 2_000_000;
/** Defaults of `search = evolutionary { population, generations, seed }`. */
export const EVOLUTIONARY_DEFAULTS = { population: 64, generations: 50, seed: 1 } as const;

export interface Exploration {
  name: string;
  /** The explored target: its mapping with every value as written (the base point the varied values replace). */
  simulation: Simulation;
  parameters: ExploreParameter[];
  objectives: ExploreObjective[];
  constraints: ExploreConstraint[];
  search: ExploreSearch;
  /** Number of points: the product of the parameters' value counts. */
  points: number;
  span?: Span;
}
