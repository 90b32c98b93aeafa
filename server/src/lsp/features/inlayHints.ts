// Inlay hints with the latest simulation figures at the end of each simulate line and of each mapping, chip and
// core header: `4.1 ms · 1.0 M tok/s · 12 mJ · 9.3x A100`. The tooltip holds the full breakdown (Markdown tables).
import { InlayHint, type InlayHintParams } from 'vscode-languageserver';
import type { ServerContext } from '../context.js';
import type { SimulationService } from '../simulation/service.js';
import { anchors } from '../simulation/placement.js';
import { clampSpan } from '../convert.js';

export function register(ctx: ServerContext, service: SimulationService): void {
  ctx.addCapabilities({ inlayHintProvider: { resolveProvider: false } });
  ctx.connection.languages.inlayHint.on(ctx.guard<InlayHintParams, InlayHint[]>('inlayHint', [], params => {
    const doc = ctx.documents.get(params.textDocument.uri);
    const state = service.get(params.textDocument.uri);
    if (!doc || !state?.results.length) return [];
    const analysis = ctx.analyze(doc);
    const text = doc.getText();
    const from = doc.offsetAt(params.range.start), to = doc.offsetAt(params.range.end);
    return anchors(analysis.file, text, state.results, state.stale)
      .filter(a => a.lineEnd >= from && a.lineEnd <= to)
      .map(a => ({
        position: doc.positionAt(clampSpan({ start: a.lineEnd, end: a.lineEnd }, text.length).start),
        label: a.label,
        paddingLeft: true,
        tooltip: { kind: 'markdown', value: a.tooltip },
        data: { kind: a.kind },
      }));
  }));
}
