// How the CLI and the editor name a simulation that throws on a checked file (no imports: the server's main thread
// uses it without loading the simulator). The simulator's ranges are the checker's (model/limits.ts), so such a
// throw is never the file's fault: it is a fault of the simulator, and `simulation-failed` says so.
export const INTERNAL_FAULT = 'internal fault of the simulator, not an error in the file (the checker accepted it; please report it)';
