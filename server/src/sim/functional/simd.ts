// A WebAssembly SIMD kernel for the one product that dominates the functional model's time: A^ = Q' K^^T for every
// query and key (4,096 x 4,096 x 128 shift-adds per head). Four float32 lanes, 2 query rows x 4 keys per step.
// The module is assembled here from its opcodes (no toolchain, no dependency). Operands of the prediction are
// exact in float32 (16-bit integers times powers of two); only the sums round (about 1e-7 relative), which cannot
// change a ranking the prediction error already blurs. If WebAssembly SIMD is missing, callers fall back to JS.

function uleb(n: number): number[] {
  const out: number[] = [];
  do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n);
  return out;
}
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f; n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && (b & 0x40))) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}
const vec = (bytes: number[]): number[] => [...uleb(bytes.length), ...bytes];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];

// opcodes
const I32 = 0x7f, F32 = 0x7d, V128 = 0x7b;
const get = (i: number) => [0x20, ...uleb(i)], set = (i: number) => [0x21, ...uleb(i)], tee = (i: number) => [0x22, ...uleb(i)];
const i32c = (v: number) => [0x41, ...sleb(v)];
const I32_ADD = 0x6a, I32_MUL = 0x6c, I32_SHL = 0x74, I32_GE_S = 0x4e;
const F32_ADD = 0x92, F32_MUL = 0x94;
const f32store = [0x38, 2, 0];
const v128load = (offset: number) => [0xfd, 0x00, 4, ...uleb(offset)];
const F32X4_ADD = [0xfd, ...uleb(0xe4)], F32X4_MUL = [0xfd, ...uleb(0xe6)];
const F64X2_ADD = [0xfd, ...uleb(0xf0)], F64X2_MUL = [0xfd, ...uleb(0xf2)];
const f64x2lane = (l: number) => [0xfd, ...uleb(0x21), l];
const F64X2_SPLAT = [0xfd, ...uleb(0x14)];
const v128store = (offset: number) => [0xfd, ...uleb(0x0b), 4, ...uleb(offset)];
const i32load = [0x28, 2, 0], f64load = [0x2b, 3, 0], f64store = [0x39, 3, 0];
const F64_ADD = 0xa0;
const f32x4lane = (l: number) => [0xfd, ...uleb(0x1f), l];
const V128_ZERO = [0xfd, ...uleb(0x0c), ...new Array(16).fill(0)];
const BLOCK = [0x02, 0x40], LOOP = [0x03, 0x40], END = 0x0b;
const br = (d: number) => [0x0c, ...uleb(d)], brIf = (d: number) => [0x0d, ...uleb(d)];

/**
 * gemm(a, m, b, n, d, out, scale): out[i*n + j] = scale * sum_c a[i*d + c] * b[j*d + c] (float32, byte pointers),
 * for m a multiple of R (rows per step), n a multiple of 4, d a multiple of 8.
 */
