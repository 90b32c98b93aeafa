// Short, readable text for every figure a result shows (time, rate, energy, power, bytes, area, shares) and for file
// names: the CLI, the server's hints and hovers, the status-bar headline, the report and the graph view all print
// through here, so a number reads the same everywhere. Plain functions, no LSP or vscode imports (browser-safe).
import { formatBytes } from '../language/units.js';

/** Two significant figures for small values, whole numbers from 10 up: 4.1, 12, 350. */
export function sig(x: number): string {
  if (!Number.isFinite(x)) return '?';
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 10) return x.toFixed(0);
  if (a >= 1) return x.toFixed(1);
  return x.toPrecision(2);
}

function scaled(x: number, unit: string, steps: Array<[number, string]>): string {
  if (!Number.isFinite(x)) return `? ${unit}`;
  for (const [factor, prefix] of steps) if (Math.abs(x) >= factor) return `${sig(x / factor)} ${prefix}${unit}`;
  const [factor, prefix] = steps[steps.length - 1]!;
  return `${sig(x / factor)} ${prefix}${unit}`;
}

export function formatMs(ms: number): string {
  return scaled(ms, 's', [[1000, ''], [1, 'm'], [1e-3, 'µ'], [1e-6, 'n']]);
}
export function formatTokensPerS(t: number): string {
  return scaled(t, 'tok/s', [[1e9, 'G '], [1e6, 'M '], [1e3, 'k '], [1, '']]);
}
export function formatMJ(mj: number): string {
  return scaled(mj, 'J', [[1000, ''], [1, 'm'], [1e-3, 'µ'], [1e-6, 'n']]);
}
export function formatW(w: number): string {
  return scaled(w, 'W', [[1e3, 'k'], [1, ''], [1e-3, 'm'], [1e-6, 'µ']]);
}
/**
 * A byte count in binary units (1 KB = 1024 B), as the language reads capacities: `196608` -> `192 KB`. The one
 * function for printed byte counts (the checker's, in language/units.ts, so a diagnostic and a result agree).
 */
export { formatBytes };
export function formatGops(g: number): string {
  return scaled(g * 1e9, 'OPS', [[1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1, '']]);
}
export function formatArea(mm2: number): string { return `${sig(mm2)} mm²`; }
export function formatPct(fraction: number): string {
  if (!Number.isFinite(fraction)) return '?%';
  const p = fraction * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}
export function formatSpeedup(x: number): string { return `${sig(x)}x`; }

/** The file name of a document URI, decoded (query, fragment and trailing slashes dropped): `file:///a/b%20c.star` -> `b c.star`. */
export function fileName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const raw = path.slice(path.lastIndexOf('/') + 1);
  try { return decodeURIComponent(raw); } catch { return raw; }   // a malformed %-escape: shown as it is
}
