// Explorations built in code on checked samples (until the language's `explore` item lands): the sample's
// simulation is the base point, parameters are given in base units with labels as a user writes them.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze } from '../../../src/language/index.js';
import type { Simulation } from '../../../src/model/design.js';
import type { Exploration, ExploreConstraint, ExploreObjective, ExploreParameter, ExploreSearch, ExploreValue } from '../../../src/model/explore.js';

const root = resolve(__dirname, '..', '..', '..', '..');

export function sampleSimulation(file: string): Simulation {
  const a = analyze(readFileSync(resolve(root, 'samples', file), 'utf8'));
  const errors = a.diagnostics.filter(d => d.severity === 'error');
  if (errors.length) throw new Error(`${file}: ${errors.map(e => e.message).join('; ')}`);
  return a.design.simulations[0]!;
}

export function param(path: string, values: ExploreValue[], labels?: string[]): ExploreParameter {
  return { path, values, labels: labels ?? values.map(v => (typeof v === 'object' && v !== null ? `${v.rows} x ${v.cols}` : String(v))) };
}
export const KB = 1024;
export const range = (from: number, to: number, step: number) => {
  const out: number[] = [];
  for (let i = 0; from + i * step <= to + 1e-9; i++) out.push(+(from + i * step).toFixed(10));
  return out;
};
export const arrays = (rows: number, cols: number[]) => cols.map(c => ({ rows, cols: c }));

export function exploration(simulation: Simulation, parameters: ExploreParameter[], objectives: Array<string | ExploreObjective>,
                            constraints: ExploreConstraint[] = [], search: ExploreSearch = { kind: 'auto' }, name = 'sizing'): Exploration {
  return {
    name, simulation, parameters, constraints, search,
    objectives: objectives.map(o => (typeof o === 'string' ? { metric: o, sense: 'min' as const } : o)),
    points: parameters.reduce((n, p) => n * p.values.length, 1),
  };
}

/** The core sample's space, 119,808 points: engine sizes, SRAM, Bc, top-k (samples/explore-star-core.star, in code). */
export function coreSpace(search: ExploreSearch = { kind: 'auto' }): Exploration {
  return exploration(sampleSimulation('star-llama7b-4k.star'), [
    param('core.sufa.array', arrays(128, [2, 4, 8, 16])),
    param('core.sufa.exp_units', [64, 128, 256]),
    param('core.dlzs.array', arrays(128, [8, 16, 32, 64])),
    param('core.sads.sorters', [32, 64, 128, 256]),
    param('core.sram.token', range(128, 512, 32).map(x => x * KB), range(128, 512, 32).map(x => `${x} KB`)),
    param('core.sram.temp', [16, 28, 32, 64].map(x => x * KB), ['16 KB', '28 KB', '32 KB', '64 KB']),
    param('mapping.tiling.bc', [32, 64, 128]),
    param('workload.sparsity.top_k', [0.1, 0.15, 0.2, 0.25], ['10 %', '15 %', '20 %', '25 %']),
  ], ['latency', 'energy', 'area'], [{ metric: 'power', op: '<=', value: 6 }], search);
}

/** 1,064,960 single-core points sharing 4 functional statistics (bc x top-k): the speed bench's space. */
export function millionSpace(): Exploration {
  return exploration(sampleSimulation('star-llama7b-4k.star'), [
    param('core.sufa.array', arrays(128, [2, 4, 8, 16])),
    param('core.dlzs.array', arrays(128, [8, 16, 32, 64])),
    param('core.sads.sorters', [32, 64, 128, 256]),
    param('core.sram.token', range(128, 512, 32).map(x => x * KB), range(128, 512, 32).map(x => `${x} KB`)),
    param('core.sram.temp', [16, 28, 32, 64].map(x => x * KB), ['16 KB', '28 KB', '32 KB', '64 KB']),
    param('technology.frequency', [0.8e9, 0.9e9, 1e9, 1.1e9, 1.2e9], ['0.8 GHz', '0.9 GHz', '1 GHz', '1.1 GHz', '1.2 GHz']),
    param('core.sufa.exp_units', [32, 64, 128, 256]),
    param('chip.dram.bandwidth', [256e9, 512e9, 768e9, 1024e9], ['256 GB/s', '512 GB/s', '768 GB/s', '1024 GB/s']),
    param('mapping.tiling.bc', [64, 128]),
    param('workload.sparsity.top_k', [0.1, 0.2], ['10 %', '20 %']),
  ], ['latency', 'energy', 'area'], [{ metric: 'power', op: '<=', value: 6 }], { kind: 'exhaustive' }, 'million');
}

/** Meshes 2 x 2 .. 16 x 16 with link bandwidth, DRAM channels and attach, partitions and kv_flow. */
export function spatialSpace(): Exploration {
  const meshes = [2, 4, 8, 16].flatMap(r => [2, 4, 8, 16].map(c => ({ rows: r, cols: c })));
  return exploration(sampleSimulation('spatial-4x4-llama7b-64k.star'), [
    param('chip.mesh', meshes),
    param('chip.noc.link_bandwidth', [32e9, 64e9, 128e9], ['32 GB/s', '64 GB/s', '128 GB/s']),
    param('chip.dram.channels', [8, 16, 32]),
    param('chip.dram.attach', ['edges', 'corners', 'north']),
    param('mapping.kv_flow', ['own', 'multicast', 'ring']),
    param('mapping.queries', ['cols', 'none'], ['mesh.cols', 'none']),
    param('mapping.kv', ['none', 'cols'], ['none', 'mesh.cols']),
    param('mapping.tiling.bc', [64, 128]),
  ], ['latency', 'energy', 'area'], [], { kind: 'exhaustive' }, 'spatial');
}
