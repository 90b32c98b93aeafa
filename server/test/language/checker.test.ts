// Every diagnostic code: a text that triggers it (on the expected span) and a corrected text that is clean.
import test from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/language/index.js';
import { BASE, applyEdits, spanText } from './helpers.js';

interface Case { code: string; bad: string; good: string; at: string; severity?: 'error' | 'warning' }
const cases: Case[] = [
  { code: 'syntax', bad: 'workload x { heads }', good: 'workload x { heads = 1, head_dim = 8, seq_len = 16 }', at: '}' },
  { code: 'unknown-name', bad: 'mapping m for ww on star {}', good: 'mapping m for w on star {}', at: 'ww' },
  { code: 'duplicate-name', bad: 'core star {}', good: 'core star2 {}', at: 'star' },
  { code: 'wrong-kind', bad: 'mapping m for w on w {}', good: 'mapping m for w on star {}', at: 'w' },
  { code: 'unknown-field', bad: 'technology t { nod = 28 nm }', good: 'technology t { node = 28 nm }', at: 'nod' },
  { code: 'unknown-block', bad: 'core k { dlz { array = 128 x 32 } }', good: 'core k { dlzs { array = 128 x 32 } }', at: 'dlz' },
  { code: 'type-mismatch', bad: 'core k { rass = 5 }', good: 'core k { rass = off }', at: '5' },
  { code: 'duplicate-field', bad: 'technology t { node = 28 nm, node = 7 nm }', good: 'technology t { node = 28 nm, voltage = 0.9 V }', at: 'node' },
  { code: 'missing-unit', bad: 'technology t { node = 28 }', good: 'technology t { node = 28 nm }', at: '28' },
  { code: 'unknown-unit', bad: 'core k { sram { token = 192 Kb } }', good: 'core k { sram { token = 192 KB } }', at: 'Kb' },
  { code: 'wrong-unit', bad: 'technology t { frequency = 1 GB/s }', good: 'technology t { frequency = 1 GHz }', at: 'GB/s' },
  { code: 'out-of-range', bad: 'workload x { heads = 1, head_dim = 8, seq_len = 16, sparsity { top_k = 0 % } }', good: 'workload x { heads = 1, head_dim = 8, seq_len = 16, sparsity { top_k = 20 % } }', at: '0 %' },
  { code: 'not-integer', bad: 'workload x { heads = 2.5, head_dim = 8, seq_len = 16 }', good: 'workload x { heads = 2, head_dim = 8, seq_len = 16 }', at: '2.5' },
  { code: 'missing-field', bad: 'workload x { heads = 1, head_dim = 8 }', good: 'workload x { heads = 1, head_dim = 8, seq_len = 16 }', at: 'x' },
  { code: 'unknown-value', bad: 'mapping m for w on star { kv_flow = rign }', good: 'mapping m for w on star { kv_flow = own }', at: 'rign' },
  { code: 'unknown-baseline', bad: 'mapping m for w on star {}\nsimulate m against a10', good: 'mapping m for w on star {}\nsimulate m against a100', at: 'a10' },
  { code: 'partition-axis-reused', bad: 'mapping m for w on c4 { heads -> mesh.rows, queries -> mesh.rows }', good: 'mapping m for w on c4 { heads -> mesh.rows, queries -> mesh.cols }', at: 'mesh.rows' },
  { code: 'tiling-mismatch', bad: 'mapping m for w on star { tiling { bc = 64, tc = 32 } }', good: 'mapping m for w on star { tiling { bc = 64, tc = 64 } }', at: '32' },
  { code: 'sram-overflow', bad: 'mapping m for w on star { tiling { bc = 512 } }', good: 'mapping m for w on star { tiling { bc = 64 } }', at: '512' },
  { code: 'ahat-spill', bad: 'mapping m for w on star { tiling { bc = 128 } }', good: 'mapping m for w on star { tiling { bc = 64 } }', at: '128', severity: 'warning' },
  { code: 'sads-empty-tile', bad: 'mapping m for w on star { tiling { bc = 4 } }', good: 'mapping m for w on star { tiling { bc = 16 } }', at: '4' },
  { code: 'partition-indivisible', bad: 'chip c3 { mesh = 3 x 4 of star }\nmapping m for w on c3 { heads -> mesh.rows, queries -> mesh.cols }', good: 'mapping m for w on c4 { heads -> mesh.rows, queries -> mesh.cols }', at: 'heads -> mesh.rows' },
  { code: 'idle-cores', bad: 'mapping m for w on c4 { heads -> mesh.rows }', good: 'mapping m for w on c4 { heads -> mesh.rows, queries -> mesh.cols }', at: 'm', severity: 'warning' },
  { code: 'ring-one-wide', bad: 'mapping m for w on star { kv_flow = ring }', good: 'mapping m for w on c4 { kv_flow = ring }', at: 'ring' },
  { code: 'dram-router-missing', bad: 'chip c2 { mesh = 2 x 2 of star, dram { attach = [(2, 0)] } }', good: 'chip c2 { mesh = 2 x 2 of star, dram { attach = [(1, 1)] } }', at: '(2, 0)' },
  { code: 'link-bandwidth-low', bad: 'chip slow { mesh = 4 x 4 of star, noc { link_bandwidth = 1 GB/s } }\nmapping m for w on slow { kv_flow = ring }', good: 'chip slow { mesh = 4 x 4 of star, noc { link_bandwidth = 64 GB/s } }\nmapping m for w on slow { kv_flow = ring }', at: 'ring', severity: 'warning' },
  { code: 'odd-top-k', bad: 'workload x { heads = 1, head_dim = 8, seq_len = 16, sparsity { top_k = 60 % } }', good: 'workload x { heads = 1, head_dim = 8, seq_len = 16, sparsity { top_k = 40 % } }', at: '60 %', severity: 'warning' },
  { code: 'no-effect', bad: 'workload x { heads = 1, head_dim = 8, seq_len = 16, data = synthetic { shared_dominant = 0.8 } }', good: 'workload x { heads = 1, head_dim = 8, seq_len = 16, data = synthetic { heavy_hitters = 10 %, shared_dominant = 0.8 } }', at: '0.8', severity: 'warning' },
  { code: 'odd-tile', bad: 'mapping m for w on star { tiling { bc = 8 } }', good: 'mapping m for w on star { tiling { bc = 64 } }', at: '8', severity: 'warning' },
  { code: 'odd-query-block', bad: 'workload q { heads = 32, head_dim = 128, seq_len = 4096 tokens, query_block = 64 tokens }\nmapping m for q on star {}', good: 'workload q { heads = 32, head_dim = 128, seq_len = 4096 tokens, query_block = 128 tokens }\nmapping m for q on star {}', at: 'query_block = 64 tokens', severity: 'warning' },
];

