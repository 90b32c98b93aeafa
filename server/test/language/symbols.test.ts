// Symbols, text positions and units: the helpers the language server builds on.
import test from 'node:test';
import assert from 'node:assert/strict';
import { analyze, definitionAt, referencesOf, referenceAt, offsetToPosition, positionToOffset, LineIndex, normalise, UNIT_TABLE } from '../../src/language/index.js';

const TEXT = `technology t28 { node = 28 nm }
core star { technology = t28 }
chip c { mesh = 2 x 2 of star }
workload w { heads = 4, head_dim = 64, seq_len = 1024 tokens }
mapping m for w on c { heads -> mesh.rows, queries -> mesh.cols }
mapping m2 for w on star {}
simulate m against a100
`;

test('definitions and references, resolved by name', () => {
  const { symbols } = analyze(TEXT);
  assert.deepEqual(symbols.definitions.map(d => `${d.kind} ${d.name}`), ['technology t28', 'core star', 'chip c', 'workload w', 'mapping m', 'mapping m2']);
  const star = symbols.definitions.find(d => d.name === 'star')!;
  const refs = referencesOf(symbols, star);
  assert.equal(refs.length, 2);                      // mesh ... of star, mapping m2 ... on star
  for (const r of refs) assert.equal(TEXT.slice(r.span.start, r.span.end), 'star');
  assert.deepEqual(referencesOf(symbols, symbols.definitions.find(d => d.name === 'w')!).map(r => r.expected), [['workload'], ['workload']]);
});

test('definitionAt works from a reference and from the definition itself', () => {
  const { symbols } = analyze(TEXT);
  const onT28 = TEXT.indexOf('t28 }');
  assert.equal(definitionAt(symbols, onT28 + 1)?.name, 't28');
  assert.equal(definitionAt(symbols, TEXT.indexOf('t28'))?.kind, 'technology');
  assert.equal(definitionAt(symbols, TEXT.indexOf('simulate m') + 9)?.name, 'm');
  assert.equal(definitionAt(symbols, TEXT.indexOf('heads')), undefined);
  assert.equal(referenceAt(symbols, TEXT.indexOf('on c {') + 3)?.name, 'c');
});

test('unresolved references are kept with no definition', () => {
  const { symbols } = analyze('mapping m for nothing on c {}');
  assert.equal(symbols.references[0].name, 'nothing');
  assert.equal(symbols.references[0].resolved, undefined);
});

test('offsets and positions in UTF-16 code units, with \\n, \\r\\n and \\r line ends', () => {
  const text = 'ab\r\ncd\ne\u{1F600}f\rg';
  assert.deepEqual(offsetToPosition(text, 0), { line: 0, character: 0 });
  assert.deepEqual(offsetToPosition(text, 4), { line: 1, character: 0 });
  assert.deepEqual(offsetToPosition(text, 8), { line: 2, character: 1 });     // after 'e', the emoji is two code units
  assert.deepEqual(offsetToPosition(text, 10), { line: 2, character: 3 });
  assert.deepEqual(offsetToPosition(text, 12), { line: 3, character: 0 });
  for (let o = 0; o <= text.length; o++) {
    const p = offsetToPosition(text, o);
    if (text[o - 1] === '\r' && text[o] === '\n') continue;             // inside a \r\n: no position of its own
    assert.equal(positionToOffset(text, p), o, `offset ${o}`);
  }
  assert.equal(positionToOffset(text, { line: 0, character: 99 }), 2);      // past the end of a line: its end
  assert.equal(positionToOffset(text, { line: 99, character: 0 }), text.length);
  assert.equal(new LineIndex(text).starts.length, 4);
});

test('units normalise to the model\'s base units', () => {
  assert.deepEqual(normalise(192, 'KB', 'bytes'), { ok: true, value: 196608 });
  assert.deepEqual(normalise(1.6, 'TB/s', 'bandwidth'), { ok: true, value: 1.6e12 });
  assert.deepEqual(normalise(500, 'MHz', 'frequency'), { ok: true, value: 5e8 });
  assert.deepEqual(normalise(900, 'mV', 'voltage'), { ok: true, value: 0.9 });
  assert.deepEqual(normalise(20, '%', 'ratio'), { ok: true, value: 0.2 });
  assert.deepEqual(normalise(28, undefined, 'length'), { ok: false, reason: 'missing-unit' });
  assert.deepEqual(normalise(128, undefined, 'tokens'), { ok: true, value: 128 });
  assert.deepEqual(normalise(1, 'GB', 'bandwidth'), { ok: false, reason: 'wrong-unit', unit: 'GB' });
  assert.equal(UNIT_TABLE.KB.factor, 1024);
  assert.equal(UNIT_TABLE['GB/s'].factor, 1e9);
});

test('the design: units normalised, references resolved, a core mapping becomes a 1 x 1 chip', () => {
  const { design, diagnostics } = analyze(TEXT);
  assert.deepEqual(diagnostics, []);
  const [m, m2] = design.mappings;
  assert.equal(m.chip.rows, 2);
  assert.equal(m.chip.core.technology.nodeNm, 28);
  assert.equal(m.workload.seqLen, 1024);
  assert.deepEqual([m.partition.heads, m.partition.queries, m.partition.kv], ['rows', 'cols', 'none']);
  assert.equal(m2.chip.singleCore, true);
  assert.equal(m2.chip.rows * m2.chip.cols, 1);
  assert.deepEqual(m2.chip.dram.attach, [[0, 0]]);
  assert.equal(m2.chip.dram.bandwidthBps, 512e9);
  assert.equal(design.simulations[0].mapping, m);
  assert.deepEqual(design.simulations[0].baselines, ['a100']);
});
