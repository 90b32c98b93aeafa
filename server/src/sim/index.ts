// The simulator's entry point: one checked Simulation in, one SimulationResult out. A plain library: no vscode or
// LSP imports, so the language server, the CLI, the tests and the benchmarks all call the same code.
import type { Design, Simulation } from '../model/design.js';
import type { SimulationResult } from './result.js';

export interface SimulateOptions {
  signal?: AbortSignal;                                        // a newer save cancels the run in progress
  onProgress?: (fraction: number, message: string) => void;   // long runs report progress
  functionalSampleRows?: number;                               // rows the functional model runs on (default: model's)
}

export function simulate(_sim: Simulation, _opts: SimulateOptions = {}): SimulationResult {
  throw new Error('simulate: not implemented yet (issues 5 and 6)');
}

export function simulateDesign(design: Design, opts: SimulateOptions = {}): SimulationResult[] {
  return design.simulations.map(s => simulate(s, opts));
}
