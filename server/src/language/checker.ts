// Syntax tree -> checked model. Names are resolved, units normalised, values checked against schema.ts, and the
// design-level rules (tiling, SRAM fit, partitions over the mesh, KV flow, DRAM routers) applied. Every problem is
// a StarDiagnostic on the exact span with a stable code (listed in docs/language.md); the Design is always complete
// (defaults stand in for what is wrong) so the editor keeps working on a file with mistakes. The work is done by the
// modules of check/: names, the block builders (hardware, workload, mapping and its rules, simulate).
import type { StarFile, TopBlock } from './ast.js';
import type { StarDiagnostic } from './diagnostics.js';
import { collectSymbols, type SymbolTable } from './symbols.js';
import type { Design } from '../model/design.js';
import { Diags } from './check/diagnostics.js';
import { resolveNames } from './check/names.js';
import { checkTechnology, checkCore, checkChip } from './check/hardware.js';
import { checkWorkload } from './check/workload.js';
import type { CheckOptions } from './check/trace.js';

export type { CheckOptions } from './check/trace.js';
import { checkMapping } from './check/mapping.js';
import { checkSimulate } from './check/simulate.js';
import { checkExplore } from './check/explore.js';

export interface CheckResult { design: Design; diagnostics: StarDiagnostic[]; symbols: SymbolTable }

/** Builds each block (skipping undefined) into `into`, and returns them by name for the blocks that refer to them. */
function buildAll<T extends { name: string }>(blocks: TopBlock[], build: (b: TopBlock) => T | undefined, into: T[]): Map<string, T> {
  const byName = new Map<string, T>();
  for (const b of blocks) {
    const x = build(b);
    if (!x) continue;
    byName.set(x.name, x);
    into.push(x);
  }
  return byName;
}

/** `opts`: the file's folder and a reader of trace files (the server and CLI pass them; without, trace files are not read). */
export function check(file: StarFile, opts: CheckOptions = {}): CheckResult {
  const d = new Diags();
  const symbols = collectSymbols(file);
  const design: Design = { technologies: [], workloads: [], cores: [], chips: [], mappings: [], simulations: [] };
  const { resolve, blocksOf } = resolveNames(file, symbols, d);

  // In dependency order: a core names its technology, a chip its core, a mapping its workload and chip (or core).
  const technologies = buildAll(blocksOf('technology'), b => checkTechnology(b, d), design.technologies);
  const cores = buildAll(blocksOf('core'), b => checkCore(b, d, technologies), design.cores);
  const chips = buildAll(blocksOf('chip'), b => checkChip(b, d, cores), design.chips);
  const workloads = buildAll(blocksOf('workload'), b => checkWorkload(b, d, opts), design.workloads);
  const mappings = buildAll(blocksOf('mapping'), b => checkMapping(b, d, workloads, chips, cores, resolve), design.mappings);

  const simulated = new Map<string, number>();
  for (const item of file.items) {
    if (item.kind !== 'simulate') continue;
    const s = checkSimulate(item, d, mappings);
    if (!s) continue;
    const n = (simulated.get(s.name) ?? 0) + 1;
    simulated.set(s.name, n);
    if (n > 1) s.name = `${s.name}#${n}`;
    design.simulations.push(s);
  }

  const explored = new Map<string, number>();
  for (const item of file.items) {
    if (item.kind !== 'explore') continue;
    const name = item.name?.text;
    if (name !== undefined) {
      if (explored.has(name)) d.error('explore-duplicate', `explore '${name}' is already defined: rename this one`, item.name!.span);
      explored.set(name, (explored.get(name) ?? 0) + 1);
    }
    const x = checkExplore(item, d, mappings);
    if (x && (explored.get(x.name) ?? 0) < 2) (design.explorations ??= []).push(x);
  }

  d.list.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { design, diagnostics: d.list, symbols };
}
