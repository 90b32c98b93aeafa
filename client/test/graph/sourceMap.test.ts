// The graph view's source links: where a block ends, and which definition lies under the cursor.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../../../scripts/e2e/codeServer.js';
import { blockExtent, highlightAt } from '../../webview/sourceMap.js';
import { makeChip } from './fixtures.js';
import type { SourceLink } from '../../../server/src/protocolTypes.js';

const uri = 'file:///w/spatial-4x4-llama7b-64k.star';
const lines = readFileSync(join(root, 'samples', 'spatial-4x4-llama7b-64k.star'), 'utf8').split(/\r?\n/);
const lineOf = (prefix: string) => lines.findIndex(l => l.trimStart().startsWith(prefix));
/** A link covering only the head word of the line (the block is found from the braces). */
const head = (prefix: string): SourceLink => {
  const line = lineOf(prefix);
  const ch = lines[line].indexOf(prefix.trim());
  return { uri, range: { start: { line, character: ch }, end: { line, character: ch + prefix.trim().length } } };
};
const chip = makeChip(4, 4, { links: {
  core: head('core star'), chip: head('chip spatial_4x4'), mapping: head('mapping long_context'),
  engines: { dlzs: head('dlzs'), sufa: head('sufa'), sram: head('sram') },
} });
const at = (prefix: string, character = 2) => highlightAt(lines, uri, chip, { line: lineOf(prefix), character });

test('blockExtent: a head-only link extends to the closing brace; comments are skipped', () => {
  const core = blockExtent(lines, head('core star').range);
  assert.equal(lines[core.end.line].trim(), '}');
  assert.equal(core.end.line, lineOf('rass') + 1);
  const sufa = blockExtent(lines, head('sufa').range);
  assert.equal(sufa.end.line, lineOf('sufa'), 'a one-line block ends on its line');
  assert.deepEqual(blockExtent(['simulate x against a100'], { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } }).end,
    { line: 0, character: 8 }, 'no block: the link itself');
  assert.equal(blockExtent(['m { // } not this', '  a = 1', '}'], { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }).end.line, 2);
});

test('highlightAt: the innermost definition under the cursor', () => {
  assert.deepEqual(at('sufa', 10), { kind: 'engine', engine: 'sufa' });
  assert.deepEqual(at('dlzs'), { kind: 'engine', engine: 'dlzs' });
  assert.deepEqual(at('kvgen'), { kind: 'core' }, 'an engine without a link: its core');
  assert.deepEqual(at('rass'), { kind: 'core' });
  assert.deepEqual(at('noc'), { kind: 'chip' });
  assert.deepEqual(at('kv_flow'), { kind: 'mapping' });
  assert.equal(at('layers'), null, 'the workload is not drawn');
  assert.equal(highlightAt(lines, 'file:///other.star', chip, { line: lineOf('rass'), character: 2 }), null, 'links into another file');
});
