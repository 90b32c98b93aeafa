// A test double of the exploration worker: the real worker loop (workerCore) with a made-up engine and explore item,
// since the explorer and the explore syntax are not part of this branch. The workload's `model` string sets how long
// the engine works ("delay 800" = 800 ms, busy, with progress), so tests can make a run long enough to cancel.
import { parentPort } from 'node:worker_threads';
import { serveExplorations } from '../../../src/lsp/explore/workerCore.js';
import type { ExploreEngine, EnginePoint } from '../../../src/lsp/explore/engine.js';
import type { Exploration } from '../../../src/model/explore.js';

const KB = 1024;

/** One explore item over the first simulate: core.sram.token in 128 .. 512 KB step 128 KB, latency and area minimised. */
export const fakeExplorations = (design: import('../../../src/model/design.js').Design): Exploration[] => design.simulations.slice(0, 1).map(sim => ({
  name: 'sizing', simulation: sim,
  parameters: [{ path: 'core.sram.token', values: [128, 256, 384, 512].map(k => k * KB), labels: ['128 KB', '256 KB', '384 KB', '512 KB'] }],
  objectives: [{ metric: 'latency', sense: 'min' }, { metric: 'area', sense: 'min' }], constraints: [], search: { kind: 'exhaustive' },
  points: 4, span: sim.span,
}));

const fakeEngine: ExploreEngine = (x, { onProgress }) => {
  const delay = Number(/delay (\d+)/.exec(x.simulation.mapping.workload.model)?.[1] ?? 0);
  const t0 = Date.now();
  for (let t = 0; t < delay; t = Date.now() - t0) {
    onProgress?.({ done: t / delay, evaluated: Math.floor(4 * t / delay), evaluationsPerS: 4000 });
    const until = Date.now() + 10; while (Date.now() < until) { /* busy, like a synchronous search */ }
  }
  const front: EnginePoint[] = x.parameters[0]!.values.map(v => ({
    parameters: { 'core.sram.token': v }, metrics: { latency: 1e6 / (v as number), area: (v as number) / 1e5, energy: 3 },
  }));
  return { name: x.name, objectives: ['latency', 'area'], space: { points: 4 }, evaluated: 4, feasible: 4, seconds: (Date.now() - t0) / 1000,
    evaluationsPerS: 4 / Math.max(1e-3, (Date.now() - t0) / 1000), hypervolume: 1, reference: [10, 10], front };
};

if (parentPort) serveExplorations(parentPort, fakeEngine, fakeExplorations);
