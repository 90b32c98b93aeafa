// The spatial model's last phases (runSpatial): what each core's data costs on its way through DRAM routers and
// links, when each core finishes, the mesh's energy and area, and the SpatialRun that sums it up.
import type { Mapping } from '../../model/design.js';
import type { FunctionalStats } from '../functional/stats.js';
import { UNITS, coreAreaMm2, moduleCosts, techScale, MODULES } from '../core/components.js';
import type { CoreShare } from './partition.js';
import { routeMaxima, allRouteMaxima } from './traffic.js';
import { imbalanceFactor, inflateStats } from './imbalance.js';
import type { MeshLayout, WorkSplit, CoreShapes, Routed } from './place.js';
import type { CoreRun, SpatialRun } from './model.js';

/** Links or DRAM at this utilisation or above count as "the" bottleneck of the critical core. */
const TIE = 0.999;

/** A core's slowest resource: seconds per byte of its own DRAM traffic, and whether DRAM routers or links set it. */
export interface DataWay { seconds: number; by: 'dram' | 'noc' }

/** What each core's data really costs: the slowest resource on its data's way (DRAM routers, links). */
export function dataWays(lay: MeshLayout, r: Routed): (id: number) => DataWay {
  const { mesh, routers, near, channelBps, linkBps } = lay;
  const { t, kvGroups, groupOf, multicastSources, ringLinks } = r;
  const coords = mesh.coords();
  const L = t.link;
  const C = mesh.cols;
  /** Busiest link on the XY route a -> b (walked inline: a route is short next to a sweep of the mesh). */
  const pathMax = (ar: number, ac: number, br: number, bc: number): number => {
    let mx = 0, r = ar, c = ac;
    while (c !== bc) {
      const slot = (r * C + c) * 4 + (bc > c ? 0 : 1);
      if (L[slot] > mx) mx = L[slot];
      c += bc > c ? 1 : -1;
    }
    while (r !== br) {
      const slot = (r * C + c) * 4 + (br > r ? 2 : 3);
      if (L[slot] > mx) mx = L[slot];
      r += br > r ? 1 : -1;
    }
    return mx;
  };
  const sweeps = new Map<number, Float64Array>();   // per DRAM router: busiest link on its route to each core
  const sweep = (k: number): Float64Array => {
    let out = sweeps.get(k);
    if (!out) sweeps.set(k, (out = routeMaxima(t, routers[k].router, false).out));
    return out;
  };
  const groupMaxima = new Map<number, { ch: number; link: Float64Array }>();
  const groupMax = (gi: number) => {
    let gm = groupMaxima.get(gi);
    if (!gm) {
      const link = new Float64Array(mesh.size);
      let ch = 0;
      for (const k of multicastSources[gi]) {
        ch = Math.max(ch, t.channel[k] / channelBps[k]);
        const out = sweep(k);
        for (const id of kvGroups[gi]) if (out[id] > link[id]) link[id] = out[id];
      }
      groupMaxima.set(gi, (gm = { ch, link }));
    }
    return gm;
  };
  const ringMax = ringLinks.map(sl => sl.reduce((mx, s) => Math.max(mx, L[s]), 0));
  // Interleaved: every core uses every DRAM router, so its way is the busiest router and the busiest link on any
  // route between it and any router (one O(mesh) pass, not a walk per (core, router) pair).
  let everyRouter: { ch: number; link: Float64Array } | undefined;
  if (lay.interleaved) {
    let ch = 0;
    for (let k = 0; k < routers.length; k++) ch = Math.max(ch, t.channel[k] / channelBps[k]);
    everyRouter = { ch, link: allRouteMaxima(t, routers.map(r => r.router)) };
  }
  /** A core's own DRAM routers and the links between them and the core: [channel seconds, link bytes]. */
  const nearRes = (id: number): [number, number] => {
    if (everyRouter) return [everyRouter.ch, everyRouter.link[id]];
    let ch = 0, lk = 0;
    const [r, c] = coords[id];
    for (const [k] of near[id]) {
      ch = Math.max(ch, t.channel[k] / channelBps[k]);
      const [rr, rc] = routers[k].router;
      lk = Math.max(lk, pathMax(rr, rc, r, c), pathMax(r, c, rr, rc));
    }
    return [ch, lk];
  };
  // A ring member computes on shards its ring mates fetch: it goes no faster than the slowest mate's DRAM way.
  const ringNear = new Map<number, [number, number]>();
  const ringRes = (gi: number): [number, number] => {
    let rr = ringNear.get(gi);
    if (!rr) {
      rr = [0, 0];
      for (const id of kvGroups[gi]) { const [ch, lk] = nearRes(id); rr[0] = Math.max(rr[0], ch); rr[1] = Math.max(rr[1], lk); }
      ringNear.set(gi, rr);
    }
    return rr;
  };
  return (id: number): DataWay => {
    let [ch, lk] = nearRes(id);
    const [r, c] = coords[id];
    const gi = groupOf[id];
    if (gi >= 0 && ringLinks[gi].length) {
      const [rch, rlk] = ringRes(gi);
      ch = Math.max(ch, rch);
      lk = Math.max(lk, rlk);
    }
    if (gi >= 0) {
      const sources = multicastSources[gi];
      if (sources.length <= 4) {
        for (const k of sources) {
          ch = Math.max(ch, t.channel[k] / channelBps[k]);
          lk = Math.max(lk, pathMax(routers[k].router[0], routers[k].router[1], r, c));
        }
      } else {
        // many sources (a group spread over the mesh): one sweep per source, maxima shared by the group
        const gm = groupMax(gi);
        ch = Math.max(ch, gm.ch);
        lk = Math.max(lk, gm.link[id]);
      }
      lk = Math.max(lk, ringMax[gi]);
    }
    lk /= linkBps;
    return { seconds: Math.max(lk, ch), by: lk > ch ? 'noc' : 'dram' };
  };
}

