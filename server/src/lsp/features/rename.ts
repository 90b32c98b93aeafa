// Rename a declared name at its declaration and every use. prepareRename refuses keywords, fields and names
// that are not declared in the file; rename refuses a new name that is not a valid name or is already taken.
import { ResponseError, ErrorCodes, type PrepareRenameParams, type RenameParams, type WorkspaceEdit, type Range } from 'vscode-languageserver';
import type { ServerContext } from '../context.js';
import { spanToRange } from '../convert.js';
import { nameAt, occurrences } from '../names.js';

const validName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const keywords = new Set(['technology', 'workload', 'core', 'chip', 'mapping', 'simulate', 'explore', 'for', 'on', 'against', 'of', 'to', 'x']);

export function register(ctx: ServerContext): void {
  ctx.addCapabilities({ renameProvider: { prepareProvider: true } });
  ctx.connection.onPrepareRename(ctx.guard('prepareRename', null, (p: PrepareRenameParams): { range: Range; placeholder: string } | null => {
    const doc = ctx.documents.get(p.textDocument.uri);
    if (!doc) return null;
    const at = nameAt(ctx.analyze(doc).names, doc.offsetAt(p.position));
    if (!at?.definition) return null;
    return { range: spanToRange(doc, at.ident.span), placeholder: at.ident.text };
  }));
  ctx.connection.onRenameRequest(ctx.guard('rename', null, (p: RenameParams): WorkspaceEdit | null => {
    // Invalid names are answered with an error the editor shows.
    if (!validName.test(p.newName) || keywords.has(p.newName)) {
      throw new ResponseError(ErrorCodes.InvalidParams, `'${p.newName}' is not a valid name: use letters, digits and _, not starting with a digit, and not a keyword`);
    }
    const doc = ctx.documents.get(p.textDocument.uri);
    if (!doc) return null;
    const a = ctx.analyze(doc);
    const at = nameAt(a.names, doc.offsetAt(p.position));
    if (!at?.definition) return null;
    const clash = (a.names.byName.get(p.newName) ?? []).find(d => d !== at.definition);
    if (clash) throw new ResponseError(ErrorCodes.InvalidParams, `'${p.newName}' is already the name of a ${clash.kind}`);
    const edits = occurrences(a.names, at.definition).map(i => ({ range: spanToRange(doc, i.span), newText: p.newName }));
    return { changes: { [doc.uri]: edits } };
  }));
}
