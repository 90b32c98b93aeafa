// explore items (issue 14): every explore diagnostic triggered on its span and not triggered by the corrected text,
// values in base units with their labels, range expansion (float steps included), quick fixes, the parse tree.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, parse } from '../../src/language/index.js';
import { EXHAUSTIVE_LIMIT } from '../../src/model/explore.js';
import { METRICS } from '../../src/model/metrics.js';
import { BASE, applyEdits, spanText } from './helpers.js';

const MAPPINGS = `mapping m for w on star { tiling { bc = 64 } }
mapping mc for w on c4 { heads -> mesh.rows, queries -> mesh.cols }
`;
const HEAD = BASE + MAPPINGS;
/** An explore item for mapping `m` with the given vary lines and tail (objectives, constraints, search). */
const ex = (vary: string, tail = 'minimize latency', target = 'm') => `explore e for ${target} {\n  vary { ${vary} }\n  ${tail}\n}\n`;

interface Case { code: string; bad: string; good: string; at: string; severity?: 'error' | 'warning' }
const cases: Case[] = [
  { code: 'explore-unknown-path', bad: ex('core.sram.tokn = [128 KB]'), good: ex('core.sram.token = [128 KB]'), at: 'tokn' },
  { code: 'explore-unknown-path', bad: ex('cor.sram.token = [128 KB]'), good: ex('core.sram.token = [128 KB]'), at: 'cor' },
  { code: 'explore-unknown-path', bad: ex('core.sram = [128 KB]'), good: ex('core.sram.temp = [28 KB]'), at: 'sram' },
  { code: 'explore-not-variable', bad: ex('workload.model = ["x"]'), good: ex('workload.batch = [1, 2]'), at: 'workload.model' },
  { code: 'explore-not-variable', bad: ex('core.technology = [tsmc28]'), good: ex('technology.frequency = [1 GHz, 800 MHz]'), at: 'core.technology' },
  { code: 'explore-not-variable', bad: ex('chip.noc.link_bandwidth = [64 GB/s]'), good: ex('chip.noc.link_bandwidth = [64 GB/s]', 'minimize latency', 'mc'), at: 'chip.noc.link_bandwidth' },
  { code: 'explore-not-variable', bad: ex('chip.mesh = [4 x 4 of star]', 'minimize latency', 'mc'), good: ex('chip.mesh = [4 x 4, 2 x 8]', 'minimize latency', 'mc'), at: 'star' },
  { code: 'out-of-range', bad: ex('workload.sparsity.top_k = 5 % to 120 % step 5 %'), good: ex('workload.sparsity.top_k = 5 % to 30 % step 5 %'), at: '120 %' },
  { code: 'out-of-range', bad: ex('core.sufa.array = [128 x 4, 128 x 5000]'), good: ex('core.sufa.array = [128 x 4, 128 x 8]'), at: '5000' },
  { code: 'not-integer', bad: ex('mapping.tiling.bc = 32 to 64 step 2.5'), good: ex('mapping.tiling.bc = 32 to 64 step 16'), at: '32 to 64' },
  { code: 'unknown-value', bad: ex('mapping.kv_flow = [own, rign]', 'minimize latency', 'mc'), good: ex('mapping.kv_flow = [own, ring]', 'minimize latency', 'mc'), at: 'rign' },
  { code: 'unknown-value', bad: ex('mapping.kv = [none, mesh.row]', 'minimize latency', 'mc'), good: ex('mapping.kv = [none, mesh.rows]', 'minimize latency', 'mc'), at: 'mesh.row' },
  { code: 'missing-unit', bad: ex('core.sram.token = [128, 256 KB]'), good: ex('core.sram.token = [128 KB, 256 KB]'), at: '128' },
  { code: 'explore-empty-range', bad: ex('core.sram.token = 512 KB to 128 KB step 64 KB'), good: ex('core.sram.token = 128 KB to 512 KB step 64 KB'), at: '512 KB to 128 KB' },
  { code: 'explore-empty-range', bad: ex('core.sram.token = 128 KB to 512 KB step 0 KB'), good: ex('core.sram.token = 128 KB to 512 KB step 64 KB'), at: '0 KB' },
  { code: 'explore-empty-range', bad: ex('core.sufa.order = []'), good: ex('core.sufa.order = [descending]'), at: '[]' },
  { code: 'explore-step', bad: ex('core.sram.token = 128 KB to 512 KB'), good: ex('core.sram.token = 128 KB to 512 KB step 128 KB'), at: '128 KB to 512 KB' },
  { code: 'explore-step', bad: ex('workload.sparsity.top_k = 5 % to 30 % step 2.5'), good: ex('workload.sparsity.top_k = 5 % to 30 % step 2.5 %'), at: '2.5' },
  { code: 'explore-step', bad: ex('core.sufa.array = 128 to 256 step 128'), good: ex('core.sufa.array = [128 x 4, 256 x 4]'), at: '128 to 256' },
  { code: 'explore-range-too-large', bad: ex('core.sram.token = 1 B to 1 MB step 1 B'), good: ex('core.sram.token = 1 KB to 1 MB step 1 KB'), at: '1 B' },
  { code: 'explore-duplicate', bad: ex('core.rass = [on, off], core.rass = [on]'), good: ex('core.rass = [on, off]'), at: 'core.rass' },
  { code: 'explore-duplicate', bad: ex('core.rass = [on, off]', 'minimize latency, energy\n  maximize latency'), good: ex('core.rass = [on, off]', 'minimize latency, energy\n  maximize throughput'), at: 'latency' },
  { code: 'explore-unknown-metric', bad: ex('core.rass = [on, off]', 'minimize latncy'), good: ex('core.rass = [on, off]', 'minimize latency'), at: 'latncy' },
  { code: 'explore-unknown-metric', bad: ex('core.rass = [on, off]', 'minimize latency\n  subject to { aera <= 5 mm2 }'), good: ex('core.rass = [on, off]', 'minimize latency\n  subject to { area <= 5 mm2 }'), at: 'aera' },
  { code: 'explore-constraint-unit', bad: ex('core.rass = [on, off]', 'minimize latency\n  subject to { area <= 5 mm }'), good: ex('core.rass = [on, off]', 'minimize latency\n  subject to { area <= 5 mm2 }'), at: 'mm' },
  { code: 'explore-constraint-unit', bad: ex('core.rass = [on, off]', 'minimize latency\n  subject to { power <= 6 }'), good: ex('core.rass = [on, off]', 'minimize latency\n  subject to { power <= 6 W, topk_recall >= 0.7 }'), at: '6' },
  { code: 'explore-contradiction', bad: ex('core.rass = [on, off]', 'minimize latency\n  subject to { area <= 5 mm2, area >= 10 mm2 }'), good: ex('core.rass = [on, off]', 'minimize latency\n  subject to { area >= 5 mm2, area <= 10 mm2 }'), at: 'area >= 10 mm2' },
  { code: 'explore-contradiction', bad: ex('core.rass = [on, off]', 'minimize latency\n  subject to { latency < 2 ms, latency >= 2000 us }'), good: ex('core.rass = [on, off]', 'minimize latency\n  subject to { latency <= 2 ms, latency >= 2000 us }'), at: 'latency >= 2000 us' },
  { code: 'explore-no-objective', bad: ex('core.rass = [on, off]', 'subject to { area <= 5 mm2 }'), good: ex('core.rass = [on, off]', 'maximize throughput\n  subject to { area <= 5 mm2 }'), at: 'e' },
  { code: 'explore-nothing-varies', bad: 'explore e for m {\n  minimize latency\n}\n', good: ex('core.rass = [on, off]'), at: 'e', severity: 'warning' },
  { code: 'unknown-name', bad: ex('core.rass = [on, off]', 'minimize latency', 'mm'), good: ex('core.rass = [on, off]', 'minimize latency', 'mc'), at: 'mm' },
  { code: 'wrong-kind', bad: ex('core.rass = [on, off]', 'minimize latency', 'star'), good: ex('core.rass = [on, off]', 'minimize latency', 'm'), at: 'star' },
  {
    code: 'explore-space-too-large',
    bad: ex('core.sram.token = 1 KB to 64 MB step 1 KB, core.sram.weight = [96 KB, 128 KB, 192 KB], core.sads.sorters = 1 to 16 step 1', 'minimize latency\n  search = exhaustive'),
    good: ex('core.sram.token = 1 KB to 64 MB step 1 KB, core.sram.weight = [96 KB, 128 KB, 192 KB], core.sads.sorters = 1 to 16 step 1', 'minimize latency\n  search = auto'),
    at: 'exhaustive', severity: 'warning',
  },
  { code: 'unknown-value', bad: ex('core.rass = [on, off]', 'minimize latency\n  search = evolutionry'), good: ex('core.rass = [on, off]', 'minimize latency\n  search = evolutionary'), at: 'evolutionry' },
  { code: 'out-of-range', bad: ex('core.rass = [on, off]', 'minimize latency\n  search = evolutionary { population = 2 }'), good: ex('core.rass = [on, off]', 'minimize latency\n  search = evolutionary { population = 8 }'), at: '2' },
  { code: 'unknown-field', bad: ex('core.rass = [on, off]', 'minimize latency\n  search = evolutionary { populaton = 8 }'), good: ex('core.rass = [on, off]', 'minimize latency\n  search = evolutionary { population = 8, generations = 10, seed = 4 }'), at: 'populaton' },
];

