// The spatial model's first phases (runSpatial): lay out the mesh, partition the work, size each core's own bytes,
// and place every byte on the mesh's links and DRAM routers.
import type { Axis, Mapping } from '../../model/design.js';
import type { FunctionalStats } from '../functional/stats.js';
import { evaluateCore, type Ablation, type CoreEval, type CoreWork, type KvSource } from '../core/evaluate.js';
import { Mesh, channelRouters, dramShares, type ChannelRouter, type Coord } from './mesh.js';
import { partition, groupsAlong, axisIndex, axisSize, type Partitioning, type CoreShare } from './partition.js';
import { Traffic, destSet, ring, ringOrder, dramAll } from './traffic.js';
import type { SpatialVariant, Stages } from './model.js';

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

/** The chip as one run sees it: mesh, DRAM routers, which of them each core uses, and the bandwidths. */
export interface MeshLayout {
  mesh: Mesh;
  hz: number;
  linkBps: number;
  routers: ChannelRouter[];
  near: Array<Array<[number, number]>>;   // per core: [router index, share of its bytes] (every router if interleaved)
  channelBps: number[];                   // bandwidth of each DRAM router (its channels together)
  interleaved: boolean;
}

export function layoutMesh(m: Mapping, v: SpatialVariant): MeshLayout {
  const chip = m.chip, core = chip.core;
  const mesh = meshOf(chip.rows, chip.cols);
  const hz = core.technology.frequencyHz;
  if (!(hz > 0)) throw new Error(`core ${core.name}: frequency must be above 0 Hz; set technology frequency, e.g. 1 GHz`);
  const linkBps = v.linkBandwidthBps ?? chip.noc.linkBandwidthBps;
  if (!(linkBps > 0)) throw new Error(`chip ${chip.name}: noc link_bandwidth must be above 0; e.g. link_bandwidth = 64 GB/s`);
  if (!(chip.dram.bandwidthBps > 0)) throw new Error(`chip ${chip.name}: dram bandwidth must be above 0; e.g. bandwidth = 512 GB/s`);
  const { routers, near } = layout(mesh, chip.dram);
  const channelBps = routers.map(r => (chip.dram.bandwidthBps * r.channels) / chip.dram.channels);
  const interleaved = (chip.dram.placement ?? 'nearest') === 'interleaved';
  return { mesh, hz, linkBps, routers, near, channelBps, interleaved };
}

/** Who runs what: the partition, whether the KV flow is ring attention, the busy cores. */
export interface WorkSplit {
  p: Partitioning;
  ringOverKv: boolean;
  busy: CoreShare[];
  notes: string[];
}

export function partitionWork(m: Mapping, mesh: Mesh, v: SpatialVariant): WorkSplit {
  // A ring over a KV partition is ring attention: the cores along the kv axis keep their own query blocks and pass
  // KV shards around, so the query blocks are split over that axis too and no partial states are left to reduce.
  const ringOverKv = v.kvFlow === 'ring' && axisSize(mesh, v.partition.kv) > 1;
  const workAxes = ringOverKv
    ? { heads: v.partition.heads, queries: mergeAxes(mesh, v.partition.queries, v.partition.kv), kv: 'none' as Axis }
    : v.partition;
  const p = partitionOf(mesh, m, workAxes);
  const notes: string[] = [];
  if (p.unusedDims.length) notes.push(`mesh.${p.unusedDims.join(' and mesh.')} carries no partition: only the first core along it works`);
  const busy = p.shares.filter(s => !s.idle);
  if (!busy.length) throw new Error(`mapping ${m.name}: no core has work; check the partition against the workload's heads and length`);
  return { p, ringOverKv, busy, notes };
}

/** A shape's own DRAM bytes at the nominal bandwidth, split into KV reads and private traffic. */
export interface ShapeBytes { kvRead: number; qo: number; interm: number; own: number }

/** The distinct shares of the busy cores (a mesh has few), each evaluated once per bandwidth. */
export interface CoreShapes {
  works: CoreWork[];
  shapeOf: Int32Array;        // per core: index into works, -1 if idle
  splits: ShapeBytes[];
  /** The core model on one shape at one bandwidth, memoised; `st` is the run's stats or the unlucky core's. */
  evalAt(shape: number, bw: number, st: FunctionalStats): CoreEval;
}

