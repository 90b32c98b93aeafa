// Checks a Simulation before the models run, so a bad design gets an error that names the field and the fix
// instead of a NaN. The ranges are the language's (model/limits.ts): the checker rejects in the editor what this
// rejects, so for a checked file this never fires; it guards library callers that build a Design by hand.
import { isTraceData, type Simulation } from '../../model/design.js';
import { describeLimit, LIMITS, PREDICTOR_BITS, within, type Limit } from '../../model/limits.js';

export class SimulationInputError extends Error {
  constructor(public readonly field: string, message: string) { super(`${field}: ${message}`); this.name = 'SimulationInputError'; }
}

function need(ok: boolean, field: string, msg: string): void { if (!ok) throw new SimulationInputError(field, msg); }
/** field must lie in its limit; the message names the value and the range. */
function inLimit(x: number, l: Limit, field: string, what: string, hint = ''): void {
  need(within(x, l), field, `${what} = ${x} must be ${describeLimit(l)}${hint}`);
}

export function validateSimulation(sim: Simulation): void {
  const m = sim.mapping;
  need(!!m && !!m.workload && !!m.chip && !!m.chip.core, `simulate ${sim.name}`, 'the mapping, its workload or its chip is missing');
  const w = m.workload, c = m.chip.core, t = c.technology;
  const W = `workload ${w.name}`;
  for (const f of ['layers', 'heads', 'headDim', 'seqLen', 'queryLen', 'batch', 'queryBlock'] as const) inLimit(w[f], LIMITS[f], `${W}.${f}`, f);
  inLimit(w.topK, LIMITS.topK, `${W}.top_k`, 'top_k', ' (a fraction: 20 % is 0.2)');
  const pr = w.predictor;
  need(!!pr && ['dlzs', 'symmetric', 'lowbit', 'exact'].includes(pr.kind), `${W}.predictor`, 'the predictor must be dlzs, symmetric, lowbit or exact');
  for (const [f, { limit, kinds }] of Object.entries(PREDICTOR_BITS) as Array<[keyof typeof PREDICTOR_BITS, typeof PREDICTOR_BITS.keyBits]>) {
    if (kinds.includes(pr.kind)) inLimit(pr[f], limit, `${W}.predictor.${f}`, f);
  }
  const dt = w.data;
  need(!!dt, `${W}.data`, 'the attention data is missing');
  if (!isTraceData(dt)) {   // a trace is checked by the functional model's own reader (trace.ts)
    for (const f of ['dominantSpread', 'dominantFew', 'dominantRegion', 'heavyHitters', 'sharedDominant'] as const) {
      if (dt[f] !== undefined) inLimit(dt[f], LIMITS.fraction, `${W}.data.${f}`, f);
    }
    inLimit(dt.noise, LIMITS.noise, `${W}.data.noise`, 'noise');
    inLimit(dt.seed, LIMITS.seed, `${W}.data.seed`, 'seed');
  }
  const T = `technology ${t.name}`;
  inLimit(t.nodeNm, LIMITS.nodeNm, `${T}.node`, 'node (nm)');
  inLimit(t.voltageV, LIMITS.voltageV, `${T}.voltage`, 'voltage (V)');
  inLimit(t.frequencyHz, LIMITS.frequencyHz, `${T}.frequency`, 'frequency (Hz)');
  const C = `core ${c.name}`;
  for (const e of ['dlzs', 'kvgen', 'sufa'] as const) {
    inLimit(c[e].rows, LIMITS.arraySide, `${C}.${e}.array`, 'rows');
    inLimit(c[e].cols, LIMITS.arraySide, `${C}.${e}.array`, 'columns');
  }
  inLimit(c.sads.sorters, LIMITS.sorters, `${C}.sads.sorters`, 'sorters');
  inLimit(c.sads.inputs, LIMITS.sadsWidth, `${C}.sads.width`, 'inputs');
  inLimit(c.sads.outputs, LIMITS.sadsWidth, `${C}.sads.width`, 'outputs');
  need(c.sads.inputs > c.sads.outputs, `${C}.sads.width`, 'width must shrink, e.g. 16 to 4');
  inLimit(c.sads.radius, LIMITS.sadsRadius, `${C}.sads.radius`, 'radius');
  inLimit(c.kvgen.bits, LIMITS.peBits, `${C}.kvgen.bits`, 'bits');
  inLimit(c.sufa.bits, LIMITS.peBits, `${C}.sufa.bits`, 'bits');
  inLimit(c.sufa.expUnits, LIMITS.units, `${C}.sufa.exp_units`, 'exp_units');
  inLimit(c.sufa.divUnits, LIMITS.units, `${C}.sufa.div_units`, 'div_units');
  for (const f of ['tokenBytes', 'weightBytes', 'tempBytes'] as const) inLimit(c.sram[f], LIMITS.sramBytes, `${C}.sram`, f);
  inLimit(m.tiling.bc, LIMITS.bc, `mapping ${m.name}.tiling.bc`, 'bc', ' (e.g. 64)');
  const H = `chip ${m.chip.name}`;
  inLimit(m.chip.rows, LIMITS.meshSide, `${H}.mesh`, 'rows');
  inLimit(m.chip.cols, LIMITS.meshSide, `${H}.mesh`, 'columns');
  inLimit(m.chip.dram.bandwidthBps, LIMITS.bandwidthBps, `${H}.dram.bandwidth`, 'DRAM bandwidth (bytes/s)', ', e.g. 512 GB/s');
  inLimit(m.chip.dram.channels, LIMITS.dramChannels, `${H}.dram.channels`, 'channels');
  inLimit(m.chip.noc.linkBandwidthBps, LIMITS.bandwidthBps, `${H}.noc.link_bandwidth`, 'link bandwidth (bytes/s)');
  inLimit(m.chip.noc.hopLatencyCycles, LIMITS.hopLatencyCycles, `${H}.noc.hop_latency`, 'hop latency (cycles)');
}
