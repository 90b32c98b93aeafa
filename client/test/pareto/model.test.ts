// The Pareto view's pure parts: metrics offered, sort order with its tie rule, colour scale ends, nearest point,
// and the summary line of the code lens.
import test from 'node:test';
import assert from 'node:assert/strict';
import { plottableMetrics, defaultAxes, sortPoints, colourAt, nearest, padded, columns, factsLine } from '../../webview/pareto/model.js';
import { summaryLine, formatMetric } from '../../../server/src/present/paretoText.js';
import { makeExploration } from './fixtures.js';

test('pareto model: objectives first, defaults, columns', () => {
  const x = makeExploration();
  assert.deepEqual(plottableMetrics(x), ['latency', 'energy', 'area', 'power', 'topk_recall']);
  assert.deepEqual(defaultAxes(x), { x: 'latency', y: 'energy', colour: 'area' });
  assert.deepEqual(columns(x).slice(0, 4), [{ kind: 'parameter', path: 'core.sufa.array' }, { kind: 'parameter', path: 'core.sram.token' },
    { kind: 'parameter', path: 'mapping.tiling.bc' }, { kind: 'metric', name: 'latency' }]);
});

test('pareto model: sort by a metric, by a parameter\'s value (not its label text), ties by index', () => {
  const x = makeExploration();
  const byLatency = sortPoints(x.front, { kind: 'metric', name: 'latency' }, false).map(p => p.metrics.latency);
  assert.deepEqual(byLatency, [...byLatency].sort((a, b) => a - b));
  // 128 KB before 512 KB although "512" < "128" is false either way; 64 KB vs 128 KB would sort wrongly as text.
  const bySram = sortPoints(x.cloud, { kind: 'parameter', path: 'core.sram.token' }, true);
  const vals = bySram.map(p => p.parameters['core.sram.token'].value as number);
  assert.deepEqual(vals, [...vals].sort((a, b) => b - a));
  for (let i = 1; i < bySram.length; i++) if (vals[i] === vals[i - 1]) assert.ok(bySram[i].index > bySram[i - 1].index, 'ties by index');
  const byArray = sortPoints(x.cloud, { kind: 'parameter', path: 'core.sufa.array' }, false).map(p => p.parameters['core.sufa.array'].label);
  assert.equal(byArray[0], '128 x 4');
  assert.equal(byArray.at(-1), '256 x 8');
});

test('pareto model: colour scale, padding, nearest point', () => {
  assert.equal(colourAt(0), 'rgb(68, 1, 84)');
  assert.equal(colourAt(1), 'rgb(253, 231, 37)');
  assert.equal(colourAt(Number.NaN), colourAt(0));
  assert.deepEqual(padded([10, 20]), [9.5, 20.5]);
  assert.deepEqual(padded([5, 5]), [4.75, 5.25]);
  assert.equal(nearest([0, 10, 20], [0, 0, 0], 11, 1, 8), 1);
  assert.equal(nearest([0, 10, 20], [0, 0, 0], 40, 0, 8), -1);
});

test('summary line of the code lens', () => {
  const x = makeExploration('sizing', { evaluated: 1_234_567, seconds: 1.1 });
  assert.match(summaryLine(x), /^front 18 · 1\.2 M designs in 1\.1 s · best \d+ ms \/ \d+ mJ \/ 4\.6 mm²$/);
  assert.equal(summaryLine({ ...x, state: 'running', done: 0.42, evaluated: 12_000, evaluationsPerS: 950_000, front: [] }), 'exploring 42% · 12 k designs · 950 k/s');
  assert.equal(summaryLine({ ...x, front: [] }), 'front 0 · 1.2 M designs in 1.1 s · no feasible design');
  assert.equal(summaryLine({ ...x, state: 'error', error: 'boom' }), 'exploration failed: boom');
  assert.equal(formatMetric(0.875, ''), '88%');
  assert.equal(formatMetric(3 * 1024 ** 3, 'B'), '3 GB');
  assert.equal(formatMetric(Number.NaN, 'ms'), '–');
});

test('facts line: hypervolume with its reference, generations, functional statistics, infeasible reasons', () => {
  const x = makeExploration('sizing', { hvPerGeneration: [100, 900, 1234.5], functional: { distinct: 12, seconds: 0.31 },
    infeasible: { 'area > 12 mm2': 40, 'sram-overflow': 7, 'power > 6 W': 40, 'topk_recall < 0.7': 1 } });
  assert.equal(factsLine(x), 'hypervolume 1.23e+3 against (100 ms, 200 mJ, 20 mm²) · 3 generations, hypervolume 100 -> 1.23e+3 · '
    + '12 distinct functional statistics (0.31 s) · infeasible: area > 12 mm2 (40), power > 6 W (40), sram-overflow (7), …');
  assert.equal(factsLine({ ...x, reference: [], hvPerGeneration: undefined, functional: undefined, infeasible: undefined }), 'hypervolume 1.23e+3');
});