/**
 * Each busy core's own view of its share: bytes it needs, split into KV reads (shareable with the cores that run the
 * same heads and KV range) and private traffic (Q, O, stage-isolated intermediates).
 */
export function perCoreWork(m: Mapping, stats: FunctionalStats, v: SpatialVariant, mesh: Mesh, busy: CoreShare[]): CoreShapes {
  const chip = m.chip, w = m.workload, core = chip.core;
  const d = w.headDim;
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
  return { works, shapeOf, splits, evalAt };
}

/** Every byte of the run on the mesh, and the groups that share KV or merge partial states. */
export interface Routed {
  t: Traffic;                   // bytes over the whole run (all layers)
  kvGroups: number[][];         // cores sharing KV: ring members, or the cores with the same heads and KV range
  groupOf: Int32Array;          // per core: index into kvGroups, -1 if idle
  multicastSources: number[][]; // per group: DRAM routers feeding it
  ringLinks: number[][];        // per group: link slots its ring uses
  ringHops: number[];
  mergeAt: Float64Array;        // merge MACs per core
  reduceFrom: number[][];       // per reduction root: the cores whose partial states it merges
}

/** Place every byte on the mesh: private traffic, KV by the variant's flow, then the partial-state merges. */
export function routeTraffic(m: Mapping, stats: FunctionalStats, v: SpatialVariant, lay: MeshLayout, work: WorkSplit, shapes: CoreShapes): Routed {
  const kv = routeKv(m, stats, v, lay, work, shapes);
  const merges = routeMerges(m, v, lay, work.p, kv.t, kv.kvGroups);
  return { ...kv, ...merges };
}

function routeKv(m: Mapping, stats: FunctionalStats, v: SpatialVariant, lay: MeshLayout, work: WorkSplit, shapes: CoreShapes) {
  const { mesh, routers, near, interleaved } = lay;
  const { p, busy } = work;
  const { splits, shapeOf } = shapes;
  const split = (id: number) => splits[shapeOf[id]];
  const t = new Traffic(mesh, routers.length);
  const coords = mesh.coords();
  const coordOf = (id: number): Coord => coords[id];
  // "near" is the placement's routers for each core: its nearest ones, or every channel router (interleaved).
  // Interleaved: a core's DRAM bytes are summed first and spread over every router in one O(mesh) pass below.
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
    const b = split(s.id);
    readFromNearest(s.id, b.qo + b.interm);
    writeToNearest(s.id, b.qo + b.interm);
  }
  const union = kvUnion(m, stats, v.kvSource, v.stages, v.ablation);
  const kvGroups = work.ringOverKv ? ringsAlong(mesh, p, v.partition.kv) : groupsOf(p, 'queries');
  const groupOf = new Int32Array(mesh.size).fill(-1);
  const multicastSources: number[][] = [];
  const ringLinks: number[][] = [];
  const ringHops: number[] = [];
  kvGroups.forEach((g, gi) => {
    for (const id of g) groupOf[id] = gi;
    const G = g.length;
    const mean = g.reduce((a, id) => a + split(id).kvRead, 0) / G;
    multicastSources.push([]);
    ringLinks.push([]);
    ringHops.push(0);
    if (v.kvFlow === 'own' || G === 1) {
      for (const id of g) readFromNearest(id, split(id).kvRead);
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
  return { t, kvGroups, groupOf, multicastSources, ringLinks, ringHops };
}

function routeMerges(m: Mapping, v: SpatialVariant, lay: MeshLayout, p: Partitioning, t: Traffic, kvGroups: number[][]) {
  const { mesh } = lay;
  const w = m.workload, d = w.headDim;
  const coords = mesh.coords();
  // Split KV (kv partitioned): every member sends its partial states to the group's middle core, which merges them.
  const redGroups = groupsOf(p, 'kv');
  const mergeAt = new Float64Array(mesh.size);
  const reduceFrom: Array<number[]> = Array.from({ length: mesh.size }, () => []);
  for (const g of redGroups) {
    if (g.length < 2) continue;
    const root = g[Math.floor(g.length / 2)];
    for (const id of g) {
      if (id === root) continue;
      const s = p.shares[id];
      const rows = s.queries * (s.heads.hi - s.heads.lo) * w.layers;
      t.unicast(coords[id], coords[root], rows * partialStateBytes(d));
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
  return { mergeAt, reduceFrom };
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
