// One simulate statement on a mesh -> SimulationResult: the optimized mapping, the baseline spatial design on the
// same mesh, and the steps between them (whose factors multiply to the total ratio).
import type { Axis, Mapping, Simulation } from '../../model/design.js';
import type { BaselineGain, CoreResult, EngineResult, LinkResult, SimulationResult, StepGain } from '../result.js';
import type { FunctionalStats } from '../functional/stats.js';
import { ENGINES, type Engine } from '../core/evaluate.js';
import { baselineGains, breakdown, type DeviceFigures } from '../core/simulate.js';
import { SimulationInputError } from '../core/validate.js';
import { LIMITS } from '../../model/limits.js';
import { runSpatial, type CoreRun, type SpatialRun, type SpatialVariant } from './model.js';

export interface SpatialOptions {
  onProgress?: (fraction: number, message: string) => void;
}

/** Where KV and Q/K/V come from, as in the single-core model: the attention part, operands in DRAM. */
export const KV_SOURCE = 'dram' as const;

/**
 * The baseline spatial design on the same mesh: query blocks dealt over all cores (the plain data-parallel split of
 * a long prompt), every core fetching its own KV from DRAM, stages isolated (A^ and top-k indices through DRAM).
 */
export const BASELINE_PARTITION: SpatialVariant['partition'] = { heads: 'none', queries: 'all', kv: 'none' };

export function optimizedVariant(m: Mapping): SpatialVariant {
  return { stages: m.stages, kvFlow: m.kvFlow, partition: axesOf(m), kvSource: KV_SOURCE };
}
export function baselineVariant(): SpatialVariant {
  return { stages: 'isolated', kvFlow: 'own', partition: { ...BASELINE_PARTITION }, kvSource: KV_SOURCE };
}

function axesOf(m: Mapping): { heads: Axis; queries: Axis; kv: Axis } {
  return { heads: m.partition.heads, queries: m.partition.queries, kv: m.partition.kv };
}

export function validateMesh(m: Mapping): void {
  const c = m.chip;
  const need = (ok: boolean, field: string, msg: string) => { if (!ok) throw new SimulationInputError(field, msg); };
  const side = LIMITS.meshSide;   // the checker's own range (model/limits.ts)
  need(Number.isInteger(c.rows) && Number.isInteger(c.cols) && c.rows >= side.min && c.cols >= side.min && c.rows <= side.max && c.cols <= side.max,
    `chip ${c.name}.mesh`, `mesh = ${c.rows} x ${c.cols}: each side must be a whole number from ${side.min} to ${side.max}`);
  need(Number.isFinite(c.noc.linkBandwidthBps) && c.noc.linkBandwidthBps > 0, `chip ${c.name}.noc.link_bandwidth`,
    'link bandwidth must be positive, e.g. link_bandwidth = 64 GB/s');
  need(Number.isFinite(c.noc.hopLatencyCycles) && c.noc.hopLatencyCycles >= 0, `chip ${c.name}.noc.hop_latency`,
    'hop latency must be 0 or more cycles, e.g. hop_latency = 2 cycles');
  need(Number.isInteger(c.dram.channels) && c.dram.channels >= 1, `chip ${c.name}.dram.channels`,
    'give at least one DRAM channel, e.g. channels = 16');
}

/** Steps from the baseline spatial design to the mapping, one change at a time. */
export function spatialSteps(m: Mapping): Array<{ step: string; variant: SpatialVariant }> {
  const base = baselineVariant();
  const opt = optimizedVariant(m);
  const pipelined = { ...base, stages: opt.stages };
  const flowed = { ...pipelined, kvFlow: opt.kvFlow };
  return [
    { step: opt.stages === 'pipelined' ? '+ cross-stage pipelining' : 'stages isolated (as the baseline)', variant: pipelined },
    { step: `+ KV flow: ${opt.kvFlow}`, variant: flowed },
    { step: `+ partitioning (heads -> ${opt.partition.heads}, queries -> ${opt.partition.queries}, kv -> ${opt.partition.kv}) and load balance`, variant: opt },
  ];
}

