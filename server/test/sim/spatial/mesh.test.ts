// Mesh geometry and traffic: XY routes, links, DRAM routers and shares, byte conservation.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Mesh, channelRouters, nearestChannels, attachCandidates, EAST, SOUTH, NORTH } from '../../../src/sim/spatial/mesh.js';
import { Traffic, ring, ringOrder, routeMaxima } from '../../../src/sim/spatial/traffic.js';

test('XY route goes along the row first, then the column', () => {
  const m = new Mesh(4, 5);
  const hops: Array<[[number, number], [number, number]]> = [];
  m.forEachXYLink([3, 0], [1, 2], s => { const e = m.linkEnds(s); hops.push([e.from, e.to]); });
  assert.deepEqual(hops, [[[3, 0], [3, 1]], [[3, 1], [3, 2]], [[3, 2], [2, 2]], [[2, 2], [1, 2]]]);
  assert.equal(m.hops([3, 0], [1, 2]), 4);
});

test('a mesh has 2 (R (C-1) + C (R-1)) directed links and border slots are not links', () => {
  for (const [r, c] of [[1, 1], [1, 4], [3, 3], [8, 2]]) {
    const m = new Mesh(r, c);
    let n = 0;
    for (let s = 0; s < m.linkSlots; s++) if (m.linkExists(s)) n++;
    assert.equal(n, m.linkCount);
    assert.equal(n, 2 * (r * (c - 1) + c * (r - 1)));
  }
  const m = new Mesh(2, 2);
  assert.equal(m.linkExists(m.link(0, 1, EAST)), false);
  assert.equal(m.linkExists(m.link(0, 0, NORTH)), false);
  assert.equal(m.linkExists(m.link(0, 0, SOUTH)), true);
});

test('bad mesh sizes and DRAM routers get errors naming the fix', () => {
  assert.throws(() => new Mesh(0, 4), /whole number from 1 to 64/);
  assert.throws(() => new Mesh(65, 1), /mesh = R x C/);
  assert.throws(() => attachCandidates(new Mesh(2, 2), [[2, 0]]), /no such router.*rows 0\.\.1/);
  assert.throws(() => channelRouters(new Mesh(2, 2), 'edges', 0), /at least 1/);
});

test('DRAM channels spread evenly over the edge routers', () => {
  const m = new Mesh(4, 4);
  assert.equal(attachCandidates(m, 'edges').length, 12);
  const ch = channelRouters(m, 'edges', 16);
  assert.equal(ch.length, 12);
  assert.equal(ch.reduce((s, c) => s + c.channels, 0), 16);
  assert.ok(ch.every(c => c.channels === 1 || c.channels === 2));
  const few = channelRouters(new Mesh(16, 16), 'edges', 4);
  assert.equal(few.length, 4);
  assert.deepEqual(channelRouters(m, 'corners', 4).map(c => c.router), [[0, 0], [0, 3], [3, 3], [3, 0]]);
  assert.deepEqual(channelRouters(new Mesh(1, 1), 'edges', 16), [{ router: [0, 0], channels: 16 }]);
});

test('each core uses its nearest DRAM routers; shares sum to 1', () => {
  const m = new Mesh(4, 4);
  const ch = channelRouters(m, 'corners', 4);
  const near = nearestChannels(m, ch);
  for (const n of near) assert.ok(Math.abs(n.reduce((s, [, w]) => s + w, 0) - 1) < 1e-12);
  assert.deepEqual(near[m.router(0, 0)], [[0, 1]]);
  assert.deepEqual(near[m.router(1, 1)], [[0, 1]]);
});