test('the base design is clean', () => {
  assert.deepEqual(analyze(BASE).diagnostics, []);
});

for (const c of cases) {
  test(`${c.code}: triggered on the right span`, () => {
    const text = BASE + c.bad + '\n';
    const found = analyze(text).diagnostics.filter(d => d.code === c.code);
    assert.ok(found.length > 0, `expected ${c.code} in:\n${c.bad}\ngot ${JSON.stringify(analyze(text).diagnostics.map(d => d.code + ': ' + d.message))}`);
    const d = found.find(x => spanText(text, x) === c.at && x.span.start >= BASE.length);
    assert.ok(d, `${c.code} on '${c.at}', got spans ${found.map(x => `'${spanText(text, x)}'`).join(', ')}`);
    assert.equal(d.severity, c.severity ?? 'error');
    assert.ok(d.message.length > 20, 'the message says what to do');
  });
  test(`${c.code}: not triggered by the corrected text`, () => {
    const text = BASE + c.good + '\n';
    const ds = analyze(text).diagnostics;
    assert.deepEqual(ds.map(d => `${d.code}: ${d.message}`), []);
  });
}

test('every code of the checker is listed in docs/language.md', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const doc = readFileSync(join(__dirname, '../../../docs/language.md'), 'utf8');
  for (const c of cases) assert.ok(doc.includes(`\`${c.code}\``), `docs/language.md lists ${c.code}`);
});

