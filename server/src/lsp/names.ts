// Which names a file declares (technology, workload, core, chip and mapping blocks) and where each is used, read
// from the syntax tree. Definition, references, rename, hover and semantic tokens all use this one index, so they
// agree on what a name is.
import type { StarFile, TopBlock, TopKind, Entry, Value, Ident, Span } from '../language/ast.js';
import { fieldSchemaAt, type BlockPath } from './schemaLookup.js';

export interface NameDefinition { name: string; kind: TopKind; ident: Ident; block: TopBlock }
export interface NameReference {
  name: string;
  ident: Ident;
  /** The kinds the position accepts (e.g. a chip or a core after `on`); empty when any declared name fits. */
  expects: TopKind[];
  /** Set when the name is declared in this file. */
  definition?: NameDefinition;
  /** `against` names a baseline; it may be a built-in design rather than a declared name. */
  baseline?: boolean;
}
export interface NameIndex {
  definitions: NameDefinition[];
  references: NameReference[];
  byName: Map<string, NameDefinition[]>;
}

export function indexNames(file: StarFile): NameIndex {
  const definitions: NameDefinition[] = [];
  const byName = new Map<string, NameDefinition[]>();
  for (const item of file.items) {
    if (item.kind === 'simulate' || !item.name) continue;
    const def: NameDefinition = { name: item.name.text, kind: item.kind, ident: item.name, block: item };
    definitions.push(def);
    const list = byName.get(def.name) ?? [];
    list.push(def);
    byName.set(def.name, list);
  }
  const references: NameReference[] = [];
  const add = (ident: Ident | undefined, expects: TopKind[], baseline = false) => {
    if (!ident || !ident.text) return;
    const defs = byName.get(ident.text) ?? [];
    const definition = defs.find(d => expects.length === 0 || expects.includes(d.kind));
    // A baseline or an untyped position only counts as a reference when the name is declared here.
    if ((baseline || expects.length === 0) && !definition) return;
    references.push({ name: ident.text, ident, expects, definition, baseline });
  };
  for (const item of file.items) {
    if (item.kind === 'simulate') {
      add(item.mapping, ['mapping']);
      for (const b of item.against) add(b, [], true);
      walkEntries(item.body, ['simulate'], add, byName);
      continue;
    }
    if (item.kind === 'mapping') {
      add(item.forRef, ['workload']);
      add(item.onRef, ['chip', 'core']);
    }
    walkEntries(item.body, [item.kind], add, byName);
  }
  return { definitions, references, byName };
}

type Add = (ident: Ident | undefined, expects: TopKind[], baseline?: boolean) => void;

function walkEntries(entries: Entry[], path: BlockPath, add: Add, byName: Map<string, NameDefinition[]>): void {
  for (const e of entries) {
    if (e.kind === 'block') walkEntries(e.body, [...path, e.key.text], add, byName);
    else if (e.kind === 'field' && e.value) walkValue(e.value, [...path], e.key.text, add, byName);
  }
}

function walkValue(v: Value, path: BlockPath, key: string, add: Add, byName: Map<string, NameDefinition[]>): void {
  switch (v.kind) {
    case 'ref': {
      if (v.path.length !== 1) return;
      const schema = fieldSchemaAt(path, key);
      if (schema?.type.kind === 'ref') add(v.path[0], [schema.type.target]);
      else if (schema?.type.kind === 'enum' && schema.type.values.includes(v.path[0].text)) return;
      else if (byName.has(v.path[0].text)) add(v.path[0], []);
      return;
    }
    case 'dims': add(v.of, ['core']); return;
    case 'list': for (const item of v.items) walkValue(item, path, key, add, byName); return;
    case 'call': walkEntries(v.body, [...path, key, v.name.text], add, byName); return;
    default: return;
  }
}

/** The declaration or reference whose name covers `offset` (end inclusive, so a cursor just after a name counts). */
export function nameAt(index: NameIndex, offset: number):
  { definition?: NameDefinition; reference?: NameReference; ident: Ident } | undefined {
  const inside = (s: Span) => s.start <= offset && offset <= s.end;
  const def = index.definitions.find(d => inside(d.ident.span));
  if (def) return { definition: def, ident: def.ident };
  const ref = index.references.find(r => inside(r.ident.span));
  if (ref) return { reference: ref, definition: ref.definition, ident: ref.ident };
  return undefined;
}

/** Every occurrence of the name declared by `def`: the declaration and the references that resolve to it. */
export function occurrences(index: NameIndex, def: NameDefinition): Ident[] {
  return [def.ident, ...index.references.filter(r => r.definition === def).map(r => r.ident)];
}
