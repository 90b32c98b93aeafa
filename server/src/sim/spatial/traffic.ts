// Traffic accounting on the mesh: bytes on every directed link and at every DRAM router, for one phase of a layer.
// Flows follow XY routes. Bookkeeping (injected, delivered, byte-hops) is kept alongside so that tests can check
// conservation: every unicast byte injected is delivered, and link bytes sum to the byte-hops of all flows.
import { Mesh, type Coord } from './mesh.js';

export class Traffic {
  readonly mesh: Mesh;
  private readonly links: Float64Array;
  // Unicast routes are a row segment then a column segment: they are added to difference arrays in O(1) and
  // folded into the link array when someone reads it.
  private readonly rowDiff: Float64Array;   // per row: east (C + 1 entries) then west (C + 1)
  private readonly colDiff: Float64Array;   // per column: south (R + 1) then north (R + 1)
  private pending = false;
  readonly channel: Float64Array;     // bytes per DRAM router (index into the channel-router list)
  readonly coreIn: Float64Array;      // bytes delivered to each core (from the mesh or its own router)
  injected = 0;                       // bytes entering the network (from a core or a DRAM router)
  delivered = 0;                      // bytes leaving it at their destination
  byteHops = 0;                       // sum over flows of bytes x hops (multicast: over tree links)

  constructor(mesh: Mesh, channelRouters: number) {
    this.mesh = mesh;
    this.links = new Float64Array(mesh.linkSlots);
    this.rowDiff = new Float64Array(mesh.rows * 2 * (mesh.cols + 1));
    this.colDiff = new Float64Array(mesh.cols * 2 * (mesh.rows + 1));
    this.channel = new Float64Array(channelRouters);
    this.coreIn = new Float64Array(mesh.size);
  }

  /** Bytes per link slot (see Mesh.link). */
  get link(): Float64Array {
    if (this.pending) this.settle();
    return this.links;
  }

  private settle(): void {
    const { rows: R, cols: C } = this.mesh;
    const L = this.links, rd = this.rowDiff, cd = this.colDiff;
    for (let r = 0; r < R; r++) {
      const e = r * 2 * (C + 1), w = e + C + 1;
      let se = 0, sw = 0;
      for (let c = 0; c < C; c++) {
        se += rd[e + c]; sw += rd[w + c];
        if (se !== 0) L[this.mesh.link(r, c, 0)] += se;
        if (sw !== 0) L[this.mesh.link(r, c, 1)] += sw;
      }
    }
    for (let c = 0; c < C; c++) {
      const so = c * 2 * (R + 1), no = so + R + 1;
      let ss = 0, sn = 0;
      for (let r = 0; r < R; r++) {
        ss += cd[so + r]; sn += cd[no + r];
        if (ss !== 0) L[this.mesh.link(r, c, 2)] += ss;
        if (sn !== 0) L[this.mesh.link(r, c, 3)] += sn;
      }
    }
    rd.fill(0);
    cd.fill(0);
    this.pending = false;
  }

  /** Point-to-point transfer along the XY route. Zero-hop flows (a core and its own router) touch no link. */
  unicast(from: Coord, to: Coord, bytes: number): void {
    if (!(bytes > 0)) return;
    const { rows: R, cols: C } = this.mesh;
    const [r0, c0] = from, [r1, c1] = to;
    // row r0, columns c0 -> c1: east links c0..c1-1 start at their west end; west links c0..c1+1 at their east end
    if (c1 > c0) { const e = r0 * 2 * (C + 1); this.rowDiff[e + c0] += bytes; this.rowDiff[e + c1] -= bytes; }
    else if (c1 < c0) { const w = r0 * 2 * (C + 1) + C + 1; this.rowDiff[w + c1 + 1] += bytes; this.rowDiff[w + c0 + 1] -= bytes; }
    if (r1 > r0) { const so = c1 * 2 * (R + 1); this.colDiff[so + r0] += bytes; this.colDiff[so + r1] -= bytes; }
    else if (r1 < r0) { const no = c1 * 2 * (R + 1) + R + 1; this.colDiff[no + r1 + 1] += bytes; this.colDiff[no + r0 + 1] -= bytes; }
    const hops = Math.abs(c1 - c0) + Math.abs(r1 - r0);
    if (hops) this.pending = true;
    this.injected += bytes;
    this.delivered += bytes;
    this.byteHops += bytes * hops;
    this.coreIn[r1 * C + c1] += bytes;
  }

