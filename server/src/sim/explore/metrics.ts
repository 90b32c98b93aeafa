// The result metrics an exploration reads, by the names of model/metrics.ts: from a full SimulationResult (the
// reference) and, on the explorer's hot path, straight from one core evaluation or one mesh run with the very same
// formulas as sim/core/simulate.ts resultFromEval and sim/spatial/simulate.ts resultFromRun (a test checks equality).
import type { SimulationResult } from '../result.js';
import type { CoreEval } from '../core/evaluate.js';
import type { FunctionalStats } from '../functional/stats.js';
import type { SpatialRun } from '../spatial/model.js';

/** Metric names in a fixed order: a point's metrics are a Float64Array in this order. */
export const METRIC_NAMES = ['latency', 'energy', 'area', 'power', 'throughput', 'gops', 'gops_per_w', 'gops_per_w_core',
  'gops_per_mm2', 'dram_bytes', 'noc_bytes', 'topk_recall', 'output_error', 'utilization'] as const;
export type MetricName = typeof METRIC_NAMES[number];
export const METRIC_INDEX: Readonly<Record<string, number>> = Object.fromEntries(METRIC_NAMES.map((n, i) => [n, i]));
export const METRIC_COUNT = METRIC_NAMES.length;

/** Each metric from a SimulationResult: the meaning of every name. */
export const METRIC_GETTERS: Readonly<Record<MetricName, (r: SimulationResult) => number>> = {
  latency: r => r.latencyMs,
  energy: r => r.energyMJ,
  area: r => r.areaMm2,
  power: r => r.powerW.total,
  throughput: r => r.tokensPerS,
  gops: r => r.effectiveGops,
  gops_per_w: r => r.gopsPerWDevice,
  gops_per_w_core: r => r.gopsPerWCore,
  gops_per_mm2: r => r.gopsPerMm2,
  dram_bytes: r => r.dramBytes,
  noc_bytes: r => r.nocBytes,
  topk_recall: r => r.functional.topkRecall,
  output_error: r => r.functional.outputRelError,
  utilization: r => r.utilization.sufa,
};

export function metricsOfResult(r: SimulationResult, out = new Float64Array(METRIC_COUNT)): Float64Array {
  METRIC_NAMES.forEach((n, i) => { out[i] = METRIC_GETTERS[n](r); });
  return out;
}

function per(a: number, b: number): number { return a > 0 && b > 0 && Number.isFinite(a / b) ? a / b : 0; }

/** resultFromEval's metrics of one single-core evaluation. `areaMm2` is the core's module area sum (cached per core). */
export function metricsOfCoreEval(ev: CoreEval, stats: FunctionalStats, areaMm2: number, tokens: number, out: Float64Array): void {
  const s = ev.seconds;
  const e = ev.energyJ;
  const energy = ev.coreEnergyJ + (e.io ?? 0) + (e.dram ?? 0) + (e.noc ?? 0);
  const powerCore = s > 0 ? ev.coreEnergyJ / s : 0;
  const powerTotal = s > 0 ? energy / s : 0;
  const gops = s > 0 ? ev.denseOps / s / 1e9 : 0;
  out[0] = s * 1e3;
  out[1] = energy * 1e3;
  out[2] = areaMm2;
  out[3] = powerTotal;
  out[4] = s > 0 ? tokens / s : 0;
  out[5] = gops;
  out[6] = powerTotal > 0 ? gops / powerTotal : 0;
  out[7] = powerCore > 0 ? gops / powerCore : 0;
  out[8] = areaMm2 > 0 ? gops / areaMm2 : 0;
  out[9] = ev.bytes.dram;
  out[10] = ev.bytes.noc;
  out[11] = stats.topkRecall;
  out[12] = stats.outputRelErrorMean;
  out[13] = ev.utilization.sufa;
}

/** resultFromRun's metrics of one mesh run. */
export function metricsOfSpatialRun(r: SpatialRun, stats: FunctionalStats, tokens: number, hz: number, out: Float64Array): void {
  const s = r.latencyS;
  const e = r.energyJ;
  const onChip = e.dlzs! + e.sads! + e.kvgen! + e.sufa! + e.sram! + e.scheduler! + e.noc!;
  const energy = Object.values(e).reduce((a, b) => a + b, 0);
  const powerCore = per(onChip, s), powerTotal = per(energy, s);
  const gops = per(r.denseOps, s) / 1e9;
  let busy = 0;
  for (const c of r.cores) busy += c.eval ? c.eval.busyCycles.sufa : 0;
  out[0] = s * 1e3;
  out[1] = energy * 1e3;
  out[2] = r.areaMm2;
  out[3] = powerTotal;
  out[4] = per(tokens, s);
  out[5] = gops;
  out[6] = per(gops, powerTotal);
  out[7] = per(gops, powerCore);
  out[8] = per(gops, r.areaMm2);
  out[9] = r.dramBytes;
  out[10] = r.byteHops;
  out[11] = stats.topkRecall;
  out[12] = stats.outputRelErrorMean;
  out[13] = Math.min(1, Math.max(0, per(busy / hz, r.mesh.size * s)));
}
