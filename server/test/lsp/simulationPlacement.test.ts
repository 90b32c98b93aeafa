// Where simulation figures and findings land in the current text: blocks are found again by name after edits,
// and each finding goes on the line responsible for it. The figures here are hand-made inputs to the placement
// logic (thresholds at 20% and 90%), not simulator output.
import test from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../src/language/parser.js';
import { anchors, simulationDiagnostics, lineEndAt } from '../../src/lsp/simulation/placement.js';
import { headline, mappingLine } from '../../src/present/headline.js';
import type { SimulationEntry } from '../../src/lsp/simulation/workerApi.js';
import type { SimulationResult } from '../../src/sim/result.js';

const text = `core star {
  dlzs  { array = 128 x 32 }
  sads  { sorters = 128, width = 16 to 4, radius = 4 }
  kvgen { array = 128 x 4, bits = 16 }
  sufa  { array = 128 x 4, bits = 16 }
}
chip mesh4 {
  mesh = 4 x 4 of star
  noc  { link_bandwidth = 64 GB/s }
  dram { kind = HBM2, channels = 16, bandwidth = 512 GB/s, attach = edges }
}
mapping m for w on mesh4 {
  tiling { bc = 64 }
}
simulate m against a100
`;

function result(over: Partial<SimulationResult>): SimulationResult {
  return {
    name: 'm', mapping: 'm', workload: 'w', chip: 'mesh4', latencyMs: 1, tokensPerS: 1e6, effectiveGops: 1, energyMJ: 1,
    powerW: { core: 1, io: 1, dram: 1, total: 3 }, areaMm2: 91, gopsPerWCore: 1, gopsPerWDevice: 1, gopsPerMm2: 1,
    utilization: { dlzs: 0.5, sads: 0.5, kvgen: 0.5, sufa: 0.9 },
    engines: { dlzs: { busyMs: 0.5, utilization: 0.5 }, sads: { busyMs: 0.5, utilization: 0.5 }, kvgen: { busyMs: 0.5, utilization: 0.5 }, sufa: { busyMs: 0.9, utilization: 0.9 } },
    bottleneck: 'sufa', dramBytes: 1e6, nocBytes: 1e6, breakdown: [], baselines: { a100: { speedup: 5, energyGain: 40 } },
    functional: { topkRecall: 1, outputRelError: 0 }, energyByComponentMJ: {}, areaByComponentMm2: {},
    cores: [], links: [], dramChannels: [], notes: [], ...over,
  };
}
function entry(r: SimulationResult): SimulationEntry {
  return { simulation: r, simulateLine: 14, chip: { name: 'mesh4', rows: 4, cols: 4, coreName: 'star', singleCore: false, kvFlow: 'ring',
    partition: { heads: 'rows', queries: 'cols', kv: 'none' }, dramRouters: [[0, 0]], links: { engines: {} } } };
}
const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;

test('hints sit at the end of the simulate, mapping, chip and core header lines', () => {
  const file = parse(text);
  const r = result({});
  const a = anchors(file, text, [entry(r)], false);
  const byKind = Object.fromEntries(a.map(x => [x.kind, x]));
  assert.equal(lineOf(byKind.simulate!.lineEnd), 14);
  assert.equal(byKind.simulate!.label, headline(r));
  assert.equal(lineOf(byKind.mapping!.lineEnd), 11);
  assert.equal(byKind.mapping!.label, mappingLine(r));
  assert.equal(lineOf(byKind.chip!.lineEnd), 6);
  assert.match(byKind.chip!.label, /^4 x 4 · /);
  assert.equal(lineOf(byKind.core!.lineEnd), 0);
  assert.match(byKind.core!.label, /per core/);
  assert.equal(byKind.simulate!.lineEnd, lineEndAt(text, text.indexOf('simulate')));
  assert.ok(anchors(file, text, [entry(r)], true).every(x => x.label.startsWith('stale · ')));
});

test('after an edit above, the hints follow the blocks by name', () => {
  const edited = `// a new first line\n\n${text}`;
  const a = anchors(parse(edited), edited, [entry(result({}))], true);
  const sim = a.find(x => x.kind === 'simulate')!;
  assert.equal(edited.slice(0, sim.lineEnd).split('\n').length - 1, 16);
});

