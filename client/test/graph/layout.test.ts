// The mesh layout and the core view: mesh order, no overlaps, KV arrows, DRAM routers, per-core engines, bad data dropped.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ELK from 'elkjs/lib/elk.bundled.js';
import { layoutMesh, layoutCore, ENGINE_ORDER, FULL_DETAIL_MAX, bottleneckEngine, type Box, type MeshLayout } from '../../webview/layout.js';
import { makeChip, makeSimulation } from './fixtures.js';

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
/** Sweep over x: every overlapping pair of boxes, without the n^2 of a 64 x 64 mesh. */
function overlappingPairs(boxes: Array<Box & { id: string }>): string[] {
  const sorted = [...boxes].sort((a, b) => a.x - b.x);
  const found: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j].x < sorted[i].x + sorted[i].w; j++) {
      if (overlaps(sorted[i], sorted[j])) found.push(`${sorted[i].id} / ${sorted[j].id}`);
    }
  }
  return found;
}
const onBoundary = (p: { x: number; y: number }, b: Box) =>
  p.x >= b.x - 1e-9 && p.x <= b.x + b.w + 1e-9 && p.y >= b.y - 1e-9 && p.y <= b.y + b.h + 1e-9 &&
  (Math.abs(p.x - b.x) < 1e-9 || Math.abs(p.x - b.x - b.w) < 1e-9 || Math.abs(p.y - b.y) < 1e-9 || Math.abs(p.y - b.y - b.h) < 1e-9);

function checkMesh(l: MeshLayout, rows: number, cols: number): void {
  assert.equal(l.cores.length, rows * cols);
  const at = new Map(l.cores.map(c => [`${c.row},${c.col}`, c]));
  for (const c of l.cores) {
    const right = at.get(`${c.row},${c.col + 1}`), down = at.get(`${c.row + 1},${c.col}`);
    if (right) { assert.ok(right.x > c.x + c.w, `${right.id} right of ${c.id}`); assert.equal(right.y, c.y); }
    if (down) { assert.ok(down.y > c.y + c.h, `${down.id} below ${c.id}`); assert.equal(down.x, c.x); }
    assert.ok(c.x >= 0 && c.y >= 0 && c.x + c.w <= l.width && c.y + c.h <= l.height, `${c.id} inside the drawing`);
  }
  assert.deepEqual(overlappingPairs([...l.cores, ...l.drams]), []);
  assert.equal(l.links.length, 2 * (rows * (cols - 1) + cols * (rows - 1)), 'both directions of every neighbour pair');
  const ids = new Set<string>();
  for (const k of l.links) {
    assert.equal(Math.abs(k.from[0] - k.to[0]) + Math.abs(k.from[1] - k.to[1]), 1, `${k.id} joins neighbours`);
    assert.ok(onBoundary({ x: k.x1, y: k.y1 }, at.get(`${k.from[0]},${k.from[1]}`)!), `${k.id} starts at its source core`);
    assert.ok(onBoundary({ x: k.x2, y: k.y2 }, at.get(`${k.to[0]},${k.to[1]}`)!), `${k.id} ends at its target core`);
    ids.add(k.id);
  }
  assert.equal(ids.size, l.links.length, 'one line per direction');
  for (const d of l.drams) {
    const r = at.get(`${d.router[0]},${d.router[1]}`)!;
    const dx = Math.max(0, r.x - (d.x + d.w), d.x - (r.x + r.w)), dy = Math.max(0, r.y - (d.y + d.h), d.y - (r.y + r.h));
    assert.ok(Math.max(dx, dy) <= l.pitch * 2, `${d.id} sits next to router ${d.router}`);
  }
}

test('mesh layout: 1x1 .. 64x64 keeps mesh order, no overlaps, links join neighbours', () => {
  for (const [r, c] of [[1, 1], [1, 2], [2, 1], [4, 4], [1, 64], [64, 1], [16, 16], [17, 17], [8, 32], [64, 64]]) {
    checkMesh(layoutMesh(makeChip(r, c), makeSimulation(r, c)), r, c);
  }
});

