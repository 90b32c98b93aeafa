// SU-FA: sorted-updating FlashAttention (star-model.md, stage 3), and the attention variants it is compared with.
// SU-FA keeps one (m, l, o) per tile: keys arrive in descending predicted order, so the first key is taken as the
// tile max and later keys only add exp(s - m). The prediction can be wrong: when a later key scores above m the
// tile is rescaled on the spot (counted as a mispredict), so the result stays exact. After the last tile the
// tile-sync rule merges the tiles: m = max_j m_j, l = sum_j l_j e^(m_j - m), o = sum_j o_j e^(m_j - m), O = o / l.
// FA-2 keeps one running (m, l, o) over all keys and rescales whenever the max rises; plain attention computes all
// selected scores, then softmax. Scores are exact: score(i, j) = q_i . k_j (q already scaled by 1/sqrt(d)).
import { emptyCounts, traffic, type OpCounts } from './counts.js';
import { dot } from './kernels.js';
import type { Selection } from './sads.js';

export type KeyOrder = 'descending' | 'ascending' | 'unsorted';

export interface AttentionStats {
  rowTiles: number;          // (row, non-empty tile) pairs
  inTileRescales: number;    // rescales inside a tile (SU-FA: mispredicts only; FA-2: every max change)
  syncRescales: number;      // SU-FA tile-sync exps
  mispredicts: number;       // tiles whose first key was not the true tile max
  maxChanges: number;        // FA-2: times the running max rose after the row's first key
}

export function emptyAttentionStats(): AttentionStats {
  return { rowTiles: 0, inTileRescales: 0, syncRescales: 0, mispredicts: 0, maxChanges: 0 };
}

/** Where scores come from: q . k by a d-long dot product, or a precomputed exact score matrix (same numbers). */
export interface AttentionInputs {
  q: Float64Array;           // rows x d, scaled by 1/sqrt(d)
  k: Float64Array;           // S x d
  v: Float64Array;           // S x d
  d: number;
  /** optional rows x S exact scores, to avoid recomputing dot products the reference already did */
  scores?: Float64Array;
  bits: number;              // formal-compute width, for byte counts
}

function keyOrder(sel: Selection, a: number, b: number, order: KeyOrder, buf: Int32Array): number {
  const n = b - a;
  if (order === 'descending') for (let u = 0; u < n; u++) buf[u] = sel.keys[a + u];
  else if (order === 'ascending') for (let u = 0; u < n; u++) buf[u] = sel.keys[b - 1 - u];
  else { for (let u = 0; u < n; u++) buf[u] = sel.keys[a + u]; buf.subarray(0, n).sort(); }
  return n;
}

function score(inp: AttentionInputs, row: number, key: number): number {
  return inp.scores ? inp.scores[row * inp.k.length / inp.d + key] : dot(inp.q, row * inp.d, inp.k, key * inp.d, inp.d);
}

function maxTile(sel: Selection): number {
  let m = 0;
  for (let t = 0; t + 1 < sel.tileStart.length; t++) m = Math.max(m, sel.tileStart[t + 1] - sel.tileStart[t]);
  return m;
}

/** SU-FA over the selection; `order` is the in-tile order (descending = as the hardware runs it). */
export function sufaAttention(inp: AttentionInputs, sel: Selection, order: KeyOrder, out: Float64Array,
                              counts: OpCounts = emptyCounts(), st: AttentionStats = emptyAttentionStats()): void {
  const { d, v } = inp;
  const tc = sel.tc;
  const buf = new Int32Array(maxTile(sel));
  const tm = new Float64Array(tc), tl = new Float64Array(tc), to = new Float64Array(tc * d);
  const B = inp.bits / 8;
  for (let i = 0; i < sel.rows; i++) {
    to.fill(0);
    let used = 0;
    for (let j = 0; j < tc; j++) {
      const a = sel.tileStart[i * tc + j], b = sel.tileStart[i * tc + j + 1];
      tm[j] = -Infinity; tl[j] = 0;
      if (a === b) continue;
      used++;
      const n = keyOrder(sel, a, b, order, buf);
      const o = j * d;
      let m = -Infinity, l = 0, mispredicted = false;
      for (let u = 0; u < n; u++) {
        const key = buf[u];
        const s = score(inp, i, key);
        if (u === 0) m = s;
        else {
          counts.comparisons++;                      // run-time check of the predicted max
          if (s > m) {
            // wrong prediction: the first key was not the tile max; rescale what this tile has so far
            const f = Math.exp(m - s);
            l *= f;
            for (let c = 0; c < d; c++) to[o + c] *= f;
            m = s; mispredicted = true;
            st.inTileRescales++; counts.rescales++; counts.exponentials++; counts.multiplies += d + 1;
          }
        }
        const p = Math.exp(s - m);
        l += p;
        const vk = key * d;
        for (let c = 0; c < d; c++) to[o + c] += p * v[vk + c];
      }
      if (mispredicted) st.mispredicts++;
      tm[j] = m; tl[j] = l;
      st.rowTiles++;
      counts.multiplies += 2 * n * d;                // q.k and p.V
      counts.adds += n * (d + 1);
      counts.exponentials += n;
      traffic(counts, 'kv', 2 * n * d * B, 0);
    }
    // tile sync
    let M = -Infinity;
    for (let j = 0; j < tc; j++) if (tm[j] > M) M = tm[j];
    let L = 0;
    const orow = i * d;
    for (let c = 0; c < d; c++) out[orow + c] = 0;
    for (let j = 0; j < tc; j++) {
      if (tm[j] === -Infinity) continue;
      const f = Math.exp(tm[j] - M);
      L += tl[j] * f;
      for (let c = 0; c < d; c++) out[orow + c] += to[j * d + c] * f;
      st.syncRescales++;
    }
    counts.comparisons += Math.max(0, used - 1);
    counts.exponentials += used; counts.rescales += used; counts.multiplies += used * (d + 1);
    counts.adds += Math.max(0, used - 1) * (d + 1);
    finish(out, orow, d, L, counts);
    traffic(counts, 'query', d * B, 0);
    traffic(counts, 'output', 0, d * B);
  }
}