test('an engine under 20% gets information on its sub-block; 20% and over does not', () => {
  const file = parse(text);
  const d = simulationDiagnostics(file, [entry(result({ utilization: { dlzs: 0.19, sads: 0.2, kvgen: 0.5, sufa: 0.9 } }))]);
  const under = d.filter(x => x.code === 'engine-underused');
  assert.equal(under.length, 1);
  assert.equal(under[0]!.severity, 'info');
  assert.equal(lineOf(under[0]!.span.start), 1);
  assert.match(under[0]!.message, /^dlzs is busy only 19%/);
});

test('a link above 90% warns on the noc block; DRAM above 90% on the dram block; 90% itself does not', () => {
  const file = parse(text);
  const links = [{ from: [0, 0] as [number, number], to: [0, 1] as [number, number], bytes: 1e6, utilization: 0.95 },
                 { from: [0, 1] as [number, number], to: [0, 2] as [number, number], bytes: 1e6, utilization: 0.9 }];
  const dramChannels = [{ router: [0, 0] as [number, number], bytes: 1e6, utilization: 0.97 }];
  const d = simulationDiagnostics(file, [entry(result({ links, dramChannels }))]);
  const link = d.find(x => x.code === 'link-saturated')!;
  assert.equal(link.severity, 'warning');
  assert.equal(lineOf(link.span.start), 8);
  assert.match(link.message, /^1 link is above 90% busy/);
  assert.match(link.message, /\(0,0\)→\(0,1\)/);
  assert.equal(lineOf(d.find(x => x.code === 'dram-saturated')!.span.start), 9);
  assert.equal(simulationDiagnostics(file, [entry(result({ links: [links[1]!] }))]).filter(x => x.code === 'link-saturated').length, 0);
});

test('memory-bound and load imbalance land on the mapping', () => {
  const file = parse(text);
  const low = { dlzs: 0.1, sads: 0.1, kvgen: 0.1, sufa: 0.15 };
  const cores = [0.5, 0.5, 0.5, 2].map((busyMs, i) => ({ row: 0, col: i, utilization: 0.5, busyMs }));
  const d = simulationDiagnostics(file, [entry(result({ utilization: low, bottleneck: 'dram', cores }))]);
  const mb = d.find(x => x.code === 'memory-bound')!;
  assert.equal(lineOf(mb.span.start), 11);
  assert.equal(d.find(x => x.code === 'load-imbalance')?.severity, 'info');
  assert.equal(simulationDiagnostics(file, [entry(result({}))]).length, 0, 'a balanced, busy design has no findings');
});

test('property: on any edit of a sample, hints and findings stay inside the text and never throw', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const fc = (await import('fast-check')).default;
  const { analyze } = await import('../../src/language/index.js');
  const { simulate } = await import('../../src/sim/index.js');
  const { buildChipView } = await import('../../src/lsp/simulation/chipView.js');
  const { LineIndex } = await import('../../src/language/text.js');
  const root = join(__dirname, '..', '..', '..');
  const sampleText = readFileSync(join(root, 'samples', 'spatial-4x4-llama7b-64k.star'), 'utf8');
  const design = analyze(sampleText).design;
  const lines = new LineIndex(sampleText);
  const entries: SimulationEntry[] = design.simulations.map(sim => {
    const simulation = simulate(sim);
    return { simulation, chip: buildChipView(sim, 'file:///s.star', lines, simulation), simulateLine: 0 };
  });
  assert.ok(entries.length > 0);
  fc.assert(fc.property(fc.nat(sampleText.length), fc.nat(200), fc.string({ maxLength: 20 }), (at, del, ins) => {
    const edited = sampleText.slice(0, at) + ins + sampleText.slice(Math.min(sampleText.length, at + del));
    const file = parse(edited);
    for (const a of anchors(file, edited, entries, true)) {
      assert.ok(a.lineEnd >= 0 && a.lineEnd <= edited.length);
      assert.ok(!/NaN|Infinity/.test(a.label), a.label);
    }
    for (const d of simulationDiagnostics(file, entries)) assert.ok(d.span.start >= 0 && d.span.end <= edited.length);
  }), { numRuns: 150 });
});
