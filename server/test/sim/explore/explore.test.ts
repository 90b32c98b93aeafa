// The explorer: lean evaluation equals `simulate`, exhaustive fronts against brute force, NSGA-II determinism and
// quality, infeasible points with reasons, hypervolume on known fronts, shards, and resume from a journal.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../../src/sim/index.js';
import { METRICS } from '../../../src/model/metrics.js';
import {
  Evaluator, EXPLORABLE_PATHS, explorablePath, ExplorePathError, hypervolume, METRIC_NAMES, metricsOfResult, runExploration, Space,
} from '../../../src/sim/explore/index.js';
import { keepsMetrics } from '../../../src/sim/explore/evaluator.js';
import { compare } from '../../../src/sim/explore/pareto.js';
import { prng } from '../../../src/sim/explore/nsga2.js';
import { arrays, coreSpace, exploration, KB, millionSpace, param, sampleSimulation, spatialSpace } from './fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'star-explore-'));

test('the metric names agree with model/metrics.ts, and the brief\'s paths are explorable', () => {
  assert.deepEqual([...METRIC_NAMES].sort(), Object.keys(METRICS).sort());
  for (const p of ['core.sufa.array', 'core.sram.token', 'mapping.tiling.bc', 'workload.sparsity.top_k', 'chip.mesh', 'chip.noc.link_bandwidth',
    'chip.dram.channels', 'chip.dram.attach', 'chip.dram.bandwidth', 'chip.dram.kind', 'mapping.kv_flow', 'mapping.stages', 'mapping.heads',
    'mapping.queries', 'mapping.kv', 'technology.frequency', 'workload.sparsity.predictor.key_bits', 'core.sads.radius', 'core.kvgen.array']) {
    assert.ok(EXPLORABLE_PATHS.includes(p), p);
  }
  assert.throws(() => explorablePath('core.sufa.arary'), (e: Error) => e instanceof ExplorePathError && /core\.sufa\.arary: cannot be varied/.test(e.message) && /core\.sufa\.array/.test(e.message));
  const x = exploration(sampleSimulation('star-llama7b-4k.star'), [param('core.warp.drive', [1, 2])], ['latency']);
  assert.throws(() => runExploration(x), /core\.warp\.drive: cannot be varied/);
});

test('points map to indices and back (mixed radix, last parameter fastest)', () => {
  const s = new Space(coreSpace());
  assert.equal(s.size, coreSpace().points);
  for (const i of [0, 1, 17, 4095, s.size - 1]) assert.equal(s.indexOf(s.digits(i)), i);
  assert.deepEqual(s.digits(1).slice(0, -1), s.digits(0).slice(0, -1));
  const sim = s.simulationAt(s.size - 1);
  assert.equal(sim.mapping.chip.core.sufa.cols, 16);
  assert.equal(sim.mapping.tiling.bc, 128);
  assert.equal(sim.mapping.tiling.tc, 4096 / 128);
  assert.equal(sim.mapping.workload.topK, 0.25);
  assert.equal(s.exploration.simulation.mapping.chip.core.sufa.cols, 4, 'the base is untouched');
});

/** The explorer's metrics of points equal (===, every metric) those of the ordinary simulation of the same design. */
function leanMatchesFull(x: ReturnType<typeof coreSpace>, indices: (size: number) => number[]): number {
  const space = new Space(x);
  const ev = new Evaluator(space);
  const out = new Float64Array(METRIC_NAMES.length);
  let compared = 0;
  for (const i of indices(space.size)) {
    const why = ev.evaluate(space.digits(i), out);
    if (!keepsMetrics(why)) continue;
    const full = metricsOfResult(simulate(space.simulationAt(i)));
    METRIC_NAMES.forEach((n, k) => assert.ok(out[k] === full[k], `point ${i} ${n}: explorer ${out[k]}, simulate ${full[k]}; ${JSON.stringify(space.parametersAt(i))}`));
    compared++;
  }
  return compared;
}
function randomIndices(n: number, seed: number): (size: number) => number[] {
  const rnd = prng(seed);
  return size => Array.from({ length: n }, () => Math.floor(rnd() * size));
}

