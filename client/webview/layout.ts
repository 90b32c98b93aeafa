// Geometry of the graph view, pure TypeScript so it runs in Node (tests, bench) and in the webview alike.
// The mesh is placed by coordinates (elkjs layered takes seconds on thousands of nodes and would not look like
// the mesh); elkjs layered lays out only the small core-inside view.
import type { ChipView } from '../../server/src/protocolTypes.js';
import type { SimulationResult, LinkResult } from '../../server/src/sim/result.js';
import type { ELK, ElkNode, ElkExtendedEdge } from 'elkjs/lib/elk-api.js';

export interface Point { x: number; y: number }
export interface Box { x: number; y: number; w: number; h: number }

export interface CoreNode extends Box {
  kind: 'core';
  id: string;                 // "core-r-c"
  row: number;
  col: number;
  name: string;               // the core's name from the file (text, never markup)
  label: string;              // "<name> r,c"
  utilization?: number;       // 0..1, absent without a result
  busyMs?: number;
}

export interface DramNode extends Box {
  kind: 'dram';
  id: string;                 // "dram-i"
  channel: number;
  router: [number, number];
  bytes?: number;
  utilization?: number;
}

/** One direction of a network link between two neighbouring routers. */
export interface MeshLink {
  id: string;                 // "link-r,c-r2,c2"
  from: [number, number];
  to: [number, number];
  x1: number; y1: number; x2: number; y2: number;
  bytes?: number;
  utilization?: number;
}

/** A KV-movement path: one ring (closed, in circulation order) or one branch of a multicast tree. */
export interface KvArrow {
  id: string;
  kind: 'ring' | 'multicast';
  points: Point[];
  closed: boolean;
}

export interface AxisLabel { x: number; y: number; text: string; anchor: 'middle' | 'end' }

export type Detail = 'full' | 'overview';

export interface MeshLayout {
  rows: number;
  cols: number;
  width: number;
  height: number;
  detail: Detail;
  coreSize: number;
  pitch: number;
  cores: CoreNode[];
  drams: DramNode[];
  links: MeshLink[];
  kvArrows: KvArrow[];
  axis: AxisLabel[];
  maxLinkBytes: number;
  /** Result links that did not join two neighbouring cores of this mesh (bad data; counted, not drawn). */
  ignoredLinks: number;
}

/** Largest mesh the view draws (128 x 128); a bigger one gets a message instead of a page that stops responding. */
export const MAX_DRAWN_CORES = 128 * 128;

/** Above this many rows or columns the mesh is drawn as an overview: small cells, no per-core labels. */
export const FULL_DETAIL_MAX = 16;

const FULL = { core: 96, gap: 56, dramW: 44, dramH: 22, offset: 7 };
const OVERVIEW = { core: 12, gap: 6, dramW: 10, dramH: 4, offset: 1.2 };

export const coreId = (row: number, col: number): string => `core-${row}-${col}`;
export const linkId = (from: readonly [number, number], to: readonly [number, number]): string =>
  `link-${from[0]},${from[1]}-${to[0]},${to[1]}`;

function finite(n: unknown): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
function clamp01(n: number | undefined): number | undefined {
  return n === undefined ? undefined : Math.min(1, Math.max(0, n));
}
function meshSize(n: unknown): number {
  const v = finite(n);
  return v === undefined ? 1 : Math.max(1, Math.min(1024, Math.floor(v)));
}

/** Lays out the chip's mesh: cores at their coordinates, directed links between neighbours, DRAM channels at their routers, KV arrows. */
export function layoutMesh(chip: ChipView, sim?: SimulationResult): MeshLayout {
  const rows = meshSize(chip.rows), cols = meshSize(chip.cols);
  const detail: Detail = Math.max(rows, cols) > FULL_DETAIL_MAX ? 'overview' : 'full';
  const g = detail === 'full' ? FULL : OVERVIEW;
  const pitch = g.core + g.gap;
  const { plan, maxDepth } = planDrams(chip, rows, cols);
  // the margin leaves room for the axis labels and the DRAM channels stacked outside the mesh
  const dramStep = g.dramH + 3;
  const margin = (detail === 'full' ? 66 : 28) + (maxDepth + 1) * dramStep;
  const grid: Grid = { rows, cols, detail, g, pitch, origin: margin, dramStep,
    cx: c => margin + c * pitch + g.core / 2, cy: r => margin + r * pitch + g.core / 2 };

  const cores = placeCores(chip, sim, grid);
  const { links, maxLinkBytes, ignoredLinks } = placeLinks(sim, grid);
  const drams = placeDrams(sim, plan, grid);
  const kvArrows = kvMovement(chip, rows, cols, grid.cx, grid.cy, g.core, g.gap, drams);
  const axis = axisLabels(grid);
  return { rows, cols, detail, coreSize: g.core, pitch, cores, drams, links, kvArrows, axis, maxLinkBytes, ignoredLinks,
    width: margin * 2 + (cols - 1) * pitch + g.core, height: margin * 2 + (rows - 1) * pitch + g.core };
}

