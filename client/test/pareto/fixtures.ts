// Test data of the Pareto view: an exploration of a small made-up space (three varied fields, three objectives),
// its front found by a brute-force dominance check, in the shape the server's star/explorationResult carries.
import type { ExplorationResultParams, ExplorationView, ExplorePoint } from '../../../server/src/protocolTypes.js';

const KB = 1024;

/** Every point of the space, with metrics from a smooth made-up model (bigger engines: faster, larger, hungrier). */
export function makePoints(): ExplorePoint[] {
  const out: ExplorePoint[] = [];
  const arrays = [[128, 4], [128, 8], [256, 8]];
  let index = 0;
  for (const [rows, cols] of arrays) for (let kb = 128; kb <= 512; kb += 64) for (const bc of [32, 64, 128]) {
    const pes = rows * cols;
    const latency = 40 / Math.sqrt(pes / 512) * (1 + 16 / bc) * (1 + 64 / kb);
    const energy = 30 + pes / 40 + kb / 16 + 200 / bc;
    const area = 2 + pes / 400 + kb / 100;
    out.push({
      index: index++,
      parameters: {
        'core.sufa.array': { label: `${rows} x ${cols}`, value: { rows, cols } },
        'core.sram.token': { label: `${kb} KB`, value: kb * KB },
        'mapping.tiling.bc': { label: String(bc), value: bc },
      },
      metrics: { latency, energy, area, power: energy / latency, topk_recall: 0.7 + bc / 1000 },
    });
  }
  return out;
}

const dominates = (a: ExplorePoint, b: ExplorePoint, objectives: string[]) =>
  objectives.every(m => a.metrics[m] <= b.metrics[m]) && objectives.some(m => a.metrics[m] < b.metrics[m]);

export function makeExploration(name = 'sizing', over: Partial<ExplorationView> = {}): ExplorationView {
  const points = makePoints();
  const objectives = ['latency', 'energy', 'area'];
  const front = points.filter(p => !points.some(q => dominates(q, p, objectives)));
  return {
    name, line: 30,
    objectives: objectives.map(metric => ({ metric, sense: 'min' as const })),
    units: { latency: 'ms', energy: 'mJ', area: 'mm2', power: 'W', topk_recall: '' },
    parameters: ['core.sufa.array', 'core.sram.token', 'mapping.tiling.bc'],
    space: { points: points.length }, search: 'exhaustive',
    evaluated: points.length, feasible: points.length, seconds: 0.002, evaluationsPerS: points.length / 0.002,
    hypervolume: 1234.5, reference: [100, 200, 20],
    front, cloud: points.filter(p => !front.includes(p)),
    state: 'done',
    ...over,
  };
}

export function makeParams(explorations: ExplorationView[] = [makeExploration()], over: Partial<ExplorationResultParams> = {}): ExplorationResultParams {
  return { uri: 'file:///w/explore.star', version: 3, stale: false, running: false, explorations, ...over };
}