test('the explore base design is clean', () => {
  assert.deepEqual(analyze(HEAD).diagnostics.map(d => `${d.code}: ${d.message}`), []);
});

for (const c of cases) {
  test(`${c.code}: triggered on '${c.at}' in ${c.bad.split('\n')[1].trim()} ${c.bad.split('\n')[2].trim()}`, () => {
    const text = HEAD + c.bad;
    const all = analyze(text).diagnostics;
    const found = all.filter(d => d.code === c.code);
    assert.ok(found.length > 0, `expected ${c.code} in:\n${c.bad}\ngot ${JSON.stringify(all.map(d => d.code + ': ' + d.message))}`);
    const d = found.find(x => spanText(text, x) === c.at && x.span.start >= HEAD.length);
    assert.ok(d, `${c.code} on '${c.at}', got spans ${found.map(x => `'${spanText(text, x)}'`).join(', ')}`);
    assert.equal(d.severity, c.severity ?? 'error');
    assert.ok(d.message.length > 20, 'the message says what to do');
  });
  test(`${c.code}: not triggered by the corrected ${c.good.split('\n')[1].trim()} ${c.good.split('\n')[2].trim()}`, () => {
    const a = analyze(HEAD + c.good);
    assert.deepEqual(a.diagnostics.map(d => `${d.code}: ${d.message}`), []);
    assert.equal(a.design.explorations?.length, 1);
  });
}