/** The mesh's geometry: sizes for its detail level, the margin before core (0, 0), and the centre of row r / column c. */
interface Grid {
  rows: number; cols: number; detail: Detail; g: typeof FULL; pitch: number; origin: number; dramStep: number;
  cx: (c: number) => number; cy: (r: number) => number;
}

type Side = 'top' | 'bottom' | 'left' | 'right';
/** Where a DRAM channel goes: an outer side of its router (stacked depth outwards), or an interior gap square. */
interface DramPlace { channel: number; router: [number, number]; side?: Side; depth: number; slot?: string }

/** DRAM channels: the k-th channel at a router goes to the k-th free outer side of that router, stacked outwards. */
function planDrams(chip: ChipView, rows: number, cols: number): { plan: DramPlace[]; maxDepth: number } {
  const perRouter = new Map<string, number>();
  const plan: DramPlace[] = [];
  const slotCount = new Map<string, number>();
  let maxDepth = -1;
  (chip.dramRouters ?? []).forEach((rc, channel) => {
    const r = Math.floor(finite(rc?.[0]) ?? -1), c = Math.floor(finite(rc?.[1]) ?? -1);
    if (r < 0 || c < 0 || r >= rows || c >= cols) return;   // a router outside the mesh: nothing to attach to
    const key = `${r},${c}`;
    const k = perRouter.get(key) ?? 0;
    perRouter.set(key, k + 1);
    const sides: Side[] = [];
    if (r === 0) sides.push('top');
    if (r === rows - 1) sides.push('bottom');
    if (c === 0) sides.push('left');
    if (c === cols - 1) sides.push('right');
    if (sides.length) {
      const depth = Math.floor(k / sides.length);
      maxDepth = Math.max(maxDepth, depth);
      plan.push({ channel, router: [r, c], side: sides[k % sides.length], depth });
    } else {
      // Interior router: the free square where four gaps meet (no link crosses it); the least used of its four corners.
      const corners = [[r, c], [r, c - 1], [r - 1, c], [r - 1, c - 1]].map(([a, b]) => `${a},${b}`);
      let best = corners[0];
      for (const s of corners) if ((slotCount.get(s) ?? 0) < (slotCount.get(best) ?? 0)) best = s;
      const n = slotCount.get(best) ?? 0;
      slotCount.set(best, n + 1);
      plan.push({ channel, router: [r, c], depth: n, slot: best });
    }
  });
  return { plan, maxDepth };
}

/** Cores at their coordinates, row by row, with their result when there is one. */
function placeCores(chip: ChipView, sim: SimulationResult | undefined, { rows, cols, g, pitch, origin }: Grid): CoreNode[] {
  const coreResults = new Map<string, { utilization?: number; busyMs?: number }>();
  for (const cr of sim?.cores ?? []) coreResults.set(`${cr.row},${cr.col}`, { utilization: clamp01(finite(cr.utilization)), busyMs: finite(cr.busyMs) });
  const cores: CoreNode[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const res = coreResults.get(`${r},${c}`);
      cores.push({ kind: 'core', id: coreId(r, c), row: r, col: c, x: origin + c * pitch, y: origin + r * pitch,
        w: g.core, h: g.core, name: String(chip.coreName ?? 'core'), label: `${chip.coreName ?? 'core'} ${r},${c}`, utilization: res?.utilization, busyMs: res?.busyMs });
    }
  }
  return cores;
}

