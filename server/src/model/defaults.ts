// The paper's STAR core (SOFA configuration, star-model.md "The STAR core": TSMC 28 nm, 1.0 V, 1 GHz) and the
// default network and DRAM: the language fills absent fields from here, the simulator's reproductions and tests use it.
import type { Core, Dram, Noc, Technology } from './design.js';

export const DEFAULT_TECHNOLOGY: Technology = { name: 'tsmc28', nodeNm: 28, voltageV: 1.0, frequencyHz: 1e9 };
export function defaultCore(name = 'star', technology: Technology = DEFAULT_TECHNOLOGY): Core {
  return {
    name, technology,
    dlzs: { rows: 128, cols: 32, enabled: true },
    sads: { sorters: 128, inputs: 16, outputs: 4, radius: 4, enabled: true },
    kvgen: { rows: 128, cols: 4, bits: 16 },
    sufa: { rows: 128, cols: 4, bits: 16, expUnits: 128, divUnits: 128, order: 'descending', enabled: true },
    sram: { tokenBytes: 192 * 1024, weightBytes: 96 * 1024, tempBytes: 28 * 1024 },
    rass: true,
  };
}
export const DEFAULT_NOC: Noc = { linkBandwidthBps: 64e9, hopLatencyCycles: 2, routing: 'xy' };
export const DEFAULT_DRAM: Dram = { kind: 'HBM2', channels: 16, bandwidthBps: 512e9, attach: 'edges', placement: 'nearest' };
