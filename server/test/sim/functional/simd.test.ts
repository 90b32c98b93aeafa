// The WebAssembly kernels: the committed bytes are simd.wat's, and they load and compute what plain JS computes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gemmAB } from '../../../src/sim/functional/kernels.js';
import { gemmABExact, simdAvailable } from '../../../src/sim/functional/simd.js';

const root = join(__dirname, '../../../..');

test('simd.wasm.ts holds exactly what wabt compiles from simd.wat (scripts/wasm.mjs --check)', () => {
  const r = spawnSync(process.execPath, [join(root, 'scripts/wasm.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('the kernels load on Node 20 and the exact float32 product equals the float64 one, padding included', () => {
  assert.ok(simdAvailable(), 'WebAssembly SIMD is available on Node 20');
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return (seed % 255) - 127; };
  for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [8, 16, 12], [13, 33, 9]]) {
    const A = Float64Array.from({ length: m * k }, rnd), B = Float64Array.from({ length: k * n }, rnd);
    const simd = new Float64Array(m * n), js = new Float64Array(m * n);
    assert.ok(gemmABExact(A, m, k, B, n, simd), `${m}x${k}x${n} takes the kernel`);
    gemmAB(A, m, k, B, n, js);
    assert.deepEqual(simd, js);
  }
});
