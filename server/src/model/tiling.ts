// What cross-stage tiling keeps on chip between the stages of one KV tile: the A^ tile (the query block's predicted
// scores against the tile's bc keys, 16-bit) waits in the temp SRAM for SADS. When it does not fit, the core model
// sends A^ and the top-k indices through DRAM and the checker warns (ahat-spill): one rule for both.

export function ahatTileBytes(queryBlock: number, bc: number): number {
  return queryBlock * bc * 2;
}

/** The largest bc whose A^ tile fits `tempBytes` (0 when not even one key does). */
export function ahatBcLimit(queryBlock: number, tempBytes: number): number {
  return Math.floor(tempBytes / ahatTileBytes(queryBlock, 1));
}
