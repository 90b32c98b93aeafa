// Text of an exploration's results for the editor: a metric with its unit, and the one-line summary the code lens on
// the `explore` line and the Pareto view show. Plain functions (browser-safe, the webview imports them too).
import type { ExplorationView } from '../protocolTypes.js';
import { sig, formatMs, formatMJ, formatW, formatBytes, formatArea, formatPct } from './format.js';

/** A metric's value in its base unit (model/metrics.ts) as text: "3.2 ms", "41 mJ", "5.7 mm²", "87%", "12 GB". */
export function formatMetric(value: number | undefined, unit: string | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  switch (unit) {
    case 'ms': return formatMs(value);
    case 'mJ': return formatMJ(value);
    case 'W': return formatW(value);
    case 'B': return formatBytes(value);
    case 'mm2': return formatArea(value);
    case '': case undefined: return formatPct(value);
    default: return `${sig(value)} ${unit}`;
  }
}

/** A count of designs: 950, 12 k, 1.2 M. */
export function formatCount(n: number): string {
  return n >= 1e6 ? `${sig(n / 1e6)} M` : n >= 1e4 ? `${sig(n / 1e3)} k` : String(Math.round(n));
}

/** The best value of each objective on the front: "3.2 ms / 41 mJ / 5.7 mm²". */
export function bestOfFront(x: Pick<ExplorationView, 'objectives' | 'front' | 'units'>): string {
  return x.objectives.map(o => {
    const vals = x.front.map(p => p.metrics[o.metric]).filter(v => Number.isFinite(v));
    if (!vals.length) return '–';
    return formatMetric(o.sense === 'min' ? Math.min(...vals) : Math.max(...vals), x.units[o.metric]);
  }).join(' / ');
}

/** The code lens line: "front 14 · 1.2 M designs in 1.1 s · best 3.2 ms / 41 mJ / 5.7 mm²" (or the run's state). */
export function summaryLine(x: ExplorationView): string {
  if (x.state === 'error') return `exploration failed: ${x.error ?? 'unknown error'}`;
  const head = x.state === 'running'
    ? `exploring ${Math.round((x.done ?? 0) * 100)}% · ${formatCount(x.evaluated)} designs · ${formatCount(x.evaluationsPerS)}/s`
    : `front ${x.front.length} · ${formatCount(x.evaluated)} designs in ${sig(x.seconds)} s`;
  const best = x.front.length ? ` · best ${bestOfFront(x)}` : x.state === 'running' ? '' : ' · no feasible design';
  return `${head}${best}${x.state === 'cancelled' ? ' (cancelled)' : ''}`;
}
