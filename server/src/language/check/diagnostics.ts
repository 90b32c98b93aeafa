// The checker's diagnostic collector (one report per code, span and message; at most MAX_CHECK_DIAGNOSTICS), the
// quick fix that replaces a span, and how numbers read in messages.
import type { Span } from '../ast.js';
import type { StarDiagnostic, Severity, QuickFix } from '../diagnostics.js';

/** More would only flood the editor: a file this broken is fixed from the top. */
export const MAX_CHECK_DIAGNOSTICS = 1000;

export class Diags {
  readonly list: StarDiagnostic[] = [];
  private seen = new Set<string>();
  get full(): boolean { return this.list.length >= MAX_CHECK_DIAGNOSTICS; }
  add(code: string, severity: Severity, message: string, span: Span, fixes?: QuickFix[]): void {
    if (this.full) return;
    const key = `${code}|${span.start}|${span.end}|${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ code, severity, message, span: { start: span.start, end: span.end }, fixes, source: 'check' });
  }
  error(code: string, message: string, span: Span, fixes?: QuickFix[]): void { this.add(code, 'error', message, span, fixes); }
  warning(code: string, message: string, span: Span, fixes?: QuickFix[]): void { this.add(code, 'warning', message, span, fixes); }
}

export function replaceFix(span: Span, text: string, title = `Change to '${text}'`): QuickFix[] {
  return [{ title, edits: [{ span, newText: text }], preferred: true }];
}

export function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(Math.round(x * 1000) / 1000);
}
export function pct(x: number): string { return `${fmt(x * 100)} %`; }
