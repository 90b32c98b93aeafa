// Parser: the tree of a complete design, values of every shape, comments and strings, and recovery on broken text.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../src/language/parser.js';
import { StarLexer, allTokens } from '../../src/language/lexer.js';
import type { Field, TopBlock, SubBlock, Partition, CallValue, SimulateStmt } from '../../src/language/ast.js';

const sample = (name: string) => readFileSync(join(__dirname, '../../../samples', name), 'utf8');
const at = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

test('lexer: numbers with exponents, units with /s, strings with escapes, both comment kinds', () => {
  const r = StarLexer.tokenize('x = 1e-3 2.5E6 .5 64 GB/s "a \\"b\\" c" // line\n/* block\n */ y');
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.tokens.map(t => t.image), ['x', '=', '1e-3', '2.5E6', '.5', '64', 'GB/s', '"a \\"b\\" c"', 'y']);
  assert.equal(r.groups.comments.length, 2);
  assert.ok(allTokens.length > 20);
});

test('a sample parses to blocks with spans that point at their text', () => {
  const text = sample('spatial-4x4-llama7b-64k.star');
  const f = parse(text);
  assert.deepEqual(f.syntaxErrors, []);
  assert.deepEqual(f.items.map(i => i.kind), ['technology', 'workload', 'core', 'chip', 'mapping', 'simulate']);
  const mapping = f.items[4] as TopBlock;
  assert.equal(at(text, mapping.name!.span), 'long_context');
  assert.equal(at(text, mapping.forRef!.span), 'llama7b_64k');
  assert.equal(at(text, mapping.onRef!.span), 'spatial_4x4');
  assert.ok(at(text, mapping.span).startsWith('mapping long_context') && at(text, mapping.span).endsWith('}'));
  const heads = mapping.body.find(e => e.kind === 'partition') as Partition;
  assert.equal(at(text, heads.span), 'heads   -> mesh.rows');
  assert.deepEqual(heads.target!.path.map(p => p.text), ['mesh', 'rows']);
  const chip = f.items[3] as TopBlock;
  const mesh = chip.body[0] as Field;
  assert.equal(mesh.value!.kind, 'dims');
  assert.equal(at(text, mesh.value!.span), '4 x 4 of star');
  const sim = f.items[5] as SimulateStmt;
  assert.deepEqual(sim.against.map(a => a.text), ['baseline_spatial', 'a100']);
  assert.ok(f.comments.length > 3);
});

test('values: number with unit, range, call, list of router pairs, string', () => {
  const text = 'core c { sads { width = 16 to 4 } sram { token = 192 KB } }\nworkload w { model = "L\\"7B", sparsity { top_k = 20 %, predictor = dlzs { token_bits = 8 } } }\nchip x { dram { attach = [(0, 0), (3, 3)] } }';
  const f = parse(text);
  assert.deepEqual(f.syntaxErrors, []);
  const core = f.items[0] as TopBlock;
  const width = (core.body[0] as SubBlock).body[0] as Field;
  assert.equal(width.value!.kind, 'range');
  const token = ((core.body[1] as SubBlock).body[0] as Field).value!;
  assert.ok(token.kind === 'number' && token.value === 192 && token.unit!.text === 'KB');
  const wl = f.items[1] as TopBlock;
  const model = (wl.body[0] as Field).value!;
  assert.ok(model.kind === 'string' && model.value === 'L"7B');
  const pred = ((wl.body[1] as SubBlock).body[1] as Field).value as CallValue;
  assert.equal(pred.kind, 'call');
  assert.equal(pred.name.text, 'dlzs');
  assert.equal((pred.body[0] as Field).key.text, 'token_bits');
  const attach = (((f.items[2] as TopBlock).body[0] as SubBlock).body[0] as Field).value!;
  assert.ok(attach.kind === 'list' && attach.items.length === 2 && attach.items.every(i => i.kind === 'list'));
});

test('a number on one line does not take the next line\'s word as its unit', () => {
  const f = parse('workload w {\n  heads = 32\n  noc\n}');
  const heads = (f.items[0] as TopBlock).body[0] as Field;
  assert.ok(heads.value!.kind === 'number' && heads.value!.unit === undefined);
  assert.equal(f.syntaxErrors.length, 1);
  assert.equal(f.syntaxErrors[0].message, "expected '=' or '{' after 'noc', found '}'");
});

test('syntax errors say what was expected', () => {
  const cases: Array<[string, RegExp]> = [
    ['workload {}', /expected a name after 'workload'/],
    ['mapping m w on c {}', /expected 'for' after 'm'/],
    ['mapping m for w on c { noc }', /expected '=', '\{' or '->' after 'noc'/],
    ['core c { rass = }', /expected a value .* after '='/],
    ['chip c { mesh = 4 x }', /expected a number after 'x'/],
    ['core c { sram { token = 1 KB }', /expected '\}' after '\}', found the end of the file/],
    ['simulate m against', /expected a name after 'against'/],
    ['workload w { model = "abc', /string is never closed/],
    ['/* open', /comment is never closed/],
    ['hello workload w {}', /expected technology, workload, core, chip, mapping, simulate or explore, found 'hello'/],
    ['core c { x = 1 } }', /unexpected '\}'/],
    ['core c { x = 1 # }', /unexpected character '#'/],
  ];
  for (const [text, re] of cases) {
    const f = parse(text);
    assert.ok(f.syntaxErrors.some(e => re.test(e.message)), `${text} -> ${JSON.stringify(f.syntaxErrors.map(e => e.message))}`);
    for (const e of f.syntaxErrors) assert.ok(e.span.start >= 0 && e.span.end <= text.length && e.span.start <= e.span.end);
  }
});

test('recovery: a block that never closes does not swallow the next one', () => {
  const text = 'workload a {\n  heads = 32\n\ncore b {\n  rass = on\n}\n';
  const f = parse(text);
  assert.deepEqual(f.items.map(i => (i as TopBlock).name?.text), ['a', 'b']);
  assert.equal(((f.items[0] as TopBlock).body[0] as Field).key.text, 'heads');
  assert.equal(((f.items[1] as TopBlock).body[0] as Field).key.text, 'rass');
  assert.equal(f.syntaxErrors.length, 1);
});

test('recovery: a half-typed field keeps its key and the rest of the block', () => {
  const f = parse('technology t {\n  node = \n  voltage = 1 V\n}');
  const t = f.items[0] as TopBlock;
  // `node = voltage` reads on, so the error surfaces at the second '='; both keys stay in the tree.
  assert.ok(t.body.length >= 1);
  assert.equal((t.body[0] as Field).key.text, 'node');
  assert.ok(f.syntaxErrors.length >= 1);
});

test('a half-typed mapping still gives its name and references', () => {
  const f = parse('mapping m for w on ');
  const m = f.items[0] as TopBlock;
  assert.equal(m.name?.text, 'm');
  assert.equal(m.forRef?.text, 'w');
  assert.equal(m.onRef, undefined);
  assert.ok(f.syntaxErrors.length >= 1);
});

test('every sample parses without syntax errors', () => {
  for (const name of ['star-llama7b-4k.star', 'star-bert-base-512.star', 'sofa-table2.star', 'sofa-gpu-comparison.star', 'explore-star-core.star', 'explore-spatial.star', 'spatial-4x4-llama7b-64k.star', 'spatial-8x8-llama7b-256k.star']) {
    assert.deepEqual(parse(sample(name)).syntaxErrors, [], name);
  }
});
