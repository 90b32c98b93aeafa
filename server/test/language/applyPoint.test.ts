// "Apply this point" writes a point's labels into the source in place: the re-checked file has no diagnostics and its
// checked design holds the point's values (base units), for fields present, absent, in missing blocks, in call
// bodies and for partitions; every point of a small space keeps the samples valid.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyze } from '../../src/language/index.js';
import { applyPointEdits, applyEdits, ApplyPointError } from '../../src/language/applyPoint.js';
import type { Mapping, SyntheticData } from '../../src/model/design.js';
import type { ExploreParameter } from '../../src/model/explore.js';

const root = join(__dirname, '..', '..', '..');
const sample = (f: string) => readFileSync(join(root, 'samples', f), 'utf8');
const KB = 1024, GB = 1e9;

/** What the checked mapping holds at each path (the explorer's view of the same field). */
const GET: Record<string, (m: Mapping) => unknown> = {
  'core.sufa.array': m => ({ rows: m.chip.core.sufa.rows, cols: m.chip.core.sufa.cols }),
  'core.dlzs.array': m => ({ rows: m.chip.core.dlzs.rows, cols: m.chip.core.dlzs.cols }),
  'core.sram.token': m => m.chip.core.sram.tokenBytes,
  'core.sram.temp': m => m.chip.core.sram.tempBytes,
  'core.sads.radius': m => m.chip.core.sads.radius,
  'core.rass': m => m.chip.core.rass,
  'technology.frequency': m => m.chip.core.technology.frequencyHz,
  'workload.sparsity.top_k': m => m.workload.topK,
  'workload.sparsity.predictor.token_bits': m => m.workload.predictor.tokenBits,
  'workload.data.seed': m => (m.workload.data as SyntheticData).seed,
  'mapping.tiling.bc': m => m.tiling.bc,
  'mapping.kv_flow': m => m.kvFlow,
  'mapping.heads': m => m.partition.heads,
  'mapping.kv': m => m.partition.kv,
  'mapping.queries': m => m.partition.queries,
  'chip.mesh': m => ({ rows: m.chip.rows, cols: m.chip.cols }),
  'chip.noc.link_bandwidth': m => m.chip.noc.linkBandwidthBps,
  'chip.dram.channels': m => m.chip.dram.channels,
  'chip.dram.kind': m => m.chip.dram.kind,
};

const p = (path: string, pairs: Array<[string, ExploreParameter['values'][number]]>): ExploreParameter =>
  ({ path, labels: pairs.map(x => x[0]), values: pairs.map(x => x[1]) });

/** Writes the point (index per parameter) and checks the result: clean, and every field holds its value. */
function applyAndCheck(text: string, params: ExploreParameter[], pick: number[], warningsToo = true): string {
  const before = analyze(text);
  assert.deepEqual(before.diagnostics.map(d => d.code), [], 'the sample is clean before');
  const mapping = before.design.simulations[0].mapping;
  const labels = Object.fromEntries(params.map((q, i) => [q.path, q.labels[pick[i]]]));
  const { edits } = applyPointEdits(text, before.file, mapping, labels);
  const out = applyEdits(text, edits);
  const after = analyze(out);
  // A point may be worth a warning of its own (a ring slower than its links); never an error.
  const shown = after.diagnostics.filter(d => warningsToo || d.severity === 'error');
  assert.deepEqual(shown.map(d => `${d.code}: ${d.message}`), [], `clean after applying ${JSON.stringify(labels)}:\n${out}`);
  const m = after.design.simulations[0].mapping;
  params.forEach((q, i) => assert.deepEqual(GET[q.path](m), q.values[pick[i]], `${q.path} = ${q.labels[pick[i]]}`));
  return out;
}

