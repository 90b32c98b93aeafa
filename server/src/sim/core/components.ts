// Reference costs of every hardware unit at 28 nm / 1.0 V, in one table (Accelergy style): a new unit is a new row.
// The STAR core's per-module area and power (SOFA, MICRO 2024, module table; ../shared/docs/star-model.md) is the
// primary calibration: each module figure is split into its units; Horowitz (ISSCC 2014) and O'Connor (MICRO 2017)
// cross-check the per-operation energies. Module power in the paper's table is read as "every unit active each cycle".
import type { Core, Technology } from '../../model/design.js';

export interface UnitCost {
  areaUm2: number;       // silicon area of one unit
  energyPj: number;      // dynamic energy of one operation (one active cycle of the unit)
  leakMw: number;        // static power of one unit
  source: string;
}

/** 28 nm, 1.0 V, 1 GHz reference. energyPj is per operation; per-byte rows are per byte moved. */
export const UNITS = {
  // DLZS: 29.05 mW / 0.351 mm2 split over 4096 PEs, 128 encoders, 4 KB buffer, zero eliminator.
  shiftAddPe: { areaUm2: 68, energyPj: 0.0058, leakMw: 0.0002, source: 'SOFA module table, DLZS row / 4096 PEs (~85% of the module); shift + 16-bit add, below Horowitz 32-bit add 0.1 pJ@45nm scaled' },
  lzEncoder: { areaUm2: 250, energyPj: 0.015, leakMw: 0.001, source: 'SOFA DLZS row: 128 encoders (two 8-bit LZ counters each), ~9% of area' },
  bufferPerKb: { areaUm2: 8000, energyPj: 0.3, leakMw: 0.05, source: 'SOFA DLZS row: 4 KB output buffer (latch/register-file array), remainder of the module' },
  zeroEliminator: { areaUm2: 9500, energyPj: 0.2, leakMw: 0.01, source: 'SOFA DLZS row: one zero eliminator (remainder)' },
  // SADS: 112.79 mW / 0.679 mm2 over 128 16-to-4 bitonic sort cores and 128 clipping units.
  sortCore: { areaUm2: 4900, energyPj: 0.79, leakMw: 0.005, source: 'SOFA SADS row / 128: 16-input bitonic network, 80 16-bit compare-exchange, one round per active cycle' },
  clipUnit: { areaUm2: 405, energyPj: 0.07, leakMw: 0.0005, source: 'SOFA SADS row / 128: subtract-compare against Max - R' },
  // 16-bit MAC PE: KV generation row (146.21 mW / 0.875 mm2) / 512 PEs. Horowitz 16-bit mult+add at 45 nm x 28/45.
  pe16: { areaUm2: 1709, energyPj: 0.270, leakMw: 0.0156, source: 'SOFA KV-generation row / 512 PEs; Horowitz fp16 mul 1.1 + add 0.4 pJ @45nm x 0.62 = 0.93 pJ (int16 is ~1/3 of fp)' },
  // SU-FA: 485.12 mW / 3.012 mm2 = 2 x 512 PEs (as pe16) + 128 exp units + 128 dividers.
  expUnit: { areaUm2: 4150, energyPj: 0.66, leakMw: 0.01, source: 'SOFA SU-FA row minus its 1024 PEs, split with dividers ~45/55 by area; piecewise-linear exp' },
  divider: { areaUm2: 5700, energyPj: 0.78, leakMw: 0.012, source: 'SOFA SU-FA row remainder: 16-bit iterative divider' },
  // On-chip SRAM: 170.23 mW / 0.497 mm2 for 316 KB; access energy from Horowitz 8 KB read (10 pJ / 64 bit @45nm) x 0.62.
  sramPerKb: { areaUm2: 1573, energyPj: 0, leakMw: 0.12, source: 'SOFA SRAM row: 0.497 mm2 / 316 KB (CACTI-like 28 nm density); leakage ~22% of the row' },
  sramPerByte: { areaUm2: 0, energyPj: 0.78, leakMw: 0, source: 'Horowitz ISSCC 2014: 64-bit read of 8 KB SRAM ~10 pJ @45nm, x 28/45' },
  scheduler: { areaUm2: 280000, energyPj: 6.0, leakMw: 0.45, source: 'SOFA scheduler/other row (tiled out-of-order controller, RASS)' },
  // Off chip and network.
  dramPerByte: { areaUm2: 0, energyPj: 31.2, leakMw: 0, source: "HBM2 ~3.9 pJ/bit (O'Connor et al., MICRO 2017)" },
  ioPerByte: { areaUm2: 0, energyPj: 8.9, leakMw: 0, source: 'memory interface (PHY + controller): SOFA 0.53 W at its 59.8 GB/s average = 8.9 pJ/B (~1.1 pJ/bit, HBM PHY class)' },
  nocPerByteHop: { areaUm2: 0, energyPj: 0.8, leakMw: 0, source: 'router + 1 mm link, ~0.1 pJ/bit/hop at 28 nm (Orion 2.0 class estimate)' },
  routerArea: { areaUm2: 60000, energyPj: 0, leakMw: 2, source: '5-port mesh router at 28 nm, estimate (not in the paper)' },
} satisfies Record<string, UnitCost>;
export type UnitName = keyof typeof UNITS;

