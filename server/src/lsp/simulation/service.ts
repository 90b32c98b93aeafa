// Schedules simulations of saved documents on one worker thread and keeps the latest result of each document.
// A newer request for a document cancels its run in progress: simulate() is synchronous, so cancelling means
// terminating the worker (a fresh one is started at once, warm for the next run). Results of a run that was
// superseded are dropped by run id. Runs longer than `progressAfterMs` report work-done progress, cancellable.
// No LSP types here: the feature (lsp/features/simulation.ts) connects this to the editor, tests drive it directly.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulationResultParams } from '../../protocolTypes.js';
import type { StarDiagnostic } from '../../language/diagnostics.js';
import type { FromWorker, RunMessage, SimulationEntry } from './workerApi.js';
import { fileName } from '../../present/format.js';
import { INTERNAL_FAULT } from '../../sim/fault.js';

export interface ProgressHandle {
  report(fraction: number, message: string): void;
  done(): void;
}

export interface SimulationHost {
  /** The version of the open document, undefined when it is closed (results are then stale by definition). */
  currentVersion(uri: string): number | undefined;
  /** Shows progress for a long run; `onCancel` is called when the user cancels it in the editor. */
  beginProgress?(title: string, onCancel: () => void): Promise<ProgressHandle | undefined>;
  /** Every change of a document's results: a finished run, a run that started or ended, results turning stale. */
  publish(params: SimulationResultParams): void;
  log(message: string): void;
}

export interface SimulationServiceOptions {
  workerPath?: string;
  /** Progress shows for runs longer than this (0.5 s). */
  progressAfterMs?: number;
  /** Test-only: every simulation busy-waits this long first (env STAR_SIM_TEST_DELAY_MS). */
  testDelayMs?: number;
}

export type RunOutcome = 'done' | 'errors' | 'failed' | 'cancelled' | 'superseded';

interface Run {
  runId: number;
  uri: string;
  version: number;
  text: string;
  progressTimer?: NodeJS.Timeout;
  progress?: ProgressHandle;
  progressCancelled?: boolean;
  finish: (outcome: RunOutcome) => void;
}

/** Where the worker bundle is: simWorker.js next to server.js; from sources (tsx), worker.ts beside this file. */
export function defaultWorkerPath(): { path: string; execArgv?: string[] } {
  // The bundle is CommonJS (__dirname = dist/server); from sources under an ESM loader, fall back to the repo's dist.
  const here = typeof __dirname === 'string' ? __dirname : join(process.cwd(), 'dist', 'server');
  const js = join(here, 'simWorker.js');
  if (existsSync(js)) return { path: js };
  const ts = join(here, 'worker.ts');
  if (existsSync(ts)) return { path: ts, execArgv: ['--import', 'tsx'] };
  return { path: js };
}

export class SimulationService {
  private worker?: Worker;
  private current?: Run;
  private queue: Run[] = [];
  private nextRunId = 1;
  private readonly state = new Map<string, SimulationResultParams>();
  private readonly meshFindings = new Map<string, { version: number; diagnostics: StarDiagnostic[] }>();
  private disposed = false;
  private readonly worker0: { path: string; execArgv?: string[] };
  /** Workers started so far (a cancelled run costs one): for tests and the log. */
  workersStarted = 0;

  constructor(private readonly host: SimulationHost, private readonly opts: SimulationServiceOptions = {}) {
    this.worker0 = opts.workerPath ? { path: opts.workerPath, execArgv: opts.workerPath.endsWith('.ts') ? ['--import', 'tsx'] : undefined }
      : defaultWorkerPath();
  }

  /** Starts the worker ahead of the first save so that run does not pay for loading the simulator. */
  warmUp(): void { this.ensureWorker(); }

