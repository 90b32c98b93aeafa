// Mesh geometry of a Spatial-STAR chip: routers, directed links, XY routes and where the DRAM channels sit.
// Links are indexed densely (router * 4 + direction) so traffic lives in one Float64Array per run: a 64 x 64 mesh
// has 16,384 slots, of which the 16,128 inside the mesh are real links.
import type { Chip, DramAttach, DramPlacement } from '../../model/design.js';

export type Coord = [number, number];

/** Output port of a router. East = col + 1, West = col - 1, South = row + 1, North = row - 1. */
export const EAST = 0, WEST = 1, SOUTH = 2, NORTH = 3;
const DR = [0, 0, 1, -1];
const DC = [1, -1, 0, 0];

export const MAX_MESH_SIDE = 64;

export class Mesh {
  readonly rows: number;
  readonly cols: number;
  readonly size: number;

  constructor(rows: number, cols: number) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || rows > MAX_MESH_SIDE || cols > MAX_MESH_SIDE) {
      throw new Error(`mesh ${rows} x ${cols}: each side must be a whole number from 1 to ${MAX_MESH_SIDE}; change "mesh = R x C of CORE" in the chip`);
    }
    this.rows = rows;
    this.cols = cols;
    this.size = rows * cols;
  }

  router(r: number, c: number): number { return r * this.cols + c; }
  coord(id: number): Coord { return [Math.floor(id / this.cols), id % this.cols]; }
  private coordCache?: Coord[];
  /** Every router's coordinates, by id (shared: do not modify). */
  coords(): Coord[] {
    if (!this.coordCache) this.coordCache = Array.from({ length: this.size }, (_, id) => this.coord(id));
    return this.coordCache;
  }
  hops(a: Coord, b: Coord): number { return Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]); }

  /** Slots in a link array (some slots at the mesh border are not links and always stay 0). */
  get linkSlots(): number { return this.size * 4; }
  link(r: number, c: number, dir: number): number { return (r * this.cols + c) * 4 + dir; }
  linkExists(slot: number): boolean {
    const dir = slot & 3, id = slot >> 2;
    const r = Math.floor(id / this.cols) + DR[dir], c = (id % this.cols) + DC[dir];
    return r >= 0 && r < this.rows && c >= 0 && c < this.cols;
  }
  linkEnds(slot: number): { from: Coord; to: Coord } {
    const dir = slot & 3, [r, c] = this.coord(slot >> 2);
    return { from: [r, c], to: [r + DR[dir], c + DC[dir]] };
  }
  /** Number of directed links: 2 per neighbour pair. */
  get linkCount(): number { return 2 * (this.rows * (this.cols - 1) + this.cols * (this.rows - 1)); }

  /** Calls visit(slot) for every link on the XY route from a to b (columns first, then rows). */
  forEachXYLink(a: Coord, b: Coord, visit: (slot: number) => void): void {
    let [r, c] = a;
    while (c !== b[1]) {
      const dir = b[1] > c ? EAST : WEST;
      visit(this.link(r, c, dir));
      c += DC[dir];
    }
    while (r !== b[0]) {
      const dir = b[0] > r ? SOUTH : NORTH;
      visit(this.link(r, c, dir));
      r += DR[dir];
    }
  }
}

/**
 * Where the DRAM channels attach. Channels are spread evenly over the candidate routers (every edge router, the
 * four corners, one side, or the routers listed); with more channels than candidates a router hosts several.
 * Returns one entry per router that hosts at least one channel, with its channel count.
 */
export interface ChannelRouter { router: Coord; channels: number }

