// SADS: sphere-search aided distributed sorting (star-model.md, stage 2). Each row of A^ is split into Tc
// sub-segments of Bc keys (the KV tiles); each keeps its top-ceil(k * len) keys within radius R of its running max.
// The sorter works as the hardware does: rounds of a 16-to-4 sort core (12 new inputs + the 4 kept maxima), the
// clipping units dropping every candidate below Max - R. Candidates within the radius that did not make the top 4
// wait in a survivor list; further passes over it give the next 4, until the segment has its quota (the first
// pass runs round by round; later passes are computed in closed form with the same keys and counts, see
// sadsSelect). Keys come out in descending predicted order per tile, the order SU-FA consumes. Ties: the lower key
// index ranks first.
import { emptyCounts, traffic, type OpCounts } from './counts.js';

/** Selected keys of `rows` query rows: row i, tile j holds keys[tileStart[i*tc + j] .. tileStart[i*tc + j + 1]). */
export interface Selection {
  rows: number;
  seqLen: number;
  bc: number;
  tc: number;
  keys: Int32Array;
  tileStart: Int32Array;
}

export interface SadsConfig {
  topK: number;            // fraction (0, 1]
  bc: number;
  radius: number;          // in predicted logit units; Infinity = no clipping
  inputs: number;          // 16 of a 16-to-4 sort core
  outputs: number;         // 4
}

export interface SadsStats {
  rounds: number;          // sort-core rounds over all segments
  segments: number;
  passes: number;          // passes over a segment or its survivor list
  clipped: number;         // candidates dropped by the radius
  shortSegments: number;   // segments that kept fewer than their quota (the radius left too few candidates)
}

/** Comparators of a full bitonic sorting network on n inputs (n rounded up to a power of two). */
export function bitonicComparators(n: number): number {
  const lg = Math.ceil(Math.log2(Math.max(2, n)));
  return (2 ** lg / 2) * lg * (lg + 1) / 2;
}

export function quotaOf(len: number, topK: number): number {
  return Math.min(len, Math.max(1, Math.ceil(topK * len - 1e-9)));
}

/** true when (va, ia) ranks before (vb, ib): larger value, then lower index. */
function before(va: number, ia: number, vb: number, ib: number): boolean {
  return va > vb || (va === vb && ia < ib);
}

/** Survivor lists: candidates within the radius that did not make a pass's top outputs (at most one segment). */
interface Survivors { v: Float64Array; i: Int32Array; n: number; nextV: Float64Array; nextI: Int32Array }

function survivors(bc: number): Survivors {
  return { v: new Float64Array(bc), i: new Int32Array(bc), n: 0, nextV: new Float64Array(bc), nextI: new Int32Array(bc) };
}

/** Moves the survivors to the next pass's input; returns their count. */
function takeSurvivors(sv: Survivors): number {
  const tv = sv.nextV, ti = sv.nextI;
  sv.nextV = sv.v; sv.nextI = sv.i; sv.v = tv; sv.i = ti;     // swap buffers: no copy
  const n = sv.n; sv.n = 0; return n;
}

const pass = { max: -Infinity, kept: 0, rounds: 0, clipped: 0 };

/**
 * One pass of (inputs - outputs)-new-input rounds over vals[0..n), keeping the top `outs` within the radius of the
 * running max (descending, in keptV/keptI); the others within the radius go to the survivor list. Results in `pass`.
 */
