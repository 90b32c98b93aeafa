// The Pareto view's data, without the DOM: which metrics the axes may show, a point's value on an axis, the table's
// sort, the colour scale and the nearest point to the mouse. Pure functions, tested in node.
import type { ExplorationView, ExplorePoint } from '../../../server/src/protocolTypes.js';
import { formatMetric } from '../../../server/src/present/paretoText.js';

export { formatMetric };

/** The metrics a view can plot: the objectives first (in their order), then every other metric the points carry. */
export function plottableMetrics(x: ExplorationView): string[] {
  const seen = new Set(x.objectives.map(o => o.metric));
  const out = x.objectives.map(o => o.metric);
  for (const p of [...x.front, ...x.cloud.slice(0, 50)]) {
    for (const m of Object.keys(p.metrics)) if (!seen.has(m)) { seen.add(m); out.push(m); }
  }
  return out;
}

/** The initial choice: x and y the first two objectives, colour the third (or the first metric left). */
export function defaultAxes(x: ExplorationView): { x: string; y: string; colour: string } {
  const m = plottableMetrics(x);
  const a = m[0] ?? '', b = m[1] ?? m[0] ?? '';
  return { x: a, y: b, colour: m.find(n => n !== a && n !== b) ?? '' };
}

/** A chosen axis still valid for this exploration, else the default. */
export function keepAxis(x: ExplorationView, chosen: string | undefined, fallback: string): string {
  return chosen && plottableMetrics(x).includes(chosen) ? chosen : fallback;
}

/** A column of the front table: a varied field (its label) or a metric (its number). */
export type Column = { kind: 'parameter'; path: string } | { kind: 'metric'; name: string };

export function columns(x: ExplorationView): Column[] {
  return [...x.parameters.map(path => ({ kind: 'parameter' as const, path })), ...plottableMetrics(x).map(name => ({ kind: 'metric' as const, name }))];
}

/** The value a column sorts by: numbers numerically (a parameter's model value), words by text. */
function sortKey(p: ExplorePoint, c: Column): number | string {
  if (c.kind === 'metric') return p.metrics[c.name] ?? Number.NaN;
  const v = p.parameters[c.path]?.value;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v && typeof v === 'object') return v.rows * 65536 + v.cols;
  return String(v ?? '');
}

/** The front sorted by a column, ascending or descending; ties keep the index order (a stable, stated rule). */
export function sortPoints(points: ExplorePoint[], c: Column | undefined, descending: boolean): ExplorePoint[] {
  const out = [...points];
  if (!c) return out.sort((a, b) => a.index - b.index);
  return out.sort((a, b) => {
    const ka = sortKey(a, c), kb = sortKey(b, c);
    let d = 0;
    if (typeof ka === 'number' && typeof kb === 'number') d = (Number.isNaN(ka) ? 1 : 0) - (Number.isNaN(kb) ? 1 : 0) || (ka - kb || 0);
    else d = String(ka).localeCompare(String(kb));
    return (descending ? -d : d) || a.index - b.index;
  });
}

/** Viridis, sampled at 9 stops: readable on light and dark themes and for colour-blind readers. */
const VIRIDIS = [[68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37]];
export function colourAt(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x)), f = x - i;
  const c = VIRIDIS[i].map((v, k) => Math.round(v + (VIRIDIS[i + 1][k] - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** Min and max of a metric over the points (finite values only); [0, 1] when there are none. */
export function extent(points: ExplorePoint[], metric: string): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const p of points) { const v = p.metrics[metric]; if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; } }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** A plot range with 5 % padding on each side (a single value gets ±5 % of itself, or ±1). */
export function padded([lo, hi]: [number, number]): [number, number] {
  const span = hi - lo || Math.abs(hi) || 1;
  return [lo - span * 0.05, hi + span * 0.05];
}

/** The index (into xs/ys, pixel positions) nearest to (x, y) within `radius` pixels, or -1. */
export function nearest(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number, y: number, radius: number): number {
  let best = -1, bestD = radius * radius;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i] - x, dy = ys[i] - y, d = dx * dx + dy * dy;
    if (d <= bestD) { best = i; bestD = d; }
  }
  return best;
}

/** The run's facts under the plot: hypervolume and its reference point, its growth per generation, the functional
 *  statistics shared, and why points were infeasible (most common first). */
export function factsLine(x: ExplorationView): string {
  const parts: string[] = [];
  if (x.reference.length === x.objectives.length && x.reference.length) {
    const ref = x.objectives.map((o, i) => formatMetric(x.reference[i], x.units[o.metric])).join(', ');
    parts.push(`hypervolume ${x.hypervolume.toPrecision(3)} against (${ref})`);
  } else parts.push(`hypervolume ${x.hypervolume.toPrecision(3)}`);
  const hv = x.hvPerGeneration;
  if (hv?.length) parts.push(`${hv.length} generations, hypervolume ${hv[0].toPrecision(3)} -> ${hv[hv.length - 1].toPrecision(3)}`);
  if (x.functional) parts.push(`${x.functional.distinct} distinct functional statistics (${x.functional.seconds.toPrecision(2)} s)`);
  const bad = Object.entries(x.infeasible ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (bad.length) parts.push(`infeasible: ${bad.slice(0, 3).map(([why, n]) => `${why} (${n})`).join(', ')}${bad.length > 3 ? ', …' : ''}`);
  return parts.join(' · ');
}
