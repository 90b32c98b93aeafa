// Traces as data of the functional model: the same numbers as synthetic and as a trace give the same statistics;
// shared keys in a query block shrink its KV union and DRAM bytes; heads, missing values, and the content cache.
import test from 'node:test';
import assert from 'node:assert/strict';
import { utimesSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearFunctionalMemo, functionalStats, defaultFunctionalParams, runFunctional } from '../../../src/sim/functional/index.js';
import { generateHead, makeGaussian, makeRng } from '../../../src/sim/functional/synthetic.js';
import { inspectTraceFile, traceScans, sampledRows } from '../../../src/sim/functional/trace.js';
import { simulateCore } from '../../../src/sim/core/simulate.js';
import { bertBase, starCore } from '../../../src/sim/core/defaults.js';
import type { TraceData, Workload } from '../../../src/model/design.js';
import { simulation } from '../core/fixtures.js';
import { smallParams } from './helpers.js';
import { traceDir, writeNpy } from '../../helpers/npyWriter.js';

test('the same head as synthetic data and as a trace gives the same statistics', () => {
  for (const kind of ['exact', 'dlzs'] as const) {
    const p = smallParams({ predictor: { kind, tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 16 }, modelDim: 32 });
    const h = generateHead({ seqLen: p.seqLen, queryRows: p.queryRows, headDim: p.headDim, modelDim: 32, tokenBits: 8, weightBits: 8,
      queryBits: 16, ...(p.data as { dominantSpread: number; dominantFew: number; dominantRegion: number; noise: number; seed: number }) });
    const q = h.qInt.map(x => x * h.qScale), k = h.kInt.map(x => x * h.kScale);
    const data: TraceData = {
      kind: 'trace',
      queries: writeNpy(`same-q-${kind}.npy`, q, [p.queryRows, p.headDim], 'f8'),
      keys: writeNpy(`same-k-${kind}.npy`, k, [p.seqLen, p.headDim], 'f8'),
      values: writeNpy(`same-v-${kind}.npy`, h.v, [p.seqLen, p.headDim], 'f8'),
    };
    const syn = functionalStats(p), tr = functionalStats({ ...p, data });
    if (kind === 'exact') {
      // same exact scores, same ranking: every statistic that follows from the selection is the same
      for (const f of ['topkRecall', 'keptFraction', 'rassUniqueFraction', 'rassFetchWith', 'rassFetchWithout', 'blockImbalance',
        'sadsRoundsPerSegment', 'sufaRescalesPerRowTile', 'fa2RescalesPerRowTile'] as const) {
        assert.ok(Math.abs(syn[f] - tr[f]) < 1e-9, `${f}: ${syn[f]} vs ${tr[f]}`);
      }
      assert.ok(Math.abs(syn.outputRelErrorMean - tr.outputRelErrorMean) < 1e-9);
    } else {
      // DLZS on a trace forms K^ from K, not from X W_k: close, not equal
      assert.ok(Math.abs(syn.topkRecall - tr.topkRecall) < 0.1, `${syn.topkRecall} vs ${tr.topkRecall}`);
      assert.ok(Math.abs(syn.keptFraction - tr.keptFraction) < 0.01, `${syn.keptFraction} vs ${tr.keptFraction}`);
    }
    assert.match(tr.data!, /^trace same-q-.*16 of 16 query rows, 256 of 256 keys/);
    assert.match(syn.data!, /^synthetic \(seed 11\)/);
  }
});

/** A [T, d] / [S, d] trace where each query of a block attends to `hot` keys: the same ones (shared) or its own. */
function attentionTrace(name: string, shared: boolean, S = 384, T = 384, d = 64, hot = 8): TraceData {
  const g = makeGaussian(makeRng(5)), rng = makeRng(9);
  const k = Float64Array.from({ length: S * d }, () => g());
  const v = Float64Array.from({ length: S * d }, () => g());
  const common = Array.from({ length: hot }, () => Math.floor(rng() * S));
  const q = new Float64Array(T * d);
  for (let i = 0; i < T; i++) {
    const keys = shared ? common : Array.from({ length: hot }, () => Math.floor(rng() * S));
    for (const j of keys) for (let c = 0; c < d; c++) q[i * d + c] += 1.5 * k[j * d + c];
    for (let c = 0; c < d; c++) q[i * d + c] += 0.05 * g();
  }
  return {
    kind: 'trace',
    queries: writeNpy(`${name}-q.npy`, q, [T, d], 'f2'),
    keys: writeNpy(`${name}-k.npy`, k, [S, d], 'f2'),
    values: writeNpy(`${name}-v.npy`, v, [S, d], 'f2'),
  };
}

