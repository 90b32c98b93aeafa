// Formatting: the canonical layout (format.ts), as one edit over the document, or none when already canonical.
import type { DocumentFormattingParams, TextEdit } from 'vscode-languageserver';
import type { ServerContext } from '../context.js';
import { formatStar } from '../format.js';

export function register(ctx: ServerContext): void {
  ctx.addCapabilities({ documentFormattingProvider: true });
  ctx.connection.onDocumentFormatting(ctx.guard('formatting', [], (p: DocumentFormattingParams): TextEdit[] => {
    const doc = ctx.documents.get(p.textDocument.uri);
    if (!doc) return [];
    const text = doc.getText();
    const formatted = formatStar(text);
    if (formatted === text) return [];
    return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, newText: formatted }];
  }));
}
