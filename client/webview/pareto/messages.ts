// Messages between the Pareto webview and the extension (postMessage both ways). Plain types only.
import type { ExplorationResultParams } from '../../../server/src/protocolTypes.js';

export type ParetoHostToView =
  | { type: 'explorations'; fileName: string; params: ExplorationResultParams | null; message?: string }
  /** The answer to an apply: written (with what), or why not. */
  | { type: 'applied'; ok: boolean; message: string };

export type ParetoViewToHost =
  | { type: 'ready' }
  /** "Apply this point": the host looks the point up by exploration and index in its own copy (the view names, never writes). */
  | { type: 'apply'; exploration: string; index: number }
  /** Put the cursor on the explore item. */
  | { type: 'reveal'; exploration: string };
