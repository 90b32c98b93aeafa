// The mapping rules' registry: every rule runs, in list order, and one that throws is reported as an internal-error
// on the mapping while the rules after it still run.
import test from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/language/index.js';
import { MAPPING_RULES, runMappingRules, type MappingContext, type MappingRule } from '../../src/language/check/mappingRules.js';
import { Diags } from '../../src/language/check/diagnostics.js';
import { BASE } from './helpers.js';

test('a rule that throws becomes an internal-error and the rules after it still run', () => {
  const d = new Diags();
  const b = { kind: 'mapping', keyword: { text: 'mapping', span: { start: 0, end: 7 } }, name: { text: 'm', span: { start: 8, end: 9 } }, body: [], span: { start: 0, end: 20 } };
  const ctx = { d, b } as unknown as MappingContext;
  const rules: MappingRule[] = [
    { name: 'first', run: c => c.d.warning('odd-tile', 'first ran', c.b.span) },
    { name: 'broken', run: () => { throw new Error('boom'); } },
    { name: 'last', run: c => c.d.warning('idle-cores', 'last ran', c.b.span) },
  ];
  runMappingRules(ctx, rules);
  assert.deepEqual(d.list.map(x => x.code), ['odd-tile', 'internal-error', 'idle-cores']);
  const internal = d.list[1];
  assert.equal(internal.severity, 'error');
  assert.match(internal.message, /'broken'.*mapping 'm'.*boom/);
  assert.deepEqual(internal.span, { start: 8, end: 9 }, 'on the mapping\'s name');
});

test('in a real check, a throwing rule leaves the other rules\' diagnostics and the design as they were', () => {
  const text = BASE + 'mapping m for w on star { kv_flow = ring, tiling { bc = 4 } }\n';
  const before = analyze(text);
  assert.ok(before.diagnostics.some(x => x.code === 'sads-empty-tile') && before.diagnostics.some(x => x.code === 'ring-one-wide'));
  const rules = MAPPING_RULES as MappingRule[];
  rules.splice(1, 0, { name: 'broken', run: () => { throw new Error('boom'); } });
  try {
    const after = analyze(text);
    assert.deepEqual(after.diagnostics.filter(x => x.code !== 'internal-error'), before.diagnostics);
    assert.deepEqual(after.diagnostics.filter(x => x.code === 'internal-error').map(x => text.slice(x.span.start, x.span.end)), ['m']);
    assert.deepEqual(after.design, before.design);
  } finally {
    rules.splice(1, 1);
  }
  assert.ok(!MAPPING_RULES.some(r => r.name === 'broken'), 'the list is as it was');
});