test('apply: fields present are rewritten in place, `of star` and comments kept, the rest of the text unchanged', () => {
  const text = sample('spatial-4x4-llama7b-64k.star');
  const out = applyAndCheck(text, [
    p('core.sufa.array', [['128 x 8', { rows: 128, cols: 8 }]]),
    p('core.sram.token', [['256 KB', 256 * KB]]),
    p('chip.mesh', [['8 x 8', { rows: 8, cols: 8 }]]),
    p('chip.noc.link_bandwidth', [['128 GB/s', 128 * GB]]),
    p('chip.dram.kind', [['HBM3', 'HBM3']]),
    p('mapping.tiling.bc', [['32', 32]]),
    p('workload.sparsity.top_k', [['12.5 %', 12.5 * 0.01]]),
    p('workload.sparsity.predictor.token_bits', [['6', 6]]),
    p('mapping.heads', [['mesh.cols', 'cols']]),
    p('mapping.queries', [['mesh.rows', 'rows']]),
    p('mapping.kv_flow', [['multicast', 'multicast']]),
  ], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.match(out, /mesh = 8 x 8 of star\n/);
  assert.match(out, /sram  \{ token = 256 KB, weight = 96 KB, temp = 28 KB \}/);
  assert.match(out, /tiling \{ bc = 32, tc = auto \}        \/\/ 1024 KV tiles/);
  assert.match(out, /heads   -> mesh\.cols  [^\n]*\n  queries -> mesh\.rows  /);
  assert.equal(out.split('\n').length, text.split('\n').length, 'no line added or removed');
});

test('apply: absent fields, a missing block and a missing partition are inserted in the block\'s own style', () => {
  const text = sample('star-bert-base-512.star');
  const out = applyAndCheck(text, [
    p('core.sufa.array', [['128 x 8', { rows: 128, cols: 8 }]]),   // no sufa block: inserted on its own line
    p('core.sads.radius', [['8', 8]]),                          // no sads block either: one insertion, two blocks
    p('core.sram.temp', [['32 KB', 32 * KB]]),                  // sram is one line: ", temp = 32 KB"
    p('core.rass', [['off', false]]),
    p('workload.data.seed', [['3', 3]]),                        // a call body field that is present
    p('mapping.tiling.bc', [['128', 128]]),
  ], [0, 0, 0, 0, 0, 0]);
  assert.match(out, /core star \{\n  technology = tsmc28\n  sram \{ token = 192 KB, weight = 96 KB, temp = 32 KB \}       \/\/ the other engines keep the paper's defaults\n  sufa \{ array = 128 x 8 \}\n  sads \{ radius = 8 \}\n  rass = off\n\}/);
  assert.match(out, /tiling \{ bc = 128 \}/);
});

test('apply: technology, an empty block and a missing partition', () => {
  const text = `technology t7 { node = 7 nm }
workload w { heads = 32, head_dim = 128, seq_len = 4096 tokens }
core star { technology = t7 }
chip c4 { mesh = 4 x 4 of star }
mapping m for w on c4 {
}
simulate m
`;
  const out = applyAndCheck(text, [
    p('technology.frequency', [['1.5 GHz', 1.5e9]]),
    p('mapping.heads', [['mesh.rows', 'rows']]),
    p('mapping.kv_flow', [['multicast', 'multicast']]),
    p('mapping.queries', [['mesh.cols', 'cols']]),
    p('chip.dram.channels', [['8', 8]]),
    p('core.dlzs.array', [['64 x 32', { rows: 64, cols: 32 }]]),
  ], [0, 0, 0, 0, 0, 0]);
  assert.match(out, /mapping m for w on c4 \{\n  heads -> mesh\.rows\n  kv_flow = multicast\n  queries -> mesh\.cols\n\}/);
  assert.match(out, /chip c4 \{ mesh = 4 x 4 of star, dram \{ channels = 8 \} \}/);
  assert.match(out, /core star \{ technology = t7, dlzs \{ array = 64 x 32 \} \}/);
});

test('apply: a new bc turns a written tc into auto (S = bc x tc stays true)', () => {
  const text = sample('spatial-4x4-llama7b-64k.star').replace('tc = auto', 'tc = 1024');
  const out = applyAndCheck(text, [p('mapping.tiling.bc', [['32', 32]])], [0]);
  assert.match(out, /tiling \{ bc = 32, tc = auto \}/);
  assert.equal(analyze(out).design.simulations[0].mapping.tiling.tc, 2048);
});

test('apply: a path that cannot be written is an error naming it and the fix', () => {
  const text = sample('star-bert-base-512.star').replace(/technology tsmc28 \{[^}]*\}/, '').replace('technology = tsmc28', '');
  const a = analyze(text);
  assert.deepEqual(a.diagnostics, []);
  const m = a.design.simulations[0].mapping;
  assert.throws(() => applyPointEdits(text, a.file, m, { 'technology.frequency': '2 GHz' }),
    (e: unknown) => e instanceof ApplyPointError && /technology\.frequency.*tsmc28 is built in.*declare it/.test(e.message));
  assert.throws(() => applyPointEdits(text, a.file, m, { 'chip.mesh': '2 x 2' }),
    (e: unknown) => e instanceof ApplyPointError && /single core/.test(e.message));
  assert.throws(() => applyPointEdits(text, a.file, m, { 'sram.token': '2 KB' }),
    (e: unknown) => e instanceof ApplyPointError && /starts with one of technology, workload, core, chip, mapping/.test(e.message));
});

test('apply (fuzz): any point of a small space keeps each sample valid and holds the point', () => {
  const spaces: Array<[string, ExploreParameter[]]> = [
    ['spatial-4x4-llama7b-64k.star', [
      p('core.sufa.array', [['128 x 4', { rows: 128, cols: 4 }], ['128 x 8', { rows: 128, cols: 8 }], ['256 x 8', { rows: 256, cols: 8 }]]),
      p('core.sram.token', [128, 192, 256, 512].map(k => [`${k} KB`, k * KB] as [string, number])),
      p('mapping.tiling.bc', [32, 64].map(b => [String(b), b] as [string, number])),
      p('workload.sparsity.top_k', [5, 17.5, 30].map(k => [`${k} %`, k * 0.01] as [string, number])),
      p('chip.mesh', [['2 x 2', { rows: 2, cols: 2 }], ['4 x 4', { rows: 4, cols: 4 }], ['8 x 4', { rows: 8, cols: 4 }]]),
      p('chip.dram.channels', [8, 16, 32].map(c => [String(c), c] as [string, number])),
      p('mapping.kv_flow', [['own', 'own'], ['ring', 'ring']]),
    ]],
    ['star-bert-base-512.star', [
      p('core.sufa.array', [['128 x 4', { rows: 128, cols: 4 }], ['128 x 8', { rows: 128, cols: 8 }]]),
      p('core.sram.weight', [['64 KB', 64 * KB], ['128 KB', 128 * KB]]),
      p('mapping.tiling.bc', [['auto', 64], ['64', 64], ['128', 128]]),
      p('workload.sparsity.top_k', [10, 25].map(k => [`${k} %`, k * 0.01] as [string, number])),
    ]],
  ];
  GET['core.sram.weight'] = m => m.chip.core.sram.weightBytes;
  for (const [file, params] of spaces) {
    const text = sample(file);
    const r = fc.check(fc.property(fc.tuple(...params.map(q => fc.nat(q.values.length - 1))), pick => { applyAndCheck(text, params, pick, false); }), { numRuns: 60, seed: 14 });
    assert.ok(!r.failed, `${file}: ${r.counterexample && JSON.stringify(r.counterexample)}: ${r.errorInstance instanceof Error ? r.errorInstance.message : ''}`);
  }
});
