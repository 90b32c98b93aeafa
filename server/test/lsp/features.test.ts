// The editor features, exercised over JSON-RPC as an editor uses them. Cursors are marked `<|>` in the text.
import test from 'node:test';
import assert from 'node:assert/strict';
import { LspClient, ensureBuilt, nthIndex, rangeText, applyEdits, decodeSemanticTokens, sample, sampleNames } from './harness.js';
import { design } from './fixtures.js';

let c: LspClient;
test.before(async () => { ensureBuilt(); c = await LspClient.start(); });
test.after(async () => { assert.deepEqual(c.errors(), []); await c.stop(); });

const open = (marked: string) => c.openMarked(marked, 'features');
const at = nthIndex;
const hoverText = (uri: string, offset: number) => c.hoverText(uri, offset);
const labels = (uri: string, offset: number) => c.completionLabels(uri, offset);

test('the fixture design has no diagnostics', async () => {
  const { uri } = await open(design);
  assert.deepEqual((await c.diagnostics(uri)).diagnostics, []);
});

test('hover on a field: its meaning, unit, range and default', async () => {
  const { uri, text } = await open(design);
  const h = await hoverText(uri, at(text, 'frequency'));
  assert.match(h, /\*\*frequency\*\*/);
  assert.match(h, /Clock frequency/);
  assert.match(h, /GHz/);
  assert.match(h, /Default: `1 GHz`/);
  assert.match(h, /> 0 Hz and ≤ 10 GHz/, 'limits are written in units, not base units');
  const top = await hoverText(uri, at(text, 'top_k'));
  assert.match(top, /Fraction of keys kept/);
  assert.match(top, /> 0 % and ≤ 100 %/);
});

test('hover on a name: the kind and the first lines of its definition', async () => {
  const { uri, text } = await open(design);
  const h = await hoverText(uri, at(text, 'tsmc28', 1));          // the use in `technology = tsmc28`
  assert.match(h, /\*\*technology\*\* `tsmc28`/);
  assert.match(h, /node = 28 nm/);
  const chip = await hoverText(uri, at(text, 'mesh4', 1));
  assert.match(chip, /\*\*chip\*\* `mesh4`/);
  assert.match(chip, /A 4 x 4 mesh/, 'the comment above the block is its summary');
});

test('hover on a unit, a block keyword, a sub-block and a baseline', async () => {
  const { uri, text } = await open(design);
  assert.match(await hoverText(uri, at(text, 'GB/s') + 1), /GB\/s.*bandwidth/s);
  assert.match(await hoverText(uri, at(text, 'KB')), /1024/);
  assert.match(await hoverText(uri, at(text, 'core star')), /\*\*core\*\*\n\nA STAR core/);
  assert.match(await hoverText(uri, at(text, 'sram')), /SRAM/);
  assert.match(await hoverText(uri, at(text, 'a100')), /baseline.*A100/s);
  assert.equal(await c.hover(uri, at(text, '// Single') + 3), null, 'nothing to say inside a comment');
  assert.match(await hoverText(uri, at(text, ' on mesh4') + 1), /the chip \(or a single core\)/);
  assert.equal(await c.hover(uri, at(text, 'of STAR') + 1), null, '"of" inside a comment is no keyword');
});

test('completion: top-level keywords at the start of a line', async () => {
  const { uri, offsets } = await open(`${design}\n<|>`);
  assert.deepEqual((await labels(uri, offsets[0])).sort(), ['chip', 'core', 'explore', 'mapping', 'simulate', 'technology', 'workload']);
});

test('completion: fields valid in the block, not yet written', async () => {
  const { uri, offsets } = await open('technology t {\n  node = 28 nm\n  <|>\n}\ncore c {\n  rass = on\n  s<|>\n}\n');
  assert.deepEqual((await labels(uri, offsets[0])).sort(), ['frequency', 'voltage']);
  const core = await labels(uri, offsets[1]);
  for (const w of ['technology', 'dlzs', 'sads', 'kvgen', 'sufa', 'sram']) assert.ok(core.includes(w), `${w} in ${core}`);
  assert.ok(!core.includes('rass'), 'rass is written already');
  const items = await c.completion(uri, offsets[1]);
  const sram = items.find(i => i.label === 'sram')!;
  assert.ok(sram.textEdit && 'range' in sram.textEdit);
  assert.equal(rangeText(c.text(uri), sram.textEdit.range), 's', 'the partial word is replaced');
});

test('completion on a field name already written offers that field again, with the others not yet present', async () => {
  const { uri, offsets } = await open('workload w {\n  layers<|> = 32\n  heads = 4\n}\n');
  const items = await labels(uri, offsets[0]);
  assert.ok(items.includes('layers'), `layers in ${items}`);
  assert.ok(!items.includes('heads'), 'heads is written already');
  assert.ok(items.includes('head_dim'), `head_dim in ${items}`);
});

