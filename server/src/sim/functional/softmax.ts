// Online-softmax events: how often a row's running maximum rises, per key order, over a SADS selection and its exact
// scores. These counts drive the SU-FA engine's cycle model (core/evaluate.ts): every rise is a rescale of l and of
// the d output accumulators by exp(m_old - m_new), and where it happens (tile boundary or inside a tile) decides
// whether SU-FA's descending order avoided it. Counting only (no V sums), so it is cheap next to the attention runs.
import type { Selection } from './sads.js';
import type { KeyOrder } from './sufa.js';

export const KEY_ORDERS: KeyOrder[] = ['descending', 'ascending', 'unsorted'];

/** Per (row, non-empty tile) rates; a row's first tile never rescales (there is nothing accumulated yet). */
export interface OrderEvents {
  /** the tile's first key beats the running max of the earlier tiles: SU-FA's tile-boundary sync (one rescale) */
  boundaryRisesPerRowTile: number;
  /** a later key of the tile beats the running max: an in-tile rescale (SU-FA: a mispredicted max) */
  inTileRisesPerRowTile: number;
}

export interface SoftmaxEvents {
  rowTiles: number;
  /** FA-2 (max pass first): the tile's true max beats the running max of the earlier tiles: one rescale */
  tileRisesPerRowTile: number;
  /** kept keys per (row, non-empty tile): the length of FA-2's max pass */
  keysPerRowTile: number;
  /** SU-FA (first key taken as the tile max, checked at run time) in each in-tile key order */
  orders: Record<KeyOrder, OrderEvents>;
}

/**
 * Counts the running-max rises of every row over its tiles in order. Within a tile, 'descending' is the SADS order
 * (descending predicted score), 'ascending' its reverse, 'unsorted' key-index order (what a pipeline without a
 * sorter delivers). `scores` is the rows x seqLen exact score matrix the selection was made over.
 */
export function onlineSoftmaxEvents(sel: Selection, scores: Float64Array): SoftmaxEvents {
  const { tc, seqLen: S } = sel;
  let rowTiles = 0, keys = 0, tileRises = 0;
  const boundary = [0, 0, 0], inTile = [0, 0, 0];
  let buf = new Int32Array(64);
  for (let i = 0; i < sel.rows; i++) {
    let m = -Infinity;                               // running max after the earlier tiles: the same for every order
    const base = i * S;
    for (let j = 0; j < tc; j++) {
      const a = sel.tileStart[i * tc + j], b = sel.tileStart[i * tc + j + 1];
      const n = b - a;
      if (n <= 0) continue;
      rowTiles++; keys += n;
      if (buf.length < n) buf = new Int32Array(n);
      let tmax = -Infinity;
      for (let u = a; u < b; u++) { const s = scores[base + sel.keys[u]]; if (s > tmax) tmax = s; }
      if (m !== -Infinity && tmax > m) tileRises++;
      for (let o = 0; o < 3; o++) {
        if (o === 0) for (let u = 0; u < n; u++) buf[u] = sel.keys[a + u];
        else if (o === 1) for (let u = 0; u < n; u++) buf[u] = sel.keys[b - 1 - u];
        else { for (let u = 0; u < n; u++) buf[u] = sel.keys[a + u]; buf.subarray(0, n).sort(); }
        const first = scores[base + buf[0]];
        if (m !== -Infinity && first > m) boundary[o]++;
        let mm = first > m ? first : m;
        for (let u = 1; u < n; u++) {
          const s = scores[base + buf[u]];
          if (s > mm) { inTile[o]++; mm = s; }
        }
      }
      if (tmax > m) m = tmax;
    }
  }
  const per = (x: number) => rowTiles > 0 ? x / rowTiles : 0;
  const orders = {} as Record<KeyOrder, OrderEvents>;
  KEY_ORDERS.forEach((o, k) => { orders[o] = { boundaryRisesPerRowTile: per(boundary[k]), inTileRisesPerRowTile: per(inTile[k]) }; });
  return { rowTiles, tileRisesPerRowTile: per(tileRises), keysPerRowTile: per(keys), orders };
}