test('the lean evaluation gives the very numbers of simulate() on random single-core points', () => {
  assert.ok(leanMatchesFull(coreSpace(), randomIndices(400, 3)) >= 200);
});

test('the lean evaluation gives the very numbers of simulate() on runs of consecutive points (one reused evaluation)', () => {
  // Consecutive points share a core and change the work and the DRAM bandwidth: the order of an exhaustive run.
  const runs = (size: number) => [0, 0.31, 0.62, 0.93].flatMap(f => Array.from({ length: 48 }, (_, k) => Math.floor(f * size) + k));
  assert.ok(leanMatchesFull(millionSpace(), runs) >= 100);
});

test('the lean evaluation gives the very numbers of simulate() on random mesh points', () => {
  assert.ok(leanMatchesFull(spatialSpace(), randomIndices(8, 5)) >= 3);
});

function smallSpace() {
  return exploration(sampleSimulation('star-llama7b-4k.star'), [
    param('core.sufa.array', arrays(128, [2, 4, 8])),
    param('core.sram.token', [128, 192, 256].map(x => x * KB)),
    param('mapping.tiling.bc', [32, 64, 96, 128]),
    param('workload.sparsity.top_k', [0.1, 0.2]),
  ], ['latency', 'energy', { metric: 'gops_per_mm2', sense: 'max' }], [{ metric: 'power', op: '<=', value: 3 }]);
}

test('the exhaustive front is exactly the brute-force non-dominated set (tie: lower index)', () => {
  for (const x of [smallSpace(), { ...smallSpace(), objectives: [{ metric: 'area', sense: 'min' as const }, { metric: 'topk_recall', sense: 'max' as const }] }]) {
    const space = new Space(x);
    const ev = new Evaluator(space);
    const pts: Array<{ i: number; o: number[] }> = [];
    const out = new Float64Array(METRIC_NAMES.length);
    for (let i = 0; i < space.size; i++) {
      if (ev.evaluate(space.digits(i), out) !== undefined) continue;
      pts.push({ i, o: x.objectives.map(o => (o.sense === 'max' ? -1 : 1) * out[METRIC_NAMES.indexOf(o.metric as never)]!) });
    }
    const m = x.objectives.length;
    const brute = pts.filter(p => !pts.some(q => compare(q.o, p.o, m) < 0 || (q.i < p.i && q.o.every((v, j) => v === p.o[j])))).map(p => p.i);
    const r = runExploration(x);
    assert.equal(r.search.kind, 'exhaustive');
    assert.deepEqual(r.front.map(f => f.index), brute);
    assert.equal(r.feasible, pts.length);
    assert.equal(r.evaluated, space.size);
    assert.ok(r.hypervolume > 0 && Number.isFinite(r.hypervolume));
  }
});

test('infeasible points are recorded with their reasons and never end the run', () => {
  const x = exploration(sampleSimulation('star-llama7b-4k.star'), [
    param('core.sram.token', [16, 192].map(x => x * KB)),
    param('mapping.tiling.bc', [64, 96]),                  // 96 does not divide 4096
    param('core.sads.sorters', [0, 128]),                  // 0 sorters: the simulator's input check
  ], ['latency', 'energy'], [{ metric: 'power', op: '<=', value: 1e-3 }]);
  const r = runExploration(x);
  assert.equal(r.evaluated, 8);
  assert.equal(r.feasible, 0);
  assert.equal(r.front.length, 0);
  assert.ok(r.infeasibleReasons['tiling-mismatch']! > 0, JSON.stringify(r.infeasibleReasons));
  assert.ok(r.infeasibleReasons['sram-overflow']! > 0);
  assert.ok(r.infeasibleReasons['power <= 0.001 W'] === 1, JSON.stringify(r.infeasibleReasons));
  assert.ok(Object.keys(r.infeasibleReasons).some(k => k === 'invalid core.sads.sorters = 0'), JSON.stringify(r.infeasibleReasons));
  // --all sees every point with its reason in words
  const seen: string[] = [];
  runExploration(x, { onPoint: (_i, _m, why) => seen.push(why ?? 'ok') });
  assert.equal(seen.length, 8);
  assert.ok(seen.some(s => /bc = 96 does not divide seq_len 4096/.test(s)), seen.join('\n'));
  assert.ok(seen.some(s => /^power [\d.e+-]+ W breaks power <= 0.001 W$/.test(s)), seen.join('\n'));
});