test('completion: names of the right kind after technology =, for, on, of, simulate; baselines after against', async () => {
  const { uri, offsets } = await open(`${design}
core c2 { technology = <|> }
chip c3 { mesh = 2 x 2 of <|> }
mapping m2 for <|> on <|>
simulate <|> against a100, <|>
`);
  assert.deepEqual(await labels(uri, offsets[0]), ['tsmc28']);
  assert.deepEqual((await labels(uri, offsets[1])).sort(), ['c2', 'star']);
  assert.deepEqual(await labels(uri, offsets[2]), ['llama7b']);
  assert.deepEqual((await labels(uri, offsets[3])).sort(), ['c2', 'c3', 'mesh4', 'star']);
  assert.deepEqual((await labels(uri, offsets[4])).sort(), ['m1', 'm2']);
  const baselines = await labels(uri, offsets[5]);
  assert.ok(baselines.includes('baseline_spatial') && !baselines.includes('a100'), baselines.join());
});

test('completion: enum values, on/off, predictor variants, keywords such as auto, partition targets', async () => {
  const { uri, offsets } = await open(`mapping m for w on c {
  kv_flow = <|>
  tiling { bc = <|> }
  heads -> <|>
}
core k { rass = <|> }
workload w { sparsity { predictor = <|> } }
`);
  assert.deepEqual(await labels(uri, offsets[0]), ['own', 'multicast', 'ring']);
  assert.ok((await labels(uri, offsets[1])).includes('auto'));
  assert.deepEqual(await labels(uri, offsets[2]), ['mesh.rows', 'mesh.cols', 'mesh', 'none']);
  assert.deepEqual(await labels(uri, offsets[3]), ['on', 'off']);
  assert.deepEqual(await labels(uri, offsets[4]), ['dlzs', 'symmetric', 'lowbit', 'exact']);
});

test('completion: units of the field\'s dimension after a number', async () => {
  const { uri, offsets } = await open('technology t {\n  frequency = 1 <|>\n  node = 28 n<|>\n}\nchip c { noc { link_bandwidth = 64 G<|> } }\n');
  assert.deepEqual((await labels(uri, offsets[0])).sort(), ['GHz', 'Hz', 'MHz', 'kHz']);
  assert.deepEqual(await labels(uri, offsets[1]), ['nm']);
  assert.deepEqual((await labels(uri, offsets[2])).sort(), ['GB/s', 'MB/s', 'TB/s']);
});

test('completion in a large file right after an edit: names from the previous analysis, context from the new text', async () => {
  const names = ['tsmc28', 'llama7b', 'star', 'mesh4', 'm1'];
  let big = '';
  for (let k = 0; big.length <= 110_000; k++) big += names.reduce((t, n) => t.replace(new RegExp(`\\b${n}\\b`, 'g'), `${n}_${k}`), design);
  const { uri } = await open(big);
  const edited = `${big}core zz {\n  technology = `;
  await c.change(uri, edited);
  const items = await labels(uri, edited.length);
  assert.ok(items.length > 100 && items.every(l => l.startsWith('tsmc28_')), items.slice(0, 5).join());
});

test('completion: nothing inside comments and strings', async () => {
  const { uri, offsets } = await open('// core <|>\nworkload w { model = "Lla<|>" }\n');
  assert.deepEqual(await labels(uri, offsets[0]), []);
  assert.deepEqual(await labels(uri, offsets[1]), []);
});

test('definition: from each kind of use to the declaring block', async () => {
  const { uri, text } = await open(design);
  const uses: Array<[string, number, string]> = [['tsmc28', 1, 'tsmc28'], ['of star', 0, 'star'], ['for llama7b', 0, 'llama7b'], ['on mesh4', 0, 'mesh4'], ['simulate m1', 0, 'm1']];
  for (const [needle, nth, name] of uses) {
    const offset = at(text, needle, nth) + needle.indexOf(name);
    const locs = await c.definition(uri, offset + 1);
    assert.equal(locs.length, 1, needle);
    assert.equal(rangeText(text, locs[0].range), name);
    const declared = text.search(new RegExp(`(technology|workload|core|chip|mapping) ${name}\\b`));
    assert.equal(text.indexOf(name, declared), at(text, name, 0) === declared ? declared : text.indexOf(name, declared), needle);
    assert.ok(locs[0].range.start.line < c.text(uri).slice(0, offset).split('\n').length, `${needle}: the definition comes first`);
  }
  assert.deepEqual(await c.definition(uri, at(text, 'frequency')), [], 'a field is not a name');
});

test('references: declaration and uses, or only the uses', async () => {
  const { uri, text } = await open(design);
  const all = await c.references(uri, at(text, 'star {') + 1);
  assert.deepEqual(all.map(l => rangeText(text, l.range)), ['star', 'star']);
  assert.equal((await c.references(uri, at(text, 'star {'), false)).length, 1);
  assert.equal((await c.references(uri, at(text, 'mesh4'))).length, 2);
});

