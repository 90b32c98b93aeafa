// Diagnostics as you type: each change restarts a short timer (settings.debounceMs); when it fires, the latest
// version is analysed and published with its version number. A result for an outdated version is never sent.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver';
import type { ServerContext, ContextInternals } from '../context.js';
import { toLspDiagnostic } from '../convert.js';
import type { DocumentAnalysis } from '../analysis.js';

/** The LSP diagnostics of an analysis (the language's own, without extra sources). */
export function languageDiagnostics(doc: TextDocument, analysis: DocumentAnalysis): Diagnostic[] {
  return analysis.diagnostics.map(d => toLspDiagnostic(doc, d));
}

/**
 * The language's diagnostics plus those of other sources (the simulation). Where the simulation's model judges the
 * same thing as a quick estimate of the checker (same code, overlapping range: link-bandwidth-low), the model's
 * finding replaces the estimate, so the user sees one warning, the more exact one.
 */
export function mergeDiagnostics(language: Diagnostic[], extra: Diagnostic[]): Diagnostic[] {
  const overlaps = (a: Diagnostic, b: Diagnostic) =>
    !comesBefore(a.range.end, b.range.start) && !comesBefore(b.range.end, a.range.start);
  const superseded = (d: Diagnostic) => extra.some(e => e.code === d.code && overlaps(d, e));
  return [...language.filter(d => !superseded(d)), ...extra];
}
function comesBefore(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

export function register(ctx: ServerContext & { internal: ContextInternals }): void {
  const timers = new Map<string, NodeJS.Timeout>();
  const publishedVersion = new Map<string, number>();
  const announced = new Map<string, DocumentAnalysis>();

  const publish = (uri: string) => {
    timers.delete(uri);
    const doc = ctx.documents.get(uri);
    if (!doc) return;
    try {
      const t0 = performance.now();
      const analysis = ctx.analyze(doc);
      const diagnostics = mergeDiagnostics(languageDiagnostics(doc, analysis), ctx.internal.extraDiagnostics(uri));
      publishedVersion.set(uri, doc.version);
      void ctx.connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
      // For the benchmark: time from the (debounced) change to the notification leaving the server.
      if (ctx.settings.logTiming === true) ctx.logger.info(`timing diagnostics ${uri} v${doc.version}: ${(performance.now() - t0).toFixed(3)} ms (language ${analysis.elapsedMs.toFixed(3)} ms)`);
      // Listeners hear of each analysis once: a republish for extra diagnostics does not wake them again
      // (one of them setting extra diagnostics in response would otherwise loop).
      if (announced.get(uri) !== analysis) { announced.set(uri, analysis); ctx.internal.fireAnalyzed(analysis); }
    } catch (err) {
      ctx.logger.error(`diagnostics for ${uri} failed`, err);
    }
  };
  const schedule = (doc: TextDocument, immediately = false) => {
    const pending = timers.get(doc.uri);
    if (pending) clearTimeout(pending);
    if (immediately) { timers.delete(doc.uri); publish(doc.uri); return; }
    // A file whose analysis takes longer than the debounce (thousands of lines) waits as long as its last
    // analysis took, up to a second, so typing in it is not interrupted at every short pause.
    const lastCost = announced.get(doc.uri)?.elapsedMs ?? 0;
    const delay = Math.max(0, Number(ctx.settings.debounceMs) || 0, Math.min(1000, lastCost));
    timers.set(doc.uri, setTimeout(() => publish(doc.uri), delay));
  };

  ctx.documents.onDidOpen(e => schedule(e.document, true));
  // TextDocuments also reports the opening as a change: that version is published already.
  ctx.documents.onDidChangeContent(e => { if (publishedVersion.get(e.document.uri) !== e.document.version) schedule(e.document); });
  ctx.documents.onDidClose(e => {
    const pending = timers.get(e.document.uri);
    if (pending) clearTimeout(pending);
    timers.delete(e.document.uri);
    publishedVersion.delete(e.document.uri);
    announced.delete(e.document.uri);
    ctx.internal.forget(e.document.uri);
    void ctx.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  // Another source (e.g. simulation) changed its diagnostics: republish now unless a fresh analysis is pending.
  ctx.internal.onExtraDiagnostics(uri => { if (!timers.has(uri)) publish(uri); });
}
