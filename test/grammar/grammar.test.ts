// The TextMate grammar: tokenize the samples with vscode-textmate + vscode-oniguruma (as VS Code does) and check
// the scopes of keywords, names, numbers, units, strings, comments and operators.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = join(__dirname, '../..');
let registryPromise: Promise<textmate.IGrammar> | undefined;
function grammar(): Promise<textmate.IGrammar> {
  registryPromise ??= (async () => {
    const wasm = readFileSync(join(root, 'node_modules/vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({ createOnigScanner: s => new oniguruma.OnigScanner(s), createOnigString: s => new oniguruma.OnigString(s) }),
      loadGrammar: async scope => scope === 'source.star'
        ? textmate.parseRawGrammar(readFileSync(join(root, 'grammar/star.tmLanguage.json'), 'utf8'), 'star.tmLanguage.json')
        : null,
    });
    const g = await registry.loadGrammar('source.star');
    if (!g) throw new Error('grammar source.star did not load');
    return g;
  })();
  return registryPromise;
}

interface Tok { text: string; scopes: string[]; line: number }
async function tokenize(text: string): Promise<Tok[]> {
  const g = await grammar();
  let stack = textmate.INITIAL;
  const out: Tok[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const r = g.tokenizeLine(line, stack);
    for (const t of r.tokens) out.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes, line: i });
    stack = r.ruleStack;
  });
  return out;
}
/** The scopes of the first token whose text is `text` (after `after` on the same line, if given). */
function scopeOf(toks: Tok[], text: string, lineIncludes?: string, lines?: string[]): string[] {
  const t = toks.find(x => x.text === text && (!lineIncludes || lines![x.line].includes(lineIncludes)));
  assert.ok(t, `a token '${text}'${lineIncludes ? ` on a line with '${lineIncludes}'` : ''}`);
  return t.scopes;
}
function has(scopes: string[], prefix: string): boolean { return scopes.some(s => s.startsWith(prefix)); }

const samples = ['star-llama7b-4k.star', 'spatial-4x4-llama7b-64k.star', 'spatial-8x8-llama7b-256k.star', 'star-bert-base-512.star', 'sofa-table2.star', 'sofa-gpu-comparison.star', 'explore-star-core.star', 'explore-spatial.star', 'mistakes.star'];

test('keywords, block names and references', async () => {
  const text = readFileSync(join(root, 'samples/spatial-4x4-llama7b-64k.star'), 'utf8');
  const toks = await tokenize(text);
  const lines = text.split('\n');
  assert.ok(has(scopeOf(toks, 'workload', 'llama7b_64k {', lines), 'keyword.declaration.workload.star'));
  assert.ok(has(scopeOf(toks, 'llama7b_64k', 'workload', lines), 'entity.name.type.workload.star'));
  assert.ok(has(scopeOf(toks, 'mapping', undefined, lines), 'keyword.declaration.mapping.star'));
  assert.ok(has(scopeOf(toks, 'for', 'mapping', lines), 'keyword.other.for.star'));
  assert.ok(has(scopeOf(toks, 'llama7b_64k', 'mapping', lines), 'variable.other.reference.workload.star'));
  assert.ok(has(scopeOf(toks, 'spatial_4x4', 'mapping', lines), 'variable.other.reference.chip.star'));
  assert.ok(has(scopeOf(toks, 'simulate', undefined, lines), 'keyword.control.simulate.star'));
  assert.ok(has(scopeOf(toks, 'baseline_spatial', 'simulate', lines), 'support.constant.baseline.star'));
  assert.ok(has(scopeOf(toks, 'against', undefined, lines), 'keyword.other.against.star'));
});

test('fields, blocks, partitions and keyword values', async () => {
  const text = readFileSync(join(root, 'samples/spatial-4x4-llama7b-64k.star'), 'utf8');
  const toks = await tokenize(text);
  const lines = text.split('\n');
  assert.ok(has(scopeOf(toks, 'head_dim', undefined, lines), 'variable.other.property.star'));
  assert.ok(has(scopeOf(toks, '=', 'head_dim', lines), 'keyword.operator.assignment.star'));
  assert.ok(has(scopeOf(toks, 'noc', undefined, lines), 'entity.name.section.star'));
  assert.ok(has(scopeOf(toks, 'heads', '->', lines), 'variable.other.property.partition.star'));
  assert.ok(has(scopeOf(toks, '->', undefined, lines), 'keyword.operator.arrow.star'));
  assert.ok(has(scopeOf(toks, 'mesh.rows', undefined, lines), 'support.constant.axis.star'));
  assert.ok(has(scopeOf(toks, 'ring', 'kv_flow', lines), 'constant.language.star'));
  assert.ok(has(scopeOf(toks, 'on', 'rass', lines), 'constant.language.boolean.star'));
  assert.ok(has(scopeOf(toks, 'dlzs', 'predictor', lines), 'support.function.variant.star'));
  assert.ok(has(scopeOf(toks, 'dlzs', 'array', lines), 'entity.name.section.star'));
  assert.ok(has(scopeOf(toks, 'x', 'mesh', lines), 'keyword.operator.times.star'));
  assert.ok(has(scopeOf(toks, 'of', 'mesh', lines), 'keyword.other.of.star'));
});

test('a simulate statement may continue its baselines on the next line after a comma', async () => {
  const toks = await tokenize('simulate m against a100,\n  spatten, fact\ncore c {}');
  assert.ok(has(scopeOf(toks, 'spatten'), 'support.constant.baseline.star'));
  assert.ok(has(scopeOf(toks, 'core'), 'keyword.declaration.core.star'), 'the statement ends with its line');
});

