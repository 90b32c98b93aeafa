// RASS: block unions, reuse counts, issue order, and the FIFO baseline without it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { rassBlock, rassSchedule } from '../../../src/sim/functional/rass.js';
import type { Selection } from '../../../src/sim/functional/sads.js';

/** rows given as key lists, one tile per row */
function selectionOf(rows: number[][], S: number): Selection {
  const keys: number[] = [], tileStart: number[] = [];
  for (const r of rows) { tileStart.push(keys.length); keys.push(...r); }
  tileStart.push(keys.length);
  return { rows: rows.length, seqLen: S, bc: S, tc: 1, keys: Int32Array.from(keys), tileStart: Int32Array.from(tileStart) };
}

test('RASS: union, reuse counts and most-shared-first issue order of a block', () => {
  const sel = selectionOf([[1, 2, 3], [2, 3, 4], [3, 9], [3, 2]], 10);
  const b = rassBlock(sel, 0, 4, 0, new Int32Array(10), new Uint8Array(10));
  assert.equal(b.pairs, 10);
  assert.equal(b.unique, 5);
  assert.deepEqual(Array.from(b.issueOrder), [3, 2, 1, 4, 9]);
  assert.deepEqual(Array.from(b.reuse), [4, 3, 1, 1, 1]);
  assert.equal(b.maxReuse, 4);
  assert.equal(b.fetchWithout, 10);         // no buffer: every pair fetches its row
});

test('without RASS a FIFO row buffer only catches reuse between neighbouring rows', () => {
  const sel = selectionOf([[1, 2], [1, 2], [3, 4], [1, 2]], 8);
  // buffer of 2 rows: rows 0,1 share (1,2); row 2 evicts them; row 3 fetches them again
  const b = rassBlock(sel, 0, 4, 2, new Int32Array(8), new Uint8Array(8));
  assert.equal(b.unique, 4);
  assert.equal(b.fetchWithout, 6);
  const big = rassBlock(sel, 0, 4, 8, new Int32Array(8), new Uint8Array(8));
  assert.equal(big.fetchWithout, 4);       // a buffer holding every key behaves like RASS
});

test('RASS schedule over blocks: fractions, per-row fetches and imbalance', () => {
  const sel = selectionOf([[0, 1], [0, 1], [2, 3], [4, 5], [0], [0]], 6);
  const s = rassSchedule(sel, 2, 0);
  assert.equal(s.blocks.length, 3);
  assert.deepEqual(s.blocks.map(b => b.unique), [2, 4, 1]);
  assert.equal(s.uniqueFraction, 7 / 10);
  assert.equal(s.fetchWithPerRow, 7 / 6);
  assert.equal(s.fetchWithoutPerRow, 10 / 6);
  // block work per row: (pairs + unique) / rows = 3, 4, 1.5; mean 8.5 / 3
  assert.ok(Math.abs(s.blockImbalance - 4 / (8.5 / 3)) < 1e-12);
});

test('no-RASS baseline by default (row order, no buffer): every row fetches its own keys; RASS each shared row once per block', async () => {
  const { FUNCTIONAL_DEFAULTS } = await import('../../../src/sim/functional/index.js');
  // every row of a 128-row block selects the same 5 keys
  const rows = Array.from({ length: 128 }, () => [3, 7, 11, 20, 31]);
  const sel = selectionOf(rows, 64);
  const b = rassBlock(sel, 0, 128, FUNCTIONAL_DEFAULTS.kvBufferRows, new Int32Array(64), new Uint8Array(64));
  assert.equal(b.unique, 5);                // RASS: each KV row once for the block
  assert.equal(b.fetchWithout, 128 * 5);    // without: once per row that selected it (no buffer carries rows over)
  const s = rassSchedule(sel, 128, FUNCTIONAL_DEFAULTS.kvBufferRows);
  assert.equal(s.fetchWithPerRow, 5 / 128);
  assert.equal(s.fetchWithoutPerRow, 5);
});
