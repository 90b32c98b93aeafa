// The KV-tile rules of one core, shared by the checker and the core model. The working set of one tile must fit the
// token and temp SRAM (docs/language.md, "SRAM fit"). Cross-stage tiling keeps the A^ tile (the query block's
// predicted scores against the tile's bc keys, 16-bit) in the temp SRAM for SADS; when it does not fit, the core
// model sends A^ and the top-k indices through DRAM and the checker warns (ahat-spill): one rule for both.
import type { Core } from './design.js';

/** bc = auto picks at most this many keys per tile (the paper's Tc >= 2 .. 32 search keeps tiles of this order). */
export const AUTO_BC_MAX = 256;

export function ahatTileBytes(queryBlock: number, bc: number): number {
  return queryBlock * bc * 2;
}

/** The largest bc whose A^ tile fits `tempBytes` (0 when not even one key does). */
export function ahatBcLimit(queryBlock: number, tempBytes: number): number {
  return Math.floor(tempBytes / ahatTileBytes(queryBlock, 1));
}

/** Working set of one KV tile, in bytes of 16-bit operands. */
export interface TileWorkingSet { tokenBytes: number; tempBytes: number }
/**
 * token SRAM: the query block (qb x d x 2 B) + K and V tiles, double-buffered (2 x 2 x bc x d x 2 B);
 * temp SRAM: per query row, the kept keys' indices and sorted scores (ceil(k x bc) x (2 + 2) B) + running m and l (2 x 4 B).
 */
export function tileWorkingSet(bc: number, headDim: number, queryBlock: number, topK: number): TileWorkingSet {
  return {
    tokenBytes: 2 * headDim * (queryBlock + 4 * bc),
    tempBytes: queryBlock * (Math.ceil(topK * bc) * 4 + 8),
  };
}
export function fitsSram(ws: TileWorkingSet, core: Core): boolean {
  return ws.tokenBytes <= core.sram.tokenBytes && ws.tempBytes <= core.sram.tempBytes;
}
/** The largest divisor of seqLen, at most `cap`, whose working set fits the core's SRAM. */
export function largestFittingBc(seqLen: number, headDim: number, queryBlock: number, topK: number, core: Core, cap = Infinity): number | undefined {
  // Both buffers grow with bc, so start at the largest bc each one allows and walk down to a divisor.
  const byToken = Math.floor((core.sram.tokenBytes / (2 * headDim) - queryBlock) / 4);
  const keptMax = Math.floor((core.sram.tempBytes / queryBlock - 8) / 4);
  const byTemp = topK > 0 ? Math.floor(keptMax / topK) + 1 : Infinity;
  const top = Math.min(seqLen, cap, byToken, byTemp);
  for (let bc = Math.floor(top); bc >= 1; bc--) {
    if (seqLen % bc === 0 && fitsSram(tileWorkingSet(bc, headDim, queryBlock, topK), core)) return bc;
  }
  return undefined;
}
