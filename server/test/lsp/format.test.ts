// The formatter's layout rules, its idempotence, and that it only ever changes whitespace.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatStar } from '../../src/lsp/format.js';
import { scan, significant } from '../../src/lsp/scan.js';
import { design } from './fixtures.js';

test('2-space indentation by depth, one space around =, comments kept', () => {
  const messy = 'core   star{\n technology=tsmc28   // the node\n      sram {token=192 KB,weight  =  96 KB}\n\n\n\n rass =on\n    }\n';
  assert.equal(formatStar(messy), 'core star {\n  technology = tsmc28 // the node\n  sram { token = 192 KB, weight = 96 KB }\n\n  rass = on\n}\n');
});

test('closing braces dedent; unbalanced braces never indent below zero', () => {
  assert.equal(formatStar('a {\nb {\nc = 1\n}\n}\n}\nd = 2'), 'a {\n  b {\n    c = 1\n  }\n}\n}\nd = 2\n');
});

test('block comments keep their inner lines; strings are untouched', () => {
  const text = '/* one\n     two */\nworkload w {\n  model   =   "a  =  b"\n}\n';
  assert.equal(formatStar(text), '/* one\n     two */\nworkload w {\n  model = "a  =  b"\n}\n');
});

test('a block comment left open at the end gets no final newline (it would belong to the comment)', () => {
  assert.equal(formatStar('core c {\n/* open  \n'), 'core c {\n  /* open');
  assert.equal(formatStar('/*'), '/*');
});

test('CRLF files stay CRLF', () => {
  assert.equal(formatStar('core c {\r\nrass=on\r\n}'), 'core c {\r\n  rass = on\r\n}\r\n');
});

test('the fixture design is canonical already', () => {
  assert.equal(formatStar(design), design);
});

// Trailing blanks of a line (after a comment or an unclosed string, or ending a comment left open) are the one
// thing it may drop.
const meaningful = (text: string) => significant(scan(text)).map(t => t.text.replace(/[ \t]+(?=\r?\n|$)/g, '').trimEnd()).join('\u0000');

test('property: formatting is idempotent and keeps every token of any text', () => {
  const pieces = fc.constantFrom('core', 'x', '{', '}', '[', ']', '=', ',', '->', ' ', '  ', '\n', '\r\n', '\t', '// c', '/* b\n c */', '"s  t"', '"open', '12', '4.5e3', 'GB/s', '%');
  const text = fc.oneof(fc.array(pieces, { maxLength: 60 }).map(a => a.join('')), fc.string({ maxLength: 200 }), fc.constant(design));
  fc.assert(fc.property(text, t => {
    const once = formatStar(t);
    assert.equal(formatStar(once), once);
    assert.equal(meaningful(once), meaningful(t));
  }), { numRuns: 3000 });
});