  /** DRAM read: from DRAM router k to a core. */
  dramRead(k: number, router: Coord, core: Coord, bytes: number): void {
    if (!(bytes > 0)) return;
    this.channel[k] += bytes;
    this.unicast(router, core, bytes);
  }

  /** DRAM write: from a core to DRAM router k. */
  dramWrite(k: number, router: Coord, core: Coord, bytes: number): void {
    if (!(bytes > 0)) return;
    this.channel[k] += bytes;
    this.unicast(core, router, bytes);
    this.coreIn[this.mesh.router(router[0], router[1])] -= bytes;   // lands in DRAM at the router, not in its core
  }

  /**
   * Multicast tree = union of the XY routes from the source to each destination. A link carries what the
   * destinations behind it need together: unionBytes(g) for g destinations downstream (for dense data that is
   * the same for every g; for sparse KV rows the union grows with g). Each destination receives unionBytes(1).
   */
  multicast(from: Coord, dests: Coord[] | DestSet, unionBytes: (g: number) => number): void {
    const set = Array.isArray(dests) ? destSet(dests) : dests;
    if (!set.count) return;
    // union sizes are asked for once per destination count, not once per link
    const table = new Float64Array(set.count + 1);
    for (let g = 1; g <= set.count; g++) table[g] = unionBytes(g);
    this.multicastTable(from, set, table, 1);
  }

  /** multicast() with the union sizes given as a table (bytes for g destinations = table[g] x scale). */
  multicastTable(from: Coord, set: DestSet, table: Float64Array, scale: number): void {
    if (!set.count || !(scale > 0)) return;
    const { rows: R, cols: C } = this.mesh;
    const [r0, c0] = from;
    const { cols, rowsByCol } = set;
    const at = (g: number) => table[g] * scale;
    if (table[1] === table[set.count]) {
      // dense data (the same bytes for any number of destinations): one range per branch
      const b = at(1);
      const rowBase = r0 * 2 * (C + 1);
      const east = cols[cols.length - 1], west = cols[0];
      if (east > c0) this.range(this.rowDiff, rowBase, c0, east - 1, b);
      if (west < c0) this.range(this.rowDiff, rowBase + C + 1, west + 1, c0, b);
      for (let i = 0; i < cols.length; i++) {
        const rs = rowsByCol[i], colBase = cols[i] * 2 * (R + 1);
        const lo = rs[0], hi = rs[rs.length - 1];
        if (hi > r0) this.range(this.colDiff, colBase, r0, hi - 1, b);
        if (lo < r0) this.range(this.colDiff, colBase + R + 1, lo + 1, r0, b);
      }
      this.injected += b;
      for (let i = 0; i < cols.length; i++) for (const r of rowsByCol[i]) this.coreIn[r * C + cols[i]] += b;
      this.delivered += b * set.count;
      return;
    }
    // Between two destinations a tree branch carries a constant load: add it as a range (O(destinations)).
    const rowBase = r0 * 2 * (C + 1);
    // east: links leave columns c0 .. (last east column - 1)
    let g = 0;
    for (let i = 0; i < cols.length; i++) if (cols[i] > c0) g += rowsByCol[i].length;
    let a = c0;
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i];
      if (c <= c0) continue;
      this.range(this.rowDiff, rowBase, a, c - 1, at(g));
      g -= rowsByCol[i].length;
      a = c;
    }
    // west: links leave columns c0 down to (last west column + 1)
    g = 0;
    for (let i = 0; i < cols.length; i++) if (cols[i] < c0) g += rowsByCol[i].length;
    let b = c0;
    for (let i = cols.length - 1; i >= 0; i--) {
      const c = cols[i];
      if (c >= c0) continue;
      this.range(this.rowDiff, rowBase + C + 1, c + 1, b, at(g));
      g -= rowsByCol[i].length;
      b = c;
    }
    // then south / north in each destination column
    for (let i = 0; i < cols.length; i++) {
      const rs = rowsByCol[i];
      const colBase = cols[i] * 2 * (R + 1);
      let n = 0;
      for (const r of rs) if (r > r0) n++;
      let lo = r0;
      for (const r of rs) {
        if (r <= r0) continue;
        this.range(this.colDiff, colBase, lo, r - 1, at(n));
        n -= 1;
        lo = r;
      }
      n = 0;
      for (const r of rs) if (r < r0) n++;
      let hi = r0;
      for (let j = rs.length - 1; j >= 0; j--) {
        const r = rs[j];
        if (r >= r0) continue;
        this.range(this.colDiff, colBase + R + 1, r + 1, hi, at(n));
        n -= 1;
        hi = r;
      }
    }
    this.injected += at(set.count);
    const each = at(1);
    for (let i = 0; i < cols.length; i++) for (const r of rowsByCol[i]) this.coreIn[r * C + cols[i]] += each;
    this.delivered += each * set.count;
  }

  /** Adds `bytes` to the links whose origin index along one line lies in [a, b]. */
  private range(diff: Float64Array, base: number, a: number, b: number, bytes: number): void {
    if (b < a || !(bytes > 0)) return;
    diff[base + a] += bytes;
    diff[base + b + 1] -= bytes;
    this.byteHops += bytes * (b - a + 1);
    this.pending = true;
  }

  /** Adds another phase's traffic (for the whole-layer totals). */
  addFrom(o: Traffic, scale = 1): void {
    const mine = this.link, theirs = o.link;
    for (let i = 0; i < mine.length; i++) mine[i] += theirs[i] * scale;
    for (let i = 0; i < this.channel.length; i++) this.channel[i] += o.channel[i] * scale;
    for (let i = 0; i < this.coreIn.length; i++) this.coreIn[i] += o.coreIn[i] * scale;
    this.injected += o.injected * scale;
    this.delivered += o.delivered * scale;
    this.byteHops += o.byteHops * scale;
  }

  /** Busiest link: [slot, bytes]; slot -1 when no link carries traffic. */
  hottestLink(): [number, number] {
    let best = -1, bytes = 0;
    const L = this.link;
    for (let i = 0; i < L.length; i++) if (L[i] > bytes) { bytes = L[i]; best = i; }
    return [best, bytes];
  }

  linkBytesTotal(): number {
    let s = 0;
    const L = this.link;
    for (let i = 0; i < L.length; i++) s += L[i];
    return s;
  }
}

