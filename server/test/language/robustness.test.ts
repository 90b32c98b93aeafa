// Property tests: mutated samples (tokens deleted, duplicated, swapped, random bytes, very long lines) never make
// the parser or checker throw or hang, and every span they give lies inside the text.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyze, parse } from '../../src/language/index.js';
import { StarLexer } from '../../src/language/lexer.js';
import type { StarFile, Span } from '../../src/language/ast.js';

const names = ['star-llama7b-4k.star', 'star-bert-base-512.star', 'sofa-table2.star', 'sofa-gpu-comparison.star', 'explore-star-core.star', 'explore-spatial.star', 'spatial-4x4-llama7b-64k.star', 'spatial-8x8-llama7b-256k.star', 'mistakes.star'];
const explore = `
explore sizing for star_4k {
  vary {
    core.sufa.array = [128 x 4, 128 x 8, 256 x 8]
    core.sram.token = 128 KB to 512 KB step 64 KB
    mapping.tiling.bc = [32, 64, auto]
    workload.sparsity.top_k = 5 % to 30 % step 2.5 %
    workload.sparsity.predictor.token_bits = 4 to 8 step 2
  }
  minimize latency, energy, area
  maximize gops_per_w
  subject to { area <= 12 mm2, power < 6 W, topk_recall >= 0.7, gops_per_w >= 1 TOPS/W }
  search = evolutionary { population = 64, generations = 50, seed = 1 }
}
`;
/** The samples, and the first one with an explore block (mistakes.star holds the broken explore blocks). */
const samples = [...names.map(n => readFileSync(join(__dirname, '../../../samples', n), 'utf8'))];
samples.push(samples[0] + explore);

/** Every object with a `span` in the tree. */
function spans(file: StarFile): Span[] {
  const out: Span[] = [];
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) { x.forEach(walk); return; }
    const o = x as Record<string, unknown>;
    if (o.span && typeof o.span === 'object') out.push(o.span as Span);
    for (const v of Object.values(o)) if (v !== o.span) walk(v);
  };
  walk(file.items);
  return out.concat(file.comments, file.syntaxErrors.map(e => e.span));
}

function assertInside(text: string): void {
  const a = analyze(text);
  for (const s of spans(a.file)) {
    assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end), `integer span ${JSON.stringify(s)}`);
    assert.ok(s.start >= 0 && s.start <= s.end && s.end <= text.length, `span ${JSON.stringify(s)} inside 0..${text.length}`);
  }
  for (const d of a.diagnostics) {
    assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length, `diagnostic ${d.code} ${JSON.stringify(d.span)}`);
    for (const f of d.fixes ?? []) for (const e of f.edits) assert.ok(e.span.start >= 0 && e.span.end <= text.length);
  }
  for (const r of a.symbols.references) assert.ok(r.span.end <= text.length);
}

type Mutation = { kind: 'delete' | 'duplicate' | 'swap'; at: number; other: number } | { kind: 'bytes'; at: number; bytes: string };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.string({ unit: 'binary', maxLength: 12 }) }),
);

function mutate(text: string, ms: Mutation[]): string {
  for (const m of ms) {
    const toks = StarLexer.tokenize(text).tokens;
    if (m.kind === 'bytes') {
      const at = text.length ? m.at % (text.length + 1) : 0;
      text = text.slice(0, at) + m.bytes + text.slice(at);
      continue;
    }
    if (!toks.length) continue;
    const t = toks[m.at % toks.length];
    const u = toks[m.other % toks.length];
    const end = (x: typeof t) => x.startOffset + x.image.length;
    if (m.kind === 'delete') text = text.slice(0, t.startOffset) + text.slice(end(t));
    else if (m.kind === 'duplicate') text = text.slice(0, end(t)) + ' ' + t.image + text.slice(end(t));
    else {
      const [a, b] = t.startOffset < u.startOffset ? [t, u] : [u, t];
      if (a === b || end(a) > b.startOffset) continue;
      text = text.slice(0, a.startOffset) + b.image + text.slice(end(a), b.startOffset) + a.image + text.slice(end(b));
    }
  }
  return text;
}

test('mutated samples never throw and keep every span inside the text', () => {
  fc.assert(fc.property(fc.nat(samples.length - 1), fc.array(mutation, { minLength: 1, maxLength: 8 }), (i, ms) => {
    assertInside(mutate(samples[i], ms));
  }), { numRuns: 1000 });
});

test('random text never throws', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), s => assertInside(s)), { numRuns: 500 });
  fc.assert(fc.property(fc.array(fc.constantFrom('workload', 'mapping', 'for', 'on', '{', '}', '=', 'x', '4', '->', '[', '(', ',', ')', ']', '"', '%', 'GB/s', 'simulate', 'of', 'to', '-', '.', '\n',
    'explore', 'vary', 'minimize', 'maximize', 'subject', 'search', 'step', '<=', '>=', '<', '>', 'core', 'latency', 'KB', 'mm2'), { maxLength: 80 }), ws => assertInside(ws.join(' '))), { numRuns: 1000 });
});

test('one-megabyte lines finish', () => {
  const mb = 1024 * 1024;
  for (const line of ['x'.repeat(mb), '{'.repeat(mb), '"' + 'a'.repeat(mb), '/*' + ' '.repeat(mb), '1'.repeat(mb), 'workload w { a = ' + '[1, '.repeat(mb / 4) + ' }', 'core c { ' + 'a = 1 '.repeat(mb / 6) + '}']) {
    const t0 = performance.now();
    assertInside(line);
    assert.ok(performance.now() - t0 < 20_000, 'finished');
  }
});

test('a flood of mistakes gives at most MAX_CHECK_DIAGNOSTICS check diagnostics, from the top of the file', async () => {
  const { MAX_CHECK_DIAGNOSTICS } = await import('../../src/language/check/diagnostics.js');
  const text = 'core c {\n' + 'nope = 1\n'.repeat(MAX_CHECK_DIAGNOSTICS + 50) + '}';
  const ds = analyze(text).diagnostics;
  assert.equal(ds.length, MAX_CHECK_DIAGNOSTICS);
  assert.ok(ds.every(d => d.code === 'unknown-field'));
  assert.equal(text.slice(ds[0].span.start, ds[0].span.end), 'nope');
  assert.equal(ds[0].span.start, 'core c {\n'.length);
});

test('syntax errors come in text order', () => {
  fc.assert(fc.property(fc.nat(samples.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }), (i, ms) => {
    const errs = parse(mutate(samples[i], ms)).syntaxErrors;
    for (let k = 1; k < errs.length; k++) assert.ok(errs[k - 1].span.start <= errs[k].span.start);
  }), { numRuns: 200 });
});
