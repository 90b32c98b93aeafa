// One-line summaries of a simulation result: the headline on the simulate line and in the status bar, the mapping,
// chip and core lines of the inlay hints, and the names of baselines and links. No LSP or vscode imports.
import type { SimulationResult, LinkResult, BaselineGain } from '../sim/result.js';
import { formatMs, formatTokensPerS, formatMJ, formatW, formatBytes, formatArea, formatPct, formatSpeedup } from './format.js';

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

/**
 * Under the baselines: the A100's own use of its peak, so that a gain that shrinks with the sequence (below 1x at
 * 4K tokens) reads as what it is, a property of the GPU on that workload, not a fault of the model.
 */
export function gpuUtilisationNote(r: SimulationResult): string | undefined {
  const gpus = Object.entries(r.baselines ?? {}).filter(([, b]) => b.utilization !== undefined && Number.isFinite(b.utilization));
  if (!gpus.length) return undefined;
  const figures = gpus.map(([k, b]) => `${baselineName(k)} ${formatPct(b.utilization!)}`).join(', ');
  return `GPU utilisation, the GPU's own achieved FLOP/s over its 312 TFLOP/s FP16 tensor-core peak: ${figures}. ` +
    'A GPU is poorly used on short sequences (a fixed host cost per PyTorch op, GEMMs too small to fill its 108 SMs) ' +
    'and far better on long ones, so STAR\'s gain over it shrinks as the sequence grows and can fall below 1x ' +
    '(Llama-7B at 4K tokens): a property of the GPU on that workload, not a fault of the model.';
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
