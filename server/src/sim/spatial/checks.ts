// Mesh checks that need the model: is the network fast enough for the chosen KV flow? The language server merges
// these with its own diagnostics (the static mesh checks - partition does not divide, ring on a 1-wide dimension,
// DRAM on a missing router - are the language checker's).
import type { Design, Mapping } from '../../model/design.js';
import type { StarDiagnostic } from '../../language/diagnostics.js';
import type { FunctionalStats } from '../functional/stats.js';
import { runSpatial } from './model.js';
import { optimizedVariant } from './simulate.js';

/** Slowdown from the links above which the mapping gets a warning. */
export const LINK_SLOWDOWN_WARN = 1.1;

/**
 * A quick stand-in for the functional model's statistics (no sampled run, so the check is cheap on every edit):
 * SADS keeps ceil(k Bc) keys per tile, every row of a tile is needed by some row of a block, no imbalance.
 */
export function quickStats(m: Mapping): FunctionalStats {
  const w = m.workload, core = m.chip.core;
  const bc = Math.max(1, m.tiling.bc);
  const B = Math.max(1, Math.min(w.queryBlock, w.queryLen));
  const kept = Math.min(1, Math.ceil(Math.min(1, Math.max(0, w.topK)) * bc) / bc || 1 / bc);
  return {
    params: {
      seqLen: w.seqLen, queryRows: B, headDim: w.headDim, topK: w.topK, bc, queryBlock: B, sadsRadius: core.sads.radius,
      sadsInputs: core.sads.inputs, sadsOutputs: core.sads.outputs, predictor: w.predictor, data: w.data,
    },
    topkRecall: 1, outputRelErrorMean: 0, outputRelErrorMax: 0,
    keptFraction: kept, keptPerRowCv: 0, rassUniqueFraction: Math.min(1, 1 / Math.max(1, B * kept)),
    rassFetchWithout: 1, rassFetchWith: 1, blockImbalance: 1,
    sadsComparisonsPerKey: 0, sadsRoundsPerSegment: 0, sufaRescalesPerRowTile: 0, fa2RescalesPerRowTile: 0,
    maxMispredictPerRowTile: 0,
  };
}

export interface LinkCheck { slowdown: number; neededBps: number; hottestUtilization: number }

/** Latency with the chip's links over latency with unlimited links, and the link bandwidth that would suffice. */
export function linkCheck(m: Mapping, stats: FunctionalStats = quickStats(m)): LinkCheck {
  const v = optimizedVariant(m);
  const real = runSpatial(m, stats, v);
  const free = runSpatial(m, stats, { ...v, linkBandwidthBps: Number.MAX_VALUE });
  const [, hotFree] = free.traffic.hottestLink();
  const [, hotReal] = real.traffic.hottestLink();
  return {
    slowdown: free.latencyS > 0 ? real.latencyS / free.latencyS : 1,
    neededBps: free.latencyS > 0 ? hotFree / free.latencyS : 0,
    hottestUtilization: real.latencyS > 0 ? hotReal / (m.chip.noc.linkBandwidthBps * real.latencyS) : 0,
  };
}

export function meshDiagnostics(design: Design): StarDiagnostic[] {
  const out: StarDiagnostic[] = [];
  for (const m of design.mappings) {
    const chip = m.chip;
    if (!chip || chip.singleCore || chip.rows * chip.cols <= 1) continue;
    let c: LinkCheck;
    try {
      c = linkCheck(m);
    } catch {
      continue;   // a design the static checks reject: they report it
    }
    if (!(c.slowdown > LINK_SLOWDOWN_WARN) || !Number.isFinite(c.slowdown)) continue;
    const gbs = (x: number) => (x >= 10e9 ? (x / 1e9).toFixed(0) : (x / 1e9).toPrecision(2));
    const alt = m.kvFlow === 'own' ? 'kv_flow = multicast or ring' : m.kvFlow === 'ring' ? 'kv_flow = multicast' : 'kv_flow = ring';
    // interleaving sends every core's DRAM bytes across the mesh: nearest placement is the other way to relieve the links
    const alsoPlacement = chip.dram.placement === 'interleaved' ? ', or dram placement = nearest' : '';
    out.push({
      code: 'link-bandwidth-low',
      severity: 'warning',
      source: 'simulation',
      span: m.span ?? chip.noc.span ?? chip.span ?? { start: 0, end: 0 },
      message: `link bandwidth ${gbs(chip.noc.linkBandwidthBps)} GB/s is too low for kv_flow = ${m.kvFlow} on the ` +
        `${chip.rows} x ${chip.cols} mesh of ${chip.name}: an estimated ${c.slowdown.toFixed(2)}x slowdown against unlimited links ` +
        `(hottest link ${(100 * Math.min(1, c.hottestUtilization)).toFixed(0)}% busy). Raise noc link_bandwidth to about ` +
        `${gbs(c.neededBps)} GB/s, or try ${alt}${alsoPlacement}.`,
    });
  }
  return out;
}