/** Links: both directions of every neighbour pair, drawn side by side (east/south on one side, west/north on the other). */
function placeLinks(sim: SimulationResult | undefined, { rows, cols, g, pitch, origin, cx, cy }: Grid):
    { links: MeshLink[]; maxLinkBytes: number; ignoredLinks: number } {
  const linkResults = new Map<string, LinkResult>();
  let ignoredLinks = 0;
  for (const l of sim?.links ?? []) {
    const [a, b] = [l?.from, l?.to];
    const ok = Array.isArray(a) && Array.isArray(b) && a[0] >= 0 && a[1] >= 0 && b[0] >= 0 && b[1] >= 0 &&
      a[0] < rows && b[0] < rows && a[1] < cols && b[1] < cols && Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) === 1;
    if (ok) linkResults.set(linkId(a, b), l); else ignoredLinks++;
  }
  const links: MeshLink[] = [];
  let maxLinkBytes = 0;
  const addLink = (from: [number, number], to: [number, number]) => {
    const id = linkId(from, to);
    const res = linkResults.get(id);
    const horizontal = from[0] === to[0];
    const forward = horizontal ? to[1] > from[1] : to[0] > from[0];
    const off = forward ? -g.offset : g.offset;
    let x1: number, y1: number, x2: number, y2: number;
    if (horizontal) {
      const left = Math.min(from[1], to[1]);
      const xa = origin + left * pitch + g.core, xb = xa + g.gap;
      [x1, x2] = forward ? [xa, xb] : [xb, xa];
      y1 = y2 = cy(from[0]) + off;
    } else {
      const top = Math.min(from[0], to[0]);
      const ya = origin + top * pitch + g.core, yb = ya + g.gap;
      [y1, y2] = forward ? [ya, yb] : [yb, ya];
      x1 = x2 = cx(from[1]) - off;
    }
    const bytes = finite(res?.bytes);
    if (bytes !== undefined) maxLinkBytes = Math.max(maxLinkBytes, bytes);
    links.push({ id, from, to, x1, y1, x2, y2, bytes, utilization: clamp01(finite(res?.utilization)) });
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols) { addLink([r, c], [r, c + 1]); addLink([r, c + 1], [r, c]); }
      if (r + 1 < rows) { addLink([r, c], [r + 1, c]); addLink([r + 1, c], [r, c]); }
    }
  }
  return { links, maxLinkBytes, ignoredLinks };
}

/** DRAM channel boxes where planDrams put them, each with the result of the k-th channel reported at its router. */
function placeDrams(sim: SimulationResult | undefined, plan: DramPlace[], grid: Grid): DramNode[] {
  const { rows, cols, detail, g, pitch, origin, dramStep, cx, cy } = grid;
  const dramResults = new Map<string, { bytes?: number; utilization?: number }[]>();
  for (const d of sim?.dramChannels ?? []) {
    const key = `${d?.router?.[0]},${d?.router?.[1]}`;
    const list = dramResults.get(key) ?? [];
    list.push({ bytes: finite(d.bytes), utilization: clamp01(finite(d.utilization)) });
    dramResults.set(key, list);
  }
  const slotItems = new Map<string, number>();
  for (const p of plan) if (p.slot) slotItems.set(p.slot, (slotItems.get(p.slot) ?? 0) + 1);
  const seenAt = new Map<string, number>();
  return plan.map(p => {
    const [r, c] = p.router;
    const key = `${r},${c}`;
    const k = seenAt.get(key) ?? 0;
    seenAt.set(key, k + 1);
    const res = dramResults.get(key)?.[k];
    let x: number, y: number, w = g.dramW, h = g.dramH;
    const out = (detail === 'full' ? 40 : 8) + p.depth * dramStep;   // clear of axis labels and KV loops
    if (p.side === 'top') { x = cx(c) - w / 2; y = origin - out - h; }
    else if (p.side === 'bottom') { x = cx(c) - w / 2; y = origin + (rows - 1) * pitch + g.core + out; }
    else if (p.side === 'left') { [w, h] = [g.dramH, g.dramW]; x = origin - out - w; y = cy(r) - h / 2; }
    else if (p.side === 'right') { [w, h] = [g.dramH, g.dramW]; x = origin + (cols - 1) * pitch + g.core + out; y = cy(r) - h / 2; }
    else {
      // Stacked inside the gap square below-right of core (sr, sc).
      const [sr, sc] = p.slot!.split(',').map(Number);
      const n = slotItems.get(p.slot!) ?? 1;
      const inner = g.gap - 2;
      h = Math.min(g.dramH, inner / n - 1);
      w = Math.min(g.dramW, inner);
      x = origin + sc * pitch + g.core + (g.gap - w) / 2;
      y = origin + sr * pitch + g.core + 1 + p.depth * (inner / n);
    }
    return { kind: 'dram', id: `dram-${p.channel}`, channel: p.channel, router: p.router, x, y, w, h,
      bytes: res?.bytes, utilization: res?.utilization };
  });
}

