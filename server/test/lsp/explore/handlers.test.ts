// The editor side of explorations without a server: the apply edit (refusals named, only listed labels written),
// then the ordinary simulation of the edited file gives the numbers the explorer got for that point (the same
// simulator on the model with the point's values); the code lens line; the "Apply ..." code actions.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../../src/language/index.js';
import { simulate } from '../../../src/sim/index.js';
import type { Exploration } from '../../../src/model/explore.js';
import type { Simulation } from '../../../src/model/design.js';
import type { ExplorationResultParams } from '../../../src/protocolTypes.js';
import { applyExplorePoint, exploreLenses, exploreCodeActions } from '../../../src/lsp/explore/handlers.js';
import { toView } from '../../../src/lsp/explore/engine.js';

const KB = 1024;
const text = readFileSync(join(__dirname, '../../../../samples/spatial-4x4-llama7b-64k.star'), 'utf8');
const uri = 'file:///w/spatial.star';

/** The sample with one explore item over its simulate, as the checker will hand it (its span: the simulate line). */
function analyzed(t: string) {
  const a = analyze(t);
  const sim = a.design.simulations[0]!;
  const x: Exploration = {
    name: 'sizing', simulation: sim, span: sim.span,
    parameters: [
      { path: 'core.sufa.array', values: [{ rows: 128, cols: 4 }, { rows: 128, cols: 8 }], labels: ['128 x 4', '128 x 8'] },
      { path: 'core.sram.token', values: [192 * KB, 256 * KB], labels: ['192 KB', '256 KB'] },
      { path: 'chip.dram.channels', values: [8, 32], labels: ['8', '32'] },
    ],
    objectives: [{ metric: 'latency', sense: 'min' }, { metric: 'area', sense: 'min' }], constraints: [], search: { kind: 'exhaustive' }, points: 8,
  };
  a.design.explorations = [x];
  return { a, x };
}

/** What the explorer evaluates: the explored simulation with the point's values put into its model. */
function evaluatePoint(sim: Simulation, pick: { array: { rows: number; cols: number }; token: number; channels: number }) {
  const s = structuredClone(sim);
  s.mapping.chip.core.sufa.rows = pick.array.rows; s.mapping.chip.core.sufa.cols = pick.array.cols;
  s.mapping.chip.core.sram.tokenBytes = pick.token;
  s.mapping.chip.dram.channels = pick.channels;
  const r = simulate(s);
  return { latency: r.latencyMs, energy: r.energyMJ, area: r.areaMm2 };
}

test('apply over the handler: the edit, then the ordinary simulation gives the explorer\'s numbers for the point', () => {
  const doc = TextDocument.create(uri, 'star', 5, text);
  const { a, x } = analyzed(text);
  const pick = { array: { rows: 128, cols: 8 }, token: 256 * KB, channels: 32 };
  const expected = evaluatePoint(x.simulation, pick);
  const parameters = { 'core.sufa.array': { label: '128 x 8', value: pick.array }, 'core.sram.token': { label: '256 KB', value: pick.token },
    'chip.dram.channels': { label: '32', value: 32 } };
  const r = applyExplorePoint(doc, a, { uri, version: 5, exploration: 'sizing', parameters });
  assert.equal(r.error, undefined);
  assert.deepEqual(r.summary, ['core star: sufa.array = 128 x 8', 'core star: sram.token = 256 KB', 'chip spatial_4x4: dram.channels = 32']);
  const edited = TextDocument.applyEdits(doc, r.edits!);
  const after = analyze(edited);
  // No error; a warning the point itself earns (a faster core outruns the ring's links) is the checker's business.
  assert.deepEqual(after.diagnostics.filter(d => d.severity === 'error').map(d => d.code), []);
  const got = simulate(after.design.simulations[0]!);
  assert.deepEqual({ latency: got.latencyMs, energy: got.energyMJ, area: got.areaMm2 }, expected);
  const base = simulate(a.design.simulations[0]!);
  assert.notEqual(base.areaMm2, got.areaMm2, 'the point is a different design from the file as it was');
});

