// explore items in the editor, over JSON-RPC: hover (space, paths, metrics), the inlay hint with the space size and
// estimated time, completion of paths segment by segment, metrics and values, outline, formatting, folding,
// semantic tokens and a quick fix. Cursors are marked `<|>` in the text.
import test from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent, InlayHint } from 'vscode-languageserver-protocol';
import { LspClient, ensureBuilt, nthIndex, applyEdits, decodeSemanticTokens, positionAt } from './harness.js';
import { design } from './fixtures.js';

let c: LspClient;
test.before(async () => { ensureBuilt(); c = await LspClient.start(); });
test.after(async () => { assert.deepEqual(c.errors(), []); await c.stop(); });

const EXPLORE = `
explore sizing for m1 {
  vary {
    core.sram.token = 128 KB to 512 KB step 64 KB
    mapping.kv_flow = [own, ring]
    chip.noc.link_bandwidth = [32 GB/s, 64 GB/s]
  }
  minimize latency, energy
  subject to { area <= 12 mm2 }
  search = auto
}
`;

const open = (marked: string) => c.openMarked(marked, 'explore');
const at = nthIndex;
const hoverText = (uri: string, offset: number) => c.hoverText(uri, offset);
const labels = (uri: string, offset: number) => c.completionLabels(uri, offset);
const inlayHints = (uri: string): Promise<InlayHint[]> => c.connection.sendRequest('textDocument/inlayHint', {
  textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1e6, character: 0 } },
}).then(r => (r as InlayHint[] | null) ?? []);

test('an explore block on the fixture design is clean', async () => {
  const { uri } = await open(design + EXPLORE);
  assert.deepEqual((await c.diagnostics(uri)).diagnostics.map(d => `${d.code}: ${d.message}`), []);
});

test('hover on explore: the space size, the search auto picks and the estimated time', async () => {
  const { uri, text } = await open(design + EXPLORE);
  const h = await hoverText(uri, at(text, 'explore'));
  assert.match(h, /\*\*28 points\*\*/, '7 token sizes x 2 flows x 2 bandwidths');
  assert.match(h, /Search: exhaustive \(auto: at most 2 M points\)/);
  assert.match(h, /Estimated time: ~< 1 ms for 28 evaluations at 1 M evaluations\/s/);
  assert.match(h, /`core.sram.token` \| 7 \| 128 KB, 192 KB, 256 KB, \.\.\., 512 KB/);
  assert.match(await hoverText(uri, at(text, 'sizing')), /28 points/);
});

test('hover on a path gives the field\'s doc; on a metric, its doc and unit', async () => {
  const { uri, text } = await open(design + EXPLORE);
  const token = await hoverText(uri, at(text, 'sram.token =') + 7);
  assert.match(token, /\*\*core.sram.token\*\*/);
  assert.match(token, /Token buffer/);
  assert.match(token, /Default: `192 KB`/);
  assert.match(await hoverText(uri, at(text, 'sram.token') + 1), /On-chip SRAM buffers/);
  assert.match(await hoverText(uri, at(text, '[own, ring]') + 2), /How KV reaches the cores/, 'a value: what its field takes');
  assert.match(await hoverText(uri, at(text, 'core.sram.token') + 1), /core of the explored chip/);
  const energy = await hoverText(uri, at(text, 'energy', 0) + 1);
  assert.match(energy, /\*\*energy\*\* \(metric\)/);
  assert.match(energy, /Unit: mJ; constraints in J, mJ, uJ, nJ\. Lower is better/);
  assert.match(await hoverText(uri, at(text, 'area <=') + 1), /Silicon area/);
  assert.match(await hoverText(uri, at(text, 'search')), /NSGA-II/);
  assert.match(await hoverText(uri, at(text, 'subject to') + 8), /infeasible/);
});

test('the inlay hint at the end of the explore line gives the space and the estimated time, before any run', async () => {
  const { uri, text } = await open(design + EXPLORE);
  const hints = (await inlayHints(uri)).filter(h => (h.data as { kind?: string } | undefined)?.kind === 'explore');
  assert.equal(hints.length, 1);
  assert.equal(hints[0].label, '28 points · exhaustive · ~< 1 ms');
  const line = positionAt(text, at(text, 'explore sizing')).line;
  assert.deepEqual(hints[0].position, { line, character: 'explore sizing for m1 {'.length });
  assert.match((hints[0].tooltip as MarkupContent).value, /28 points/);
});

test('an evolutionary search: the hint counts its evaluations', async () => {
  const { uri } = await open(design + EXPLORE.replace('search = auto', 'search = evolutionary { population = 10, generations = 1 }')
    .replace('128 KB to 512 KB step 64 KB', '1 KB to 1024 KB step 1 KB'));
  const hint = (await inlayHints(uri)).find(h => (h.data as { kind?: string } | undefined)?.kind === 'explore');
  assert.equal(hint?.label, '4096 points · evolutionary (20 evaluations) · ~< 1 ms');
});

