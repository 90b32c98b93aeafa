// Where completion thinks the cursor is, on half-typed text the parser cannot make sense of yet.
import test from 'node:test';
import assert from 'node:assert/strict';
import { completionContext } from '../../src/lsp/completionContext.js';
import { cursors } from './harness.js';

function at(marked: string) {
  const { text, offsets } = cursors(marked);
  const c = completionContext(text, offsets[0]);
  return { path: c.path, statement: c.statement, prefix: c.prefix, inert: c.inert, present: [...c.present].sort() };
}

test('block path through top blocks, sub-blocks and `field = variant { }` bodies', () => {
  assert.deepEqual(at('core star {\n  sram { token = 192 KB, <|> }\n}').path, ['core', 'sram']);
  assert.deepEqual(at('workload w {\n  sparsity {\n    predictor = dlzs { token_bits = 8, <|> }\n  }\n}').path, ['workload', 'sparsity', 'predictor', 'dlzs']);
  assert.deepEqual(at('core a { }\n<|>').path, []);
  assert.deepEqual(at('core a {\n  sram {\n<|>').path, ['core', 'sram'], 'unclosed blocks are still blocks');
});

test('the statement so far, and the partial word', () => {
  assert.deepEqual(at('core c {\n  technology = ts<|>\n}'), { path: ['core'], statement: ['technology', '='], prefix: 'ts', inert: false, present: ['technology'] });
  assert.deepEqual(at('chip c { noc { link_bandwidth = 64 GB/<|> } }').statement, ['link_bandwidth', '=', '64']);
  assert.equal(at('chip c { noc { link_bandwidth = 64 GB/<|> } }').prefix, 'GB/');
  assert.deepEqual(at('mapping m for w on <|>').statement, ['mapping', 'm', 'for', 'w', 'on']);
  assert.deepEqual(at('simulate m against a100,\n  <|>').statement, ['simulate', 'm', 'against', 'a100', ','], 'a list continues on the next line');
  assert.deepEqual(at('simulate m against a100\n<|>').statement, [], 'a finished header: the next line is a new item');
  assert.deepEqual(at('mapping m for\n<|>').statement, ['mapping', 'm', 'for'], 'an unfinished header continues');
});

test('fields already written in the block, before and after the cursor', () => {
  assert.deepEqual(at('technology t {\n  node = 28 nm\n  <|>\n  voltage = 1 V\n}\ntechnology u { frequency = 1 GHz }').present, ['node', 'voltage']);
  assert.deepEqual(at('core c {\n  dlzs { array = 1 x 1 }\n  <|>\n}').present, ['dlzs']);
  // The key under the cursor is being edited: not written yet, whatever is typed over it.
  assert.deepEqual(at('workload w {\n  layers<|> = 32\n  heads = 4\n}').present, ['heads']);
  assert.deepEqual(at('workload w {\n  lay<|>ers = 32\n  heads = 4\n}').present, ['heads']);
  assert.deepEqual(at('core c {\n  sr<|>am { token = 1 KB }\n  rass = on\n}').present, ['rass']);
});

test('inside comments and strings nothing completes', () => {
  assert.equal(at('// core <|>').inert, true);
  assert.equal(at('/* core <|> */').inert, true);
  assert.equal(at('workload w { model = "Lla<|>" }').inert, true);
  assert.equal(at('workload w { model = "Llama"<|> }').inert, false);
  assert.equal(at('core c { rass = <|> } // done').inert, false);
});
