// The checker on `data = trace { ... }`: paths relative to the .star file, each bad input a diagnostic with its code
// on the text that names it (and the fix), a good trace checked into the model.
import test from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/language/index.js';
import { fileTraceInspector } from '../../src/sim/functional/trace.js';
import { isTraceData } from '../../src/model/design.js';
import { badTraceCases, GOOD, traceDesign } from '../helpers/traceFixtures.js';
import { join } from 'node:path';

const { dir, cases } = badTraceCases();

test('a good trace checks into the model with absolute paths', () => {
  const a = analyze(traceDesign(GOOD), { baseDir: dir, traces: fileTraceInspector });
  assert.deepEqual(a.diagnostics.filter(d => d.severity === 'error'), []);
  const data = a.design.workloads[0].data;
  assert.ok(isTraceData(data));
  assert.equal(data.queries, join(dir, 'q.npy'));
  assert.equal(data.values, join(dir, 'v.npy'));
  const sel = analyze(traceDesign(GOOD.replace(' }', ', heads = [1] }')), { baseDir: dir, traces: fileTraceInspector });
  // a [T, d] trace has no heads axis: a selection is an error on the head
  assert.equal(sel.diagnostics.find(d => d.severity === 'error')?.code, 'trace-heads');
});

for (const c of cases) {
  test(`bad trace input '${c.name}': ${c.code} on ${c.at}`, () => {
    const text = traceDesign(c.data, c.opts);
    const a = analyze(text, { baseDir: dir, traces: fileTraceInspector });
    const errs = a.diagnostics.filter(d => d.severity === 'error');
    const d = errs.find(e => e.code === c.code);
    assert.ok(d, `no ${c.code} in ${JSON.stringify(errs.map(e => [e.code, e.message]))}`);
    assert.equal(text.slice(d.span.start, d.span.end), c.at);
    assert.ok(d.message.length > 20);
  });
}

test('the fixes of workload mismatches set head_dim and seq_len to the trace\'s', () => {
  const hd = analyze(traceDesign(GOOD, { headDim: 32 }), { baseDir: dir, traces: fileTraceInspector }).diagnostics.find(d => d.code === 'trace-shape')!;
  assert.equal(hd.fixes?.[0].edits[0].newText, '16');
  assert.match(hd.message, /set head_dim = 16/);
  const sl = analyze(traceDesign(GOOD, { seqLen: 256 }), { baseDir: dir, traces: fileTraceInspector }).diagnostics.find(d => d.code === 'trace-shape')!;
  assert.equal(sl.fixes?.[0].edits[0].newText, '128 tokens');
  const ql = analyze(traceDesign(GOOD, { queryLen: 64 }), { baseDir: dir, traces: fileTraceInspector }).diagnostics.find(d => d.code === 'trace-shape')!;
  assert.match(ql.message, /set query_len = 128 tokens/);
});

test('an unsaved file cannot resolve relative paths; without a reader the paths are only resolved', () => {
  const text = traceDesign(GOOD);
  const a = analyze(text);
  assert.deepEqual(a.diagnostics.filter(d => d.code === 'trace-unsaved').map(d => text.slice(d.span.start, d.span.end)), ['"q.npy"', '"k.npy"', '"v.npy"']);
  const b = analyze(text, { baseDir: '/nowhere' });
  assert.deepEqual(b.diagnostics.filter(d => d.severity === 'error'), []);
});
