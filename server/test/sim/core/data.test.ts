// The synthetic data's key sharing, written in the language, reaches the functional and core models: shared
// heavy-hitter keys shrink the KV rows a query block needs, hence DRAM bytes and device energy (docs/model.md,
// "Known gaps"); the work itself is unchanged.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/language/index.js';
import { simulateDesign } from '../../../src/sim/index.js';

const text = readFileSync(join(__dirname, '../../../../samples/star-bert-base-512.star'), 'utf8');
const line = 'data = synthetic { dominant_spread = 0.76, dominant_few = 0.24, seed = 11 }';

function run(t: string) {
  const a = analyze(t);
  assert.deepEqual(a.diagnostics.filter(d => d.severity !== 'info').map(d => d.message), []);
  return simulateDesign(a.design)[0];
}

test('heavy_hitters and shared_dominant in the language: fewer DRAM bytes, more device GOPS/W, same dense work', () => {
  assert.ok(text.includes(line), 'the sample has the data line this test edits');
  const plain = run(text);
  const explicitZero = run(text.replace(line, line.replace(' }', ', heavy_hitters = 0 %, shared_dominant = 0 }')));
  const shared = run(text.replace(line, line.replace(' }', ', heavy_hitters = 10 %, shared_dominant = 0.8 }')));
  assert.equal(explicitZero.dramBytes, plain.dramBytes, 'zero sharing written out = the default data');
  assert.equal(explicitZero.latencyMs, plain.latencyMs);
  assert.ok(shared.dramBytes < 0.95 * plain.dramBytes, `${shared.dramBytes} vs ${plain.dramBytes} B`);
  assert.ok(shared.gopsPerWDevice > plain.gopsPerWDevice, `${shared.gopsPerWDevice} vs ${plain.gopsPerWDevice}`);
  const work = (r: typeof plain) => r.effectiveGops * r.latencyMs;
  assert.ok(Math.abs(work(shared) / work(plain) - 1) < 1e-9, 'the dense-equivalent work is the same');
});
