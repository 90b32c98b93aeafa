// The Spatial-STAR performance model: a mesh of STAR cores, each evaluated by the core model (evaluateCore) on its
// share of the work, with the DRAM bandwidth it can really get once the mesh's links and DRAM routers are shared.
// Analytic: one pass to place every byte on the mesh, one evaluation per core. See docs/spatial.md for the
// assumptions and how each number is derived.
import type { Axis, Mapping } from '../../model/design.js';
import type { FunctionalStats } from '../functional/stats.js';
import { evaluateCore, type Ablation, type CoreEval, type CoreWork, type KvSource } from '../core/evaluate.js';
import { UNITS, coreAreaMm2, moduleCosts, techScale, MODULES } from '../core/components.js';
import { Mesh, channelRouters, dramShares, type ChannelRouter, type Coord } from './mesh.js';
import { partition, groupsAlong, axisIndex, axisSize, type Partitioning, type CoreShare } from './partition.js';
import { Traffic, destSet, ring, ringOrder, routeMaxima, dramAll, allRouteMaxima } from './traffic.js';
import { imbalanceFactor, inflateStats } from './imbalance.js';

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

// Geometry is the same for every run on a chip (optimized, baseline, breakdown steps): keep the last few.
const layouts = new Map<string, { routers: ChannelRouter[]; near: Array<Array<[number, number]>> }>();
const meshes = new Map<string, Mesh>();
function meshOf(rows: number, cols: number): Mesh {
  const key = `${rows}x${cols}`;
  let m = meshes.get(key);
  if (!m) { m = new Mesh(rows, cols); meshes.set(key, m); if (meshes.size > 16) meshes.delete(meshes.keys().next().value!); }
  return m;
}
function layout(mesh: Mesh, dram: Mapping['chip']['dram']) {
  const { attach, channels } = dram, placement = dram.placement ?? 'nearest';
  const key = `${mesh.rows}x${mesh.cols}|${JSON.stringify(attach)}|${channels}|${placement}`;
  let l = layouts.get(key);
  if (!l) {
    const routers = channelRouters(mesh, attach, channels);
    l = { routers, near: dramShares(mesh, routers, placement) };
    layouts.set(key, l);
    if (layouts.size > 16) layouts.delete(layouts.keys().next().value!);
  }
  return l;
}

const groupMemo = new WeakMap<Partitioning, Map<string, number[][]>>();
function groupsOf(p: Partitioning, q: 'queries' | 'kv'): number[][] {
  let m = groupMemo.get(p);
  if (!m) groupMemo.set(p, (m = new Map()));
  let g = m.get(q);
  if (!g) m.set(q, (g = groupsAlong(p, q)));
  return g;
}

/** Query blocks split over both axes a ring-attention mapping uses. */
function mergeAxes(mesh: Mesh, queries: Axis, kv: Axis): Axis {
  if (axisSize(mesh, queries) <= 1) return kv;
  if (queries === kv) return queries;   // partition() reports the clash
  return 'all';
}

/** Ring attention groups: the cores along the kv axis with the same heads form one ring, ordered along that axis. */
function ringsAlong(mesh: Mesh, p: Partitioning, kv: Axis): number[][] {
  const byKey = new Map<string, number[]>();
  for (const s of p.shares) {
    if (s.idle) continue;
    const across = kv === 'rows' ? s.col : kv === 'cols' ? s.row : 0;   // position off the ring's axis
    const key = `${s.part.heads},${across}`;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = []));
    g.push(s.id);
  }
  const groups = [...byKey.values()];
  for (const g of groups) g.sort((a, b) => axisIndex(mesh, kv, ...mesh.coord(a)) - axisIndex(mesh, kv, ...mesh.coord(b)));
  return groups;
}

const partitions = new Map<string, Partitioning>();
function partitionOf(mesh: Mesh, m: Mapping, axes: SpatialVariant['partition']): Partitioning {
  const w = m.workload;
  const key = `${mesh.rows}x${mesh.cols}|${axes.heads},${axes.queries},${axes.kv}|${w.batch * w.heads}|${w.queryLen}|` +
    `${w.queryBlock}|${w.seqLen}|${m.tiling.bc}|${m.name}`;
  let p = partitions.get(key);
  if (!p) {
    p = partition(mesh, { ...m, partition: axes });
    partitions.set(key, p);
    if (partitions.size > 16) partitions.delete(partitions.keys().next().value!);
  }
  return p;
}

/** Bytes of a partial (m, l, o) state per query row: o at 16 bits, m and l at 32 bits. */
const partialStateBytes = (d: number) => 2 * d + 8;
/** Links or DRAM at this utilisation or above count as "the" bottleneck of the critical core. */
const TIE = 0.999;

