// Name resolution: duplicate definitions, unknown names and names of the wrong kind, and the lookup the block
// builders use (the first definition of each name wins; later duplicates are reported and left out).
import type { StarFile, TopBlock, TopKind } from '../ast.js';
import type { SymbolTable, SymbolDefinition } from '../symbols.js';
import { suggestion } from '../suggest.js';
import { DEFAULT_TECHNOLOGY } from '../../model/defaults.js';
import { type Diags, replaceFix } from './diagnostics.js';

/** Finds the definition of a name if it is of the given kind (the first definition, when a name is defined twice). */
export type Resolve = (name: string | undefined, kind: TopKind) => SymbolDefinition | undefined;

export interface Names {
  resolve: Resolve;
  /** The named blocks of one kind that are their name's first definition, in file order. */
  blocksOf(kind: TopKind): TopBlock[];
}

export function resolveNames(file: StarFile, symbols: SymbolTable, d: Diags): Names {
  const firstDef = new Map<string, SymbolDefinition>();
  for (const def of symbols.definitions) {
    const prev = firstDef.get(def.name);
    if (prev) d.error('duplicate-name', `'${def.name}' is already defined (${prev.kind} '${prev.name}'): rename this ${def.kind}`, def.nameSpan);
    else firstDef.set(def.name, def);
  }
  for (const r of symbols.references) {
    const kinds = r.expected.join(' or ');
    if (!r.resolved) {
      if (r.expected.includes('technology') && r.name === DEFAULT_TECHNOLOGY.name) continue;   // built in
      const cands = symbols.definitions.filter(x => r.expected.includes(x.kind)).map(x => x.name);
      if (r.expected.includes('technology')) cands.push(DEFAULT_TECHNOLOGY.name);
      const { hint, best } = suggestion(r.name, cands);
      const avail = cands.length ? ` (${cands.slice(0, 8).join(', ')})` : ` (there is no ${kinds} in this file)`;
      d.error('unknown-name', `unknown ${kinds} '${r.name}'${hint || avail}`, r.span, best ? replaceFix(r.span, best) : undefined);
    } else if (!r.expected.includes(r.resolved.kind)) {
      d.error('wrong-kind', `'${r.name}' is a ${r.resolved.kind}, but a ${kinds} is needed here`, r.span);
    }
  }
  return {
    resolve: (name, kind) => {
      if (!name) return undefined;
      const def = firstDef.get(name);
      return def && def.kind === kind ? def : undefined;
    },
    blocksOf: kind =>
      file.items.filter((i): i is TopBlock => i.kind === kind && !!(i as TopBlock).name && firstDef.get((i as TopBlock).name!.text)?.nameSpan === (i as TopBlock).name!.span),
  };
}