/** Axis labels: every row and column in full detail, every step-th in the overview. */
function axisLabels({ rows, cols, detail, origin, cx, cy }: Grid): AxisLabel[] {
  const axis: AxisLabel[] = [];
  const step = detail === 'full' ? 1 : Math.ceil(Math.max(rows, cols) / 16);
  const axisGap = detail === 'full' ? 18 : 4;
  for (let c = 0; c < cols; c += step) axis.push({ x: cx(c), y: origin - axisGap, text: `c${c}`, anchor: 'middle' });
  for (let r = 0; r < rows; r += step) axis.push({ x: origin - axisGap, y: cy(r), text: `r${r}`, anchor: 'end' });
  return axis;
}

/**
 * KV movement, routed through the gaps so it never covers a core's label: a loop around each row (ring axis
 * mesh.cols) or column (mesh.rows) in circulation order, a snake through the whole mesh (axis all), or a multicast
 * tree from the DRAM router nearest the centre (trunk along its row, branches down the columns).
 */
function kvMovement(chip: ChipView, rows: number, cols: number, cx: (c: number) => number, cy: (r: number) => number,
                    core: number, gap: number, drams: DramNode[]): KvArrow[] {
  const arrows: KvArrow[] = [];
  // The ring runs along the kv axis, or along the queries axis when KV is not partitioned (as the simulator does).
  const kvAxis = String(chip.partition?.kv ?? '').toLowerCase();
  const kv = kvAxis && kvAxis !== 'none' ? kvAxis : String(chip.partition?.queries ?? '').toLowerCase();
  const o = gap * 0.2;                                  // distance of a KV path from the cores it passes
  const top = (r: number) => cy(r) - core / 2 - o, bottom = (r: number) => cy(r) + core / 2 + o;
  const left = (c: number) => cx(c) - core / 2 - o, right = (c: number) => cx(c) + core / 2 + o;
  // A ring along one line is folded, as the simulator orders it (0, 2, 4, ... then ..., 5, 3, 1): out through the
  // even positions on one side of the line, back through the odd ones on the other, with no long wrap-around link.
  const even = (n: number) => Array.from({ length: Math.ceil(n / 2) }, (_, i) => 2 * i);
  const odd = (n: number) => Array.from({ length: Math.floor(n / 2) }, (_, i) => 2 * i + 1).reverse();
  if (chip.kvFlow === 'ring') {
    if (kv.includes('col') && !kv.includes('row')) {
      // Ring groups span the columns: the cores of each row pass KV shards around.
      if (cols > 1) for (let r = 0; r < rows; r++) {
        const pts = [{ x: left(0), y: top(r) }, ...even(cols).map(c => ({ x: cx(c), y: top(r) })),
          { x: right(cols - 1), y: top(r) }, { x: right(cols - 1), y: bottom(r) },
          ...odd(cols).map(c => ({ x: cx(c), y: bottom(r) })), { x: left(0), y: bottom(r) }, { x: left(0), y: top(r) }];
        arrows.push({ id: `kv-ring-r${r}`, kind: 'ring', points: pts, closed: true });
      }
    } else if (kv.includes('row') && !kv.includes('col')) {
      if (rows > 1) for (let c = 0; c < cols; c++) {
        const pts = [{ x: right(c), y: top(0) }, ...even(rows).map(r => ({ x: right(c), y: cy(r) })),
          { x: right(c), y: bottom(rows - 1) }, { x: left(c), y: bottom(rows - 1) },
          ...odd(rows).map(r => ({ x: left(c), y: cy(r) })), { x: left(c), y: top(0) }, { x: right(c), y: top(0) }];
        arrows.push({ id: `kv-ring-c${c}`, kind: 'ring', points: pts, closed: true });
      }
    } else if (rows * cols > 1) {
      // KV split over the whole mesh: one snake above each row, back up the left edge.
      const pts: Point[] = [];
      for (let r = 0; r < rows; r++) {
        const east = r % 2 === 0;
        const y = top(r);
        pts.push({ x: east ? left(0) : right(cols - 1), y });
        for (let i = 0; i < cols; i++) pts.push({ x: cx(east ? i : cols - 1 - i), y });
        pts.push({ x: east ? right(cols - 1) : left(0), y });
      }
      const last = pts[pts.length - 1];
      if (last.x !== left(0)) pts.push({ x: last.x, y: bottom(rows - 1) }, { x: left(0), y: bottom(rows - 1) });
      pts.push({ x: left(0), y: top(0) });
      arrows.push({ id: 'kv-ring', kind: 'ring', points: pts, closed: true });
    }
  } else if (chip.kvFlow === 'multicast' && rows * cols > 1) {
    let root: [number, number] = [0, 0];
    let best = Infinity;
    for (const d of drams) {
      const dist = Math.abs(d.router[0] - (rows - 1) / 2) + Math.abs(d.router[1] - (cols - 1) / 2);
      if (dist < best) { best = dist; root = d.router; }
    }
    const [r0, c0] = root;
    const y0 = top(r0);
    const bx = (c: number) => left(c);   // each column's branch runs in the gap to its left
    if (c0 > 0) arrows.push({ id: 'kv-mc-west', kind: 'multicast', closed: false, points: [{ x: cx(c0), y: y0 }, { x: bx(0), y: y0 }] });
    if (c0 < cols - 1) arrows.push({ id: 'kv-mc-east', kind: 'multicast', closed: false, points: [{ x: cx(c0), y: y0 }, { x: bx(cols - 1), y: y0 }] });
    for (let c = 0; c < cols; c++) {
      if (r0 > 0) arrows.push({ id: `kv-mc-c${c}-n`, kind: 'multicast', closed: false, points: [{ x: bx(c), y: y0 }, { x: bx(c), y: cy(0) }] });
      arrows.push({ id: `kv-mc-c${c}-s`, kind: 'multicast', closed: false, points: [{ x: bx(c), y: y0 }, { x: bx(c), y: cy(rows - 1) }] });
    }
  }
  return arrows;
}

