// Spatial-STAR evaluation speed: one mesh run (runSpatial: traffic on every link and DRAM router, every core
// evaluated) and the full simulate result (optimized + baseline spatial design + breakdown steps), with the
// functional statistics already cached. Goals (issue 6): 16 x 16 at 128K tokens < 100 ms, 64 x 64 at 1M < 1 s.
import type { Axis, Mapping } from '../server/src/model/design.js';
import { starCore, llama7b } from '../server/src/sim/core/defaults.js';
import { statsFor } from '../server/src/sim/core/simulate.js';
import { runSpatial } from '../server/src/sim/spatial/model.js';
import { optimizedVariant, simulateSpatial } from '../server/src/sim/spatial/simulate.js';

function meshMapping(side: number, tokens: number, kvFlow: Mapping['kvFlow']): Mapping {
  const workload = { ...llama7b(0.2, tokens), name: `llama7b_${tokens / 1024}k` };
  // 32 heads: heads over the rows while there are at most 32; beyond, the KV range is split over the rows.
  const partition: { heads: Axis; queries: Axis; kv: Axis } = side <= 32
    ? { heads: 'rows', queries: 'cols', kv: 'none' } : { heads: 'none', queries: 'cols', kv: 'rows' };
  return {
    name: `mesh${side}`, workload,
    chip: {
      name: `mesh${side}x${side}`, rows: side, cols: side, core: starCore(), singleCore: false,
      noc: { linkBandwidthBps: 64e9, hopLatencyCycles: 2, routing: 'xy' },
      dram: { kind: 'HBM2', channels: 16 * Math.max(1, side / 4), bandwidthBps: 512e9 * Math.max(1, side / 4), attach: 'edges' },
    },
    tiling: { bc: 128, tc: Math.ceil(tokens / 128) },
    partition, kvFlow, stages: 'pipelined',
  };
}

function median(xs: number[]): number { return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]; }

export default async function bench(): Promise<void> {
  const cases: Array<[number, number, Mapping['kvFlow'], number?]> = [[1, 131072, 'ring'], [2, 131072, 'ring'], [4, 131072, 'ring'],
    [8, 131072, 'ring'], [16, 131072, 'ring', 100], [16, 131072, 'multicast', 100], [32, 524288, 'ring'],
    [64, 1048576, 'ring', 1000], [64, 1048576, 'multicast', 1000]];
  // Wall time is what a user waits; CPU time (user) shows the cost when other processes share the machine.
  // The last columns say what sets the time: DRAM bytes served, the busiest DRAM router's and link's time (docs/spatial.md, Scaling).
  console.log('mesh      flow       tokens  busy cores  one run (ms)  simulate (ms)  simulate cpu (ms)  latency (s)  vs baseline  ' +
    'DRAM (TB)  router (s)  link (s)  goal');
  for (const [side, tokens, flow, goal] of cases) {
    const m = meshMapping(side, tokens, flow);
    const stats = statsFor(m);
    const sim = { name: m.name, mapping: m, baselines: ['baseline_spatial'] };
    const reps = side >= 32 ? 3 : 7;
    const one: number[] = [], full: number[] = [], cpu: number[] = [];
    let res = simulateSpatial(sim, stats);   // warm-up
    let busy = 0, dramTB = 0, routerS = 0, linkS = 0;
    for (let i = 0; i < reps; i++) {
      let t0 = performance.now();
      const r = runSpatial(m, stats, optimizedVariant(m));
      one.push(performance.now() - t0);
      busy = r.cores.filter(c => !c.idle).length;
      dramTB = r.dramBytes / 1e12;
      routerS = Math.max(...r.channelBps.map((bps, k) => r.traffic.channel[k] / bps));
      linkS = r.traffic.hottestLink()[1] / r.linkBps;
      t0 = performance.now();
      const c0 = process.cpuUsage();
      res = simulateSpatial(sim, stats);
      full.push(performance.now() - t0);
      cpu.push(process.cpuUsage(c0).user / 1000);
    }
    const med = median(full);
    console.log(`${`${side} x ${side}`.padEnd(9)} ${flow.padEnd(9)} ${`${tokens / 1024}K`.padStart(6)}  ${String(busy).padStart(10)}  ${median(one).toFixed(1).padStart(12)}  ` +
      `${med.toFixed(1).padStart(13)}  ${median(cpu).toFixed(1).padStart(17)}  ${(res.latencyMs / 1e3).toPrecision(4).padStart(11)}  ${res.baselines.baselineSpatial.speedup.toFixed(2).padStart(10)}x  ` +
      `${dramTB.toFixed(1).padStart(9)}  ${routerS.toPrecision(4).padStart(10)}  ${linkS.toPrecision(4).padStart(8)}  ` +
      (goal ? `< ${goal} ms: ${med < goal ? 'met' : 'NOT met'}` : ''));
  }
}
