// Load imbalance between cores. Sparsity makes equal shares unequal: query blocks select different numbers of keys
// and need different numbers of unique KV rows. The functional model measures that on sampled rows; here it becomes
// the expected slowdown of the slowest of N cores, each running n independent (head, query block) units.
import type { FunctionalStats } from '../functional/stats.js';

/**
 * Coefficient of variation of one query block's formal-compute work.
 * - With two or more sampled blocks: from blockImbalance = max / mean over m blocks, inverting the Gaussian
 *   extreme-value estimate max ~ mean (1 + cv sqrt(2 ln m)).
 * - With one sampled block: from keptPerRowCv, assuming the block's rows vary independently (cv / sqrt(rows)).
 */
export function blockCv(stats: FunctionalStats, queryBlock: number): number {
  const rows = Math.max(1, stats.params?.queryRows ?? 0);
  const block = Math.max(1, stats.params?.queryBlock ?? queryBlock);
  const m = Math.floor(rows / block);
  const fromRows = finite(stats.keptPerRowCv) / Math.sqrt(Math.max(1, Math.min(block, queryBlock)));
  if (m >= 2 && finite(stats.blockImbalance) > 1) {
    return Math.max(fromRows, (stats.blockImbalance - 1) / Math.sqrt(2 * Math.log(m)));
  }
  return fromRows;
}

/**
 * Expected max / mean work over `cores` busy cores, each summing `unitsPerCore` independent blocks:
 * 1 + cv_block / sqrt(n) * sqrt(2 ln N). Exactly 1 for a single core.
 */
export function imbalanceFactor(stats: FunctionalStats, queryBlock: number, cores: number, unitsPerCore: number): number {
  if (cores <= 1) return 1;
  const cv = blockCv(stats, queryBlock) / Math.sqrt(Math.max(1, unitsPerCore));
  const f = 1 + cv * Math.sqrt(2 * Math.log(cores));
  return Number.isFinite(f) ? Math.min(f, 4) : 1;
}

/** Stats of the unlucky core: its blocks keep f times the mean number of keys (capped at all of them). */
export function inflateStats(stats: FunctionalStats, f: number): FunctionalStats {
  if (f <= 1) return stats;
  return {
    ...stats,
    keptFraction: Math.min(1, stats.keptFraction * f),
    rassFetchWith: stats.rassFetchWith * f,
    rassFetchWithout: stats.rassFetchWithout * f,
  };
}

function finite(x: number): number { return Number.isFinite(x) && x > 0 ? x : 0; }
