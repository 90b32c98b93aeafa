// NSGA-II (Deb et al. 2002) over the point space: a genome is one value index per parameter. Binary tournament on
// (constrained rank, crowding, point index), uniform crossover, per-gene mutation (a step to a neighbouring value or
// a fresh value), elitist survival by non-dominated sorting and crowding distance. Constrained domination: a
// feasible point beats an infeasible one; of two infeasible, the smaller violation wins (a broken design rule is an
// infinite violation). Every tie is broken by the lower point index, and the only randomness is a seeded PRNG, so
// the same file and seed give the same front. Each point is evaluated once (a cache, fed from the journal on resume).
import { performance } from 'node:perf_hooks';
import { keepsMetrics, type Evaluator } from './evaluator.js';
import type { PointLine, JournalLine } from './journal.js';
import { METRIC_COUNT } from './metrics.js';
import type { Objectives } from './objectives.js';
import { reasonKey } from './objectives.js';
import { crowding, nonDominatedSort, ParetoArchive } from './pareto.js';
import type { LoopHooks } from './exhaustive.js';
import { mulberry32 } from '../rng.js';

/** The search's generator: mulberry32 started from the file's seed as it is. */
export function prng(seed: number): () => number { return mulberry32(seed); }
/** The seed of island I (issue 15): the file's seed mixed with the island number; island 0 keeps the file's seed. */
export function islandSeed(seed: number, island: number): number {
  return island === 0 ? seed >>> 0 : (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(island, 0xc2b2ae35)) >>> 0;
}

interface Individual { index: number; genes: number[]; obj?: Float64Array; violation: number; rank: number; crowd: number }
interface Outcome { metrics?: Float64Array; reason?: string; violation: number }

export interface EvolutionaryOptions { population: number; generations: number; seed: number }

export interface EvolutionaryState {
  evaluated: number; feasible: number; reasons: Record<string, number>; worst: number[]; archive: ParetoArchive;
  /** Indices of the front after each generation (generation 0: the initial population). */
  frontsPerGeneration: number[][];
  seconds: number; complete: boolean; generationsDone: number;
}