test('conservation: unicast bytes injected == delivered; link bytes == byte-hops', () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }),
    fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 1e6 })), { maxLength: 40 }),
    (R, C, flows) => {
      const m = new Mesh(R, C);
      const t = new Traffic(m, 1);
      let hopBytes = 0;
      for (const [a, b, c, d, bytes] of flows) {
        const from: [number, number] = [a % R, b % C], to: [number, number] = [c % R, d % C];
        t.unicast(from, to, bytes);
        hopBytes += bytes * m.hops(from, to);
      }
      assert.equal(t.injected, t.delivered);
      assert.ok(Math.abs(t.linkBytesTotal() - hopBytes) <= 1e-9 * Math.max(1, hopBytes));
      assert.ok(Math.abs(t.byteHops - hopBytes) <= 1e-9 * Math.max(1, hopBytes));
      for (let s = 0; s < m.linkSlots; s++) if (!m.linkExists(s)) assert.equal(t.link[s], 0);
    }));
});

test('multicast: tree links carry the union of what lies behind them, once', () => {
  const m = new Mesh(3, 4);
  const t = new Traffic(m, 1);
  // dense data: the same 100 bytes for any number of destinations
  t.multicast([0, 0], [[0, 3], [2, 3], [2, 0]], () => 100);
  // tree: (0,0)->(0,3) 3 links, (0,3)->(2,3) 2 links, (0,0)->(2,0) 2 links
  assert.equal(t.linkBytesTotal(), 700);
  assert.equal(t.byteHops, 700);
  assert.equal(t.injected, 100);
  assert.equal(t.delivered, 300);
  // sparse rows: the first link carries the union of two destinations' needs
  const u = new Traffic(m, 1);
  u.multicast([0, 0], [[0, 1], [0, 2]], g => 10 * g);
  assert.equal(u.link[m.link(0, 0, EAST)], 20);
  assert.equal(u.link[m.link(0, 1, EAST)], 10);
});

test('ring on a row uses at most two hops per step and carries (G-1) shards per edge', () => {
  const m = new Mesh(1, 6);
  const order = ringOrder(m, [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(order, [0, 2, 4, 5, 3, 1]);
  const t = new Traffic(m, 1);
  const longest = ring(t, order, 10);
  assert.equal(longest, 2);
  assert.equal(t.injected, 6 * 5 * 10);
  assert.equal(t.injected, t.delivered);
  for (let c = 0; c < 5; c++) assert.ok(t.link[m.link(0, c, EAST)] <= 2 * 5 * 10);
});

test('multicast tree equals the union of the XY routes, each link weighted by the destinations behind it', () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.nat(), fc.nat(),
    fc.uniqueArray(fc.nat({ max: 63 }), { minLength: 1, maxLength: 20 }),
    (R, C, sr, sc, ids) => {
      const m = new Mesh(R, C);
      const src: [number, number] = [sr % R, sc % C];
      const dests = [...new Set(ids.map(i => i % (R * C)))].map(i => m.coord(i));
      const t = new Traffic(m, 1);
      const union = (g: number) => 7 * Math.sqrt(g);
      t.multicast(src, dests, union);
      const count = new Map<number, number>();
      for (const d of dests) m.forEachXYLink(src, d, s => count.set(s, (count.get(s) ?? 0) + 1));
      for (let s = 0; s < m.linkSlots; s++) {
        const want = count.has(s) ? union(count.get(s)!) : 0;
        assert.ok(Math.abs(t.link[s] - want) < 1e-9, `slot ${s}`);
      }
    }));
});

test('route maxima from a router equal the busiest link met walking each XY route', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.nat(), fc.nat(), fc.integer(),
    (R, C, a, b, seed) => {
      const m = new Mesh(R, C);
      const t = new Traffic(m, 1);
      let x = seed >>> 0;
      for (let s = 0; s < m.linkSlots; s++) { x = (x * 1103515245 + 12345) >>> 0; if (m.linkExists(s)) t.link[s] = x % 1000; }
      const src: [number, number] = [a % R, b % C];
      const { out, back } = routeMaxima(t, src);
      for (let id = 0; id < m.size; id++) {
        let o = 0, k = 0;
        m.forEachXYLink(src, m.coord(id), s => { o = Math.max(o, t.link[s]); });
        m.forEachXYLink(m.coord(id), src, s => { k = Math.max(k, t.link[s]); });
        assert.equal(out[id], o);
        assert.equal(back[id], k);
      }
    }));
});
