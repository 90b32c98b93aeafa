// Names defined by top-level blocks and every place that refers to one: go-to-definition, references and rename
// in the server, and the checker's unknown/duplicate/wrong-kind diagnostics, all read this one table.
import type { StarFile, Span, TopKind, Value } from './ast.js';

export interface SymbolDefinition {
  name: string;
  kind: TopKind;
  nameSpan: Span;
  span: Span;              // the whole block
}
export interface SymbolReference {
  name: string;
  span: Span;
  /** Kinds of definition that fit this place (mapping `on` takes a chip or a core). */
  expected: TopKind[];
  /** The definition of that name, if there is one (of any kind: `wrong-kind` is the checker's business). */
  resolved?: SymbolDefinition;
}
export interface SymbolTable {
  definitions: SymbolDefinition[];
  references: SymbolReference[];
  /** First definition of each name (later duplicates are reported by the checker). */
  byName: Map<string, SymbolDefinition>;
}

/** Fields whose value names another block. */
const REF_FIELDS: Record<string, Record<string, TopKind[]>> = {
  core: { technology: ['technology'] },
};

export function collectSymbols(file: StarFile): SymbolTable {
  const definitions: SymbolDefinition[] = [];
  const references: SymbolReference[] = [];
  const byName = new Map<string, SymbolDefinition>();
  for (const item of file.items) {
    if (item.kind === 'simulate' || item.kind === 'explore' || !item.name) continue;
    const def: SymbolDefinition = { name: item.name.text, kind: item.kind, nameSpan: item.name.span, span: item.span };
    definitions.push(def);
    if (!byName.has(def.name)) byName.set(def.name, def);
  }
  const ref = (name: string, span: Span, expected: TopKind[]) => references.push({ name, span, expected, resolved: byName.get(name) });
  for (const item of file.items) {
    if (item.kind === 'simulate') {
      if (item.mapping) ref(item.mapping.text, item.mapping.span, ['mapping']);
      continue;
    }
    if (item.kind === 'explore') {
      if (item.forRef) ref(item.forRef.text, item.forRef.span, ['mapping']);
      continue;
    }
    if (item.kind === 'mapping') {
      if (item.forRef) ref(item.forRef.text, item.forRef.span, ['workload']);
      if (item.onRef) ref(item.onRef.text, item.onRef.span, ['chip', 'core']);
    }
    const refFields = REF_FIELDS[item.kind] ?? {};
    for (const e of item.body) {
      if (e.kind !== 'field' || !e.value) continue;
      const kinds = refFields[e.key.text];
      if (kinds && e.value.kind === 'ref' && e.value.path.length === 1) ref(e.value.path[0].text, e.value.path[0].span, kinds);
      if (item.kind === 'chip' && e.key.text === 'mesh') meshRef(e.value, ref);
    }
  }
  return { definitions, references, byName };
}

function meshRef(v: Value, ref: (name: string, span: Span, expected: TopKind[]) => void): void {
  if (v.kind === 'dims' && v.of) ref(v.of.text, v.of.span, ['core']);
}

function inside(span: Span, offset: number): boolean { return offset >= span.start && offset <= span.end; }

/** The definition named at `offset`, whether the cursor is on the definition's name or on a reference to it. */
export function definitionAt(table: SymbolTable, offset: number): SymbolDefinition | undefined {
  for (const d of table.definitions) if (inside(d.nameSpan, offset)) return d;
  for (const r of table.references) if (inside(r.span, offset)) return r.resolved;
  return undefined;
}

/** The reference at `offset`, if any (resolved or not). */
export function referenceAt(table: SymbolTable, offset: number): SymbolReference | undefined {
  return table.references.find(r => inside(r.span, offset));
}

/** Every reference to `def` (not the definition itself). */
export function referencesOf(table: SymbolTable, def: SymbolDefinition): SymbolReference[] {
  return table.references.filter(r => r.resolved === def || (r.resolved && r.resolved.nameSpan.start === def.nameSpan.start));
}