export function simulateSpatial(sim: Simulation, stats: FunctionalStats, opts: SpatialOptions = {}): SimulationResult {
  const m = sim.mapping;
  validateMesh(m);
  const runs = new Map<string, SpatialRun>();
  const run = (v: SpatialVariant): SpatialRun => {
    const key = JSON.stringify(v);
    let r = runs.get(key);
    if (!r) { r = runSpatial(m, stats, v); runs.set(key, r); }
    return r;
  };
  const steps = spatialSteps(m);
  opts.onProgress?.(0.8, `${sim.name}: mesh ${m.chip.rows} x ${m.chip.cols}`);
  const opt = run(optimizedVariant(m));
  const result = resultFromRun(sim, opt, stats);
  opts.onProgress?.(0.9, `${sim.name}: baseline spatial design`);
  const base = run(baselineVariant());
  let prev = base;
  const spatialBreakdown: StepGain[] = [];
  for (const s of steps) {
    const r = run(s.variant);
    spatialBreakdown.push({ step: s.step, speedup: ratio(prev.latencyS, r.latencyS) });
    prev = r;
  }
  const total = ratio(base.latencyS, opt.latencyS);
  const gain: BaselineGain = {
    speedup: total, energyGain: ratio(sum(base.energyJ), sum(opt.energyJ)), latencyMs: base.latencyS * 1e3,
    basis: `baseline spatial design on the same ${m.chip.rows} x ${m.chip.cols} mesh: query blocks over all cores, ` +
      'every core fetching its own KV from DRAM, stages isolated (A^ and top-k indices through DRAM)',
  };
  result.spatialBreakdown = spatialBreakdown;

  // The paper-style ablation of the core that sets the latency, at the bandwidth the mesh gives it.
  const crit = opt.cores[opt.critical];
  if (crit.work) {
    result.breakdown = breakdown(m.chip.core, crit.work, stats,
      { stages: m.stages, dramBandwidthBps: crit.bandwidthBps, kvSource: KV_SOURCE });
  }
  const dev: DeviceFigures = {
    seconds: opt.latencyS, energyJ: sum(opt.energyJ), effectiveGops: result.effectiveGops,
    gopsPerWDevice: result.gopsPerWDevice, gopsPerWCore: result.gopsPerWCore, gopsPerMm2: result.gopsPerMm2, core: m.chip.core,
  };
  result.baselines = baselineGains(sim.baselines.filter(b => b !== 'baseline_spatial'), m.workload, dev);
  // The mesh result always carries its comparison with the baseline spatial design.
  result.baselines.baselineSpatial = gain;
  result.notes.push(
    `Baseline spatial design: ${fmt(base.latencyS * 1e3)} ms (bottleneck ${base.bottleneck}); optimized / baseline throughput ` +
    `${fmt(total)}x, the product of the spatialBreakdown steps.`);
  return result;
}

