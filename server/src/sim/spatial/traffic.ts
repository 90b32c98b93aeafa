// Traffic accounting on the mesh: bytes on every directed link and at every DRAM router, for one phase of a layer.
// Flows follow XY routes. Bookkeeping (injected, delivered, byte-hops) is kept alongside so that tests can check
// conservation: every unicast byte injected is delivered, and link bytes sum to the byte-hops of all flows.
import { Mesh, type Coord } from './mesh.js';

export class Traffic {
  readonly mesh: Mesh;
  readonly link: Float64Array;        // bytes per link slot (see Mesh.link)
  readonly channel: Float64Array;     // bytes per DRAM router (index into the channel-router list)
  readonly coreIn: Float64Array;      // bytes delivered to each core (from the mesh or its own router)
  injected = 0;                       // bytes entering the network (from a core or a DRAM router)
  delivered = 0;                      // bytes leaving it at their destination
  byteHops = 0;                       // sum over flows of bytes x hops (multicast: over tree links)

  constructor(mesh: Mesh, channelRouters: number) {
    this.mesh = mesh;
    this.link = new Float64Array(mesh.linkSlots);
    this.channel = new Float64Array(channelRouters);
    this.coreIn = new Float64Array(mesh.size);
  }

  /** Point-to-point transfer along the XY route. Zero-hop flows (a core and its own router) touch no link. */
  unicast(from: Coord, to: Coord, bytes: number): void {
    if (!(bytes > 0)) return;
    const link = this.link;
    let hops = 0;
    this.mesh.forEachXYLink(from, to, slot => { link[slot] += bytes; hops++; });
    this.injected += bytes;
    this.delivered += bytes;
    this.byteHops += bytes * hops;
    this.coreIn[this.mesh.router(to[0], to[1])] += bytes;
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
    this.coreIn[this.mesh.router(core[0], core[1])] -= bytes;   // lands in DRAM, not in a core
  }

  /**
   * Multicast tree = union of the XY routes from the source to each destination. A link carries what the
   * destinations behind it need together: unionBytes(g) for g destinations downstream (for dense data that is
   * the same for every g; for sparse KV rows the union grows with g). Each destination receives unionBytes(1).
   */
  multicast(from: Coord, dests: Coord[], unionBytes: (g: number) => number): void {
    if (!dests.length) return;
    const { rows: R, cols: C } = this.mesh;
    const [r0, c0] = from;
    // destinations per column, and per column the rows above / below the source row
    const perCol = new Int32Array(C);
    const below = new Map<number, Int32Array>();   // column -> count of destinations at each row
    for (const [r, c] of dests) {
      perCol[c]++;
      let col = below.get(c);
      if (!col) below.set(c, (col = new Int32Array(R)));
      col[r]++;
    }
    const put = (slot: number, g: number) => {
      if (g <= 0) return;
      const b = unionBytes(g);
      this.link[slot] += b;
      this.byteHops += b;
    };
    // along the source row: the eastward link out of column c serves every destination east of c
    let east = 0;
    for (let c = C - 1; c > c0; c--) { east += perCol[c]; put(this.mesh.link(r0, c - 1, 0), east); }
    let west = 0;
    for (let c = 0; c < c0; c++) { west += perCol[c]; put(this.mesh.link(r0, c + 1, 1), west); }
    // then down/up each column that holds destinations
    for (const [c, col] of below) {
      let south = 0;
      for (let r = R - 1; r > r0; r--) { south += col[r]; put(this.mesh.link(r - 1, c, 2), south); }
      let north = 0;
      for (let r = 0; r < r0; r++) { north += col[r]; put(this.mesh.link(r + 1, c, 3), north); }
    }
    this.injected += unionBytes(dests.length);
    const each = unionBytes(1);
    for (const d of dests) this.coreIn[this.mesh.router(d[0], d[1])] += each;
    this.delivered += each * dests.length;
  }

  /** Adds another phase's traffic (for the whole-layer totals). */
  addFrom(o: Traffic, scale = 1): void {
    for (let i = 0; i < this.link.length; i++) this.link[i] += o.link[i] * scale;
    for (let i = 0; i < this.channel.length; i++) this.channel[i] += o.channel[i] * scale;
    for (let i = 0; i < this.coreIn.length; i++) this.coreIn[i] += o.coreIn[i] * scale;
    this.injected += o.injected * scale;
    this.delivered += o.delivered * scale;
    this.byteHops += o.byteHops * scale;
  }

  /** Busiest link: [slot, bytes]; slot -1 when no link carries traffic. */
  hottestLink(): [number, number] {
    let best = -1, bytes = 0;
    for (let i = 0; i < this.link.length; i++) if (this.link[i] > bytes) { bytes = this.link[i]; best = i; }
    return [best, bytes];
  }

  linkBytesTotal(): number {
    let s = 0;
    for (let i = 0; i < this.link.length; i++) s += this.link[i];
    return s;
  }
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
