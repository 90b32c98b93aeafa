// The readable report `star-sim` prints for one simulation: the figures, engines, energy by component, the ablation
// breakdown, baselines and the busiest cores, as aligned plain-text tables. No LSP or vscode imports; byte counts
// go through the one formatBytes (present/format.ts).
import type { SimulationResult } from '../sim/result.js';
import { formatBytes } from './format.js';
import { gpuUtilisationNote } from './headline.js';
import { stepRows } from './steps.js';

function num(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 1e6 || a < 1e-3) return x.toExponential(2);
  if (a >= 1000) return x.toFixed(0);
  return x.toPrecision(digits);
}
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Columns: the first left-aligned, numbers right-aligned (all left-aligned for key/value lists). */
function table(rows: string[][], header?: string[], leftAll = false): string {
  const all = header ? [header, ...rows] : rows;
  const widths = all[0]!.map((_, c) => Math.max(...all.map(r => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 || leftAll ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  const out = all.map(line);
  if (header) out.splice(1, 0, widths.map(w => '-'.repeat(w)).join('  '));
  return out.map(l => `  ${l}`).join('\n');
}

/** The report of one simulation as `star-sim FILE.star` prints it (without `--json`). */
export function formatReport(r: SimulationResult): string {
  const parts: string[] = [];
  parts.push(`simulation ${r.name}: mapping ${r.mapping}, workload ${r.workload}, chip ${r.chip}`);
  parts.push(table([
    ['latency', `${num(r.latencyMs)} ms`],
    ['throughput', `${num(r.tokensPerS)} tokens/s`],
    ['effective', `${num(r.effectiveGops)} GOPS (dense-equivalent)`],
    ['energy', `${num(r.energyMJ)} mJ`],
    ['power', `${num(r.powerW.total)} W (core ${num(r.powerW.core)}, memory interface ${num(r.powerW.io)}, DRAM ${num(r.powerW.dram)})`],
    ['area', `${num(r.areaMm2)} mm2`],
    ['efficiency', `${num(r.gopsPerWCore)} GOPS/W core, ${num(r.gopsPerWDevice)} GOPS/W device, ${num(r.gopsPerMm2)} GOPS/mm2`],
    ['bottleneck', r.bottleneck],
    ['DRAM traffic', formatBytes(r.dramBytes) + (r.nocBytes > 0 ? `, network ${formatBytes(r.nocBytes)}` : '')],
    ['functional', `top-k recall ${pct(r.functional.topkRecall)}, ` + (r.functional.outputErrorMeasured === false
      ? 'output error not measured (the trace has no values)'
      : `output error ${pct(r.functional.outputRelError)} mean` +
        (r.functional.outputRelErrorMax !== undefined ? `, ${pct(r.functional.outputRelErrorMax)} max` : ''))],
    ...(r.functional.data ? [['data', r.functional.data]] : []),
  ], undefined, true));
  parts.push('\n  engines');
  parts.push(table((['dlzs', 'sads', 'kvgen', 'sufa'] as const).map(e => [e, `${num(r.engines[e].busyMs)} ms busy`, pct(r.engines[e].utilization)]),
    ['engine', 'busy', 'utilisation']));
  const energy = Object.entries(r.energyByComponentMJ).filter(([, v]) => v > 0);
  if (energy.length) {
    const total = energy.reduce((a, [, v]) => a + v, 0);
    parts.push('\n  energy by component');
    parts.push(table(energy.map(([k, v]) => [k, `${num(v)} mJ`, pct(total > 0 ? v / total : 0)]), ['component', 'energy', 'share']));
  }
  if (r.breakdown.length) {
    parts.push('\n  ablation breakdown: each step adds one technique; cumulative = over dense attention on the same hardware, ' +
      'this step = over the step before');
    parts.push(table(stepRows(r.breakdown, v => `${num(v)}x`).map(s => [s.step, s.cumulative, s.own, s.dram, s.dramChange]),
      ['step', 'cumulative', 'this step', 'DRAM', 'DRAM vs step before']));
  }
  const bl = Object.entries(r.baselines);
  if (bl.length) {
    parts.push('\n  against baselines');
    const area = bl.some(([, b]) => b.areaGain !== undefined), util = bl.some(([, b]) => b.utilization !== undefined);
    parts.push(table(bl.map(([k, b]) => [k, `${num(b.speedup)}x`, `${num(b.energyGain)}x`,
      ...(area ? [b.areaGain !== undefined ? `${num(b.areaGain)}x` : ''] : []),
      b.latencyMs !== undefined ? `${num(b.latencyMs)} ms` : '',
      ...(util ? [b.utilization !== undefined ? pct(b.utilization) : ''] : [])]),
      ['baseline', 'speedup', 'energy gain', ...(area ? ['area gain'] : []), 'their latency', ...(util ? ['their utilisation'] : [])]));
    for (const [k, b] of bl) if (b.basis) parts.push(`    ${k}: ${b.basis}`);
    const note = gpuUtilisationNote(r);
    if (note) parts.push(`    ${note}`);
  }
  if (r.spatialBreakdown?.length) {
    parts.push('\n  spatial breakdown: from the baseline spatial design, each step\'s factor over the step before');
    parts.push(table(r.spatialBreakdown.map(s => [s.step, `${num(s.speedup)}x`]), ['step', 'factor']));
  }
  if (r.cores.length > 1) {
    const busiest = [...r.cores].sort((a, b) => b.busyMs - a.busyMs).slice(0, 5);
    parts.push(`\n  cores: ${r.cores.length}; busiest`);
    parts.push(table(busiest.map(c => [`(${c.row}, ${c.col})`, `${num(c.busyMs)} ms`, pct(c.utilization)]), ['core', 'busy', 'utilisation']));
  }
  if (r.hottestLink) parts.push(`  hottest link (${r.hottestLink.from.join(', ')}) -> (${r.hottestLink.to.join(', ')}): ${formatBytes(r.hottestLink.bytes)}, ${pct(r.hottestLink.utilization)}`);
  if (r.notes.length) parts.push('\n  notes\n' + r.notes.map(n => `    - ${n}`).join('\n'));
  return parts.join('\n');
}
