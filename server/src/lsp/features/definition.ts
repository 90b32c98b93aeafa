// Go to definition: from a name used anywhere (technology = X, for X, on X, of X, simulate X, against X) to the
// block that declares it.
import type { DefinitionParams, Location } from 'vscode-languageserver';
import type { ServerContext } from '../context.js';
import { spanToRange } from '../convert.js';
import { nameAt } from '../names.js';

export function register(ctx: ServerContext): void {
  ctx.addCapabilities({ definitionProvider: true });
  ctx.connection.onDefinition(ctx.guard('definition', null, (p: DefinitionParams): Location[] | null => {
    const doc = ctx.documents.get(p.textDocument.uri);
    if (!doc) return null;
    const a = ctx.analyze(doc);
    const at = nameAt(a.names, doc.offsetAt(p.position));
    if (!at) return null;
    const defs = at.definition ? [at.definition] : (a.names.byName.get(at.ident.text) ?? []);
    return defs.map(d => ({ uri: doc.uri, range: spanToRange(doc, d.ident.span) }));
  }));
}