test('completion: paths segment by segment, metrics, enum values, search words, clause words', async () => {
  const marked = design + `
explore sizing for m1 {
  vary {
    <|>
    core.<|>
    core.sram.<|>
    core.sr<|>
    mapping.kv_flow = [<|>
    mapping.<|>
  }
  minimize latency, <|>
  subject to { <|> }
  search = <|>
  <|>
}
`;
  const { uri, offsets } = await open(marked);
  const [roots, core, sram, partial, flows, mapping, metrics, constraint, search, clauses] = await Promise.all(offsets.map(o => labels(uri, o)));
  assert.deepEqual(roots, ['technology', 'workload', 'core', 'chip', 'mapping']);
  assert.ok(['dlzs', 'sads', 'sufa', 'sram', 'rass'].every(x => core.includes(x)), core.join(' '));
  assert.deepEqual(sram, ['token', 'weight', 'temp']);
  assert.ok(partial.includes('sram'));
  assert.deepEqual(flows, ['own', 'multicast', 'ring']);
  assert.ok(['kv_flow', 'stages', 'tiling', 'heads', 'queries', 'kv'].every(x => mapping.includes(x)), mapping.join(' '));
  assert.ok(metrics.includes('energy') && metrics.includes('area') && !metrics.includes('latency'), metrics.join(' '));
  assert.ok(constraint.includes('area') && constraint.includes('power') && constraint.includes('topk_recall'));
  assert.deepEqual(search, ['auto', 'exhaustive', 'evolutionary']);
  assert.deepEqual(clauses, ['vary', 'minimize', 'maximize', 'subject to', 'search']);
});

test('completion after a number in vary: the field\'s units, then to, then step', async () => {
  const { uri, offsets } = await open(design + '\nexplore x for m1 {\n  vary {\n    core.sram.token = 128 <|>\n    core.sram.temp = 16 KB to 64 KB <|>\n  }\n  minimize latency\n}\n');
  const first = await labels(uri, offsets[0]);
  assert.deepEqual(first, ['B', 'KB', 'MB', 'GB', 'to']);
  assert.deepEqual(await labels(uri, offsets[1]), ['step']);
});

test('completion after `explore NAME for` offers mappings only', async () => {
  const { uri, offsets } = await open(design + '\nexplore x for <|>\n');
  assert.deepEqual(await labels(uri, offsets[0]), ['m1']);
});

test('outline, folding, semantic tokens and formatting handle the explore block', async () => {
  const messy = design + `
explore   sizing for m1 {
vary {
core.sram.token = 128 KB to 512 KB step 64 KB
    mapping.kv_flow=[own,ring]
}
 minimize latency,energy
subject to { area<=12 mm2, gops_per_w >= 1 TOPS/W }
search = evolutionary { population = 8 }
}
`;
  const { uri, text } = await open(messy);
  const symbols = await c.documentSymbols(uri);
  const ex = symbols.find(s => s.name === 'sizing');
  assert.ok(ex, symbols.map(s => s.name).join(', '));
  assert.equal(ex.detail, 'explore for m1');
  assert.deepEqual(ex.children?.map(s => s.name), ['core.sram.token', 'mapping.kv_flow', 'minimize latency, energy', 'area<=12 mm2', 'gops_per_w >= 1 TOPS/W', 'search = evolutionary { population = 8 }']);

  const exLine = positionAt(text, at(text, 'explore')).line;
  const folds = await c.foldingRanges(uri);
  assert.ok(folds.some(f => f.startLine === exLine), 'the explore block folds');
  assert.ok(folds.some(f => f.startLine === exLine + 1), 'its vary block folds');

  const legend = (c.initializeResult.capabilities.semanticTokensProvider as { legend: { tokenTypes: string[]; tokenModifiers: string[] } }).legend;
  const tokens = decodeSemanticTokens((await c.semanticTokens(uri))!.data, legend.tokenTypes, legend.tokenModifiers);
  const typeAt = (offset: number) => tokens.find(t => { const p = positionAt(text, offset); return t.line === p.line && t.character === p.character; })?.type;
  assert.equal(typeAt(at(text, 'explore')), 'keyword');
  assert.equal(typeAt(at(text, 'vary')), 'keyword');
  assert.equal(typeAt(at(text, 'minimize')), 'keyword');
  assert.equal(typeAt(at(text, 'step')), 'keyword');
  assert.equal(typeAt(at(text, 'sram.token')), 'property');
  assert.equal(typeAt(at(text, 'latency,')), 'enumMember');
  assert.equal(typeAt(at(text, '<=')), 'operator');

  const formatted = applyEdits(text, await c.formatting(uri));
  assert.ok(formatted.includes(`explore sizing for m1 {
  vary {
    core.sram.token = 128 KB to 512 KB step 64 KB
    mapping.kv_flow = [own, ring]
  }
  minimize latency, energy
  subject to { area <= 12 mm2, gops_per_w >= 1 TOPS/W }
  search = evolutionary { population = 8 }
}`), formatted.slice(design.length));
  await c.change(uri, formatted);
  assert.deepEqual(await c.formatting(uri), [], 'formatting is idempotent');
  assert.deepEqual((await c.diagnostics(uri)).diagnostics, []);
});

test('a quick fix over JSON-RPC: an unknown metric becomes the near miss', async () => {
  const { uri, text } = await open(design + EXPLORE.replace('minimize latency, energy', 'minimize latency, enrgy'));
  const diags = (await c.diagnostics(uri)).diagnostics;
  const d = diags.find(x => x.code === 'explore-unknown-metric');
  assert.ok(d, JSON.stringify(diags));
  const actions = await c.codeActions(uri, d.range, [d]);
  const fix = actions.find(a => 'edit' in a && a.edit) as { edit: { changes: Record<string, Array<{ range: never; newText: string }>> } } | undefined;
  assert.ok(fix);
  const fixed = applyEdits(text, fix.edit.changes[uri]);
  assert.ok(fixed.includes('minimize latency, energy'));
});
