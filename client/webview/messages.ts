// Messages between the graph webview and the extension (postMessage both ways). Plain types only.
import type { SimulationResultParams, SourceLink } from '../../server/src/protocolTypes.js';

export type EngineOrSram = 'dlzs' | 'sads' | 'kvgen' | 'sufa' | 'sram';

/** What the editor cursor is on, to highlight in the view. */
export type HighlightTarget =
  | { kind: 'core' }
  | { kind: 'chip' }
  | { kind: 'mapping' }
  | { kind: 'engine'; engine: EngineOrSram };

export type HostToView =
  | { type: 'results'; fileName: string; params: SimulationResultParams | null; message?: string }
  | { type: 'highlight'; target: HighlightTarget | null }
  | { type: 'exported'; path: string | null };

export type ViewToHost =
  | { type: 'ready' }
  | { type: 'reveal'; link: SourceLink; what: string }
  | { type: 'exportSvg'; svg: string; suggestedName: string };
