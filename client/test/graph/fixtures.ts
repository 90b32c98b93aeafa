// Realistic results for the graph view, shaped by the protocol types.
import type { ChipView, SimulationResultParams, SourceLink } from '../../../server/src/protocolTypes.js';
import type { SimulationResult, CoreResult, LinkResult, DramChannelResult } from '../../../server/src/sim/result.js';

const uri = 'file:///work/samples/spatial.star';
const at = (line: number, from = 0, to = 40): SourceLink => ({ uri, range: { start: { line, character: from }, end: { line, character: to } } });

/** The dram routers of `attach = edges`: every edge router once, in ring order, up to `channels`. */
export function edgeRouters(rows: number, cols: number, channels: number): Array<[number, number]> {
  const ring: Array<[number, number]> = [];
  for (let c = 0; c < cols; c++) ring.push([0, c]);
  for (let r = 1; r < rows; r++) ring.push([r, cols - 1]);
  if (rows > 1) for (let c = cols - 2; c >= 0; c--) ring.push([rows - 1, c]);
  if (cols > 1) for (let r = rows - 2; r >= 1; r--) ring.push([r, 0]);
  return Array.from({ length: channels }, (_, i) => ring[i % ring.length]);
}

export function makeChip(rows: number, cols: number, over: Partial<ChipView> = {}): ChipView {
  return {
    name: 'spatial_star', rows, cols, coreName: 'star', singleCore: rows * cols === 1, kvFlow: 'ring',
    partition: { heads: 'rows', queries: 'cols', kv: 'cols' },
    dramRouters: edgeRouters(rows, cols, 16),
    links: { chip: at(30, 0, 20), core: at(20, 0, 9), mapping: at(40, 0, 30),
      engines: { dlzs: at(22, 2, 30), sads: at(23, 2, 50), kvgen: at(24, 2, 30), sufa: at(25, 2, 80), sram: at(26, 2, 50) } },
    ...over,
  };
}

/** A plausible R x C result: utilisation falling off from the DRAM edge, XY-ring traffic on row links. */
export function makeSimulation(rows: number, cols: number, over: Partial<SimulationResult> = {}): SimulationResult {
  const cores: CoreResult[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    const u = 0.55 + 0.4 * Math.sin((r * 7 + c * 3) / 5) ** 2;
    cores.push({ row: r, col: c, utilization: u, busyMs: 4.2 * u });
  }
  const links: LinkResult[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    if (c + 1 < cols) {
      const bytes = 2_000_000 + 10_000 * ((r + c) % 17);
      links.push({ from: [r, c], to: [r, c + 1], bytes, utilization: bytes / 4e6 });
      links.push({ from: [r, c + 1], to: [r, c], bytes: bytes / 8, utilization: bytes / 32e6 });
    }
    if (r + 1 < rows) links.push({ from: [r, c], to: [r + 1, c], bytes: 150_000, utilization: 0.04 });
  }
  const dramChannels: DramChannelResult[] = edgeRouters(rows, cols, 16).map(([r, c], i) => ({ router: [r, c], bytes: 8e6 + i * 1e5, utilization: 0.6 }));
  const engine = (busyMs: number, utilization: number) => ({ busyMs, utilization });
  return {
    name: 'long_context', mapping: 'long_context', workload: 'llama7b_prefill', chip: 'spatial_star',
    latencyMs: 4.2, tokensPerS: 15_600_000, effectiveGops: 300_000, energyMJ: 60,
    powerW: { core: 15, io: 4, dram: 8, total: 27 }, areaMm2: 91, gopsPerWCore: 25_000, gopsPerWDevice: 7000, gopsPerMm2: 4300,
    utilization: { dlzs: 0.41, sads: 0.52, kvgen: 0.63, sufa: 0.93 },
    engines: { dlzs: engine(1.7, 0.41), sads: engine(2.2, 0.52), kvgen: engine(2.6, 0.63), sufa: engine(3.9, 0.93) },
    bottleneck: 'sufa', dramBytes: 1.3e8, nocBytes: links.reduce((s, l) => s + l.bytes, 0),
    breakdown: [{ step: 'cross-stage tiling', speedup: 2.1 }], baselines: { a100: { speedup: 9.3, energyGain: 70 } },
    functional: { topkRecall: 0.97, outputRelError: 0.004 }, energyByComponentMJ: { sufa: 30 }, areaByComponentMm2: { sufa: 48 },
    cores, links, dramChannels, notes: [], ...over,
  };
}

export function makeParams(rows: number, cols: number, chipOver: Partial<ChipView> = {}): SimulationResultParams {
  return { uri, version: 3, stale: false, running: false, elapsedMs: 12,
    results: [{ simulation: makeSimulation(rows, cols), chip: makeChip(rows, cols, chipOver), simulateLine: 45 }] };
}
