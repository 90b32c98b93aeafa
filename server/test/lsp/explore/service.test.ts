// The exploration service on a real worker thread running the real worker loop with a test-double engine: fronts
// published with labels, work-done progress with the share done and evaluations/s, a newer save cancels the run,
// the user cancels from the progress, a file with errors is not explored.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ExploreService, type ExploreHost } from '../../../src/lsp/explore/service.js';
import type { ExplorationResultParams } from '../../../src/protocolTypes.js';

// The test double's worker, from sources through tsx's require hook (Node 20 passes no --import hook to a worker's entry).
const WORKER = () => new Worker(`require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'fakeWorker.ts'))});`, { eval: true });
const text = (delay: number) => `workload w { model = "delay ${delay}", heads = 32, head_dim = 128, seq_len = 4096 tokens }
core star {}
mapping m for w on star {}
simulate m
`;

function host(): ExploreHost & { published: ExplorationResultParams[]; reports: Array<[number, string]>; cancel?: () => void; progressDone: number } {
  const h = {
    published: [] as ExplorationResultParams[], reports: [] as Array<[number, string]>, cancel: undefined as undefined | (() => void), progressDone: 0,
    currentVersion: () => undefined,
    publish: (p: ExplorationResultParams) => { h.published.push(structuredClone(p)); },
    log: () => undefined,
    beginProgress: async (_title: string, onCancel: () => void) => {
      h.cancel = onCancel;
      return { report: (f: number, m: string) => { h.reports.push([f, m]); }, done: () => { h.progressDone++; } };
    },
  };
  return h;
}

test('explore service: progress, then the front with its labels', { timeout: 60_000 }, async () => {
  const h = host();
  const s = new ExploreService(h, WORKER);
  try {
    assert.equal(await s.explore('file:///a.star', 1, text(600)), 'done');
    const last = h.published.at(-1)!;
    assert.equal(last.running, false);
    assert.equal(last.explorations.length, 1);
    const x = last.explorations[0]!;
    assert.equal(x.state, 'done');
    assert.equal(x.line, 3, 'the line of the explore item (here: its simulate)');
    assert.deepEqual(x.front.map(p => p.parameters['core.sram.token']!.label), ['128 KB', '256 KB', '384 KB', '512 KB']);
    assert.deepEqual(x.units, { latency: 'ms', area: 'mm2', energy: 'mJ' });
    assert.deepEqual(x.objectives, [{ metric: 'latency', sense: 'min' }, { metric: 'area', sense: 'min' }]);
    assert.ok(h.reports.length >= 2, `progress reported along the way (${h.reports.length})`);
    assert.match(h.reports.at(-1)![1], /^sizing: \d+% · \d designs · 4000\/s$/);
    const fractions = h.reports.map(r => r[0]);
    assert.deepEqual(fractions, [...fractions].sort((a, b) => a - b), 'the share done only grows');
    assert.ok(h.published.some(p => p.running && p.explorations[0]?.state === 'running'), 'a running state with partial results was published');
    assert.equal(h.progressDone, 1);
  } finally { s.dispose(); }
});

test('explore service: a newer save cancels the run in progress; the user can cancel from the progress', { timeout: 60_000 }, async () => {
  const h = host();
  const s = new ExploreService(h, WORKER);
  try {
    const first = s.explore('file:///a.star', 1, text(20_000));
    // Wait for the first progress of the long run, then save again.
    for (let i = 0; i < 200 && !h.reports.length; i++) await new Promise(r => setTimeout(r, 50));
    assert.ok(h.reports.length, 'the long run reported progress');
    const workers = s.workersStarted;
    const before = h.published.length;
    const second = s.explore('file:///a.star', 2, text(0));
    const handover = h.published[before]!;
    assert.equal(handover.running, true, 'the new run is announced at once');
    assert.deepEqual(handover.explorations.map(x => x.state), ['cancelled'], 'the old text\'s partial front is no longer shown as running');
    assert.equal(await first, 'superseded');
    assert.equal(await second, 'done');
    assert.equal(s.workersStarted, workers + 1, 'the busy worker was ended and a fresh one started');
    assert.equal(h.published.at(-1)!.version, 2);
    assert.equal(h.published.at(-1)!.explorations[0]!.state, 'done');

    h.reports.length = 0;
    const third = s.explore('file:///a.star', 3, text(20_000));
    for (let i = 0; i < 200 && !h.reports.length; i++) await new Promise(r => setTimeout(r, 50));
    h.cancel!();
    assert.equal(await third, 'cancelled');
    const last = h.published.at(-1)!;
    assert.equal(last.running, false);
    assert.equal(last.error, 'exploration cancelled');
    assert.equal(last.explorations[0]!.state, 'cancelled', 'the partial exploration is marked cancelled');
  } finally { s.dispose(); }
});

test('explore service: a file with errors is not explored, the last fronts stay', { timeout: 60_000 }, async () => {
  const h = host();
  const s = new ExploreService(h, WORKER);
  try {
    assert.equal(await s.explore('file:///a.star', 1, text(0)), 'done');
    assert.equal(await s.explore('file:///a.star', 2, 'core star { rass = 5 }\n'), 'errors');
    const last = h.published.at(-1)!;
    assert.match(last.error ?? '', /^1 error in the file \(first: .*\); not explored$/);
    assert.equal(last.version, 1);
    assert.equal(last.explorations[0]!.front.length, 4);
    assert.equal(await s.explore('file:///b.star', 1, 'core star {}\n'), 'none');
    assert.deepEqual(h.published.at(-1)!.explorations, []);
  } finally { s.dispose(); }
});
