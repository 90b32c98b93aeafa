// The one place where language-layer values (character spans, StarDiagnostic) become LSP values (ranges,
// Diagnostic, TextEdit, CodeAction). Spans are clamped to the document, so a range never points outside it.
import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit, type CodeAction, CodeActionKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Span } from '../language/ast.js';
import type { StarDiagnostic, Severity, QuickFix } from '../language/diagnostics.js';

export const diagnosticSource = 'star';

export function clampSpan(span: Span, length: number): Span {
  const fix = (n: number) => (Number.isFinite(n) ? Math.min(Math.max(0, Math.trunc(n)), length) : 0);
  const start = fix(span.start);
  const end = Math.max(start, fix(span.end));
  return { start, end };
}

export function spanToRange(doc: TextDocument, span: Span): Range {
  const s = clampSpan(span, doc.getText().length);
  return { start: doc.positionAt(s.start), end: doc.positionAt(s.end) };
}

export function rangeToSpan(doc: TextDocument, range: Range): Span {
  return { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) };
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(doc: TextDocument, d: StarDiagnostic): Diagnostic {
  return {
    range: spanToRange(doc, d.span),
    severity: severities[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: diagnosticSource,
    message: d.message,
    // Quick fixes travel with the diagnostic so code actions can find them without re-running the checker.
    data: d.fixes?.length ? { fixes: d.fixes.length } : undefined,
  };
}

export function toTextEdit(doc: TextDocument, edit: { span: Span; newText: string }): TextEdit {
  return { range: spanToRange(doc, edit.span), newText: edit.newText };
}

export function toCodeAction(doc: TextDocument, fix: QuickFix, diagnostic: Diagnostic | undefined): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    isPreferred: fix.preferred,
    diagnostics: diagnostic ? [diagnostic] : undefined,
    edit: { changes: { [doc.uri]: fix.edits.map(e => toTextEdit(doc, e)) } },
  };
}

export function rangesOverlap(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
