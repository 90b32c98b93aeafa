import { parse } from '../language/parser.js';
import type { StarDiagnostic } from '../language/diagnostics.js';
export function analyze(text: string) {
  const file = parse(text);
  const diagnostics: StarDiagnostic[] = file.syntaxErrors.map(e => ({ code: 'syntax', severity: 'error', message: e.message, span: e.span, source: 'syntax' }));
  return { file, design: undefined, diagnostics, symbols: [] };
}
