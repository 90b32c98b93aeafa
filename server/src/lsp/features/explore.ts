// Design-space exploration in the editor (issue 14): explore items run on save in a worker (lsp/explore/), their
// fronts go to the client in `star/explorationResult` with work-done progress; the explore line gets a code lens
// and "Apply ..." code actions; `star/applyExplorePoint` returns the edit that writes a point into the source.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../context.js';
import { ExplorationResultNotification, GetExplorationsRequest, ApplyExplorePointRequest, RunExplorationRequest,
  type ExplorationResultParams, type GetResultsParams, type RunSimulationParams, type ApplyExplorePointParams, type ApplyExplorePointResult } from '../../protocol.js';
import { ExploreService, type ExploreProgressHandle } from '../explore/service.js';
import { applyExplorePoint, exploreLenses, exploreCodeActions, explorationsOf } from '../explore/handlers.js';
import { addCodeLenses } from './codeLens.js';
import { addCodeActions } from './codeActions.js';
import { onSaveEnabled } from './simulation.js';

export function register(ctx: ServerContext): ExploreService {
  const { connection, documents, logger } = ctx;
  const service = new ExploreService({
    currentVersion: uri => documents.get(uri)?.version,
    log: m => logger.warn(m),
    publish: params => {
      void connection.sendNotification(ExplorationResultNotification, params).catch(() => undefined);
      if (ctx.clientCapabilities?.workspace?.codeLens?.refreshSupport) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    },
    beginProgress: async (title, onCancel): Promise<ExploreProgressHandle | undefined> => {
      const reporter = await connection.window.createWorkDoneProgress();
      reporter.begin(title, 0, 'starting', true);
      reporter.token.onCancellationRequested(onCancel);
      return { report: (fraction, message) => reporter.report(Math.round(fraction * 100), message), done: () => reporter.done() };
    },
  });

  /** Explores a saved file that has explore items and no errors (the same switch as the simulation on save). */
  const auto = (doc: TextDocument) => {
    if (!onSaveEnabled(ctx.settings)) return;
    const a = ctx.analyze(doc);
    if (!explorationsOf(a).length || a.diagnostics.some(d => d.severity === 'error')) return;
    service.explore(doc.uri, doc.version, doc.getText()).catch(err => logger.error('exploration on save failed', err));
  };
  documents.onDidSave(e => auto(e.document));
  documents.onDidOpen(e => auto(e.document));
  documents.onDidChangeContent(e => service.noteChanged(e.document.uri, e.document.version));
  documents.onDidClose(e => service.forget(e.document.uri));

  connection.onRequest(RunExplorationRequest, ctx.guard<RunSimulationParams, ExplorationResultParams | null>(
    RunExplorationRequest.method, null, async p => {
      const doc = documents.get(p?.uri);
      if (!doc) throw new Error(`${p?.uri ?? 'the file'} is not open in the editor: open it to explore it`);
      const a = ctx.analyze(doc);
      const errors = a.diagnostics.filter(d => d.severity === 'error');
      if (errors.length) return { uri: doc.uri, version: doc.version, stale: true, running: false, explorations: service.get(doc.uri)?.explorations ?? [],
        error: `${errors.length} error${errors.length === 1 ? '' : 's'} in the file (first: ${errors[0]!.message}); not explored` };
      if (!explorationsOf(a).length) return { uri: doc.uri, version: doc.version, stale: false, running: false, explorations: [], error: 'The file has no explore item.' };
      await service.explore(doc.uri, doc.version, doc.getText());
      return service.get(doc.uri) ?? null;
    }));
  connection.onRequest(GetExplorationsRequest, ctx.guard<GetResultsParams, ExplorationResultParams | null>(
    GetExplorationsRequest.method, null, p => service.get(p.uri) ?? null));
  connection.onRequest(ApplyExplorePointRequest, ctx.guard<ApplyExplorePointParams, ApplyExplorePointResult>(
    ApplyExplorePointRequest.method, { error: 'the language server could not compute the edit (see its log)' }, p => {
      const doc = documents.get(p?.uri);
      if (!doc) return { error: `${p?.uri ?? 'the file'} is not open in the editor: open it, then apply.` };
      return applyExplorePoint(doc, ctx.analyze(doc), p);
    }));
  addCodeLenses(ctx, uri => { const doc = documents.get(uri); return doc ? exploreLenses(doc, service.get(uri)) : []; });
  addCodeActions(ctx, p => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? exploreCodeActions(doc, ctx.analyze(doc), service.get(doc.uri), p.range) : [];
  });
  return service;
}