/** Multicast destinations sorted by column, then row: prepared once, reused for every source. */
export interface DestSet { count: number; cols: number[]; rowsByCol: number[][] }
export function destSet(dests: Coord[]): DestSet {
  const byCol = new Map<number, number[]>();
  for (const [r, c] of dests) {
    let l = byCol.get(c);
    if (!l) byCol.set(c, (l = []));
    l.push(r);
  }
  const cols = [...byCol.keys()].sort((a, b) => a - b);
  return { count: dests.length, cols, rowsByCol: cols.map(c => byCol.get(c)!.sort((a, b) => a - b)) };
}

/**
 * Ring order over a set of cores lying on one mesh row or column (sorted along it): the folded ring
 * 0, 2, 4, ..., 5, 3, 1, so that every ring step spans at most two mesh hops and no long wrap-around link exists.
 * For a group spread over the whole mesh the order is a serpentine, whose closing step is the only long one.
 */
export function ringOrder(mesh: Mesh, members: number[]): number[] {
  if (members.length <= 2) return members.slice();
  const coords = members.map(id => mesh.coord(id));
  const oneLine = coords.every(c => c[0] === coords[0][0]) || coords.every(c => c[1] === coords[0][1]);
  if (oneLine) {
    const even = members.filter((_, i) => i % 2 === 0);
    const odd = members.filter((_, i) => i % 2 === 1).reverse();
    return [...even, ...odd];
  }
  // serpentine: rows in turn, alternate rows reversed
  const byRow = new Map<number, number[]>();
  for (const id of members) {
    const [r] = mesh.coord(id);
    let l = byRow.get(r);
    if (!l) byRow.set(r, (l = []));
    l.push(id);
  }
  const rows = [...byRow.keys()].sort((a, b) => a - b);
  const out: number[] = [];
  rows.forEach((r, i) => {
    const l = byRow.get(r)!.sort((a, b) => a - b);
    out.push(...(i % 2 ? l.reverse() : l));
  });
  return out;
}

