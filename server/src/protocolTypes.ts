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

/** A value of an explored field as the Pareto view shows it and "Apply this point" writes it back: the text as written
 *  in the language ("256 KB", "128 x 8", "mesh.rows") and the model's value in base units (model/explore.ts). */
export interface ExplorePointValue { label: string; value: number | string | boolean | { rows: number; cols: number } }

/** One evaluated, feasible design: the varied fields by path ("core.sram.token") and every metric by name (base units
 *  of model/metrics.ts). `index` numbers the point in its exploration (the apply request names it). */
export interface ExplorePoint {
  index: number;
  parameters: Record<string, ExplorePointValue>;
  metrics: Record<string, number>;
}

/** One explore item's run, as the editor sees it (the CLI's --json fields, plus what the view draws). */
export interface ExplorationView {
  name: string;
  /** The line of the `explore` keyword (0-based): the code lens and the view's "explore" link. */
  line: number;
  objectives: Array<{ metric: string; sense: 'min' | 'max' }>;
  /** Base unit of every metric that appears in the points (model/metrics.ts METRICS). */
  units: Record<string, string>;
  /** The varied paths in the order written. */
  parameters: string[];
  space: { points: number };
  search: 'exhaustive' | 'evolutionary';
  evaluated: number;
  feasible: number;
  seconds: number;
  evaluationsPerS: number;
  /** Hypervolume of the front against `reference` (one value per objective, in the objectives' order and units). */
  hypervolume: number;
  reference: number[];
  /** Evolutionary runs: the front's hypervolume after each generation. */
  hvPerGeneration?: number[];
  /** Distinct functional statistics the space needed and the seconds they cost (shared by points with the same top-k, Bc, ...). */
  functional?: { distinct: number; seconds: number };
  /** The Pareto front of the feasible points. */
  front: ExplorePoint[];
  /** A sample of the feasible points, at most CLOUD_LIMIT, for the plot's cloud (the front is not repeated in it). */
  cloud: ExplorePoint[];
  /** Infeasible points by reason (design rule or constraint), for the view's summary. */
  infeasible?: Record<string, number>;
  state: 'running' | 'done' | 'cancelled' | 'error';
  /** While running: the share of the space (or of the generations) done, 0..1. */
  done?: number;
  error?: string;
}

/** At most this many feasible points travel to the view for the cloud. */
export const CLOUD_LIMIT = 2000;

/** Server -> client after each exploration run and while it runs: protocol.ts ExplorationResultNotification. */
export interface ExplorationResultParams {
  uri: string;
  version: number;
  /** The file changed since: the fronts are of an older text and "Apply" is refused. */
  stale: boolean;
  running: boolean;
  explorations: ExplorationView[];
  error?: string;
}

/** Client -> server: the text edit that writes a front point into the source: ApplyExplorePointRequest. */
export interface ApplyExplorePointParams {
  uri: string;
  /** The document version the point was computed from: a newer text is refused (the view shows a stale front). */
  version: number;
  exploration: string;
  /** The point's parameters by path, as the view received them. */
  parameters: Record<string, ExplorePointValue>;
}

/** The answer: a WorkspaceEdit-shaped set of edits of the one document, or why the point cannot be written. */
export interface ApplyExplorePointResult {
  edits?: Array<{ range: Range; newText: string }>;
  /** The fields written, "core star: sram.token = 256 KB", for the message after applying. */
  summary?: string[];
  error?: string;
}

/**
 * Every command id of the extension (package.json contributes them). The server names the client's commands in its
 * code lenses, so both sides take the ids from here.
 */
export const Commands = {
  restartServer: 'star.restartServer',
  showParetoFront: 'star.showParetoFront',
  runExploration: 'star.runExploration',
  showServerLog: 'star.showServerLog',
  runSimulation: 'star.runSimulation',
  showReport: 'star.showReport',
  showGraph: 'star.showGraph',
} as const;
export type CommandId = typeof Commands[keyof typeof Commands];
