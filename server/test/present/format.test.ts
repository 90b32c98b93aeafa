// Formatting of simulation figures: the texts of inlay hints, the status bar and the report.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sig, formatMs, formatTokensPerS, formatMJ, formatW, formatBytes, formatPct, formatSpeedup } from '../../src/present/format.js';
import { headline, mappingLine } from '../../src/present/headline.js';
import { breakdownMarkdown, mdEscape } from '../../src/present/breakdown.js';
import type { SimulationResult } from '../../src/sim/result.js';

test('figures read like the issue example: 4.1 ms · 1.0 M tok/s · 12 mJ · 9.3x A100', () => {
  assert.equal(formatMs(4.1234), '4.1 ms');
  assert.equal(formatTokensPerS(1.0e6), '1.0 M tok/s');
  assert.equal(formatMJ(12.4), '12 mJ');
  assert.equal(formatSpeedup(9.31), '9.3x');
  assert.equal(formatMs(0.0421), '42 µs');
  assert.equal(formatMs(2500), '2.5 s');
  assert.equal(formatMJ(0.5), '500 µJ');
  assert.equal(formatW(0.94985), '950 mW');
  assert.equal(formatBytes(1.5e9), '1.4 GB');   // binary units, as the language reads GB
  assert.equal(formatPct(0.123), '12%');
  assert.equal(formatPct(0.05), '5.0%');
});

test('sig never prints NaN, Infinity or more than three digits before a unit prefix change', () => {
  fc.assert(fc.property(fc.double({ min: 1e-9, max: 1e12, noNaN: true }), x => {
    const s = formatMs(x);
    assert.match(s, /^\d+(\.\d+)? (s|ms|µs|ns)$/);
    const n = Number(s.split(' ')[0]);
    assert.ok(n < 1000 || s.endsWith(' s'), s);
  }));
  assert.equal(sig(Number.NaN), '?');
  assert.equal(sig(Number.POSITIVE_INFINITY), '?');
});

const result: SimulationResult = {
  name: 'm<b>', mapping: 'm<b>', workload: 'w', chip: 'c', latencyMs: 4.1, tokensPerS: 1e6, effectiveGops: 3000,
  energyMJ: 12, powerW: { core: 0.95, io: 0.53, dram: 1.92, total: 3.4 }, areaMm2: 5.69, gopsPerWCore: 1000,
  gopsPerWDevice: 300, gopsPerMm2: 500, utilization: { dlzs: 0.4, sads: 0.3, kvgen: 0.6, sufa: 0.9 },
  engines: { dlzs: { busyMs: 1.6, utilization: 0.4 }, sads: { busyMs: 1.2, utilization: 0.3 }, kvgen: { busyMs: 2.5, utilization: 0.6 }, sufa: { busyMs: 3.7, utilization: 0.9 } },
  bottleneck: 'sufa', dramBytes: 2e8, nocBytes: 0, breakdown: [{ step: 'sparse software', speedup: 1.4 }, { step: '+ DLZS', speedup: 2.2 }],
  baselines: { a100: { speedup: 9.3, energyGain: 70 } }, functional: { topkRecall: 0.95, outputRelError: 0.01 },
  energyByComponentMJ: {}, areaByComponentMm2: {}, cores: [], links: [], dramChannels: [], notes: [],
};

test('headline and mapping line', () => {
  assert.equal(headline(result), '4.1 ms · 1.0 M tok/s · 12 mJ · 9.3x A100');
  assert.equal(mappingLine(result), 'bottleneck sufa · DRAM 190.73 MB · NoC 0 B');
});

test('breakdown markdown has the ablation steps and escapes names from the file', () => {
  const md = breakdownMarkdown(result);
  assert.match(md, /\| ablation step \| cumulative \(over dense\) \| this step \(over the step before\) \| DRAM traffic \| DRAM vs the step before \|/);
  assert.match(md, /\| \\\+ DLZS \| 2\.2x \| 1\.6x \| - \| - \|/);   // an older result without traffic: own gain from the ratio
  assert.match(md, /\| A100 \| 9\.3x \| 70x \|/);
  assert.ok(!md.includes('<b>'), 'a name from the file must not become markup');
  const withTraffic = breakdownMarkdown({ ...result, breakdown: [
    { step: 'sparse software', speedup: 0.5, stepSpeedup: 0.5, dramBytes: 3 * 2 ** 20, dramSavedBytes: -(2 ** 20) },
    { step: '+ SU-FA', speedup: 0.5, stepSpeedup: 1, dramBytes: 3 * 2 ** 20, dramSavedBytes: 0 },
  ] });
  assert.match(withTraffic, /\| sparse software \| 0\.50x \| 0\.50x \| 3 MB \| \+50% \(\+1 MB\) \|/);
  assert.match(withTraffic, /\| \\\+ SU\\-FA \| 0\.50x \| 1\.0x \| 3 MB \| same \|/);
  assert.equal(mdEscape('a|b'), 'a\\|b');
});