/**
 * Ring circulation: each of the G members holds one shard of `shardBytes`; after G - 1 steps every member has
 * seen every shard, so each ring edge carries (G - 1) shards. Returns the mesh hops of the longest ring edge.
 */
export function ring(t: Traffic, order: number[], shardBytes: number): number {
  const G = order.length;
  if (G < 2) return 0;
  let longest = 0;
  for (let i = 0; i < G; i++) {
    const a = t.mesh.coord(order[i]), b = t.mesh.coord(order[(i + 1) % G]);
    t.unicast(a, b, (G - 1) * shardBytes);
    longest = Math.max(longest, t.mesh.hops(a, b));
  }
  return longest;
}

/**
 * For one router, the busiest link on the XY route from it to every core (out) and from every core to it (back),
 * in one sweep of the mesh instead of one walk per core.
 */
export function routeMaxima(t: Traffic, from: Coord, withBack = true): { out: Float64Array; back: Float64Array } {
  const mesh = t.mesh, L = t.link, { rows: R, cols: C } = mesh;
  const [r0, c0] = from;
  const out = new Float64Array(mesh.size), back = new Float64Array(mesh.size);
  // out: along row r0 to column c, then down/up column c
  const rowOut = new Float64Array(C);
  for (let c = c0 + 1; c < C; c++) rowOut[c] = Math.max(rowOut[c - 1], L[mesh.link(r0, c - 1, 0)]);
  for (let c = c0 - 1; c >= 0; c--) rowOut[c] = Math.max(rowOut[c + 1], L[mesh.link(r0, c + 1, 1)]);
  for (let c = 0; c < C; c++) {
    let mx = rowOut[c];
    out[r0 * C + c] = mx;
    for (let r = r0 + 1; r < R; r++) { mx = Math.max(mx, L[mesh.link(r - 1, c, 2)]); out[r * C + c] = mx; }
    mx = rowOut[c];
    for (let r = r0 - 1; r >= 0; r--) { mx = Math.max(mx, L[mesh.link(r + 1, c, 3)]); out[r * C + c] = mx; }
  }
  if (!withBack) return { out, back };
  // back: along row r to column c0, then along column c0 to row r0
  const colBack = new Float64Array(R);
  for (let r = r0 + 1; r < R; r++) colBack[r] = Math.max(colBack[r - 1], L[mesh.link(r, c0, 3)]);
  for (let r = r0 - 1; r >= 0; r--) colBack[r] = Math.max(colBack[r + 1], L[mesh.link(r, c0, 2)]);
  for (let r = 0; r < R; r++) {
    let mx = colBack[r];
    back[r * C + c0] = mx;
    for (let c = c0 + 1; c < C; c++) { mx = Math.max(mx, L[mesh.link(r, c, 1)]); back[r * C + c] = mx; }
    mx = colBack[r];
    for (let c = c0 - 1; c >= 0; c--) { mx = Math.max(mx, L[mesh.link(r, c, 0)]); back[r * C + c] = mx; }
  }
  return { out, back };
}

/**
 * Interleaved DRAM traffic: every core i exchanges bytes[i] x share[k] with every DRAM router k (read: router ->
 * core, write: core -> router), along XY routes. Gives the same link, router and byte-hop totals as one
 * dramRead / dramWrite per (router, core) pair, in O(mesh + routers) instead of O(mesh x routers): on XY routes a
 * link's load is (bytes that start on the side it leaves) x (bytes' share that ends on the side it enters), so
 * prefix sums along each row and column give every link at once.
 */
