// The exploration flow over JSON-RPC with the real explorer (issue 14): save a design with an explore item, receive
// the front in star/explorationResult, ask for a front point's edit, apply it, save, and the ordinary simulation
// shows the very numbers the front showed for that point.
import test from 'node:test';
import assert from 'node:assert/strict';
import { sample, uriOf } from './harness.js';
import { SimClient } from './simulationClient.js';
import { ExplorationResultNotification, ApplyExplorePointRequest, type ExplorationResultParams } from '../../src/protocol.js';

const EXPLORE = `
explore sram_and_tile for star_4k {
  vary {
    core.sram.token = [128 KB, 192 KB, 256 KB]
    mapping.tiling.bc = [32, 64]
    workload.sparsity.top_k = [10 %, 20 %]
  }
  minimize latency, energy
  search = exhaustive
}
`;

function offsetAt(text: string, pos: { line: number; character: number }): number {
  let off = 0;
  for (let l = 0; l < pos.line; l++) off = text.indexOf('\n', off) + 1;
  return off + pos.character;
}

test('save -> front in star/explorationResult -> apply a point -> save -> the simulation shows the point\'s numbers', { timeout: 120_000 }, async () => {
  const c = await SimClient.start();
  const explorations: ExplorationResultParams[] = [];
  c.lsp.connection.onNotification(ExplorationResultNotification, (p: ExplorationResultParams) => { explorations.push(p); });
  try {
    const uri = uriOf('explore-flow.star');
    const text = sample('star-llama7b-4k.star') + EXPLORE;
    await c.lsp.open(uri, text);
    await c.fresh(uri, 1, 30_000);
    await c.lsp.save(uri);
    const deadline = Date.now() + 60_000;
    let done: ExplorationResultParams | undefined;
    while (!done && Date.now() < deadline) {
      done = explorations.find(p => p.uri === uri && !p.running && p.explorations[0]?.state === 'done');
      if (!done) await new Promise(r => setTimeout(r, 50));
    }
    assert.ok(done, `a finished front arrives (got ${explorations.map(p => p.explorations[0]?.state).join(', ')})`);
    const x = done.explorations[0]!;
    assert.equal(x.name, 'sram_and_tile');
    assert.equal(x.evaluated, 12, 'every point of the 3 x 2 x 2 space is evaluated');
    assert.ok(x.front.length >= 1 && x.front.length <= 12);
    // Each front point is non-dominated among the front (latency and energy, both minimised).
    for (const a of x.front) for (const b of x.front) {
      const dominates = b.metrics.latency! <= a.metrics.latency! && b.metrics.energy! <= a.metrics.energy!
        && (b.metrics.latency! < a.metrics.latency! || b.metrics.energy! < a.metrics.energy!);
      assert.ok(!dominates, `front point ${b.index} dominates ${a.index}`);
    }

    // The front point of lowest energy, applied and simulated.
    const point = [...x.front].sort((a, b) => a.metrics.energy! - b.metrics.energy!)[0]!;
    const r = await c.lsp.connection.sendRequest(ApplyExplorePointRequest, { uri, version: done.version, exploration: x.name, parameters: point.parameters });
    assert.ok(r.edits && !r.error, r.error);
    let edited = text;
    for (const e of [...r.edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start))) {
      edited = edited.slice(0, offsetAt(text, e.range.start)) + e.newText + edited.slice(offsetAt(text, e.range.end));
    }
    assert.notEqual(edited, text, 'the point differs from the written design (top_k 10 % saves energy), so the edit changes the text');
    for (const [path, v] of Object.entries(point.parameters)) assert.ok(edited.includes(v.label), `${path} = ${v.label} written`);
    const version = await c.lsp.change(uri, edited);
    await c.lsp.save(uri);
    const sim = (await c.fresh(uri, version, 30_000)).results[0]!.simulation;
    const close = (got: number, want: number, what: string) => assert.ok(Math.abs(got - want) <= 1e-9 * Math.abs(want), `${what}: simulated ${got}, front ${want}`);
    close(sim.latencyMs, point.metrics.latency!, 'latency (ms)');
    close(sim.energyMJ, point.metrics.energy!, 'energy (mJ)');
  } finally {
    await c.lsp.stop();
  }
});
