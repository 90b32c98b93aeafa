// Pareto dominance over objective vectors in minimisation form (a maximised metric enters negated): the incremental
// non-dominated archive of the exhaustive search, and the non-dominated sorting and crowding distance of NSGA-II.
// Tie rule: of points with equal objective vectors, the one with the lower point index is kept (order-independent).

/** -1: a dominates b; 1: b dominates a; 0: neither (equal vectors count as neither). */
export function compare(a: ArrayLike<number>, b: ArrayLike<number>, m: number): number {
  let aBetter = false, bBetter = false;
  for (let j = 0; j < m; j++) {
    const x = a[j]!, y = b[j]!;
    if (x < y) aBetter = true; else if (y < x) bBetter = true;
  }
  return aBetter === bBetter ? 0 : aBetter ? -1 : 1;
}
function equal(a: ArrayLike<number>, b: ArrayLike<number>, m: number): boolean {
  for (let j = 0; j < m; j++) if (a[j] !== b[j]) return false;
  return true;
}

export interface ArchivePoint { index: number; objectives: Float64Array; metrics: Float64Array }

/** The non-dominated points seen so far. `offer` copies the arrays only when the point enters the front. */
export class ParetoArchive {
  points: ArchivePoint[] = [];
  constructor(readonly m: number) {}

  /** Offers a point; true when it enters the front (dominated members leave). */
  offer(index: number, objectives: ArrayLike<number>, metrics: ArrayLike<number>): boolean {
    const pts = this.points, m = this.m;
    for (let k = 0; k < pts.length; k++) {
      const a = pts[k]!;
      const c = compare(a.objectives, objectives, m);
      if (c < 0 || (c === 0 && a.index < index && equal(a.objectives, objectives, m))) {
        // move the dominating point forward: the next point is likely dominated by it too
        if (k > 0) { pts[k] = pts[k - 1]!; pts[k - 1] = a; }
        return false;
      }
    }
    let w = 0;
    for (let k = 0; k < pts.length; k++) {
      const a = pts[k]!;
      const c = compare(objectives, a.objectives, m);
      const drop = c < 0 || (c === 0 && index < a.index && equal(a.objectives, objectives, m));
      if (!drop) pts[w++] = a;
    }
    pts.length = w;
    pts.push({ index, objectives: Float64Array.from(objectives), metrics: Float64Array.from(metrics) });
    return true;
  }
  has(index: number): boolean { return this.points.some(p => p.index === index); }
  /** The front by point index (the order reported). */
  sorted(): ArchivePoint[] { return [...this.points].sort((a, b) => a.index - b.index); }
}

/** Fronts of NSGA-II's fast non-dominated sort: fronts[0] is non-dominated, and so on. Indices into `objs`. */
export function nonDominatedSort(objs: ArrayLike<number>[], m: number): number[][] {
  const n = objs.length;
  const dominated: number[][] = Array.from({ length: n }, () => []);
  const count = new Int32Array(n);
  const fronts: number[][] = [[]];
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      const c = compare(objs[p]!, objs[q]!, m);
      if (c < 0) { dominated[p]!.push(q); count[q]!++; } else if (c > 0) { dominated[q]!.push(p); count[p]!++; }
    }
  }
  for (let p = 0; p < n; p++) if (count[p] === 0) fronts[0]!.push(p);
  for (let f = 0; fronts[f]!.length; f++) {
    const next: number[] = [];
    for (const p of fronts[f]!) for (const q of dominated[p]!) if (--count[q]! === 0) next.push(q);
    fronts.push(next);
  }
  fronts.pop();
  return fronts;
}

/** Crowding distance of the members of one front (Deb et al. 2002): boundary points get Infinity. */
export function crowding(front: number[], objs: ArrayLike<number>[], m: number): Map<number, number> {
  const dist = new Map<number, number>(front.map(i => [i, 0]));
  if (front.length <= 2) { for (const i of front) dist.set(i, Infinity); return dist; }
  for (let j = 0; j < m; j++) {
    const s = [...front].sort((a, b) => objs[a]![j]! - objs[b]![j]! || a - b);
    const lo = objs[s[0]!]![j]!, hi = objs[s[s.length - 1]!]![j]!;
    dist.set(s[0]!, Infinity); dist.set(s[s.length - 1]!, Infinity);
    if (!(hi > lo)) continue;
    for (let k = 1; k < s.length - 1; k++) {
      dist.set(s[k]!, dist.get(s[k]!)! + (objs[s[k + 1]!]![j]! - objs[s[k - 1]!]![j]!) / (hi - lo));
    }
  }
  return dist;
}
