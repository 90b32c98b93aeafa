// The simulation worker (bundled to dist/server/simWorker.js, next to server.js). It analyzes the saved text and
// simulates every `simulate` statement off the server's main thread, so typing, completion and diagnostics never
// wait for a simulation. Cancellation is by termination: simulate() is synchronous, so the server ends the thread.
import { parentPort } from 'node:worker_threads';
import { analyze } from '../../language/index.js';
import { simulate } from '../../sim/index.js';
import { meshDiagnostics } from '../../sim/spatial/checks.js';
import type { StarDiagnostic } from '../../language/diagnostics.js';
import { buildChipView } from './chipView.js';
import { checkOptionsFor } from '../traceOptions.js';
import { LineIndex } from '../../language/text.js';
import type { FromWorker, RunMessage, SimulationEntry } from './workerApi.js';

const port = parentPort;
if (!port) throw new Error('simWorker.js runs as a worker thread of the STAR language server, not on its own');

const post = (m: FromWorker) => port.postMessage(m);

/** Test-only slow-down: a synchronous busy wait, like a long simulation, with progress along the way. */
function busyWait(ms: number, onTick: (fraction: number) => void): void {
  const t0 = Date.now();
  let next = 0;
  for (;;) {
    const t = Date.now() - t0;
    if (t >= ms) return;
    if (t >= next) { onTick(t / ms); next = t + 50; }
  }
}

function run(m: RunMessage): void {
  const t0 = performance.now();
  const analysis = analyze(m.text, checkOptionsFor(m.uri));
  const errors = analysis.diagnostics.filter(d => d.severity === 'error');
  if (errors.length || !analysis.design) {
    post({ type: 'errors', runId: m.runId, count: errors.length, first: errors[0]?.message ?? 'the file did not check' });
    return;
  }
  // The mesh checks run the spatial model: here, not on the server's main thread at every keystroke.
  let findings: StarDiagnostic[] = [];
  try { findings = meshDiagnostics(analysis.design); } catch { /* a design the checks cannot judge: no findings */ }
  const sims = analysis.design.simulations;
  const lines = new LineIndex(m.text);
  const results: SimulationEntry[] = [];
  for (let i = 0; i < sims.length; i++) {
    const sim = sims[i]!;
    // At most one progress message per 50 ms: the simulator may report per tile.
    let lastPost = -Infinity;
    const progress = (fraction: number, message: string) => {
      const now = performance.now();
      if (now - lastPost < 50) return;
      lastPost = now;
      report(fraction, message);
    };
    const report = (fraction: number, message: string) => post({
      type: 'progress', runId: m.runId,
      fraction: Math.min(1, Math.max(0, (i + (Number.isFinite(fraction) ? fraction : 0)) / sims.length)),
      message: `${sim.name} (${i + 1}/${sims.length})${message ? `: ${message}` : ''}`,
    });
    progress(0, '');
    if (m.testDelayMs) busyWait(m.testDelayMs, f => progress(f, 'test delay'));
    try {
      // Test-only: a fault in the simulation of the statement of this name (STAR_SIM_TEST_FAULT), to test how one is shown.
      if (process.env.STAR_SIM_TEST_FAULT && process.env.STAR_SIM_TEST_FAULT === sim.name) throw new Error('test fault');
      const simulation = simulate(sim, { onProgress: progress });
      results.push({
        simulation,
        chip: buildChipView(sim, m.uri, lines, simulation),
        simulateLine: sim.span ? lines.positionAt(sim.span.start).line : 0,
      });
    } catch (err) {
      post({ type: 'failed', runId: m.runId, name: sim.name, message: err instanceof Error ? err.message : String(err) });
      return;
    }
  }
  post({ type: 'done', runId: m.runId, results, elapsedMs: performance.now() - t0, findings });
}

port.on('message', (m: RunMessage) => {
  try {
    if (m?.type === 'run') run(m);
  } catch (err) {
    post({ type: 'failed', runId: m.runId, message: err instanceof Error ? err.message : String(err) });
  }
});
post({ type: 'ready' });
