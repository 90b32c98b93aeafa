// Builds what the client shows of one simulation besides its numbers: the ChipView (mesh shape, KV flow, partition,
// DRAM routers) and the SourceLinks back to the chip, core, mapping and engine blocks. Runs in the worker, on the
// text the simulation was computed from, so every range matches that version of the file.
import type { Simulation, Chip } from '../../model/design.js';
import type { Span } from '../../language/ast.js';
import type { SimulationResult } from '../../sim/result.js';
import type { ChipView, SourceLink } from '../../protocolTypes.js';
import type { LineIndex } from '../../language/text.js';
import { dramRouters as meshDramRouters } from '../../sim/spatial/mesh.js';

/** Routers DRAM channels attach to: the simulator's own list when it has one, else the spatial model's placement. */
export function dramRouters(chip: Chip, result?: SimulationResult): Array<[number, number]> {
  if (result?.dramChannels?.length) return result.dramChannels.map(ch => [ch.router[0], ch.router[1]]);
  return meshDramRouters(chip);
}

export function buildChipView(sim: Simulation, uri: string, lines: LineIndex, result?: SimulationResult): ChipView {
  const { mapping } = sim;
  const { chip } = mapping;
  const core = chip.core;
  const link = (span?: Span): SourceLink | undefined => (span ? { uri, range: { start: lines.positionAt(span.start), end: lines.positionAt(span.end) } } : undefined);
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
