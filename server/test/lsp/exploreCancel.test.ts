// Cancel by a newer save, over JSON-RPC with the real explorer (issue 14): a save starts a search far too long to
// finish within the test (tens of millions of points, exhaustive); its work-done progress reports the share and the
// evaluations per second, its star/explorationResult a partial front. A changed version saved while it runs ends it
// (its progress ends, its partial front is marked cancelled, no finished front of the old text ever arrives), the new
// text's front arrives with the new values in its parameters, and a third request runs on a worker that is free
// (the old search would hold it for minutes).
import test from 'node:test';
import assert from 'node:assert/strict';
import { sample } from './harness.js';
import { SimClient } from './simulationClient.js';
import { ExplorationResultNotification, RunExplorationRequest, type ExplorationResultParams } from '../../src/protocol.js';

const core = sample('explore-star-core.star');
const VARIED_TOKEN = 'core.sram.token         = 128 KB to 512 KB step 32 KB';
const VARIED_TEMP = 'core.sram.temp          = [16 KB, 28 KB, 32 KB, 64 KB]';
/** 385 token sizes x 49 temp sizes x the sample's other 2,304 combinations: 43,464,960 points, exhaustive. */
const huge = core.replace(VARIED_TOKEN, 'core.sram.token = 128 KB to 512 KB step 1 KB')
  .replace(VARIED_TEMP, 'core.sram.temp = 16 KB to 64 KB step 1 KB')
  .replace('search = auto', 'search = exhaustive');
/** Two token sizes no other version lists: 18,432 points. */
const small = core.replace(VARIED_TOKEN, 'core.sram.token = [200 KB, 392 KB]');

interface Progress { token: string | number; value: { kind: string; title?: string; message?: string; percentage?: number } }

async function until<T>(read: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 20));
  }
}

