// One design rule for both callers: the checker's mapping errors and the explorer's infeasibility codes
// (model/rules.ts) agree on the same broken designs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze } from '../../../src/language/index.js';
import { mappingRuleCode, mappingRuleViolation } from '../../../src/model/rules.js';
import { Space } from '../../../src/sim/explore/index.js';
import { exploration, param, sampleSimulation } from './fixtures.js';

const text = readFileSync(resolve(__dirname, '..', '..', '..', '..', 'samples', 'star-llama7b-4k.star'), 'utf8');

const CASES: Array<{ edit: [string, string]; path: string; value: number; code: string }> = [
  { edit: ['bc = 64, tc = auto', 'bc = 96, tc = auto'], path: 'mapping.tiling.bc', value: 96, code: 'tiling-mismatch' },
  { edit: ['token = 192 KB', 'token = 16 KB'], path: 'core.sram.token', value: 16 * 1024, code: 'sram-overflow' },
  { edit: ['top_k     = 20 %', 'top_k     = 1 %'], path: 'workload.sparsity.top_k', value: 0.01, code: 'sads-empty-tile' },
];

test('the checker and the explorer report the same design rule on the same broken design', () => {
  const base = sampleSimulation('star-llama7b-4k.star');
  assert.equal(mappingRuleCode(base.mapping), undefined, 'the sample keeps every rule');
  for (const c of CASES) {
    assert.ok(text.includes(c.edit[0]), c.edit[0]);
    const codes = analyze(text.replace(c.edit[0], c.edit[1])).diagnostics.filter(d => d.severity === 'error').map(d => d.code);
    assert.ok(codes.includes(c.code), `${c.edit[1]}: checker says ${codes.join(', ')}`);
    const sim = new Space(exploration(base, [param(c.path, [c.value])], ['latency'])).simulationAt(0);
    assert.equal(mappingRuleCode(sim.mapping), c.code, c.edit[1]);
    assert.match(mappingRuleViolation(sim.mapping)!, new RegExp(`\\(${c.code}\\)$`));
  }
});