// ---- Core view: the inside of one STAR core, laid out by elkjs layered ----

export type EngineName = 'dlzs' | 'sads' | 'kvgen' | 'sufa';
export const ENGINE_ORDER: EngineName[] = ['dlzs', 'sads', 'kvgen', 'sufa'];
export const ENGINE_TITLES: Record<EngineName | 'sram', string> = {
  dlzs: 'DLZS prediction', sads: 'SADS sorting', kvgen: 'KV generation', sufa: 'SU-FA', sram: 'SRAM',
};

export interface CoreViewNode extends Box {
  id: string;
  kind: 'engine' | 'buffer';
  engine?: EngineName;
  title: string;
  busyMs?: number;
  utilization?: number;
  bottleneck: boolean;
}
export interface CoreViewEdge { id: string; from: string; to: string; points: Point[] }
export interface CoreLayout {
  row: number;
  col: number;
  width: number;
  height: number;
  nodes: CoreViewNode[];
  edges: CoreViewEdge[];
  coreUtilization?: number;
  coreBusyMs?: number;
  /** The result's bottleneck when it is not an engine of the core (e.g. "dram", "noc"). */
  outsideBottleneck?: string;
}

/** Maps the result's bottleneck text ("SU-FA", "kv generation", "sufa") to an engine name. */
export function bottleneckEngine(bottleneck: string | undefined): EngineName | 'sram' | undefined {
  const b = String(bottleneck ?? '').toLowerCase().replace(/[^a-z]/g, '');
  if (!b) return undefined;
  if (b.includes('dlzs') || b.includes('predict')) return 'dlzs';
  if (b.includes('sads') || b.includes('sort')) return 'sads';
  if (b.includes('kvgen') || b.includes('generat')) return 'kvgen';
  if (b.includes('sufa') || b.includes('flash') || b.includes('formal')) return 'sufa';
  if (b.includes('sram')) return 'sram';
  return undefined;
}