test('hypervolume of known fronts (2 and 3 objectives)', () => {
  assert.equal(hypervolume([[0.5, 0.5]], 1), 0.25);
  assert.equal(hypervolume([[0, 0.5], [0.5, 0]], 1), 0.75);
  assert.equal(hypervolume([[0, 0.5], [0.5, 0], [0.6, 0.6]], 1), 0.75, 'a dominated point adds nothing');
  assert.equal(hypervolume([[0, 0, 0]], 1), 1);
  assert.equal(hypervolume([[0.5, 0, 0], [0, 0.5, 0]], 1), 0.75);
  assert.ok(Math.abs(hypervolume([[0.5, 0, 0], [0, 0.5, 0], [0, 0, 0.5]], 1) - 0.875) < 1e-12);
  assert.equal(hypervolume([[1.2, 0]], 1.1), 0, 'beyond the reference point');
});

test('NSGA-II: the same seed gives the same front; it nears the exhaustive front with few evaluations', () => {
  const evo = { kind: 'evolutionary' as const, population: 48, generations: 40, seed: 7 };
  const a = runExploration(coreSpace(), { search: evo });
  const b = runExploration(coreSpace(), { search: evo });
  assert.deepEqual(a.front.map(f => f.index), b.front.map(f => f.index));
  assert.deepEqual(a.hypervolumePerGeneration, b.hypervolumePerGeneration);
  assert.equal(a.hypervolumePerGeneration!.length, 41);
  const hv = a.hypervolumePerGeneration!;
  for (let g = 1; g < hv.length; g++) assert.ok(hv[g]! >= hv[g - 1]! - 1e-12, 'the archive front never loses volume');
  const full = runExploration(coreSpace(), { search: { kind: 'exhaustive' } });
  // the evolutionary front measured with the exhaustive run's normalisation
  const ratio = hvAgainst(full, a);
  assert.ok(a.evaluated <= 0.1 * full.evaluated, `${a.evaluated} of ${full.evaluated}`);
  assert.ok(ratio >= 0.9, `hypervolume ratio ${ratio}`);
});

/** Hypervolume of run b's front under run a's normalisation, over run a's hypervolume. */
function hvAgainst(a: ReturnType<typeof runExploration>, b: ReturnType<typeof runExploration>): number {
  const sign = a.senses.map(s => (s === 'max' ? -1 : 1));
  const norm = (f: { metrics: Record<string, number> }) => a.objectives.map((o, j) => {
    const lo = a.reference.ideal[j]! * sign[j]!, hi = a.reference.worst[j]! * sign[j]!;
    return hi > lo ? (sign[j]! * f.metrics[o]! - lo) / (hi - lo) : 0;
  });
  return hypervolume(b.front.map(norm)) / hypervolume(a.front.map(norm));
}

test('exhaustive shards partition the space: their fronts merge into the unsharded front', () => {
  const x = smallSpace();
  const whole = runExploration(x);
  const shards = [0, 1, 2].map(k => runExploration(x, { shard: { index: k, count: 3 } }));
  assert.equal(shards.reduce((n, s) => n + s.evaluated, 0), whole.evaluated);
  const pool = shards.flatMap(s => s.front);
  const m = x.objectives.length;
  const o = (f: typeof pool[number]) => x.objectives.map(ob => (ob.sense === 'max' ? -1 : 1) * f.metrics[ob.metric]!);
  const merged = pool.filter(p => !pool.some(q => compare(o(q), o(p), m) < 0 || (q.index < p.index && o(q).every((v, j) => v === o(p)[j])))).map(p => p.index).sort((a, b) => a - b);
  assert.deepEqual(merged, whole.front.map(f => f.index));
});

