// NVIDIA A100 model for attention, as SOFA measured it: PyTorch on one A100 (SXM4 40 GB), time between
// torch.cuda.synchronize calls, power = nvidia-smi total minus idle. Peaks are NVIDIA's published figures; what
// limits a GPU on small attention problems is modelled explicitly, each figure with its source:
//  - host overhead: every eager PyTorch op costs ~5-25 us of CPU work (Python, dispatcher, cudaLaunchKernel) that
//    the GPU cannot hide when the op's kernel is shorter (PyTorch dispatch-stack write-ups; CUDA launch ~3-5 us);
//  - occupancy: a GEMM of one head is split into 128 x 128 output tiles, one per SM; fewer tiles than SMs, or a
//    last partial wave, leave SMs idle (wave quantisation, NVIDIA "Matrix Multiplication Background" guide);
//  - inner dimension d = 64..128 keeps tensor cores far below peak: FlashAttention-2 reaches 50-73% of peak only
//    for large problems (Dao 2023); cuBLAS batched GEMMs with k = 64 reach about 35-45%;
//  - unfused softmax is memory-bound: scale, mask, softmax each read and write the S x S matrix (FlashAttention);
//  - dynamic power: an A100 running small kernels sits far below its 400 W TDP.
import type { Workload } from '../../model/design.js';

export const A100 = {
  sms: 108,
  tensorFlops: 312e12,         // FP16 dense, NVIDIA A100 datasheet
  fp32Flops: 19.5e12,
  sfuExpPerS: 108 * 4 * 16 * 1.41e9, // 16 SFU ops/clk/SM-partition x 4 partitions (Ampere tuning guide)
  hbmBps: 1555e9,              // HBM2 40 GB, datasheet
  hbmBytes: 40e9,
  hbmEfficiency: 0.8,          // STREAM-like achievable fraction
  gemmInnerEfficiency: 0.4,    // batched GEMM with k = d (64..128): cuBLAS well below the 50-73% of FA-2
  faEfficiency: 0.6,           // FlashAttention-2 forward: 50-73% of peak for long sequences (Dao 2023)
  hostOverheadS: 16e-6,        // eager PyTorch op, Python included: within the 5-25 us range of CPU-side dispatch
  launchS: 4e-6,               // GPU-side launch latency when the host keeps up
  idleToActiveW: 25,           // P0 clocks, HBM and SMs awake but under-used, above idle (nvidia-smi total - idle, ~25-30 W)
  pjPerFlop: 0.45,             // tensor-core FP16 dynamic energy, from 400 W TDP at 312 TFLOP/s minus static/IO share
  pjPerByte: 40,               // HBM2 3.9 pJ/bit (O'Connor 2017) + on-chip movement
  tdpW: 400,
};

export type GpuMethod = 'dense' | 'flash2' | 'lowbitFlash2';
export interface GpuResult { method: GpuMethod; seconds: number; energyJ: number; powerW: number; kernels: number; flops: number; bytes: number; bound: string;
  /** The GPU's own use of its peak: achieved FLOP/s over the FP16 tensor-core peak (312 TFLOP/s). Short sequences
   *  leave it at ~1% (host overhead, small GEMMs), long ones use it far better: STAR's gain shrinks as S grows. */
  utilization: number;
  /** Set when the run would not fit the GPU's memory as written (unfused S x S scores): the figure assumes chunking. */
  memoryNote?: string }

// Eager PyTorch (HuggingFace-style) attention: q/k/v reshapes and permutes, K transpose, bmm, scale, mask add,
// softmax, dropout (a no-op in eval, still dispatched), bmm, output permute + contiguous + view.
const DENSE_OPS = { host: 12, gemm: 2, elementwise: 3 };

function gemmSeconds(heads: number, m: number, n: number, k: number, efficiency: number): number {
  const tiles = heads * Math.ceil(m / 128) * Math.ceil(n / 128);
  const waves = Math.ceil(tiles / A100.sms);
  const tileFlops = 2 * 128 * 128 * k;
  return waves * tileFlops / ((A100.tensorFlops / A100.sms) * efficiency);
}