/** SRAM port bytes per cycle at full activity (token 128 B + weight 32 B + temp 16 B ports): the table's peak. */
export const SRAM_PEAK_BYTES_PER_CYCLE = 176;

export type ModuleName = 'dlzs' | 'sads' | 'kvgen' | 'sufa' | 'sram' | 'scheduler';
export const MODULES: ModuleName[] = ['dlzs', 'sads', 'kvgen', 'sufa', 'sram', 'scheduler'];

/**
 * The units each module is made of, each counted from the core description. A table of counting functions built
 * once: moduleCosts runs for every new core of a design-space sweep, and tuples built per call were its cost.
 */
const MODULE_UNITS: Record<ModuleName, ReadonlyArray<readonly [UnitName, (core: Core) => number]>> = {
  dlzs: [['shiftAddPe', c => c.dlzs.rows * c.dlzs.cols], ['lzEncoder', c => c.dlzs.rows], ['bufferPerKb', c => 4 * c.dlzs.rows / 128], ['zeroEliminator', () => 1]],
  sads: [['sortCore', c => c.sads.sorters * sorterScale(c)], ['clipUnit', c => c.sads.sorters]],
  kvgen: [['pe16', c => c.kvgen.rows * c.kvgen.cols * bitScale(c.kvgen.bits)]],
  // Two systolic arrays of rows x cols: one for Q K^T, one for S V.
  sufa: [['pe16', c => 2 * c.sufa.rows * c.sufa.cols * bitScale(c.sufa.bits)], ['expUnit', c => c.sufa.expUnits], ['divider', c => c.sufa.divUnits]],
  sram: [['sramPerKb', c => (c.sram.tokenBytes + c.sram.weightBytes + c.sram.tempBytes) / 1024], ['sramPerByte', () => SRAM_PEAK_BYTES_PER_CYCLE]],
  scheduler: [['scheduler', () => 1]],
};

/** The units each module is made of, counted from the core description. */
export function moduleUnits(core: Core): Record<ModuleName, Array<[UnitName, number]>> {
  const out = {} as Record<ModuleName, Array<[UnitName, number]>>;
  for (const m of MODULES) out[m] = MODULE_UNITS[m].map(([u, count]) => [u, count(core)]);
  return out;
}

/** A PE's cost grows with the square of its operand width (multiplier array); 16 bits is the reference. */
export function bitScale(bits: number): number { return (bits / 16) ** 2; }
/** A bitonic network's comparator count grows as n log^2 n; 16 inputs is the reference. */
export function sorterScale(core: Core): number {
  const n = Math.max(2, core.sads.inputs);
  const l = Math.log2(n);
  return (n * l * (l + 1)) / (16 * 4 * 5);
}

/** Technology normalisation of star-model.md: s = node / 28 nm; energy ~ s (Vdd / 1.0)^2, area ~ s^2. */
export interface TechScale { energy: number; area: number; frequencyGHz: number }
export function techScale(t: Technology): TechScale {
  const s = t.nodeNm / 28;
  return { energy: s * (t.voltageV / 1.0) ** 2, area: s * s, frequencyGHz: t.frequencyHz / 1e9 };
}

export interface ModuleCost { areaMm2: number; peakPowerMw: number; leakMw: number }

/** Area and full-activity power of each module of a core, at the core's technology and clock. */
export function moduleCosts(core: Core): Record<ModuleName, ModuleCost> {
  const ts = techScale(core.technology);
  const out = {} as Record<ModuleName, ModuleCost>;
  for (const m of MODULES) {
    let area = 0, dyn = 0, leak = 0;
    for (const [u, count] of MODULE_UNITS[m]) {
      const n = count(core);
      const c: UnitCost = UNITS[u];
      area += n * c.areaUm2;
      dyn += n * c.energyPj * ts.frequencyGHz;   // pJ per cycle x GHz = mW
      leak += n * c.leakMw;
    }
    out[m] = { areaMm2: (area * ts.area) / 1e6, peakPowerMw: (dyn + leak) * ts.energy, leakMw: leak * ts.energy };
  }
  return out;
}

export function coreAreaMm2(core: Core): number {
  const m = moduleCosts(core);
  return MODULES.reduce((s, k) => s + m[k].areaMm2, 0);
}
export function corePeakPowerW(core: Core): number {
  const m = moduleCosts(core);
  return MODULES.reduce((s, k) => s + m[k].peakPowerMw, 0) / 1000;
}
export function coreLeakW(core: Core): number {
  const m = moduleCosts(core);
  return MODULES.reduce((s, k) => s + m[k].leakMw, 0) / 1000;
}
/** Energy of n operations of a unit at a technology, in joules. */
export function unitEnergyJ(unit: UnitName, n: number, t: Technology): number {
  return n * UNITS[unit].energyPj * 1e-12 * techScale(t).energy;
}
