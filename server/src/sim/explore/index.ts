// Design-space exploration (issue 14): the point space, the evaluator, exhaustive and NSGA-II search, hypervolume
// and the journal. A plain library (no vscode or LSP imports): the CLI, the language server and the benches call it.
export { EXPLORABLE, EXPLORABLE_PATHS, explorablePath, ExplorePathError, cloneSimulation, type ExplorablePath } from './paths.js';
export { Space, shardBlocks, shardPoints, labelOf } from './space.js';
export { Evaluator } from './evaluator.js';
export { METRIC_NAMES, METRIC_GETTERS, metricsOfResult } from './metrics.js';
export { runExploration, chosenSearch, runSignature, assembleResult, type ExploreOptions } from './run.js';
export { islandSeed } from './nsga2.js';
export { mergeExploration, MergeError } from './merge.js';
export * from './shards.js';
export { hypervolume, REFERENCE } from './hypervolume.js';
export { ParetoArchive, nonDominatedSort, crowding, compare } from './pareto.js';
export type { ExplorationResult, FrontPoint, IslandSummary } from './objectives.js';
export { JournalError } from './journal.js';
