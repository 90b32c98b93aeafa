// What every feature provider shares: the connection, the open documents, one analysis per document version,
// the settings and a logger. A feature is one file in features/ that exports `register(ctx)`; a new feature
// (simulation, inlay hints, code lenses) is one more entry in main.ts's `features` and touches nothing else.
import type { Connection, ServerCapabilities, ClientCapabilities, Diagnostic, CancellationToken } from 'vscode-languageserver';
import { TextDocuments, ResponseError } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, type DocumentAnalysis } from './analysis.js';

export interface Settings {
  /** Quiet time after the last keystroke before diagnostics are computed and published. */
  debounceMs: number;
  /** Extra features may read their own keys (e.g. simulation.onSave); unknown keys are kept as they are. */
  [key: string]: unknown;
}
export const defaultSettings: Settings = { debounceMs: 150 };

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  settings: Settings;
  logger: Logger;
  /** What the editor said it supports (set by initialize). */
  clientCapabilities: ClientCapabilities;
  /** The analysis of the document's current version, computed once per version. */
  analyze(doc: TextDocument): DocumentAnalysis;
  /** The latest analysis computed for `uri`, whatever its version (no new analysis is run). */
  lastAnalysis(uri: string): DocumentAnalysis | undefined;
  /** The analysis of the open document `uri`, or undefined when it is not open. */
  analysisOf(uri: string): DocumentAnalysis | undefined;
  /** Merged into the initialize result; call from register(), before the client connects. */
  addCapabilities(caps: Partial<ServerCapabilities>): void;
  /** Diagnostics from a source other than the language (e.g. "simulation"); published together with the language's. */
  setExtraDiagnostics(uri: string, source: string, diagnostics: Diagnostic[]): void;
  /** Called once for each analysis whose diagnostics were published (not again when only extra diagnostics change). */
  onDidAnalyze(listener: (analysis: DocumentAnalysis) => void): void;
  /** Called when settings change (initialize options or workspace/didChangeConfiguration). */
  onDidChangeSettings(listener: (settings: Settings) => void): void;
  /** Wraps a request handler: an exception is logged and answered with `fallback`, never a dead server.
   *  A ResponseError thrown on purpose still reaches the client as an error. */
  guard<P, R>(name: string, fallback: R, handler: (params: P, token: CancellationToken) => R | Promise<R>):
    (params: P, token: CancellationToken) => Promise<R>;
}

/** Builds the context. Internal state the diagnostics feature needs is exposed through `internal`. */
export function createContext(connection: Connection): ServerContext & { internal: ContextInternals } {
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, DocumentAnalysis>();
  const capabilities: Partial<ServerCapabilities>[] = [];
  const extra = new Map<string, Map<string, Diagnostic[]>>();
  const analyzeListeners: Array<(a: DocumentAnalysis) => void> = [];
  const settingsListeners: Array<(s: Settings) => void> = [];
  const extraListeners: Array<(uri: string) => void> = [];

  const logger: Logger = {
    info: m => connection.console.info(m),
    warn: m => connection.console.warn(m),
    error: (m, err) => connection.console.error(err === undefined ? m : `${m}: ${describeError(err)}`),
  };

  const ctx: ServerContext & { internal: ContextInternals } = {
    connection,
    documents,
    settings: { ...defaultSettings },
    logger,
    clientCapabilities: {},
    analyze(doc) {
      const hit = cache.get(doc.uri);
      // The text is compared too: a client may reopen a document at the same version with other content.
      if (hit && hit.version === doc.version && hit.text === doc.getText()) return hit;
      const analysis = analyzeDocument(doc, logger);
      cache.set(doc.uri, analysis);
      return analysis;
    },
    lastAnalysis(uri) { return cache.get(uri); },
    analysisOf(uri) {
      const doc = documents.get(uri);
      return doc ? ctx.analyze(doc) : undefined;
    },
    addCapabilities(caps) { capabilities.push(caps); },
    setExtraDiagnostics(uri, source, diagnostics) {
      let bySource = extra.get(uri);
      if (!bySource) extra.set(uri, bySource = new Map());
      bySource.set(source, diagnostics);
      for (const l of extraListeners) l(uri);
    },
    onDidAnalyze(listener) { analyzeListeners.push(listener); },
    onDidChangeSettings(listener) { settingsListeners.push(listener); },
    guard(name, fallback, handler) {
      return async (params, token) => {
        try {
          return await handler(params, token);
        } catch (err) {
          if (err instanceof ResponseError) throw err;     // a deliberate answer, e.g. "not a valid name"
          logger.error(`${name} failed`, err);
          return fallback;
        }
      };
    },
    internal: {
      capabilities: () => mergeCapabilities(capabilities),
      extraDiagnostics: uri => [...(extra.get(uri)?.values() ?? [])].flat(),
      onExtraDiagnostics: l => { extraListeners.push(l); },
      forget: uri => { cache.delete(uri); extra.delete(uri); },
      invalidate: uri => { cache.delete(uri); },
      fireAnalyzed: a => { for (const l of analyzeListeners) safely(logger, 'onDidAnalyze listener', () => l(a)); },
      updateSettings: s => {
        ctx.settings = { ...defaultSettings, ...ctx.settings, ...s };
        for (const l of settingsListeners) safely(logger, 'settings listener', () => l(ctx.settings));
      },
    },
  };
  return ctx;
}

export interface ContextInternals {
  capabilities(): ServerCapabilities;
  extraDiagnostics(uri: string): Diagnostic[];
  onExtraDiagnostics(listener: (uri: string) => void): void;
  forget(uri: string): void;
  /** Drops the cached analysis only (a file it read changed on disk). */
  invalidate(uri: string): void;
  fireAnalyzed(analysis: DocumentAnalysis): void;
  updateSettings(settings: Partial<Settings>): void;
}

function mergeCapabilities(parts: Partial<ServerCapabilities>[]): ServerCapabilities {
  const out: Record<string, unknown> = {};
  for (const p of parts) {
    for (const [k, v] of Object.entries(p)) {
      const prev = out[k];
      out[k] = isPlainObject(prev) && isPlainObject(v) ? { ...prev, ...v } : v;
    }
  }
  return out as ServerCapabilities;
}
function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

export function safely(logger: Logger, name: string, fn: () => void): void {
  try { fn(); } catch (err) { logger.error(`${name} failed`, err); }
}
