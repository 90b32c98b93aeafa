// Trace files changed on disk (workspace/didChangeWatchedFiles; the VS Code client watches **/*.npy): every open
// document whose workloads read a changed file is checked again, and simulated again if it had results. The
// checker's and the simulator's caches key traces by file stamp and content, so only changed files are re-read.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DidChangeWatchedFilesParams } from 'vscode-languageserver';
import type { ServerContext } from '../context.js';
import type { SimulationService } from '../simulation/service.js';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isTraceData } from '../../model/design.js';

interface Hooks {
  service: SimulationService;
  run(doc: TextDocument): Promise<unknown>;
  /** Drops the cached analysis of `uri`, so the next one reads the trace files again. */
  invalidate(uri: string): void;
  simulateOnSave(): boolean;
}

function pathOf(uri: string): string | undefined {
  try { return uri.startsWith('file:') ? resolve(fileURLToPath(uri)) : undefined; } catch { return undefined; }
}

/** The open documents that read any of `paths` (from their latest analysis; broken files keep their paths). */
export function documentsReading(ctx: ServerContext, paths: Set<string>): TextDocument[] {
  return ctx.documents.all().filter(doc => {
    const design = ctx.lastAnalysis(doc.uri)?.design;
    return !!design?.workloads.some(w => isTraceData(w.data) &&
      [w.data.queries, w.data.keys, w.data.values].some(p => p !== undefined && paths.has(resolve(p))));
  });
}

export function registerTraceWatch(ctx: ServerContext, hooks: Hooks): void {
  const handle = ctx.guard('didChangeWatchedFiles', undefined, (p: DidChangeWatchedFilesParams) => {
    const paths = new Set((p.changes ?? []).map(c => pathOf(c.uri)).filter((x): x is string => !!x && x.endsWith('.npy')));
    if (!paths.size) return;
    for (const doc of documentsReading(ctx, paths)) {
      hooks.invalidate(doc.uri);
      // republishes the diagnostics now (the diagnostics feature re-analyses on a change of extra diagnostics)
      ctx.setExtraDiagnostics(doc.uri, 'trace', []);
      if (hooks.service.get(doc.uri) && hooks.simulateOnSave()) {
        hooks.run(doc).catch(err => ctx.logger.error(`simulation after a trace change failed`, err));
      }
    }
  });
  ctx.connection.onDidChangeWatchedFiles(p => { void handle(p, { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() { /* none */ } }) }); });
}
