// Writes samples/traces/generated-sinks-{q,k,v}.npy: a GENERATED (not measured) attention trace of one Llama-7B-sized
// head, 512 tokens x 128, float16, with the structure real LLM attention maps are reported to have: an attention
// sink (key 0, Xiao et al. ICLR 2024), heavy hitters shared by every query (H2O, Zhang et al. NeurIPS 2023), a local
// window (recent keys) and a few keys of each query's own. Run: node --conditions=import --import tsx scripts/make-sample-trace.ts
// Deterministic (seeded): re-running it rewrites the same bytes. docs/model.md, "A trace with sinks and shared heavy hitters".
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeNpy } from '../server/src/sim/functional/npy.js';
import { makeGaussian, makeRng } from '../server/src/sim/functional/synthetic.js';

export const SAMPLE_TRACE = { seqLen: 512, headDim: 128, seed: 2024, heavyShare: 0.04, window: 16, own: 3 };

/** The generator: logits q_i . k_j / sqrt(d) of about 10 for the sink, 6 for heavy hitters, 5 for the window and
 *  own keys (each drawn with a random weight), against a background of about N(0, 1). */
export function generateSampleTrace(o = SAMPLE_TRACE): { q: Float64Array; k: Float64Array; v: Float64Array } {
  const { seqLen: S, headDim: d } = o;
  const rng = makeRng(o.seed), g = makeGaussian(rng);
  const k = Float64Array.from({ length: S * d }, () => g());
  const v = Float64Array.from({ length: S * d }, () => g());
  // the sink direction u (unit): key 0 carries a large component along it, heavy hitters a smaller one
  const u = Float64Array.from({ length: d }, () => g());
  const un = Math.hypot(...u);
  for (let c = 0; c < d; c++) u[c] /= un;
  const sqrtD = Math.sqrt(d);
  const heavy = new Set<number>();
  while (heavy.size < Math.round(o.heavyShare * S)) heavy.add(1 + Math.floor(rng() * (S - 1)));
  for (let c = 0; c < d; c++) k[c] += 12 * u[c];
  for (const h of heavy) for (let c = 0; c < d; c++) k[h * d + c] += 7 * u[c];
  const q = new Float64Array(S * d);
  for (let i = 0; i < S; i++) {
    const row = q.subarray(i * d, (i + 1) * d);
    for (let c = 0; c < d; c++) row[c] += 0.85 * sqrtD * u[c];          // every query carries the sink direction
    const add = (j: number, logit: number) => { for (let c = 0; c < d; c++) row[c] += logit * sqrtD / d * k[j * d + c]; };
    for (let j = Math.max(1, i - o.window); j <= Math.min(S - 1, i); j++) if (rng() < 0.5) add(j, 3 + 3 * rng());
    for (let n = 0; n < o.own; n++) add(Math.floor(rng() * S), 4 + 3 * rng());
    for (let c = 0; c < d; c++) row[c] += 0.3 * g();
  }
  return { q, k, v };
}

function main(): void {
  const out = resolve(process.argv[1] ? join(__dirname, '..', 'samples', 'traces') : 'samples/traces');
  mkdirSync(out, { recursive: true });
  const { q, k, v } = generateSampleTrace();
  const shape = [SAMPLE_TRACE.seqLen, SAMPLE_TRACE.headDim];
  for (const [n, a] of [['q', q], ['k', k], ['v', v]] as const) {
    writeFileSync(join(out, `generated-sinks-${n}.npy`), encodeNpy(a, shape, 'f2'));
  }
  console.log(`wrote ${out}/generated-sinks-{q,k,v}.npy (${shape.join(' x ')} float16, generated, not measured)`);
}

if (require.main === module) main();