export function runSpatial(m: Mapping, stats: FunctionalStats, v: SpatialVariant): SpatialRun {
  const chip = m.chip, w = m.workload, core = chip.core;
  const mesh = meshOf(chip.rows, chip.cols);
  const hz = core.technology.frequencyHz;
  if (!(hz > 0)) throw new Error(`core ${core.name}: frequency must be above 0 Hz; set technology frequency, e.g. 1 GHz`);
  const linkBps = v.linkBandwidthBps ?? chip.noc.linkBandwidthBps;
  if (!(linkBps > 0)) throw new Error(`chip ${chip.name}: noc link_bandwidth must be above 0; e.g. link_bandwidth = 64 GB/s`);
  if (!(chip.dram.bandwidthBps > 0)) throw new Error(`chip ${chip.name}: dram bandwidth must be above 0; e.g. bandwidth = 512 GB/s`);
  const { routers, near } = layout(mesh, chip.dram);
  const channelBps = routers.map(r => (chip.dram.bandwidthBps * r.channels) / chip.dram.channels);
  // A ring over a KV partition is ring attention: the cores along the kv axis keep their own query blocks and pass
  // KV shards around, so the query blocks are split over that axis too and no partial states are left to reduce.
  const ringOverKv = v.kvFlow === 'ring' && axisSize(mesh, v.partition.kv) > 1;
  const workAxes = ringOverKv
    ? { heads: v.partition.heads, queries: mergeAxes(mesh, v.partition.queries, v.partition.kv), kv: 'none' as Axis }
    : v.partition;
  const p = partitionOf(mesh, m, workAxes);
  const notes: string[] = [];
  if (p.unusedDims.length) notes.push(`mesh.${p.unusedDims.join(' and mesh.')} carries no partition: only the first core along it works`);

  // ---- 1. Each busy core's own view of its share: bytes it needs, split into KV reads (shareable with the cores
  // that run the same heads and KV range) and private traffic (Q, O, stage-isolated intermediates).
  const d = w.headDim;
  // Cores with the same share evaluate once per bandwidth (a mesh has few distinct shares and bandwidths).
  const busy = p.shares.filter(s => !s.idle);
  if (!busy.length) throw new Error(`mapping ${m.name}: no core has work; check the partition against the workload's heads and length`);
  const shapeIndex = new Map<string, number>();
  const shapeOf = new Int32Array(mesh.size).fill(-1);
  const works: CoreWork[] = [];
  for (const s of busy) {
    const key = `${s.heads.hi - s.heads.lo}|${s.queries}|${s.keys}`;
    let i = shapeIndex.get(key);
    if (i === undefined) {
      i = works.length;
      shapeIndex.set(key, i);
      works.push({
        heads: s.heads.hi - s.heads.lo, layers: w.layers, batch: 1, queryRows: s.queries, kvRows: s.keys, headDim: d,
        modelDim: w.heads * d, queryBlock: w.queryBlock, bc: m.tiling.bc, topK: w.topK, predictor: w.predictor,
      });
    }
    shapeOf[s.id] = i;
  }
  const memo: Array<Map<number, CoreEval>> = works.map(() => new Map());
  const memoHi: Array<Map<number, CoreEval>> = works.map(() => new Map());
  const evalAt = (shape: number, bw: number, st: FunctionalStats): CoreEval => {
    const byBw = st === stats ? memo[shape] : memoHi[shape];
    let e = byBw.get(bw);
    if (!e) {
      e = evaluateCore(core, works[shape], st, { stages: v.stages, dramBandwidthBps: bw, kvSource: v.kvSource, ablation: v.ablation });
      byBw.set(bw, e);
    }
    return e;
  };
  const nominalBw = chip.dram.bandwidthBps;
  const splits = works.map((work, i) => {
    const e = evalAt(i, nominalBw, stats);
    const B = Math.max(1, Math.min(work.queryBlock, work.queryRows));
    const units = work.heads * work.layers * work.batch;
    const q = B * d * 2 * Math.ceil(work.queryRows / B) * units;            // Q in, O out: 16 bits each
    const interm = Math.max(0, e.bytes.dramWrite - q);                      // A^ and indices: written, read back
    const kvRead = Math.max(0, e.bytes.dramRead - q - interm);
    return { kvRead, qo: q, interm, own: e.bytes.dram };
  });
  const split = { get: (id: number) => splits[shapeOf[id]] };

  // ---- 2. Place every byte on the mesh.
  const t = new Traffic(mesh, routers.length);
  const coords = mesh.coords();
  const coordOf = (id: number): Coord => coords[id];
  // "near" is the placement's routers for each core: its nearest ones, or every channel router (interleaved).
  // Interleaved: a core's DRAM bytes are summed first and spread over every router in one O(mesh) pass below.
  const interleaved = (chip.dram.placement ?? 'nearest') === 'interleaved';
  const everyShare = new Array<number>(routers.length).fill(0);   // interleaved: each router's share of any core's bytes
  if (interleaved) for (const [k, wk] of near[0]) everyShare[k] = wk;
  const pendRead = interleaved ? new Float64Array(mesh.size) : undefined;
  const pendWrite = interleaved ? new Float64Array(mesh.size) : undefined;
  const readFromNearest = (id: number, bytes: number) => {
    if (pendRead) { if (bytes > 0) pendRead[id] += bytes; return; }
    for (const [k, share] of near[id]) t.dramRead(k, routers[k].router, coordOf(id), bytes * share);
  };
  const writeToNearest = (id: number, bytes: number) => {
    if (pendWrite) { if (bytes > 0) pendWrite[id] += bytes; return; }
    for (const [k, share] of near[id]) t.dramWrite(k, routers[k].router, coordOf(id), bytes * share);
  };
  for (const s of busy) {
    const b = split.get(s.id)!;
    readFromNearest(s.id, b.qo + b.interm);
    writeToNearest(s.id, b.qo + b.interm);
  }
  const union = kvUnion(m, stats, v.kvSource, v.stages, v.ablation);
  const kvGroups = ringOverKv ? ringsAlong(mesh, p, v.partition.kv) : groupsOf(p, 'queries');
  const groupOf = new Int32Array(mesh.size).fill(-1);
  const multicastSources: number[][] = [];   // per group: DRAM routers feeding it
  const ringLinks: number[][] = [];           // per group: link slots its ring uses
  const ringHops: number[] = [];
  kvGroups.forEach((g, gi) => {
    for (const id of g) groupOf[id] = gi;
    const G = g.length;
    const mean = g.reduce((a, id) => a + split.get(id)!.kvRead, 0) / G;
    multicastSources.push([]);
    ringLinks.push([]);
    ringHops.push(0);
    if (v.kvFlow === 'own' || G === 1) {
      for (const id of g) readFromNearest(id, split.get(id)!.kvRead);
    } else if (v.kvFlow === 'multicast') {
      // one fetch of the union, spread over the DRAM routers nearest to the members, each slice multicast
      const weight = new Map<number, number>();
      if (interleaved) everyShare.forEach((wk, k) => { if (wk > 0) weight.set(k, wk); });
      else for (const id of g) for (const [k, share] of near[id]) weight.set(k, (weight.get(k) ?? 0) + share / G);
      const dests = destSet(g.map(coordOf));
      const table = new Float64Array(G + 1);
      for (let n = 1; n <= G; n++) table[n] = mean * union(n);
      for (const [k, wk] of weight) {
        t.channel[k] += wk * table[G];
        t.multicastTable(routers[k].router, dests, table, wk);
        multicastSources[gi].push(k);
      }
    } else {
      // ring: each member fetches 1/G of the union, then the shards circulate
      const shard = (mean * union(G)) / G;
      for (const id of g) readFromNearest(id, shard);
      const order = ringOrder(mesh, g);
      ringHops[gi] = ring(t, order, shard);
      const slots: number[] = [];
      for (let i = 0; i < G; i++) mesh.forEachXYLink(coordOf(order[i]), coordOf(order[(i + 1) % G]), sl => slots.push(sl));
      ringLinks[gi] = slots;
    }
  });
  if (pendRead && pendWrite) {
    const at = routers.map(r => r.router);
    dramAll(t, at, everyShare, pendRead, 'read');
    dramAll(t, at, everyShare, pendWrite, 'write');
  }
  // Split KV (kv partitioned): every member sends its partial states to the group's middle core, which merges them.
  const redGroups = groupsOf(p, 'kv');
  const mergeAt = new Float64Array(mesh.size);   // merge MACs per core
  const reduceFrom: Array<number[]> = Array.from({ length: mesh.size }, () => []);
  for (const g of redGroups) {
    if (g.length < 2) continue;
    const root = g[Math.floor(g.length / 2)];
    for (const id of g) {
      if (id === root) continue;
      const s = p.shares[id];
      const rows = s.queries * (s.heads.hi - s.heads.lo) * w.layers;
      t.unicast(coordOf(id), coordOf(root), rows * partialStateBytes(d));
      mergeAt[root] += rows * (d + 2);
      reduceFrom[root].push(id);
    }
  }
  if (v.kvFlow === 'ring') {
    // each arriving shard is one more tile-sync merge of (m, l, o) per query row
    for (const g of kvGroups) {
      if (g.length < 2) continue;
      for (const id of g) {
        const s = p.shares[id];
        mergeAt[id] += g.length * s.queries * (s.heads.hi - s.heads.lo) * w.layers * (d + 2);
      }
    }
  }

  // ---- 3. What each core's data really costs: the slowest resource on its data's way (DRAM routers, links).
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
  if (interleaved) {
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
  let resBy: 'dram' | 'noc' = 'dram';
  const resourceS = (id: number): number => {
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
    resBy = lk > ch ? 'noc' : 'dram';
    return Math.max(lk, ch);
  };

  // ---- 4. Evaluate every core at its bandwidth; the slowest core also carries the load-imbalance allowance.
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
    const resS = resourceS(s.id);
    limitedBy.set(s.id, resBy);
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
  for (const s of busy) for (const [k] of near[s.id]) maxHops = Math.max(maxHops, mesh.hops(routers[k].router, coordOf(s.id)));
  maxHops += Math.max(0, ...ringHops);
  const hopS = (w.layers * maxHops * chip.noc.hopLatencyCycles) / hz;
  latency += hopS;

  // ---- 5. Energy: cores (their own work, plus leakage while they wait), DRAM and its interface for the bytes the
  // DRAM routers really serve, the network per byte-hop and router leakage.
  const es = techScale(core.technology).energy;
  const pj = (u: keyof typeof UNITS, n: number) => n * UNITS[u].energyPj * 1e-12 * es;
  const energyJ: Record<string, number> = { dlzs: 0, sads: 0, kvgen: 0, sufa: 0, sram: 0, scheduler: 0, io: 0, dram: 0, noc: 0 };
  const mods = moduleCosts(core);
  const coreLeakW = MODULES.reduce((a, k) => a + mods[k].leakMw, 0) / 1000;
  let denseOps = 0, mergeMacs = 0;
  for (const c of cores) {
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

  // ---- 6. Where the time went.
  const crit = cores[critical];
  const contentionS = Math.max(0, nominalMax - computeS);
  const imbalanceS = Math.max(0, latency - hopS - mergeCrit - nominalMax);
  let bottleneck = crit.eval?.bottleneck ?? 'sufa';
  if (bottleneck === 'dram' || bottleneck === 'noc') bottleneck = limitedBy.get(critical) ?? bottleneck;
  if (imbalanceS > TIE * Math.max(1e-30, latency - imbalanceS)) bottleneck = 'load imbalance';
  return {
    mesh, partitioning: p, channelRouters: routers, channelBps, linkBps, traffic: t, cores, critical,
    latencyS: latency, computeS, contentionS, imbalanceS, mergeS: mergeCrit, hopS, imbalance: f,
    energyJ, denseOps, dramBytes, byteHops: t.byteHops, areaMm2, areaByComponentMm2, bottleneck, notes,
  };
}

/**
 * KV bytes a group of g cores (same heads and KV range, different query blocks) needs together, relative to one
 * core's own reads. The tile every block predicts against (tokens or the K tile) is dense: the same bytes for all.
 * The selected rows are sparse: a block needs a fraction p of a tile's rows, and g blocks need 1 - (1 - p)^g of them
 * (blocks assumed to select independently).
 */
export function kvUnion(m: Mapping, stats: FunctionalStats, kvSource: KvSource, stages: Stages, ablation?: Partial<Ablation>): (g: number) => number {
  const w = m.workload, core = m.chip.core;
  const bc = Math.max(1, m.tiling.bc);
  const B = Math.max(1, Math.min(w.queryBlock, w.queryLen));
  const kept = Math.min(1, Number.isFinite(stats.keptFraction) && stats.keptFraction > 0 ? stats.keptFraction : w.topK);
  const uniq = Math.min(1, Math.max(1 / B, Number.isFinite(stats.rassUniqueFraction) && stats.rassUniqueFraction > 0 ? stats.rassUniqueFraction : 1));
  const pRow = Math.min(1, uniq * B * kept);
  if (kvSource === 'tokens' || pRow >= 1) return () => 1;
  const kvBytes = core.sufa.bits / 8;
  const dense = bc * w.headDim * Math.max(Math.min(16, w.predictor.keyBits) / 8, kvBytes);
  const sparse = Math.min(bc, pRow * bc) * w.headDim * kvBytes * (stages === 'isolated' || ablation?.crossStage === false ? 2 : 1);
  const phi = dense / (dense + sparse);
  return (g: number) => phi + (1 - phi) * (1 - Math.pow(1 - pRow, Math.max(1, g))) / pRow;
}
