// The Spatial-STAR performance model: a mesh of STAR cores, each evaluated by the core model (evaluateCore) on its
// share of the work, with the DRAM bandwidth it can really get once the mesh's links and DRAM routers are shared.
// Analytic: one pass to place every byte on the mesh, one evaluation per core. runSpatial is the list of phases:
// place.ts lays out, partitions and places the bytes; cost.ts prices them. See docs/spatial.md for the assumptions
// and how each number is derived.
import type { Axis, Mapping } from '../../model/design.js';
import type { FunctionalStats } from '../functional/stats.js';
import type { Ablation, CoreEval, CoreWork, KvSource } from '../core/evaluate.js';
import type { Mesh, ChannelRouter } from './mesh.js';
import type { Partitioning } from './partition.js';
import type { Traffic } from './traffic.js';
import { layoutMesh, partitionWork, perCoreWork, routeTraffic } from './place.js';
import { dataWays, timing, energyAndArea, assembleResult } from './cost.js';

export { kvUnion } from './place.js';

export type KvFlow = Mapping['kvFlow'];
export type Stages = Mapping['stages'];

/** One way of running the mapping's workload on its chip: the optimized mapping, the baseline, or a step between. */
export interface SpatialVariant {
  stages: Stages;
  kvFlow: KvFlow;
  partition: { heads: Axis; queries: Axis; kv: Axis };
  kvSource: KvSource;
  ablation?: Partial<Ablation>;
  /** Overrides the chip's link bandwidth (the mesh checks compare against an unlimited network). */
  linkBandwidthBps?: number;
}

export interface CoreRun {
  id: number;
  row: number;
  col: number;
  idle: boolean;
  work?: CoreWork;
  eval?: CoreEval;          // nominal share at the bandwidth the core gets
  seconds: number;          // the core's finishing time: slowest-core allowance and merges included
  busyS: number;            // nominal busy time
  bandwidthBps: number;     // DRAM bandwidth the core effectively gets through the mesh
  dramBytes: number;        // bytes the core itself needs (its own view, whatever the KV flow)
  mergeS: number;           // partial-state merges (ring shard syncs, split-KV reduction at a root)
}

export interface SpatialRun {
  mesh: Mesh;
  partitioning: Partitioning;
  channelRouters: ChannelRouter[];
  channelBps: number[];            // bandwidth of each DRAM router (its channels together)
  linkBps: number;
  traffic: Traffic;                // bytes over the whole run (all layers)
  cores: CoreRun[];
  critical: number;                // core that finishes last
  latencyS: number;
  computeS: number;                // slowest core with an unlimited network and DRAM
  contentionS: number;             // lost to link / DRAM-router serialisation
  imbalanceS: number;              // lost to the slowest core's extra sparse work
  mergeS: number;                  // partial-state merges on the critical path
  hopS: number;                    // hop latency (pipeline fill across the mesh, once per layer)
  imbalance: number;               // expected max / mean formal work over the busy cores
  energyJ: Record<string, number>;
  denseOps: number;
  dramBytes: number;
  byteHops: number;
  areaMm2: number;
  areaByComponentMm2: Record<string, number>;
  bottleneck: string;
  notes: string[];
}

export function runSpatial(m: Mapping, stats: FunctionalStats, v: SpatialVariant): SpatialRun {
  const lay = layoutMesh(m, v);                                 // mesh, DRAM routers, bandwidths
  const work = partitionWork(m, lay.mesh, v);                   // who runs which heads, queries and keys
  const shapes = perCoreWork(m, stats, v, lay.mesh, work.busy); // each distinct share and its own bytes
  const routed = routeTraffic(m, stats, v, lay, work, shapes);  // every byte on links and DRAM routers
  const wayOf = dataWays(lay, routed);                          // each core's slowest DRAM router or link
  const time = timing(m, stats, lay, work, shapes, routed, wayOf);
  const ea = energyAndArea(m, lay, time, routed);
  return assembleResult(lay, work, routed, time, ea);
}
