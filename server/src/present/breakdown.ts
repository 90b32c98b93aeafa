// The full breakdown of a simulation result as Markdown tables: the tooltip of every inlay hint and of the status-bar
// headline. No LSP or vscode imports.
import type { SimulationResult } from '../sim/result.js';
import {
  sig, formatMs, formatTokensPerS, formatMJ, formatW, formatBytes, formatGops, formatArea, formatPct, formatSpeedup,
} from './format.js';
import { baselineName, engineKeys, hottestLink, linkName } from './headline.js';
import { STEP_COLUMNS, stepRows } from './steps.js';

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
    out.push(table(STEP_COLUMNS, stepRows(r.breakdown).map(s => [mdEscape(s.step), s.cumulative, s.own, s.dram, s.dramChange])));
  }
  if (r.spatialBreakdown?.length) {
    out.push(table(['mesh step', 'factor (over the step before)'], r.spatialBreakdown.map(s => [mdEscape(s.step), formatSpeedup(s.speedup)])));
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