test('a newer save cancels the running exploration; the new text\'s front arrives; the worker is free again', { timeout: 240_000 }, async () => {
  assert.ok(core.includes(VARIED_TOKEN) && core.includes(VARIED_TEMP) && core.includes('search = auto'), 'the sample varies what this test rewrites');
  const c = await SimClient.start();
  const seen: ExplorationResultParams[] = [];
  c.lsp.connection.onNotification(ExplorationResultNotification, (p: ExplorationResultParams) => { seen.push(p); });
  const progress = c.progress as Progress[];
  const exploreTokens = () => progress.filter(p => p.value.kind === 'begin' && /^STAR: exploring /.test(p.value.title ?? '')).map(p => p.token);
  try {
    const uri = 'file:///explore-cancel/explore-star-core.star';
    // Opened without an explore item (nothing runs), then the long search is typed in and saved.
    await c.lsp.open(uri, core.slice(0, core.indexOf('explore sizing')));
    const v1 = await c.lsp.change(uri, huge);
    await c.lsp.save(uri);

    // The first run reports: begin (cancellable, titled with the file), then a share and a rate.
    const firstToken = await until(() => exploreTokens()[0], 'work-done begin of the exploration', 60_000)
      .catch(err => { throw new Error(`${err.message}; diagnostics: ${JSON.stringify(c.diagnostics.get(uri)?.map(d => d.message))}`); });
    const begin = progress.find(p => p.token === firstToken && p.value.kind === 'begin')!;
    assert.equal(begin.value.title, 'STAR: exploring explore-star-core.star');
    assert.equal((begin.value as { cancellable?: boolean }).cancellable, true);
    const report = await until(() => progress.find(p => p.token === firstToken && p.value.kind === 'report' && /designs/.test(p.value.message ?? '')),
      'a progress report of the long run', 120_000);
    assert.match(report.value.message!, /^sizing: \d+% · [\d.]+( [kMG])? designs · [\d.]+( [kMG])?\/s$/);
    assert.ok(Number.isInteger(report.value.percentage) && report.value.percentage! >= 0 && report.value.percentage! < 100, `share ${report.value.percentage}`);
    const running = await until(() => seen.find(p => p.version === v1 && p.running && p.explorations[0]?.state === 'running'),
      'a running star/explorationResult of the long version', 30_000);
    assert.equal(running.explorations[0]!.space.points, 43_464_960);
    assert.ok(running.explorations[0]!.evaluated > 0 && running.explorations[0]!.evaluated < 43_464_960);
    // Progress carries the front of the points evaluated so far (the view shows it while the search goes on).
    const partial = await until(() => seen.find(p => p.version === v1 && p.running && (p.explorations[0]?.front.length ?? 0) > 0),
      'a partial front of the long run', 60_000);
    for (const q of partial.explorations[0]!.front) {
      assert.equal(Object.keys(q.parameters).length, 8, 'every varied path, with its label');
      assert.ok(Number.isFinite(q.metrics.latency) && Number.isFinite(q.metrics.energy) && Number.isFinite(q.metrics.area));
    }
    assert.ok(!progress.some(p => p.token === firstToken && p.value.kind === 'end'), 'the long run is still going when the next save comes');

    // A changed version saved while it runs.
    const v2 = await c.lsp.change(uri, small);
    await c.lsp.save(uri);
    const handover = seen.length;
    const done = await until(() => seen.slice(handover).find(p => p.version === v2 && !p.running),
      'the front of the new version', 120_000);

    // The first run ended: its progress is over before the second's, and it reported nothing after its end.
    const first = progress.filter(p => p.token === firstToken);
    const endAt = first.findIndex(p => p.value.kind === 'end');
    assert.ok(endAt >= 0, 'the cancelled run\'s progress ends');
    assert.equal(endAt, first.length - 1, 'no report after its end');
    const tokens = exploreTokens();
    assert.equal(tokens.length, 2, 'one progress per run');
    const secondEnd = progress.findIndex(p => p.token === tokens[1] && p.value.kind === 'end');
    assert.ok(progress.indexOf(first[endAt]!) < secondEnd, 'the old run ended before the new one did');
    // Nothing of the old text is shown as current after the save: its partial front is marked cancelled at once
    // (progress of it sent before the server read the save may still arrive first), and no finished front of it ever.
    const cut = seen.findIndex((p, i) => i >= handover && p.version === v1 && p.running && p.explorations.length > 0
      && p.explorations.every(e => e.state === 'cancelled'));
    assert.ok(cut >= 0, `the old text's partial front marked cancelled (after the save: ${seen.slice(handover).map(p => `v${p.version} ${p.running ? 'running' : 'idle'} ${p.explorations.map(e => e.state)}`).join('; ')})`);
    for (const p of seen.slice(cut)) {
      if (p.version === v1) assert.ok(p.explorations.every(e => e.state === 'cancelled'), `then the old text's explorations are ${p.explorations.map(e => e.state).join(', ')}`);
    }
    assert.ok(!seen.some(p => p.version === v1 && p.explorations.some(x => x.state === 'done')), 'the long search never finished');

    // The new text's front: every point carries one of the new token sizes, the whole small space was evaluated.
    assert.equal(done.error, undefined);
    assert.equal(done.stale, false);
    const x = done.explorations[0]!;
    assert.equal(x.state, 'done');
    assert.equal(x.space.points, 18_432);
    assert.equal(x.evaluated, 18_432);
    assert.ok(x.front.length > 0);
    const tokensOnFront = new Set(x.front.map(p => p.parameters['core.sram.token']?.label));
    assert.ok([...tokensOnFront].every(l => l === '200 KB' || l === '392 KB'), [...tokensOnFront].join(', '));

    // The worker is free: a third run (by request) is answered with a finished front of the same text, the same front
    // (same file, same front); had the old search kept the worker, it would wait behind 43 M evaluations.
    const again = await c.lsp.connection.sendRequest(RunExplorationRequest, { uri });
    assert.ok(again && !again.running && again.version === v2, JSON.stringify(again && { v: again.version, running: again.running, error: again.error }));
    assert.deepEqual(again.explorations[0]!.front.map(p => p.index), x.front.map(p => p.index));
    assert.equal(exploreTokens().length, 3);
  } finally {
    await c.stop();
  }
});