/** When each core finishes, which one finishes last, and the parts of the latency. */
export interface Timing {
  cores: CoreRun[];
  critical: number;               // core that finishes last
  latencyS: number;
  computeS: number;               // slowest core with an unlimited network and DRAM
  nominalMaxS: number;            // slowest core's nominal busy time at the bandwidth it gets
  mergeCritS: number;             // the critical core's merges
  hopS: number;
  imbalance: number;              // expected max / mean formal work over the busy cores
  limitedBy: Map<number, 'dram' | 'noc'>;
}

/** Evaluate every core at its bandwidth; the slowest core also carries the load-imbalance allowance. */
export function timing(m: Mapping, stats: FunctionalStats, lay: MeshLayout, work: WorkSplit, shapes: CoreShapes, r: Routed,
  wayOf: (id: number) => DataWay): Timing {
  const chip = m.chip, w = m.workload, core = chip.core;
  const { mesh, routers, near, hz } = lay;
  const { p, busy } = work;
  const { works, shapeOf, splits, evalAt } = shapes;
  const { mergeAt, reduceFrom } = r;
  const coords = mesh.coords();
  const nominalBw = chip.dram.bandwidthBps;
  const units = (s: CoreShare) => (s.heads.hi - s.heads.lo) * (s.blocks.hi - s.blocks.lo);
  const meanUnits = busy.reduce((a, s) => a + units(s), 0) / busy.length;
  const f = imbalanceFactor(stats, w.queryBlock, busy.length, meanUnits);
  const unlucky = inflateStats(stats, f);
  const ghz = hz / 1e9;
  const sufaPes = Math.max(1, core.sufa.rows * core.sufa.cols);
  const cores: CoreRun[] = p.shares.map(s => ({
    id: s.id, row: s.row, col: s.col, idle: true, seconds: 0, busyS: 0, bandwidthBps: 0, dramBytes: 0, mergeS: 0,
  }));
  let critical = busy[0].id, latency = 0, nominalMax = 0, computeS = 0, mergeCrit = 0;
  const limitedBy = new Map<number, 'dram' | 'noc'>();
  for (let i = 0; i < works.length; i++) computeS = Math.max(computeS, evalAt(i, Number.MAX_VALUE, stats).seconds);
  for (const s of busy) {
    const shape = shapeOf[s.id];
    const own = splits[shape].own;
    const way = wayOf(s.id);
    const resS = way.seconds;
    limitedBy.set(s.id, way.by);
    const bw = own > 0 && resS > 0 ? own / resS : nominalBw;
    const e = evalAt(shape, bw, stats);
    const hi = f > 1 ? evalAt(shape, bw, unlucky) : e;
    const mergeS = mergeAt[s.id] / sufaPes / (ghz * 1e9);
    const c = cores[s.id];
    c.idle = false;
    c.work = works[shape];
    c.eval = e;
    c.seconds = hi.seconds + mergeS;
    c.busyS = e.seconds + mergeS;
    c.bandwidthBps = bw;
    c.dramBytes = own;
    c.mergeS = mergeS;
    nominalMax = Math.max(nominalMax, e.seconds);
  }
  // a reduction root finishes after its slowest member's partial states arrive and merge
  for (const s of busy) {
    const c = cores[s.id];
    for (const from of reduceFrom[s.id]) c.seconds = Math.max(c.seconds, cores[from].seconds + c.mergeS);
    if (c.seconds > latency) { latency = c.seconds; critical = s.id; mergeCrit = c.mergeS; }
  }
  // pipeline fill across the mesh: the farthest data travels once per layer before the pipeline runs
  let maxHops = 0;
  for (const s of busy) for (const [k] of near[s.id]) maxHops = Math.max(maxHops, mesh.hops(routers[k].router, coords[s.id]));
  maxHops += Math.max(0, ...r.ringHops);
  const hopS = (w.layers * maxHops * chip.noc.hopLatencyCycles) / hz;
  latency += hopS;
  return { cores, critical, latencyS: latency, computeS, nominalMaxS: nominalMax, mergeCritS: mergeCrit, hopS, imbalance: f, limitedBy };
}

