// Builds what the client shows of one simulation besides its numbers: the ChipView (mesh shape, KV flow, partition,
// DRAM routers) and the SourceLinks back to the chip, core, mapping and engine blocks. Runs in the worker, on the
// text the simulation was computed from, so every range matches that version of the file.
import type { Simulation, Chip } from '../model/design.js';
import type { Span } from '../language/ast.js';
import type { SimulationResult } from '../sim/result.js';
import type { ChipView, Range, SourceLink, Position } from '../protocol.js';

/** Offset -> line/character (UTF-16 units, as LSP counts them) for one text. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo]! };
  }
  range(span: Span): Range { return { start: this.position(span.start), end: this.position(span.end) }; }
}

/** Routers DRAM channels attach to: the simulator's own list when it has one, else from the chip's `attach`. */
export function dramRouters(chip: Chip, result?: SimulationResult): Array<[number, number]> {
  const seen = new Set<string>();
  const out: Array<[number, number]> = [];
  const add = (r: number, c: number) => {
    const k = `${r},${c}`;
    if (r < 0 || c < 0 || r >= chip.rows || c >= chip.cols || seen.has(k)) return;
    seen.add(k); out.push([r, c]);
  };
  if (result?.dramChannels?.length) {
    for (const ch of result.dramChannels) add(ch.router[0], ch.router[1]);
    return out;
  }
  const { rows: R, cols: C } = chip;
  const attach = chip.dram?.attach ?? 'edges';
  if (Array.isArray(attach)) for (const [r, c] of attach) add(r, c);
  else if (attach === 'corners') { add(0, 0); add(0, C - 1); add(R - 1, 0); add(R - 1, C - 1); }
  else if (attach === 'north') for (let c = 0; c < C; c++) add(0, c);
  else if (attach === 'south') for (let c = 0; c < C; c++) add(R - 1, c);
  else if (attach === 'west') for (let r = 0; r < R; r++) add(r, 0);
  else if (attach === 'east') for (let r = 0; r < R; r++) add(r, C - 1);
  else for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) if (r === 0 || c === 0 || r === R - 1 || c === C - 1) add(r, c);
  return out;
}

export function buildChipView(sim: Simulation, uri: string, lines: LineIndex, result?: SimulationResult): ChipView {
  const { mapping } = sim;
  const { chip } = mapping;
  const core = chip.core;
  const link = (span?: Span): SourceLink | undefined => (span ? { uri, range: lines.range(span) } : undefined);
  const engines: ChipView['links']['engines'] = {};
  for (const key of ['dlzs', 'sads', 'kvgen', 'sufa', 'sram'] as const) {
    const l = link(core[key]?.span);
    if (l) engines[key] = l;
  }
  return {
    name: chip.name,
    rows: chip.rows,
    cols: chip.cols,
    coreName: core.name,
    singleCore: chip.singleCore,
    kvFlow: mapping.kvFlow,
    partition: { heads: mapping.partition.heads, queries: mapping.partition.queries, kv: mapping.partition.kv },
    dramRouters: dramRouters(chip, result),
    links: {
      chip: link(chip.singleCore ? undefined : chip.span) ?? link(core.span),
      core: link(core.span),
      mapping: link(mapping.span),
      engines,
    },
  };
}