export function attachCandidates(mesh: Mesh, attach: DramAttach): Coord[] {
  const { rows: R, cols: C } = mesh;
  const out: Coord[] = [];
  const seen = new Set<number>();
  const add = (r: number, c: number) => {
    const id = mesh.router(r, c);
    if (!seen.has(id)) { seen.add(id); out.push([r, c]); }
  };
  if (Array.isArray(attach)) {
    for (const [r, c] of attach) {
      if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0 || r >= R || c >= C) {
        throw new Error(`dram attach [${r}, ${c}]: no such router on a ${R} x ${C} mesh; use rows 0..${R - 1} and cols 0..${C - 1}`);
      }
      add(r, c);
    }
    if (!out.length) throw new Error('dram attach: the router list is empty; list at least one [row, col] or use attach = edges');
    return out;
  }
  switch (attach) {
    case 'corners': add(0, 0); add(0, C - 1); add(R - 1, C - 1); add(R - 1, 0); break;
    case 'north': for (let c = 0; c < C; c++) add(0, c); break;
    case 'south': for (let c = 0; c < C; c++) add(R - 1, c); break;
    case 'west': for (let r = 0; r < R; r++) add(r, 0); break;
    case 'east': for (let r = 0; r < R; r++) add(r, C - 1); break;
    case 'edges':
      // clockwise around the perimeter, so an even spread of few channels stays spread out
      for (let c = 0; c < C; c++) add(0, c);
      for (let r = 1; r < R; r++) add(r, C - 1);
      for (let c = C - 2; c >= 0; c--) add(R - 1, c);
      for (let r = R - 2; r >= 1; r--) add(r, 0);
      break;
    default:
      throw new Error(`dram attach "${String(attach)}": use edges, corners, north, south, east, west or a list of [row, col]`);
  }
  return out;
}

export function channelRouters(mesh: Mesh, attach: DramAttach, channels: number): ChannelRouter[] {
  if (!Number.isInteger(channels) || channels < 1) {
    throw new Error(`dram channels = ${channels}: give a whole number of channels, at least 1`);
  }
  const cand = attachCandidates(mesh, attach);
  const counts = new Array<number>(cand.length).fill(0);
  // channel i goes to candidate floor(i * n / channels): evenly spaced, deterministic
  for (let i = 0; i < channels; i++) counts[Math.floor((i * cand.length) / channels)]++;
  const out: ChannelRouter[] = [];
  cand.forEach((router, i) => { if (counts[i] > 0) out.push({ router, channels: counts[i] }); });
  return out;
}

/** DRAM routers of a chip, for views that draw them. */
export function dramRouters(chip: Chip): Coord[] {
  const mesh = new Mesh(chip.rows, chip.cols);
  return channelRouters(mesh, chip.dram.attach, chip.dram.channels).map(c => c.router);
}

/**
 * Which DRAM routers each core uses: the nearest ones (Manhattan hops), its traffic split evenly over ties.
 * Returned as, per core, a list of [channel router index, share]. Nearest-channel keeps DRAM traffic off the
 * mesh as much as possible; the price is that channels near many cores become hot, which the model then shows.
 */
export function nearestChannels(mesh: Mesh, routers: ChannelRouter[]): Array<Array<[number, number]>> {
  const out: Array<Array<[number, number]>> = new Array(mesh.size);
  for (let id = 0; id < mesh.size; id++) {
    const at = mesh.coord(id);
    let best = Infinity;
    let ties: number[] = [];
    for (let k = 0; k < routers.length; k++) {
      const h = mesh.hops(at, routers[k].router);
      if (h < best) { best = h; ties = [k]; } else if (h === best) ties.push(k);
    }
    // weight ties by channel count: a router with two channels serves twice the traffic
    const total = ties.reduce((s, k) => s + routers[k].channels, 0);
    out[id] = ties.map(k => [k, routers[k].channels / total] as [number, number]);
  }
  return out;
}

/**
 * Interleaved placement: addresses are interleaved over every channel, so each core's bytes spread over all
 * channel routers in proportion to the channels each holds (the same shares for every core). Channel load is even;
 * the bytes travel farther than with nearest placement.
 */
export function interleavedChannels(mesh: Mesh, routers: ChannelRouter[]): Array<Array<[number, number]>> {
  const total = routers.reduce((s, r) => s + r.channels, 0);
  const shares = routers.map((r, k) => [k, r.channels / total] as [number, number]);
  return Array.from({ length: mesh.size }, () => shares);
}

/** Per core, the DRAM routers its bytes go to and their shares (summing to 1), for the chosen placement. */
export function dramShares(mesh: Mesh, routers: ChannelRouter[], placement: DramPlacement = 'nearest'): Array<Array<[number, number]>> {
  switch (placement) {
    case 'nearest': return nearestChannels(mesh, routers);
    case 'interleaved': return interleavedChannels(mesh, routers);
    default: throw new Error(`dram placement "${String(placement)}": use nearest or interleaved`);
  }
}