export function dramAll(t: Traffic, routers: Coord[], share: number[], bytes: Float64Array, dir: 'read' | 'write'): void {
  const mesh = t.mesh, { rows: R, cols: C } = mesh;
  let total = 0;
  for (let i = 0; i < mesh.size; i++) if (bytes[i] > 0) total += bytes[i];
  if (!(total > 0)) return;
  for (let k = 0; k < routers.length; k++) t.channel[k] += share[k] * total;
  const L = t.link;   // settles pending unicasts; loads below go straight into the link array
  let hopBytes = 0;
  const add = (slot: number, b: number) => { if (b > 0) { L[slot] += b; hopBytes += b; } };
  // router shares per row, per column, and per (row, column) line
  const wRow = new Float64Array(R), wCol = new Float64Array(C);
  const wAtRow: Array<Array<[number, number]>> = Array.from({ length: R }, () => []);   // per row: [col, share]
  const wAtCol: Array<Array<[number, number]>> = Array.from({ length: C }, () => []);   // per column: [row, share]
  routers.forEach(([r, c], k) => {
    if (!(share[k] > 0)) return;
    wRow[r] += share[k]; wCol[c] += share[k];
    wAtRow[r].push([c, share[k]]); wAtCol[c].push([r, share[k]]);
  });
  // bytes per column (all rows) and per row (all columns)
  const bCol = new Float64Array(C), bRow = new Float64Array(R);
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) { const b = bytes[r * C + c] > 0 ? bytes[r * C + c] : 0; bCol[c] += b; bRow[r] += b; }
  /** prefix[j] = sum of v[0..j]. */
  const prefix = (v: Float64Array) => { const p = new Float64Array(v.length); let s = 0; for (let j = 0; j < v.length; j++) { s += v[j]; p[j] = s; } return p; };
  const line = (pairs: Array<[number, number]>, n: number) => { const v = new Float64Array(n); for (const [x, w] of pairs) v[x] += w; return prefix(v); };
  if (dir === 'read') {
    // row part, on the router's row: east link j -> j + 1 carries (shares of routers at columns <= j) x (bytes of cores at columns > j)
    const pb = prefix(bCol);
    for (let r = 0; r < R; r++) {
      if (!wAtRow[r].length) continue;
      const pw = line(wAtRow[r], C), tw = pw[C - 1];
      for (let j = 0; j + 1 < C; j++) {
        add(mesh.link(r, j, 0), pw[j] * (total - pb[j]));
        add(mesh.link(r, j + 1, 1), (tw - pw[j]) * pb[j]);
      }
    }
    // column part, on the core's column: south link j -> j + 1 carries (shares of routers in rows <= j) x (bytes of this column's cores below j)
    const pw = prefix(wRow);
    for (let c = 0; c < C; c++) {
      let pbc = 0;
      for (let j = 0; j + 1 < R; j++) {
        pbc += bytes[j * C + c] > 0 ? bytes[j * C + c] : 0;
        add(mesh.link(j, c, 2), pw[j] * (bCol[c] - pbc));
        add(mesh.link(j + 1, c, 3), (pw[R - 1] - pw[j]) * pbc);
      }
    }
    for (let i = 0; i < mesh.size; i++) if (bytes[i] > 0) t.coreIn[i] += bytes[i];
  } else {
    // row part, on the core's row: east link j -> j + 1 carries (bytes of this row's cores at columns <= j) x (shares of routers at columns > j)
    const pw = prefix(wCol), tw = pw[C - 1];
    for (let r = 0; r < R; r++) {
      let pbr = 0;
      for (let j = 0; j + 1 < C; j++) {
        pbr += bytes[r * C + j] > 0 ? bytes[r * C + j] : 0;
        add(mesh.link(r, j, 0), pbr * (tw - pw[j]));
        add(mesh.link(r, j + 1, 1), (bRow[r] - pbr) * pw[j]);
      }
    }
    // column part, on the router's column: south link j -> j + 1 carries (bytes of cores in rows <= j) x (shares of this column's routers below j)
    const pb = prefix(bRow);
    for (let c = 0; c < C; c++) {
      if (!wAtCol[c].length) continue;
      const pwc = line(wAtCol[c], R), twc = pwc[R - 1];
      for (let j = 0; j + 1 < R; j++) {
        add(mesh.link(j, c, 2), pb[j] * (twc - pwc[j]));
        add(mesh.link(j + 1, c, 3), (total - pb[j]) * pwc[j]);
      }
    }
  }
  t.injected += total;
  t.delivered += total;
  t.byteHops += hopBytes;
}