function sortPass(vals: Float64Array, off: number, idx: Int32Array | null, idxBase: number, n: number,
                  startMax: number, fresh: number, outs: number, radius: number, keptV: Float64Array,
                  keptI: Int32Array, sv: Survivors, store: boolean): void {
  // inputs: vals[off + t], keys idx[t] (or idxBase + t when idx is null: a segment read in place);
  // store = false only counts the survivors (the closed form finds them again by value)
  let max = startMax, k = 0, rounds = 0, clipped = 0, sn = sv.n;
  const svV = sv.v, svI = sv.i;
  for (let r = 0; r < n; r += fresh) {
    const end = r + fresh < n ? r + fresh : n;
    const old = max;
    for (let t = r; t < end; t++) { const v = vals[off + t]; if (v > max) max = v; }
    const thr = max - radius;
    if (max > old && k > 0) {
      // the kept maxima are clipped too: the running max rose past them
      let kk = 0;
      for (let u = 0; u < k; u++) {
        if (keptV[u] >= thr) { keptV[kk] = keptV[u]; keptI[kk++] = keptI[u]; } else clipped++;
      }
      k = kk;
    }
    for (let t = r; t < end; t++) {
      const v = vals[off + t];
      if (!(v >= thr)) { clipped++; continue; }
      const i = idx === null ? idxBase + t : idx[t];
      if (k === outs) {
        const lv = keptV[k - 1];
        if (!(v > lv || (v === lv && i < keptI[k - 1]))) {
          if (store) { svV[sn] = v; svI[sn] = i; }
          sn++;
          continue;
        }
        if (store) { svV[sn] = lv; svI[sn] = keptI[k - 1]; }   // displaced maximum waits for the next pass
        sn++;
        k--;
      }
      let u = k++;
      while (u > 0 && before(v, i, keptV[u - 1], keptI[u - 1])) { keptV[u] = keptV[u - 1]; keptI[u] = keptI[u - 1]; u--; }
      keptV[u] = v; keptI[u] = i;
    }
    rounds++;
  }
  sv.n = sn;
  pass.max = max; pass.kept = k; pass.rounds = rounds; pass.clipped = clipped;
}

/**
 * Runs SADS on `rows` rows of predicted scores (row-major, S per row) and returns the selected keys per row and
 * tile in descending predicted order.
 */
export function sadsSelect(ahat: Float64Array, rows: number, S: number, cfg: SadsConfig,
                           counts: OpCounts = emptyCounts(), stats?: SadsStats,
                           laterPasses: 'closed-form' | 'rounds' = 'closed-form'): Selection {
  const bc = Math.max(1, Math.min(cfg.bc, S));
  const tc = Math.ceil(S / bc);
  const st: SadsStats = stats ?? { rounds: 0, segments: 0, passes: 0, clipped: 0, shortSegments: 0 };
  let cap = 0;
  for (let j = 0; j < tc; j++) cap += quotaOf(Math.min(bc, S - j * bc), cfg.topK);
  const keys = new Int32Array(rows * cap);
  const tileStart = new Int32Array(rows * tc + 1);
  const outs = Math.max(1, cfg.outputs);
  const fresh = Math.max(1, cfg.inputs - outs);
  const roundCmp = bitonicComparators(cfg.inputs) + cfg.inputs;    // the network + one clipping unit per input
  const keptV = new Float64Array(outs), keptI = new Int32Array(outs);
  const sv = survivors(bc + outs);
  let w = 0, rounds = 0, passes = 0, clipped = 0, short = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * S;
    for (let j = 0; j < tc; j++) {
      tileStart[i * tc + j] = w;
      const s0 = j * bc, len = Math.min(bc, S - s0);
      const quota = quotaOf(len, cfg.topK);
      sv.n = 0;
      const literal = laterPasses === 'rounds';
      sortPass(ahat, base + s0, null, s0, len, -Infinity, fresh, outs, cfg.radius, keptV, keptI, sv, literal);
      passes++; rounds += pass.rounds; clipped += pass.clipped;
      let got = 0;
      for (let u = 0; u < pass.kept && got < quota; u++) { keys[w++] = keptI[u]; got++; }
      if (laterPasses === 'rounds') {
        while (got < quota && sv.n > 0) {
          const n = takeSurvivors(sv);
          sortPass(sv.nextV, 0, sv.nextI, 0, n, pass.max, fresh, outs, cfg.radius, keptV, keptI, sv, true);
          passes++; rounds += pass.rounds; clipped += pass.clipped;
          for (let u = 0; u < pass.kept && got < quota; u++) { keys[w++] = keptI[u]; got++; }
        }
      } else if (got < quota && sv.n > 0) {
        // Later passes in closed form: the max no longer moves, so pass 2 clips the survivors below Max - R once
        // and every pass after it hands out the next `outs` of the rest in order. Same keys and counts as the
        // round-by-round loop above (tested), without re-streaming the survivor list once per pass. The survivors
        // still within the radius are exactly the segment's keys >= Max - R ranked after the last kept one (a key
        // leaves the kept set only for a better key, or by falling below the radius), so they are found by value.
        const thr = pass.max - cfg.radius;
        const n2 = sv.n;
        const lastV = keptV[pass.kept - 1], lastI = keptI[pass.kept - 1];
        const need = quota - got;
        const tv = sv.nextV, ti = sv.nextI;
        let c = 0, k = 0;
        for (let t = 0; t < len; t++) {
          const v = ahat[base + s0 + t], key = s0 + t;
          if (!(v >= thr) || !before(lastV, lastI, v, key)) continue;
          c++;
          // bounded insertion: the `need` best candidates, in order
          if (k === need && !before(v, key, tv[k - 1], ti[k - 1])) continue;
          let u = k < need ? k++ : k - 1;
          while (u > 0 && before(v, key, tv[u - 1], ti[u - 1])) { tv[u] = tv[u - 1]; ti[u] = ti[u - 1]; u--; }
          tv[u] = v; ti[u] = key;
        }
        clipped += n2 - c;
        let inputs = n2, taken = 0;
        while (got < quota && inputs > 0) {
          passes++; rounds += Math.ceil(inputs / fresh);
          const take = Math.min(outs, c - taken);
          for (let t = 0; t < take && got < quota; t++) { keys[w++] = ti[taken + t]; got++; }
          taken += take;
          inputs = c - taken;
        }
        sv.n = 0;
      }
      if (got < quota) short++;
    }
  }
  st.segments += rows * tc; st.rounds += rounds; st.passes += passes; st.clipped += clipped; st.shortSegments += short;
  counts.comparisons += rounds * roundCmp;
  traffic(counts, 'ahat', rows * S * 2, 0);
  tileStart[rows * tc] = w;
  traffic(counts, 'index', 0, w * Math.max(1, Math.ceil(Math.log2(Math.max(2, S)) / 8)));
  return { rows, seqLen: S, bc, tc, keys: keys.slice(0, w), tileStart };
}

