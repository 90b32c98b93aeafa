// Simulation on save, over JSON-RPC against the built server (dist/server/server.js --stdio): the result
// notification and the inlay hints carry what `star-sim --json` prints for the same file; a newer save cancels a
// long run; a file with errors keeps the last results, marked stale; completion answers during a long run.
// Long runs come from STAR_SIM_TEST_DELAY_MS (test-only: the worker busy-waits before each simulation).
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, sample, uriOf, positionAt } from './harness.js';
import { SimClient, hintLabel, starSimJson } from './simulationClient.js';
import { headline, mappingLine, hardwareLine } from '../../src/present/headline.js';
import { formatSpeedup } from '../../src/present/format.js';
import { analyze } from '../../src/language/index.js';
import { meshDiagnostics } from '../../src/sim/spatial/checks.js';

const single = 'star-llama7b-4k.star';
const mesh = 'spatial-4x4-llama7b-64k.star';

async function until(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

function lineOf(text: string, re: RegExp): number {
  const m = re.exec(text);
  assert.ok(m, `${re} not found`);
  return positionAt(text, m.index).line;
}

test('save a sample: the notification and the inlay hints equal star-sim --json', async () => {
  const c = await SimClient.start();
  try {
    const uri = uriOf(single);
    const text = sample(single);
    await c.lsp.open(uri, text);
    await c.fresh(uri, 1);                     // on open
    const since = c.results.length;
    await c.lsp.save(uri);
    const p = await c.fresh(uri, 1, 30_000, since);   // on save
    const cli = starSimJson(join(root, 'samples', single));
    assert.equal(p.results.length, cli.simulations.length);
    assert.ok(p.results.length > 0, 'the sample simulates something');
    p.results.forEach((r, i) => assert.deepEqual(r.simulation, cli.simulations[i]));
    await c.refreshAfter(c.receivedAt[c.results.indexOf(p)]!);   // inlay hints refreshed after this run's result

    const hints = await c.inlayHints(uri);
    const labels = hints.map(h => ({ line: h.position.line, label: hintLabel(h) }));
    const simLine = lineOf(text, /^[ \t]*simulate\b/m);
    const sim0 = cli.simulations[0]!;
    assert.deepEqual(labels.filter(h => h.line === simLine).map(h => h.label), [headline(sim0)]);
    assert.ok(/\d/.test(headline(sim0)) && /tok\/s/.test(headline(sim0)));
    const mapLine = lineOf(text, /^[ \t]*mapping\b/m);
    assert.deepEqual(labels.filter(h => h.line === mapLine).map(h => h.label), [mappingLine(sim0)]);
    const coreLine = lineOf(text, /^[ \t]*core\b/m);
    assert.deepEqual(labels.filter(h => h.line === coreLine).map(h => h.label), [hardwareLine(sim0)]);
    // Hover on a hint: the full breakdown with the ablation steps.
    const simHint = hints.find(h => h.position.line === simLine)!;
    const tip = typeof simHint.tooltip === 'string' ? simHint.tooltip : simHint.tooltip?.value ?? '';
    assert.match(tip, /\| ablation step \| cumulative \(over dense\) \| this step \(over the step before\) \| DRAM traffic \|/);
    // each step as the report prints it (two significant digits below 1x)
    for (const s of sim0.breakdown) assert.ok(tip.includes(`| ${formatSpeedup(s.speedup)} |`), `${s.step}: ${formatSpeedup(s.speedup)}`);

    const lenses = await c.codeLenses(uri);
    assert.ok(lenses.some(l => l.command?.command === 'star.showReport' && l.range.start.line === simLine));
    assert.ok(lenses.some(l => l.command?.command === 'star.runSimulation'));

    // The ChipView points back at the blocks that define the chip, core and mapping.
    const chip = p.results[0]!.chip;
    assert.equal(chip.rows * chip.cols, 1);
    assert.equal(chip.links.mapping?.range.start.line, mapLine);
    assert.equal(chip.links.core?.range.start.line, coreLine);
    for (const k of ['dlzs', 'sads', 'kvgen', 'sufa', 'sram'] as const) {
      const l = chip.links.engines[k];
      assert.ok(l, `engine link ${k}`);
      assert.match(text.split('\n')[l.range.start.line]!, new RegExp(`\\b${k}\\b`));
    }
    assert.equal(p.results[0]!.simulateLine, simLine);

    // Simulation diagnostics agree with the figures: an engine under 20% busy gets one, others do not.
    await new Promise(r => setTimeout(r, 200));
    const simDiags = (c.diagnostics.get(uri) ?? []).filter(d => d.source === 'simulation');
    for (const k of ['dlzs', 'sads', 'kvgen', 'sufa'] as const) {
      const flagged = simDiags.some(d => d.code === 'engine-underused' && d.message.startsWith(`${k} `));
      assert.equal(flagged, sim0.utilization[k] < 0.2 && sim0.bottleneck !== k, `${k} at ${sim0.utilization[k]}`);
    }
  } finally {
    assert.equal(await c.stop(), 0);
  }
});

test('a second save during a long run cancels the first; the long run shows cancellable progress', async () => {
  const c = await SimClient.start({ delayMs: 1500 });
  try {
    const uri = uriOf(single);
    const text = sample(single);
    await c.lsp.open(uri, text);              // run for version 1 starts
    await until(() => c.progress.some(p => p.value.kind === 'begin'), 'work-done progress for a run longer than 0.5 s');
    assert.ok(c.progressTokens.length >= 1, 'a run longer than 0.5 s creates work-done progress');
    const begin = c.progress.find(p => p.value.kind === 'begin');
    assert.equal(begin?.value.cancellable, true);
    const v2 = await c.lsp.change(uri, `${text}\n// edited\n`);
    await c.lsp.save(uri);                    // supersedes version 1
    const p = await c.fresh(uri, v2, 30_000, 0);
    assert.ok(p.results.length > 0);
    assert.ok(!c.results.some(r => r.version === 1 && !r.stale && r.results.length > 0),
      'the cancelled run for version 1 never published results');
    assert.ok(c.progress.some(x => x.token === begin!.token && x.value.kind === 'end'), 'the cancelled run ended its progress');
  } finally {
    await c.stop();
  }
});

test('cancel from the editor: window/workDoneProgress/cancel stops the run, the last results stay', async () => {
  const c = await SimClient.start({ delayMs: 3000 });
  try {
    const uri = uriOf(single);
    await c.lsp.open(uri, sample(single));
    await until(() => c.progress.some(p => p.value.kind === 'begin'), 'work-done progress');
    const token = c.progressTokens.at(-1);
    assert.ok(token !== undefined, 'progress was created');
    const t0 = performance.now();
    await c.lsp.connection.sendNotification('window/workDoneProgress/cancel', { token });
    const p = await c.next(r => r.uri === uri && !r.running && r.error === 'simulation cancelled', 10_000, 0);
    assert.ok(performance.now() - t0 < 2500, 'cancelled before the 3 s run would have ended');
    assert.equal(p.results.length, 0);
    // The worker was replaced: the next run works.
    const q = await c.runSimulation(uri);
    assert.ok(q && q.results.length > 0 && !q.stale);
  } finally {
    await c.stop();
  }
});

test('a file with errors is not simulated and keeps the last results, marked stale', async () => {
  const c = await SimClient.start();
  try {
    const uri = uriOf(single);
    const text = sample(single);
    await c.lsp.open(uri, text);
    const good = await c.fresh(uri, 1);
    const since = c.results.length;
    const broken = text.replace(/^([ \t]*mapping\s+\w+\s+for\s+)(\w+)/m, '$1no_such_workload');
    assert.notEqual(broken, text, 'the sample has a mapping to break');
    const v2 = await c.lsp.change(uri, broken);
    await c.lsp.save(uri);
    const p = await c.next(r => r.uri === uri && r.stale && !!r.error && /error/.test(r.error), 10_000, since);
    assert.deepEqual(p.results, good.results, 'the last good results stay');
    assert.equal(p.version, 1);
    const hints = await c.inlayHints(uri);
    assert.ok(hints.length > 0 && hints.every(h => hintLabel(h).startsWith('stale · ')), 'hints say they are stale');
    assert.ok(v2 > 1);
  } finally {
    await c.stop();
  }
});

test('completion answers while a long simulation runs', async () => {
  const c = await SimClient.start({ delayMs: 1500 });
  try {
    const uri = uriOf(single);
    const text = `${sample(single)}\n`;      // completion at the end of the file offers the top-level keywords
    await c.lsp.open(uri, text);
    await new Promise(r => setTimeout(r, 200));
    assert.equal(c.results.filter(r => !r.running && r.results.length).length, 0, 'the run is still going');
    const at = text.length;
    const items = await c.lsp.completion(uri, at);
    const answeredDuringRun = c.results.filter(r => !r.running && r.results.length).length === 0;
    assert.ok(items.length > 0, 'completion has items');
    assert.ok(answeredDuringRun, 'completion answered before the simulation finished');
    await c.fresh(uri, 1);
  } finally {
    await c.stop();
  }
});

test('with star.simulation.onSave off nothing runs on save; the command still does', async () => {
  const c = await SimClient.start({ onSave: false });
  try {
    const uri = uriOf(single);
    await c.lsp.open(uri, sample(single));
    await c.lsp.save(uri);
    await new Promise(r => setTimeout(r, 600));
    assert.equal(c.results.length, 0);
    const p = await c.runSimulation(uri);
    assert.ok(p && p.results.length > 0 && !p.stale);
    assert.equal(c.results.at(-1)?.version, 1);
  } finally {
    await c.stop();
  }
});

test('a mesh sample: ChipView has the mesh, KV flow, DRAM routers and links to the blocks', async () => {
  const c = await SimClient.start();
  try {
    const uri = uriOf(mesh);
    const text = sample(mesh);
    await c.lsp.open(uri, text);
    const p = await c.fresh(uri, 1, 60_000);
    const cli = starSimJson(join(root, 'samples', mesh));
    p.results.forEach((r, i) => assert.deepEqual(r.simulation, cli.simulations[i]));
    const chip = p.results[0]!.chip;
    assert.equal(chip.rows, 4);
    assert.equal(chip.cols, 4);
    assert.equal(chip.singleCore, false);
    assert.ok(['own', 'multicast', 'ring'].includes(chip.kvFlow));
    assert.ok(chip.dramRouters.length > 0);
    for (const [r, col] of chip.dramRouters) assert.ok(r >= 0 && r < 4 && col >= 0 && col < 4);
    assert.equal(chip.links.chip?.range.start.line, lineOf(text, /^[ \t]*chip\b/m));
    const hints = await c.inlayHints(uri);
    const chipHint = hints.find(h => h.position.line === lineOf(text, /^[ \t]*chip\b/m));
    assert.ok(chipHint && hintLabel(chipHint).startsWith('4 x 4 · '));
    // The spatial model's mesh checks arrive with the run, merged as simulation diagnostics.
    const expected = meshDiagnostics(analyze(text).design).map(d => d.message).sort();
    await until(() => (c.diagnostics.get(uri) ?? []).filter(d => d.code === 'link-bandwidth-low').length === expected.length, 'mesh checks');
    const got = (c.diagnostics.get(uri) ?? []).filter(d => d.code === 'link-bandwidth-low');
    assert.deepEqual(got.map(d => d.message).sort(), expected);
    assert.ok(got.every(d => d.source === 'simulation'));
  } finally {
    await c.stop();
  }
});

test('a failed run turns the server status to error with the fault; errors in the file and a good run do not', async () => {
  const faulty = 'bert_on_star';
  const c = await SimClient.start({ fault: faulty });
  try {
    const bert = uriOf('star-bert-base-512.star');
    const text = sample('star-bert-base-512.star');
    assert.match(text, new RegExp(`^simulate ${faulty}\\b`, 'm'));
    await c.lsp.open(bert, text);
    const failed = await c.next(r => r.uri === bert && !r.running && !!r.failed);
    assert.match(failed.error ?? '', /failed: test fault/);
    assert.match(failed.error ?? '', /internal fault of the simulator, not an error in the file/, 'a failed run is never the file\'s fault, and says so');
    await until(() => c.statuses.some(s => s.uri === bert && s.state === 'error'), 'an error status');
    const error = c.statuses.find(s => s.uri === bert && s.state === 'error')!;
    assert.match(error.message ?? '', /test fault/);
    assert.equal(c.statuses.filter(s => s.uri === bert && s.state === 'ready').length, 0, 'a failed run never reports ready');

    // Errors in the file are not a fault: the status is ready (the Problems panel shows the errors).
    const broken = text.replace(/^([ \t]*mapping\s+\w+\s+for\s+)(\w+)/m, '$1no_such_workload');
    assert.notEqual(broken, text);
    const seen = c.statuses.length;
    await c.lsp.change(bert, broken);
    await c.lsp.save(bert);
    const stale = await c.next(r => r.uri === bert && r.stale && /error/.test(r.error ?? '') && !r.failed);
    assert.equal(stale.failed, undefined);
    await until(() => c.statuses.slice(seen).some(s => s.uri === bert), 'a status after the broken save');
    assert.deepEqual(c.statuses.slice(seen).filter(s => s.uri === bert).map(s => s.state), ['ready']);

    // Another file simulates as usual through the same server: ready, with a headline.
    const llama = uriOf(single);
    await c.lsp.open(llama, sample(single));
    await c.fresh(llama, 1);
    await until(() => c.statuses.some(s => s.uri === llama && s.state === 'ready' && !!s.headline), 'a ready status with a headline');
  } finally {
    await c.stop();
  }
});