test('a block whose queries attend to the same keys needs about one row\'s keys and fewer DRAM bytes, at the same work', () => {
  const run = (shared: boolean) => {
    const w: Workload = { ...bertBase(0.25), data: attentionTrace(shared ? 'shared' : 'indep', shared) };
    const stats = functionalStats(defaultFunctionalParams(w, { bc: 64 }, starCore()));
    const r = simulateCore(simulation({ workload: w }), stats);
    const rowKeys = stats.keptFraction * stats.sampled!.seqLen;
    const union = stats.rassUniqueFraction * stats.params.queryBlock * rowKeys;   // KV rows a block needs
    return { stats, r, union, rowKeys };
  };
  const shared = run(true), indep = run(false);
  // the same workload and top-k; SADS's radius keeps a little fewer keys where scores are flat
  assert.ok(Math.abs(shared.stats.keptFraction / indep.stats.keptFraction - 1) < 0.3);
  assert.equal(shared.r.effectiveGops > 0, true);
  assert.ok(shared.union < 1.3 * shared.rowKeys, `shared union ${shared.union} vs one row ${shared.rowKeys}`);
  assert.ok(indep.union > 5 * shared.union, `independent union ${indep.union} vs shared ${shared.union}`);
  assert.ok(shared.r.dramBytes < indep.r.dramBytes, `${shared.r.dramBytes} vs ${indep.r.dramBytes}`);
  assert.match(shared.r.functional.data!, /^trace shared-q\.npy/);
});

test('multi-head traces: a heads selection, sampled heads averaged; without values no output error', () => {
  const H = 3, T = 16, S = 128, d = 16;
  const g = makeGaussian(makeRng(2));
  const q = Float64Array.from({ length: H * T * d }, () => g());
  const k = Float64Array.from({ length: H * S * d }, () => g());
  const data: TraceData = { kind: 'trace', queries: writeNpy('mh-q.npy', q, [H, T, d]), keys: writeNpy('mh-k.npy', k, [H, S, d]) };
  const p = smallParams({ seqLen: S, queryRows: T, headDim: d, bc: 32, data });
  const all = functionalStats(p);
  assert.equal(all.heads, 3);
  assert.equal(all.outputErrorMeasured, false);
  assert.equal(all.outputRelErrorMean, 0);
  const one = functionalStats({ ...p, data: { ...data, heads: [1] } });
  assert.equal(one.heads, 1);
  assert.match(one.data!, /heads \[1\] of 3/);
  assert.notEqual(one.topkRecall, all.topkRecall);
  const report = runFunctional({ ...p, data: { ...data, heads: [2] } });
  assert.equal(report.sample.queryRows, T);
  for (const v of Object.values(all)) if (typeof v === 'number') assert.ok(Number.isFinite(v));
});

test('large traces are sampled: the last query block, keys strided from key 0', () => {
  assert.deepEqual([...sampledRows(10, 4, false)], [6, 7, 8, 9]);
  assert.deepEqual([...sampledRows(16, 4, true)], [0, 4, 8, 12]);
  assert.deepEqual([...sampledRows(3, 4, true)], [0, 1, 2]);
  const S = 2048, T = 300, d = 8;
  const k = Float64Array.from({ length: S * d }, (_, i) => Math.floor(i / d));     // key j holds j
  const q = Float64Array.from({ length: T * d }, (_, i) => Math.floor(i / d));
  const data: TraceData = { kind: 'trace', queries: writeNpy('big-q.npy', q, [T, d]), keys: writeNpy('big-k.npy', k, [S, d]) };
  const w: Workload = { ...bertBase(0.2, S), queryLen: T, headDim: d, data };
  const p = defaultFunctionalParams(w, { bc: 64 }, starCore());
  assert.equal(p.queryRows, 128); assert.equal(p.seqLen, 1024);
  const s = functionalStats(p);
  assert.equal(s.sampled!.seqLen, 1024); assert.equal(s.sampled!.queryRows, 128);
  assert.match(s.data!, /128 of 300 query rows, 1024 of 2048 keys/);
});

test('a trace file is scanned once per content: an untouched file is not read again, a touched one with equal bytes hits the memo', () => {
  clearFunctionalMemo();
  const data = attentionTrace('cache', true, 128, 32, 16, 8);
  const p = smallParams({ seqLen: 128, queryRows: 32, headDim: 16, bc: 32, data });
  const before = traceScans.count;
  const a = functionalStats(p);
  const scans = traceScans.count - before;
  assert.equal(scans, 3);
  functionalStats(p); inspectTraceFile(data.keys);
  assert.equal(traceScans.count - before, 3, 'unchanged files are not scanned again');
  const t = new Date(Date.now() + 5000);
  utimesSync(data.keys, t, t);                                   // touched, same bytes
  const b = functionalStats(p);
  assert.equal(traceScans.count - before, 4);
  assert.equal(b, a, 'same content: the memoised statistics');
  const bytes = readFileSync(data.keys);
  bytes[bytes.length - 1] ^= 0x01;                               // one value changes
  writeFileSync(data.keys, bytes);
  utimesSync(data.keys, new Date(Date.now() + 9000), new Date(Date.now() + 9000));
  assert.notEqual(functionalStats(p), a);
  assert.ok(join(traceDir(), 'x').length > 0);
});
