// One head of 4,096 queries x 4,096 keys, d = 128, through DLZS prediction, SADS selection and SU-FA (goal: < 2 s on
// one core), then the functionalStats call the simulator makes on every save (goal: ~20-50 ms, memoised after).
import { clearFunctionalMemo, functionalStats } from '../server/src/sim/functional/index.js';
import { runPipeline } from '../server/src/sim/functional/pipeline.js';
import { generateHead } from '../server/src/sim/functional/synthetic.js';

export default async function bench(): Promise<void> {
  const S = 4096, T = 4096, d = 128;
  const tg = performance.now();
  const h = generateHead({ seqLen: S, queryRows: T, headDim: d, modelDim: d, tokenBits: 8, weightBits: 8, queryBits: 16,
    dominantSpread: 0.75, dominantFew: 0.25, dominantRegion: 0, noise: 0.1, seed: 7 });
  const genMs = performance.now() - tg;
  const opts = {
    predictor: { kind: 'dlzs' as const, tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 16 },
    sads: { topK: 0.2, bc: 64, radius: 4, inputs: 16, outputs: 4 }, queryBlock: 128,
    // CPU time of this process: other jobs on a shared machine do not inflate it (wall time is printed too)
    clock: () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; },
  };
  runPipeline(generateHead({ seqLen: 256, queryRows: 256, headDim: d, modelDim: d, tokenBits: 8, weightBits: 8,
    queryBits: 16, dominantSpread: 0.75, dominantFew: 0.25, dominantRegion: 0, noise: 0.1, seed: 1 }), opts);  // warm-up
  // three runs: the split of the fastest is printed (a shared machine adds noise, never speed)
  const runs = [0, 1, 2].map(() => {
    const w0 = performance.now();
    const res = runPipeline(h, opts);
    return { r: res, wall: performance.now() - w0, three: res.ms.keys + res.ms.scores + res.ms.sads + res.ms.sufa };
  }).sort((a, b) => a.three - b.three);
  const { r, wall } = runs[0];
  const stage1 = r.ms.keys + r.ms.scores;
  const f = (x: number) => x.toFixed(0).padStart(6);
  console.log(`head ${T} x ${S}, d = ${d}, top-k 20%, Bc 64, R 4 (synthetic data generated in ${genMs.toFixed(0)} ms, not timed)`);
  console.log('  stage              CPU time (fastest run)');
  console.log(`  1 DLZS prediction  ${f(stage1)} ms  (K^ = X W_k ${r.ms.keys.toFixed(0)} ms, A^ = Q K^T ${r.ms.scores.toFixed(0)} ms)`);
  console.log(`  2 SADS selection   ${f(r.ms.sads)} ms`);
  console.log(`  3 SU-FA attention  ${f(r.ms.sufa)} ms`);
  console.log(`    RASS scheduling  ${f(r.ms.rass)} ms`);
  const three = stage1 + r.ms.sads + r.ms.sufa;
  console.log(`  three stages       ${f(three)} ms CPU (goal < 2000 ms on one core: ${three < 2000 ? 'met' : 'NOT met'}); ` +
              `whole run ${r.ms.total.toFixed(0)} ms CPU, ${wall.toFixed(0)} ms wall`);
  console.log(`  (fastest of 3 runs; the three stages took ${runs.map(x => x.three.toFixed(0)).join(' / ')} ms CPU)`);
  console.log(`  kept ${(r.keptPairs / (T * S) * 100).toFixed(1)}% of pairs; mispredicted tile max ${(r.sufa.mispredicts / r.sufa.rowTiles * 100).toFixed(1)}% of row tiles; ` +
              `RASS fetches ${r.rass.unique} KV rows vs ${r.rass.fetchWithout} without`);
  const p = {
    seqLen: 1024, queryRows: 128, headDim: 128, topK: 0.2, bc: 64, queryBlock: 128, sadsRadius: 4, sadsInputs: 16, sadsOutputs: 4,
    predictor: opts.predictor, data: { dominantSpread: 0.75, dominantFew: 0.25, dominantRegion: 0, noise: 0.1, seed: 7 },
  };
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  clearFunctionalMemo();
  functionalStats({ ...p, data: { ...p.data, seed: 1 } });       // warm-up
  const times: number[] = [], walls: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = cpu(), w = performance.now();
    functionalStats({ ...p, data: { ...p.data, seed: 100 + i } });
    times.push(cpu() - t); walls.push(performance.now() - w);
  }
  const tm = performance.now();
  functionalStats({ ...p, data: { ...p.data, seed: 100 } });
  const memoMs = performance.now() - tm;
  const edits: number[] = [];
  for (const topK of [0.1, 0.15, 0.25, 0.3, 0.35]) {
    const t = cpu();
    functionalStats({ ...p, topK, data: { ...p.data, seed: 104 } });   // same data: the sampled head is reused
    edits.push(cpu() - t);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(1);
  console.log(`functionalStats (128 rows x 1,024 keys, d = 128), CPU time: new data median ${med(times)} ms ` +
              `(wall ${med(walls)} ms); after a top-k edit (head reused) median ${med(edits)} ms; memoised ${memoMs.toFixed(3)} ms`);
}