test('mesh layout: random shapes, DRAM routers (edge and interior) and KV flows', () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }),
    fc.array(fc.tuple(fc.nat(70), fc.nat(70)), { maxLength: 24 }),
    fc.constantFrom('own', 'multicast', 'ring') as fc.Arbitrary<'own' | 'multicast' | 'ring'>,
    fc.constantFrom('rows', 'cols', 'all', ''),
    (rows, cols, routers, kvFlow, kv) => {
      const chip = makeChip(rows, cols, { dramRouters: routers as Array<[number, number]>, kvFlow, partition: { heads: 'rows', queries: 'cols', kv } });
      const l = layoutMesh(chip, rows * cols <= 256 ? makeSimulation(rows, cols) : undefined);
      checkMesh(l, rows, cols);
      assert.equal(l.drams.length, routers.filter(([r, c]) => r < rows && c < cols).length, 'one node per channel inside the mesh');
      for (const a of l.kvArrows) for (const p of a.points) assert.ok(Number.isFinite(p.x) && Number.isFinite(p.y));
    }), { numRuns: 60 });
});

test('mesh layout: overview above 16 x 16 has few labels; full detail labels every core', () => {
  const small = layoutMesh(makeChip(4, 4));
  assert.equal(small.detail, 'full');
  assert.equal(small.axis.length, 8);
  const big = layoutMesh(makeChip(64, 64), makeSimulation(64, 64));
  assert.equal(big.detail, 'overview');
  assert.ok(big.axis.length <= 2 * (FULL_DETAIL_MAX + 1), `axis labels ${big.axis.length}`);
});

test('mesh layout: ring arrows follow the KV split; multicast is a tree from a DRAM router', () => {
  const rowRings = layoutMesh(makeChip(4, 4, { kvFlow: 'ring', partition: { heads: 'rows', queries: 'cols', kv: 'cols' } }));
  assert.equal(rowRings.kvArrows.length, 4);
  const first = rowRings.kvArrows[0].points;
  assert.ok(first[1].x > first[0].x && first[1].y === first[0].y, 'ring runs along the row, west to east');
  // Folded like the simulator's ring order: east through columns 0 and 2 above the row, west through 3 and 1 below.
  const cxs = rowRings.cores.filter(c => c.row === 0).map(c => c.x + c.w / 2);
  const aboveRow = first.filter(p => p.y === first[0].y).map(p => p.x);
  assert.deepEqual(aboveRow.filter(x => cxs.includes(x)), [cxs[0], cxs[2]]);
  const belowRow = first.filter(p => p.y > rowRings.cores[0].y + rowRings.cores[0].h).map(p => p.x);
  assert.deepEqual(belowRow.filter(x => cxs.includes(x)), [cxs[3], cxs[1]]);
  // KV not partitioned: the ring runs along the queries axis, as in the simulator.
  assert.equal(layoutMesh(makeChip(2, 4, { kvFlow: 'ring', partition: { heads: 'rows', queries: 'cols', kv: 'none' } })).kvArrows.length, 2);
  const colRings = layoutMesh(makeChip(3, 5, { kvFlow: 'ring', partition: { heads: 'cols', queries: 'cols', kv: 'rows' } }));
  assert.equal(colRings.kvArrows.length, 5);
  const snake = layoutMesh(makeChip(3, 3, { kvFlow: 'ring', partition: { heads: 'rows', queries: 'cols', kv: 'all' } }));
  assert.equal(snake.kvArrows.length, 1);
  assert.ok(snake.kvArrows[0].points.length >= 9);
  const mc = layoutMesh(makeChip(4, 4, { kvFlow: 'multicast' }));
  assert.ok(mc.kvArrows.length >= 4 && mc.kvArrows.every(a => a.kind === 'multicast' && !a.closed));
  assert.equal(layoutMesh(makeChip(4, 4, { kvFlow: 'own' })).kvArrows.length, 0);
});

