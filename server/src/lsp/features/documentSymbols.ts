// The outline: one symbol per top-level block and simulate statement, with its sub-blocks and fields inside.
import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../context.js';
import { spanToRange } from '../convert.js';
import type { Entry, Item, Span, TopKind, ExploreStmt } from '../../language/ast.js';

const kinds: Record<TopKind | 'simulate' | 'explore', SymbolKind> = {
  technology: SymbolKind.Constant,
  workload: SymbolKind.Event,
  core: SymbolKind.Class,
  chip: SymbolKind.Module,
  mapping: SymbolKind.Function,
  simulate: SymbolKind.Method,
  explore: SymbolKind.Namespace,
};

export function register(ctx: ServerContext): void {
  ctx.addCapabilities({ documentSymbolProvider: { label: 'STAR' } });
  ctx.connection.onDocumentSymbol(ctx.guard('documentSymbol', [], (p: DocumentSymbolParams): DocumentSymbol[] => {
    const doc = ctx.documents.get(p.textDocument.uri);
    return doc ? ctx.analyze(doc).file.items.map(item => itemSymbol(doc, item)) : [];
  }));
}

function symbol(doc: TextDocument, name: string, detail: string | undefined, kind: SymbolKind, span: Span, selection: Span, children?: DocumentSymbol[]): DocumentSymbol {
  // The selection must lie inside the range, whatever spans error recovery produced.
  const start = Math.min(span.start, selection.start);
  const end = Math.max(span.end, selection.end);
  return {
    name: name || '?', detail, kind,
    range: spanToRange(doc, { start, end }), selectionRange: spanToRange(doc, selection),
    children,
  };
}

function itemSymbol(doc: TextDocument, item: Item): DocumentSymbol {
  if (item.kind === 'simulate') {
    const name = `simulate ${item.mapping?.text ?? ''}`.trim();
    const detail = item.against.length ? `against ${item.against.map(a => a.text).join(', ')}` : undefined;
    return symbol(doc, name, detail, kinds.simulate, item.span, item.mapping?.span ?? item.keyword.span, entrySymbols(doc, item.body));
  }
  if (item.kind === 'explore') return exploreSymbol(doc, item);
  const detail = [item.kind, item.forRef ? `for ${item.forRef.text}` : '', item.onRef ? `on ${item.onRef.text}` : ''].filter(Boolean).join(' ');
  return symbol(doc, item.name?.text ?? `(unnamed ${item.kind})`, detail, kinds[item.kind], item.span, item.name?.span ?? item.keyword.span, entrySymbols(doc, item.body));
}

/** explore NAME: its varied paths (with their values), objectives, constraints and search. */
function exploreSymbol(doc: TextDocument, item: ExploreStmt): DocumentSymbol {
  const text = (span: Span) => { const t = doc.getText(spanToRange(doc, span)).replace(/\s+/g, ' '); return t.length > 60 ? `${t.slice(0, 57)}...` : t; };
  const children: DocumentSymbol[] = item.vary.map(e => {
    const pathSpan = { start: e.path[0].span.start, end: e.path[e.path.length - 1].span.end };
    const values = e.value ? text({ start: e.value.span.start, end: e.span.end }) : '';
    return symbol(doc, e.path.map(i => i.text).join('.'), values, SymbolKind.Field, e.span, pathSpan);
  });
  for (const o of item.objectives) {
    children.push(symbol(doc, `${o.keyword.text} ${o.metrics.map(m => m.text).join(', ')}`, 'objective', SymbolKind.Event, o.span, o.keyword.span));
  }
  for (const c of item.constraints) children.push(symbol(doc, text(c.span), 'constraint', SymbolKind.Operator, c.span, c.metric.span));
  if (item.search) children.push(symbol(doc, text(item.search.span), 'search', SymbolKind.Property, item.search.span, item.search.keyword.span));
  const detail = item.forRef ? `explore for ${item.forRef.text}` : 'explore';
  return symbol(doc, item.name?.text ?? '(unnamed explore)', detail, kinds.explore, item.span, item.name?.span ?? item.keyword.span, children);
}

function entrySymbols(doc: TextDocument, entries: Entry[]): DocumentSymbol[] {
  return entries.map(e => {
    if (e.kind === 'block') return symbol(doc, e.key.text, undefined, SymbolKind.Struct, e.span, e.key.span, entrySymbols(doc, e.body));
    if (e.kind === 'partition') {
      const target = e.target ? e.target.path.map(i => i.text).join('.') : '?';
      return symbol(doc, `${e.what.text} -> ${target}`, 'partition', SymbolKind.Operator, e.span, e.what.span);
    }
    const value = e.value ? doc.getText(spanToRange(doc, e.value.span)).replace(/\s+/g, ' ') : '';
    const children = e.value?.kind === 'call' ? entrySymbols(doc, e.value.body) : undefined;
    return symbol(doc, e.key.text, value.length > 60 ? `${value.slice(0, 57)}...` : value, SymbolKind.Field, e.span, e.key.span, children);
  });
}
