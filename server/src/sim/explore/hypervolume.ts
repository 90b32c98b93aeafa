// Exact hypervolume of a front in minimisation form, by slicing (HSO): sort on the last objective and add up the
// (m-1)-dimensional volume of each slab; 2 objectives are a single sweep. Exact for m <= 3 (and small 4+ fronts); a
// large front in 4+ objectives gets a seeded Monte Carlo estimate (reported as hypervolumeExact: false).
// Reference rule (docs/explore.md): objectives are normalised to [0, 1] between the best value on the front and the
// worst feasible value evaluated, and the reference point is 1.1 on every normalised objective.

export const REFERENCE = 1.1;

/** Per objective: the best (ideal) and the worst feasible value, the bounds of the normalisation. */
export interface Normalisation { ideal: number[]; worst: number[] }

export function normalise(p: ArrayLike<number>, n: Normalisation): number[] {
  return n.ideal.map((lo, j) => { const hi = n.worst[j]!; return hi > lo ? (p[j]! - lo) / (hi - lo) : 0; });
}

/** Slicing costs about n^(m-1) steps: above this, 4+ objectives are estimated (exact up to 3 in practice). */
const EXACT_WORK_LIMIT = 5e7;

/** Whether hypervolume() is exact for this many points and objectives (else a seeded Monte Carlo estimate). */
export function hypervolumeIsExact(n: number, m: number): boolean { return m <= 2 || n ** (m - 1) <= EXACT_WORK_LIMIT * (m === 3 ? 10 : 1); }

/** Hypervolume of points (already normalised, minimisation) against the reference point `ref` in every objective. */
export function hypervolume(points: number[][], ref = REFERENCE): number {
  const pts = points.filter(p => p.every(x => x < ref));
  if (!pts.length) return 0;
  const m = pts[0]!.length;
  return hypervolumeIsExact(pts.length, m) ? hv(pts, m, ref) : monteCarlo(pts, m, ref);
}

/** Three objectives: the slab's 2-D points stay sorted (binary insertion), each slab a linear sweep: O(n^2). */
function hv3(pts: number[][], ref: number): number {
  const s = [...pts].sort((a, b) => a[2]! - b[2]!);
  const xs: number[] = [], ys: number[] = [];
  let vol = 0;
  for (let i = 0; i < s.length; i++) {
    const x = s[i]![0]!, y = s[i]![1]!;
    let lo = 0, hi = xs.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (xs[mid]! < x || (xs[mid] === x && ys[mid]! <= y)) lo = mid + 1; else hi = mid; }
    xs.splice(lo, 0, x); ys.splice(lo, 0, y);
    const z1 = i + 1 < s.length ? s[i + 1]![2]! : ref;
    const depth = z1 - s[i]![2]!;
    if (depth <= 0) continue;
    let area = 0, bestY = ref;
    for (let k = 0; k < xs.length; k++) {
      bestY = Math.min(bestY, ys[k]!);
      area += ((k + 1 < xs.length ? xs[k + 1]! : ref) - xs[k]!) * (ref - bestY);
    }
    vol += depth * area;
  }
  return vol;
}

/** 200,000 seeded samples in the box [min, ref]: a front of many points in 4+ objectives never hangs the run. */
function monteCarlo(pts: number[][], m: number, ref: number): number {
  const lo = Array.from({ length: m }, (_, j) => Math.min(...pts.map(p => p[j]!)));
  let box = 1;
  for (let j = 0; j < m; j++) box *= ref - lo[j]!;
  let a = 12345, hit = 0;
  const rnd = () => { a = (a + 0x6d2b79f5) >>> 0; let t = Math.imul(a ^ (a >>> 15), a | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const x = new Float64Array(m);
  const N = 200_000;
  for (let k = 0; k < N; k++) {
    for (let j = 0; j < m; j++) x[j] = lo[j]! + rnd() * (ref - lo[j]!);
    if (pts.some(p => p.every((v, j) => v <= x[j]!))) hit++;
  }
  return (box * hit) / N;
}

function hv(pts: number[][], m: number, ref: number): number {
  if (m === 1) return ref - Math.min(...pts.map(p => p[0]!));
  if (m === 2) {
    const s = [...pts].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    let vol = 0, bestY = ref;
    // sweep on x: the staircase between consecutive x values has the height of the best y so far
    for (let i = 0; i < s.length; i++) {
      bestY = Math.min(bestY, s[i]![1]!);
      const x1 = i + 1 < s.length ? s[i + 1]![0]! : ref;
      vol += (x1 - s[i]![0]!) * (ref - bestY);
    }
    return vol;
  }
  if (m === 3) return hv3(pts, ref);
  const k = m - 1;
  const s = [...pts].sort((a, b) => a[k]! - b[k]!);
  let vol = 0;
  const slab: number[][] = [];
  for (let i = 0; i < s.length; i++) {
    slab.push(s[i]!.slice(0, k));
    const z1 = i + 1 < s.length ? s[i + 1]![k]! : ref;
    const depth = z1 - s[i]![k]!;
    if (depth > 0) vol += depth * hv(slab, k, ref);
  }
  return vol;
}
