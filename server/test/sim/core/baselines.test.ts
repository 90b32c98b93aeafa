// Baselines: the A100 model (eager and FlashAttention-2) and the published reference rows.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { A100, a100Attention } from '../../../src/sim/baselines/a100.js';
import { PUBLISHED, PUBLISHED_STAR, table2LatencyMs } from '../../../src/sim/baselines/published.js';
import { bertBase, llama7b } from '../../../src/sim/core/defaults.js';

test('A100: short BERT attention is bound by host overhead, long Llama attention by the GPU', () => {
  const short = a100Attention(bertBase(1, 128), 'dense');
  assert.equal(short.bound, 'host overhead');
  const long = a100Attention(llama7b(1, 8192), 'dense');
  assert.equal(long.bound, 'gpu');
  // Beyond the host floor, unfused attention grows with S^2.
  const a = a100Attention(llama7b(1, 8192), 'dense').seconds, b = a100Attention(llama7b(1, 16384), 'dense').seconds;
  assert.ok(b / a > 3 && b / a < 5, String(b / a));
});

test('A100: FlashAttention-2 beats unfused attention, and reaches its published share of peak on long sequences', () => {
  const w = llama7b(1, 16384);
  const dense = a100Attention(w, 'dense'), fa = a100Attention(w, 'flash2');
  assert.ok(fa.seconds < dense.seconds);
  const tflops = fa.flops / fa.seconds / 1e12;
  // FlashAttention-2 forward: 50-73% of the 312 TFLOP/s peak (Dao 2023).
  assert.ok(tflops > 0.45 * A100.tensorFlops / 1e12 && tflops < 0.75 * A100.tensorFlops / 1e12, String(tflops));
});

test('A100: power stays between the active floor and the TDP; everything finite for any workload', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 1 << 20 }), fc.integer({ min: 1, max: 256 }), fc.double({ min: 1e-3, max: 1, noNaN: true }),
    fc.constantFrom('dense' as const, 'flash2' as const, 'lowbitFlash2' as const), (S, d, k, m) => {
      const w = { ...llama7b(k, S), headDim: d };
      const r = a100Attention(w, m);
      return [r.seconds, r.energyJ, r.powerW, r.flops, r.bytes].every(Number.isFinite) &&
        r.powerW >= A100.idleToActiveW && r.powerW <= A100.tdpW && r.seconds > 0;
    }), { numRuns: 500 });
});

test('published reference data: the latency basis reproduces Table II\'s own normalisation', () => {
  // FACT: 928 GOPS with 512 multipliers at 500 MHz -> 2 x 137 / 928 = 296 ms (star-model.md).
  assert.ok(Math.abs(table2LatencyMs(PUBLISHED.fact.gops, 512, 500e6) - PUBLISHED.fact.latencyMs) / PUBLISHED.fact.latencyMs < 0.01);
  // SOFA: 24,423 GOPS from 1,024 multipliers at 1 GHz -> 45 ms.
  assert.ok(Math.abs(table2LatencyMs(PUBLISHED_STAR.gops, 1024, 1e9) - PUBLISHED_STAR.latencyMs) / PUBLISHED_STAR.latencyMs < 0.01);
  for (const p of Object.values(PUBLISHED)) {
    assert.ok(p.gopsPerMm2 > 0 && p.latencyMs > 0 && p.gopsPerWCore > 0, p.name);
  }
});

test('A100: an unfused score matrix larger than HBM is flagged in the result', () => {
  assert.match(a100Attention(llama7b(1, 65536), 'dense').memoryNote ?? '', /does not fit the 40 GB HBM/);
  assert.equal(a100Attention(bertBase(1, 384), 'dense').memoryNote, undefined);
  assert.equal(a100Attention(llama7b(1, 65536), 'flash2').memoryNote, undefined);
});
