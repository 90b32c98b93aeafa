// What lies under the cursor in the syntax tree: a block keyword, a block or field name, a value, a unit. Hover
// asks here; the path says in which block the thing is (['core', 'sram']), so the schema can explain it.
import type { StarFile, Item, Entry, Value, Ident, NumberValue, Field, SubBlock, Span } from '../language/ast.js';
import type { BlockPath } from './schemaLookup.js';

export type Located =
  | { kind: 'keyword'; ident: Ident; item: Item }
  | { kind: 'blockKey'; ident: Ident; path: BlockPath; block: SubBlock }     // path includes the block itself
  | { kind: 'fieldKey'; ident: Ident; path: BlockPath; field: Field }
  | { kind: 'unit'; ident: Ident; number: NumberValue; path: BlockPath; field?: Field }
  | { kind: 'value'; value: Value; path: BlockPath; field: Field }
  | { kind: 'callName'; ident: Ident; path: BlockPath; field: Field }       // path of the call's body
  | { kind: 'partition'; ident: Ident; word: string; path: BlockPath };     // heads -> mesh.rows (either side)

const inside = (s: Span, offset: number) => s.start <= offset && offset <= s.end;
const strictlyInside = (s: Span, offset: number) => s.start <= offset && offset < s.end;

export function locate(file: StarFile, offset: number): Located | undefined {
  for (const item of file.items) {
    if (!inside(item.span, offset)) continue;
    if (inside(item.keyword.span, offset)) return { kind: 'keyword', ident: item.keyword, item };
    if (item.kind === 'explore') return undefined;            // hover.ts asks exploreHover.ts inside an explore item
    const root = item.kind;
    const found = locateEntries(item.body, [root], offset);
    if (found) return found;
  }
  return undefined;
}

function locateEntries(entries: Entry[], path: BlockPath, offset: number): Located | undefined {
  for (const e of entries) {
    if (!inside(e.span, offset)) continue;
    if (e.kind === 'block') {
      const blockPath = [...path, e.key.text];
      if (inside(e.key.span, offset)) return { kind: 'blockKey', ident: e.key, path: blockPath, block: e };
      const found = locateEntries(e.body, blockPath, offset);
      if (found) return found;
    } else if (e.kind === 'partition') {
      if (inside(e.what.span, offset)) return { kind: 'partition', ident: e.what, word: e.what.text, path };
      if (e.target && inside(e.target.span, offset)) {
        const word = e.target.path.map(i => i.text).join('.');
        return { kind: 'partition', ident: { text: word, span: e.target.span }, word, path };
      }
    } else if (e.kind === 'field') {
      if (inside(e.key.span, offset)) return { kind: 'fieldKey', ident: e.key, path, field: e };
      if (e.value) {
        const found = locateValue(e.value, path, e, offset);
        if (found) return found;
      }
    }
  }
  return undefined;
}

function locateValue(v: Value, path: BlockPath, field: Field, offset: number): Located | undefined {
  if (!inside(v.span, offset)) return undefined;
  switch (v.kind) {
    case 'number':
      if (v.unit && inside(v.unit.span, offset)) return { kind: 'unit', ident: v.unit, number: v, path, field };
      return { kind: 'value', value: v, path, field };
    case 'dims':
      return locateValue(v.rows, path, field, offset) ?? locateValue(v.cols, path, field, offset) ?? { kind: 'value', value: v, path, field };
    case 'range':
      return locateValue(v.from, path, field, offset) ?? locateValue(v.to, path, field, offset) ?? { kind: 'value', value: v, path, field };
    case 'list':
      for (const item of v.items) { const f = locateValue(item, path, field, offset); if (f) return f; }
      return { kind: 'value', value: v, path, field };
    case 'call': {
      const bodyPath = [...path, field.key.text, v.name.text];
      if (inside(v.name.span, offset)) return { kind: 'callName', ident: v.name, path: bodyPath, field };
      return locateEntries(v.body, bodyPath, offset) ?? undefined;
    }
    default:
      return strictlyInside(v.span, offset) || v.span.end === offset ? { kind: 'value', value: v, path, field } : undefined;
  }
}