test('an exhaustive run stopped midway resumes from its journal to the same front, without recomputing', () => {
  const x = coreSpace();
  const whole = runExploration(x);
  const journal = join(tmp, 'core.jsonl');
  const first = runExploration(x, { journal, shouldStop: n => n >= 10_000 });
  assert.equal(first.complete, false);
  assert.ok(first.evaluated >= 10_000 && first.evaluated < whole.evaluated);
  // a kill mid-write leaves a torn last line: it is ignored
  writeFileSync(journal, readFileSync(journal, 'utf8') + '{"t":"checkpoint","next":99');
  let again = 0;
  const second = runExploration(x, { journal, resume: true, onPoint: () => { again++; } });
  assert.equal(second.complete, true);
  assert.equal(second.resumed, true);
  assert.equal(again, whole.evaluated - first.evaluated, 'only the points not yet evaluated are evaluated');
  assert.equal(second.evaluated, whole.evaluated);
  assert.equal(second.feasible, whole.feasible);
  assert.deepEqual(second.front, whole.front);
  assert.deepEqual(second.infeasibleReasons, whole.infeasibleReasons);
  // another exploration's journal is refused
  assert.throws(() => runExploration(smallSpace(), { journal, resume: true }), /belongs to another exploration/);
});

test('an evolutionary run stopped midway resumes to the same front, evaluating each point once', () => {
  const x = coreSpace({ kind: 'evolutionary', population: 32, generations: 20, seed: 3 });
  const whole = runExploration(x);
  const journal = join(tmp, 'evo.jsonl');
  const first = runExploration(x, { journal, shouldStop: n => n >= 200 });
  assert.equal(first.complete, false);
  const second = runExploration(x, { journal, resume: true });
  assert.equal(second.complete, true);
  assert.deepEqual(second.front, whole.front);
  assert.deepEqual(second.hypervolumePerGeneration, whole.hypervolumePerGeneration);
  const lines = readFileSync(journal, 'utf8').trim().split('\n').map(l => JSON.parse(l) as { t: string; i?: number });
  const points = lines.filter(l => l.t === 'point').map(l => l.i);
  assert.equal(new Set(points).size, points.length, 'no point journaled (evaluated) twice');
  assert.equal(points.length, whole.evaluated);
});

test('hypervolume in 4 objectives: exact on a small front, a close estimate on a large one', async () => {
  const { hypervolumeIsExact } = await import('../../../src/sim/explore/hypervolume.js');
  assert.equal(hypervolume([[0.5, 0, 0, 0], [0, 0.5, 0, 0]], 1), 0.75);
  // points on the plane x1 + .. + x4 = 1: many, so the estimate runs; it must stay near the exact value of a subset bound
  const rnd = prng(9);
  const pts = Array.from({ length: 2000 }, () => { const v = [rnd(), rnd(), rnd(), rnd()]; const s = v.reduce((a, b) => a + b); return v.map(x => x / s); });
  assert.equal(hypervolumeIsExact(pts.length, 4), false);
  const t0 = Date.now();
  const est = hypervolume(pts, 1);
  assert.ok(Date.now() - t0 < 20_000);
  const small = pts.slice(0, 40);
  assert.ok(hypervolumeIsExact(small.length, 4));
  assert.ok(est >= hypervolume(small, 1) - 0.01 && est <= 1, `${est}`);
});

test('hypervolume in 3 objectives agrees with a slab of 2-objective volumes and with sampling', () => {
  const rnd = prng(4);
  const pts2 = Array.from({ length: 60 }, () => { const a = rnd(); return [a, 1 - a]; });
  assert.ok(Math.abs(hypervolume(pts2.map(p => [...p, 0.25]), 1) - 0.75 * hypervolume(pts2, 1)) < 1e-12);
  const pts = Array.from({ length: 80 }, () => { const v = [rnd(), rnd(), rnd()]; const s = v[0]! + v[1]! + v[2]!; return v.map(x => x / s); });
  let hit = 0;
  const N = 100_000;
  for (let k = 0; k < N; k++) {
    const x = [rnd(), rnd(), rnd()];
    if (pts.some(p => p.every((v, j) => v <= x[j]!))) hit++;
  }
  assert.ok(Math.abs(hypervolume(pts, 1) - hit / N) < 0.01, `${hypervolume(pts, 1)} vs ${hit / N}`);
});
