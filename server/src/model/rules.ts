// The design rules of a mapping as pure predicates over the checked model: the checker's mapping rules
// (language/check/mappingRules.ts) report them as diagnostics, the explorer (sim/explore) records a point that
// breaks one as infeasible with the same reason. One rule, one function, both callers.
import type { Axis, Mapping } from './design.js';
import { fitsSram, tileWorkingSet } from './tiling.js';

/** Cores along a mesh axis: rows, cols, the whole mesh, or 1 for none. */
export function axisCores(axis: Axis, rows: number, cols: number): number {
  return axis === 'rows' ? rows : axis === 'cols' ? cols : axis === 'all' ? rows * cols : 1;
}
/** The KV tiles cover the sequence exactly: bc divides seq_len. */
export function bcDividesSeq(seqLen: number, bc: number): boolean { return bc >= 1 && seqLen % bc === 0; }
/** SADS keeps top-(k x bc) keys of each tile: at least one. */
export function sadsKeepsKey(topK: number, bc: number): boolean { return topK * bc >= 1; }
/** A quantity splits evenly over n cores (n = 1: nothing to split). */
export function dividesOver(count: number, n: number): boolean { return n <= 1 || count % n === 0; }
/** Each mesh axis takes at most one partition ('all' takes both). */
export function axesDistinct(p: Record<'heads' | 'queries' | 'kv', Axis>): boolean {
  let rows = 0, cols = 0;
  for (const a of [p.heads, p.queries, p.kv]) {
    if (a === 'rows' || a === 'all') rows++;
    if (a === 'cols' || a === 'all') cols++;
  }
  return rows <= 1 && cols <= 1;
}
/** kv_flow = ring runs along the kv partition (or the queries partition) and needs at least 2 cores there. */
export function ringCores(m: Mapping): number {
  const c = m.chip;
  if (c.singleCore) return 1;
  const axis = m.partition.kv !== 'none' ? m.partition.kv : m.partition.queries;
  return axisCores(axis, c.rows, c.cols);
}

/**
 * The code of the first design rule the mapping breaks (the checker's error code), or undefined: the explorer's hot
 * path (no allocation); mappingRuleViolation says the same in words.
 */
export function mappingRuleCode(m: Mapping): string | undefined {
  const w = m.workload, core = m.chip.core, S = w.seqLen, bc = m.tiling.bc;
  if (!bcDividesSeq(S, bc)) return 'tiling-mismatch';
  const qb = Math.max(1, Math.min(w.queryBlock, w.queryLen));
  // tileWorkingSet and fitsSram of model/tiling.ts, inlined
  if (2 * w.headDim * (qb + 4 * bc) > core.sram.tokenBytes || qb * (Math.ceil(w.topK * bc) * 4 + 8) > core.sram.tempBytes) return 'sram-overflow';
  if (!sadsKeepsKey(w.topK, bc)) return 'sads-empty-tile';
  const c = m.chip;
  if (!c.singleCore && c.rows * c.cols > 1) {
    if (!axesDistinct(m.partition)) return 'partition-axis-reused';
    if (!dividesOver(w.heads, axisCores(m.partition.heads, c.rows, c.cols)) ||
        !dividesOver(Math.ceil(w.queryLen / qb), axisCores(m.partition.queries, c.rows, c.cols)) ||
        !dividesOver(m.tiling.tc, axisCores(m.partition.kv, c.rows, c.cols))) return 'partition-indivisible';
  }
  if (m.kvFlow === 'ring' && ringCores(m) <= 1) return 'ring-one-wide';
  return undefined;
}

/**
 * The first design rule the mapping breaks, in words (the checker's error codes in brackets), or undefined when it
 * keeps them all. Warnings of the checker (odd-tile, ahat-spill, idle-cores ...) are legal designs and pass.
 */
export function mappingRuleViolation(m: Mapping): string | undefined {
  const w = m.workload, core = m.chip.core, S = w.seqLen, bc = m.tiling.bc;
  if (!bcDividesSeq(S, bc)) return `bc = ${bc} does not divide seq_len ${S} (tiling-mismatch)`;
  const qb = Math.max(1, Math.min(w.queryBlock, w.queryLen));
  const ws = tileWorkingSet(bc, w.headDim, qb, w.topK);
  if (!fitsSram(ws, core)) {
    return ws.tokenBytes > core.sram.tokenBytes
      ? `a KV tile of bc = ${bc} needs ${ws.tokenBytes} B of token SRAM, the core has ${core.sram.tokenBytes} B (sram-overflow)`
      : `a KV tile of bc = ${bc} needs ${ws.tempBytes} B of temp SRAM, the core has ${core.sram.tempBytes} B (sram-overflow)`;
  }
  if (!sadsKeepsKey(w.topK, bc)) return `top_k ${w.topK} x bc ${bc} keeps no key per SADS sub-segment (sads-empty-tile)`;
  const c = m.chip;
  const mesh = !c.singleCore && c.rows * c.cols > 1;
  if (mesh) {
    if (!axesDistinct(m.partition)) return 'two partitions share one mesh axis (partition-axis-reused)';
    const checks: Array<['heads' | 'queries' | 'kv', number]> = [
      ['heads', w.heads], ['queries', Math.ceil(w.queryLen / qb)], ['kv', m.tiling.tc]];
    for (const [what, count] of checks) {
      const n = axisCores(m.partition[what], c.rows, c.cols);
      if (!dividesOver(count, n)) return `${count} ${what === 'heads' ? 'heads' : what === 'queries' ? 'query blocks' : 'KV tiles'} do not divide over ${n} cores (partition-indivisible)`;
    }
  }
  if (m.kvFlow === 'ring' && ringCores(m) <= 1) return 'kv_flow = ring needs at least 2 cores along the kv (or queries) partition (ring-one-wide)';
  return undefined;
}