/**
 * For every core, the busiest link on any XY route between it and any of the routers, either way: what a core
 * whose data is interleaved over every DRAM router goes through. O(mesh) rather than one sweep per router: along
 * a line, the farthest router on each side covers the nearer ones' segments.
 */
export function allRouteMaxima(t: Traffic, routers: Coord[]): Float64Array {
  const mesh = t.mesh, L = t.link, { rows: R, cols: C } = mesh;
  const out = new Float64Array(mesh.size);
  const NONE = -1;   // link loads are >= 0
  const rowHas = Array.from({ length: R }, () => [] as number[]);
  const colHas = Array.from({ length: C }, () => [] as number[]);
  for (const [r, c] of routers) { rowHas[r].push(c); colHas[c].push(r); }
  // router -> core: along the router's row to the core's column, then along that column.
  // A[r][c]: busiest link from any router of row r to column c along row r (NONE if row r has no router).
  const A = new Float64Array(mesh.size).fill(NONE);
  for (let r = 0; r < R; r++) {
    if (!rowHas[r].length) continue;
    const lo = Math.min(...rowHas[r]), hi = Math.max(...rowHas[r]);
    for (let c = 0; c < C; c++) A[r * C + c] = 0;
    let m = 0;
    for (let c = lo + 1; c < C; c++) { m = Math.max(m, L[mesh.link(r, c - 1, 0)]); A[r * C + c] = Math.max(A[r * C + c], m); }
    m = 0;
    for (let c = hi - 1; c >= 0; c--) { m = Math.max(m, L[mesh.link(r, c + 1, 1)]); A[r * C + c] = Math.max(A[r * C + c], m); }
  }
  for (let c = 0; c < C; c++) {
    let s = NONE;   // from routers in rows above, down to row r
    for (let r = 0; r < R; r++) {
      if (r > 0 && (s !== NONE || A[(r - 1) * C + c] !== NONE)) s = Math.max(s, A[(r - 1) * C + c], L[mesh.link(r - 1, c, 2)]);
      out[r * C + c] = Math.max(out[r * C + c], s, A[r * C + c]);
    }
    let n = NONE;   // from routers in rows below, up to row r
    for (let r = R - 1; r >= 0; r--) {
      if (r < R - 1 && (n !== NONE || A[(r + 1) * C + c] !== NONE)) n = Math.max(n, A[(r + 1) * C + c], L[mesh.link(r + 1, c, 3)]);
      out[r * C + c] = Math.max(out[r * C + c], n);
    }
  }
  // core -> router: along the core's row to the router's column, then along that column.
  // D[r][c]: busiest link from row r to any router of column c along column c (NONE if column c has no router).
  const D = new Float64Array(mesh.size).fill(NONE);
  for (let c = 0; c < C; c++) {
    if (!colHas[c].length) continue;
    const lo = Math.min(...colHas[c]), hi = Math.max(...colHas[c]);
    for (let r = 0; r < R; r++) D[r * C + c] = 0;
    let m = 0;
    for (let r = hi - 1; r >= 0; r--) { m = Math.max(m, L[mesh.link(r, c, 2)]); D[r * C + c] = Math.max(D[r * C + c], m); }
    m = 0;
    for (let r = lo + 1; r < R; r++) { m = Math.max(m, L[mesh.link(r, c, 3)]); D[r * C + c] = Math.max(D[r * C + c], m); }
  }
  for (let r = 0; r < R; r++) {
    let e = NONE;   // to routers in columns further east
    for (let c = C - 1; c >= 0; c--) {
      if (c < C - 1 && (e !== NONE || D[r * C + c + 1] !== NONE)) e = Math.max(e, D[r * C + c + 1], L[mesh.link(r, c, 0)]);
      out[r * C + c] = Math.max(out[r * C + c], e, D[r * C + c]);
    }
    let w = NONE;   // to routers in columns further west
    for (let c = 0; c < C; c++) {
      if (c > 0 && (w !== NONE || D[r * C + c - 1] !== NONE)) w = Math.max(w, D[r * C + c - 1], L[mesh.link(r, c, 1)]);
      out[r * C + c] = Math.max(out[r * C + c], w);
    }
  }
  for (let i = 0; i < out.length; i++) if (out[i] < 0) out[i] = 0;
  return out;
}
