// The exploration worker's loop, given an engine: analyze the saved text, run every explore item, post progress (at
// most every 25 ms) and each finished front. The worker entry (worker.ts) hands it the explorer; tests hand it a
// test double. Cancellation is by termination (a synchronous engine cannot see a message), and by the signal.
import type { MessagePort } from 'node:worker_threads';
import { analyze } from '../../language/index.js';
import { LineIndex } from '../../language/text.js';
import type { Exploration } from '../../model/explore.js';
import type { Design } from '../../model/design.js';
import type { ExplorationView } from '../../protocolTypes.js';
import { toView, labelPoint, type ExploreEngine, type ExploreProgress } from './engine.js';
import type { ExploreRunMessage, FromExploreWorker } from './workerApi.js';

/** Progress messages at most this often: a guard against an engine that reports on every point. Well below the real
 *  engine's 60 ms cadence: at the same figure, a report that came a hair early by this clock was dropped and the gap
 *  doubled. (The server publishes fronts less often than it reports progress: service.ts.) */
export const PROGRESS_EVERY_MS = 25;

/** The explore items of a checked design (the checker fills Design.explorations). */
export type ExplorationsOf = (design: Design) => Exploration[];

export function serveExplorations(port: MessagePort, engine: ExploreEngine | undefined,
                                  explorationsOf: ExplorationsOf = d => d.explorations ?? []): void {
  const post = (m: FromExploreWorker) => port.postMessage(m);

  async function run(m: ExploreRunMessage): Promise<void> {
    const t0 = performance.now();
    const analysis = analyze(m.text);
    const errors = analysis.diagnostics.filter(d => d.severity === 'error');
    if (errors.length) { post({ type: 'errors', runId: m.runId, count: errors.length, first: errors[0]!.message }); return; }
    const items = explorationsOf(analysis.design);
    if (!items.length) { post({ type: 'none', runId: m.runId }); return; }
    const lines = new LineIndex(m.text);
    for (let i = 0; i < items.length; i++) {
      const x = items[i]!;
      const line = x.span ? lines.positionAt(x.span.start).line : 0;
      const empty = (state: ExplorationView['state'], error?: string): ExplorationView => ({
        name: x.name, line, objectives: x.objectives.map(o => ({ metric: o.metric, sense: o.sense })), units: {},
        parameters: x.parameters.map(p => p.path), space: { points: x.points },
        search: x.search.kind === 'evolutionary' ? 'evolutionary' : 'exhaustive',
        evaluated: 0, feasible: 0, seconds: 0, evaluationsPerS: 0, hypervolume: 0, reference: [], front: [], cloud: [], state,
        ...(error ? { error } : {}),
      });
      if (!engine) { post({ type: 'exploration', runId: m.runId, exploration: empty('error', 'the explorer is not part of this build') }); continue; }
      let last = -Infinity;
      const onProgress = (p: ExploreProgress) => {
        const now = performance.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        const view = { ...empty('running'), evaluated: p.evaluated, evaluationsPerS: p.evaluationsPerS, done: p.done,
          front: (p.front ?? []).map((q, k) => labelPoint(x, q, k)), seconds: (now - t0) / 1000 };
        post({ type: 'progress', runId: m.runId, exploration: view, done: (i + Math.min(1, Math.max(0, p.done))) / items.length });
      };
      try {
        const outcome = await engine(x, { onProgress, signal: new AbortController().signal });
        post({ type: 'exploration', runId: m.runId, exploration: toView(x, outcome, line) });
      } catch (err) {
        post({ type: 'exploration', runId: m.runId, exploration: empty('error', err instanceof Error ? err.message : String(err)) });
      }
    }
    post({ type: 'done', runId: m.runId, seconds: (performance.now() - t0) / 1000 });
  }

  port.on('message', (m: ExploreRunMessage) => {
    if (m?.type !== 'run') return;
    run(m).catch(err => post({ type: 'errors', runId: m.runId, count: 1, first: `exploration failed: ${err instanceof Error ? err.message : String(err)}` }));
  });
  post({ type: 'ready' });
}
