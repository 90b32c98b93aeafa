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
import { AttentionKernel } from './simd.js';

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
  /** SIMD inner products with K and V already staged (see simd.ts): weighted sums of V, and scores unless given */
  kernel?: AttentionKernel | null;
}

/** Where SU-FA's inner products run: the SIMD kernel, or plain JS with the same arrays and the same order of sums.
 *  Work goes tile-major over a chunk of rows (a KV tile stays in cache while every row of the chunk uses it, as the
 *  hardware streams a tile past its query block); accumulator a = localRow * tc + tile. */
interface Backend {
  dPad: number; keys: Int32Array; sc: Float64Array; w: Float64Array; o: Float64Array;
  chunkRows: number;
  loadChunk(r0: number, rows: number): void;
  dots(localRow: number, n: number): void;
  wsum(acc: number, from: number, to: number): void;
}

const JS_ACC_DOUBLES = 1 << 20;        // 8 MB of per-tile accumulators at most

class JsBackend implements Backend {
  dPad: number; keys: Int32Array; sc: Float64Array; w: Float64Array; o: Float64Array; chunkRows: number;
  private r0 = 0;
  private readonly S: number;
  constructor(private readonly inp: AttentionInputs, maxKeys: number, tiles: number, rows: number) {
    this.dPad = inp.d;
    this.S = inp.k.length / inp.d;
    this.chunkRows = Math.max(1, Math.min(rows, Math.floor(JS_ACC_DOUBLES / (tiles * inp.d))));
    this.keys = new Int32Array(Math.max(1, maxKeys)); this.sc = new Float64Array(Math.max(1, maxKeys));
    this.w = new Float64Array(Math.max(1, maxKeys)); this.o = new Float64Array(this.chunkRows * tiles * inp.d);
  }
  loadChunk(r0: number): void { this.r0 = r0; }
  dots(localRow: number, n: number): void {
    const { q, k, d, scores } = this.inp;
    const row = this.r0 + localRow;
    if (scores) { const base = row * this.S; for (let u = 0; u < n; u++) this.sc[u] = scores[base + this.keys[u]]; }
    else for (let u = 0; u < n; u++) this.sc[u] = dot(q, row * d, k, this.keys[u] * d, d);
  }
  wsum(acc: number, from: number, to: number): void {
    const { v, d } = this.inp, o = this.o, base = acc * d;
    for (let u = from; u < to; u++) {
      const p = this.w[u], vk = this.keys[u] * d;
      for (let c = 0; c < d; c++) o[base + c] += p * v[vk + c];
    }
  }
}

class SimdBackend implements Backend {
  dPad: number; keys: Int32Array; sc: Float64Array; w: Float64Array; o: Float64Array; chunkRows: number;
  constructor(private readonly kr: AttentionKernel, private readonly inp: AttentionInputs, tiles: number, rows: number) {
    this.dPad = kr.dPad; this.keys = kr.keys; this.sc = kr.sc; this.w = kr.w; this.o = kr.o;
    this.chunkRows = Math.max(0, Math.min(rows, kr.maxRows, Math.floor(kr.o.length / (tiles * kr.dPad))));
  }
  private r0 = 0;
  loadChunk(r0: number, rows: number): void {
    this.r0 = r0;
    if (!this.inp.scores) this.kr.loadQueries(this.inp.q, r0, rows, this.inp.d);
  }
  dots(localRow: number, n: number): void {
    const scores = this.inp.scores;
    if (!scores) { this.kr.dots(localRow, n); return; }
    const base = (this.r0 + localRow) * (this.inp.k.length / this.inp.d);
    for (let u = 0; u < n; u++) this.sc[u] = scores[base + this.keys[u]];
  }
  wsum(acc: number, from: number, to: number): void { this.kr.wsum(acc, from, to); }
}

/** The SIMD kernel for K, V of this head, or null without SIMD: for callers that run many blocks of up to maxRows
 *  rows, with at most maxKeys selected keys in a tile and tc tiles. */
export function attentionKernel(k: Float64Array, v: Float64Array, S: number, d: number, maxKeys: number,
                                maxRows: number, tc: number): AttentionKernel | null {
  return AttentionKernel.create(k, v, S, d, maxKeys, maxRows, maxRows * tc);
}