  /** The latest state of `uri` (results, stale, running), if it was ever simulated or tried. */
  get(uri: string): SimulationResultParams | undefined { return this.state.get(uri); }
  /** The model's mesh checks (link bandwidth too low for the KV flow) from the last finished run of `uri`. */
  findings(uri: string): { version: number; diagnostics: StarDiagnostic[] } | undefined { return this.meshFindings.get(uri); }
  isRunning(uri?: string): boolean {
    return uri === undefined ? !!this.current : this.current?.uri === uri || this.queue.some(r => r.uri === uri);
  }

  /**
   * Simulates `text` (version `version` of `uri`). Cancels the run in progress or queued for the same document.
   * Resolves when this run ends, with how it ended and the document's state afterwards.
   */
  simulate(uri: string, version: number, text: string): Promise<{ outcome: RunOutcome; state: SimulationResultParams | undefined }> {
    if (this.disposed) return Promise.resolve({ outcome: 'cancelled', state: this.get(uri) });
    this.supersede(uri);
    return new Promise(resolve => {
      const run: Run = {
        runId: this.nextRunId++, uri, version, text,
        finish: outcome => resolve({ outcome, state: this.get(uri) }),
      };
      this.queue.push(run);
      this.pump();
    });
  }

  /** The file has errors (or was not simulated for another reason): keep the last good results, marked stale. */
  markStale(uri: string, reason?: string): void {
    this.supersede(uri);
    const prev = this.state.get(uri);
    const next: SimulationResultParams = prev
      ? { ...prev, stale: true, running: false, error: reason }
      : { uri, version: this.host.currentVersion(uri) ?? 0, stale: true, running: false, elapsedMs: 0, results: [], error: reason };
    delete next.failed;                    // not simulated is not a fault
    this.setState(next, true);
  }

  /** The document changed since its results: say so once (not on every keystroke). */
  noteChanged(uri: string, version: number): void {
    const prev = this.state.get(uri);
    if (!prev || prev.stale || prev.version === version) return;
    this.setState({ ...prev, stale: true }, true);
  }

  /** Cancels the run of `uri` (or any run) in progress; the last good results stay. */
  cancel(uri?: string): boolean {
    const run = this.current;
    const queued = this.queue.filter(r => uri === undefined || r.uri === uri);
    this.queue = this.queue.filter(r => !queued.includes(r));
    for (const r of queued) r.finish('cancelled');
    if (run && (uri === undefined || run.uri === uri)) {
      this.endRun(run, 'cancelled');
      this.restartWorker();
      this.pump();
      return true;
    }
    return queued.length > 0;
  }

  forget(uri: string): void {
    this.cancel(uri);
    this.state.delete(uri);
    this.meshFindings.delete(uri);
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
    void this.worker?.terminate();
    this.worker = undefined;
  }

  // ---- internals ----

  private supersede(uri: string): void {
    const queued = this.queue.filter(r => r.uri === uri);
    this.queue = this.queue.filter(r => r.uri !== uri);
    for (const r of queued) r.finish('superseded');
    const run = this.current;
    if (run && run.uri === uri) {
      this.endRun(run, 'superseded');
      this.restartWorker();
    }
  }

  private setState(next: SimulationResultParams, publish: boolean): void {
    this.state.set(next.uri, next);
    if (publish) {
      try { this.host.publish(next); } catch (err) { this.host.log(`publishing simulation results failed: ${String(err)}`); }
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.worker0.path, { execArgv: this.worker0.execArgv });
    this.workersStarted++;
    w.unref();   // never keeps the server process alive on its own
    this.worker = w;
    w.on('message', (m: FromWorker) => this.onMessage(w, m));
    w.on('error', err => this.onWorkerGone(w, `the simulation worker failed: ${err instanceof Error ? err.message : String(err)}`));
    w.on('exit', code => this.onWorkerGone(w, `the simulation worker exited (code ${code})`));
    return w;
  }

  private restartWorker(): void {
    const w = this.worker;
    this.worker = undefined;
    if (w) { w.removeAllListeners('exit'); w.removeAllListeners('error'); void w.terminate(); }
    if (!this.disposed) this.ensureWorker();
  }

