// Short, readable text for simulation figures: the inlay hints, the hover tables, the status-bar headline and the
// report all format through here, so a number reads the same everywhere (and tests compare against one function).
// Plain functions, no LSP or vscode imports: the client bundle uses them too.
import type { SimulationResult, LinkResult, BaselineGain } from '../sim/result.js';

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
export function formatBytes(b: number): string {
  return scaled(b, 'B', [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, '']]);
}
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

/** How a baseline key of `SimulationResult.baselines` reads to a user. */
const baselineNames: Record<string, string> = {
  a100: 'A100', a100_dense: 'A100', a100Dense: 'A100', a100_fa2: 'A100 FA2', a100Fa2: 'A100 FA2',
  a100_flash2: 'A100 FA2', a100_lowbit_flash2: 'A100 low-bit FA2', dtatrans: 'DTATrans',
  baselineSpatial: 'baseline mesh', baseline_spatial: 'baseline mesh',
  spatten: 'SpAtten', fact: 'FACT', sofa: 'SOFA', sanger: 'Sanger', energon: 'Energon', dota: 'DOTA', elsa: 'ELSA',
  a3: 'A3',
};
export function baselineName(key: string): string { return baselineNames[key] ?? key; }

export const engineKeys = ['dlzs', 'sads', 'kvgen', 'sufa'] as const;
export type EngineKey = typeof engineKeys[number];

/** Baselines on the simulate line: the A100 and the baseline mesh first, then the others in their order. */
export const HEADLINE_BASELINES = 3;
export function headlineBaselines(r: SimulationResult): Array<[string, BaselineGain]> {
  const first = (k: string) => (k === 'a100' ? 0 : k === 'baselineSpatial' || k === 'baseline_spatial' ? 1 : 2);
  return Object.entries(r.baselines ?? {})
    .map((e, i) => ({ e, i }))
    .sort((a, b) => first(a.e[0]) - first(b.e[0]) || a.i - b.i)
    .slice(0, HEADLINE_BASELINES)
    .map(x => x.e);
}

/** The simulate line: `4.1 ms · 1.0 M tok/s · 12 mJ · 9.3x A100` (all baselines are in the hover). */
export function headline(r: SimulationResult): string {
  const parts = [formatMs(r.latencyMs), formatTokensPerS(r.tokensPerS), formatMJ(r.energyMJ)];
  for (const [key, b] of headlineBaselines(r)) parts.push(`${formatSpeedup(b.speedup)} ${baselineName(key)}`);
  return parts.join(' · ');
}

export function engineUtilisation(r: SimulationResult): string {
  return engineKeys.map(k => `${k} ${formatPct(r.utilization[k])}`).join(' · ');
}

/** Core or chip block: area, power and the utilisation of each engine. `cores` divides chip figures per core. */
export function hardwareLine(r: SimulationResult, cores = 1): string {
  const per = cores > 1 ? ' per core' : '';
  return [`${formatArea(r.areaMm2 / cores)}${per}`, `${formatW(r.powerW.total / cores)}${per}`, engineUtilisation(r)].join(' · ');
}

export function linkName(l: LinkResult): string {
  return `(${l.from[0]},${l.from[1]})→(${l.to[0]},${l.to[1]})`;
}

export function hottestLink(r: SimulationResult): LinkResult | undefined {
  if (r.hottestLink) return r.hottestLink;
  let best: LinkResult | undefined;
  for (const l of r.links ?? []) if (!best || l.utilization > best.utilization) best = l;
  return best;
}

/** The mapping block: bottleneck, DRAM and network traffic, the hottest link. */
export function mappingLine(r: SimulationResult): string {
  const parts = [`bottleneck ${r.bottleneck}`, `DRAM ${formatBytes(r.dramBytes)}`, `NoC ${formatBytes(r.nocBytes)}`];
  const hot = hottestLink(r);
  if (hot) parts.push(`hottest link ${linkName(hot)} ${formatPct(hot.utilization)}`);
  return parts.join(' · ');
}

/** Markdown-safe text: names from the file must not become markup. */
export function mdEscape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>&]/g, c => `\\${c}`);
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map(r => `| ${r.join(' | ')} |`)].join('\n');
}

/** The full breakdown as Markdown: figures, engines, ablation steps, baselines. Shown on hover of any hint. */
export function breakdownMarkdown(r: SimulationResult, opts: { stale?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`**${mdEscape(r.name)}**: ${mdEscape(r.mapping)} for ${mdEscape(r.workload)} on ${mdEscape(r.chip)}` +
    (opts.stale ? ' *(stale: last good result; the file changed since)*' : ''));
  out.push(table(['figure', 'value'], [
    ['latency', formatMs(r.latencyMs)],
    ['throughput', formatTokensPerS(r.tokensPerS)],
    ['effective', formatGops(r.effectiveGops)],
    ['energy', formatMJ(r.energyMJ)],
    ['power core / io / DRAM / total', [r.powerW.core, r.powerW.io, r.powerW.dram, r.powerW.total].map(formatW).join(' / ')],
    ['area', formatArea(r.areaMm2)],
    ['GOPS/W core / device', `${sig(r.gopsPerWCore)} / ${sig(r.gopsPerWDevice)}`],
    ['GOPS/mm²', sig(r.gopsPerMm2)],
    ['bottleneck', mdEscape(r.bottleneck)],
    ['DRAM / NoC traffic', `${formatBytes(r.dramBytes)} / ${formatBytes(r.nocBytes)}`],
    ['top-k recall', formatPct(r.functional.topkRecall)],
    ['output rel. error', formatPct(r.functional.outputRelError)],
  ]));
  out.push(table(['engine', 'busy', 'utilisation'],
    engineKeys.map(k => [k, formatMs(r.engines?.[k]?.busyMs ?? NaN), formatPct(r.utilization[k])])));
  if (r.breakdown?.length) {
    out.push(table(['ablation step', 'speedup'], r.breakdown.map(s => [mdEscape(s.step), formatSpeedup(s.speedup)])));
  }
  if (r.spatialBreakdown?.length) {
    out.push(table(['mesh step', 'speedup'], r.spatialBreakdown.map(s => [mdEscape(s.step), formatSpeedup(s.speedup)])));
  }
  const bl = Object.entries(r.baselines ?? {});
  if (bl.length) {
    out.push(table(['baseline', 'speedup', 'energy gain'],
      bl.map(([k, b]) => [mdEscape(baselineName(k)), formatSpeedup(b.speedup), formatSpeedup(b.energyGain)])));
  }
  const hot = hottestLink(r);
  if (hot) out.push(`Hottest link ${linkName(hot)}: ${formatBytes(hot.bytes)}, ${formatPct(hot.utilization)} busy.`);
  return out.join('\n\n');
}
