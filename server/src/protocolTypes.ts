// The data of every custom message between the language server and the client (and the webviews), and every command
// id. Plain types and constants, no imports at run time: the webview bundle (browser) imports this file; the typed
// message objects, which need vscode-jsonrpc, are in protocol.ts.
import type { SimulationResult } from './sim/result.js';

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** Where the graph view and the report can send the cursor: the definition of a core, chip, engine or mapping. */
export interface SourceLink { uri: string; range: Range }

export interface ChipView {
  name: string;
  rows: number;
  cols: number;
  coreName: string;
  singleCore: boolean;
  kvFlow: 'own' | 'multicast' | 'ring';
  partition: { heads: string; queries: string; kv: string };
  dramRouters: Array<[number, number]>;
  links: { chip?: SourceLink; core?: SourceLink; mapping?: SourceLink;
           engines: Partial<Record<'dlzs' | 'sads' | 'kvgen' | 'sufa' | 'sram', SourceLink>> };
}

/** Server -> client after every simulation run (and when a run's result turns stale): protocol.ts SimulationResultNotification. */
export interface SimulationResultParams {
  uri: string;
  version: number;             // document version the results were computed from
  stale: boolean;              // the file changed or has errors since; these are the last good results
  running: boolean;
  elapsedMs: number;           // how long the worker took to check and simulate that version (0 when it did not)
  results: Array<{ simulation: SimulationResult; chip: ChipView; simulateLine: number }>;
  error?: string;
  /** The last run failed (a fault of the simulator or its worker, not an error in the file): the status item turns red. */
  failed?: boolean;
}

/** Client -> server: simulate this document now (the "STAR: Run Simulation" command): RunSimulationRequest. */
export interface RunSimulationParams { uri: string }

/** Client -> server: the latest results of a document, for a view opened after the run: GetResultsRequest. */
export interface GetResultsParams { uri: string }

/** Server -> client: the server's state for the status bar (idle, simulating, error): ServerStatusNotification. */
export interface ServerStatusParams { state: 'ready' | 'simulating' | 'error'; message?: string; headline?: string; uri?: string }

/**
 * Every command id of the extension (package.json contributes them). The server names the client's commands in its
 * code lenses, so both sides take the ids from here.
 */
export const Commands = {
  restartServer: 'star.restartServer',
  showServerLog: 'star.showServerLog',
  runSimulation: 'star.runSimulation',
  showReport: 'star.showReport',
  showGraph: 'star.showGraph',
} as const;
export type CommandId = typeof Commands[keyof typeof Commands];