test('every explore code is listed in docs/language.md', () => {
  const doc = readFileSync(join(__dirname, '../../../docs/language.md'), 'utf8');
  for (const c of new Set(cases.map(x => x.code))) assert.ok(doc.includes(`\`${c}\``), `docs/language.md lists ${c}`);
  for (const m of Object.keys(METRICS)) assert.ok(doc.includes(`| \`${m}\` |`), `docs/language.md lists the metric ${m}`);
});

const fixCases: Array<{ code: string; bad: string }> = [
  { code: 'explore-unknown-path', bad: ex('core.sram.tokn = [128 KB]') },
  { code: 'explore-unknown-metric', bad: ex('core.rass = [on, off]', 'minimize energi') },
  { code: 'explore-constraint-unit', bad: ex('core.rass = [on, off]', 'minimize latency\n  subject to { power <= 6 }') },
  { code: 'explore-constraint-unit', bad: ex('core.rass = [on, off]', 'minimize latency\n  subject to { area <= 6 mm3 }') },
  { code: 'explore-empty-range', bad: ex('core.sram.token = 512 KB to 128 KB step 64 KB') },
  { code: 'explore-step', bad: ex('workload.sparsity.top_k = 5 % to 30 % step 2.5') },
  { code: 'explore-space-too-large', bad: ex('core.sram.token = 1 KB to 64 MB step 1 KB, core.sram.weight = [96 KB, 128 KB, 192 KB], core.sads.sorters = 1 to 16 step 1', 'minimize latency\n  search = exhaustive') },
  { code: 'missing-unit', bad: ex('core.sram.token = [128, 256 KB]') },
];
for (const c of fixCases) {
  test(`${c.code}: the quick fix repairs ${c.bad.split('\n').slice(1, 3).map(l => l.trim()).join(' ')}`, () => {
    const text = HEAD + c.bad;
    const d = analyze(text).diagnostics.find(x => x.code === c.code);
    assert.ok(d?.fixes?.length, `${c.code} offers a fix`);
    const fixed = applyEdits(text, d.fixes![0].edits);
    assert.deepEqual(analyze(fixed).diagnostics.map(x => x.code), [], `after the fix:\n${fixed.slice(HEAD.length)}`);
  });
}