// Quick fixes: applying the preferred fix removes the diagnostic.
const fixCases: Array<{ code: string; bad: string }> = [
  { code: 'unknown-name', bad: 'mapping m for ww on star {}' },
  { code: 'unknown-field', bad: 'technology t { nod = 28 nm }' },
  { code: 'missing-unit', bad: 'technology t { node = 28 }' },
  { code: 'unknown-unit', bad: 'core k { sram { token = 192 Kb } }' },
  { code: 'wrong-unit', bad: 'technology t { frequency = 1 GB/s }' },
  { code: 'unknown-value', bad: 'mapping m for w on star { stages = isolatd }' },
  { code: 'unknown-baseline', bad: 'mapping m for w on star {}\nsimulate m against spaten' },
  { code: 'tiling-mismatch', bad: 'mapping m for w on star { tiling { bc = 64, tc = 32 } }' },
  { code: 'sram-overflow', bad: 'mapping m for w on star { tiling { bc = 512 } }' },
  { code: 'ring-one-wide', bad: 'mapping m for w on star { kv_flow = ring }' },
  { code: 'out-of-range', bad: 'workload x { heads = 1, head_dim = 8, seq_len = 16, sparsity { top_k = 20 } }' },
  { code: 'out-of-range', bad: 'chip big { mesh = 65 x 4 of star }' },
  { code: 'not-integer', bad: 'workload x { heads = 2.5, head_dim = 8, seq_len = 16 }' },
  { code: 'wrong-unit', bad: 'workload x { heads = 2 tokens, head_dim = 8, seq_len = 16 }' },
  { code: 'sads-empty-tile', bad: 'mapping m for w on star { tiling { bc = 2 } }' },
];
for (const c of fixCases) {
  test(`${c.code}: the quick fix repairs the text`, () => {
    const text = BASE + c.bad + '\n';
    const d = analyze(text).diagnostics.find(x => x.code === c.code);
    assert.ok(d?.fixes?.length, `${c.code} offers a fix`);
    const fixed = applyEdits(text, d.fixes![0].edits);
    assert.deepEqual(analyze(fixed).diagnostics.map(x => x.code), [], `after the fix:\n${fixed.slice(BASE.length)}`);
  });
}

test('sram-overflow says how much is needed, how much there is, and the largest bc that fits', () => {
  const text = BASE + 'mapping m for w on star { tiling { bc = 512 } }\n';
  const d = analyze(text).diagnostics.find(x => x.code === 'sram-overflow')!;
  // token SRAM: 2 B x 128 x (128 + 4 x 512) = 544 KB against 192 KB; the largest fitting divisor of 4096 is 128, but
  // its A^ tile (128 x 128 x 2 B = 32 KB) exceeds the 28 KB temp SRAM, so the fix proposes 64 (16 KB).
  assert.match(d.message, /544 KB of token SRAM/);
  assert.match(d.message, /has 192 KB/);
  assert.match(d.message, /largest bc that fits with its A\^ tile on chip and divides seq_len 4096 is 64/);
  assert.equal(d.fixes![0].edits[0].newText, '64');
});

test('unknown names suggest only names of the kind the place takes', () => {
  const text = BASE + 'workload star_w { heads = 1, head_dim = 8, seq_len = 16 }\nmapping m for w on stra {}\n';
  const d = analyze(text).diagnostics.find(x => x.code === 'unknown-name')!;
  assert.match(d.message, /did you mean 'star'\?/);
});

test('partition-indivisible names the count and the axis', () => {
  const text = BASE + 'chip c3 { mesh = 3 x 4 of star }\nmapping m for w on c3 { heads -> mesh.rows, queries -> mesh.cols }\n';
  const d = analyze(text).diagnostics.find(x => x.code === 'partition-indivisible')!;
  assert.match(d.message, /32 heads do not divide over mesh.rows \(3 cores\)/);
});

test('queries and kv partitions are checked too', () => {
  const q = BASE + 'workload odd { heads = 32, head_dim = 128, seq_len = 4096 tokens, query_len = 384 tokens }\nmapping m for odd on c4 { heads -> mesh.rows, queries -> mesh.cols }\n';
  assert.match(analyze(q).diagnostics.find(x => x.code === 'partition-indivisible')!.message, /3 query blocks/);
  const kv = BASE + 'chip c3 { mesh = 4 x 3 of star }\nmapping m for w on c3 { heads -> mesh.rows, kv -> mesh.cols, tiling { bc = 128 } }\n';
  assert.match(analyze(kv).diagnostics.find(x => x.code === 'partition-indivisible')!.message, /32 KV tiles/);
});

test('mesh at most 64 x 64', () => {
  const bad = analyze(BASE + 'chip big { mesh = 65 x 1 of star }\n').diagnostics;
  assert.deepEqual(bad.map(d => d.code), ['out-of-range']);
  assert.deepEqual(analyze(BASE + 'chip big { mesh = 64 x 64 of star }\n').diagnostics, []);
});

