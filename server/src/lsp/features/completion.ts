// Completion: top-level keywords; the fields and sub-blocks valid in the current block that are not written yet;
// names of the right kind after `technology =`, `for`, `on`, `of`, `simulate` and `against`; enum values, on/off
// and `variant { }` bodies after `field =`; units after a number.
import {
  CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionParams, type CompletionList,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../context.js';
import type { DocumentAnalysis } from '../analysis.js';
import type { TopKind } from '../../language/ast.js';
import type { FieldSchema } from '../../language/schema.js';
import { completionContext, topKeywords, type CompletionContext } from '../completionContext.js';
import { blockSchemaAt, fieldSchemaAt, topSchema, unitTable, unitsOf, describeType, baselineNames } from '../schemaLookup.js';
import { exploreCompletions } from '../explore.js';
import { scan, significant } from '../scan.js';

/** Characters above which completion may use the previous analysis (about 3,000 lines). */
const largeFile = 100_000;

export function register(ctx: ServerContext): void {
  ctx.addCapabilities({ completionProvider: { triggerCharacters: ['=', ' ', '>', '.'] } });
  ctx.connection.onCompletion(ctx.guard('completion', null, (p: CompletionParams): CompletionList | null => {
    const doc = ctx.documents.get(p.textDocument.uri);
    if (!doc) return null;
    const snippets = ctx.clientCapabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    // In a large file whose latest edit is not analysed yet, the names of the previous analysis are good enough:
    // completion answers at once instead of waiting for a full parse and check.
    const last = ctx.lastAnalysis(doc.uri);
    const text = doc.getText();
    const a = last && last.version !== doc.version && text.length > largeFile ? { ...last, text } : ctx.analyze(doc);
    return { isIncomplete: false, items: completeAt(doc, a, doc.offsetAt(p.position), snippets) };
  }));
}

export function completeAt(doc: TextDocument, a: DocumentAnalysis, offset: number, snippets = true): CompletionItem[] {
  const c = completionContext(a.text, offset);
  if (c.inert) return [];
  const range = { start: doc.positionAt(c.prefixStart), end: doc.positionAt(offset) };
  const items = c.path.length === 0 ? topLevel(a, c, snippets) : c.path[0] === 'explore' ? inExplore(a, c, offset) : inBlock(a, c, snippets);
  // Every item replaces the partial word, so `GB/` completes to `GB/s` and `tec` to `technology`.
  return items.map((item, i) => ({
    ...item,
    sortText: item.sortText ?? String(i).padStart(4, '0'),
    textEdit: { range, newText: item.insertText ?? item.label },
    insertText: undefined,
  }));
}

function names(a: DocumentAnalysis, kinds: TopKind[]): CompletionItem[] {
  return a.names.definitions.filter(d => kinds.includes(d.kind)).map(d => ({
    label: d.name, kind: CompletionItemKind.Reference, detail: d.kind,
  }));
}
const keyword = (label: string, detail?: string): CompletionItem => ({ label, kind: CompletionItemKind.Keyword, detail });

function topLevel(a: DocumentAnalysis, c: CompletionContext, snippets: boolean): CompletionItem[] {
  const s = c.statement;
  const last = s[s.length - 1];
  if (s.length === 0) {
    return topKeywords.map(k => {
      const schema = topSchema(k);
      const item: CompletionItem = { ...keyword(k, 'block'), documentation: schema?.doc };
      if (snippets) {
        item.insertTextFormat = InsertTextFormat.Snippet;
        item.insertText = k === 'simulate' ? 'simulate ${1:mapping} against ${2:a100}'
          : k === 'explore' ? 'explore ${1:name} for ${2:mapping} {\n  vary {\n    $0\n  }\n  minimize latency, energy\n}'
          : k === 'mapping' ? 'mapping ${1:name} for ${2:workload} on ${3:chip} {\n  $0\n}'
          : `${k} \${1:name} {\n  $0\n}`;
      }
      return item;
    });
  }
  if (s[0] === 'mapping') {
    if (last === 'for') return names(a, ['workload']);
    if (last === 'on') return names(a, ['chip', 'core']);
    if (s.length === 2) return [keyword('for', 'the workload this mapping runs')];
    if (s.length === 4 && s[2] === 'for') return [keyword('on', 'the chip or core it runs on')];
    return [];
  }
  if (s[0] === 'explore') {
    if (last === 'for') return names(a, ['mapping']);
    if (s.length === 2) return [keyword('for', 'the mapping whose design space is explored')];
    return [];
  }
  if (s[0] === 'simulate') {
    if (s.length === 1) return names(a, ['mapping']);
    if (last === 'against' || (last === ',' && s.includes('against'))) {
      const written = new Set(s.slice(s.indexOf('against') + 1));
      return baselineNames().filter(b => !written.has(b)).map(b => ({ label: b, kind: CompletionItemKind.Value, detail: 'baseline' }));
    }
    if (s.length === 2) return [keyword('against', 'the baselines to compare with')];
    return [];
  }
  return [];
}

const exploreKinds = {
  path: CompletionItemKind.Field, block: CompletionItemKind.Module, metric: CompletionItemKind.Value, value: CompletionItemKind.EnumMember,
  keyword: CompletionItemKind.Keyword, unit: CompletionItemKind.Unit, field: CompletionItemKind.Field,
} as const;

/** Inside an explore item: the words of the cursor's line before it (after its last `{`) say what comes next. */
function inExplore(a: DocumentAnalysis, c: CompletionContext, offset: number): CompletionItem[] {
  const lineStart = Math.max(a.text.lastIndexOf('\n', c.prefixStart - 1) + 1, 0);
  const line = significant(scan(a.text.slice(lineStart, c.prefixStart))).map(t => t.text);
  const words = line.slice(line.lastIndexOf('{') + 1);
  return exploreCompletions(a.design, a.file, offset, c.path, words, c.present).map(x => ({
    label: x.label, kind: exploreKinds[x.kind], detail: x.detail, documentation: x.doc, insertText: x.insert,
  }));
}

function inBlock(a: DocumentAnalysis, c: CompletionContext, snippets: boolean): CompletionItem[] {
  const s = c.statement;
  const block = blockSchemaAt(c.path);
  if (s.length === 0) {
    if (!block) return [];
    const fields = Object.values(block.fields).filter(f => !c.present.has(f.name)).map(f => fieldItem(f, snippets));
    const blocks = Object.values(block.blocks).filter(b => !c.present.has(b.name)).map(b => ({
      label: b.name, kind: CompletionItemKind.Module, detail: 'block', documentation: b.doc,
      ...(snippets ? { insertText: `${b.name} {\n  $0\n}`, insertTextFormat: InsertTextFormat.Snippet } : {}),
    }));
    const partitions = (block.partitions?.what ?? []).filter(w => !c.present.has(w)).map(w => ({
      label: w, kind: CompletionItemKind.Operator, detail: 'partition', insertText: `${w} -> `,
    }));
    return [...fields, ...blocks, ...partitions];
  }
  const key = s[0];
  if (s.length === 2 && s[1] === '->') {
    return (block?.partitions?.targets ?? []).map(t => ({ label: t, kind: CompletionItemKind.EnumMember }));
  }
  if (s[1] !== '=') return [];
  const field = fieldSchemaAt(c.path, key);
  const value = s.slice(2);
  const last = value[value.length - 1];
  if (last === 'of') return names(a, ['core']);
  if (last !== undefined && /^[0-9.]/.test(last)) {
    // A number was just written: its unit, or `x` / `to` / `of` for dims and ranges.
    const units = field?.type.kind === 'quantity' ? unitsOf(field.type.dimension) : field ? [] : Object.keys(unitTable());
    const items: CompletionItem[] = units.map(u => ({ label: u, kind: CompletionItemKind.Unit, detail: unitTable()[u]?.doc }));
    if (field?.type.kind === 'dims' && value.length === 1) items.push(keyword('x'));
    if (field?.type.kind === 'dims' && value.length === 3 && field.type.of) items.push(keyword('of'));
    if (field?.type.kind === 'range' && value.length === 1) items.push(keyword('to'));
    return items;
  }
  if (value.length > 0 || !field) return [];
  // Words a field accepts besides its type's values (`bc = auto`).
  const words = ((field as { keywords?: string[] }).keywords ?? []).map(w => ({ label: w, kind: CompletionItemKind.Keyword, detail: field.name }));
  return [...words, ...valueItems(a, field)];
}

function valueItems(a: DocumentAnalysis, field: FieldSchema): CompletionItem[] {
  switch (field.type.kind) {
    case 'enum': return field.type.values.map(v => ({ label: v, kind: CompletionItemKind.EnumMember, detail: field.name }));
    case 'bool': return ['on', 'off'].map(v => ({ label: v, kind: CompletionItemKind.EnumMember, detail: field.name }));
    case 'ref': return names(a, [field.type.target]);
    case 'call': return Object.entries(field.type.variants).map(([v, b]) => ({
      label: v, kind: CompletionItemKind.Struct, detail: `${field.name} = ${v} { ... }`, documentation: b.doc,
    }));
    default: return [];
  }
}

function fieldItem(f: FieldSchema, snippets: boolean): CompletionItem {
  return {
    label: f.name, kind: CompletionItemKind.Field,
    detail: `${describeType(f)}${f.default !== undefined ? ` (default ${f.default})` : ''}${f.required ? ', required' : ''}`,
    documentation: f.doc,
    ...(snippets ? { insertText: `${f.name} = $0`, insertTextFormat: InsertTextFormat.Snippet } : { insertText: `${f.name} = ` }),
  };
}