/** One attention layer (all heads, one batch element) of a workload, by method. */
export function a100Attention(w: Workload, method: GpuMethod = 'dense'): GpuResult {
  const T = Math.max(1, w.queryLen), S = Math.max(1, w.seqLen), d = Math.max(1, w.headDim), h = Math.max(1, w.heads);
  const reps = Math.max(1, w.layers) * Math.max(1, w.batch);
  const flopsLayer = 4 * T * S * d * h;
  const mem = (bytes: number) => bytes / (A100.hbmBps * A100.hbmEfficiency);
  let layerS = 0, kernels = 0, bytes = 0, flops = 0;   // one layer of one batch element
  const qkvo = 4 * T * d * h * 2;
  if (method === 'dense') {
    const score = T * S * h * 2;                      // fp16 S x S per head
    const g = gemmSeconds(h, T, S, d, A100.gemmInnerEfficiency) + mem(qkvo / 2 + score);
    const g2 = gemmSeconds(h, T, d, S, A100.gemmInnerEfficiency) + mem(qkvo / 2 + score);
    const ew = mem(2 * score);                          // read + write S x S
    const kernelTimes = [g, g2, ew, ew, ew];
    kernels = DENSE_OPS.host;
    // Each op costs max(host overhead, its kernel): the host runs ahead only when kernels are longer.
    const perOp = kernelTimes.map(t => Math.max(A100.hostOverheadS, t + A100.launchS));
    layerS = perOp.reduce((a, b) => a + b, 0) + (DENSE_OPS.host - kernelTimes.length) * A100.hostOverheadS;
    bytes = qkvo + 2 * score * 2 + 3 * 2 * score;
    flops = flopsLayer;
  } else {
    // FlashAttention-2: one fused kernel; tiles of 128 query rows per (head, batch) CTA.
    const ctas = h * Math.ceil(T / 128);
    const waves = Math.ceil(ctas / A100.sms);
    const perCta = 4 * 128 * S * d / ((A100.tensorFlops / A100.sms) * A100.faEfficiency);
    const expS = (T * S * h) / A100.sfuExpPerS;
    let fa = Math.max(waves * perCta, expS, mem(qkvo));
    flops = flopsLayer;
    bytes = qkvo;
    kernels = 4;                                        // q/k/v layout + the fused kernel
    if (method === 'lowbitFlash2') {
      // Low-precision prediction (int8 Q K^T on tensor cores at 2x the FP16 rate), top-k, then sparse FA-2 on
      // the kept fraction: block-sparse kernels keep whole 128-key blocks, so the saving is coarser than top-k.
      const pred = gemmSeconds(h, T, S, d, A100.gemmInnerEfficiency) / 2 + mem(T * S * h);
      const topk = mem(2 * T * S * h) + (T * S * h) / A100.sfuExpPerS;
      const kept = Math.min(1, (Number.isFinite(w.topK) ? Math.max(w.topK, 0) : 1) * 1.6);
      fa = fa * kept;
      const kernelTimes = [pred, topk, fa];
      layerS = kernelTimes.reduce((a, t) => a + Math.max(A100.hostOverheadS, t + A100.launchS), 0) + 4 * A100.hostOverheadS;
      kernels = 7;
      flops = flopsLayer * (kept + 0.25);
      bytes = qkvo + 3 * T * S * h;
    } else {
      layerS = Math.max(A100.hostOverheadS, fa + A100.launchS) + 3 * A100.hostOverheadS;
    }
  }
  const seconds = layerS * reps;
  const dynW = A100.idleToActiveW + (flops * A100.pjPerFlop * 1e-12 + bytes * A100.pjPerByte * 1e-12) / layerS;
  const powerW = Math.min(A100.tdpW, dynW);
  // Host-bound when every op took just its dispatch time (no kernel outlasted the CPU).
  const bound = layerS <= kernels * A100.hostOverheadS * 1.0001 ? 'host overhead' : 'gpu';
  const scoreBytes = T * S * h * 2;
  const memoryNote = method === 'dense' && scoreBytes > A100.hbmBytes / 2
    ? `the ${(scoreBytes / 1e9).toFixed(0)} GB score matrix of one layer does not fit the 40 GB HBM: timed as if run in head chunks`
    : undefined;
  const utilization = layerS > 0 ? Math.min(1, flops / layerS / A100.tensorFlops) : 0;
  return { method, seconds, energyJ: powerW * seconds, powerW, kernels: kernels * reps, flops: flops * reps, bytes: bytes * reps, bound, utilization, memoryNote };
}
