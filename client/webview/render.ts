// Draws a MeshLayout or CoreLayout as SVG through a document's createElementNS / setAttribute / textContent only:
// names from the .star file are always text nodes, never markup. The document is a parameter so the same code
// renders in the webview, in Node tests (a tiny fake document) and in the benchmark (SVG text).
import type { MeshLayout, MeshLink, CoreLayout, CoreNode, Point } from './layout.js';
import { formatBytes } from '../../server/src/present/format.js';

export const SVG_NS = 'http://www.w3.org/2000/svg';

export interface SvgNode {
  setAttribute(name: string, value: string): void;
  appendChild(child: never): unknown;
  textContent: string | null;
}
export interface SvgDocument { createElementNS(ns: string, qualifiedName: string): SvgNode }

export interface RenderOptions {
  title?: string;       // e.g. the chip name (text from the file)
  subtitle?: string;    // e.g. "long_context · 4.20 ms · stale"
  /** Where the legend goes: right of the drawing (wide panels) or below it (tall, narrow panels). */
  legend?: 'right' | 'below';
}

// ---- formatting (units appear in labels and the legend) ----
export function fmtPct(u: number | undefined): string { return u === undefined ? '–' : `${Math.round(u * 100)}%`; }
export function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(1)} µs`;
}
/** Bytes as everywhere else (binary units, server/src/present/format.ts). */
export function fmtBytes(b: number | undefined): string { return b === undefined ? '–' : formatBytes(b); }

// ---- colour scale: one scale for "how busy" (cores: time busy; links and DRAM: bandwidth used) ----
const STOPS: Array<[number, [number, number, number]]> = [
  [0, [49, 54, 149]], [0.25, [69, 117, 180]], [0.5, [254, 224, 144]], [0.75, [244, 109, 67]], [1, [165, 0, 38]],
];
function rgb(u: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, u));
  for (let i = 1; i < STOPS.length; i++) {
    const [t1, c1] = STOPS[i];
    if (t <= t1) {
      const [t0, c0] = STOPS[i - 1];
      const f = (t - t0) / (t1 - t0);
      return [0, 1, 2].map(k => Math.round(c0[k] + (c1[k] - c0[k]) * f)) as [number, number, number];
    }
  }
  return STOPS[STOPS.length - 1][1];
}
export function heatColor(u: number): string { const [r, g, b] = rgb(u); return `rgb(${r},${g},${b})`; }
/** Black or white text, whichever reads on the heat colour (relative luminance). */
export function textOn(u: number): string {
  const [r, g, b] = rgb(u).map(v => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.25 ? '#000000' : '#ffffff';
}

// ---- element helpers ----
type Attrs = Record<string, string | number | undefined>;
function el(doc: SvgDocument, parent: SvgNode | null, tag: string, attrs: Attrs = {}, text?: string): SvgNode {
  const n = doc.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) n.setAttribute(k, typeof v === 'number' ? num(v) : v);
  if (text !== undefined) n.textContent = text;
  if (parent) parent.appendChild(n as never);
  return n;
}
const num = (v: number) => (Number.isFinite(v) ? String(Math.round(v * 100) / 100) : '0');
/** A name cut to fit a box (the whole name stays in the tooltip). */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
const pathOf = (pts: Point[], closed: boolean) =>
  pts.map((p, i) => `${i ? 'L' : 'M'}${num(p.x)} ${num(p.y)}`).join(' ') + (closed ? ' Z' : '');

function defs(doc: SvgDocument, svg: SvgNode, scale = 1): void {
  const d = el(doc, svg, 'defs');
  for (const [id, size] of [['kv-head', 11 * scale], ['flow-head', 7 * scale]] as const) {
    // In user units: an arrowhead scaled by a link's stroke width would swallow a short link.
    const m = el(doc, d, 'marker', { id, viewBox: '0 0 10 10', refX: 8, refY: 5, markerWidth: size, markerHeight: size,
      markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' });
    el(doc, m, 'path', { d: 'M0 0 L10 5 L0 10 z', class: id });
  }
  const grad = el(doc, d, 'linearGradient', { id: 'heat-scale', x1: 0, x2: 1, y1: 0, y2: 0 });
  for (const [t] of STOPS) el(doc, grad, 'stop', { offset: `${t * 100}%`, 'stop-color': heatColor(t) });
}

function svgRoot(doc: SvgDocument, width: number, height: number, kind: string): SvgNode {
  return el(doc, null, 'svg', { xmlns: SVG_NS, class: `star-graph ${kind}`, width, height, viewBox: `0 0 ${num(width)} ${num(height)}`,
    'data-width': width, 'data-height': height, role: 'img' });
}

type LegendLine = { swatch?: 'scale' | 'kv' | 'dram' | 'none' | 'bottleneck'; text: string };
export const LEGEND_W = 300;
export function legendHeight(lines: LegendLine[]): number {
  return 30 + lines.reduce((h, l) => h + (l.swatch === 'scale' ? 54 : 20), 0);
}
/** Size of the whole drawing and where the legend goes, for a body of w x h below a title of height top. */
function frame(w: number, h: number, top: number, lines: LegendLine[], where: 'right' | 'below' = 'right') {
  const lh = legendHeight(lines);
  return where === 'below'
    ? { width: Math.max(w, LEGEND_W + 16), height: top + h + lh + 16, lx: 16, ly: top + h + 8 }
    : { width: w + LEGEND_W, height: Math.max(top + h, top + lh + 16), lx: w + 16, ly: top + 8 };
}
function legend(doc: SvgDocument, parent: SvgNode, x: number, y: number, lines: LegendLine[]): number {
  const g = el(doc, parent, 'g', { class: 'legend', transform: `translate(${num(x)},${num(y)})` });
  el(doc, g, 'text', { x: 0, y: 12, class: 'legend-title' }, 'Legend');
  let yy = 30;
  for (const l of lines) {
    if (l.swatch === 'scale') {
      el(doc, g, 'rect', { x: 0, y: yy, width: 140, height: 12, fill: 'url(#heat-scale)', class: 'legend-scale' });
      el(doc, g, 'text', { x: 0, y: yy + 26, class: 'legend-text' }, '0%');
      el(doc, g, 'text', { x: 70, y: yy + 26, class: 'legend-text', 'text-anchor': 'middle' }, '50%');
      el(doc, g, 'text', { x: 140, y: yy + 26, class: 'legend-text', 'text-anchor': 'end' }, '100%');
      yy += 34;
    } else if (l.swatch === 'kv') {
      el(doc, g, 'path', { d: `M0 ${yy + 6} L28 ${yy + 6}`, class: 'kv', 'marker-end': 'url(#kv-head)' });
    } else if (l.swatch === 'dram') {
      el(doc, g, 'rect', { x: 4, y: yy, width: 20, height: 12, class: 'dram' });
    } else if (l.swatch === 'none') {
      el(doc, g, 'rect', { x: 4, y: yy, width: 20, height: 12, class: 'no-result' });
    } else if (l.swatch === 'bottleneck') {
      el(doc, g, 'rect', { x: 4, y: yy, width: 20, height: 12, class: 'bottleneck-swatch' });
    }
    el(doc, g, 'text', { x: l.swatch && l.swatch !== 'scale' ? 34 : 0, y: yy + 11, class: 'legend-text' }, l.text);
    yy += 20;
  }
  return yy;
}


/** Height of the title above the mesh body (the body's y offset in the drawing). */
export const MESH_TOP = 44;

/**
 * Zoomed-in overview: labels for the cores in view only (level of detail), into `parent` (the mesh body).
 * The font scales with the cell, so at the zoom that calls for it the labels read at about 12 px.
 */
export function renderCoreLabels(doc: SvgDocument, parent: SvgNode, cores: CoreNode[]): SvgNode {
  const g = el(doc, parent, 'g', { class: 'lod-labels' });
  for (const c of cores) {
    const size = c.w * 0.26;
    const ink = c.utilization !== undefined ? textOn(c.utilization) : undefined;
    el(doc, g, 'text', { x: c.x + c.w / 2, y: c.y + c.h * 0.42, 'text-anchor': 'middle', class: 'core-metric', fill: ink, 'font-size': size }, `${c.row},${c.col}`);
    el(doc, g, 'text', { x: c.x + c.w / 2, y: c.y + c.h * 0.78, 'text-anchor': 'middle', class: 'core-metric', fill: ink, 'font-size': size }, fmtPct(c.utilization));
  }
  return g;
}

type DrawnLink = MeshLink & { back?: MeshLink };
function mergeDirections(links: MeshLink[]): DrawnLink[] {
  const byPair = new Map<string, DrawnLink>();
  for (const k of links) {
    const [a, b] = [k.from.join(','), k.to.join(',')];
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    const first = byPair.get(key);
    if (!first) { byPair.set(key, { ...k }); continue; }
    const busier = (k.utilization ?? -1) > (first.utilization ?? -1);
    byPair.set(key, { ...first, x1: (first.x1 + k.x2) / 2, y1: (first.y1 + k.y2) / 2, x2: (first.x2 + k.x1) / 2, y2: (first.y2 + k.y1) / 2,
      utilization: busier ? k.utilization : first.utilization, bytes: Math.max(first.bytes ?? 0, k.bytes ?? 0) || first.bytes, back: k });
  }
  return [...byPair.values()];
}

/** The mesh: links under cores, DRAM channels at their routers, KV arrows on top, legend to the right. */
export function renderMesh(doc: SvgDocument, l: MeshLayout, opts: RenderOptions = {}): SvgNode {
  const full = l.detail === 'full';
  const top = MESH_TOP;
  const flow = l.kvArrows.length ? (l.kvArrows[0].kind === 'ring' ? 'KV ring (circulation order)' : 'KV multicast tree') : 'KV: each core fetches its own';
  let hottest: MeshLink | undefined;
  for (const k of l.links) if (k.utilization !== undefined && (!hottest || k.utilization > (hottest.utilization ?? 0))) hottest = k;
  const lines: LegendLine[] = [
    { swatch: 'scale', text: '' },
    { text: 'core: % of time busy' },
    { text: 'link, DRAM: % of bandwidth used' },
    { text: `link width ∝ bytes (max ${fmtBytes(l.maxLinkBytes)})` },
    { swatch: 'kv', text: flow },
    { swatch: 'dram', text: 'DRAM channel at its router' },
    { swatch: 'none', text: 'no result yet' },
    ...(hottest ? [{ text: `hottest link ${hottest.from.join(',')} → ${hottest.to.join(',')}: ${fmtPct(hottest.utilization)}, ${fmtBytes(hottest.bytes)}` }] : []),
    { text: `${l.rows} x ${l.cols} mesh${full ? '' : ' (overview: hover a core for values)'}` },
    ...(l.ignoredLinks ? [{ text: `${l.ignoredLinks} result links not between neighbours` }] : []),
  ];
  const { width, height, lx, ly } = frame(l.width, l.height, top, lines, opts.legend);
  const svg = svgRoot(doc, width, height, `mesh ${l.detail}`);
  defs(doc, svg, full ? 1 : 0.35);
  const vp = el(doc, svg, 'g', { class: 'viewport' });
  el(doc, vp, 'text', { x: 12, y: 22, class: 'title' }, clip(opts.title ?? 'chip', 80));
  if (opts.subtitle) el(doc, vp, 'text', { x: 12, y: 38, class: 'subtitle' }, opts.subtitle);
  const body = el(doc, vp, 'g', { transform: `translate(0,${top})`, class: 'mesh-body' });
  el(doc, body, 'rect', { x: 2, y: 2, width: l.width - 4, height: l.height - 4, rx: 8, class: 'chip-frame', 'data-kind': 'chip' });

  const links = el(doc, body, 'g', { class: 'links' });
  const maxB = l.maxLinkBytes > 0 ? l.maxLinkBytes : 1;
  // Overview: both directions of a pair share one line (the busier direction's colour), half the elements.
  const drawn: DrawnLink[] = full ? l.links : mergeDirections(l.links);
  for (const k of drawn) {
    const has = k.utilization !== undefined || k.bytes !== undefined;
    const w = (full ? 1.5 : 0.6) + (full ? 4 : 1.4) * ((k.bytes ?? 0) / maxB);
    const line = el(doc, links, 'line', {
      x1: k.x1, y1: k.y1, x2: k.x2, y2: k.y2, class: has ? 'link' : 'link no-result', 'stroke-width': w,
      stroke: has ? heatColor(k.utilization ?? 0) : undefined, 'marker-end': full ? 'url(#flow-head)' : undefined,
      'data-kind': 'link', 'data-id': k.id, 'data-from': k.from.join(','), 'data-to': k.to.join(','),
    });
    // Overview: no per-link tooltip (a 1 px line is no hover target); the legend names the hottest link instead.
    if (full) el(doc, line, 'title', {}, k.back
      ? `link ${k.from.join(',')} ⇄ ${k.to.join(',')}: → ${fmtBytes(k.bytes)}, ${fmtPct(k.utilization)}; ← ${fmtBytes(k.back.bytes)}, ${fmtPct(k.back.utilization)} of link bandwidth`
      : `link ${k.from.join(',')} → ${k.to.join(',')}: ${fmtBytes(k.bytes)}, ${fmtPct(k.utilization)} of link bandwidth`);
  }

  const cores = el(doc, body, 'g', { class: 'cores' });
  const fontMain = full ? 13 : 0, fontSmall = full ? 12 : 0;
  for (const c of l.cores) {
    const has = c.utilization !== undefined;
    const g = el(doc, cores, 'g', { class: 'core', 'data-kind': 'core', 'data-id': c.id, 'data-row': c.row, 'data-col': c.col });
    el(doc, g, 'rect', { x: c.x, y: c.y, width: c.w, height: c.h, rx: full ? 6 : 1.5,
      class: has ? 'core-box' : 'core-box no-result', fill: has ? heatColor(c.utilization!) : undefined });
    el(doc, g, 'title', {}, `${c.label}: ${fmtPct(c.utilization)} busy, ${fmtMs(c.busyMs)}`);
    if (full) {
      const ink = has ? textOn(c.utilization!) : undefined;
      el(doc, g, 'text', { x: c.x + c.w / 2, y: c.y + c.h / 2 - 14, 'text-anchor': 'middle', class: 'core-label', fill: ink, 'font-size': fontMain }, clip(c.name, 12));
      el(doc, g, 'text', { x: c.x + c.w / 2, y: c.y + c.h / 2 + 4, 'text-anchor': 'middle', class: 'core-metric', fill: ink, 'font-size': fontSmall }, `${c.row},${c.col} · ${fmtPct(c.utilization)}`);
      el(doc, g, 'text', { x: c.x + c.w / 2, y: c.y + c.h / 2 + 22, 'text-anchor': 'middle', class: 'core-metric', fill: ink, 'font-size': fontSmall }, fmtMs(c.busyMs));
    }
  }

  const drams = el(doc, body, 'g', { class: 'drams' });
  for (const d of l.drams) {
    const g = el(doc, drams, 'g', { class: 'dram-channel', 'data-kind': 'dram', 'data-id': d.id, 'data-router': d.router.join(',') });
    el(doc, g, 'rect', { x: d.x, y: d.y, width: d.w, height: d.h, class: 'dram', fill: d.utilization !== undefined ? heatColor(d.utilization) : undefined });
    el(doc, g, 'title', {}, `DRAM channel ${d.channel} at router ${d.router.join(',')}: ${fmtBytes(d.bytes)}, ${fmtPct(d.utilization)} of channel bandwidth`);
    if (full && d.w >= 30) el(doc, g, 'text', { x: d.x + d.w / 2, y: d.y + d.h / 2 + 4, 'text-anchor': 'middle', class: 'dram-label',
      fill: d.utilization !== undefined ? textOn(d.utilization) : undefined }, `D${d.channel}`);
  }

  const kv = el(doc, body, 'g', { class: 'kv-flow', 'data-kind': 'mapping' });
  for (const a of l.kvArrows) {
    el(doc, kv, 'path', { d: pathOf(a.points, false), class: `kv ${a.kind}`, 'data-kind': 'mapping', 'data-id': a.id,
      'marker-mid': full ? 'url(#kv-head)' : undefined, 'marker-end': 'url(#kv-head)' });
  }

  const axis = el(doc, body, 'g', { class: 'axis' });
  for (const a of l.axis) el(doc, axis, 'text', { x: a.x, y: a.y, 'text-anchor': a.anchor, 'dominant-baseline': 'middle', class: 'axis-label', 'font-size': full ? 11 : 9 }, a.text);

  legend(doc, vp, lx, ly, lines);
  return svg;
}

/** The inside of one core: engines left to right with busy time and utilisation, the bottleneck marked. */
export function renderCore(doc: SvgDocument, l: CoreLayout, opts: RenderOptions = {}): SvgNode {
  const top = 56;
  const lines: LegendLine[] = [
    { swatch: 'scale', text: '' },
    { text: 'engine: % utilisation' },
    { text: 'busy: engine busy time (ms)' },
    { swatch: 'bottleneck', text: 'bottleneck engine' },
    { swatch: 'none', text: 'no result yet' },
  ];
  const { width, height, lx, ly } = frame(l.width, l.height, top, lines, opts.legend);
  const svg = svgRoot(doc, width, height, 'core-view');
  defs(doc, svg);
  const vp = el(doc, svg, 'g', { class: 'viewport' });
  el(doc, vp, 'text', { x: 12, y: 22, class: 'title' }, `${clip(opts.title ?? 'core', 80)} ${l.row},${l.col}`);
  el(doc, vp, 'text', { x: 12, y: 40, class: 'subtitle' },
    `${fmtPct(l.coreUtilization)} busy, ${fmtMs(l.coreBusyMs)}${l.outsideBottleneck ? ` · bottleneck outside the core: ${l.outsideBottleneck}` : ''}${opts.subtitle ? ` · ${opts.subtitle}` : ''}`);
  const body = el(doc, vp, 'g', { transform: `translate(0,${top})` });
  const edges = el(doc, body, 'g', { class: 'flows' });
  for (const e of l.edges) if (e.points.length >= 2) el(doc, edges, 'path', { d: pathOf(e.points, false), class: 'flow', 'marker-end': 'url(#flow-head)', 'data-id': e.id });
  const nodes = el(doc, body, 'g', { class: 'engines' });
  for (const n of l.nodes) {
    const has = n.utilization !== undefined;
    const g = el(doc, nodes, 'g', { class: `${n.kind}${n.bottleneck ? ' bottleneck' : ''}`, 'data-kind': 'engine', 'data-engine': n.engine ?? 'sram', 'data-id': n.id });
    el(doc, g, 'rect', { x: n.x, y: n.y, width: n.w, height: n.h, rx: 6, class: has ? 'engine-box' : 'engine-box no-result', fill: has ? heatColor(n.utilization!) : undefined });
    const ink = has ? textOn(n.utilization!) : undefined;
    el(doc, g, 'title', {}, n.kind === 'engine' ? `${n.title}: busy ${fmtMs(n.busyMs)}, ${fmtPct(n.utilization)} utilisation${n.bottleneck ? ' (bottleneck)' : ''}` : n.title);
    el(doc, g, 'text', { x: n.x + n.w / 2, y: n.y + (n.kind === 'engine' ? 20 : 26), 'text-anchor': 'middle', class: 'engine-label', fill: ink }, n.title);
    if (n.kind === 'engine') {
      el(doc, g, 'text', { x: n.x + n.w / 2, y: n.y + 38, 'text-anchor': 'middle', class: 'engine-metric', fill: ink }, `busy ${fmtMs(n.busyMs)}`);
      el(doc, g, 'text', { x: n.x + n.w / 2, y: n.y + 54, 'text-anchor': 'middle', class: 'engine-metric', fill: ink }, `${fmtPct(n.utilization)} utilised`);
    }
    if (n.bottleneck) el(doc, g, 'text', { x: n.x + n.w / 2, y: n.y - 6, 'text-anchor': 'middle', class: 'bottleneck-label' }, '▲ bottleneck');
  }
  legend(doc, vp, lx, ly, lines);
  return svg;
}
