// Find references: every place a declared name is used, with or without its declaration.
import type { ReferenceParams, Location } from 'vscode-languageserver';
import type { ServerContext } from '../context.js';
import { spanToRange } from '../convert.js';
import { nameAt, occurrences } from '../names.js';

export function register(ctx: ServerContext): void {
  ctx.addCapabilities({ referencesProvider: true });
  ctx.connection.onReferences(ctx.guard('references', [], (p: ReferenceParams): Location[] => {
    const doc = ctx.documents.get(p.textDocument.uri);
    if (!doc) return [];
    const a = ctx.analyze(doc);
    const at = nameAt(a.names, doc.offsetAt(p.position));
    if (!at?.definition) return [];
    const idents = occurrences(a.names, at.definition).filter(i => p.context.includeDeclaration || i !== at.definition!.ident);
    return idents.map(i => ({ uri: doc.uri, range: spanToRange(doc, i.span) }));
  }));
}
