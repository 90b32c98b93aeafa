// Semantic tokens (full document): keywords, declared names (class + declaration), names used (class), fields and
// sub-blocks (property), numbers, units (type), strings, comments and keyword values (enumMember). Classified from
// the syntax tree, so `on` is a keyword in `mapping m for w on c` and a value in `rass = on`.
import type { SemanticTokens, SemanticTokensParams, SemanticTokensLegend } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../context.js';
import type { DocumentAnalysis } from '../analysis.js';
import type { Entry, Value, Span } from '../../language/ast.js';
import { SYNTAX_KEYWORDS } from '../../language/schema.js';
import { scan } from '../scan.js';
import { clampSpan } from '../convert.js';

export const tokenTypes = ['keyword', 'class', 'property', 'number', 'type', 'string', 'comment', 'enumMember', 'operator'] as const;
export const tokenModifiers = ['declaration'] as const;
export type TokenType = typeof tokenTypes[number];
export const legend: SemanticTokensLegend = { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] };

const connectives = new Set<string>(SYNTAX_KEYWORDS);
/** Clause words of an explore body that are not nodes of the tree (`vary {`, `subject to {`); elsewhere they are plain names. */
const exploreWords = new Set(['vary', 'subject']);

export interface Classified { start: number; end: number; type: TokenType; declaration?: boolean }

export function register(ctx: ServerContext): void {
  ctx.addCapabilities({ semanticTokensProvider: { legend, full: true } });
  ctx.connection.languages.semanticTokens.on(ctx.guard('semanticTokens', { data: [] }, (p: SemanticTokensParams): SemanticTokens => {
    const doc = ctx.documents.get(p.textDocument.uri);
    return doc ? { data: encode(doc, classify(ctx.analyze(doc))) } : { data: [] };
  }));
}

/** Every classified token of the document, by offset, without overlaps. */
export function classify(a: DocumentAnalysis): Classified[] {
  const out: Classified[] = [];
  const add = (span: Span | undefined, type: TokenType, declaration = false) => {
    if (span && span.end > span.start) out.push({ start: span.start, end: span.end, type, declaration });
  };
  for (const d of a.names.definitions) add(d.ident.span, 'class', true);
  for (const r of a.names.references) add(r.ident.span, 'class');
  const value = (v: Value): void => {
    switch (v.kind) {
      case 'number': {
        const numberEnd = v.text && a.text.startsWith(v.text, v.span.start) ? v.span.start + v.text.length : (v.unit?.span.start ?? v.span.end);
        add({ start: v.span.start, end: numberEnd }, 'number');
        add(v.unit?.span, 'type');
        return;
      }
      case 'dims': value(v.rows); value(v.cols); return;
      case 'range': value(v.from); value(v.to); return;
      case 'string': add(v.span, 'string'); return;
      case 'ref': for (const i of v.path) add(i.span, 'enumMember'); return;
      case 'call': add(v.name.span, 'enumMember'); entries(v.body); return;
      case 'list': for (const i of v.items) value(i); return;
    }
  };
  const entries = (list: Entry[]): void => {
    for (const e of list) {
      if (e.kind === 'block') { add(e.key.span, 'property'); entries(e.body); }
      else if (e.kind === 'field') { add(e.key.span, 'property'); if (e.value) value(e.value); }
      else { add(e.what.span, 'property'); if (e.target) for (const i of e.target.path) add(i.span, 'enumMember'); }
    }
  };
  for (const item of a.file.items) {
    add(item.keyword.span, 'keyword');
    if (item.kind !== 'explore') { entries(item.body); continue; }
    // explore: paths as properties, metrics as enum members; the clause keywords come from the scanner below.
    for (const e of item.vary) {
      for (const i of e.path) add(i.span, 'property');
      if (e.value) value(e.value);
      add(e.stepKeyword?.span, 'keyword');
      if (e.step) value(e.step);
    }
    for (const o of item.objectives) { add(o.keyword.span, 'keyword'); for (const m of o.metrics) add(m.span, 'enumMember'); }
    for (const c of item.constraints) { add(c.metric.span, 'enumMember'); add(c.op?.span, 'operator'); if (c.value) value(c.value); }
    if (item.search) { add(item.search.keyword.span, 'keyword'); if (item.search.value) value(item.search.value); }
  }
  for (const c of a.file.comments) add(c, 'comment');
  // Connective keywords (for, on, against, of, to, x) and arrows are not nodes of the tree: take them from the
  // scanner (which skips comments and strings); where the tree says the word is a value, the tree wins below.
  for (const t of scan(a.text)) {
    if (t.kind === 'word' && (connectives.has(t.text) || exploreWords.has(t.text))) add(t, 'keyword');
    else if (t.kind === 'punct' && t.text === '->') add(t, 'operator');
  }
  // Tree tokens were added first; a lexer keyword that overlaps one (`on` as a value) loses.
  const order = out.map((t, i) => ({ t, i })).sort((x, y) => x.t.start - y.t.start || x.i - y.i);
  const kept: Classified[] = [];
  let end = 0;
  for (const { t } of order) {
    if (t.start < end) continue;
    kept.push(t);
    end = t.end;
  }
  return kept;
}

/** LSP's relative encoding; tokens that span lines (block comments) are split per line. */
export function encode(doc: TextDocument, tokens: Classified[]): number[] {
  const data: number[] = [];
  const length = doc.getText().length;
  let prevLine = 0, prevChar = 0;
  const push = (line: number, char: number, len: number, type: number, mods: number) => {
    if (len <= 0) return;
    data.push(line - prevLine, line === prevLine ? char - prevChar : char, len, type, mods);
    prevLine = line; prevChar = char;
  };
  for (const t of tokens) {
    const s = clampSpan(t, length);
    const start = doc.positionAt(s.start), end = doc.positionAt(s.end);
    const type = tokenTypes.indexOf(t.type), mods = t.declaration ? 1 : 0;
    if (start.line === end.line) { push(start.line, start.character, end.character - start.character, type, mods); continue; }
    for (let line = start.line; line <= end.line; line++) {
      const from = line === start.line ? start.character : 0;
      const lineEnd = line === end.line ? end.character
        : doc.offsetAt({ line: line + 1, character: 0 }) - doc.offsetAt({ line, character: 0 }) - lineBreakLength(doc, line);
      push(line, from, lineEnd - from, type, mods);
    }
  }
  return data;
}

function lineBreakLength(doc: TextDocument, line: number): number {
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return text.endsWith('\r\n') ? 2 : text.endsWith('\n') || text.endsWith('\r') ? 1 : 0;
}
