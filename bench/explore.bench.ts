// Design-space exploration speed and quality (issue 14). Goals: the whole explore loop >= 1,000,000 evaluations/s
// on one core for points sharing functional statistics; the exhaustive front of a 1,000,000-point single-core space
// < 3 s; a 10,000-point spatial space (meshes 2 x 2 .. 16 x 16) < 10 s; NSGA-II >= 95% of the exhaustive front's
// hypervolume with <= 5% of its evaluations on the core sample; a 10^7-point space in < 500 MB.
import { performance } from 'node:perf_hooks';
import { runExploration, hypervolume, type ExplorationResult } from '../server/src/sim/explore/index.js';
import { arrays, coreSpace, exploration, KB, millionSpace, param, range, sampleSimulation, spatialSpace } from '../server/test/sim/explore/fixtures.js';

const n = (x: number) => Math.round(x).toLocaleString('en-US');

function timed(f: () => ExplorationResult): { r: ExplorationResult; wall: number; cpu: number } {
  const c0 = process.cpuUsage(), t0 = performance.now();
  const r = f();
  const c = process.cpuUsage(c0);
  return { r, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

/** Hypervolume of b's front under a's normalisation, over a's. */
function hvRatio(a: ExplorationResult, b: ExplorationResult): number {
  const sign = a.senses.map(s => (s === 'max' ? -1 : 1));
  const norm = (f: { metrics: Record<string, number> }) => a.objectives.map((o, j) => {
    const lo = a.reference.ideal[j]! * sign[j]!, hi = a.reference.worst[j]! * sign[j]!;
    return hi > lo ? (sign[j]! * f.metrics[o]! - lo) / (hi - lo) : 0;
  });
  return hypervolume(b.front.map(norm)) / hypervolume(a.front.map(norm));
}

export default async function run(): Promise<void> {
  // Memory first, in a fresh process state: a 10^7-point space (exhaustive, 3 objectives) stays bounded by the front.
  const huge = exploration(sampleSimulation('star-llama7b-4k.star'), [
    param('core.sufa.array', arrays(128, [2, 4, 8, 16])),
    param('core.dlzs.array', arrays(128, [8, 16, 32, 64])),
    param('core.sads.sorters', [32, 64, 128, 256, 512]),
    param('core.sram.token', range(128, 512, 32).map(x => x * KB)),
    param('core.sram.temp', [16, 28, 32, 64].map(x => x * KB)),
    param('technology.frequency', [0.8e9, 0.9e9, 1e9, 1.1e9, 1.2e9]),
    param('core.sufa.exp_units', [32, 64, 128, 256]),
    param('chip.dram.bandwidth', [256e9, 512e9, 768e9, 1024e9]),
    param('core.sufa.div_units', [64, 128]),
    param('mapping.tiling.bc', [32, 64, 128]),
    param('workload.sparsity.top_k', [0.1, 0.15, 0.2, 0.25, 0.3]),
  ], ['latency', 'energy', 'area'], [{ metric: 'power', op: '<=', value: 6 }], { kind: 'exhaustive' }, 'huge');
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const h = timed(() => runExploration(huge, { onProgress: () => { peak = Math.max(peak, process.memoryUsage().rss); }, progressMs: 200 }));
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(`10^7-point space (${n(huge.points)} points): ${h.wall.toFixed(1)} s wall, ${h.cpu.toFixed(1)} s CPU, front ${h.r.front.length}; peak RSS ${(peak / 2 ** 20).toFixed(0)} MB (process max ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, at start ${(rss0 / 2 ** 20).toFixed(0)} MB)  [goal < 500 MB]`);

  // 1. The 1,064,960-point single-core space: cold (functional statistics computed), then warm (memoised).
  const big = millionSpace();
  const cold = timed(() => runExploration(big));
  console.log(`1M-point single-core space (${n(big.points)} points, ${cold.r.functional.distinct} distinct functional stats in ${cold.r.functional.seconds.toFixed(2)} s): first run ${cold.wall.toFixed(2)} s wall, ${cold.cpu.toFixed(2)} s CPU; front ${cold.r.front.length}`);
  let best = Infinity, bestCpu = Infinity;
  for (let k = 0; k < 3; k++) {
    const w = timed(() => runExploration(big));
    best = Math.min(best, w.wall); bestCpu = Math.min(bestCpu, w.cpu);
  }
  console.log(`  exhaustive front, stats shared: ${best.toFixed(2)} s wall, ${bestCpu.toFixed(2)} s CPU (best of 3)  [goal < 3 s]`);
  console.log(`  explore loop: ${n(big.points / best)} evaluations/s wall, ${n(big.points / bestCpu)} per CPU second  [goal >= 1,000,000/s]`);

  // 2. The spatial space: meshes 2 x 2 .. 16 x 16.
  const sp = spatialSpace();
  const s = timed(() => runExploration(sp));
  console.log(`spatial space (${n(sp.points)} points, meshes 2 x 2 .. 16 x 16): ${s.wall.toFixed(2)} s wall, ${s.cpu.toFixed(2)} s CPU (functional ${s.r.functional.seconds.toFixed(2)} s, ${s.r.functional.distinct} distinct); ${n(s.r.evaluationsPerS)} evaluations/s; front ${s.r.front.length}  [goal < 10 s]`);

  // 3. NSGA-II against the exhaustive front on the core sample.
  const core = coreSpace();
  const ex = runExploration(core, { search: { kind: 'exhaustive' } });
  for (const evo of [{ population: 64, generations: 60, seed: 1 }, { population: 64, generations: 60, seed: 2 }, { population: 96, generations: 60, seed: 1 }]) {
    const e = runExploration(core, { search: { kind: 'evolutionary', ...evo } });
    console.log(`NSGA-II on the core sample (${n(core.points)} points; population ${evo.population}, ${evo.generations} generations, seed ${evo.seed}): ` +
      `${(100 * hvRatio(ex, e)).toFixed(2)}% of the exhaustive hypervolume with ${n(e.evaluated)} evaluations = ${(100 * e.evaluated / ex.evaluated).toFixed(2)}% of them  [goal >= 95% with <= 5%]`);
  }

}