/** Reference: the same selection written plainly (sort each segment, clip at max - R, take the quota). */
export function sadsReference(ahat: Float64Array, rows: number, S: number, cfg: SadsConfig): Selection {
  const bc = Math.max(1, Math.min(cfg.bc, S));
  const tc = Math.ceil(S / bc);
  const out: number[] = [];
  const tileStart = new Int32Array(rows * tc + 1);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < tc; j++) {
      tileStart[i * tc + j] = out.length;
      const s0 = j * bc, len = Math.min(bc, S - s0);
      const idx = Array.from({ length: len }, (_, t) => s0 + t);
      const v = (t: number) => ahat[i * S + t];
      idx.sort((a, b) => (v(b) - v(a)) || (a - b));
      const thr = v(idx[0]) - cfg.radius;
      const q = quotaOf(len, cfg.topK);
      for (let u = 0; u < idx.length && u < q && v(idx[u]) >= thr; u++) out.push(idx[u]);
    }
  }
  tileStart[rows * tc] = out.length;
  return { rows, seqLen: S, bc, tc, keys: Int32Array.from(out), tileStart };
}

/**
 * Exact global top-k of one row (ceil(k * S) keys, ties to the lower index), by quickselect on a copy.
 * Returns the keys in ascending index order; counts the comparisons it made.
 */
export function exactTopK(scores: Float64Array, off: number, S: number, topK: number, counts?: OpCounts): Int32Array {
  const n = quotaOf(S, topK);
  const a = scores.slice(off, off + S);
  let lo = 0, hi = S - 1, target = n - 1, cmp = 0;
  // quickselect for the n-th largest value
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] > pivot) { i++; cmp++; }
      while (a[j] < pivot) { j--; cmp++; }
      cmp += 2;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (target <= j) hi = j; else if (target >= i) lo = i; else break;
  }
  const thr = a[target];
  const out = new Int32Array(n);
  let w = 0, above = 0;
  for (let t = 0; t < S; t++) if (scores[off + t] > thr) above++;
  let ties = n - above;
  for (let t = 0; t < S && w < n; t++) {
    const v = scores[off + t];
    if (v > thr) out[w++] = t;
    else if (v === thr && ties > 0) { out[w++] = t; ties--; }
  }
  if (counts) counts.comparisons += cmp + 2 * S;
  return out;
}

/** |selected ∩ exact| / |exact| for one row. `mark` is an S-long scratch of zeros (left zeroed). */
export function rowRecall(sel: Selection, row: number, exact: Int32Array, mark: Uint8Array): number {
  const a = sel.tileStart[row * sel.tc], b = sel.tileStart[(row + 1) * sel.tc];
  for (let u = a; u < b; u++) mark[sel.keys[u]] = 1;
  let hit = 0;
  for (let u = 0; u < exact.length; u++) hit += mark[exact[u]];
  for (let u = a; u < b; u++) mark[sel.keys[u]] = 0;
  return exact.length ? hit / exact.length : 1;
}
