// Test helpers for the simulation feature over JSON-RPC: a language server started as an editor starts it, with
// work-done progress and refresh support, recording `star/simulationResult`, progress and refresh requests.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InlayHint, CodeLens, Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, root, ensureBuilt } from './harness.js';
import { SimulationResultNotification, RunSimulationRequest, ServerStatusNotification, type SimulationResultParams, type ServerStatusParams } from '../../src/protocol.js';
import type { SimulationReport } from '../../src/sim/result.js';

export interface SimClientOptions {
  /** STAR_SIM_TEST_DELAY_MS for the server: every simulation busy-waits this long (test-only). */
  delayMs?: number;
  /** STAR_SIM_TEST_FAULT for the server: the simulation of the statement of this name throws (test-only). */
  fault?: string;
  onSave?: boolean;
}

export class SimClient {
  readonly results: SimulationResultParams[] = [];
  /** performance.now() when each of `results` arrived. */
  readonly receivedAt: number[] = [];
  readonly refreshes: Array<{ method: string; at: number }> = [];
  readonly progress: Array<{ token: string | number; value: { kind: string; cancellable?: boolean; message?: string; percentage?: number } }> = [];
  readonly progressTokens: Array<string | number> = [];
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly statuses: ServerStatusParams[] = [];
  private waiters: Array<{ pred: (p: SimulationResultParams) => boolean; resolve: (p: SimulationResultParams) => void }> = [];

  private constructor(readonly lsp: LspClient) {}

  static async start(opts: SimClientOptions = {}): Promise<SimClient> {
    ensureBuilt();
    const env = { STAR_SIM_TEST_DELAY_MS: opts.delayMs ? String(opts.delayMs) : undefined, STAR_SIM_TEST_FAULT: opts.fault };
    const before = Object.fromEntries(Object.keys(env).map(k => [k, process.env[k]]));
    const set = (vars: Record<string, string | undefined>) => {
      for (const [k, v] of Object.entries(vars)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
    };
    set(env);
    const lsp = new LspClient();
    set(before);
    const c = new SimClient(lsp);
    const conn = lsp.connection;
    conn.onNotification(SimulationResultNotification, (p: SimulationResultParams) => {
      c.results.push(p);
      c.receivedAt.push(performance.now());
      c.waiters = c.waiters.filter(w => { if (!w.pred(p)) return true; w.resolve(p); return false; });
    });
    conn.onNotification(ServerStatusNotification, (p: ServerStatusParams) => { c.statuses.push(p); });
    conn.onRequest('workspace/inlayHint/refresh', () => { c.refreshes.push({ method: 'inlayHint', at: performance.now() }); return null; });
    conn.onRequest('workspace/codeLens/refresh', () => { c.refreshes.push({ method: 'codeLens', at: performance.now() }); return null; });
    conn.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => { c.progressTokens.push(p.token); return null; });
    conn.onNotification('$/progress', (p: SimClient['progress'][number]) => { c.progress.push(p); });
    conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => { c.diagnostics.set(p.uri, p.diagnostics); });
    lsp.initializeResult = await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } },
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          inlayHint: { dynamicRegistration: false },
          codeLens: { dynamicRegistration: false },
          completion: { completionItem: { snippetSupport: true } },
        },
      },
      initializationOptions: { debounceMs: 20, simulation: { onSave: opts.onSave ?? true } },
    });
    await conn.sendNotification('initialized', {});
    return c;
  }

  /** The next result notification that satisfies `pred` (already received ones count when `since` says so). */
  next(pred: (p: SimulationResultParams) => boolean, timeoutMs = 30_000, since = this.results.length): Promise<SimulationResultParams> {
    const have = this.results.slice(since).find(pred);
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching star/simulationResult within ${timeoutMs} ms; got ${JSON.stringify(this.results.map(r => ({ v: r.version, stale: r.stale, running: r.running, n: r.results.length, error: r.error })))}`)), timeoutMs);
      this.waiters.push({ pred, resolve: p => { clearTimeout(timer); resolve(p); } });
    });
  }
  /** A finished run's results for `uri` at `version` (not stale, not running). */
  fresh(uri: string, version: number, timeoutMs?: number, since?: number): Promise<SimulationResultParams> {
    return this.next(p => p.uri === uri && p.version === version && !p.running && !p.stale && !p.error, timeoutMs, since);
  }

  /** Resolves with the time of the first inlay-hint refresh request that arrives after `after`. */
  async refreshAfter(after: number, timeoutMs = 10_000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const r = this.refreshes.find(x => x.method === 'inlayHint' && x.at >= after);
      if (r) return r.at;
      if (performance.now() > deadline) throw new Error(`no workspace/inlayHint/refresh within ${timeoutMs} ms`);
      await new Promise(res => setTimeout(res, 1));
    }
  }

  inlayHints(uri: string): Promise<InlayHint[]> {
    return this.lsp.connection.sendRequest('textDocument/inlayHint', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1e6, character: 0 } },
    }).then(r => (r as InlayHint[] | null) ?? []);
  }
  codeLenses(uri: string): Promise<CodeLens[]> {
    return this.lsp.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }).then(r => (r as CodeLens[] | null) ?? []);
  }
  runSimulation(uri: string): Promise<SimulationResultParams | null> {
    return this.lsp.connection.sendRequest(RunSimulationRequest, { uri });
  }
  stop(): Promise<number | null> { return this.lsp.stop(); }
}

export function hintLabel(h: InlayHint): string {
  return typeof h.label === 'string' ? h.label : h.label.map(p => p.value).join('');
}

/** What `star-sim --json FILE` prints, parsed. */
export function starSimJson(file: string): SimulationReport {
  const r = spawnSync(process.execPath, [join(root, 'dist', 'server', 'star-sim.js'), '--json', file], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`star-sim --json ${file} exited ${r.status}: ${r.stderr}\n${r.stdout.slice(0, 2000)}`);
  return JSON.parse(r.stdout) as SimulationReport;
}
