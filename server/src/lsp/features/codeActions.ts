// Quick fixes: the fixes the checker attached to its diagnostics (a unit, a near-miss name, a tile size that fits),
// offered for the diagnostics under the cursor.
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import type { ServerContext } from '../context.js';
import { spanToRange, toCodeAction, rangesOverlap, diagnosticSource } from '../convert.js';

/** Actions other features add (apply an explored point, issue 14), of kind refactor.rewrite. */
const extraActions = new WeakMap<ServerContext, Array<(p: CodeActionParams) => CodeAction[]>>();
export function addCodeActions(ctx: ServerContext, provider: (p: CodeActionParams) => CodeAction[]): void {
  extraActions.set(ctx, [...(extraActions.get(ctx) ?? []), provider]);
}

export function register(ctx: ServerContext): void {
  ctx.addCapabilities({ codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] } });
  ctx.connection.onCodeAction(ctx.guard('codeAction', [], (p: CodeActionParams): CodeAction[] => {
    const doc = ctx.documents.get(p.textDocument.uri);
    if (!doc) return [];
    const wants = (kind: string) => !p.context.only || p.context.only.some(k => kind.startsWith(k));
    const actions: CodeAction[] = [];
    const a = ctx.analyze(doc);
    for (const d of wants(CodeActionKind.QuickFix) ? a.diagnostics : []) {
      if (!d.fixes?.length) continue;
      const range = spanToRange(doc, d.span);
      if (!rangesOverlap(range, p.range)) continue;
      // Attach the editor's copy of the diagnostic when it sent one, so the fix clears it.
      const sent = p.context.diagnostics.find(s => s.code === d.code && (s.source ?? diagnosticSource) === diagnosticSource && rangesOverlap(s.range, range));
      for (const fix of d.fixes) actions.push(toCodeAction(doc, fix, sent ?? { range, message: d.message, code: d.code, source: diagnosticSource }));
    }
    if (wants(CodeActionKind.RefactorRewrite)) for (const extra of extraActions.get(ctx) ?? []) actions.push(...extra(p));
    return actions;
  }));
}