function buildGemm(R: number): number[] {
  // params: a, m, b, n, d, out, scale; locals: 11 i32 (7..17), then v128: R*4 accumulators, R query vectors, 1 key
  const P = { a: 0, m: 1, b: 2, n: 3, d: 4, out: 5, scale: 6 };
  const L = { i: 7, j: 8, c: 9, pa: 10, rowB: 16, dB: 17 };   // pb0..pb3 = 12..15; pa in the i32 group below
  const NI = 11 + R;                                            // i32 locals 7 .. 7 + NI - 1 (pa rows at 18..)
  const PA = (r: number) => (r === 0 ? L.pa : 7 + 11 + r - 1);
  const V0 = 7 + NI;
  const acc = (r: number, k: number) => V0 + r * 4 + k;
  const X = (r: number) => V0 + R * 4 + r, Y = V0 + R * 5;
  const code: number[] = [];
  const e = (...xs: Array<number | number[]>) => { for (const x of xs) Array.isArray(x) ? code.push(...x) : code.push(x); };
  e(get(P.d), i32c(2), I32_SHL, set(L.dB));
  e(get(P.n), i32c(2), I32_SHL, set(L.rowB));                        // bytes of one output row
  e(i32c(0), set(L.i));
  e(BLOCK, LOOP);
  e(get(L.i), get(P.m), I32_GE_S, brIf(1));
  e(get(P.a), get(L.i), get(L.dB), I32_MUL, I32_ADD, set(PA(0)));
  for (let r = 1; r < R; r++) e(get(PA(r - 1)), get(L.dB), I32_ADD, set(PA(r)));
  e(i32c(0), set(L.j));
  e(BLOCK, LOOP);
  e(get(L.j), get(P.n), I32_GE_S, brIf(1));
  e(get(P.b), get(L.j), get(L.dB), I32_MUL, I32_ADD, tee(12), get(L.dB), I32_ADD, tee(13), get(L.dB), I32_ADD,
    tee(14), get(L.dB), I32_ADD, set(15));
  for (let r = 0; r < R; r++) for (let k = 0; k < 4; k++) e(V128_ZERO, set(acc(r, k)));
  e(i32c(0), set(L.c));
  e(BLOCK, LOOP);
  e(get(L.c), get(L.dB), I32_GE_S, brIf(1));
  // two 4-lane steps per iteration (d padded to a multiple of 8): half the loop overhead
  for (const off of [0, 16]) {
    for (let r = 0; r < R; r++) e(get(PA(r)), get(L.c), I32_ADD, v128load(off), set(X(r)));
    for (let k = 0; k < 4; k++) {
      e(get(12 + k), get(L.c), I32_ADD, v128load(off), set(Y));
      for (let r = 0; r < R; r++) e(get(acc(r, k)), get(X(r)), get(Y), F32X4_MUL, F32X4_ADD, set(acc(r, k)));
    }
  }
  e(get(L.c), i32c(32), I32_ADD, set(L.c));
  e(br(0), END, END);
  // store: out[(i + r) * n + j + k] = scale * hsum(acc(r, k))
  for (let r = 0; r < R; r++) for (let k = 0; k < 4; k++) {
    // address = out + ((i + r) * n + j + k) * 4
    e(get(P.out), get(L.i), i32c(r), I32_ADD, get(L.rowB), I32_MUL, I32_ADD, get(L.j), i32c(k), I32_ADD, i32c(2), I32_SHL, I32_ADD);
    e(get(acc(r, k)), f32x4lane(0), get(acc(r, k)), f32x4lane(1), F32_ADD,
      get(acc(r, k)), f32x4lane(2), get(acc(r, k)), f32x4lane(3), F32_ADD, F32_ADD);
    e(get(P.scale), F32_MUL, f32store);
  }
  e(get(L.j), i32c(4), I32_ADD, set(L.j));
  e(br(0), END, END);
  e(get(L.i), i32c(R), I32_ADD, set(L.i));
  e(br(0), END, END);
  e(END);
  const locals = [...uleb(2), ...uleb(NI), I32, ...uleb(R * 5 + 1), V128];
  return vec([...locals, ...code]);
}

/** dots(q, k, d, keys, n, out): out[u] = q . k[keys[u]] in float64 (d a multiple of 4, rows of k d apart). */
function buildDots(): number[] {
  const [q, k, d, keys, n, out] = [0, 1, 2, 3, 4, 5];
  const [u, c, kp, dB] = [6, 7, 8, 9], [a0, a1] = [10, 11];
  const code: number[] = [];
  const e = (...xs: Array<number | number[]>) => { for (const x of xs) Array.isArray(x) ? code.push(...x) : code.push(x); };
  e(get(d), i32c(3), I32_SHL, set(dB), i32c(0), set(u));
  e(BLOCK, LOOP, get(u), get(n), I32_GE_S, brIf(1));
  e(get(k), get(keys), get(u), i32c(2), I32_SHL, I32_ADD, i32load, get(dB), I32_MUL, I32_ADD, set(kp));
  e(V128_ZERO, set(a0), V128_ZERO, set(a1), i32c(0), set(c));
  e(BLOCK, LOOP, get(c), get(dB), I32_GE_S, brIf(1));
  e(get(a0), get(q), get(c), I32_ADD, v128load(0), get(kp), get(c), I32_ADD, v128load(0), F64X2_MUL, F64X2_ADD, set(a0));
  e(get(a1), get(q), get(c), I32_ADD, v128load(16), get(kp), get(c), I32_ADD, v128load(16), F64X2_MUL, F64X2_ADD, set(a1));
  e(get(c), i32c(32), I32_ADD, set(c), br(0), END, END);
  e(get(out), get(u), i32c(3), I32_SHL, I32_ADD);
  e(get(a0), get(a1), F64X2_ADD, set(a0), get(a0), f64x2lane(0), get(a0), f64x2lane(1), F64_ADD, f64store);
  e(get(u), i32c(1), I32_ADD, set(u), br(0), END, END, END);
  return vec([...uleb(2), ...uleb(4), I32, ...uleb(2), V128, ...code]);
}