  private onWorkerGone(w: Worker, message: string): void {
    if (this.worker !== w) return;   // a worker we terminated on purpose
    this.worker = undefined;
    this.host.log(message);
    const run = this.current;
    if (run) this.fail(run, message);
  }

  private pump(): void {
    if (this.current || this.disposed) return;
    const run = this.queue.shift();
    if (!run) return;
    this.current = run;
    const w = this.ensureWorker();
    const prev = this.state.get(run.uri);
    if (prev?.running === false || !prev) {
      this.state.set(run.uri, prev ? { ...prev, running: true, error: undefined, failed: undefined } : {
        uri: run.uri, version: run.version, stale: true, running: true, elapsedMs: 0, results: [],
      });
    }
    const msg: RunMessage = { type: 'run', runId: run.runId, uri: run.uri, version: run.version, text: run.text,
      testDelayMs: this.opts.testDelayMs };
    w.postMessage(msg);
    const after = this.opts.progressAfterMs ?? 500;
    run.progressTimer = setTimeout(() => { void this.startProgress(run); }, after);
  }

  private async startProgress(run: Run): Promise<void> {
    if (this.current !== run || !this.host.beginProgress) return;
    // Publish "running" so views can say so; the results themselves are unchanged.
    const s = this.state.get(run.uri);
    if (s) this.setState({ ...s, running: true }, true);
    const handle = await this.host.beginProgress(`STAR: simulating ${fileName(run.uri)}`, () => {
      if (this.current === run) { run.progressCancelled = true; this.cancel(run.uri); }
    }).catch(() => undefined);
    if (this.current !== run) { handle?.done(); return; }
    run.progress = handle;
  }

  private onMessage(w: Worker, m: FromWorker): void {
    if (w !== this.worker || !m || m.type === 'ready') return;
    const run = this.current;
    if (!run || m.runId !== run.runId) return;   // a superseded run's late message
    switch (m.type) {
      case 'progress': run.progress?.report(m.fraction, m.message); return;
      case 'done': {
        const version = this.host.currentVersion(run.uri);
        this.meshFindings.set(run.uri, { version: run.version, diagnostics: m.findings ?? [] });
        this.endRun(run, 'done', {
          uri: run.uri, version: run.version, stale: version !== undefined && version !== run.version,
          // The worker's own time for this text ("simulated in" on the code lens), not the wait for a fresh worker.
          running: false, elapsedMs: Math.round(m.elapsedMs * 10) / 10, results: m.results,
        });
        break;
      }
      case 'errors':
        this.endRun(run, 'errors', undefined, `${m.count} error${m.count === 1 ? '' : 's'} in the file (first: ${m.first}); not simulated`);
        break;
      case 'failed':
        this.fail(run, `simulation${m.name ? ` of ${m.name}` : ''} failed: ${m.message} (${INTERNAL_FAULT})`);
        return;
    }
    this.pump();
  }

  private fail(run: Run, message: string): void {
    // Reported to the client in the result's `error` (status bar, report), not as a server log line.
    this.endRun(run, 'failed', undefined, message);
    this.pump();
  }

  /** Ends `run`: the new state is `fresh` when it produced results, else the old results marked stale. */
  private endRun(run: Run, outcome: RunOutcome, fresh?: SimulationResultParams, error?: string): void {
    if (run.progressTimer) clearTimeout(run.progressTimer);
    run.progress?.done();
    if (this.current === run) this.current = undefined;
    if (fresh) this.setState(fresh, true);
    else if (outcome !== 'superseded') {
      const prev = this.state.get(run.uri);
      const reason = error ?? (outcome === 'cancelled' ? 'simulation cancelled' : undefined);
      const next: SimulationResultParams = prev
        ? { ...prev, running: false, stale: prev.stale || prev.version !== run.version || outcome !== 'cancelled', error: reason }
        : { uri: run.uri, version: run.version, stale: true, running: false, elapsedMs: 0, results: [], error: reason };
      if (outcome === 'failed') next.failed = true; else delete next.failed;
      this.setState(next, true);
    }
    run.finish(outcome);
  }
}

export type { SimulationEntry };
