// Traces over JSON-RPC against the built server: every bad trace input is a diagnostic with its code on the path's
// text and the server keeps answering; a trace file changed on disk (workspace/didChangeWatchedFiles) re-checks the
// design and re-simulates it, and the results say they came from the trace.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, ensureBuilt, rangeText } from './harness.js';
import { SimClient } from './simulationClient.js';
import { badTraceCases, GOOD, traceDesign, writeGoodTrace, S, D } from '../helpers/traceFixtures.js';
import { writeNpy } from '../helpers/npyWriter.js';

async function until(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

test('every bad trace input gets its diagnostic on the path, and the server keeps working', async () => {
  ensureBuilt();
  const { dir, cases } = badTraceCases();
  const c = await LspClient.start();
  try {
    for (const k of [...cases, { name: 'untitled', data: GOOD, code: 'trace-unsaved', at: '"q.npy"' }]) {
      const uri = k.name === 'untitled' ? 'untitled:Untitled-1' : pathToFileURL(join(dir, `${k.name}.star`)).href;
      const text = traceDesign(k.data, 'opts' in k ? k.opts : undefined);
      const diags = await c.openAndDiagnose(uri, text);
      const d = diags.find(x => x.code === k.code);
      assert.ok(d, `${k.name}: no ${k.code} in ${JSON.stringify(diags.map(x => [x.code, x.message]))}`);
      assert.equal(rangeText(text, d.range), k.at, k.name);
    }
    const hover = await c.hover(pathToFileURL(join(dir, 'missing.star')).href, traceDesign('x').indexOf('head_dim') + 2);
    assert.ok(hover, 'the server still answers');
    assert.deepEqual(c.errors(), []);
  } finally { await c.stop(); }
});

test('a trace changed on disk re-checks and re-simulates the design that reads it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'star-watch-'));
  writeGoodTrace(dir, 1);
  const c = await SimClient.start();
  try {
    const uri = pathToFileURL(join(dir, 'design.star')).href;
    const kUri = pathToFileURL(join(dir, 'k.npy')).href;
    await c.lsp.open(uri, traceDesign(GOOD));
    const first = await c.fresh(uri, 1, 60_000);
    const f = first.results[0].simulation.functional;
    assert.match(f.data ?? '', /^trace q\.npy, k\.npy, v\.npy \(float16, 1 head; 128 of 128 query rows, 128 of 128 keys\)/);

    const bad = new Float64Array(S * D); bad[9] = NaN;
    writeNpy('k.npy', bad, [S, D], 'f2', {}, dir);
    await c.lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: kUri, type: 2 }] });
    await until(() => (c.diagnostics.get(uri) ?? []).some(d => d.code === 'trace-nonfinite'), 'the NaN diagnostic');

    const since = c.results.length;
    writeGoodTrace(dir, 2);                                     // other keys: other figures
    await c.lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: kUri, type: 2 }] });
    await until(() => !(c.diagnostics.get(uri) ?? []).some(d => d.severity === 1), 'the errors to clear');
    const again = await c.fresh(uri, 1, 60_000, since);
    // new keys and queries on disk: the re-run measured other numbers
    assert.notEqual(again.results[0].simulation.functional.outputRelError, f.outputRelError);
    assert.ok(again.results[0].simulation.functional.data?.startsWith('trace'));
    assert.deepEqual(c.lsp.errors(), []);
  } finally { await c.stop(); }
});