/** wsum(o, v, d, keys, w, n): o += w[u] * v[keys[u]] for u < n, in order, float64 (d a multiple of 4). */
function buildWsum(): number[] {
  const [o, v, d, keys, w, n] = [0, 1, 2, 3, 4, 5];
  const [u, c, vp, dB] = [6, 7, 8, 9], [p] = [10];
  const code: number[] = [];
  const e = (...xs: Array<number | number[]>) => { for (const x of xs) Array.isArray(x) ? code.push(...x) : code.push(x); };
  e(get(d), i32c(3), I32_SHL, set(dB), i32c(0), set(u));
  e(BLOCK, LOOP, get(u), get(n), I32_GE_S, brIf(1));
  e(get(v), get(keys), get(u), i32c(2), I32_SHL, I32_ADD, i32load, get(dB), I32_MUL, I32_ADD, set(vp));
  e(get(w), get(u), i32c(3), I32_SHL, I32_ADD, f64load, F64X2_SPLAT, set(p), i32c(0), set(c));
  e(BLOCK, LOOP, get(c), get(dB), I32_GE_S, brIf(1));
  for (const off of [0, 16]) {
    e(get(o), get(c), I32_ADD);
    e(get(o), get(c), I32_ADD, v128load(off), get(p), get(vp), get(c), I32_ADD, v128load(off), F64X2_MUL, F64X2_ADD);
    e(v128store(off));
  }
  e(get(c), i32c(32), I32_ADD, set(c), br(0), END, END);
  e(get(u), i32c(1), I32_ADD, set(u), br(0), END, END, END);
  return vec([...uleb(2), ...uleb(4), I32, ...uleb(1), V128, ...code]);
}

function buildModule(rows = ROWS): Uint8Array<ArrayBuffer> {
  const typeSec = section(1, [...uleb(2), 0x60, ...vec([I32, I32, I32, I32, I32, I32, F32]), ...uleb(0),
                              0x60, ...vec([I32, I32, I32, I32, I32, I32]), ...uleb(0)]);
  const funcSec = section(3, [...uleb(3), ...uleb(0), ...uleb(1), ...uleb(1)]);
  const memSec = section(5, [...uleb(1), 0x00, ...uleb(1)]);                    // 1 page minimum, growable
  const name = (s: string) => vec([...s].map(ch => ch.charCodeAt(0)));
  const exportSec = section(7, [...uleb(4), ...name('gemm'), 0x00, ...uleb(0), ...name('dots'), 0x00, ...uleb(1),
                                ...name('wsum'), 0x00, ...uleb(2), ...name('memory'), 0x02, ...uleb(0)]);
  const codeSec = section(10, [...uleb(3), ...buildGemm(rows), ...buildDots(), ...buildWsum()]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...typeSec, ...funcSec, ...memSec, ...exportSec, ...codeSec]);
}

/** query rows per kernel step: 2 x 4 accumulators + operands fit x86-64's 16 vector registers (2 measured fastest
 *  against 1, 3 and 4) */
const ROWS = 2;

type I6 = (a: number, b: number, c: number, d: number, e: number, f: number) => void;
interface Kernel { gemm: (a: number, m: number, b: number, n: number, d: number, out: number, scale: number) => void;
                   dots: I6; wsum: I6; memory: WebAssembly.Memory }

let kernel: Kernel | null | undefined;

function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const bytes = buildModule();
    if (!WebAssembly.validate(bytes)) { kernel = null; return null; }
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    kernel = { gemm: inst.exports.gemm as Kernel['gemm'], dots: inst.exports.dots as I6, wsum: inst.exports.wsum as I6,
               memory: inst.exports.memory as WebAssembly.Memory };
  } catch {
    kernel = null;
  }
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
    if (AttentionKernel.instance === undefined) {
      try {
        const bytes = buildModule();
        AttentionKernel.instance = null;
        if (WebAssembly.validate(bytes)) {
          const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
          AttentionKernel.instance = { gemm: inst.exports.gemm as Kernel['gemm'], dots: inst.exports.dots as I6,
            wsum: inst.exports.wsum as I6, memory: inst.exports.memory as WebAssembly.Memory };
        }
      } catch { AttentionKernel.instance = null; }
    }
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
