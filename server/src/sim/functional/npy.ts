// A small streaming reader of NumPy .npy files (format versions 1-3): the header, then only the rows asked for,
// decoded to float64. Written here because the npm readers (npyjs, numpy-parser) parse one whole ArrayBuffer, so a
// 100 MB trace would be held whole; they also trust the header's shape (docs/functional.md, "Traces").
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export type NpyDtype = 'f2' | 'f4' | 'f8';

export interface NpyHeader {
  dtype: NpyDtype;
  littleEndian: boolean;
  itemBytes: number;
  shape: number[];
  /** byte offset of the first element */
  dataOffset: number;
  /** the file's size in bytes */
  fileBytes: number;
}

/** The kinds of bad input, each a diagnostic code of the language (docs/language.md). */
export type NpyErrorCode = 'trace-missing' | 'trace-not-npy' | 'trace-header' | 'trace-dtype' | 'trace-fortran'
  | 'trace-too-large' | 'trace-nonfinite';

export class NpyError extends Error {
  constructor(readonly code: NpyErrorCode, message: string) { super(message); }
}

/** Random access to bytes: a file (read on demand) or memory (tests). */
export interface ByteSource {
  readonly size: number;
  /** Reads up to buf.length bytes at `position` into buf; returns how many were read. */
  read(buf: Uint8Array, position: number): number;
  close(): void;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(buf, position) {
      const n = Math.max(0, Math.min(buf.length, bytes.length - position));
      buf.set(bytes.subarray(position, position + n));
      return n;
    },
    close() { /* nothing held */ },
  };
}

/** Opens a file for reading; a missing or unreadable file is an NpyError('trace-missing'). */
export function fileSource(path: string): ByteSource {
  let fd: number;
  try { fd = openSync(path, 'r'); } catch (err) { throw new NpyError('trace-missing', fsReason(path, err)); }
  let size: number;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new NpyError('trace-missing', `${path} is not a file`);
    size = st.size;
  } catch (err) {
    closeSync(fd);
    throw err instanceof NpyError ? err : new NpyError('trace-missing', fsReason(path, err));
  }
  return {
    size,
    read(buf, position) {
      let done = 0;
      while (done < buf.length) {
        const n = readSync(fd, buf, done, buf.length - done, position + done);
        if (n <= 0) break;
        done += n;
      }
      return done;
    },
    close() { try { closeSync(fd); } catch { /* already closed */ } },
  };
}

function fsReason(path: string, err: unknown): string {
  const code = (err as { code?: string })?.code;
  if (code === 'ENOENT') return `no file ${path}`;
  if (code === 'EACCES' || code === 'EPERM') return `${path} cannot be read (permission denied)`;
  if (code === 'EISDIR') return `${path} is a folder, not a file`;
  return `${path} cannot be read (${err instanceof Error ? err.message : String(err)})`;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];   // \x93NUMPY
const MAX_HEADER = 1 << 16;

/** Parses and checks the header against the file's real size: a header that lies is an error, not a short read. */
export function readNpyHeader(src: ByteSource, name = 'the file'): NpyHeader {
  const pre = new Uint8Array(12);
  const got = src.read(pre, 0);
  if (got < 10 || MAGIC.some((b, i) => pre[i] !== b)) {
    throw new NpyError('trace-not-npy', `${name} is not a NumPy .npy file (it does not start with \\x93NUMPY); save arrays with numpy.save`);
  }
  const major = pre[6];
  if (major < 1 || major > 3) throw new NpyError('trace-not-npy', `${name} is .npy format version ${major}; versions 1 to 3 are read`);
  const lenBytes = major === 1 ? 2 : 4;
  if (got < 8 + lenBytes) throw new NpyError('trace-header', `${name} ends inside its header`);
  const view = new DataView(pre.buffer);
  const hlen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenBytes;
  if (hlen > MAX_HEADER || start + hlen > src.size) {
    throw new NpyError('trace-header', `${name} has a header of ${hlen} bytes, longer than the file (${src.size} bytes): the file is cut short or not an .npy`);
  }
  const hb = new Uint8Array(hlen);
  src.read(hb, start);
  const text = Buffer.from(hb).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new NpyError('trace-header', `${name} has a header without descr, fortran_order and shape: it is damaged`);
  }
  const m = /^([<>|=])?([a-zA-Z])(\d+)$/.exec(descr);
  const kind = m ? `${m[2]}${m[3]}` : descr;
  if (kind !== 'f2' && kind !== 'f4' && kind !== 'f8') {
    throw new NpyError('trace-dtype', `${name} holds ${descr} values; traces are float16, float32 or float64 (save with x.float().numpy())`);
  }
  if (fortran === 'True') {
    throw new NpyError('trace-fortran', `${name} is in Fortran order; save it in C order (numpy.ascontiguousarray(x))`);
  }
  const parts = shapeText.split(',').map(s => s.trim()).filter(s => s.length);
  const shape = parts.map(Number);
  if (shape.some(n => !Number.isSafeInteger(n) || n < 0)) throw new NpyError('trace-header', `${name} has a bad shape (${shapeText})`);
  const itemBytes = Number(m![3]);
  const dataOffset = start + hlen;
  const elems = shape.reduce((a, b) => a * b, 1);
  const want = elems * itemBytes;
  if (dataOffset + want !== src.size) {
    throw new NpyError('trace-header', `${name}'s header says shape (${shape.join(', ')}) of ${descr}, ${want} bytes of data, but the file holds ${src.size - dataOffset}: the header lies or the file is cut short; save it again`);
  }
  return { dtype: kind, littleEndian: m![1] !== '>', itemBytes, shape, dataOffset, fileBytes: src.size };
}

