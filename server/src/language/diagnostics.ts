// Diagnostics of the language layer, free of LSP types so the CLI and tests use them as they are.
import type { Span } from './ast.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface TextEdit { span: Span; newText: string }
export interface QuickFix { title: string; edits: TextEdit[]; preferred?: boolean }

export interface StarDiagnostic {
  code: string;            // stable, e.g. "unknown-name"; listed in the README's language reference
  severity: Severity;
  message: string;         // says what is wrong and how to fix it
  span: Span;
  fixes?: QuickFix[];
  source?: 'syntax' | 'check' | 'simulation';
}
