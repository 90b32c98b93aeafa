// The snippets write valid STAR: expanded with their default placeholders (and with every choice of their choice
// placeholders), the language layer reports no error. Keeps snippets/star.json in step with the language.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/language/index.js';
import { findRoot } from '../../scripts/e2e/codeServer.js';

type Snippet = { prefix: string; body: string[]; description: string };
const snippets = JSON.parse(readFileSync(join(findRoot(), 'snippets/star.json'), 'utf8')) as Record<string, Snippet>;
const byPrefix = (p: string) => Object.values(snippets).find(s => s.prefix === p)!;

/** VS Code snippet syntax -> text: ${1:x} -> x, ${1|a,b|} -> the chosen option, $1 / $0 -> nothing. */
function expand(body: string[], choice: (options: string[], index: number) => string = o => o[0]!): string {
  let text = body.join('\n');
  let n = 0;
  for (let before = ''; before !== text;) {
    before = text;
    text = text.replace(/\$\{\d+:([^${}]*)\}/g, '$1').replace(/\$\{\d+\|([^|]*)\|\}/g, (_, opts: string) => choice(opts.split(','), n++));
  }
  return text.replace(/\$\d+/g, '');
}

const order = ['technology', 'workload', 'core', 'chip', 'mapping', 'simulate'];
const errors = (text: string) => analyze(text).diagnostics.filter(d => d.severity === 'error')
  .map(d => `${d.code}: ${d.message} at "${text.slice(d.span.start, d.span.end)}"`);

test('the block snippets, with their defaults, make one valid design', () => {
  const text = order.map(p => expand(byPrefix(p).body)).join('\n');
  assert.deepEqual(errors(text), [], text);
});

test('every choice of every choice placeholder is legal', () => {
  for (const prefix of order) {
    const body = byPrefix(prefix).body;
    const choices = [...body.join('\n').matchAll(/\$\{\d+\|([^|]*)\|\}/g)].map(m => m[1]!.split(','));
    choices.forEach((options, at) => {
      for (const option of options) {
        const text = order.map(p => p === prefix ? expand(body, (o, i) => (i === at ? option : o[0]!)) : expand(byPrefix(p).body)).join('\n');
        assert.deepEqual(errors(text), [], `${prefix} with ${option}`);
      }
    });
  }
});

test('the sparsity snippet fits inside a workload', () => {
  const workload = expand(byPrefix('workload').body).replace(/ {2}sparsity \{[\s\S]*?\n {2}\}\n/, `  ${expand(byPrefix('sparsity').body).replace(/\n/g, '\n  ')}\n`);
  assert.match(workload, /sparsity \{/);
  const text = order.map(p => (p === 'workload' ? workload : expand(byPrefix(p).body))).join('\n');
  assert.deepEqual(errors(text), [], text);
});
