// What one simulate statement yields. The JSON of `star-sim --json` is { simulations: SimulationResult[] };
// field names here are a contract with other tools (README, "star-sim --json schema"): add, never rename.

/**
 * One step of a breakdown. `speedup`: the core ablation's is cumulative over dense attention on the same hardware;
 * a mesh step's (spatialBreakdown) is that step's own factor. The core ablation also carries each step's own gain
 * and its DRAM traffic (issue 17).
 */
export interface StepGain {
  step: string;
  speedup: number;
  /** this step's own speedup: its latency against the step before (the first step: against dense attention) */
  stepSpeedup?: number;
  /** DRAM bytes (read + written) of the whole run with the techniques up to and including this step */
  dramBytes?: number;
  /** DRAM bytes this step saves against the step before (the first step: against dense attention); < 0 = it adds */
  dramSavedBytes?: number;
}
export interface BaselineGain {
  speedup: number; energyGain: number; latencyMs?: number; basis?: string;
  /** A100 baselines: the GPU's own use of its FP16 tensor-core peak on this workload (0..1). */
  utilization?: number;
  /** Published designs: area-efficiency gain, our GOPS/mm2 over theirs (Table II's gain over FACT). */
  areaGain?: number;
}

export interface CoreResult {
  row: number; col: number; utilization: number; busyMs: number;
  /** Meshes: this core's own engines (busy time, utilisation over the run's latency); absent on a single core. */
  engines?: { dlzs: EngineResult; sads: EngineResult; kvgen: EngineResult; sufa: EngineResult };
}
export interface LinkResult { from: [number, number]; to: [number, number]; bytes: number; utilization: number }
export interface DramChannelResult { router: [number, number]; bytes: number; utilization: number }

export interface EngineResult { busyMs: number; utilization: number }

export interface SpatialTime {
  computeMs: number;       // slowest core with an unlimited network and DRAM
  contentionMs: number;    // lost to link and DRAM-channel serialisation
  imbalanceMs: number;     // lost to the slowest core's extra sparse work (load imbalance)
  mergeMs: number;         // partial (m, l, o) merges on the critical path
  hopMs: number;           // hop latency (pipeline fill across the mesh)
  imbalanceFactor: number; // expected max / mean formal work over the busy cores
}

export interface SimulationResult {
  name: string;
  mapping: string;
  workload: string;
  chip: string;
  latencyMs: number;
  tokensPerS: number;
  effectiveGops: number;          // dense-equivalent work / latency
  energyMJ: number;
  powerW: { core: number; io: number; dram: number; total: number };
  areaMm2: number;
  gopsPerWCore: number;
  gopsPerWDevice: number;
  gopsPerMm2: number;
  utilization: { dlzs: number; sads: number; kvgen: number; sufa: number };
  engines: { dlzs: EngineResult; sads: EngineResult; kvgen: EngineResult; sufa: EngineResult };
  bottleneck: string;
  dramBytes: number;
  nocBytes: number;
  sramBytes?: number;             // on-chip SRAM bytes read + written (core model)
  breakdown: StepGain[];          // ablation steps, paper style
  baselines: Record<string, BaselineGain>;
  /** `data`: what the functional figures (and through them traffic and energy) came from, synthetic or a trace;
   *  `outputErrorMeasured` false: a trace without values, output errors not measured (then 0). */
  functional: { topkRecall: number; outputRelError: number; outputRelErrorMax?: number; data?: string; outputErrorMeasured?: boolean };
  energyByComponentMJ: Record<string, number>;
  areaByComponentMm2: Record<string, number>;
  cores: CoreResult[];
  links: LinkResult[];
  dramChannels: DramChannelResult[];
  spatialBreakdown?: StepGain[];
  hottestLink?: LinkResult;
  /** Meshes: where the latency beyond the slowest core's pure compute went (issue 6). */
  spatialTime?: SpatialTime;
  notes: string[];                // assumptions and normalisation basis, in words
}

export interface SimulationReport { simulations: SimulationResult[] }