test('rename: every occurrence; prepareRename refuses fields; invalid or taken names are errors', async () => {
  const { uri, text } = await open(design);
  const prep = await c.prepareRename(uri, at(text, 'mesh4', 1));
  assert.ok(prep && 'placeholder' in prep && prep.placeholder === 'mesh4');
  assert.equal(await c.prepareRename(uri, at(text, 'frequency')), null);
  const edit = await c.rename(uri, at(text, 'llama7b'), 'llama7b_4k');
  const renamed = applyEdits(text, edit!.changes![uri]);
  assert.equal(renamed.match(/llama7b_4k/g)?.length, 2);
  assert.ok(!/\bllama7b\b/.test(renamed));
  await assert.rejects(c.rename(uri, at(text, 'llama7b'), '7up'), /not a valid name/);
  await assert.rejects(c.rename(uri, at(text, 'llama7b'), 'star'), /already the name of a core/);
});

test('formatting keeps the meaning: each sample formatted has the same diagnostics', async () => {
  for (const name of sampleNames()) {
    const text = sample(name);
    const { uri } = await open(text);
    const before = (await c.diagnostics(uri)).diagnostics.map(d => `${d.code} ${d.message}`);
    const formatted = applyEdits(text, await c.formatting(uri));
    await c.change(uri, formatted);
    const after = (await c.diagnostics(uri)).diagnostics.map(d => `${d.code} ${d.message}`);
    assert.deepEqual(after, before, name);
  }
});

test('formatting: canonical layout, idempotent, comments kept', async () => {
  const messy = 'core   star{\n technology=tsmc28   // the node\n      sram {token=192 KB}\n    }\n';
  const { uri } = await open(messy);
  const formatted = applyEdits(messy, await c.formatting(uri));
  assert.equal(formatted, 'core star {\n  technology = tsmc28 // the node\n  sram { token = 192 KB }\n}\n');
  await c.change(uri, formatted);
  assert.deepEqual(await c.formatting(uri), [], 'formatting a formatted file changes nothing');
});

test('document symbols: the outline of blocks with their sub-blocks and fields', async () => {
  const { uri } = await open(design);
  const symbols = await c.documentSymbols(uri);
  assert.deepEqual(symbols.map(s => s.name), ['tsmc28', 'llama7b', 'star', 'mesh4', 'm1', 'simulate m1']);
  const star = symbols.find(s => s.name === 'star')!;
  assert.deepEqual(star.children?.map(s => s.name), ['technology', 'dlzs', 'sram', 'rass']);
  assert.deepEqual(star.children?.find(s => s.name === 'sram')?.children?.map(s => s.name), ['token', 'weight', 'temp']);
  assert.equal(symbols.find(s => s.name === 'm1')?.detail, 'mapping for llama7b on mesh4');
});

test('semantic tokens: keywords, declarations, references, fields, numbers, units, strings, comments', async () => {
  const { uri, text } = await open(design);
  const legend = (c.initializeResult.capabilities.semanticTokensProvider as { legend: { tokenTypes: string[]; tokenModifiers: string[] } }).legend;
  const tokens = decodeSemanticTokens((await c.semanticTokens(uri))!.data, legend.tokenTypes, legend.tokenModifiers);
  const lines = text.split('\n');
  const of = (word: string, type: string) => tokens.filter(t => t.type === type && lines[t.line].slice(t.character, t.character + t.length) === word);
  assert.equal(of('core', 'keyword').length, 1);
  assert.equal(of('for', 'keyword').length, 1);
  assert.equal(of('on', 'keyword').length, 1, '`on` after a mapping is a keyword...');
  assert.equal(of('on', 'enumMember').length, 1, '...and a value in `rass = on`');
  assert.deepEqual(of('star', 'class').map(t => t.modifiers), [['declaration'], []]);
  assert.ok(of('frequency', 'property').length === 1);
  assert.ok(of('4096', 'number').length === 1);
  assert.ok(of('GHz', 'type').length === 1);
  assert.ok(of('"Llama-7B"', 'string').length === 1);
  assert.equal(tokens.filter(t => t.type === 'comment').length, 3, 'a line comment and a block comment over two lines');
  // Tokens never overlap and stay inside their line.
  for (let i = 1; i < tokens.length; i++) {
    const [p, q] = [tokens[i - 1], tokens[i]];
    assert.ok(q.line > p.line || q.character >= p.character + p.length);
  }
  for (const t of tokens) assert.ok(t.character + t.length <= lines[t.line].length);
});

test('folding: blocks and comment runs', async () => {
  const { uri, text } = await open(`// one\n// two\n\n${design}`);
  const ranges = await c.foldingRanges(uri);
  const lines = text.split('\n');
  assert.ok(ranges.some(r => r.kind === 'comment' && r.startLine === 0 && r.endLine === 1));
  assert.ok(ranges.some(r => r.kind === 'comment' && lines[r.startLine].startsWith('/*')));
  const core = lines.findIndex(l => l.startsWith('core star'));
  assert.ok(ranges.some(r => r.startLine === core && lines[r.endLine + 1] === '}'));
  assert.ok(!ranges.some(r => lines[r.startLine].startsWith('  dlzs')), 'one-line blocks do not fold');
});
