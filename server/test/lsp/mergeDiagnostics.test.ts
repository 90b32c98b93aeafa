import test from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { mergeDiagnostics } from '../../src/lsp/features/diagnostics.js';

const diag = (code: string, fromLine: number, toLine: number, source = 'star'): Diagnostic => ({
  code, source, message: code, severity: 2,
  range: { start: { line: fromLine, character: 0 }, end: { line: toLine, character: 5 } },
});

test('a simulation finding replaces the checker estimate of the same code on the same block', () => {
  const estimate = diag('link-bandwidth-low', 12, 12);
  const other = diag('odd-top-k', 3, 3);
  const model = diag('link-bandwidth-low', 10, 14, 'simulation');
  assert.deepEqual(mergeDiagnostics([estimate, other], [model]), [other, model]);
});

test('findings elsewhere or of another code leave the language diagnostics alone', () => {
  const estimate = diag('link-bandwidth-low', 12, 12);
  const elsewhere = diag('link-bandwidth-low', 20, 24, 'simulation');
  const otherCode = diag('engine-underused', 12, 12, 'simulation');
  assert.deepEqual(mergeDiagnostics([estimate], [elsewhere, otherCode]), [estimate, elsewhere, otherCode]);
  assert.deepEqual(mergeDiagnostics([estimate], []), [estimate]);
});
