// Runs the explore items of saved documents on one worker thread and keeps the latest fronts of each document.
// A newer save of the same document cancels its run (the worker is terminated: a search is synchronous; a fresh
// worker starts at once); a run reports work-done progress (share done, evaluations per second), cancellable, and
// publishes partial fronts while it runs. No LSP types here: lsp/features/explore.ts connects it to the editor.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExplorationResultParams, ExplorationView } from '../../protocolTypes.js';
import type { ExploreRunMessage, FromExploreWorker } from './workerApi.js';
import { fileName } from '../../present/format.js';
import { formatCount } from '../../present/paretoText.js';

export interface ExploreProgressHandle { report(fraction: number, message: string): void; done(): void }

export interface ExploreHost {
  currentVersion(uri: string): number | undefined;
  beginProgress?(title: string, onCancel: () => void): Promise<ExploreProgressHandle | undefined>;
  publish(params: ExplorationResultParams): void;
  log(message: string): void;
}

export type ExploreOutcome = 'done' | 'none' | 'errors' | 'failed' | 'cancelled' | 'superseded';

interface Run {
  runId: number; uri: string; version: number;
  explorations: ExplorationView[];
  progress?: ExploreProgressHandle;
  finish: (o: ExploreOutcome) => void;
  /** When the running state (with its partial front) was last published. */
  publishedAt?: number;
}

/** The running state, with its partial front (up to a few hundred points), at most this often; the work-done
 *  progress is reported on every message. The first one goes at once: the view shows a front early. */
export const PUBLISH_RUNNING_EVERY_MS = 200;

/** dist/server/exploreWorker.js next to server.js (from sources: the repository's dist). */
export function defaultExploreWorker(): Worker {
  const here = typeof __dirname === 'string' ? __dirname : join(process.cwd(), 'dist', 'server');
  const js = join(here, 'exploreWorker.js');
  return new Worker(existsSync(js) ? js : join(process.cwd(), 'dist', 'server', 'exploreWorker.js'));
}

export class ExploreService {
  private worker?: Worker;
  private current?: Run;
  private nextRunId = 1;
  private readonly state = new Map<string, ExplorationResultParams>();
  private disposed = false;
  private readonly startWorker: () => Worker;
  /** Workers started so far (each cancelled run costs one): for tests and the log. */
  workersStarted = 0;

  /** `startWorker`: how a worker thread is made (tests start one running a test-double engine). */
  constructor(private readonly host: ExploreHost, startWorker: () => Worker = defaultExploreWorker) {
    this.startWorker = startWorker;
  }

  get(uri: string): ExplorationResultParams | undefined { return this.state.get(uri); }
  isRunning(uri: string): boolean { return this.current?.uri === uri; }

  /** Explores `text` (version `version` of `uri`), cancelling any run in progress (one search at a time). */
  explore(uri: string, version: number, text: string): Promise<ExploreOutcome> {
    if (this.disposed) return Promise.resolve('cancelled');
    if (this.current) this.stop(this.current, this.current.uri === uri ? 'superseded' : 'cancelled');
    return new Promise(resolve => {
      const run: Run = { runId: this.nextRunId++, uri, version, explorations: [], finish: resolve };
      this.current = run;
      // Running: the last fronts stay shown, of their own version, until this run reports. Partial fronts of a run
      // just superseded are marked cancelled: they would otherwise read as the old text still being explored.
      const prev = this.state.get(uri);
      const explorations = prev?.explorations.map(x => (x.state === 'running' ? { ...x, state: 'cancelled' as const } : x));
      this.setState(prev ? { ...prev, explorations: explorations!, running: true, error: undefined } : { uri, version, stale: false, running: true, explorations: [] });
      const msg: ExploreRunMessage = { type: 'run', runId: run.runId, uri, text };
      this.ensureWorker().postMessage(msg);
      void this.startProgress(run);
    });
  }

  /** The document changed since its fronts: "Apply" is refused until it is explored again. */
  noteChanged(uri: string, version: number): void {
    const prev = this.state.get(uri);
    if (!prev || prev.stale || prev.version === version) return;
    this.setState({ ...prev, stale: true });
  }

  cancel(uri?: string): boolean {
    const run = this.current;
    if (!run || (uri !== undefined && run.uri !== uri)) return false;
    this.stop(run, 'cancelled');
    return true;
  }

  forget(uri: string): void { this.cancel(uri); this.state.delete(uri); }

