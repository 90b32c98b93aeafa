// Which names a file declares and where each is used, for definition, references, rename, hover and semantic
// tokens. Built on the language's own symbol table (language/symbols.ts), so the editor and the checker's
// unknown-name diagnostics agree on what a name is; this adds the blocks behind the definitions.
import type { StarFile, TopBlock, TopKind, Ident } from '../language/ast.js';
import { collectSymbols, type SymbolTable, type SymbolDefinition } from '../language/symbols.js';

export interface NameDefinition { name: string; kind: TopKind; ident: Ident; block: TopBlock }
export interface NameReference {
  name: string;
  ident: Ident;
  /** The kinds the position accepts (e.g. a chip or a core after `on`). */
  expects: TopKind[];
  /** Set when the name is declared in this file. */
  definition?: NameDefinition;
}
export interface NameIndex {
  definitions: NameDefinition[];
  references: NameReference[];
  /** Every definition of each name (more than one when the file declares it twice). */
  byName: Map<string, NameDefinition[]>;
}

export function indexNames(file: StarFile, table: SymbolTable = collectSymbols(file)): NameIndex {
  const blocks = new Map<number, TopBlock>();
  for (const item of file.items) if (item.kind !== 'simulate' && item.kind !== 'explore' && item.name) blocks.set(item.name.span.start, item);
  const bySymbol = new Map<SymbolDefinition, NameDefinition>();
  const definitions: NameDefinition[] = [];
  const byName = new Map<string, NameDefinition[]>();
  for (const d of table.definitions) {
    const block = blocks.get(d.nameSpan.start);
    if (!block) continue;
    const def: NameDefinition = { name: d.name, kind: d.kind, ident: { text: d.name, span: d.nameSpan }, block };
    definitions.push(def);
    bySymbol.set(d, def);
    byName.set(d.name, [...(byName.get(d.name) ?? []), def]);
  }
  const references = table.references.map(r => ({
    name: r.name,
    ident: { text: r.name, span: r.span },
    expects: r.expected,
    definition: r.resolved ? (bySymbol.get(r.resolved) ?? definitions.find(d => d.ident.span.start === r.resolved!.nameSpan.start)) : undefined,
  }));
  return { definitions, references, byName };
}

/** The declaration or reference whose name covers `offset` (end inclusive, so a cursor just after a name counts). */
export function nameAt(index: NameIndex, offset: number):
  { definition?: NameDefinition; reference?: NameReference; ident: Ident } | undefined {
  const inside = (i: Ident) => i.span.start <= offset && offset <= i.span.end;
  const def = index.definitions.find(d => inside(d.ident));
  if (def) return { definition: def, ident: def.ident };
  const ref = index.references.find(r => inside(r.ident));
  if (ref) return { reference: ref, definition: ref.definition, ident: ref.ident };
  return undefined;
}

/** Every occurrence of the name declared by `def`: the declaration and the references that resolve to it. */
export function occurrences(index: NameIndex, def: NameDefinition): Ident[] {
  return [def.ident, ...index.references.filter(r => r.definition === def).map(r => r.ident)];
}