function keyOrder(sel: Selection, a: number, b: number, order: KeyOrder, buf: Int32Array): number {
  const n = b - a;
  if (order === 'descending') for (let u = 0; u < n; u++) buf[u] = sel.keys[a + u];
  else if (order === 'ascending') for (let u = 0; u < n; u++) buf[u] = sel.keys[b - 1 - u];
  else { for (let u = 0; u < n; u++) buf[u] = sel.keys[a + u]; buf.subarray(0, n).sort(); }
  return n;
}

function score(inp: AttentionInputs, row: number, key: number, S: number): number {
  return inp.scores ? inp.scores[row * S + key] : dot(inp.q, row * inp.d, inp.k, key * inp.d, inp.d);
}

function maxTile(sel: Selection): number {
  let m = 0;
  for (let t = 0; t + 1 < sel.tileStart.length; t++) m = Math.max(m, sel.tileStart[t + 1] - sel.tileStart[t]);
  return m;
}

function backend(inp: AttentionInputs, sel: Selection, maxKeys: number): Backend {
  const kr = inp.kernel;
  const simd = kr && kr.usable() && kr.keys.length >= maxKeys ? new SimdBackend(kr, inp, sel.tc, sel.rows) : null;
  return simd && simd.chunkRows > 0 ? simd : new JsBackend(inp, maxKeys, sel.tc, sel.rows);
}

