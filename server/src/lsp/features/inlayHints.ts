// Inlay hints with the latest simulation figures at the end of each simulate line and of each mapping, chip and
// core header: `4.1 ms · 1.0 M tok/s · 12 mJ · 9.3x A100`; on each explore line, its space before any run. The tooltip holds the full breakdown (Markdown tables).
import { InlayHint, MarkupKind, type InlayHintParams } from 'vscode-languageserver';
import type { ServerContext } from '../context.js';
import type { SimulationService } from '../simulation/service.js';
import { anchors } from '../simulation/placement.js';
import { clampSpan } from '../convert.js';
import type { DocumentAnalysis } from '../analysis.js';
import { lineEndAt } from '../simulation/placement.js';
import { explorationOf, spaceLabel, spaceMarkdown } from '../explore.js';

/** Before anything runs, each explore line says how large its space is and how long a search would take. */
function exploreHints(a: DocumentAnalysis, text: string, from: number, to: number): Array<{ lineEnd: number; label: string; tooltip: string }> {
  const out: Array<{ lineEnd: number; label: string; tooltip: string }> = [];
  for (const item of a.file.items) {
    if (item.kind !== 'explore') continue;
    const x = explorationOf(a.design, item);
    const lineEnd = lineEndAt(text, item.keyword.span.start);
    if (x && lineEnd >= from && lineEnd <= to) out.push({ lineEnd, label: spaceLabel(x), tooltip: spaceMarkdown(x) });
  }
  return out;
}

export function register(ctx: ServerContext, service: SimulationService): void {
  ctx.addCapabilities({ inlayHintProvider: { resolveProvider: false } });
  ctx.connection.languages.inlayHint.on(ctx.guard<InlayHintParams, InlayHint[]>('inlayHint', [], params => {
    const doc = ctx.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const state = service.get(params.textDocument.uri);
    const analysis = ctx.analyze(doc);
    const text = doc.getText();
    const from = doc.offsetAt(params.range.start), to = doc.offsetAt(params.range.end);
    const explore: InlayHint[] = exploreHints(analysis, text, from, to).map(h => ({
      position: doc.positionAt(h.lineEnd), label: h.label, paddingLeft: true, tooltip: { kind: MarkupKind.Markdown, value: h.tooltip }, data: { kind: 'explore' },
    }));
    if (!state?.results.length) return explore;
    return [...explore, ...anchors(analysis.file, text, state.results, state.stale)
      .filter(a => a.lineEnd >= from && a.lineEnd <= to)
      .map(a => ({
        position: doc.positionAt(clampSpan({ start: a.lineEnd, end: a.lineEnd }, text.length).start),
        label: a.label,
        paddingLeft: true,
        tooltip: { kind: MarkupKind.Markdown, value: a.tooltip },
        data: { kind: a.kind },
      }))];
  }));
}