test('bits are the model\'s ranges: PEs 2..32, predictor operands 2..16, the LZ code of W_k 2..8', () => {
  const codes = (t: string) => analyze(t).diagnostics.map(d => d.code);
  for (const t of ['core k { kvgen { bits = 33 } }', 'core k { kvgen { bits = 1 } }', 'core k { sufa { bits = 1 } }']) assert.deepEqual(codes(t), ['out-of-range'], t);
  assert.deepEqual(codes('core k { kvgen { bits = 32 }, sufa { bits = 2 } }'), []);
  const w = (p: string) => `workload x { heads = 1, head_dim = 8, seq_len = 16, sparsity { predictor = ${p} } }`;
  for (const p of ['dlzs { token_bits = 20 }', 'dlzs { token_bits = 1 }', 'dlzs { weight_lz_bits = 12 }', 'dlzs { query_bits = 17 }',
    'symmetric { key_bits = 24 }', 'lowbit { bits = 1 }', 'lowbit { bits = 17 }']) assert.deepEqual(codes(w(p)), ['out-of-range'], p);
  assert.deepEqual(codes(w('dlzs { token_bits = 16, weight_lz_bits = 8, query_bits = 2, key_bits = 16 }')), []);
  assert.deepEqual(codes(w('lowbit { bits = 16 }')), []);
  const msg = analyze(w('dlzs { token_bits = 20 }')).diagnostics[0].message;
  assert.match(msg, /'token_bits' must be at least 2 and at most 16, found 20/);
});

test('docs/language.md lists every block, field and unit of the schema', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { SCHEMA, UNITS, PREDICTOR_VARIANTS, DATA_VARIANTS } = await import('../../src/language/schema.js');
  const doc = readFileSync(join(__dirname, '../../../docs/language.md'), 'utf8');
  const blocks = [...Object.values(SCHEMA), ...Object.values(PREDICTOR_VARIANTS), ...Object.values(DATA_VARIANTS)];
  for (const b of blocks) {
    for (const f of Object.keys(b.fields)) assert.ok(doc.includes(`| \`${f}\` |`), `field ${b.name}.${f}`);
    for (const s of Object.values(b.blocks)) {
      assert.ok(doc.includes(`\`${s.name} { }\``), `block ${b.name}.${s.name}`);
      for (const f of Object.keys(s.fields)) assert.ok(doc.includes(`| \`${f}\` |`), `field ${s.name}.${f}`);
    }
  }
  for (const u of Object.keys(UNITS)) assert.ok(doc.includes(`| \`${u}\` |`), `unit ${u}`);
});

test('link-bandwidth-low gives the needed bandwidth and the estimated slowdown', () => {
  const text = BASE + 'chip slow { mesh = 4 x 4 of star, noc { link_bandwidth = 10 GB/s } }\nmapping m for w on slow { kv_flow = ring, tiling { bc = 128 } }\n';
  const d = analyze(text).diagnostics.find(x => x.code === 'link-bandwidth-low')!;
  // 64 KB KV tile per 1.64 us (SU-FA: 2 x 128 x 25.6 x 128 / 512 cycles at 1 GHz): about 40 GB/s against 10.
  assert.match(d.message, /64 KB KV tile per 1\.638 us/);
  assert.match(d.message, /about 40 GB\/s per link/);
  assert.match(d.message, /estimated slowdown 4x/);
});

test('a mapping simulated twice gets a second name; ablation switches reach the model', () => {
  const text = BASE + `core plain { dlzs { enabled = off }, sads { enabled = off }, sufa { enabled = off, order = ascending }, rass = off }
mapping m for w on plain { stages = isolated }
simulate m against a100
simulate m
`;
  const a = analyze(text);
  assert.deepEqual(a.diagnostics, []);
  assert.deepEqual(a.design.simulations.map(s => s.name), ['m', 'm#2']);
  const m = a.design.mappings[0];
  assert.deepEqual([m.chip.core.dlzs.enabled, m.chip.core.sads.enabled, m.chip.core.sufa.enabled, m.chip.core.rass, m.chip.core.sufa.order, m.stages],
    [false, false, false, false, 'ascending', 'isolated']);
});

