// Messages between the language server and its exploration worker (dist/server/exploreWorker.js). Each run carries
// the full text: a terminated worker (a newer save, a cancel) loses nothing.
import type { ExplorationView } from '../../protocolTypes.js';

export interface ExploreRunMessage { type: 'run'; runId: number; uri: string; text: string }

export type FromExploreWorker =
  | { type: 'ready' }
  /** The file has no explore item: nothing to run. */
  | { type: 'none'; runId: number }
  | { type: 'errors'; runId: number; count: number; first: string }
  /** While running: the running exploration's view so far (front may be partial), `done` in 0..1 of the whole file. */
  | { type: 'progress'; runId: number; exploration: ExplorationView; done: number }
  /** One explore item finished (or failed: state 'error'). */
  | { type: 'exploration'; runId: number; exploration: ExplorationView }
  | { type: 'done'; runId: number; seconds: number };
