// Simulation on save and on open, in a worker thread, with its results shown through standard LSP: inlay hints,
// code lenses and diagnostics (source "simulation"), plus the custom `star/simulationResult` notification for the
// report and the graph view. One entry in main.ts's `features`; the worker plumbing is in lsp/simulation/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ContextInternals, ServerContext } from '../context.js';
import {
  SimulationResultNotification, RunSimulationRequest, GetResultsRequest, ServerStatusNotification,
  type SimulationResultParams, type RunSimulationParams, type GetResultsParams, type ServerStatusParams,
} from '../../protocol.js';
import { SimulationService, type ProgressHandle } from '../simulation/service.js';
import { headline } from '../../present/headline.js';
import { register as registerInlayHints } from './inlayHints.js';
import { register as registerCodeLens } from './codeLens.js';
import { register as registerSimDiagnostics } from './simDiagnostics.js';
import { registerTraceWatch } from './traceWatch.js';

/** `star.simulation.onSave` as the client sends it (nested or flat key); on unless set to false. */
export function onSaveEnabled(settings: Record<string, unknown>): boolean {
  const nested = (settings.simulation as { onSave?: unknown } | undefined)?.onSave;
  const star = (settings.star as { simulation?: { onSave?: unknown } } | undefined)?.simulation?.onSave;
  const flat = settings['simulation.onSave'] ?? settings['star.simulation.onSave'];
  return ![nested, star, flat].some(v => v === false);
}

/** Test-only slow-down of every simulation (see docs/simulation.md). */
function testDelayMs(): number | undefined {
  const v = Number(process.env.STAR_SIM_TEST_DELAY_MS);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

export interface SimulationFeature {
  service: SimulationService;
  /** Simulate the document now (errors in the file: keep the last results, marked stale). */
  run(doc: TextDocument): Promise<SimulationResultParams | undefined>;
}

export function register(ctx: ServerContext): SimulationFeature {
  const { connection, documents, logger } = ctx;
  const listeners: Array<(p: SimulationResultParams) => void> = [];

  const service = new SimulationService({
    currentVersion: uri => documents.get(uri)?.version,
    log: m => logger.warn(m),
    publish: params => {
      void connection.sendNotification(SimulationResultNotification, params).catch(() => undefined);
      for (const l of listeners) l(params);
      // Editors that support it re-ask for hints and lenses.
      const ws = ctx.clientCapabilities?.workspace;
      if (ws?.inlayHint?.refreshSupport) void connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
      if (ws?.codeLens?.refreshSupport) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
      if (!params.running) sendStatus(params);
    },
    beginProgress: async (title, onCancel): Promise<ProgressHandle | undefined> => {
      const reporter = await connection.window.createWorkDoneProgress();
      reporter.begin(title, 0, 'starting', true);
      reporter.token.onCancellationRequested(onCancel);
      return {
        report: (fraction, message) => reporter.report(Math.round(fraction * 100), message),
        done: () => reporter.done(),
      };
    },
  }, { testDelayMs: testDelayMs() });
  service.warmUp();

  function sendStatus(p: SimulationResultParams): void {
    const first = p.results[0]?.simulation;
    // A failed run (a fault, not an error in the file) turns the status item red; the last headline stays in the store.
    const status: ServerStatusParams = p.failed
      ? { state: 'error', message: p.error ?? 'simulation failed', uri: p.uri }
      : p.error && !first
        ? { state: 'ready', message: p.error, uri: p.uri }
        : { state: 'ready', uri: p.uri, headline: first ? headline(first) : undefined, message: p.error };
    void connection.sendNotification(ServerStatusNotification, status).catch(() => undefined);
  }

  async function run(doc: TextDocument): Promise<SimulationResultParams | undefined> {
    const analysis = ctx.analyze(doc);
    const errors = analysis.diagnostics.filter(d => d.severity === 'error');
    if (errors.length) {
      service.markStale(doc.uri, `${errors.length} error${errors.length === 1 ? '' : 's'} in the file: not simulated ` +
        `(first: ${errors[0]!.message}). The results shown are the last good ones.`);
      return service.get(doc.uri);
    }
    void connection.sendNotification(ServerStatusNotification, { state: 'simulating', uri: doc.uri })
      .catch(() => undefined);
    const { state } = await service.simulate(doc.uri, doc.version, doc.getText());
    return state;
  }

  const auto = (doc: TextDocument) => {
    if (!onSaveEnabled(ctx.settings)) return;
    run(doc).catch(err => logger.error('simulation on save failed', err));
  };
  documents.onDidSave(e => auto(e.document));
  documents.onDidOpen(e => auto(e.document));
  documents.onDidChangeContent(e => service.noteChanged(e.document.uri, e.document.version));
  documents.onDidClose(e => service.forget(e.document.uri));

  connection.onRequest(RunSimulationRequest, ctx.guard<RunSimulationParams, SimulationResultParams | null>(
    RunSimulationRequest.method, null, async params => {
      const open = documents.get(params.uri);
      if (open) return (await run(open)) ?? null;
      // Not open in the editor: simulate the file on disk as version 0.
      if (!params.uri.startsWith('file:')) throw new Error(`cannot read ${params.uri}: open it in the editor first`);
      const text = readFileSync(fileURLToPath(params.uri), 'utf8');
      const { state } = await service.simulate(params.uri, 0, text);
      return state ?? null;
    }));
  connection.onRequest(GetResultsRequest, ctx.guard<GetResultsParams, SimulationResultParams | null>(
    GetResultsRequest.method, null, params => service.get(params.uri) ?? null));

  const feature: SimulationFeature = { service, run };
  const onResult = (l: (p: SimulationResultParams) => void) => { listeners.push(l); };
  registerInlayHints(ctx, service);
  registerCodeLens(ctx, service);
  registerSimDiagnostics(ctx, service, onResult);
  registerTraceWatch(ctx, {
    service, run, simulateOnSave: () => onSaveEnabled(ctx.settings),
    invalidate: uri => (ctx as ServerContext & { internal?: ContextInternals }).internal?.invalidate(uri),
  });
  return feature;
}
