// Online-softmax events (functional/softmax.ts): the running-max rises that cost FA-2 and SU-FA their rescales.
import test from 'node:test';
import assert from 'node:assert/strict';
import { gemmABt } from '../../../src/sim/functional/kernels.js';
import { sadsSelect, type Selection } from '../../../src/sim/functional/sads.js';
import { KEY_ORDERS, onlineSoftmaxEvents } from '../../../src/sim/functional/softmax.js';
import { emptyAttentionStats, fa2Attention, type AttentionInputs } from '../../../src/sim/functional/sufa.js';
import { functionalStats } from '../../../src/sim/functional/index.js';
import { makeRng } from '../../../src/sim/functional/synthetic.js';
import { scaledHead, smallParams } from './helpers.js';

function head(S: number, T: number, d: number, seed: number) {
  const { h, q, k } = scaledHead(S, T, d, seed);
  const exact = new Float64Array(T * S);
  gemmABt(q, T, k, S, d, exact);
  return { h, q, k, exact };
}

test('a hand-made row: tile rises, boundary syncs and in-tile rises per order', () => {
  // one row, S = 6, three tiles of two keys; scores by key: 1 3 | 5 4 | 0 2 (SADS order: descending per tile)
  const scores = Float64Array.from([1, 3, 5, 4, 0, 2]);
  const sel: Selection = { rows: 1, seqLen: 6, bc: 2, tc: 3, keys: Int32Array.from([1, 0, 2, 3, 5, 4]),
    tileStart: Int32Array.from([0, 2, 4, 6]) };
  const ev = onlineSoftmaxEvents(sel, scores);
  assert.equal(ev.rowTiles, 3);
  assert.equal(ev.keysPerRowTile, 2);
  assert.equal(ev.tileRisesPerRowTile, 1 / 3, 'only tile 1 beats the running max 3 (the first tile rescales nothing)');
  // descending: 3 1 | 5 4 | 2 0 -> one boundary sync (5 > 3), nothing inside a tile
  assert.deepEqual(ev.orders.descending, { boundaryRisesPerRowTile: 1 / 3, inTileRisesPerRowTile: 0 });
  // ascending: 1 3 | 4 5 | 0 2 -> 3 > 1 inside tile 0, 4 > 3 at tile 1's boundary, then 5 > 4 inside it
  assert.deepEqual(ev.orders.ascending, { boundaryRisesPerRowTile: 1 / 3, inTileRisesPerRowTile: 2 / 3 });
  // unsorted (key index order): 1 3 | 5 4 | 0 2 -> 3 > 1 inside tile 0, 5 > 3 at tile 1's boundary
  assert.deepEqual(ev.orders.unsorted, { boundaryRisesPerRowTile: 1 / 3, inTileRisesPerRowTile: 1 / 3 });
});

test('with the true maximum first, SU-FA needs no in-tile rescale and syncs exactly where FA-2 rescales', () => {
  for (const [S, bc, k] of [[256, 32, 0.25], [384, 64, 0.1], [200, 16, 1]] as const) {
    const T = 16;
    const { exact } = head(S, T, 32, S + bc);
    // exact scores as the prediction: every tile's keys come out of SADS in true descending order
    const sel = sadsSelect(exact, T, S, { topK: k, bc, radius: Infinity, inputs: 16, outputs: 4 });
    const ev = onlineSoftmaxEvents(sel, exact);
    assert.equal(ev.orders.descending.inTileRisesPerRowTile, 0, `S=${S} bc=${bc}`);
    assert.equal(ev.orders.descending.boundaryRisesPerRowTile, ev.tileRisesPerRowTile);
    assert.ok(ev.tileRisesPerRowTile > 0, 'some tile beats the running max');
    assert.ok(ev.orders.ascending.inTileRisesPerRowTile > 0, 'ascending: the tile max comes last');
  }
});

test('every order rises at least once in each tile that FA-2 rescales; a wrong prediction adds in-tile rises', () => {
  const S = 384, T = 24, bc = 48;
  const { exact } = head(S, T, 32, 5);
  const rng = makeRng(9);
  const noisy = exact.map(x => x + (rng() * 2 - 1) * 2);
  const sel = sadsSelect(noisy, T, S, { topK: 0.2, bc, radius: Infinity, inputs: 16, outputs: 4 });
  const ev = onlineSoftmaxEvents(sel, exact);
  for (const o of KEY_ORDERS) {
    const total = ev.orders[o].boundaryRisesPerRowTile + ev.orders[o].inTileRisesPerRowTile;
    assert.ok(total >= ev.tileRisesPerRowTile - 1e-12, `${o}: ${total} < ${ev.tileRisesPerRowTile}`);
  }
  assert.ok(ev.orders.descending.inTileRisesPerRowTile > 0, 'mispredicted maxima show up inside tiles');
  assert.ok(ev.orders.ascending.inTileRisesPerRowTile > ev.orders.descending.inTileRisesPerRowTile);
});

test('the in-order online softmax of the attention model rises exactly as often as counted here', () => {
  const S = 256, T = 12, d = 32, bc = 32;
  const { h, q, k, exact } = head(S, T, d, 21);
  const sel = sadsSelect(exact.map((x, i) => x + Math.sin(i) * 0.8), T, S, { topK: 0.3, bc, radius: Infinity, inputs: 16, outputs: 4 });
  const ev = onlineSoftmaxEvents(sel, exact);
  const inp: AttentionInputs = { q, k, v: h.v, d, bits: 16, scores: exact };
  for (const o of KEY_ORDERS) {
    const st = emptyAttentionStats();
    fa2Attention(inp, sel, o, new Float64Array(T * d), undefined, st);
    const rises = (ev.orders[o].boundaryRisesPerRowTile + ev.orders[o].inTileRisesPerRowTile) * ev.rowTiles;
    assert.ok(Math.abs(rises - st.maxChanges) < 1e-9, `${o}: ${rises} vs ${st.maxChanges}`);
  }
});

test('functionalStats carries the softmax events, finite and per row tile', () => {
  const s = functionalStats(smallParams());
  assert.ok(s.softmax, 'softmax events measured');
  const sm = s.softmax!;
  assert.ok(sm.tileRisesPerRowTile > 0 && sm.tileRisesPerRowTile < 1);
  for (const o of KEY_ORDERS) {
    const e = sm.orders[o];
    assert.ok(Number.isFinite(e.boundaryRisesPerRowTile) && Number.isFinite(e.inTileRisesPerRowTile), o);
  }
  assert.ok(sm.orders.ascending.inTileRisesPerRowTile > sm.orders.descending.inTileRisesPerRowTile);
});