test('values are held in base units, with labels as written, in the order written', () => {
  const text = HEAD + ex([
    'core.sufa.array = [128 x 4, 128 x 8, 256 x 8]',
    'core.sram.token = 128 KB to 512 KB step 64 KB',
    'mapping.tiling.bc = [32, 64, auto]',
    'workload.sparsity.top_k = 5 % to 30 % step 2.5 %',
    'technology.frequency = [800 MHz, 1 GHz]',
    'core.rass = [on, off]',
    'workload.sparsity.predictor = [dlzs, exact]',
    'workload.sparsity.predictor.token_bits = 4 to 8 step 2',
  ].join('\n    '), 'minimize latency, energy, area\n  maximize gops_per_w\n  subject to { area <= 12 mm2, power <= 6 W, topk_recall >= 0.7, gops_per_w >= 1 TOPS/W, latency < 500 us }\n  search = evolutionary { population = 32, seed = 3 }');
  const a = analyze(text);
  assert.deepEqual(a.diagnostics.map(d => d.message), []);
  const x = a.design.explorations![0];
  assert.equal(x.name, 'e');
  assert.equal(x.simulation.mapping.name, 'm');
  assert.deepEqual(x.simulation.baselines, []);
  const p = Object.fromEntries(x.parameters.map(q => [q.path, q]));
  assert.deepEqual(p['core.sufa.array'].values, [{ rows: 128, cols: 4 }, { rows: 128, cols: 8 }, { rows: 256, cols: 8 }]);
  assert.deepEqual(p['core.sufa.array'].labels, ['128 x 4', '128 x 8', '256 x 8']);
  assert.deepEqual(p['core.sram.token'].values, [128, 192, 256, 320, 384, 448, 512].map(k => k * 1024));
  assert.deepEqual(p['core.sram.token'].labels, ['128 KB', '192 KB', '256 KB', '320 KB', '384 KB', '448 KB', '512 KB']);
  assert.deepEqual(p['mapping.tiling.bc'].values, [32, 64, 'auto']);
  assert.deepEqual(p['workload.sparsity.top_k'].values, [0.05, 0.075, 0.1, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25, 0.275, 0.3]);
  assert.equal(p['workload.sparsity.top_k'].labels[3], '12.5 %');
  assert.deepEqual(p['technology.frequency'].values, [800e6, 1e9]);
  assert.deepEqual(p['core.rass'].values, [true, false]);
  assert.deepEqual(p['workload.sparsity.predictor'].values, ['dlzs', 'exact']);
  assert.deepEqual(p['workload.sparsity.predictor.token_bits'].values, [4, 6, 8]);
  assert.equal(x.points, 3 * 7 * 3 * 11 * 2 * 2 * 2 * 3);
  assert.deepEqual(x.objectives.map(o => `${o.sense} ${o.metric}`), ['min latency', 'min energy', 'min area', 'max gops_per_w']);
  assert.deepEqual(x.constraints.map(c => `${c.metric} ${c.op} ${c.value}`), ['area <= 12', 'power <= 6', 'topk_recall >= 0.7', 'gops_per_w >= 1000', 'latency < 0.5']);
  assert.deepEqual(x.search, { kind: 'evolutionary', population: 32, generations: 50, seed: 3 });
});

test('ranges: B included when it falls on a float step, left out when it does not; decimal steps do not drift', () => {
  const values = (range: string, path = 'workload.sparsity.top_k') => analyze(HEAD + ex(`${path} = ${range}`)).design.explorations![0].parameters[0];
  assert.deepEqual(values('10 % to 30 % step 0.1 %').values.length, 201);
  assert.equal(values('10 % to 30 % step 0.1 %').values[200], 0.3);
  assert.equal(values('10 % to 30 % step 0.1 %').labels[37], '13.7 %');
  assert.deepEqual(values('0.1 to 0.3 step 0.1').values, [0.1, 0.2, 0.3]);
  assert.deepEqual(values('5 % to 29 % step 5 %').labels, ['5 %', '10 %', '15 %', '20 %', '25 %']);
  assert.deepEqual(values('1 GHz to 1500 MHz step 250 MHz', 'technology.frequency').values, [1e9, 1.25e9, 1.5e9]);
  assert.deepEqual(values('1 GHz to 1500 MHz step 250 MHz', 'technology.frequency').labels, ['1 GHz', '1.25 GHz', '1.5 GHz']);
  assert.deepEqual(values('[7]', 'workload.batch').values, [7]);
  assert.deepEqual(values('3', 'workload.batch').values, [3]);
});

test('spatial paths: mesh shapes, link bandwidth, DRAM, partitions and kv_flow', () => {
  const text = HEAD + ex([
    'chip.mesh = [2 x 2, 4 x 4, 2 x 8]',
    'chip.noc.link_bandwidth = 32 GB/s to 128 GB/s step 32 GB/s',
    'chip.dram.channels = [8, 16]',
    'chip.dram.attach = [edges, corners]',
    'mapping.heads = [mesh.rows, none]',
    'mapping.kv_flow = [own, multicast, ring]',
  ].join(', '), 'minimize latency, energy', 'mc');
  const a = analyze(text);
  assert.deepEqual(a.diagnostics.map(d => d.message), []);
  const x = a.design.explorations![0];
  assert.deepEqual(x.parameters.map(p => p.values), [
    [{ rows: 2, cols: 2 }, { rows: 4, cols: 4 }, { rows: 2, cols: 8 }], [32e9, 64e9, 96e9, 128e9], [8, 16], ['edges', 'corners'], ['rows', 'none'], ['own', 'multicast', 'ring'],
  ]);
  assert.deepEqual(x.parameters[4].labels, ['mesh.rows', 'none']);
  assert.equal(x.points, 3 * 4 * 2 * 2 * 2 * 3);
  assert.equal(x.simulation.mapping.chip.rows, 4);
});

