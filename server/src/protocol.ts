// Every custom message between the language server and the client, declared once as a typed object (method name,
// parameters, result), as rust-analyzer's lsp_ext.ts does: a caller never states a result type by hand. The data types
// and the command ids are in protocolTypes.ts (plain, for the webview bundle too) and re-exported here.
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type {
  SimulationResultParams, RunSimulationParams, GetResultsParams, ServerStatusParams,
  ExplorationResultParams, ApplyExplorePointParams, ApplyExplorePointResult,
} from './protocolTypes.js';

export * from './protocolTypes.js';

/** Server -> client after every simulation run (and when a run's result turns stale). */
export const SimulationResultNotification = new NotificationType<SimulationResultParams>('star/simulationResult');

/** Client -> server: simulate this document now (the "STAR: Run Simulation" command); the state after the run. */
export const RunSimulationRequest = new RequestType<RunSimulationParams, SimulationResultParams | null, void>('star/runSimulation');

/** Client -> server: the latest results of a document, for a view opened after the run; null when there are none. */
export const GetResultsRequest = new RequestType<GetResultsParams, SimulationResultParams | null, void>('star/getResults');

/** Server -> client: the server's state for the status bar (idle, simulating, error). */
export const ServerStatusNotification = new NotificationType<ServerStatusParams>('star/serverStatus');

/** Server -> client: the fronts of a document's explore items, while a run progresses and when it ends (issue 14). */
export const ExplorationResultNotification = new NotificationType<ExplorationResultParams>('star/explorationResult');

/** Client -> server: the latest exploration state of a document, for a Pareto view opened after the run. */
export const GetExplorationsRequest = new RequestType<GetResultsParams, ExplorationResultParams | null, void>('star/getExplorations');

/** Client -> server: explore this document's explore items now ("STAR: Run Exploration"); the state after the run. */
export const RunExplorationRequest = new RequestType<RunSimulationParams, ExplorationResultParams | null, void>('star/runExploration');

/** Client -> server: the edits that write a front point into the source ("Apply this point"). */
export const ApplyExplorePointRequest = new RequestType<ApplyExplorePointParams, ApplyExplorePointResult, void>('star/applyExplorePoint');
