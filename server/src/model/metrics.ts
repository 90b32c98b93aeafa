// The result metrics an exploration may minimise, maximise or constrain (issue 14): name, base unit, the units a
// constraint may be written in, and the natural sense. The explorer reads each from a SimulationResult
// (sim/explore/metrics.ts keeps the getters under the same names; a test checks the two lists agree).

export interface MetricInfo {
  name: string;
  doc: string;
  /** The unit values are held in (the SimulationResult field's unit). */
  unit: string;
  /** Units a constraint may be written in: value * factor = base unit. A metric without units takes a bare number. */
  units: Record<string, number>;
  /** The sense a bare objective defaults to and a front is read in: lower is better, or higher is better. */
  better: 'lower' | 'higher';
}

const time = { s: 1e3, ms: 1, us: 1e-3, ns: 1e-6 };
const energy = { J: 1e3, mJ: 1, uJ: 1e-3, nJ: 1e-6 };
const bytes = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };
const ratio = { '%': 0.01 };

function metric(name: string, unit: string, units: Record<string, number>, better: MetricInfo['better'], doc: string): MetricInfo {
  return { name, unit, units, better, doc };
}

export const METRICS: Record<string, MetricInfo> = Object.fromEntries([
  metric('latency', 'ms', time, 'lower', 'Time for the whole workload (all layers, heads and batch).'),
  metric('energy', 'mJ', energy, 'lower', 'Energy for the whole workload: cores, I/O and DRAM.'),
  metric('area', 'mm2', { mm2: 1 }, 'lower', 'Silicon area of the chip (all cores, network and SRAM).'),
  metric('power', 'W', { W: 1, mW: 1e-3 }, 'lower', 'Average total power: cores, I/O and DRAM.'),
  metric('throughput', 'tokens/s', { 'tokens/s': 1 }, 'higher', 'Tokens processed per second.'),
  metric('gops', 'GOPS', { GOPS: 1, TOPS: 1e3 }, 'higher', 'Dense-equivalent operations per second.'),
  metric('gops_per_w', 'GOPS/W', { 'GOPS/W': 1, 'TOPS/W': 1e3 }, 'higher', 'Energy efficiency of the device (DRAM included).'),
  metric('gops_per_w_core', 'GOPS/W', { 'GOPS/W': 1, 'TOPS/W': 1e3 }, 'higher', 'Energy efficiency of the cores alone.'),
  metric('gops_per_mm2', 'GOPS/mm2', { 'GOPS/mm2': 1 }, 'higher', 'Area efficiency.'),
  metric('dram_bytes', 'B', bytes, 'lower', 'Bytes moved to and from DRAM.'),
  metric('noc_bytes', 'B', bytes, 'lower', 'Bytes moved over the network-on-chip links.'),
  metric('topk_recall', '', ratio, 'higher', 'Share of the true top-k keys the predictor keeps (functional model), 0..1.'),
  metric('output_error', '', ratio, 'lower', 'Relative error of the attention output against dense attention (functional model).'),
  metric('utilization', '', ratio, 'higher', 'Utilisation of the SU-FA engine, 0..1.'),
].map(m => [m.name, m]));
