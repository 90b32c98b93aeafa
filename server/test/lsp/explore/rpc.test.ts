// The exploration messages over JSON-RPC, on the built server: the capability, `star/getExplorations` and
// `star/applyExplorePoint` answer with a clear reason (never a crash) while a file has no explore item, and a saved
// file without one sends no exploration notification. (The front of a real explore item over JSON-RPC needs the
// explore syntax and the explorer: tests with both come with them.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { LspClient, ensureBuilt, sample } from '../harness.js';
import { ApplyExplorePointRequest, GetExplorationsRequest, ExplorationResultNotification, RunExplorationRequest } from '../../../src/protocol.js';

test('exploration requests over JSON-RPC', { timeout: 60_000 }, async () => {
  ensureBuilt();
  const c = await LspClient.start();
  try {
    const seen: unknown[] = [];
    c.connection.onNotification(ExplorationResultNotification.method, p => { seen.push(p); });
    const caps = c.initializeResult.capabilities.codeActionProvider as { codeActionKinds: string[] };
    assert.deepEqual(caps.codeActionKinds, ['quickfix', 'refactor.rewrite']);
    const uri = 'file:///rpc-explore.star';
    await c.open(uri, sample('star-bert-base-512.star'));
    await c.diagnostics(uri);
    await c.save(uri);
    assert.equal(await c.connection.sendRequest(GetExplorationsRequest.method, { uri }), null);
    assert.deepEqual(await c.connection.sendRequest(RunExplorationRequest.method, { uri }),
      { uri, version: 1, stale: false, running: false, explorations: [], error: 'The file has no explore item.' });
    assert.deepEqual(await c.connection.sendRequest(ApplyExplorePointRequest.method,
      { uri, version: 1, exploration: 'sizing', parameters: { 'core.sram.token': { label: '256 KB', value: 262144 } } }),
      { error: "No explore item named 'sizing' in the file: save it to explore again." });
    assert.deepEqual(await c.connection.sendRequest(ApplyExplorePointRequest.method, { uri: 'file:///not-open.star', version: 1, exploration: 'x', parameters: {} }),
      { error: 'file:///not-open.star is not open in the editor: open it, then apply.' });
    const actions = await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } }, context: { diagnostics: [], only: ['refactor'] } });
    assert.deepEqual(actions, []);
    const lenses = await c.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as Array<{ command?: { command: string } }>;
    assert.ok(lenses.every(l => l.command?.command !== 'star.showParetoFront'));
    assert.deepEqual(seen, [], 'no exploration notification for a file without explore items');
    assert.deepEqual(c.errors(), []);
  } finally { await c.stop(); }
});