/** SU-FA over the selection; `order` is the in-tile order (descending = as the hardware runs it). */
export function sufaAttention(inp: AttentionInputs, sel: Selection, order: KeyOrder, out: Float64Array,
                              counts: OpCounts = emptyCounts(), st: AttentionStats = emptyAttentionStats()): void {
  const d = inp.d;
  const tc = sel.tc;
  const maxKeys = maxTile(sel);
  const be = backend(inp, sel, maxKeys);
  const { keys, sc, w, o: to, dPad } = be;
  const chunk = be.chunkRows;
  const tm = new Float64Array(chunk * tc), tl = new Float64Array(chunk * tc);
  const B = inp.bits / 8;
  let checks = 0, keysSeen = 0;                        // per-key counts, added to `counts` once at the end
  for (let r0 = 0; r0 < sel.rows; r0 += chunk) {
    const nr = Math.min(chunk, sel.rows - r0);
    be.loadChunk(r0, nr);
    for (let j = 0; j < tc; j++) {
      for (let li = 0; li < nr; li++) {
        const i = r0 + li, acc = li * tc + j;
        const a = sel.tileStart[i * tc + j], b = sel.tileStart[i * tc + j + 1];
        tm[acc] = -Infinity; tl[acc] = 0;
        if (a === b) continue;
        const n = keyOrder(sel, a, b, order, keys);
        be.dots(li, n);                                // exact scores of the tile's selected keys
        const o = acc * dPad;
        to.fill(0, o, o + d);
        // the first key is taken as the tile max; the run-time check catches a wrong prediction
        let m = sc[0], l = 0, from = 0, mispredicted = false;
        for (let u = 0; u < n; u++) {
          const s = sc[u];
          if (u > 0) {
            checks++;
            if (s > m) {
              // wrong prediction: rescale what this tile has accumulated so far, then carry on from the new max
              be.wsum(acc, from, u); from = u;
              const f = Math.exp(m - s);
              l *= f;
              for (let c = 0; c < d; c++) to[o + c] *= f;
              m = s; mispredicted = true;
              st.inTileRescales++; counts.rescales++; counts.exponentials++; counts.multiplies += d + 1;
            }
          }
          const p = Math.exp(s - m);
          w[u] = p;
          l += p;
        }
        be.wsum(acc, from, n);                         // o_j += p_u V[key_u], in key order
        if (mispredicted) st.mispredicts++;
        tm[acc] = m; tl[acc] = l;
        st.rowTiles++;
        keysSeen += n;
      }
    }
    // tile sync: m = max_j m_j, l = sum_j l_j e^(m_j - m), o = sum_j o_j e^(m_j - m)
    for (let li = 0; li < nr; li++) {
      const i = r0 + li, base = li * tc;
      let M = -Infinity, used = 0;
      for (let j = 0; j < tc; j++) if (tm[base + j] > M) M = tm[base + j];
      let L = 0;
      const orow = i * d;
      for (let c = 0; c < d; c++) out[orow + c] = 0;
      for (let j = 0; j < tc; j++) {
        if (tm[base + j] === -Infinity) continue;
        used++;
        const f = Math.exp(tm[base + j] - M);
        L += tl[base + j] * f;
        const o = (base + j) * dPad;
        for (let c = 0; c < d; c++) out[orow + c] += to[o + c] * f;
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
  counts.comparisons += checks;
  counts.multiplies += 2 * keysSeen * d;               // q.k and p.V
  counts.adds += keysSeen * (d + 1);
  counts.exponentials += keysSeen;
  traffic(counts, 'kv', 2 * keysSeen * d * B, 0);
}

function finish(out: Float64Array, o: number, d: number, L: number, counts: OpCounts): void {
  if (L > 0) for (let c = 0; c < d; c++) out[o + c] /= L;
  counts.divisions += d;
}

/** FlashAttention-2 style online softmax: one running (m, l, o) per row over its keys, tiles in order. */
export function fa2Attention(inp: AttentionInputs, sel: Selection, order: KeyOrder, out: Float64Array,
                             counts: OpCounts = emptyCounts(), st: AttentionStats = emptyAttentionStats()): void {
  const d = inp.d;
  const tc = sel.tc;
  const be = backend(inp, sel, maxTile(sel));
  const { keys, sc, w, o: to, dPad } = be;
  const chunk = be.chunkRows;
  const rm = new Float64Array(chunk), rl = new Float64Array(chunk);
  const B = inp.bits / 8;
  for (let r0 = 0; r0 < sel.rows; r0 += chunk) {
    const nr = Math.min(chunk, sel.rows - r0);
    be.loadChunk(r0, nr);
    rm.fill(-Infinity); rl.fill(0);
    for (let li = 0; li < nr; li++) for (let c = 0; c < d; c++) to[li * tc * dPad + c] = 0;
    for (let j = 0; j < tc; j++) {
      for (let li = 0; li < nr; li++) {
        const i = r0 + li, acc = li * tc, o = acc * dPad;
        const a = sel.tileStart[i * tc + j], b = sel.tileStart[i * tc + j + 1];
        if (a === b) continue;
        st.rowTiles++;
        const n = keyOrder(sel, a, b, order, keys);
        be.dots(li, n);
        let m = rm[li], l = rl[li], from = 0;
        for (let u = 0; u < n; u++) {
          const s = sc[u];
          if (m === -Infinity) m = s;                  // the row's first key
          else {
            counts.comparisons++;
            if (s > m) {
              be.wsum(acc, from, u); from = u;
              const f = Math.exp(m - s);
              l *= f;
              for (let c = 0; c < d; c++) to[o + c] *= f;
              m = s;
              st.maxChanges++; st.inTileRescales++;
              counts.rescales++; counts.exponentials++; counts.multiplies += d + 1;
            }
          }
          const p = Math.exp(s - m);
          w[u] = p;
          l += p;
        }
        be.wsum(acc, from, n);
        rm[li] = m; rl[li] = l;
        counts.multiplies += 2 * n * d;
        counts.adds += n * (d + 1);
        counts.exponentials += n;
        traffic(counts, 'kv', 2 * n * d * B, 0);
      }
    }
    for (let li = 0; li < nr; li++) {
      const orow = (r0 + li) * d, o = li * tc * dPad;
      for (let c = 0; c < d; c++) out[orow + c] = to[o + c];
      finish(out, orow, d, rl[li], counts);
      traffic(counts, 'query', d * B, 0);
      traffic(counts, 'output', 0, d * B);
    }
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
    for (let u = 0; u < n; u++) { const s = score(inp, i, sel.keys[a + u], sel.seqLen); sbuf[u] = s; if (s > m) m = s; }
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
                               out: Float64Array, kernel?: AttentionKernel | null): void {
  const p = new Float64Array(S);
  const all = kernel && kernel.keys.length >= S ? kernel : null;
  if (all) for (let j = 0; j < S; j++) all.keys[j] = j;
  for (let i = 0; i < rows; i++) {
    let m = -Infinity;
    for (let j = 0; j < S; j++) if (scores[i * S + j] > m) m = scores[i * S + j];
    let l = 0;
    const w = all ? all.w : p;
    for (let j = 0; j < S; j++) { const e = Math.exp(scores[i * S + j] - m); w[j] = e; l += e; }
    const o = i * d;
    if (all) {
      all.o.fill(0, 0, all.dPad);
      all.wsum(0, 0, S);
      for (let c = 0; c < d; c++) out[o + c] = all.o[c] / l;
      continue;
    }
    for (let c = 0; c < d; c++) out[o + c] = 0;
    for (let j = 0; j < S; j++) {
      const e = p[j];
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
