// The exploration as the editor sees it (issue 14, "Speed and memory"): over JSON-RPC with the real server and its
// exploration worker, didSave of samples/explore-star-core.star -> the first star/explorationResult that carries a
// front of that run (a partial one while running, or the finished one), and the largest gap between the run's
// work-done progress messages (begin, reports, end). Goals: first front < 1 s, progress at least every 250 ms.
import { sample } from '../server/test/lsp/harness.js';
import { SimClient } from '../server/test/lsp/simulationClient.js';
import { ExplorationResultNotification, type ExplorationResultParams } from '../server/src/protocol.js';

const RUNS = 5;
const NAME = 'explore-star-core.star';

interface Progress { token: string | number; value: { kind: string; title?: string } }
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };

/** A front of the run in progress or just finished (not the previous run's, which stays shown while a run starts). */
const ownFront = (p: ExplorationResultParams) =>
  p.explorations.some(x => x.front.length > 0 && (p.running ? x.state === 'running' : x.state === 'done'));

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 1));
  }
}

export default async function bench(): Promise<void> {
  const c = await SimClient.start();
  const seen: Array<{ at: number; p: ExplorationResultParams }> = [];
  const progressAt: Array<{ at: number; p: Progress }> = [];
  c.lsp.connection.onNotification(ExplorationResultNotification, (p: ExplorationResultParams) => { seen.push({ at: performance.now(), p }); });
  c.lsp.connection.onNotification('$/progress', (p: Progress) => { progressAt.push({ at: performance.now(), p }); });
  try {
    const uri = `file:///bench/${NAME}`;
    // Explored on open (the worker starts, the code warms up): wait for that run to finish first.
    await c.lsp.open(uri, sample(NAME));
    await until(() => seen.find(s => !s.p.running && s.p.explorations[0]?.state === 'done'), 'front of the run on open');
    const first: number[] = [], whole: number[] = [], gaps: number[] = [], reports: number[] = [];
    let evaluated = 0, frontSize = 0;
    const rates: number[] = [], where: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const from = seen.length, fromProgress = progressAt.length;
      const t0 = performance.now();
      await c.lsp.save(uri);
      const front = await until(() => seen.slice(from).find(s => ownFront(s.p)), 'front after the save');
      const done = await until(() => seen.slice(from).find(s => !s.p.running && s.p.explorations[0]?.state === 'done'), 'finished front after the save');
      first.push(front.at - t0);
      whole.push(done.at - t0);
      const x = done.p.explorations[0]!;
      evaluated = x.evaluated; frontSize = x.front.length;
      rates.push(x.evaluationsPerS);
      // This run's progress: its token is the one begun after the save.
      const token = await until(() => progressAt.slice(fromProgress).find(q => q.p.value.kind === 'begin' && /exploring/.test(q.p.value.title ?? ''))?.p.token, 'progress begin');
      await until(() => progressAt.slice(fromProgress).find(q => q.p.token === token && q.p.value.kind === 'end'), 'progress end');
      const mine = progressAt.slice(fromProgress).filter(q => q.p.token === token);
      let gap = 0, at = '';
      for (let i = 1; i < mine.length; i++) {
        const g = mine[i]!.at - mine[i - 1]!.at;
        if (g > gap) { gap = g; at = `${mine[i - 1]!.p.value.kind} -> ${mine[i]!.p.value.kind}`; }
      }
      gaps.push(gap);
      where.push(at);
      reports.push(mine.filter(q => q.p.value.kind === 'report').length);
    }
    const f = (ms: number) => `${ms.toFixed(0)} ms`;
    console.log(`${NAME}: ${evaluated.toLocaleString('en-US')} designs, front ${frontSize}; ${RUNS} saves, over JSON-RPC (the simulation on save runs alongside, as in the editor)`);
    console.log(`  save -> first front in star/explorationResult: median ${f(median(first))} (runs: ${first.map(f).join(', ')}) (goal < 1000 ms)`);
    console.log(`  save -> finished front:                        median ${f(median(whole))} (runs: ${whole.map(f).join(', ')})`);
    console.log(`  largest gap between progress messages:         median ${f(median(gaps))}, max ${f(Math.max(...gaps))} (${reports.join(', ')} reports; the largest: ${where.join(', ')}) (goal <= 250 ms)`);
    console.log(`  evaluations/s in the worker:                   median ${Math.round(median(rates)).toLocaleString('en-US')} (front kept for progress, cloud sampled)`);
  } finally {
    await c.stop();
  }
}