export function runEvolutionary(ev: Evaluator, obj: Objectives, opts: EvolutionaryOptions, known: Map<number, PointLine>,
                                hooks: LoopHooks = {}): EvolutionaryState {
  const space = ev.space, P = space.radix.length, radix = space.radix;
  const rnd = prng(opts.seed);
  const N = Math.max(4, opts.population + (opts.population % 2));
  const m = obj.m;
  const cache = new Map<number, Outcome>();
  const out = new Float64Array(METRIC_COUNT);
  const st: EvolutionaryState = { evaluated: 0, feasible: 0, reasons: {}, worst: new Array(m).fill(-Infinity), archive: new ParetoArchive(m),
    frontsPerGeneration: [], seconds: 0, complete: false, generationsDone: 0 };
  const t0 = performance.now();
  let pending: JournalLine[] = [];
  let stopped = false;

  const outcome = (index: number, genes: number[]): Outcome => {
    let r = cache.get(index);
    if (r) return r;
    const j = known.get(index);
    if (j) {
      r = { metrics: j.m ? Float64Array.from(j.m) : undefined, reason: j.x, violation: j.v ?? (j.x ? Infinity : 0) };
    } else {
      const why = ev.evaluate(genes, out);
      const metrics = keepsMetrics(why) ? Float64Array.from(out) : undefined;
      r = { metrics, reason: why, violation: why === undefined ? 0 : metrics ? ev.violation(out) : Infinity };
      pending.push({ t: 'point', i: index, m: metrics ? Array.from(metrics) : undefined, x: why, v: why && metrics ? r.violation : undefined });
    }
    cache.set(index, r);
    st.evaluated++;
    if (r.reason === undefined && r.metrics) {
      st.feasible++;
      const o = obj.of(r.metrics, new Float64Array(m));
      for (let k = 0; k < m; k++) if (o[k]! > st.worst[k]!) st.worst[k] = o[k]!;
      st.archive.offer(index, o, r.metrics);
      hooks.onFeasible?.(index, r.metrics);
    } else if (r.reason) {
      const k = reasonKey(r.reason);
      st.reasons[k] = (st.reasons[k] ?? 0) + 1;
    }
    hooks.onPoint?.(index, r.metrics, r.reason);
    return r;
  };
  const make = (genes: number[]): Individual => {
    const index = space.indexOf(genes);
    const r = outcome(index, genes);
    const feasible = r.reason === undefined && r.metrics !== undefined;
    return { index, genes, obj: feasible ? obj.of(r.metrics!, new Float64Array(m)) : undefined, violation: feasible ? 0 : r.violation, rank: 0, crowd: 0 };
  };
  const flush = () => {
    if (hooks.journal && pending.length) hooks.journal(pending);
    pending = [];
  };
  const afterGeneration = (pop: Individual[]) => {
    st.frontsPerGeneration.push(st.archive.points.map(p => p.index).sort((a, b) => a - b));
    flush();
    const now = performance.now();
    hooks.onProgress?.(st.generationsDone, opts.generations, st.evaluated / Math.max(1e-9, (now - t0) / 1000), st.archive);
    if (hooks.shouldStop?.(st.evaluated)) stopped = true;
    return pop;
  };

  // Initial population: distinct random points where the space allows.
  let pop: Individual[] = [];
  const seen = new Set<number>();
  for (let tries = 0; pop.length < N && tries < N * 20; tries++) {
    const genes = radix.map(r => Math.floor(rnd() * r));
    const idx = space.indexOf(genes);
    if (seen.has(idx) && tries < N * 19) continue;
    seen.add(idx);
    pop.push(make(genes));
  }
  pop = afterGeneration(survive(pop, N, m));

  const better = (a: Individual, b: Individual) =>
    a.rank !== b.rank ? a.rank < b.rank : a.crowd !== b.crowd ? a.crowd > b.crowd : a.index < b.index;
  const pick = () => {
    const a = pop[Math.floor(rnd() * pop.length)]!, b = pop[Math.floor(rnd() * pop.length)]!;
    return better(a, b) ? a : b;
  };
  const pm = 1 / Math.max(1, P);
  for (let g = 1; g <= opts.generations && !stopped; g++) {
    const children: Individual[] = [];
    while (children.length < N) {
      const a = pick(), b = pick();
      const c1 = [...a.genes], c2 = [...b.genes];
      if (rnd() < 0.9) for (let p = 0; p < P; p++) if (rnd() < 0.5) { const t = c1[p]!; c1[p] = c2[p]!; c2[p] = t; }
      for (const c of [c1, c2]) {
        for (let p = 0; p < P; p++) {
          if (rnd() >= pm) continue;
          const r = radix[p]!;
          if (r < 2) continue;
          if (rnd() < 0.5) c[p] = Math.min(r - 1, Math.max(0, c[p]! + (rnd() < 0.5 ? -1 : 1)));
          else c[p] = Math.floor(rnd() * r);
        }
        children.push(make(c));
      }
    }
    // Elitist survival over parents and children, one individual per point.
    const pool = new Map<number, Individual>();
    for (const x of [...pop, ...children]) if (!pool.has(x.index)) pool.set(x.index, x);
    pop = survive([...pool.values()], N, m);
    st.generationsDone = g;
    pop = afterGeneration(pop);
  }
  st.complete = !stopped;
  st.seconds = (performance.now() - t0) / 1000;
  flush();
  return st;
}

/** NSGA-II survival: feasible points by front and crowding, then infeasible by violation; ties by point index. */
function survive(pool: Individual[], n: number, m: number): Individual[] {
  const feas = pool.filter(x => x.obj).sort((a, b) => a.index - b.index);
  const infeas = pool.filter(x => !x.obj).sort((a, b) => a.violation - b.violation || a.index - b.index);
  const next: Individual[] = [];
  const objs = feas.map(x => x.obj!);
  const fronts = nonDominatedSort(objs, m);
  fronts.forEach((f, rank) => {
    const cd = crowding(f, objs, m);
    for (const i of f) { feas[i]!.rank = rank; feas[i]!.crowd = cd.get(i)!; }
  });
  for (const f of fronts) {
    if (next.length >= n) break;
    const members = f.map(i => feas[i]!).sort((a, b) => (a.crowd === b.crowd ? 0 : a.crowd > b.crowd ? -1 : 1) || a.index - b.index);
    next.push(...members.slice(0, n - next.length));
  }
  infeas.forEach((x, k) => { x.rank = fronts.length + k; x.crowd = 0; });
  for (const x of infeas) { if (next.length >= n) break; next.push(x); }
  return next;
}
