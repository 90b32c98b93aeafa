// The exploration worker (bundled to dist/server/exploreWorker.js, next to server.js): runs the explore items of a
// saved file off the server's main thread, so editing never waits for a search.
import { parentPort } from 'node:worker_threads';
import { serveExplorations } from './workerCore.js';
import type { ExploreEngine } from './engine.js';
import { exploreEngine } from './realEngine.js';

if (!parentPort) throw new Error('exploreWorker.js runs as a worker thread of the STAR language server, not on its own');

// The explorer of server/src/sim/explore/, adapted to the worker's contract (realEngine.ts).
const engine: ExploreEngine | undefined = exploreEngine;

serveExplorations(parentPort, engine);