test('apply over the handler: refusals name the reason and the fix', () => {
  const doc = TextDocument.create(uri, 'star', 5, text);
  const { a } = analyzed(text);
  const ok = { 'core.sram.token': { label: '256 KB', value: 256 * KB } };
  assert.match(applyExplorePoint(doc, a, { uri, version: 4, exploration: 'sizing', parameters: ok }).error!, /changed since .*version 4, now 5.*save it/);
  assert.match(applyExplorePoint(doc, a, { uri, version: 5, exploration: 'other', parameters: ok }).error!, /No explore item named 'other'/);
  assert.match(applyExplorePoint(doc, a, { uri, version: 5, exploration: 'sizing', parameters: { 'core.sram.weight': { label: '1 KB', value: 1024 } } }).error!,
    /'core\.sram\.weight' is not varied by explore sizing/);
  // Text that is not one of the item's own values is never written (the view is not trusted with source text).
  assert.match(applyExplorePoint(doc, a, { uri, version: 5, exploration: 'sizing', parameters: { 'core.sram.token': { label: '1 KB } evil {', value: 1 } } }).error!,
    /is not a value explore sizing lists for core\.sram\.token/);
  const bad = analyze('core star { rass = 5 }');
  assert.match(applyExplorePoint(TextDocument.create(uri, 'star', 1, 'core star { rass = 5 }'), bad, { uri, version: 1, exploration: 'sizing', parameters: ok }).error!,
    /Fix the 1 error in the file first/);
});

test('code lens and code actions on the explore line from the latest fronts', () => {
  const doc = TextDocument.create(uri, 'star', 5, text);
  const { a, x } = analyzed(text);
  const points = [
    { parameters: { 'core.sufa.array': { rows: 128, cols: 4 }, 'core.sram.token': 192 * KB, 'chip.dram.channels': 8 }, metrics: { latency: 9, area: 3 } },
    { parameters: { 'core.sufa.array': { rows: 128, cols: 8 }, 'core.sram.token': 256 * KB, 'chip.dram.channels': 32 }, metrics: { latency: 4, area: 6 } },
  ];
  const view = toView(x, { name: 'sizing', objectives: ['latency', 'area'], space: { points: 8 }, evaluated: 1_200_000, feasible: 900_000,
    seconds: 1.1, evaluationsPerS: 1.09e6, hypervolume: 10, front: points }, 44);
  assert.deepEqual(view.front[1]!.parameters['core.sufa.array'], { label: '128 x 8', value: { rows: 128, cols: 8 } });
  // An engine that reports a label instead of the value is matched by the label.
  const byLabel = toView(x, { name: 'sizing', objectives: ['latency'], space: { points: 8 }, evaluated: 1, feasible: 1, seconds: 0, evaluationsPerS: 0,
    hypervolume: 0, front: [{ parameters: { 'core.sufa.array': '128 x 8' }, metrics: { latency: 1 } }] }, 0);
  assert.deepEqual(byLabel.front[0]!.parameters['core.sufa.array'], { label: '128 x 8', value: { rows: 128, cols: 8 } });
  assert.deepEqual(byLabel.objectives, [{ metric: 'latency', sense: 'min' }]);
  const state: ExplorationResultParams = { uri, version: 5, stale: false, running: false, explorations: [view] };
  const lenses = exploreLenses(doc, state);
  assert.deepEqual(lenses.map(l => [l.range.start.line, l.command?.title, l.command?.command]),
    [[44, '$(graph-scatter) front 2 · 1.2 M designs in 1.1 s · best 4.0 ms / 3.0 mm²', 'star.showParetoFront']]);

  const line = doc.positionAt(x.span!.start).line;
  const actions = exploreCodeActions(doc, a, state, { start: { line, character: 3 }, end: { line, character: 3 } });
  assert.deepEqual(actions.map(c => c.title), [
    'Apply point #1 of sizing (best latency: 4.0 ms): core.sufa.array = 128 x 8, core.sram.token = 256 KB, chip.dram.channels = 32',
    'Apply point #0 of sizing (best area: 3.0 mm²): core.sufa.array = 128 x 4, core.sram.token = 192 KB, chip.dram.channels = 8',
  ]);
  const edited = TextDocument.applyEdits(doc, actions[0]!.edit!.changes![uri]!);
  assert.match(edited, /sufa  \{ array = 128 x 8,/);
  assert.deepEqual(exploreCodeActions(doc, a, state, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), [], 'only on the explore item');
  assert.deepEqual(exploreCodeActions(doc, a, { ...state, stale: true }, { start: { line, character: 3 }, end: { line, character: 3 } }), [], 'not from a stale front');
});