/** The mesh's energy and area (the SpatialRun fields of the same names). */
export interface EnergyArea {
  energyJ: Record<string, number>;
  denseOps: number;
  dramBytes: number;
  areaMm2: number;
  areaByComponentMm2: Record<string, number>;
}

/**
 * Energy: cores (their own work, plus leakage while they wait), DRAM and its interface for the bytes the DRAM routers
 * really serve, the network per byte-hop and router leakage. Area: every core and, on a real mesh, its router.
 */
export function energyAndArea(m: Mapping, lay: MeshLayout, time: Timing, r: Routed): EnergyArea {
  const core = m.chip.core, d = m.workload.headDim;
  const { mesh } = lay;
  const { t, mergeAt } = r;
  const latency = time.latencyS;
  const es = techScale(core.technology).energy;
  const pj = (u: keyof typeof UNITS, n: number) => n * UNITS[u].energyPj * 1e-12 * es;
  const energyJ: Record<string, number> = { dlzs: 0, sads: 0, kvgen: 0, sufa: 0, sram: 0, scheduler: 0, io: 0, dram: 0, noc: 0 };
  const mods = moduleCosts(core);
  const coreLeakW = MODULES.reduce((a, k) => a + mods[k].leakMw, 0) / 1000;
  let denseOps = 0, mergeMacs = 0;
  for (const c of time.cores) {
    if (c.idle || !c.eval) { energyJ.scheduler += coreLeakW * latency; continue; }
    for (const k of ['dlzs', 'sads', 'kvgen', 'sufa', 'sram', 'scheduler']) energyJ[k] += c.eval.energyJ[k] ?? 0;
    // waiting for the slowest core still leaks (attributed to the scheduler: the core is idle)
    energyJ.scheduler += coreLeakW * Math.max(0, latency - c.eval.seconds);
    denseOps += c.eval.denseOps;
    mergeMacs += mergeAt[c.id];
  }
  energyJ.sufa += pj('pe16', mergeMacs) + pj('expUnit', mergeMacs / (d + 2));
  let dramBytes = 0;
  for (let k = 0; k < t.channel.length; k++) dramBytes += t.channel[k];
  energyJ.io = pj('ioPerByte', dramBytes);
  energyJ.dram = pj('dramPerByte', dramBytes);
  const hasNetwork = mesh.size > 1;   // a 1 x 1 "mesh" is a core wired straight to its DRAM
  const routerLeakW = hasNetwork ? (mesh.size * UNITS.routerArea.leakMw * es) / 1000 : 0;
  energyJ.noc = pj('nocPerByteHop', t.byteHops) + routerLeakW * latency;

  const areaByComponentMm2: Record<string, number> = {};
  for (const k of MODULES) areaByComponentMm2[k] = mesh.size * mods[k].areaMm2;
  if (hasNetwork) areaByComponentMm2.noc = (mesh.size * UNITS.routerArea.areaUm2 * techScale(core.technology).area) / 1e6;
  const areaMm2 = mesh.size * coreAreaMm2(core) + (areaByComponentMm2.noc ?? 0);
  return { energyJ, denseOps, dramBytes, areaMm2, areaByComponentMm2 };
}

/** Where the time went, and the run as one record. */
export function assembleResult(lay: MeshLayout, work: WorkSplit, r: Routed, time: Timing, ea: EnergyArea): SpatialRun {
  const { cores, critical, latencyS: latency, computeS, nominalMaxS: nominalMax, mergeCritS: mergeCrit, hopS } = time;
  const crit = cores[critical];
  const contentionS = Math.max(0, nominalMax - computeS);
  const imbalanceS = Math.max(0, latency - hopS - mergeCrit - nominalMax);
  let bottleneck = crit.eval?.bottleneck ?? 'sufa';
  if (bottleneck === 'dram' || bottleneck === 'noc') bottleneck = time.limitedBy.get(critical) ?? bottleneck;
  if (imbalanceS > TIE * Math.max(1e-30, latency - imbalanceS)) bottleneck = 'load imbalance';
  return {
    mesh: lay.mesh, partitioning: work.p, channelRouters: lay.routers, channelBps: lay.channelBps, linkBps: lay.linkBps,
    traffic: r.t, cores, critical,
    latencyS: latency, computeS, contentionS, imbalanceS, mergeS: mergeCrit, hopS, imbalance: time.imbalance,
    energyJ: ea.energyJ, denseOps: ea.denseOps, dramBytes: ea.dramBytes, byteHops: r.t.byteHops, areaMm2: ea.areaMm2,
    areaByComponentMm2: ea.areaByComponentMm2, bottleneck, notes: work.notes,
  };
}
