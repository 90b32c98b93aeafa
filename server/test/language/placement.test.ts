// `dram { placement = nearest | interleaved }`: parsed, checked into the model (default nearest), a bad value is a
// clear error with a fix, and hover and completion show the field and its values (they read the schema).
import test from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../src/language/index.js';
import { SCHEMA } from '../../src/language/schema.js';
import { analyzeText } from '../../src/lsp/analysis.js';
import { hoverAt } from '../../src/lsp/features/hover.js';
import { completeAt } from '../../src/lsp/features/completion.js';
import { BASE, applyEdits, spanText } from './helpers.js';

const chipWith = (dram: string) => `${BASE}chip c2 { mesh = 2 x 2 of star, dram { ${dram} } }\n`;
const dramOf = (text: string, name = 'c2') => analyze(text).design.chips.find(c => c.name === name)!.dram;

test('placement: nearest, interleaved, and nearest when absent', () => {
  assert.equal(dramOf(chipWith('attach = edges, placement = interleaved')).placement, 'interleaved');
  assert.equal(dramOf(chipWith('placement = nearest')).placement, 'nearest');
  assert.equal(dramOf(chipWith('channels = 8')).placement, 'nearest', 'the default is filled by the checker');
  assert.equal(dramOf(BASE, 'c4').placement, 'nearest', 'a chip without a dram block');
  for (const ok of ['placement = interleaved', 'placement = nearest', 'attach = [(0, 0), (1, 1)], placement = interleaved']) {
    assert.deepEqual(analyze(chipWith(ok)).diagnostics, [], ok);
  }
  // a single core named by a mapping gets the default DRAM: nearest
  const single = analyze(`${BASE}mapping m for w on star {}\n`).design.mappings[0];
  assert.equal(single.chip.dram.placement ?? 'nearest', 'nearest');
});

test('placement: a misspelt value is unknown-value on the value, naming both choices, with a fix', () => {
  const text = chipWith('placement = interleave');
  const ds = analyze(text).diagnostics;
  assert.equal(ds.length, 1, JSON.stringify(ds));
  const d = ds[0];
  assert.equal(d.code, 'unknown-value');
  assert.equal(d.severity, 'error');
  assert.equal(spanText(text, d), 'interleave');
  assert.match(d.message, /'placement' cannot be 'interleave': did you mean 'interleaved'\?/);
  assert.match(d.message, /nearest, interleaved/);
  const fix = d.fixes?.find(f => f.preferred) ?? d.fixes?.[0];
  assert.ok(fix, 'a quick fix');
  const fixed = applyEdits(text, fix.edits);
  assert.match(fixed, /placement = interleaved/);
  assert.deepEqual(analyze(fixed).diagnostics, []);
  assert.equal(dramOf(fixed).placement, 'interleaved');
  // the model still gets a placement it can run (the default) while the error stands
  assert.equal(dramOf(text).placement, 'nearest');
});

test('placement: a number, a list or a duplicate is an error on the value', () => {
  for (const [bad, code, at] of [
    ['placement = 3', 'type-mismatch', '3'],
    ['placement = [(0, 0)]', 'type-mismatch', '[(0, 0)]'],
    ['placement = nearest, placement = interleaved', 'duplicate-field', 'placement'],
  ] as const) {
    const text = chipWith(bad);
    const d = analyze(text).diagnostics.find(x => x.code === code);
    assert.ok(d, `${bad}: ${JSON.stringify(analyze(text).diagnostics.map(x => x.code))}`);
    assert.equal(spanText(text, d), at, bad);
    assert.match(d.message, /placement/);
  }
});

test('placement is in the schema with both values, its default and what each means', () => {
  const f = SCHEMA.chip.blocks.dram.fields.placement;
  assert.ok(f);
  assert.deepEqual(f.type, { kind: 'enum', values: ['nearest', 'interleaved'] });
  assert.equal(f.default, 'nearest');
  assert.match(f.doc, /nearest \(/);
  assert.match(f.doc, /interleaved \(/);
});

/** `<|>` marks the cursor. */
function at(marked: string) {
  const offset = marked.indexOf('<|>');
  assert.ok(offset >= 0);
  const text = marked.replace('<|>', '');
  const doc = TextDocument.create('file:///placement.star', 'star', 1, text);
  return { doc, a: analyzeText(doc.uri, 1, text), offset };
}

test('hover on placement (key and value): its meaning, values and default', () => {
  for (const marked of [chipWith('attach = edges, plac<|>ement = interleaved'), chipWith('attach = edges, placement = inter<|>leaved')]) {
    const { doc, a, offset } = at(marked);
    const h = hoverAt(doc, a, offset);
    assert.ok(h, marked);
    const md = (h.contents as { value: string }).value;
    assert.match(md, /\*\*placement\*\*/);
    assert.match(md, /one of nearest, interleaved/);
    assert.match(md, /Default: `nearest`/);
    assert.match(md, /spread over every channel/);
  }
});

test('completion offers placement in a dram block, and its two values after `placement =`', () => {
  const field = at(chipWith('channels = 16, <|>'));
  const fields = completeAt(field.doc, field.a, field.offset).map(i => i.label);
  assert.ok(fields.includes('placement'), fields.join(', '));
  const value = at(chipWith('placement = <|>'));
  const values = completeAt(value.doc, value.a, value.offset).map(i => i.label);
  assert.deepEqual(values.filter(v => v === 'nearest' || v === 'interleaved').sort(), ['interleaved', 'nearest'], values.join(', '));
  const written = at(chipWith('placement = nearest, <|>'));
  assert.ok(!completeAt(written.doc, written.a, written.offset).map(i => i.label).includes('placement'), 'not offered twice');
});
