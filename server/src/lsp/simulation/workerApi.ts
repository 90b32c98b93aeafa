// Messages between the language server and its simulation worker (dist/server/simWorker.js). The worker owns no
// state across runs: each `run` carries the full text, so a terminated worker loses nothing.
import type { SimulationResultParams } from '../../protocolTypes.js';
import type { StarDiagnostic } from '../../language/diagnostics.js';

export type SimulationEntry = SimulationResultParams['results'][number];

export interface RunMessage {
  type: 'run';
  runId: number;
  uri: string;
  version: number;
  text: string;
  /** Test-only: busy-wait this long before each simulation, to make a run long (STAR_SIM_TEST_DELAY_MS). */
  testDelayMs?: number;
}
export type ToWorker = RunMessage;

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; runId: number; fraction: number; message: string }
  /** `findings`: the model's mesh checks (meshDiagnostics), spans into the simulated text; `elapsedMs`: check + simulate. */
  | { type: 'done'; runId: number; results: SimulationEntry[]; elapsedMs: number; findings?: StarDiagnostic[] }
  /** The file has errors: nothing was simulated. */
  | { type: 'errors'; runId: number; count: number; first: string }
  /** A simulation threw; `name` says which. */
  | { type: 'failed'; runId: number; message: string; name?: string };
