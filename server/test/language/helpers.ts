// Shared helpers of the language tests: analyze a text, pick diagnostics by code, apply quick fixes.
import { analyze } from '../../src/language/index.js';
import type { StarDiagnostic, TextEdit } from '../../src/language/diagnostics.js';

export function diagnostics(text: string): StarDiagnostic[] { return analyze(text).diagnostics; }
export function codes(text: string): string[] { return diagnostics(text).map(d => d.code); }
export function withCode(text: string, code: string): StarDiagnostic[] { return diagnostics(text).filter(d => d.code === code); }
export function spanText(text: string, d: { span: { start: number; end: number } }): string { return text.slice(d.span.start, d.span.end); }

/** Apply edits (non-overlapping) to a text, last first so offsets stay valid. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** A small design most cases build on: a workload, the default STAR core and a 4 x 4 chip of it. */
export const BASE = `
workload w { heads = 32, head_dim = 128, seq_len = 4096 tokens }
core star {}
chip c4 { mesh = 4 x 4 of star }
`;
