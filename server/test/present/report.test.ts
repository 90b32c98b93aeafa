// The report page: strict CSP with a nonce, names from the file shown as text, the breakdown as SVG bars.
import test from 'node:test';
import assert from 'node:assert/strict';
import { reportHtml, barChart, escapeHtml } from '../../src/present/report.js';
import { makeNonce } from '../../src/present/nonce.js';
import type { SimulationResultParams } from '../../src/protocolTypes.js';
import type { SimulationResult } from '../../src/sim/result.js';

const evil = '<img src=x onerror=alert(1)>';
const r: SimulationResult = {
  name: evil, mapping: evil, workload: 'w', chip: 'c', latencyMs: 2, tokensPerS: 2e6, effectiveGops: 100, energyMJ: 3,
  powerW: { core: 1, io: 0.5, dram: 2, total: 3.5 }, areaMm2: 5.7, gopsPerWCore: 10, gopsPerWDevice: 3, gopsPerMm2: 2,
  utilization: { dlzs: 0.5, sads: 0.25, kvgen: 0.1, sufa: 1 },
  engines: { dlzs: { busyMs: 1, utilization: 0.5 }, sads: { busyMs: 0.5, utilization: 0.25 }, kvgen: { busyMs: 0.2, utilization: 0.1 }, sufa: { busyMs: 2, utilization: 1 } },
  bottleneck: 'sufa', dramBytes: 1e6, nocBytes: 0,
  breakdown: [{ step: 'sparse software', speedup: 1.3 }, { step: `+ ${evil}`, speedup: 4 }],
  baselines: { a100: { speedup: 6, energyGain: 50 } }, functional: { topkRecall: 0.9, outputRelError: 0.02 },
  energyByComponentMJ: { sufa: 1.5 }, areaByComponentMm2: { sufa: 3 }, cores: [], links: [], dramChannels: [], notes: [evil],
};
const chip = { name: 'c', rows: 1, cols: 1, coreName: evil, singleCore: true, kvFlow: 'own' as const,
  partition: { heads: 'none', queries: 'none', kv: 'none' }, dramRouters: [], links: { engines: {} } };
const params: SimulationResultParams = { uri: 'file:///x.star', version: 3, stale: true, running: false, elapsedMs: 12,
  results: [{ simulation: r, chip, simulateLine: 4 }], error: `2 errors ${evil}` };

test('strict CSP with a nonce on every style and script; nothing remote', () => {
  const nonce = makeNonce();
  assert.match(nonce, /^[A-Za-z0-9]{32}$/);
  const html = reportHtml(params, 'x.star', nonce, 'vscode-webview://abc');
  assert.match(html, new RegExp(`default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'`));
  const tags = html.match(/<(script|style)\b[^>]*>/g) ?? [];
  assert.ok(tags.length >= 2);
  for (const t of tags) assert.ok(t.includes(`nonce="${nonce}"`), t);
  assert.ok(!/\sstyle=/.test(html), 'no inline style attributes (the CSP blocks them)');
  assert.ok(!/https?:\/\//.test(html.replace(/http-equiv/g, '')), 'no remote resources');
});

test('names from the file are text, never markup', () => {
  const html = reportHtml(params, evil, makeNonce());
  assert.ok(!html.includes('<img'), 'no img tag from file text');
  assert.ok(html.includes(escapeHtml(evil)));
  assert.match(html, /Stale: these are the last good results/);
});

test('the breakdown is drawn as bars whose widths follow the speedups', () => {
  const svg = barChart([{ label: 'a', value: 1, text: '1x' }, { label: 'b', value: 4, text: '4x' }]);
  const widths = [...svg.matchAll(/<rect [^>]*width="(\d+)"/g)].map(m => Number(m[1]));
  assert.equal(widths.length, 2);
  assert.equal(widths[1], 4 * widths[0]!);
  assert.equal(barChart([{ label: 'nan', value: Number.NaN, text: '?' }]), '');
  const html = reportHtml(params, 'x', makeNonce());
  assert.match(html, /Ablation: cumulative speedup over dense attention/);
  assert.ok(html.includes('sparse software'));
});

test('the ablation shows each step\'s own gain beside the cumulative one, with its DRAM traffic (issue 17)', () => {
  const steps = [
    { step: 'sparse software', speedup: 0.3, stepSpeedup: 0.3, dramBytes: 4 * 2 ** 30, dramSavedBytes: -2 * 2 ** 30 },
    { step: '+ RASS', speedup: 1.5, stepSpeedup: 5, dramBytes: 2 ** 30, dramSavedBytes: 3 * 2 ** 30 },
  ];
  const html = reportHtml({ ...params, results: [{ ...params.results[0]!, simulation: { ...r, breakdown: steps } }] }, 'x', makeNonce());
  assert.doesNotMatch(html, /gain of each step/, 'the cumulative figures are not titled as each step\'s gain');
  assert.match(html, /Ablation: each step's own gain and DRAM traffic/);
  assert.match(html, /<th>cumulative \(over dense\)<\/th><th>this step \(over the step before\)<\/th><th>DRAM traffic<\/th>/);
  assert.match(html, /<td>\+ RASS<\/td><td>1\.5x<\/td><td>5\.0x<\/td><td>1 GB<\/td><td>-75% \(-3 GB\)<\/td>/);
  assert.match(html, /<td>sparse software<\/td><td>0\.30x<\/td><td>0\.30x<\/td><td>4 GB<\/td><td>\+100% \(\+2 GB\)<\/td>/);
});

test('no results yet says how to get them', () => {
  assert.match(reportHtml(undefined, 'y.star', makeNonce()), /Save the file or run "STAR: Run Simulation"/);
});