function finish(out: Float64Array, o: number, d: number, L: number, counts: OpCounts): void {
  if (L > 0) for (let c = 0; c < d; c++) out[o + c] /= L;
  counts.divisions += d;
}

/** FlashAttention-2 style online softmax: one running (m, l, o) over the row's keys, tiles in order. */
export function fa2Attention(inp: AttentionInputs, sel: Selection, order: KeyOrder, out: Float64Array,
                             counts: OpCounts = emptyCounts(), st: AttentionStats = emptyAttentionStats()): void {
  const { d, v } = inp;
  const tc = sel.tc;
  const buf = new Int32Array(maxTile(sel));
  const B = inp.bits / 8;
  for (let i = 0; i < sel.rows; i++) {
    const orow = i * d;
    for (let c = 0; c < d; c++) out[orow + c] = 0;
    let m = -Infinity, l = 0, first = true;
    for (let j = 0; j < tc; j++) {
      const a = sel.tileStart[i * tc + j], b = sel.tileStart[i * tc + j + 1];
      if (a === b) continue;
      st.rowTiles++;
      const n = keyOrder(sel, a, b, order, buf);
      for (let u = 0; u < n; u++) {
        const key = buf[u];
        const s = score(inp, i, key);
        if (first) { m = s; first = false; }
        else {
          counts.comparisons++;
          if (s > m) {
            const f = Math.exp(m - s);
            l *= f;
            for (let c = 0; c < d; c++) out[orow + c] *= f;
            m = s;
            st.maxChanges++; st.inTileRescales++;
            counts.rescales++; counts.exponentials++; counts.multiplies += d + 1;
          }
        }
        const p = Math.exp(s - m);
        l += p;
        const vk = key * d;
        for (let c = 0; c < d; c++) out[orow + c] += p * v[vk + c];
      }
      counts.multiplies += 2 * n * d;
      counts.adds += n * (d + 1);
      counts.exponentials += n;
      traffic(counts, 'kv', 2 * n * d * B, 0);
    }
    finish(out, orow, d, l, counts);
    traffic(counts, 'query', d * B, 0);
    traffic(counts, 'output', 0, d * B);
  }
}

/** Plain softmax attention over the selected keys: all scores, max, exponentials, sum, weighted sum of V. */
export function plainAttention(inp: AttentionInputs, sel: Selection, out: Float64Array,
                               counts: OpCounts = emptyCounts()): void {
  const { d, v } = inp;
  const tc = sel.tc;
  const B = inp.bits / 8;
  let sbuf = new Float64Array(64);
  for (let i = 0; i < sel.rows; i++) {
    const a = sel.tileStart[i * tc], b = sel.tileStart[(i + 1) * tc];
    const n = b - a;
    if (sbuf.length < n) sbuf = new Float64Array(n);
    let m = -Infinity;
    for (let u = 0; u < n; u++) { const s = score(inp, i, sel.keys[a + u]); sbuf[u] = s; if (s > m) m = s; }
    let l = 0;
    for (let u = 0; u < n; u++) { const p = Math.exp(sbuf[u] - m); sbuf[u] = p; l += p; }
    const orow = i * d;
    for (let c = 0; c < d; c++) out[orow + c] = 0;
    for (let u = 0; u < n; u++) {
      const p = sbuf[u], vk = sel.keys[a + u] * d;
      for (let c = 0; c < d; c++) out[orow + c] += p * v[vk + c];
    }
    finish(out, orow, d, l, counts);
    counts.multiplies += 2 * n * d;
    counts.comparisons += Math.max(0, n - 1);
    counts.exponentials += n;
    counts.adds += n * (d + 1);
    traffic(counts, 'kv', 2 * n * d * B, 0);
    traffic(counts, 'ahat', n * 4, n * 4);          // the score row is written out and read back (unfused)
    traffic(counts, 'query', d * B, 0);
    traffic(counts, 'output', 0, d * B);
  }
}

/** Dense softmax attention over all S keys from a rows x S exact score matrix: the reference. */
export function denseAttention(scores: Float64Array, rows: number, S: number, v: Float64Array, d: number,
                               out: Float64Array): void {
  const p = new Float64Array(S);
  for (let i = 0; i < rows; i++) {
    let m = -Infinity;
    for (let j = 0; j < S; j++) if (scores[i * S + j] > m) m = scores[i * S + j];
    let l = 0;
    for (let j = 0; j < S; j++) { const e = Math.exp(scores[i * S + j] - m); p[j] = e; l += e; }
    const o = i * d;
    for (let c = 0; c < d; c++) out[o + c] = 0;
    for (let j = 0; j < S; j++) {
      const e = p[j];
      if (e < 1e-300) continue;
      const vk = j * d;
      for (let c = 0; c < d; c++) out[o + c] += e * v[vk + c];
    }
    for (let c = 0; c < d; c++) out[o + c] /= l;
  }
}

/** Relative L2 error of each row of a against b. */
export function rowRelErrors(a: Float64Array, b: Float64Array, rows: number, d: number): Float64Array {
  const e = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let num = 0, den = 0;
    for (let c = 0; c < d; c++) { const x = a[i * d + c] - b[i * d + c]; num += x * x; den += b[i * d + c] ** 2; }
    e[i] = Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-30);
  }
  return e;
}