/** float16 bits -> value, once at load (64 K entries). */
const F16: Float32Array = (() => {
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, f = h & 0x3ff;
    t[h] = e === 0 ? s * f * 2 ** -24 : e === 31 ? (f ? NaN : s * Infinity) : s * (1 + f / 1024) * 2 ** (e - 15);
  }
  return t;
})();

/** Decodes `count` elements of `bytes` (at its start) into out[at..]. */
export function decodeInto(h: NpyHeader, bytes: Uint8Array, count: number, out: Float64Array, at: number): void {
  const le = h.littleEndian;
  if (h.dtype === 'f2') {
    for (let i = 0, b = 0; i < count; i++, b += 2) out[at + i] = F16[le ? bytes[b] | (bytes[b + 1] << 8) : (bytes[b] << 8) | bytes[b + 1]];
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * h.itemBytes);
  if (h.dtype === 'f4') for (let i = 0; i < count; i++) out[at + i] = view.getFloat32(4 * i, le);
  else for (let i = 0; i < count; i++) out[at + i] = view.getFloat64(8 * i, le);
}

/** Reads `count` elements from element index `first` (C order) into out[at..]; only those bytes are read. */
export function readNpyElements(src: ByteSource, h: NpyHeader, first: number, count: number, out: Float64Array, at = 0,
                                scratch?: Uint8Array): void {
  const n = count * h.itemBytes;
  const buf = scratch && scratch.length >= n ? scratch.subarray(0, n) : new Uint8Array(n);
  const got = src.read(buf, h.dataOffset + first * h.itemBytes);
  if (got < n) throw new NpyError('trace-header', `the file ended early (it changed while being read?)`);
  decodeInto(h, buf, count, out, at);
}

/** Index of the first NaN or infinite element in raw bytes of the header's dtype, or -1. */
export function firstNonFinite(h: NpyHeader, bytes: Uint8Array, count: number): number {
  if (h.dtype === 'f2') {
    const hi = h.littleEndian ? 1 : 0;
    for (let i = 0; i < count; i++) if ((bytes[2 * i + hi] & 0x7c) === 0x7c) return i;
    return -1;
  }
  // exponent all ones: 0x7f8 in float32's top 12 bits, 0x7ff0 in float64's top 16
  const top = h.littleEndian ? h.itemBytes - 1 : 0, next = h.littleEndian ? h.itemBytes - 2 : 1;
  for (let i = 0; i < count; i++) {
    const b = i * h.itemBytes;
    const e = ((bytes[b + top] & 0x7f) << 8) | bytes[b + next];
    if (h.dtype === 'f4' ? (e & 0x7f80) === 0x7f80 : (e & 0x7ff0) === 0x7ff0) return i;
  }
  return -1;
}

/** Streams the whole data part in chunks (never held whole): calls `onChunk` with raw bytes and the first element index. */
export function streamNpy(src: ByteSource, h: NpyHeader, onChunk: (bytes: Uint8Array, firstElem: number, count: number) => void,
                          chunkBytes = 1 << 20): void {
  const per = Math.max(1, Math.floor(chunkBytes / h.itemBytes));
  const buf = new Uint8Array(per * h.itemBytes);
  const total = (h.fileBytes - h.dataOffset) / h.itemBytes;
  for (let e = 0; e < total; e += per) {
    const count = Math.min(per, total - e);
    const part = buf.subarray(0, count * h.itemBytes);
    if (src.read(part, h.dataOffset + e * h.itemBytes) < part.length) throw new NpyError('trace-header', 'the file ended early (it changed while being read?)');
    onChunk(part, e, count);
  }
}

/** For tests and the sample script: an .npy file (version 1, C order) of `values` in the given dtype. */
export function encodeNpy(values: ArrayLike<number>, shape: number[], dtype: NpyDtype = 'f4',
                          opts: { fortran?: boolean; descr?: string; shapeText?: string } = {}): Uint8Array {
  const descr = opts.descr ?? `<${dtype}`;
  const shapeText = opts.shapeText ?? (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`);
  let header = `{'descr': '${descr}', 'fortran_order': ${opts.fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const item = Number(dtype.slice(1));
  const out = new Uint8Array(10 + header.length + values.length * item);
  out.set(MAGIC, 0);
  out[6] = 1; out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  const view = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (dtype === 'f2') view.setUint16(2 * i, toHalf(v), true);
    else if (dtype === 'f4') view.setFloat32(4 * i, v, true);
    else view.setFloat64(8 * i, v, true);
  }
  return out;
}

/** float -> float16 bits, round to nearest even (via float32). */
export function toHalf(v: number): number {
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff, man = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (man ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = man | 0x800000, shift = 14 - e;
    let h = m >> shift;
    const rem = m & ((1 << shift) - 1), half = 1 << (shift - 1);
    if (rem > half || (rem === half && (h & 1))) h++;
    return sign | h;
  }
  let h = (e << 10) | (man >> 13);
  const rem = man & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1))) h++;
  return sign | h;
}

/** Opens, reads the header, runs `fn`, closes: the file handle never leaks on an error. */
export function withNpy<T>(path: string, fn: (src: ByteSource, h: NpyHeader) => T, name = path): T {
  const src = fileSource(path);
  try { return fn(src, readNpyHeader(src, name)); } finally { src.close(); }
}
