// partition(): every (head, block) owned once, even splits, KV-sharing and reduction groups, idle cores.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Mesh } from '../../../src/sim/spatial/mesh.js';
import { partition, groupsAlong, splitRange } from '../../../src/sim/spatial/partition.js';
import { chip, llama, mapping } from './fixtures.js';

test('heads over rows, queries over columns: every (head, block) pair is owned exactly once', () => {
  const m = mapping(llama(4096), chip(4, 4));
  const p = partition(new Mesh(4, 4), m);
  assert.deepEqual(p.parts, { heads: 4, queries: 4, kv: 1 });
  const seen = new Map<string, number>();
  for (const s of p.shares) {
    assert.equal(s.idle, false);
    for (let h = s.heads.lo; h < s.heads.hi; h++) for (let b = s.blocks.lo; b < s.blocks.hi; b++) {
      const k = `${h},${b}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    assert.equal(s.keys, 4096);
    assert.equal(s.queries, 1024);
  }
  assert.equal(seen.size, 32 * 32);
  assert.ok([...seen.values()].every(v => v === 1));
});

test('splits that do not divide differ by at most one unit and cover everything', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 64 }), (units, parts) => {
    let total = 0, min = Infinity, max = 0;
    for (let i = 0; i < parts; i++) {
      const r = splitRange(units, parts, i);
      const n = r.hi - r.lo;
      total += n; min = Math.min(min, n); max = Math.max(max, n);
    }
    assert.equal(total, units);
    assert.ok(max - min <= 1);
  }));
});

test('KV-sharing groups lie along the queries axis, reduction groups along the kv axis', () => {
  const m = mapping(llama(4096), chip(2, 4), { heads: 'none', queries: 'cols', kv: 'rows' });
  const p = partition(new Mesh(2, 4), m);
  assert.deepEqual(groupsAlong(p, 'queries'), [[0, 1, 2, 3], [4, 5, 6, 7]]);
  assert.deepEqual(groupsAlong(p, 'kv'), [[0, 4], [1, 5], [2, 6], [3, 7]]);
  assert.equal(p.shares[5].keys, 2048);
});

test('a mesh dimension no quantity uses leaves its other cores idle; a shared axis is an error', () => {
  const p = partition(new Mesh(2, 2), mapping(llama(1024), chip(2, 2), { heads: 'rows', queries: 'none' }));
  assert.deepEqual(p.unusedDims, ['cols']);
  assert.deepEqual(p.shares.map(s => s.idle), [false, true, false, true]);
  assert.throws(() => partition(new Mesh(2, 2), mapping(llama(1024), chip(2, 2), { heads: 'rows', queries: 'rows' })),
    /heads and queries are both partitioned over mesh\.rows/);
  assert.throws(() => partition(new Mesh(2, 2), mapping(llama(1024), chip(2, 2), { heads: 'all', queries: 'cols' })),
    /both partitioned over mesh/);
  // on a 1-wide dimension there is nothing to share
  assert.doesNotThrow(() => partition(new Mesh(1, 4), mapping(llama(1024), chip(1, 4), { heads: 'rows', queries: 'all' })));
});

test('more parts than units leave cores idle rather than inventing work', () => {
  const w = llama(256, { heads: 2 });
  const p = partition(new Mesh(4, 1), mapping(w, chip(4, 1), { heads: 'rows', queries: 'none' }));
  assert.equal(p.shares.filter(s => !s.idle).length, 2);
});
