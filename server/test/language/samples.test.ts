// The samples: every one is free of diagnostics except mistakes.star, which shows each diagnostic its comments name.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/language/index.js';

const read = (n: string) => readFileSync(join(__dirname, '../../../samples', n), 'utf8');

for (const name of ['star-llama7b-4k.star', 'star-bert-base-512.star', 'sofa-table2.star', 'sofa-gpu-comparison.star', 'explore-star-core.star', 'explore-spatial.star', 'spatial-4x4-llama7b-64k.star', 'spatial-8x8-llama7b-256k.star']) {
  test(`${name} is free of diagnostics and simulates something`, () => {
    const a = analyze(read(name));
    assert.deepEqual(a.diagnostics.map(d => `${d.code}: ${d.message}`), []);
    assert.ok(a.design.simulations.length >= 1);
  });
}

test('the paper\'s STAR core sample holds the paper\'s configuration', () => {
  const { design } = analyze(read('star-llama7b-4k.star'));
  const m = design.simulations[0].mapping;
  const c = m.chip.core;
  assert.equal(m.chip.singleCore, true);
  assert.deepEqual([c.dlzs.rows, c.dlzs.cols, c.sads.sorters, c.sads.inputs, c.sads.outputs], [128, 32, 128, 16, 4]);
  assert.deepEqual([c.sram.tokenBytes, c.sram.weightBytes, c.sram.tempBytes], [192 * 1024, 96 * 1024, 28 * 1024]);
  assert.deepEqual([m.workload.layers, m.workload.heads, m.workload.headDim, m.workload.seqLen, m.workload.topK], [32, 32, 128, 4096, 0.2]);
  assert.equal(m.tiling.bc * m.tiling.tc, 4096);
  assert.ok(design.simulations[0].baselines.includes('a100') && design.simulations[0].baselines.includes('spatten'));
});

test('the spatial samples hold their meshes', () => {
  const a = analyze(read('spatial-4x4-llama7b-64k.star')).design.simulations[0];
  assert.deepEqual([a.mapping.chip.rows, a.mapping.chip.cols, a.mapping.workload.seqLen, a.mapping.kvFlow], [4, 4, 65536, 'ring']);
  const b = analyze(read('spatial-8x8-llama7b-256k.star')).design.simulations[0];
  assert.deepEqual([b.mapping.chip.rows, b.mapping.chip.cols, b.mapping.workload.seqLen], [8, 8, 262144]);
  assert.ok(a.baselines.includes('baseline_spatial') && b.baselines.includes('baseline_spatial'));
});

test('mistakes.star shows every diagnostic its comments name, each on its own line', () => {
  const text = read('mistakes.star');
  const { diagnostics } = analyze(text);
  const lines = text.split('\n');
  const lineOf = (o: number) => text.slice(0, o).split('\n').length - 1;
  let named = 0;
  lines.forEach((line, i) => {
    const m = /\/\/ \[([a-z-]+)\]/.exec(line);
    if (!m) return;
    named++;
    assert.ok(diagnostics.some(d => d.code === m[1] && (lineOf(d.span.start) === i || lineOf(d.span.start) === i - 1 || lineOf(d.span.end) === i)),
      `line ${i + 1} shows ${m[1]}: ${JSON.stringify(diagnostics.filter(d => lineOf(d.span.start) === i).map(d => d.code))}`);
  });
  const distinct = new Set(diagnostics.map(d => d.code));
  assert.ok(named >= 15 && distinct.size >= 15, `${named} mistakes, ${distinct.size} codes`);
});
