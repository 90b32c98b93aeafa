// Mesh axes of partition statements (mesh.rows, mesh.cols, mesh, none) and divisor lists for tiling fixes.
import type { Axis, Chip } from '../../model/design.js';
import { axisCores } from '../../model/rules.js';

/** One core (a core named directly, or a 1 x 1 mesh): nothing to divide over the mesh. */
export function oneCore(chip: Chip): boolean { return chip.singleCore || (chip.rows === 1 && chip.cols === 1); }
export function axisOf(target: string): Axis | undefined {
  return ({ 'mesh.rows': 'rows', 'mesh.cols': 'cols', mesh: 'all', none: 'none' } as Record<string, Axis>)[target];
}
export function axisSize(axis: Axis, chip: Chip): number {
  return axisCores(axis, chip.rows, chip.cols);
}
export function axisName(axis: Axis): string {
  return axis === 'rows' ? 'mesh.rows' : axis === 'cols' ? 'mesh.cols' : axis === 'all' ? 'mesh' : 'none';
}
/** Every divisor of n, ascending (n up to 16M tokens: a square-root walk). */
export function allDivisors(n: number): number[] {
  const lo: number[] = [], hi: number[] = [];
  for (let i = 1; i * i <= n; i++) {
    if (n % i === 0) { lo.push(i); if (i * i !== n) hi.push(n / i); }
  }
  return lo.concat(hi.reverse());
}
export function divisors(n: number, limit = 64): number[] {
  const out: number[] = [];
  for (let i = 1; i <= Math.min(n, limit); i++) if (n % i === 0) out.push(i);
  return out;
}
