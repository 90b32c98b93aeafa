// The simulator's entry point: one checked Simulation in, one SimulationResult out. A plain library: no vscode or
// LSP imports, so the language server, the CLI, the tests and the benchmarks all call the same code.
import type { Design, Simulation } from '../model/design.js';
import type { SimulationResult } from './result.js';
import { simulateCore, statsFor } from './core/simulate.js';
import { validateSimulation } from './core/validate.js';
import { simulateSpatial } from './spatial/simulate.js';

export interface SimulateOptions {
  onProgress?: (fraction: number, message: string) => void;   // long runs report progress
  functionalSampleRows?: number;                               // rows the functional model runs on (default: model's)
}

export { SimulationInputError } from './core/validate.js';
export { INTERNAL_FAULT } from './fault.js';

export function simulate(sim: Simulation, opts: SimulateOptions = {}): SimulationResult {
  validateSimulation(sim);
  opts.onProgress?.(0, `${sim.name}: functional model`);
  const stats = statsFor(sim.mapping, opts.functionalSampleRows);
  opts.onProgress?.(0.8, `${sim.name}: performance model`);
  // Meshes larger than 1 x 1 go to the spatial model (issue 6).
  const chip = sim.mapping.chip;
  const result = chip.rows * chip.cols > 1 ? simulateSpatial(sim, stats, opts) : simulateCore(sim, stats);
  opts.onProgress?.(1, `${sim.name}: done`);
  return result;
}

export function simulateDesign(design: Design, opts: SimulateOptions = {}): SimulationResult[] {
  return design.simulations.map(s => simulate(s, opts));
}