test('mesh layout: bad result data is dropped, never drawn as NaN', () => {
  const sim = makeSimulation(2, 2);
  sim.cores[0].utilization = Number.NaN;
  sim.links.push({ from: [0, 0], to: [1, 1], bytes: 5, utilization: 0.1 }, { from: [0, 0], to: [0, 9], bytes: 5, utilization: 0.1 });
  const l = layoutMesh(makeChip(2, 2), sim);
  assert.equal(l.cores[0].utilization, undefined);
  assert.equal(l.ignoredLinks, 2);
  const weird = layoutMesh(makeChip(Number.NaN, -3));
  assert.equal(weird.cores.length, 1);
});

test('core view: elkjs layered puts DLZS -> SADS -> KV generation -> SU-FA left to right, SRAM around them', async () => {
  const elk = new ELK();
  const sim = makeSimulation(4, 4);
  const l = await layoutCore(elk, 1, 2, sim);
  const byId = new Map(l.nodes.map(n => [n.id, n]));
  const xs = ENGINE_ORDER.map(e => byId.get(e)!.x);
  for (let i = 1; i < xs.length; i++) assert.ok(xs[i] >= xs[i - 1] + byId.get(ENGINE_ORDER[i - 1])!.w, `${ENGINE_ORDER[i]} right of ${ENGINE_ORDER[i - 1]}`);
  assert.ok(byId.get('sram-in')!.x + byId.get('sram-in')!.w <= byId.get('dlzs')!.x);
  assert.ok(byId.get('sram-out')!.x >= byId.get('sufa')!.x + byId.get('sufa')!.w);
  assert.deepEqual(overlappingPairs(l.nodes), []);
  assert.equal(l.edges.length, 6);
  for (const e of l.edges) assert.ok(e.points.length >= 2, `${e.id} routed`);
  assert.deepEqual(l.nodes.filter(n => n.bottleneck).map(n => n.id), ['sufa']);
  assert.equal(byId.get('kvgen')!.busyMs, 2.6);
  assert.equal(l.coreUtilization, sim.cores.find(c => c.row === 1 && c.col === 2)!.utilization);
});

test('bottleneck names map to engines; other bottlenecks stay outside the core', async () => {
  assert.equal(bottleneckEngine('SU-FA'), 'sufa');
  assert.equal(bottleneckEngine('KV generation'), 'kvgen');
  assert.equal(bottleneckEngine('dram'), undefined);
  const l = await layoutCore(new ELK(), 0, 0, makeSimulation(1, 1, { bottleneck: 'noc' }));
  assert.equal(l.outsideBottleneck, 'noc');
  assert.ok(l.nodes.every(n => !n.bottleneck));
});

test('core view of a mesh core shows that core\'s own engines, not the chip\'s', async () => {
  const elk = new ELK();
  const sim = makeSimulation(4, 4);
  // every core its own engines, core (1, 2) distinctly less busy than the chip mean
  for (const c of sim.cores) {
    const u = c.row === 1 && c.col === 2 ? 0.12 : 0.8;
    c.engines = { dlzs: { busyMs: 4.2 * u * 0.5, utilization: u * 0.5 }, sads: { busyMs: 4.2 * u * 0.25, utilization: u * 0.25 },
      kvgen: { busyMs: 0, utilization: 0 }, sufa: { busyMs: 4.2 * u, utilization: u } };
  }
  const l = await layoutCore(elk, 1, 2, sim);
  const own = sim.cores.find(c => c.row === 1 && c.col === 2)!.engines!;
  for (const e of ENGINE_ORDER) {
    const n = l.nodes.find(k => k.engine === e)!;
    assert.equal(n.utilization, own[e].utilization, `${e} utilisation is the core's`);
    assert.equal(n.busyMs, own[e].busyMs, `${e} busy time is the core's`);
    assert.notEqual(n.utilization, sim.engines[e].utilization, `${e} is not the chip's figure`);
  }
  // another core shows its own, different figures
  const other = await layoutCore(elk, 0, 0, sim);
  assert.equal(other.nodes.find(n => n.engine === 'sufa')!.utilization, 0.8);
  // a result without per-core engines (single core, older results): the chip's figures
  const chipOnly = await layoutCore(elk, 0, 0, makeSimulation(1, 1));
  assert.equal(chipOnly.nodes.find(n => n.engine === 'kvgen')!.utilization, 0.63);
  assert.equal(chipOnly.nodes.find(n => n.engine === 'kvgen')!.busyMs, 2.6);
});