test('predictors and synthetic data reach the model', () => {
  const text = `workload a { heads = 1, head_dim = 8, seq_len = 16, sparsity { top_k = 0.3, predictor = lowbit { bits = 4 } }, data = synthetic { dominant_spread = 0.6, dominant_few = 0.3, dominant_region = 0.1, noise = 0.05, seed = 3 } }
workload b { heads = 1, head_dim = 8, seq_len = 16, sparsity { predictor = exact } }
workload c { heads = 1, head_dim = 8, seq_len = 16, query_len = 8, sparsity { predictor = symmetric { token_bits = 6 } } }`;
  const { design, diagnostics } = analyze(text);
  assert.deepEqual(diagnostics, []);
  const [a, b, c] = design.workloads;
  assert.equal(a.topK, 0.3);
  // lowbit's bits is the multiply width (keyBits); X and Q keep their own widths, so the data is a DLZS design's
  assert.deepEqual(a.predictor, { kind: 'lowbit', tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 4 });
  assert.deepEqual(a.data, { dominantSpread: 0.6, dominantFew: 0.3, dominantRegion: 0.1, noise: 0.05, seed: 3 });
  assert.deepEqual(b.predictor, { kind: 'exact', tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 16 });
  assert.deepEqual([c.predictor.kind, c.predictor.tokenBits, c.predictor.weightLzBits, c.queryLen, c.seqLen, c.topK], ['symmetric', 6, 4, 8, 16, 0.2]);
});

test('4x4 without spaces is explained and fixed', () => {
  const text = BASE + 'chip tight { mesh = 4x4 of star }\n';
  const d = analyze(text).diagnostics;
  assert.equal(d.length >= 1, true);
  const first = d.find(x => x.message.includes('spaces'))!;
  assert.ok(first, JSON.stringify(d.map(x => x.message)));
  const fixed = applyEdits(text, first.fixes![0].edits);
  assert.ok(fixed.includes('mesh = 4 x 4 of star'));
  assert.deepEqual(analyze(fixed).diagnostics, []);
});

test('every default in the schema, written out, is a valid value of its field', async () => {
  const { SCHEMA, PREDICTOR_VARIANTS, DATA_VARIANTS } = await import('../../src/language/schema.js');
  const required: Record<string, string> = { workload: 'heads = 32, head_dim = 128, seq_len = 4096 tokens', chip: 'mesh = 4 x 4 of star' };
  const wrap = (kind: string, inner: string) => kind === 'mapping'
    ? `${BASE}mapping m for w on star { ${inner} }`
    : `${BASE}${kind} x { ${[required[kind], inner].filter(Boolean).join(', ')} }`;
  const checked: string[] = [];
  for (const [kind, b] of Object.entries(SCHEMA)) {
    for (const f of Object.values(b.fields)) {
      if (f.default === undefined || f.default === 'seq_len') continue;
      const text = wrap(kind, `${f.name} = ${f.default}`);
      assert.deepEqual(analyze(text).diagnostics.map(d => d.message), [], `${kind}.${f.name} = ${f.default}`);
      checked.push(`${kind}.${f.name}`);
    }
    for (const sub of Object.values(b.blocks)) {
      for (const f of Object.values(sub.fields)) {
        if (f.default === undefined) continue;
        const text = wrap(kind, `${sub.name} { ${f.name} = ${f.default} }`);
        assert.deepEqual(analyze(text).diagnostics.map(d => d.message), [], `${kind}.${sub.name}.${f.name} = ${f.default}`);
        checked.push(`${kind}.${sub.name}.${f.name}`);
      }
    }
  }
  // data = trace names files (no defaults): its checks are in trace.test.ts
  const dataVariants = Object.entries(DATA_VARIANTS).filter(([n]) => n !== 'trace');
  for (const [name, v] of [...Object.entries(PREDICTOR_VARIANTS).map(([n, v]) => [`predictor = ${n}`, v] as const), ...dataVariants.map(([n, v]) => [`data = ${n}`, v] as const)]) {
    const body = Object.values(v.fields).map(f => `${f.name} = ${f.default}`).join(', ');
    const value = body ? `${name} { ${body} }` : name;
    const text = name.startsWith('predictor') ? wrap('workload', `sparsity { ${value} }`) : wrap('workload', value);
    assert.deepEqual(analyze(text).diagnostics.map(d => d.message), [], value);
  }
  assert.ok(checked.length > 30);
});
