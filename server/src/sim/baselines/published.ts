// REFERENCE DATA, not a model: the published accelerators of SOFA's Table II (MICRO 2024), as printed there.
// Energy and area efficiency are already normalised by the paper to 28 nm / 1.0 V (s = node / 28; power x (1/s)
// (1.0 / Vdd)^2, area x 1/s^2); latency is the attention part of Llama-7B (137 GOP) with every design scaled to
// 128 multipliers at 1 GHz. The STAR row is listed for comparison only: the simulator computes STAR's own figures.

export interface PublishedDesign {
  name: string;
  sparsity: 'structured' | 'unstructured';
  accuracyLoss: number;      // fraction
  computeSaved: number;      // fraction
  nodeNm: number;
  frequencyMHz: number;
  areaMm2: number;
  powerCoreW: number;
  powerIoW?: number;
  gops: number;
  gopsPerWCore: number;
  gopsPerWDevice?: number;
  gopsPerMm2: number;
  latencyMs: number;         // 137 GOP at 128 multipliers x 1 GHz
}

const row = (name: string, sparsity: PublishedDesign['sparsity'], loss: number, saved: number, node: number, mhz: number,
  area: number, pc: number, pio: number | undefined, gops: number, gwc: number, gwd: number | undefined, gmm: number, lat: number): PublishedDesign =>
  ({ name, sparsity, accuracyLoss: loss, computeSaved: saved, nodeNm: node, frequencyMHz: mhz, areaMm2: area, powerCoreW: pc,
     powerIoW: pio, gops, gopsPerWCore: gwc, gopsPerWDevice: gwd, gopsPerMm2: gmm, latencyMs: lat });

/** SOFA Table II, published figures (source: SOFA, MICRO 2024, Table II). */
export const PUBLISHED: Record<string, PublishedDesign> = {
  a3: row('A3', 'unstructured', 0.053, 0.40, 40, 1000, 2.08, 0.205, 0.617, 221, 1863, 300, 217, 622),
  elsa: row('ELSA', 'unstructured', 0.02, 0.73, 40, 1000, 1.26, 0.969, 0.525, 1090, 1944, 1004, 1765, 252),
  sanger: row('Sanger', 'structured', 0, 0.76, 55, 500, 16.9, 2.76, undefined, 2285, 2342, undefined, 522, 241),
  dota: row('DOTA', 'structured', 0.008, 0.80, 22, 1000, 4.44, 3.02, undefined, 4905, 817, undefined, 683, 448),
  energon: row('Energon', 'unstructured', 0.009, 0.77, 45, 1000, 4.2, 0.32, 2.4, 1153, 7007, 450, 709, 477),
  dtatrans: row('DTATrans', 'unstructured', 0.0074, 0.74, 40, 1000, 1.49, 0.734, undefined, 1304, 3071, undefined, 1786, 652),
  spatten: row('SpAtten', 'structured', 0.009, 0.67, 40, 1000, 1.55, 0.325, 0.617, 360, 1915, 447, 474, 382),
  fact: row('FACT', 'unstructured', 0, 0.79, 28, 500, 6.03, 0.337, undefined, 928, 2754, undefined, 154, 296),
};

/** The STAR core's own Table II row: the target the model is checked against in tests, never an input. */
export const PUBLISHED_STAR = row('SOFA (STAR core)', 'unstructured', 0, 0.82, 28, 1000, 5.69, 0.95, 2.45, 24423, 25708, 7183, 4292, 45);

/** Table II's attention part of Llama-7B, in operations (4 T S d x heads x layers at T = S = 512, 2 ops per MAC). */
export const TABLE2_WORK_OPS = 137.4e9;
export const TABLE2_MULTIPLIERS = 128;

/** Latency of 137 GOP at a design's effective GOPS, scaled to 128 multipliers at 1 GHz as Table II does. */
export function table2LatencyMs(effectiveGops: number, multipliers: number, frequencyHz: number): number {
  if (!(effectiveGops > 0)) return 0;
  return (TABLE2_WORK_OPS / (effectiveGops * 1e9)) * (multipliers / TABLE2_MULTIPLIERS) * (frequencyHz / 1e9) * 1e3;
}

/** SOFA's gains as printed (reference data): over the A100 at 0 / 1 / 2 % loss, and Table II's gains over FACT and SpAtten. */
export const PUBLISHED_GAINS = {
  a100Speedup: [6.1, 7.2, 9.5],
  a100EnergyGain: [49.8, 57.6, 71.5],
  factArea: 27.1,
  spattenEnergy: 16.1,
} as const;