test('numbers with exponents and units', async () => {
  const toks = await tokenize('technology t { node = 28 nm, voltage = 900 mV, frequency = 1.5e9 Hz }\ncore c { sram { token = 192 KB } }\nchip x { noc { link_bandwidth = 64 GB/s, hop_latency = 2 cycles } dram { bandwidth = 1.6 TB/s } }\nworkload w { seq_len = 4096 tokens, sparsity { top_k = 20 % } }');
  for (const n of ['28', '900', '1.5e9', '192', '64', '2', '1.6', '4096', '20']) assert.ok(has(scopeOf(toks, n), 'constant.numeric.star'), n);
  for (const u of ['nm', 'mV', 'Hz', 'KB', 'GB/s', 'cycles', 'TB/s', 'tokens', '%']) assert.ok(has(scopeOf(toks, u), 'keyword.other.unit.star'), u);
});

test('strings with escapes and both kinds of comments', async () => {
  const toks = await tokenize('workload w {\n  model = "Llama \\"7B\\"" // the model\n  /* a block\n     comment */ heads = 32\n}');
  assert.ok(has(scopeOf(toks, 'Llama '), 'string.quoted.double.star'));
  assert.ok(has(scopeOf(toks, '\\"'), 'constant.character.escape.star'));
  assert.ok(has(scopeOf(toks, ' the model'), 'comment.line.double-slash.star'));
  assert.ok(has(scopeOf(toks, '     comment '), 'comment.block.star'));
  assert.ok(has(scopeOf(toks, 'heads'), 'variable.other.property.star'), 'code after a block comment is code again');
});

test('every sample tokenizes; its comments and numbers get their scopes', async () => {
  for (const name of samples) {
    const text = readFileSync(join(root, 'samples', name), 'utf8');
    const toks = await tokenize(text);
    assert.ok(toks.some(t => has(t.scopes, 'comment.line.double-slash.star')), `${name} has comments`);
    assert.ok(toks.some(t => has(t.scopes, 'constant.numeric.star')), `${name} has numbers`);
    // No word of a sample is left unscoped (only whitespace and nothing else may sit in plain source.star).
    const bare = toks.filter(t => t.scopes.length === 1 && t.text.trim() !== '');
    assert.deepEqual(bare.map(t => t.text), [], `${name}: text without a scope`);
  }
});

test('language configuration: comments, brackets, auto-closing pairs', () => {
  const conf = JSON.parse(readFileSync(join(root, 'grammar/language-configuration.json'), 'utf8'));
  assert.equal(conf.comments.lineComment, '//');
  assert.deepEqual(conf.comments.blockComment, ['/*', '*/']);
  assert.deepEqual(conf.brackets.map((b: string[]) => b[0]).sort(), ['(', '[', '{']);
  assert.ok(conf.autoClosingPairs.some((p: { open: string }) => p.open === '"'));
  assert.ok(new RegExp(conf.indentationRules.increaseIndentPattern).test('core star {'));
  assert.ok(new RegExp(conf.indentationRules.decreaseIndentPattern).test('  }'));
});

test('explore items: header, clause words, paths, metrics, comparisons and metric units', async () => {
  const text = [
    'explore sizing for star_4k {',
    '  vary {',
    '    core.sram.token = 128 KB to 512 KB step 64 KB',
    '    mapping.kv_flow = [own, ring]',
    '  }',
    '  minimize latency, energy',
    '  maximize gops_per_w',
    '  subject to { area <= 12 mm2, gops_per_w >= 1 TOPS/W }',
    '  search = evolutionary { population = 64 }',
    '}',
  ].join('\n');
  const toks = await tokenize(text);
  const lines = text.split('\n');
  assert.ok(has(scopeOf(toks, 'explore', undefined, lines), 'keyword.declaration.explore.star'));
  assert.ok(has(scopeOf(toks, 'sizing', undefined, lines), 'entity.name.type.explore.star'));
  assert.ok(has(scopeOf(toks, 'for', 'explore', lines), 'keyword.other.for.star'));
  assert.ok(has(scopeOf(toks, 'star_4k', undefined, lines), 'variable.other.reference.mapping.star'));
  for (const w of ['vary', 'minimize', 'maximize', 'subject', 'search', 'step']) assert.ok(has(scopeOf(toks, w, undefined, lines), `keyword.other.${w}.star`), w);
  assert.ok(has(scopeOf(toks, 'to', 'subject', lines), 'keyword.other.to.star'));
  assert.ok(has(scopeOf(toks, 'latency', undefined, lines), 'support.constant.metric.star'));
  assert.ok(has(scopeOf(toks, 'area', undefined, lines), 'support.constant.metric.star'));
  assert.ok(has(scopeOf(toks, '<=', undefined, lines), 'keyword.operator.comparison.star'));
  assert.ok(has(scopeOf(toks, '>=', undefined, lines), 'keyword.operator.comparison.star'));
  assert.ok(has(scopeOf(toks, 'mm2', undefined, lines), 'keyword.other.unit.star'));
  assert.ok(has(scopeOf(toks, 'TOPS/W', undefined, lines), 'keyword.other.unit.star'));
  assert.ok(has(scopeOf(toks, 'KB', 'step', lines), 'keyword.other.unit.star'));
  assert.ok(has(scopeOf(toks, 'ring', 'kv_flow', lines), 'constant.language.star'));
});
