// RASS: reuse-aware scheduling (star-model.md). A block of query rows is processed together; many rows select the
// same keys. With RASS the block's union of selected keys is issued most-shared first and every KV row is fetched
// (its token row read) and generated (K, V computed) once for the whole block.
// Without it, the dataflow SOFA sets RASS against: the rows of the block are issued in row order, each fetching
// (and generating) its own selected KV rows tile by tile, so a KV row shared by r rows is fetched r times. The
// paper names no buffer that would keep a row for a later query, so by default none does (`bufferRows` = 0);
// `bufferRows` > 0 is a sensitivity knob: a FIFO of that many KV rows that catches reuse between neighbouring rows.
import type { Selection } from './sads.js';

/** KV rows the no-RASS baseline keeps for later rows of the block: none (docs/functional.md, "RASS"). */
export const NO_RASS_BUFFER_ROWS = 0;

export interface RassBlock {
  rows: number;
  pairs: number;             // selected (query, key) pairs in the block
  unique: number;            // distinct keys = KV rows fetched and generated with RASS
  fetchWithout: number;      // KV rows fetched and generated without RASS (row order; = pairs with no buffer)
  maxReuse: number;          // rows sharing the most-shared key
  /** keys of the block in RASS issue order (most-shared first, then by key index) */
  issueOrder: Int32Array;
  /** reuse count of each key of issueOrder */
  reuse: Int32Array;
}

export interface RassSummary {
  blocks: RassBlock[];
  uniqueFraction: number;    // sum unique / sum pairs
  fetchWithPerRow: number;
  fetchWithoutPerRow: number;
  meanReuse: number;         // pairs / unique
  blockImbalance: number;    // max / mean block work (pairs + KV rows generated with RASS)
}

/** RASS for query rows [r0, r1) of the selection. `count` is an S-long zeroed scratch (left zeroed). */
export function rassBlock(sel: Selection, r0: number, r1: number, bufferRows: number, count: Int32Array,
                          inBuf: Uint8Array): RassBlock {
  const tc = sel.tc;
  const a = sel.tileStart[r0 * tc], b = sel.tileStart[r1 * tc];
  const touched: number[] = [];
  for (let u = a; u < b; u++) { const k = sel.keys[u]; if (count[k]++ === 0) touched.push(k); }
  touched.sort((x, y) => (count[y] - count[x]) || (x - y));
  const issueOrder = Int32Array.from(touched);
  const reuse = Int32Array.from(touched, k => count[k]);
  const maxReuse = touched.length ? count[touched[0]] : 0;
  for (const k of touched) count[k] = 0;
  // without RASS: row by row; a FIFO of bufferRows KV rows (none by default) keeps rows for the next rows
  const cap = Math.max(0, Math.floor(bufferRows));
  const fifo = new Int32Array(Math.max(1, cap));
  let head = 0, size = 0, fetch = 0;
  for (let u = a; u < b; u++) {
    const k = sel.keys[u];
    if (cap > 0 && inBuf[k]) continue;
    fetch++;
    if (cap === 0) continue;
    if (size === cap) { inBuf[fifo[head]] = 0; fifo[head] = k; head = (head + 1) % cap; }
    else { fifo[(head + size) % cap] = k; size++; }
    inBuf[k] = 1;
  }
  for (let t = 0; t < size; t++) inBuf[fifo[(head + t) % cap]] = 0;
  return { rows: r1 - r0, pairs: b - a, unique: touched.length, fetchWithout: fetch, maxReuse, issueOrder, reuse };
}

export function rassSchedule(sel: Selection, queryBlock: number, bufferRows: number): RassSummary {
  const count = new Int32Array(sel.seqLen), inBuf = new Uint8Array(sel.seqLen);
  const blocks: RassBlock[] = [];
  const qb = Math.max(1, Math.floor(queryBlock));
  for (let r = 0; r < sel.rows; r += qb) blocks.push(rassBlock(sel, r, Math.min(sel.rows, r + qb), bufferRows, count, inBuf));
  let pairs = 0, unique = 0, without = 0, rows = 0, maxWork = 0, sumWork = 0;
  for (const bl of blocks) {
    pairs += bl.pairs; unique += bl.unique; without += bl.fetchWithout; rows += bl.rows;
    // work of a block: formal compute on its pairs plus generating its KV rows, per row of the block
    const work = (bl.pairs + bl.unique) / Math.max(1, bl.rows);
    maxWork = Math.max(maxWork, work); sumWork += work;
  }
  const meanWork = blocks.length ? sumWork / blocks.length : 0;
  return {
    blocks,
    uniqueFraction: pairs ? unique / pairs : 1,
    fetchWithPerRow: rows ? unique / rows : 0,
    fetchWithoutPerRow: rows ? without / rows : 0,
    meanReuse: unique ? pairs / unique : 0,
    blockImbalance: meanWork > 0 ? Math.max(1, maxWork / meanWork) : 1,
  };
}
