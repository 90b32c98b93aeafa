// The statistics of several heads of a trace as one: means of the per-row and per-key figures, the worst of the
// maxima, so the performance models see the average head (as they see the one synthetic head).
import type { FunctionalStats } from './stats.js';

const MAX_FIELDS = new Set<keyof FunctionalStats>(['outputRelErrorMax', 'maxMispredictPerRowTile']);

export function mergeHeadStats(list: FunctionalStats[]): FunctionalStats {
  if (!list.length) throw new Error('no heads to merge');
  if (list.length === 1) return { ...list[0], heads: 1 };
  const out: FunctionalStats = { ...list[0], heads: list.length };
  for (const key of Object.keys(out) as Array<keyof FunctionalStats>) {
    const values = list.map(s => s[key]);
    if (!values.every(v => typeof v === 'number' && Number.isFinite(v))) continue;
    const nums = values as number[];
    (out as unknown as Record<string, number>)[key] = MAX_FIELDS.has(key) ? Math.max(...nums) : nums.reduce((a, b) => a + b, 0) / nums.length;
  }
  out.heads = list.length;
  // SU-FA's running-max rises (an object of rates): the mean over the heads too.
  if (list.every(s => s.softmax)) {
    const mean = (f: (s: FunctionalStats) => number) => list.reduce((a, s) => a + f(s), 0) / list.length;
    const order = (o: 'descending' | 'ascending' | 'unsorted') => ({
      boundaryRisesPerRowTile: mean(s => s.softmax!.orders[o].boundaryRisesPerRowTile),
      inTileRisesPerRowTile: mean(s => s.softmax!.orders[o].inTileRisesPerRowTile),
    });
    out.softmax = { tileRisesPerRowTile: mean(s => s.softmax!.tileRisesPerRowTile),
      orders: { descending: order('descending'), ascending: order('ascending'), unsorted: order('unsorted') } };
  }
  if (list[0].sampled) out.sampled = { ...list[0].sampled, ms: list.reduce((a, s) => a + (s.sampled?.ms ?? 0), 0) };
  return out;
}
