// The SU-FA engine's cycles from the online softmax's mechanisms: running-max rises rescale the S V accumulators,
// FA-2's max pass sits before a tile's exps on the exp units, and the key order sets SU-FA's in-tile rescales.
import test from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCore, type CoreContext } from '../../../src/sim/core/evaluate.js';
import { bertBase, llama7b, starCore } from '../../../src/sim/core/defaults.js';
import { coreWorkFor, statsFor } from '../../../src/sim/core/simulate.js';
import type { Core } from '../../../src/model/design.js';
import type { SoftmaxStats } from '../../../src/sim/functional/stats.js';
import { handStats, simulation, work } from './fixtures.js';

const ctx: CoreContext = { stages: 'pipelined', dramBandwidthBps: 512e9, kvSource: 'dram' };

/** Softmax events with the true maximum first in every tile: SU-FA syncs exactly where FA-2 rescales. */
function trueMaxFirst(tileRises: number): SoftmaxStats {
  const none = { boundaryRisesPerRowTile: tileRises, inTileRisesPerRowTile: 0 };
  return { tileRisesPerRowTile: tileRises, orders: { descending: none, ascending: none, unsorted: none } };
}
const withOrder = (c: Core, order: Core['sufa']['order'], enabled = true): Core => ({ ...c, sufa: { ...c.sufa, order, enabled } });
const sufaTile = (c: Core, st = handStats(), w = work(llama7b(0.074))) => evaluateCore(c, w, st, ctx).perTileCycles.sufa;

test('with the true maximum first and no rise, SU-FA costs exactly the MACs: no max pass, no rescale', () => {
  const core = starCore();
  const w = work(llama7b(0.074));
  const st = handStats(0.07, { softmax: trueMaxFirst(0) });
  const kept = 0.07 * w.bc, B = w.queryBlock;
  const macs = (B * kept * w.headDim) / (core.sufa.rows * core.sufa.cols);
  assert.ok(Math.abs(sufaTile(core, st, w) - macs) < 1e-9, `${sufaTile(core, st, w)} vs ${macs}`);
});

test("FA-2's cost grows with the number of max rises: d + 1 multiplies per rise on the S V array", () => {
  const fa2 = withOrder(starCore(), 'descending', false);
  const w = work(llama7b(0.074));
  const pes = fa2.sufa.rows * fa2.sufa.cols;
  let prev = -1;
  for (const r of [0, 0.1, 0.25, 0.5, 1]) {
    const t = sufaTile(fa2, handStats(0.07, { softmax: trueMaxFirst(r) }), w);
    if (prev >= 0) assert.ok(t > prev, `${r}: ${t} <= ${prev}`);
    prev = t;
  }
  const t0 = sufaTile(fa2, handStats(0.07, { softmax: trueMaxFirst(0) }), w);
  const t1 = sufaTile(fa2, handStats(0.07, { softmax: trueMaxFirst(1) }), w);
  assert.ok(Math.abs(t1 - t0 - (w.queryBlock * (w.headDim + 1)) / pes) < 1e-9, 'one rescale of l and d accumulators per row');
});

test("with the true maximum first, switching SU-FA off (FA-2) is never faster; FA-2's max pass shows when the exp units are critical", () => {
  const w = work(bertBase(0.074));
  for (const cols of [1, 4, 16, 64, 128]) for (const r of [0, 0.2, 0.6]) {
    const core: Core = { ...starCore(), sufa: { ...starCore().sufa, cols } };
    const st = handStats(0.07, { softmax: trueMaxFirst(r) });
    const on = sufaTile(core, st, w), off = sufaTile(withOrder(core, 'descending', false), st, w);
    assert.ok(off >= on * (1 - 1e-12), `cols ${cols} rises ${r}: FA-2 ${off} < SU-FA ${on}`);
  }
  // exp-bound (cols = 128 PEs per row, d = 64): per row and tile FA-2 runs 2n + r ops on its exp unit, SU-FA n + r
  const core: Core = { ...starCore(), sufa: { ...starCore().sufa, cols: 128 } };
  const st = handStats(0.07, { softmax: trueMaxFirst(0.2) });
  const n = 0.07 * w.bc;
  const ratio = sufaTile(withOrder(core, 'descending', false), st, w) / sufaTile(core, st, w);
  assert.ok(Math.abs(ratio - (2 * n + 0.2) / (n + 0.2)) < 1e-9, `exp-bound ratio ${ratio}`);
  // array-bound (the paper's 4 columns): the max pass hides behind the MACs, the rescales are the same
  const paper = starCore();
  assert.ok(Math.abs(sufaTile(withOrder(paper, 'descending', false), st, w) - sufaTile(paper, st, w)) < 1e-9);
});

test('the order field is meaningful: ascending and unsorted pay the in-tile rescales the functional model measures', () => {
  const sim = simulation({ workload: llama7b(0.074), bc: 64 });
  const st = statsFor(sim.mapping, 64);
  assert.ok(st.softmax, 'measured');
  const core = starCore();
  const w = coreWorkFor(sim.mapping.workload, sim.mapping.tiling);
  const t = (c: Core) => evaluateCore(c, w, st, ctx).perTileCycles.sufa;
  const desc = t(core), asc = t(withOrder(core, 'ascending')), uns = t(withOrder(core, 'unsorted')), fa2 = t(withOrder(core, 'descending', false));
  assert.ok(asc > desc && uns > desc, `descending ${desc}, ascending ${asc}, unsorted ${uns}`);
  assert.notEqual(asc, fa2, 'SU-FA in ascending order is not FA-2');
  assert.notEqual(asc, uns);
  const B = w.queryBlock, pes = core.sufa.rows * core.sufa.cols, o = st.softmax!.orders;
  const rises = (k: 'ascending' | 'descending') => o[k].boundaryRisesPerRowTile + o[k].inTileRisesPerRowTile;
  assert.ok(Math.abs(asc - desc - (B * (rises('ascending') - rises('descending')) * (w.headDim + 1)) / pes) < 1e-6);
  // enabled = off is FA-2 whatever the order says
  assert.equal(t(withOrder(core, 'ascending', false)), fa2);
  assert.equal(evaluateCore(core, w, st, { ...ctx, ablation: { sufa: false } }).cycles, evaluateCore(withOrder(core, 'descending', false), w, st, ctx).cycles);
});
