// Every custom message between the language server and the client (and the webviews), typed once for both sides.
// Plain types and string constants only: the client, the server and the webview bundle all import this file.
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

/** Server -> client after every simulation run (and when a run's result turns stale). */
export const SimulationResultNotification = 'star/simulationResult';
export interface SimulationResultParams {
  uri: string;
  version: number;             // document version the results were computed from
  stale: boolean;              // the file changed or has errors since; these are the last good results
  running: boolean;
  elapsedMs: number;
  results: Array<{ simulation: SimulationResult; chip: ChipView; simulateLine: number }>;
  error?: string;
}

/** Client -> server: simulate this document now (the "STAR: Run Simulation" command). */
export const RunSimulationRequest = 'star/runSimulation';
export interface RunSimulationParams { uri: string }

/** Client -> server: the latest results of a document, for a view opened after the run. */
export const GetResultsRequest = 'star/getResults';
export interface GetResultsParams { uri: string }

/** Server -> client: the server's state for the status bar (idle, simulating, error). */
export const ServerStatusNotification = 'star/serverStatus';
export interface ServerStatusParams { state: 'ready' | 'simulating' | 'error'; message?: string; headline?: string; uri?: string }
