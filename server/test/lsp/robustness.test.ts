// Thousands of mutated designs (tokens deleted, duplicated, swapped, random bytes, 1 MB lines) go to ONE running
// server through didChange. After each: diagnostics for that version arrive, and every range lies inside the
// document. Now and then other requests run on the broken text. At the end the server still answers and has
// logged no handler failure.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LspClient, ensureBuilt, sample, sampleNames, rangeInside, applyEdits, positionAt } from './harness.js';
import { scan, significant } from '../../src/lsp/scan.js';
import { formatStar } from '../../src/lsp/format.js';
import { design } from './fixtures.js';

/** A well-formed explore block on the fixture design (mistakes.star, among the samples, holds broken ones). */
const exploreDesign = design + `
explore sizing for m1 {
  vary {
    core.sram.token = 128 KB to 512 KB step 64 KB, core.sufa.array = [128 x 4, 128 x 8]
    chip.mesh = [2 x 2, 4 x 4]
    mapping.heads = [mesh.rows, none]
    workload.sparsity.top_k = 5 % to 30 % step 2.5 %
  }
  minimize latency, energy
  maximize gops_per_w
  subject to { area <= 12 mm2, power < 6 W, topk_recall >= 0.7 }
  search = evolutionary { population = 16, generations = 4, seed = 2 }
}
`;
const bases = (): string[] => [design, exploreDesign, ...sampleNames().map(sample)];

type Mutation =
  | { op: 'delete' | 'duplicate'; at: number }
  | { op: 'swap'; at: number; with: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom('{', '}', '=', '"', '/*', '//', '->', 'x', 'of', 'to', 'on', 'for', 'against', ',', '[', ']', '(', ')', '.', '%', '-', '1e', '1e999', '0x', 'GB/s', '\r', '\n', '\u0000', '\ud800', 'core', 'simulate', 'mapping m for',
      'explore', 'explore e for m1 {', 'vary {', 'minimize', 'maximize', 'subject to {', 'search =', 'step', '<=', '>=', '<', '>', 'core.sram.', 'mapping.heads ='),
  ) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

export function mutate(text: string, mutations: Mutation[]): string {
  for (const m of mutations) {
    const toks = significant(scan(text));
    if (toks.length === 0) { if (m.op === 'insert') text += m.text; continue; }
    const t = toks[m.at % toks.length];
    switch (m.op) {
      case 'delete': text = text.slice(0, t.start) + text.slice(t.end); break;
      case 'duplicate': text = text.slice(0, t.end) + ' ' + t.text + text.slice(t.end); break;
      case 'swap': {
        const u = toks[m.with % toks.length];
        const [a, b] = t.start <= u.start ? [t, u] : [u, t];
        if (a === b || a.end > b.start) break;
        text = text.slice(0, a.start) + b.text + text.slice(a.end, b.start) + a.text + text.slice(b.end);
        break;
      }
      case 'insert': { const at = m.at % (text.length + 1); text = text.slice(0, at) + m.text + text.slice(at); break; }
      case 'truncate': text = text.slice(0, m.at % (text.length + 1)); break;
    }
  }
  return text;
}

test('property: mutated designs never break the server; every diagnostic range lies inside its document', { timeout: 120_000 }, async () => {
  ensureBuilt();
  const c = await LspClient.start({ debounceMs: 0 });
  const uri = 'file:///robust.star';
  const all = bases();
  await c.open(uri, all[0]);
  let runs = 0;
  try {
    await fc.assert(fc.asyncProperty(fc.nat(all.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.nat(), async (base, muts, probe) => {
      runs++;
      const text = mutate(all[base], muts);
      const version = await c.change(uri, text);
      const published = await c.diagnostics(uri, version);
      for (const d of published.diagnostics) {
        assert.ok(rangeInside(text, d.range), `diagnostic ${d.code} ${JSON.stringify(d.range)} outside a document of ${text.length} chars`);
        assert.equal(d.source, 'star');
        assert.ok(typeof d.message === 'string' && d.message.length > 0);
      }
      // Every tenth text also gets the other requests, at a position derived from the probe.
      if (runs % 10 === 0) {
        const at = positionAt(text, probe % (text.length + 1));
        await c.hover(uri, at);
        await c.completion(uri, at);
        await c.definition(uri, at);
        await c.semanticTokens(uri);
        await c.foldingRanges(uri);
        await c.documentSymbols(uri);
        await c.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1e6, character: 0 } } });
        const edits = await c.formatting(uri);
        assert.equal(applyEdits(text, edits), formatStar(text));
      }
    }), { numRuns: 1500 });
    assert.ok(runs >= 1500);
    assert.deepEqual(c.errors(), [], 'the server logged handler failures');
  } finally {
    await c.stop();
  }
});

test('1 MB lines: of a name, of random tokens, of open braces', { timeout: 60_000 }, async () => {
  ensureBuilt();
  const c = await LspClient.start({ debounceMs: 0 });
  try {
    const uri = 'file:///huge.star';
    await c.open(uri, design);
    await c.diagnostics(uri);
    const tokens = ['core', 'x', '{', '}', '=', '12 GB/s', '"s"', ',', 'of', '->'];
    let random = '';
    for (let i = 0; random.length < 1 << 20; i = (i * 7 + 3) % tokens.length) random += tokens[i] + ' ';
    for (const line of ['a'.repeat(1 << 20), random, '{'.repeat(1 << 20), design + 'core c { sram { token = ' + '9'.repeat(1 << 20) + ' KB } }']) {
      const version = await c.change(uri, line);
      const published = await c.diagnostics(uri, version, 30_000);
      for (const d of published.diagnostics) assert.ok(rangeInside(line, d.range), JSON.stringify(d.range));
      await c.hover(uri, { line: 0, character: 1000 });
    }
    // Still alive and correct on an ordinary document afterwards.
    const version = await c.change(uri, design);
    assert.equal((await c.diagnostics(uri, version)).version, version);
    assert.deepEqual(c.errors(), []);
  } finally {
    await c.stop();
  }
});

test('property: incremental edits keep the server\'s copy of the document equal to the editor\'s', { timeout: 60_000 }, async () => {
  ensureBuilt();
  const c = await LspClient.start({ debounceMs: 0 });
  const uri = 'file:///incremental.star';
  await c.open(uri, design);
  try {
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 20 }), async edits => {
      for (const [at, len, insert] of edits) {
        const text = c.text(uri);
        const start = at % (text.length + 1);
        const end = Math.min(text.length, start + len);
        await c.edit(uri, { start: positionAt(text, start), end: positionAt(text, end) }, insert);
      }
      // The server formats what it holds; it must be what the editor holds.
      const fmt = await c.formatting(uri);
      assert.equal(applyEdits(c.text(uri), fmt), formatStar(c.text(uri)));
      await c.change(uri, design);
    }), { numRuns: 150 });
  } finally {
    await c.stop();
  }
});
