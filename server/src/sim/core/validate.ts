// Checks a Simulation before the models run, so a bad design gets an error that names the field and the fix
// instead of a NaN. The language checker catches these in the editor; this guards library callers.
import type { Simulation } from '../../model/design.js';

export class SimulationInputError extends Error {
  constructor(public readonly field: string, message: string) { super(`${field}: ${message}`); this.name = 'SimulationInputError'; }
}

function need(ok: boolean, field: string, msg: string): void { if (!ok) throw new SimulationInputError(field, msg); }
const posInt = (x: number) => Number.isInteger(x) && x > 0;
const posNum = (x: number) => Number.isFinite(x) && x > 0;

export function validateSimulation(sim: Simulation): void {
  const m = sim.mapping;
  need(!!m && !!m.workload && !!m.chip && !!m.chip.core, `simulate ${sim.name}`, 'the mapping, its workload or its chip is missing');
  const w = m.workload, c = m.chip.core, t = c.technology;
  const W = `workload ${w.name}`;
  for (const f of ['layers', 'heads', 'headDim', 'seqLen', 'queryLen', 'batch', 'queryBlock'] as const) {
    need(posInt(w[f]), `${W}.${f}`, `${f} = ${w[f]} must be a positive integer`);
  }
  need(w.seqLen <= 1 << 24 && w.queryLen <= 1 << 24, `${W}.seq_len`, 'sequence lengths above 16M tokens are out of range');
  need(Number.isFinite(w.topK) && w.topK > 0 && w.topK <= 1, `${W}.top_k`, `top_k = ${w.topK} must be in (0, 100 %]`);
  const pr = w.predictor;
  need(!!pr && ['dlzs', 'symmetric', 'lowbit', 'exact'].includes(pr.kind), `${W}.predictor`, 'the predictor must be dlzs, symmetric, lowbit or exact');
  for (const f of ['tokenBits', 'weightLzBits', 'queryBits', 'keyBits'] as const) {
    need(Number.isInteger(pr[f]) && pr[f] >= 1 && pr[f] <= 32, `${W}.predictor.${f}`, `${f} = ${pr[f]} must be an integer from 1 to 32`);
  }
  const C = `core ${c.name}`;
  need(posNum(t.nodeNm) && posNum(t.voltageV) && posNum(t.frequencyHz), `technology ${t.name}`, 'node, voltage and frequency must be positive');
  need(posInt(c.dlzs.rows) && posInt(c.dlzs.cols), `${C}.dlzs.array`, 'the DLZS array needs positive rows and columns, e.g. 128 x 32');
  need(posInt(c.sads.sorters) && posInt(c.sads.inputs) && posInt(c.sads.outputs) && c.sads.inputs > c.sads.outputs,
       `${C}.sads`, 'sorters must be positive and width must shrink, e.g. 16 to 4');
  need(posInt(c.kvgen.rows) && posInt(c.kvgen.cols) && posInt(c.kvgen.bits), `${C}.kvgen`, 'the KV generation array needs positive rows, columns and bits');
  need(posInt(c.sufa.rows) && posInt(c.sufa.cols) && posInt(c.sufa.bits) && posInt(c.sufa.expUnits) && posInt(c.sufa.divUnits),
       `${C}.sufa`, 'the SU-FA array, exp units and dividers must be positive');
  need(posNum(c.sram.tokenBytes) && posNum(c.sram.weightBytes) && posNum(c.sram.tempBytes), `${C}.sram`, 'SRAM sizes must be positive');
  need(posInt(m.tiling.bc), `mapping ${m.name}.tiling.bc`, `bc = ${m.tiling.bc} must be a positive integer (e.g. 64)`);
  need(posNum(m.chip.dram.bandwidthBps), `chip ${m.chip.name}.dram.bandwidth`, 'DRAM bandwidth must be positive, e.g. 512 GB/s');
}