test('a path into the predictor follows the explored workload\'s own variant', () => {
  const text = HEAD.replace('workload w { heads = 32,', 'workload w { sparsity { predictor = lowbit { bits = 4 } }, heads = 32,') + ex('workload.sparsity.predictor.token_bits = [4, 8]');
  const d = analyze(text).diagnostics.find(x => x.code === 'explore-unknown-path');
  assert.ok(d, 'token_bits is not a field of lowbit');
  assert.match(d.message, /bits/);
  assert.deepEqual(analyze(HEAD.replace('workload w { heads = 32,', 'workload w { sparsity { predictor = lowbit { bits = 4 } }, heads = 32,') + ex('workload.sparsity.predictor.bits = [2, 4]')).diagnostics, []);
});

test('space size and search: auto, exhaustive above the limit, evolutionary defaults', () => {
  const big = 'core.sram.token = 1 KB to 64 MB step 1 KB, core.sram.weight = [96 KB, 128 KB, 192 KB]';
  const x = analyze(HEAD + ex(big)).design.explorations![0];
  assert.equal(x.points, 65536 * 3);
  assert.ok(x.points <= EXHAUSTIVE_LIMIT);
  assert.deepEqual(x.search, { kind: 'auto' });
  const y = analyze(HEAD + ex(big + ', core.sads.sorters = 1 to 16 step 1', 'minimize latency\n  search = evolutionary')).design.explorations![0];
  assert.equal(y.points, 65536 * 3 * 16);
  assert.deepEqual(y.search, { kind: 'evolutionary', population: 64, generations: 50, seed: 1 });
});

test('diagnostics sit on the exact text: a bad value inside a range points at that end', () => {
  const text = HEAD + ex('core.sram.token = 128 KB to 2 GB step 64 KB');
  const d = analyze(text).diagnostics.find(x => x.code === 'out-of-range')!;
  assert.equal(spanText(text, d), '2 GB');
  assert.match(d.message, /'token' must be/);
});

test('the parse tree of an explore item, and a half-typed one keeps what it read', () => {
  const f = parse('explore sizing for m {\n  vary { core.sram.token = 128 KB to 512 KB step 64 KB, mapping.heads = [mesh.rows] }\n  minimize latency, energy\n  maximize throughput\n  subject to { area <= 12 mm2 }\n  search = exhaustive\n}\n');
  assert.deepEqual(f.syntaxErrors, []);
  const e = f.items[0];
  assert.equal(e.kind, 'explore');
  if (e.kind !== 'explore') return;
  assert.deepEqual(e.vary.map(v => v.path.map(p => p.text).join('.')), ['core.sram.token', 'mapping.heads']);
  assert.equal(e.vary[0].value?.kind, 'range');
  assert.equal(e.vary[0].step?.text, '64');
  assert.deepEqual(e.objectives.map(o => [o.sense, o.metrics.map(m => m.text)]), [['min', ['latency', 'energy']], ['max', ['throughput']]]);
  assert.equal(e.constraints[0].op?.text, '<=');
  assert.equal(e.search?.value?.kind, 'ref');
  const half = parse('explore s for m {\n  vary { core.sram.\n  minimize latency\n}\nmapping k for w on c {}\n');
  assert.ok(half.syntaxErrors.length > 0);
  assert.equal(half.items[0].kind, 'explore');
  assert.equal(half.items[1]?.kind, 'mapping', 'the item after a broken explore is kept');
});

test('mistakes.star shows every explore code of docs/language.md', () => {
  const doc = readFileSync(join(__dirname, '../../../docs/language.md'), 'utf8');
  const sample = readFileSync(join(__dirname, '../../../samples/mistakes.star'), 'utf8');
  const documented = [...doc.matchAll(/^\| `(explore-[a-z-]+)` \|/gm)].map(m => m[1]);
  assert.ok(documented.length >= 12, documented.join(', '));
  for (const c of documented) assert.ok(sample.includes(`// [${c}]`), `mistakes.star shows ${c}`);
});
