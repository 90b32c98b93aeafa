// How a mapping spreads the work of one layer over the mesh: head units (batch x heads), query blocks and KV tiles,
// each split over mesh.rows, mesh.cols, all cores, or not at all. Splits are contiguous blocks whose sizes differ by
// at most one unit, so a split that does not divide leaves some cores one unit longer (and the model shows it).
import type { Axis, Mapping } from '../../model/design.js';
import type { Mesh } from './mesh.js';

export type Quantity = 'heads' | 'queries' | 'kv';
export const QUANTITIES: Quantity[] = ['heads', 'queries', 'kv'];

/** Half-open unit range [lo, hi). */
export interface Range { lo: number; hi: number }

export interface CoreShare {
  id: number;
  row: number;
  col: number;
  /** part index per quantity (0 when the quantity is not partitioned) */
  part: Record<Quantity, number>;
  heads: Range;            // head units: batch x heads, each with its own K and V
  blocks: Range;           // query blocks
  tiles: Range;            // KV tiles of bc keys
  queries: number;         // query rows in its blocks (the last block may be short)
  keys: number;            // keys in its KV tiles
  idle: boolean;           // no work: a mesh dimension no quantity uses, or fewer units than parts
}

export interface Partitioning {
  axes: Record<Quantity, Axis>;
  parts: Record<Quantity, number>;
  units: Record<Quantity, number>;
  shares: CoreShare[];
  /** Mesh dimensions (size > 1) that no quantity uses: only index 0 along them works. */
  unusedDims: Array<'rows' | 'cols'>;
}

export function axisSize(mesh: Mesh, axis: Axis): number {
  switch (axis) {
    case 'rows': return mesh.rows;
    case 'cols': return mesh.cols;
    case 'all': return mesh.size;
    case 'none': return 1;
  }
}

export function axisIndex(mesh: Mesh, axis: Axis, r: number, c: number): number {
  switch (axis) {
    case 'rows': return r;
    case 'cols': return c;
    case 'all': return r * mesh.cols + c;
    case 'none': return 0;
  }
}

/** Unit range of part i when `units` are split into `parts` contiguous blocks. */
export function splitRange(units: number, parts: number, i: number): Range {
  return { lo: Math.floor((i * units) / parts), hi: Math.floor(((i + 1) * units) / parts) };
}

export interface WorkUnits { headUnits: number; blocks: number; tiles: number; queryLen: number; queryBlock: number; bc: number; seqLen: number }

export function workUnits(m: Mapping): WorkUnits {
  const w = m.workload;
  return {
    headUnits: w.batch * w.heads,
    blocks: Math.ceil(w.queryLen / w.queryBlock),
    tiles: Math.ceil(w.seqLen / Math.max(1, m.tiling.bc)),   // S = bc x tc; the last tile may be short
    queryLen: w.queryLen,
    queryBlock: w.queryBlock,
    bc: m.tiling.bc,
    seqLen: w.seqLen,
  };
}

export function partition(mesh: Mesh, m: Mapping): Partitioning {
  const axes = { ...m.partition } as Record<Quantity, Axis>;
  delete (axes as Record<string, unknown>).span;
  const where = m.name ? `mapping ${m.name}` : 'mapping';
  // each mesh dimension of size > 1 may carry one quantity; 'all' takes both
  const owner: Record<'rows' | 'cols', Quantity | undefined> = { rows: undefined, cols: undefined };
  for (const q of QUANTITIES) {
    const a = axes[q];
    if (a !== 'rows' && a !== 'cols' && a !== 'all' && a !== 'none') {
      throw new Error(`${where}: ${q} -> ${String(a)} is not a mesh axis; use mesh.rows, mesh.cols, all or none`);
    }
    const dims: Array<'rows' | 'cols'> = a === 'all' ? ['rows', 'cols'] : a === 'none' ? [] : [a];
    for (const d of dims) {
      if ((d === 'rows' ? mesh.rows : mesh.cols) <= 1) continue;
      const prev = owner[d];
      if (prev) {
        throw new Error(`${where}: ${prev} and ${q} are both partitioned over mesh.${d}; give each its own axis ` +
          `(for example ${prev} -> mesh.rows, ${q} -> mesh.cols)`);
      }
      owner[d] = q;
    }
  }
  const unusedDims: Array<'rows' | 'cols'> = [];
  if (mesh.rows > 1 && !owner.rows) unusedDims.push('rows');
  if (mesh.cols > 1 && !owner.cols) unusedDims.push('cols');

  const u = workUnits(m);
  const units: Record<Quantity, number> = { heads: u.headUnits, queries: u.blocks, kv: u.tiles };
  const parts: Record<Quantity, number> = {
    heads: axisSize(mesh, axes.heads), queries: axisSize(mesh, axes.queries), kv: axisSize(mesh, axes.kv),
  };
  const shares: CoreShare[] = new Array(mesh.size);
  for (let r = 0; r < mesh.rows; r++) {
    for (let c = 0; c < mesh.cols; c++) {
      const part = {
        heads: axisIndex(mesh, axes.heads, r, c),
        queries: axisIndex(mesh, axes.queries, r, c),
        kv: axisIndex(mesh, axes.kv, r, c),
      };
      const heads = splitRange(units.heads, parts.heads, part.heads);
      const blocks = splitRange(units.queries, parts.queries, part.queries);
      const tiles = splitRange(units.kv, parts.kv, part.kv);
      const queries = Math.max(0, Math.min(blocks.hi * u.queryBlock, u.queryLen) - blocks.lo * u.queryBlock);
      const keys = Math.max(0, Math.min(tiles.hi * u.bc, u.seqLen) - tiles.lo * u.bc);
      const spare = (unusedDims.includes('rows') && r > 0) || (unusedDims.includes('cols') && c > 0);
      const idle = spare || heads.hi <= heads.lo || queries <= 0 || keys <= 0;
      shares[r * mesh.cols + c] = { id: r * mesh.cols + c, row: r, col: c, part, heads, blocks, tiles, queries, keys, idle };
    }
  }
  return { axes, parts, units, shares, unusedDims };
}

/**
 * Cores that differ only in `q`'s part (same parts of the other quantities), in axis order: the KV-sharing group
 * when q = queries (they need the same KV), the reduction group when q = kv (their partial states merge).
 */
export function groupsAlong(p: Partitioning, q: Quantity): number[][] {
  const byKey = new Map<string, number[]>();
  for (const s of p.shares) {
    if (s.idle) continue;
    const key = QUANTITIES.filter(o => o !== q).map(o => s.part[o]).join(',');
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = []));
    g.push(s.id);
  }
  const groups = [...byKey.values()];
  for (const g of groups) g.sort((a, b) => p.shares[a].part[q] - p.shares[b].part[q]);
  return groups;
}