test('core view of a mesh core marks that core\'s own busiest engine, not the run\'s bottleneck', async () => {
  const sim = makeSimulation(2, 2, { bottleneck: 'sufa' });
  const e = (busyMs: number) => ({ busyMs, utilization: busyMs / 10 });
  sim.cores[0] = { ...sim.cores[0], engines: { dlzs: e(9), sads: e(2), kvgen: e(1), sufa: e(5) } };
  sim.cores[3] = { ...sim.cores[3], engines: { dlzs: e(1), sads: e(2), kvgen: e(1), sufa: e(6) } };
  const marked = async (i: number) => (await layoutCore(new ELK(), sim.cores[i].row, sim.cores[i].col, sim)).nodes.filter(n => n.bottleneck).map(n => n.id);
  assert.deepEqual(await marked(0), ['dlzs'], 'DLZS is this core\'s busiest engine');
  assert.deepEqual(await marked(3), ['sufa']);
  // a single core has no engines of its own: the run's bottleneck is its own
  const single = await layoutCore(new ELK(), 0, 0, makeSimulation(1, 1, { bottleneck: 'sads' }));
  assert.deepEqual(single.nodes.filter(n => n.bottleneck).map(n => n.id), ['sads']);
});

test('core view of an idle mesh core: 0 on every engine, no bottleneck marked; bad per-core data is dropped', async () => {
  const sim = makeSimulation(2, 2, { bottleneck: 'sufa' });
  const zero = { busyMs: 0, utilization: 0 };
  sim.cores[1] = { ...sim.cores[1], utilization: 0, busyMs: 0, engines: { dlzs: zero, sads: zero, kvgen: zero, sufa: zero } };
  const l = await layoutCore(new ELK(), sim.cores[1].row, sim.cores[1].col, sim);
  for (const e of ENGINE_ORDER) assert.equal(l.nodes.find(n => n.engine === e)!.utilization, 0, e);
  assert.ok(l.nodes.every(n => !n.bottleneck));
  sim.cores[2] = { ...sim.cores[2], engines: { dlzs: { busyMs: Number.NaN, utilization: Number.POSITIVE_INFINITY }, sads: zero, kvgen: zero, sufa: { busyMs: 1, utilization: 3 } } };
  const bad = await layoutCore(new ELK(), sim.cores[2].row, sim.cores[2].col, sim);
  const dlzs = bad.nodes.find(n => n.engine === 'dlzs')!;
  assert.equal(dlzs.utilization, undefined);
  assert.equal(dlzs.busyMs, undefined);
  assert.equal(bad.nodes.find(n => n.engine === 'sufa')!.utilization, 1);
  assert.deepEqual(bad.nodes.filter(n => n.bottleneck).map(n => n.id), ['sufa']);
});

test('core view on a real mesh result: a busy core and an idle core show their own engines', async () => {
  const { simulate } = await import('../../../server/src/sim/index.js');
  const { chip, llama, mapping, simulation } = await import('../../../server/test/sim/spatial/fixtures.js');
  // heads over rows, nothing over the columns: column 1 idle, column 0 busy
  const sim = simulate(simulation(mapping(llama(1024), chip(2, 2), { heads: 'rows', queries: 'none' })));
  const elk = new ELK();
  const busy = await layoutCore(elk, 0, 0, sim), idle = await layoutCore(elk, 0, 1, sim);
  const util = (l: typeof busy, e: string) => l.nodes.find(n => n.engine === e)!.utilization!;
  assert.ok(util(busy, 'sufa') > sim.engines.sufa.utilization, 'a busy core is busier than the mean over the mesh');
  assert.equal(util(busy, 'sufa'), sim.cores.find(c => c.row === 0 && c.col === 0)!.engines!.sufa.utilization);
  for (const e of ENGINE_ORDER) assert.equal(util(idle, e), 0, `idle core ${e}`);
});
