// Diagnostics as an editor receives them: on open, after each (debounced) change, for the latest version only,
// on the samples, and the quick fixes that repair them.
import test from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, CodeAction } from 'vscode-languageserver-protocol';
import { LspClient, ensureBuilt, sample, sampleNames, uriOf, rangeInside, applyEdits } from './harness.js';
import { design } from './fixtures.js';

let c: LspClient;
test.before(async () => { ensureBuilt(); c = await LspClient.start({ debounceMs: 150 }); });
test.after(async () => { assert.deepEqual(c.errors(), []); await c.stop(); });

const samples = sampleNames();

test('every sample but mistakes.star opens without errors', async () => {
  // A deleted sample must fail here, not pass over an empty list.
  for (const name of ['star-llama7b-4k.star', 'star-bert-base-512.star', 'sofa-table2.star', 'sofa-gpu-comparison.star', 'explore-star-core.star', 'explore-spatial.star', 'spatial-4x4-llama7b-64k.star', 'spatial-8x8-llama7b-256k.star', 'mistakes.star']) {
    assert.ok(samples.includes(name), `samples/${name} is missing`);
  }
  for (const name of samples.filter(n => n !== 'mistakes.star')) {
    const diagnostics = await c.openAndDiagnose(uriOf(name), sample(name));
    assert.deepEqual(diagnostics.filter(d => d.severity === 1).map(d => `${d.code}: ${d.message}`), [], name);
  }
});

test('mistakes.star: each mistake marked `// [code]` gets that diagnostic on its line, with code, source and range', async () => {
  const text = sample('mistakes.star');
  const diagnostics = await c.openAndDiagnose(uriOf('mistakes.star'), text);
  const lines = text.split('\n');
  let checked = 0;
  lines.forEach((line, i) => {
    const m = /\/\/ \[([a-z-]+)\]/.exec(line);
    if (!m) return;
    checked++;
    const found = diagnostics.filter(d => d.code === m[1] && (d.range.start.line === i || d.range.start.line === i + 1));
    assert.ok(found.length > 0, `line ${i + 1}: no [${m[1]}] diagnostic; got ${diagnostics.map(d => `${d.range.start.line + 1}:${d.code}`).join(', ')}`);
  });
  assert.ok(checked >= 10, 'mistakes.star marks its mistakes');
  for (const d of diagnostics) {
    assert.equal(d.source, 'star');
    assert.ok(rangeInside(text, d.range));
    assert.ok(d.message.length > 10);
  }
});

test('quick fixes: applying each preferred fix of mistakes.star removes its diagnostic', async () => {
  const original = sample('mistakes.star');
  const uri = 'file:///quickfix.star';
  const diagnostics = await c.openAndDiagnose(uri, original);
  const withFixes = diagnostics.filter(d => (d.data as { fixes?: number } | undefined)?.fixes);
  assert.ok(withFixes.length >= 3, `expected several fixable diagnostics, got ${withFixes.map(d => d.code).join(', ')}`);
  for (const d of withFixes) {
    await c.change(uri, original);
    const before = (await c.diagnostics(uri)).diagnostics;
    const same = (x: Diagnostic) => x.code === d.code && x.range.start.line === d.range.start.line && x.range.start.character === d.range.start.character;
    assert.ok(before.some(same));
    const actions = (await c.codeActions(uri, d.range, [d])) as CodeAction[];
    const mine = actions.filter(a => a.diagnostics?.some(same));
    assert.ok(mine.length > 0, `no code action for ${d.code}`);
    assert.ok(mine.every(a => a.kind === 'quickfix' && a.title.length > 0));
    const fix = mine.find(a => a.isPreferred) ?? mine[0];
    const fixed = applyEdits(original, fix.edit!.changes![uri]);
    assert.notEqual(fixed, original);
    await c.change(uri, fixed);
    const after = (await c.diagnostics(uri)).diagnostics;
    assert.ok(!after.some(same), `"${fix.title}" left ${d.code} on line ${d.range.start.line + 1}`);
  }
});

test('code actions: none away from a fixable diagnostic, none when only refactorings are asked for', async () => {
  const uri = 'file:///noactions.star';
  await c.openAndDiagnose(uri, design);
  assert.deepEqual(await c.codeActions(uri, { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } }, []), []);
  const text = 'technology t {\n  node = 28\n}\n';
  await c.change(uri, text);
  const [d] = (await c.diagnostics(uri)).diagnostics;
  assert.equal(d.code, 'missing-unit');
  assert.ok((await c.codeActions(uri, d.range, [d])).length > 0);
  const refactor = await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['refactor'] } });
  assert.deepEqual(refactor, []);
});

test('typing: rapid changes are debounced, and diagnostics come for the latest version only', async () => {
  const uri = 'file:///typing.star';
  await c.openAndDiagnose(uri, design);
  const start = c.history.length;
  const target = 'technology t {\n  node = 28 nm\n  voltage = 1.0 V\n  frequency = 1 GHz\n}\n';
  let version = 0;
  for (let i = 1; i <= target.length; i += 4) version = await c.change(uri, target.slice(0, i));
  version = await c.change(uri, target);
  const last = await c.diagnostics(uri, version);
  assert.deepEqual(last.diagnostics, []);
  const published = c.history.slice(start).filter(p => p.uri === uri);
  assert.ok(published.length < 5, `${published.length} publications for ${Math.ceil(target.length / 4)} quick changes`);
  assert.ok(published.every(p => (p.version ?? 0) <= version));
  assert.equal(published[published.length - 1].version, version);
});

test('a change that breaks the file, then one that fixes it: errors appear and go', async () => {
  const uri = 'file:///break.star';
  await c.openAndDiagnose(uri, design);
  await c.change(uri, design.replace('frequency = 1 GHz', 'frequency = 1'));
  const broken = (await c.diagnostics(uri)).diagnostics;
  assert.deepEqual(broken.map(d => d.code), ['missing-unit']);
  assert.equal(broken[0].range.start.line, design.split('\n').findIndex(l => l.includes('frequency')));
  await c.change(uri, design);
  assert.deepEqual((await c.diagnostics(uri)).diagnostics, []);
});

test('closing a document clears its diagnostics', async () => {
  const uri = 'file:///closing.star';
  assert.ok((await c.openAndDiagnose(uri, 'core {')).length > 0);
  const start = c.history.length;
  await c.close(uri);
  for (let i = 0; i < 100 && !c.history.slice(start).some(p => p.uri === uri); i++) await new Promise(r => setTimeout(r, 10));
  const cleared = c.history.slice(start).find(p => p.uri === uri);
  assert.ok(cleared);
  assert.deepEqual(cleared.diagnostics, []);
});

test('settings: debounceMs from workspace/didChangeConfiguration', async () => {
  const uri = 'file:///settings.star';
  await c.openAndDiagnose(uri, design);
  await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: { star: { diagnostics: { debounceMs: 600 } } } });
  const t0 = Date.now();
  const version = await c.change(uri, design + '\n');
  await c.diagnostics(uri, version);
  assert.ok(Date.now() - t0 >= 550, `published after ${Date.now() - t0} ms`);
  await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: { star: { debounceMs: 150 } } });
});
