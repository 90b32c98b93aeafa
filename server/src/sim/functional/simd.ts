// Loads the WebAssembly SIMD kernels (simd.wat, compiled at build time into simd.wasm.ts) for the products that
// dominate the functional model's time: A^ = Q' K^^T for every query and key (4,096 x 4,096 x 128 shift-adds per
// head, float32) and the attention stage's scores and weighted sums (float64). Operands of the prediction are
// exact in float32 (16-bit integers times powers of two); only the sums round (about 1e-7 relative), which cannot
// change a ranking the prediction error already blurs. If WebAssembly SIMD is missing, callers fall back to JS.
import { wasmBase64 } from './simd.wasm.js';

/** query rows per gemm step: fixed by simd.wat's $gemm (2 rows x 4 keys fit x86-64's 16 vector registers) */
const ROWS = 2;

type I6 = (a: number, b: number, c: number, d: number, e: number, f: number) => void;
interface Kernel { gemm: (a: number, m: number, b: number, n: number, d: number, out: number, scale: number) => void;
                   dots: I6; wsum: I6; memory: WebAssembly.Memory }

let wasmModule: WebAssembly.Module | null | undefined;

/** A fresh instance (own memory) of the kernels, or null when this engine lacks WebAssembly SIMD. */
function instantiate(): Kernel | null {
  if (wasmModule === undefined) {
    try {
      const bytes = Uint8Array.from(atob(wasmBase64), ch => ch.charCodeAt(0));
      wasmModule = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch { wasmModule = null; }
  }
  if (!wasmModule) return null;
  try {
    const inst = new WebAssembly.Instance(wasmModule, {});
    return { gemm: inst.exports.gemm as Kernel['gemm'], dots: inst.exports.dots as I6, wsum: inst.exports.wsum as I6,
             memory: inst.exports.memory as WebAssembly.Memory };
  } catch { return null; }
}

let kernel: Kernel | null | undefined;

function load(): Kernel | null {
  if (kernel === undefined) kernel = instantiate();
  return kernel;
}

export function simdAvailable(): boolean { return load() !== null; }

/** Keys staged in wasm memory once per head, so every query block reuses them. */
export interface StagedKeys { n: number; nPad: number; dPad: number; ptr: number; generation: number }

let used = 0;          // bytes in use at the bottom of memory: [staged keys][query block][output block]
let generation = 0;

function ensure(bytes: number): void {
  const mem = kernel!.memory;
  if (mem.buffer.byteLength < bytes) mem.grow(Math.ceil((bytes - mem.buffer.byteLength) / 65536));
}

const pad = (x: number, m: number) => Math.ceil(x / m) * m;

/** Copies K^ (n x d, float64) into wasm memory as float32, padded. Invalidates previously staged keys. */
export function stageKeys(k: Float64Array, n: number, d: number): StagedKeys | null {
  if (!load()) return null;
  const nPad = pad(n, 4), dPad = pad(d, 8);
  generation++;
  used = nPad * dPad * 4;
  ensure(used);
  const f = new Float32Array(kernel!.memory.buffer, 0, nPad * dPad);
  f.fill(0);
  for (let j = 0; j < n; j++) for (let c = 0; c < d; c++) f[j * dPad + c] = k[j * d + c];
  return { n, nPad, dPad, ptr: 0, generation };
}

/** out (m x n, float64) = scale * q (m x d) . staged^T. Returns false if the staged keys are stale. */
export function gemmStaged(q: Float64Array, m: number, keys: StagedKeys, d: number, out: Float64Array, scale: number): boolean {
  if (!kernel || keys.generation !== generation) return false;
  const { n, nPad, dPad } = keys;
  const mPad = pad(m, ROWS);
  const qPtr = used, outPtr = used + mPad * dPad * 4;
  ensure(outPtr + mPad * nPad * 4);
  const buf = kernel.memory.buffer;
  const qf = new Float32Array(buf, qPtr, mPad * dPad);
  qf.fill(0);
  for (let i = 0; i < m; i++) for (let c = 0; c < d; c++) qf[i * dPad + c] = q[i * d + c];
  kernel.gemm(qPtr, mPad, keys.ptr, nPad, dPad, outPtr, 1);
  const of = new Float32Array(kernel.memory.buffer, outPtr, mPad * nPad);
  for (let i = 0; i < m; i++) {
    const o = i * n, s = i * nPad;
    for (let j = 0; j < n; j++) out[o + j] = of[s + j] * scale;
  }
  return true;
}

/**
 * The attention stage's inner products in float64 SIMD, on its own module instance (own memory): K and V copied in
 * once (rows padded to a multiple of 4), then per row: q in, scores of a tile's keys out, weighted sums of V rows
 * into per-tile accumulators. Views are valid until the next constructor call on this instance.
 */
export class AttentionKernel {
  readonly dPad: number;
  readonly maxRows: number;
  readonly keys: Int32Array;        // a tile's key indices (input to dots / wsum)
  readonly w: Float64Array;         // weights for wsum
  readonly sc: Float64Array;        // scores out of dots
  readonly o: Float64Array;         // per-(row, tile) accumulators, accumulator a at a * dPad
  private readonly qv: Float64Array;
  private readonly ptr: { k: number; v: number; q: number; keys: number; w: number; sc: number; o: number };
  private readonly inst: Kernel;
  private readonly generation: number;
  private static current = 0;

  /** All kernels share one module instance: creating a new one invalidates the previous one's staged data. */
  usable(): boolean { return this.generation === AttentionKernel.current; }
  private check(): void { if (this.generation !== AttentionKernel.current) throw new Error('AttentionKernel: stale (a newer kernel was created)'); }

  private constructor(inst: Kernel, k: Float64Array, v: Float64Array, S: number, d: number, maxKeys: number,
                      maxRows: number, maxAcc: number) {
    this.inst = inst;
    this.generation = ++AttentionKernel.current;
    const dPad = pad(d, 4);
    this.dPad = dPad;
    this.maxRows = maxRows;
    const rowB = dPad * 8;
    const ptr = { k: 0, v: S * rowB, q: 2 * S * rowB, keys: 0, w: 0, sc: 0, o: 0 };
    ptr.o = ptr.q + maxRows * rowB;
    ptr.w = ptr.o + maxAcc * rowB;
    ptr.sc = ptr.w + maxKeys * 8;
    ptr.keys = ptr.sc + maxKeys * 8;
    const end = ptr.keys + maxKeys * 4;
    const mem = inst.memory;
    if (mem.buffer.byteLength < end) mem.grow(Math.ceil((end - mem.buffer.byteLength) / 65536));
    const buf = mem.buffer;
    const K = new Float64Array(buf, ptr.k, S * dPad), V = new Float64Array(buf, ptr.v, S * dPad);
    if (dPad === d) { K.set(k.subarray(0, S * d)); V.set(v.subarray(0, S * d)); }
    else {
      K.fill(0); V.fill(0);
      for (let j = 0; j < S; j++) for (let c = 0; c < d; c++) { K[j * dPad + c] = k[j * d + c]; V[j * dPad + c] = v[j * d + c]; }
    }
    this.qv = new Float64Array(buf, ptr.q, maxRows * dPad);
    this.qv.fill(0);
    this.o = new Float64Array(buf, ptr.o, maxAcc * dPad);
    this.w = new Float64Array(buf, ptr.w, maxKeys);
    this.sc = new Float64Array(buf, ptr.sc, maxKeys);
    this.keys = new Int32Array(buf, ptr.keys, maxKeys);
    this.ptr = ptr;
  }

  private static instance: Kernel | null | undefined;

  /** null when WebAssembly SIMD is unavailable (callers use plain JS). */
  static create(k: Float64Array, v: Float64Array, S: number, d: number, maxKeys: number, maxRows: number,
                maxAcc: number): AttentionKernel | null {
    if (AttentionKernel.instance === undefined) AttentionKernel.instance = instantiate();
    const inst = AttentionKernel.instance;
    return inst ? new AttentionKernel(inst, k, v, S, d, Math.max(1, maxKeys), Math.max(1, maxRows), Math.max(1, maxAcc))
      : null;
  }

  /** Copies query rows [r0, r0 + rows) (rows <= maxRows) into the kernel's memory. */
  loadQueries(q: Float64Array, r0: number, rows: number, d: number): void {
    this.check();
    const dPad = this.dPad;
    for (let i = 0; i < rows; i++) for (let c = 0; c < d; c++) this.qv[i * dPad + c] = q[(r0 + i) * d + c];
  }
  /** sc[u] = q[row] . k[keys[u]] for u < n */
  dots(row: number, n: number): void {
    this.check();
    this.inst.dots(this.ptr.q + row * this.dPad * 8, this.ptr.k, this.dPad, this.ptr.keys, n, this.ptr.sc);
  }
  /** o[acc] += w[u] * v[keys[u]] for u in [from, to) */
  wsum(acc: number, from: number, to: number): void {
    this.check();
    if (to > from) this.inst.wsum(this.ptr.o + acc * this.dPad * 8, this.ptr.v, this.dPad, this.ptr.keys + from * 4,
                                  this.ptr.w + from * 8, to - from);
  }
}

/**
 * out (m x n) = A (m x k) * B (k x n), row-major, through the float32 kernel when every partial sum is an integer
 * below 2^24 (then float32 is exact); otherwise returns false and the caller uses float64 JS.
 */
export function gemmABExact(A: Float64Array, m: number, k: number, B: Float64Array, n: number, out: Float64Array): boolean {
  if (!load()) return false;
  let amax = 0, bmax = 0;
  for (let i = 0; i < m * k; i++) { const x = A[i]; if (x !== Math.trunc(x)) return false; if (Math.abs(x) > amax) amax = Math.abs(x); }
  for (let i = 0; i < k * n; i++) { const x = B[i]; if (x !== Math.trunc(x)) return false; if (Math.abs(x) > bmax) bmax = Math.abs(x); }
  if (k * amax * bmax >= 2 ** 24) return false;
  const bt = new Float64Array(n * k);
  for (let t = 0; t < k; t++) for (let j = 0; j < n; j++) bt[j * k + t] = B[t * n + j];
  const staged = stageKeys(bt, n, k);
  return staged !== null && gemmStaged(A, m, staged, k, out, 1);
}
