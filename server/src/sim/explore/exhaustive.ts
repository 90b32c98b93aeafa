// Exhaustive search: every point of the index range in order, the Pareto front kept incrementally in a
// non-dominated archive. Memory is the front and a few counters, whatever the space; the journal gets a checkpoint
// (next index, counters, front) every second, so a stopped run resumes where it was.
import { performance } from 'node:perf_hooks';
import { keepsMetrics, type Evaluator } from './evaluator.js';
import { METRIC_COUNT } from './metrics.js';
import type { Objectives } from './objectives.js';
import { reasonKey } from './objectives.js';
import { ParetoArchive } from './pareto.js';
import type { Checkpoint, JournalLine } from './journal.js';

export interface LoopHooks {
  /** Every evaluated point (--all): metrics when feasible or constraint-broken, the reason when infeasible. */
  onPoint?: (index: number, metrics: Float64Array | undefined, reason: string | undefined) => void;
  /** Every feasible point with its metrics (the editor's cloud): unlike onPoint, costs no worded reasons. */
  onFeasible?: (index: number, metrics: Float64Array) => void;
  /** done / total (points, or generations), evaluations per second, and the front so far (read it during the call). */
  onProgress?: (done: number, total: number, rate: number, front: ParetoArchive) => void;
  /** Asked between batches: true stops the run (cancel); the state is checkpointed. */
  shouldStop?: (evaluated: number) => boolean;
  /** Journal sink: lines to append. */
  journal?: (lines: JournalLine[]) => void;
  progressMs?: number;
  checkpointMs?: number;
}

export interface ExhaustiveState {
  next: number; evaluated: number; feasible: number; reasons: Record<string, number>; worst: number[];
  archive: ParetoArchive; functional: { distinct: number; seconds: number }; seconds: number; complete: boolean;
}

export function freshState(m: number): ExhaustiveState {
  return { next: 0, evaluated: 0, feasible: 0, reasons: {}, worst: new Array(m).fill(-Infinity), archive: new ParetoArchive(m),
    functional: { distinct: 0, seconds: 0 }, seconds: 0, complete: false };
}

/** The state of the last checkpoint of a journal (undefined: none). */
export function stateFromCheckpoint(c: Checkpoint, obj: Objectives): ExhaustiveState {
  const s = freshState(obj.m);
  Object.assign(s, { next: c.next, evaluated: c.evaluated, feasible: c.feasible, reasons: { ...c.reasons },
    worst: c.worst.map(x => (x === null ? -Infinity : x)), functional: { ...c.functional }, seconds: c.seconds });
  const o = new Float64Array(obj.m);
  for (const p of c.front) s.archive.offer(p.i, obj.of(p.m, o), p.m);
  return s;
}
export function checkpointOf(s: ExhaustiveState): Checkpoint {
  return { t: 'checkpoint', next: s.next, evaluated: s.evaluated, feasible: s.feasible, reasons: { ...s.reasons },
    worst: s.worst.map(x => (Number.isFinite(x) ? x : null as unknown as number)), functional: { ...s.functional }, seconds: s.seconds,
    front: s.archive.sorted().map(p => ({ i: p.index, m: Array.from(p.metrics) })) };
}

/**
 * Evaluates the points of `ranges` (increasing, disjoint [start, end) pairs) from state.next on into the state;
 * stops early when a hook says so. state.next is the next index to evaluate, so a checkpoint resumes mid-range.
 */
export function runExhaustive(ev: Evaluator, obj: Objectives, state: ExhaustiveState, ranges: ReadonlyArray<readonly [number, number]>,
                              hooks: LoopHooks = {}): ExhaustiveState {
  const space = ev.space;
  const P = space.radix.length, radix = space.radix;
  const out = new Float64Array(METRIC_COUNT);
  const o = new Float64Array(obj.m);
  const m = obj.m, worst = state.worst, archive = state.archive;
  const t0 = performance.now();
  const secondsBefore = state.seconds, fBefore = ev.functionalCount, fsBefore = ev.functionalSeconds, evaluatedBefore = state.evaluated;
  const fBase = { ...state.functional };
  const progressMs = hooks.progressMs ?? 250, checkpointMs = hooks.checkpointMs ?? 1000;
  const total = ranges.reduce((n, [a, b]) => n + b - a, 0);
  let lastProgress = t0, lastCheckpoint = t0;
  let i = state.next, evaluated = state.evaluated, feasible = state.feasible, stop = false;
  const sync = () => {
    state.next = i; state.evaluated = evaluated; state.feasible = feasible;
    state.seconds = secondsBefore + (performance.now() - t0) / 1000;
    state.functional = { distinct: fBase.distinct + ev.functionalCount - fBefore, seconds: fBase.seconds + ev.functionalSeconds - fsBefore };
  };
  for (const [start, end] of ranges) {
    if (stop) break;
    if (end <= i) continue;   // done before (a resumed run)
    i = Math.max(i, start);
    const d = space.digits(i);
    while (i < end) {
      // 1,024 points between looks at the clock: ~1 ms in the CLI, ~25 ms in a busy editor worker (progress <= 250 ms)
      const batchEnd = Math.min(end, i + 1024);
      for (; i < batchEnd; i++) {
        const why = ev.evaluate(d, out);
        evaluated++;
        if (why === undefined) {
          feasible++;
          obj.of(out, o);
          for (let j = 0; j < m; j++) if (o[j]! > worst[j]!) worst[j] = o[j]!;
          archive.offer(i, o, out);
          if (hooks.onFeasible) hooks.onFeasible(i, out);
        } else {
          const k = reasonKey(why);
          state.reasons[k] = (state.reasons[k] ?? 0) + 1;
        }
        if (hooks.onPoint) hooks.onPoint(i, keepsMetrics(why) ? out : undefined, why);
        // odometer: the last parameter varies fastest
        for (let p = P - 1; p >= 0; p--) { if (++d[p]! < radix[p]!) break; d[p] = 0; }
      }
      const now = performance.now();
      if (hooks.onProgress && now - lastProgress >= progressMs) {
        lastProgress = now;
        hooks.onProgress(evaluated, total, (evaluated - evaluatedBefore) / Math.max(1e-9, (now - t0) / 1000), archive);
      }
      stop = hooks.shouldStop?.(evaluated) ?? false;
      if (hooks.journal && (stop || now - lastCheckpoint >= checkpointMs)) {
        lastCheckpoint = now;
        sync();
        hooks.journal([checkpointOf(state)]);
      }
      if (stop) break;
    }
  }
  sync();
  state.complete = ranges.every(([, end]) => end <= i);
  if (hooks.journal) hooks.journal([checkpointOf(state)]);
  return state;
}