const ENGINE_W = 150, ENGINE_H = 64, BUFFER_W = 130, BUFFER_H = 44;

/** Lays out DLZS -> SADS -> KV generation -> SU-FA with their SRAM buffers, left to right, with elkjs layered. */
export async function layoutCore(elk: ELK, row: number, col: number, sim?: SimulationResult): Promise<CoreLayout> {
  const nodes: Array<{ id: string; kind: 'engine' | 'buffer'; engine?: EngineName; title: string; w: number; h: number }> = [
    { id: 'sram-in', kind: 'buffer', title: 'SRAM token + weight', w: BUFFER_W, h: BUFFER_H },
    ...ENGINE_ORDER.map(e => ({ id: e, kind: 'engine' as const, engine: e, title: ENGINE_TITLES[e], w: ENGINE_W, h: ENGINE_H })),
    { id: 'sram-out', kind: 'buffer', title: 'SRAM temp / output', w: BUFFER_W, h: BUFFER_H },
  ];
  const pairs: Array<[string, string]> = [
    ['sram-in', 'dlzs'], ['dlzs', 'sads'], ['sads', 'kvgen'], ['sram-in', 'kvgen'], ['kvgen', 'sufa'], ['sufa', 'sram-out'],
  ];
  const graph: ElkNode = {
    id: 'core',
    layoutOptions: {
      'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '30', 'elk.layered.spacing.nodeNodeBetweenLayers': '50', 'elk.padding': '[top=50,left=20,bottom=20,right=20]',
    },
    children: nodes.map(n => ({ id: n.id, width: n.w, height: n.h })),
    edges: pairs.map(([s, t]): ElkExtendedEdge => ({ id: `${s}->${t}`, sources: [s], targets: [t] })),
  };
  const out = await elk.layout(graph);
  const placed = new Map((out.children ?? []).map(ch => [ch.id, ch]));
  const bn = bottleneckEngine(sim?.bottleneck);
  const cr = sim?.cores?.find(c => c.row === row && c.col === col);
  // A mesh core carries its own engines; a single core (or an older result) has only the chip's.
  const own = cr?.engines;
  // An idle core has no bottleneck of its own to mark.
  const idle = own !== undefined && ENGINE_ORDER.every(e => !((finite(own[e]?.busyMs) ?? 0) > 0));
  // A mesh core marks its own busiest engine (first in pipeline order on a tie), which need not be the run's
  // bottleneck; a single core (or an older result) marks the run's bottleneck engine.
  const busy = (e: EngineName) => finite(own?.[e]?.busyMs) ?? 0;
  const mark = own ? (idle ? undefined : ENGINE_ORDER.reduce((best, e) => (busy(e) > busy(best) ? e : best))) : bn;
  const resNodes: CoreViewNode[] = nodes.map(n => {
    const p = placed.get(n.id);
    const er = n.engine ? (own ? own[n.engine] : sim?.engines?.[n.engine]) : undefined;
    const chipUtil = n.engine && !own ? sim?.utilization?.[n.engine] : undefined;
    return { id: n.id, kind: n.kind, engine: n.engine, title: n.title, x: p?.x ?? 0, y: p?.y ?? 0, w: n.w, h: n.h,
      busyMs: finite(er?.busyMs), utilization: clamp01(finite(er?.utilization ?? chipUtil)),
      bottleneck: mark !== undefined && (n.engine === mark || (mark === 'sram' && n.kind === 'buffer')) };
  });
  const edges: CoreViewEdge[] = (out.edges ?? []).map(e => {
    const ex = e as ElkExtendedEdge;
    const s = ex.sections?.[0];
    const points = s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [];
    return { id: ex.id, from: ex.sources[0], to: ex.targets[0], points };
  });
  return { row, col, nodes: resNodes, edges, width: out.width ?? 800, height: out.height ?? 300,
    coreUtilization: clamp01(finite(cr?.utilization)), coreBusyMs: finite(cr?.busyMs),
    outsideBottleneck: sim?.bottleneck && bn === undefined ? String(sim.bottleneck) : undefined };
}