/** Everything one mesh run determines (breakdown and baselines are filled by simulateSpatial). */
export function resultFromRun(sim: Simulation, r: SpatialRun, stats: FunctionalStats): SimulationResult {
  const m = sim.mapping, w = m.workload, chip = m.chip;
  const hz = chip.core.technology.frequencyHz;
  const s = r.latencyS;
  const e = r.energyJ;
  const onChip = e.dlzs + e.sads + e.kvgen + e.sufa + e.sram + e.scheduler + e.noc;
  const energy = sum(e);
  const power = { core: per(onChip, s), io: per(e.io, s), dram: per(e.dram, s), total: per(energy, s) };
  const gops = per(r.denseOps, s) / 1e9;
  const N = r.mesh.size;
  const engineBusy = (k: Engine) => r.cores.reduce((a, c) => a + (c.eval ? c.eval.busyCycles[k] : 0), 0) / hz;
  const engines = Object.fromEntries(ENGINES.map(k => {
    const busy = engineBusy(k);
    return [k, { busyMs: (busy / N) * 1e3, utilization: clamp01(per(busy, N * s)) }];
  })) as SimulationResult['engines'];
  const links: LinkResult[] = [];
  const L = r.traffic.link;
  const linkCap = r.linkBps * s;
  for (let slot = 0; slot < L.length; slot++) {
    if (!r.mesh.linkExists(slot)) continue;
    const { from, to } = r.mesh.linkEnds(slot);
    links.push({ from, to, bytes: L[slot], utilization: clamp01(per(L[slot], linkCap)) });
  }
  let hottest: LinkResult | undefined;
  for (const l of links) if (l.bytes > 0 && (!hottest || l.bytes > hottest.bytes)) hottest = l;
  const dramChannels = r.channelRouters.flatMap((cr, k) => {
    const bytes = r.traffic.channel[k] / cr.channels;
    const util = clamp01(per(r.traffic.channel[k], r.channelBps[k] * s));
    return Array.from({ length: cr.channels }, () => ({ router: [cr.router[0], cr.router[1]] as [number, number], bytes, utilization: util }));
  });
  // Each core's own engines (busy over the run's latency, as the core's utilisation); an idle core's are all 0.
  const coreEngine = (c: CoreRun, k: Engine): EngineResult => {
    const busy = c.eval ? c.eval.busyCycles[k] / hz : 0;
    return { busyMs: busy * 1e3, utilization: clamp01(per(busy, s)) };
  };
  const cores = r.cores.map((c): CoreResult => {
    const busy = c.eval ? Math.max(...ENGINES.map(k => c.eval!.busyCycles[k])) / hz + c.mergeS : 0;
    return { row: c.row, col: c.col, utilization: clamp01(per(busy, s)), busyMs: busy * 1e3,
      engines: { dlzs: coreEngine(c, 'dlzs'), sads: coreEngine(c, 'sads'), kvgen: coreEngine(c, 'kvgen'), sufa: coreEngine(c, 'sufa') } };
  });
  const p = r.partitioning;
  const notes = [
    'Effective GOPS counts the dense-equivalent work 4 T S d per head (Q K^T and S V, 2 ops per MAC) over the whole mesh.',
    `Mesh ${chip.rows} x ${chip.cols}, XY routing, ${fmt(chip.noc.linkBandwidthBps / 1e9)} GB/s per directed link; ` +
      `${chip.dram.channels} DRAM channels on ${r.channelRouters.length} router(s) (${attachText(chip.dram.attach)}); ${chip.dram.placement === 'interleaved' ? 'placement interleaved: each core\'s DRAM bytes spread over every channel (even channel load, more hops)' : 'placement nearest: each core uses its nearest DRAM router(s)'}.`,
    `Partition: ${p.parts.heads} head part(s), ${p.parts.queries} query part(s), ${p.parts.kv} KV part(s); KV flow ${m.kvFlow}; stages ${m.stages}.`,
    'A phase takes as long as its slowest resource: each core is evaluated by the core model at the DRAM bandwidth its busiest link or DRAM router leaves it.',
    `Load imbalance: slowest of ${r.cores.filter(c => !c.idle).length} busy cores expected at ${fmt(r.imbalance)}x the mean sparse work (functional model: keptPerRowCv, blockImbalance).`,
    'nocBytes = bytes summed over every link crossed (byte-hops); breakdown = the ablation steps of the core that sets the latency.',
    ...r.notes,
  ];
  return {
    name: sim.name, mapping: m.name, workload: w.name, chip: chip.name,
    latencyMs: s * 1e3,
    tokensPerS: per(w.queryLen * w.batch, s),
    effectiveGops: gops,
    energyMJ: energy * 1e3,
    powerW: power,
    areaMm2: r.areaMm2,
    gopsPerWCore: per(gops, power.core),
    gopsPerWDevice: per(gops, power.total),
    gopsPerMm2: per(gops, r.areaMm2),
    utilization: { dlzs: engines.dlzs.utilization, sads: engines.sads.utilization, kvgen: engines.kvgen.utilization, sufa: engines.sufa.utilization },
    engines,
    bottleneck: r.bottleneck,
    dramBytes: r.dramBytes,
    nocBytes: r.byteHops,
    breakdown: [],
    baselines: {},
    functional: { topkRecall: stats.topkRecall, outputRelError: stats.outputRelErrorMean, outputRelErrorMax: stats.outputRelErrorMax,
                  data: stats.data, ...(stats.outputErrorMeasured === false ? { outputErrorMeasured: false } : {}) },
    energyByComponentMJ: Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v * 1e3])),
    areaByComponentMm2: { ...r.areaByComponentMm2 },
    cores, links, dramChannels,
    hottestLink: hottest,
    spatialTime: {
      computeMs: r.computeS * 1e3, contentionMs: r.contentionS * 1e3, imbalanceMs: r.imbalanceS * 1e3,
      mergeMs: r.mergeS * 1e3, hopMs: r.hopS * 1e3, imbalanceFactor: r.imbalance,
    },
    notes,
  };
}

function attachText(a: Mapping['chip']['dram']['attach']): string {
  return Array.isArray(a) ? a.map(([r, c]) => `[${r}, ${c}]`).join(' ') : a;
}
function sum(e: Record<string, number>): number { return Object.values(e).reduce((a, b) => a + b, 0); }
function per(a: number, b: number): number { return a > 0 && b > 0 && Number.isFinite(a / b) ? a / b : 0; }
function ratio(a: number, b: number): number { return per(a, b); }
function clamp01(x: number): number { return Math.min(1, Math.max(0, x)); }
function fmt(x: number): string { return x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(3); }
