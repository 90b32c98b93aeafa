// Starts the STAR language server on a connection. The transport (--stdio, --node-ipc, --socket=N) comes from the
// command line, as vscode-languageserver reads it. Features register themselves on a shared ServerContext.
import { createConnection, ProposedFeatures, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver/node.js';
import { createContext, describeError, type ServerContext, type ContextInternals, type Settings } from './context.js';
import * as diagnostics from './features/diagnostics.js';
import * as hover from './features/hover.js';
import * as completion from './features/completion.js';
import * as definition from './features/definition.js';
import * as references from './features/references.js';
import * as rename from './features/rename.js';
import * as documentSymbols from './features/documentSymbols.js';
import * as semanticTokens from './features/semanticTokens.js';
import * as formatting from './features/formatting.js';
import * as folding from './features/folding.js';
import * as codeActions from './features/codeActions.js';
import * as simulation from './features/simulation.js';
import * as explore from './features/explore.js';
import { VERSION } from '../version.js';

export type FullContext = ServerContext & { internal: ContextInternals };
export interface Feature { register(ctx: FullContext): void }

/** The editor features, in registration order. A new feature is one more entry (see docs/server.md). */
export const features: Feature[] = [
  diagnostics, hover, completion, definition, references, rename, documentSymbols, semanticTokens, formatting,
  folding, codeActions, simulation, explore,
];

export const serverName = 'star-language-server';
export const serverVersion = VERSION;

/** Reads our settings from initializationOptions or a `star` configuration section. */
export function readSettings(raw: unknown): Partial<Settings> {
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const star = (r.star && typeof r.star === 'object' ? r.star : r) as Record<string, unknown>;
  const out: Partial<Settings> = { ...star };
  const diag = star.diagnostics as Record<string, unknown> | undefined;
  const debounce = star.debounceMs ?? diag?.debounceMs;
  if (typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0) out.debounceMs = debounce;
  else delete out.debounceMs;
  return out;
}

export function startServer(extraFeatures: Feature[] = [], connection: Connection = createConnection(ProposedFeatures.all)): FullContext {
  const ctx = createContext(connection);
  for (const f of [...features, ...extraFeatures]) f.register(ctx);

  connection.onInitialize((params): InitializeResult => {
    ctx.clientCapabilities = params.capabilities ?? {};
    ctx.internal.updateSettings(readSettings(params.initializationOptions));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        ...ctx.internal.capabilities(),
      },
      serverInfo: { name: serverName, version: serverVersion },
    };
  });
  connection.onDidChangeConfiguration(p => ctx.internal.updateSettings(readSettings(p.settings)));

  // A bug in one handler must not take the editor's language support down with it.
  process.on('uncaughtException', err => ctx.logger.error('uncaught exception', err));
  process.on('unhandledRejection', err => ctx.logger.error('unhandled rejection', err));

  ctx.documents.listen(connection);
  connection.listen();
  return ctx;
}

export { describeError };
