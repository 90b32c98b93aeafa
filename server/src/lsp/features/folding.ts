// Folding: every bracketed region that spans lines ({ }, [ ]) and every run of two or more comment lines.
// Computed from the tolerant scanner, so a file whose braces do not balance still folds what does.
import { FoldingRangeKind, type FoldingRange, type FoldingRangeParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../context.js';
import { scan } from '../scan.js';

export function register(ctx: ServerContext): void {
  ctx.addCapabilities({ foldingRangeProvider: true });
  ctx.connection.onFoldingRanges(ctx.guard('foldingRange', [], (p: FoldingRangeParams): FoldingRange[] => {
    const doc = ctx.documents.get(p.textDocument.uri);
    return doc ? foldingRanges(doc) : [];
  }));
}

export function foldingRanges(doc: TextDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const stack: Array<{ char: string; line: number }> = [];
  const pairs: Record<string, string> = { '}': '{', ']': '[' };
  let commentRun: { start: number; end: number } | undefined;
  let lastCodeLine = -1;
  const flushComments = () => {
    if (commentRun && commentRun.end > commentRun.start) out.push({ startLine: commentRun.start, endLine: commentRun.end, kind: FoldingRangeKind.Comment });
    commentRun = undefined;
  };
  let line = 0;
  for (const t of scan(doc.getText())) {
    if (t.kind === 'newline') { line++; continue; }
    if (t.kind === 'space') continue;
    if (t.kind === 'lineComment' && line !== lastCodeLine) {
      if (commentRun && commentRun.end === line - 1) commentRun.end = line;
      else { flushComments(); commentRun = { start: line, end: line }; }
      continue;
    }
    if (t.kind === 'blockComment') {
      const endLine = line + countLineBreaks(t.text);
      if (endLine > line) out.push({ startLine: line, endLine, kind: FoldingRangeKind.Comment });
      line = endLine;
      continue;
    }
    if (t.kind === 'lineComment') continue;                 // a trailing comment after code
    flushComments();
    lastCodeLine = line;
    if (t.text === '{' || t.text === '[') stack.push({ char: t.text, line });
    else if (t.text === '}' || t.text === ']') {
      const i = stack.map(s => s.char).lastIndexOf(pairs[t.text]);
      if (i < 0) continue;
      const open = stack[i];
      stack.length = i;
      // Fold up to the line before the closer, so the closing brace stays visible.
      if (line - 1 > open.line) out.push({ startLine: open.line, endLine: line - 1, kind: FoldingRangeKind.Region });
    }
  }
  flushComments();
  return out.sort((a, b) => a.startLine - b.startLine);
}

/** Line breaks as LSP counts them: \n, \r\n and a lone \r. */
function countLineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) { n++; if (text.charCodeAt(i + 1) === 10) i++; }
  }
  return n;
}