  dispose(): void {
    this.disposed = true;
    this.cancel();
    void this.worker?.terminate();
    this.worker = undefined;
  }

  // ---- internals ----

  private setState(next: ExplorationResultParams): void {
    this.state.set(next.uri, next);
    try { this.host.publish(next); } catch (err) { this.host.log(`publishing explorations failed: ${String(err)}`); }
  }

  /** Ends a run early: a superseded one says nothing (the new run follows), a cancelled one keeps what it found. */
  private stop(run: Run, outcome: 'superseded' | 'cancelled'): void {
    this.end(run, outcome);
    const w = this.worker;
    this.worker = undefined;
    if (w) { w.removeAllListeners(); void w.terminate(); }
    if (!this.disposed) this.ensureWorker();
  }

  private end(run: Run, outcome: ExploreOutcome, error?: string): void {
    run.progress?.done();
    if (this.current === run) this.current = undefined;
    if (outcome !== 'superseded') {
      const prev = this.state.get(run.uri);
      const changed = (v: number) => { const now = this.host.currentVersion(run.uri); return now !== undefined && now !== v; };
      const finished = outcome === 'done' || outcome === 'none';
      const why = error ?? (outcome === 'cancelled' ? 'exploration cancelled' : undefined);
      let next: ExplorationResultParams;
      if (finished || run.explorations.length) {
        // What this run found; an exploration still running when it stopped is marked cancelled.
        const explorations = run.explorations.map(x => (x.state === 'running' ? { ...x, state: 'cancelled' as const } : x));
        next = { uri: run.uri, version: run.version, running: false, stale: changed(run.version), explorations };
      } else {
        // Nothing new: the last fronts stay, of their own version.
        const version = prev?.version ?? run.version;
        next = { uri: run.uri, version, running: false, stale: (prev?.stale ?? false) || changed(version), explorations: prev?.explorations ?? [] };
      }
      this.setState(why ? { ...next, error: why } : next);
    }
    run.finish(outcome);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = this.startWorker();
    this.workersStarted++;
    w.unref();
    this.worker = w;
    w.on('message', (m: FromExploreWorker) => this.onMessage(w, m));
    const gone = (why: string) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      this.host.log(why);
      if (this.current) this.end(this.current, 'failed', why);
    };
    w.on('error', err => gone(`the exploration worker failed: ${err instanceof Error ? err.message : String(err)}`));
    w.on('exit', code => gone(`the exploration worker exited (code ${code})`));
    return w;
  }

  private async startProgress(run: Run): Promise<void> {
    if (!this.host.beginProgress) return;
    const handle = await this.host.beginProgress(`STAR: exploring ${fileName(run.uri)}`, () => {
      if (this.current === run) this.stop(run, 'cancelled');
    }).catch(() => undefined);
    if (this.current !== run) { handle?.done(); return; }
    run.progress = handle;
  }

  /** The running view replaces (or adds) the exploration of that name; finished ones stay as they are. */
  private upsert(run: Run, x: ExplorationView): void {
    const i = run.explorations.findIndex(e => e.name === x.name);
    if (i >= 0) run.explorations[i] = x; else run.explorations.push(x);
  }

  private onMessage(w: Worker, m: FromExploreWorker): void {
    if (w !== this.worker || !m || m.type === 'ready') return;
    const run = this.current;
    if (!run || m.runId !== run.runId) return;
    switch (m.type) {
      case 'progress': {
        this.upsert(run, m.exploration);
        const x = m.exploration;
        run.progress?.report(m.done, `${x.name}: ${Math.round((x.done ?? 0) * 100)}% · ${formatCount(x.evaluated)} designs · ${formatCount(x.evaluationsPerS)}/s`);
        const now = performance.now();
        if (run.publishedAt !== undefined && now - run.publishedAt < PUBLISH_RUNNING_EVERY_MS) return;
        run.publishedAt = now;
        const prev = this.state.get(run.uri);
        this.setState({ uri: run.uri, version: run.version, stale: prev?.stale ?? false, running: true, explorations: [...run.explorations] });
        return;
      }
      case 'exploration': this.upsert(run, m.exploration); return;
      case 'none': this.end(run, 'none'); return;
      case 'errors': this.end(run, 'errors', `${m.count} error${m.count === 1 ? '' : 's'} in the file (first: ${m.first}); not explored`); return;
      case 'done': this.end(run, 'done'); return;
    }
  }
}
