// The O(mesh) interleaved-placement helpers against the plain per-(router, core) walks they replace.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Mesh, type Coord } from '../../../src/sim/spatial/mesh.js';
import { Traffic, dramAll, allRouteMaxima } from '../../../src/sim/spatial/traffic.js';

// Relative to the bytes in play: both sides add and subtract sums of ~1e6-byte flows, so a link that should hold 0
// may hold +-1e-9 of them on one side.
const close = (a: number, b: number, scale = 1) => Math.abs(a - b) <= 1e-9 * Math.max(scale, Math.abs(a), Math.abs(b));

const arb = fc.integer({ min: 1, max: 7 }).chain(R => fc.integer({ min: 1, max: 7 }).chain(C => fc.record({
  R: fc.constant(R), C: fc.constant(C),
  routers: fc.uniqueArray(fc.tuple(fc.nat(R - 1), fc.nat(C - 1)), { minLength: 1, maxLength: 8, selector: ([r, c]) => r * C + c }),
  weights: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 8, maxLength: 8 }),
  bytes: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1e6 })), { minLength: R * C, maxLength: R * C }),
  background: fc.array(fc.tuple(fc.nat(R * C - 1), fc.nat(R * C - 1), fc.integer({ min: 1, max: 1e6 })), { maxLength: 12 }),
})));

test('dramAll: the same links, routers, byte-hops and deliveries as one dramRead / dramWrite per (router, core)', () => {
  fc.assert(fc.property(arb, fc.constantFrom('read' as const, 'write' as const), ({ R, C, routers, weights, bytes, background }, dir) => {
    const mesh = new Mesh(R, C);
    const sum = routers.reduce((s, _, k) => s + weights[k], 0);
    const share = routers.map((_, k) => weights[k] / sum);
    const fast = new Traffic(mesh, routers.length), slow = new Traffic(mesh, routers.length);
    for (const t of [fast, slow]) for (const [a, b, x] of background) t.unicast(mesh.coord(a), mesh.coord(b), x);
    dramAll(fast, routers as Coord[], share, Float64Array.from(bytes), dir);
    for (let i = 0; i < mesh.size; i++) {
      routers.forEach((rt, k) => {
        if (dir === 'read') slow.dramRead(k, rt as Coord, mesh.coord(i), bytes[i] * share[k]);
        else slow.dramWrite(k, rt as Coord, mesh.coord(i), bytes[i] * share[k]);
      });
    }
    const [lf, ls] = [fast.link, slow.link];
    const scale = bytes.reduce((s, x) => s + x, 0) + background.reduce((s, [, , x]) => s + x, 0);
    for (let s = 0; s < lf.length; s++) assert.ok(close(lf[s], ls[s], scale), `link ${s}: ${lf[s]} vs ${ls[s]}`);
    for (let k = 0; k < routers.length; k++) assert.ok(close(fast.channel[k], slow.channel[k], scale));
    for (let i = 0; i < mesh.size; i++) assert.ok(close(fast.coreIn[i], slow.coreIn[i], scale), `core ${i}`);
    assert.ok(close(fast.byteHops, slow.byteHops), `${fast.byteHops} vs ${slow.byteHops}`);
    assert.ok(close(fast.injected, slow.injected) && close(fast.delivered, slow.delivered));
    assert.ok(close(fast.linkBytesTotal(), fast.byteHops), 'link bytes == byte-hops');
  }), { numRuns: 300 });
});

test('allRouteMaxima: the busiest link between each core and any router, either way', () => {
  fc.assert(fc.property(arb, ({ R, C, routers, background }) => {
    const mesh = new Mesh(R, C);
    const t = new Traffic(mesh, routers.length);
    for (const [a, b, x] of background) t.unicast(mesh.coord(a), mesh.coord(b), x);
    const got = allRouteMaxima(t, routers as Coord[]);
    const L = t.link;
    for (let i = 0; i < mesh.size; i++) {
      let want = 0;
      for (const rt of routers) {
        mesh.forEachXYLink(rt as Coord, mesh.coord(i), s => { want = Math.max(want, L[s]); });
        mesh.forEachXYLink(mesh.coord(i), rt as Coord, s => { want = Math.max(want, L[s]); });
      }
      assert.equal(got[i], want, `core ${mesh.coord(i)} on ${R} x ${C}, routers ${JSON.stringify(routers)}`);
    }
  }), { numRuns: 300 });
});
