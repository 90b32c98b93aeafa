// Test helper: writes .npy files by hand (independent of the reader under test), good or broken on purpose.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Dtype = 'f2' | 'f4' | 'f8';
export interface NpyOptions { descr?: string; fortran?: boolean; shapeText?: string; version?: 1 | 2; truncate?: number }

/** float16 bits of v by exponent and mantissa arithmetic (round to nearest). */
function half(v: number): number {
  if (Number.isNaN(v)) return 0x7e00;
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === Infinity || a >= 65520) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | Math.round(a / 2 ** -24);          // subnormal
  let e = Math.floor(Math.log2(a));
  let m = Math.round((a / 2 ** e - 1) * 1024);
  if (m === 1024) { m = 0; e++; }
  return sign | ((e + 15) << 10) | m;
}

export function npyBytes(values: ArrayLike<number>, shape: number[], dtype: Dtype = 'f4', o: NpyOptions = {}): Buffer {
  const shapeText = o.shapeText ?? (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`);
  let header = `{'descr': '${o.descr ?? '<' + dtype}', 'fortran_order': ${o.fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const version = o.version ?? 1, pre = version === 1 ? 10 : 12;
  while ((pre + header.length + 1) % 64) header += ' ';
  header += '\n';
  const item = Number(dtype.slice(1));
  const data = Buffer.alloc(values.length * item);
  for (let i = 0; i < values.length; i++) {
    if (dtype === 'f2') data.writeUInt16LE(half(values[i]), 2 * i);
    else if (dtype === 'f4') data.writeFloatLE(values[i], 4 * i);
    else data.writeDoubleLE(values[i], 8 * i);
  }
  const head = Buffer.alloc(pre);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(head);
  if (version === 1) head.writeUInt16LE(header.length, 8); else head.writeUInt32LE(header.length, 8);
  const all = Buffer.concat([head, Buffer.from(header, 'latin1'), data]);
  return o.truncate !== undefined ? all.subarray(0, all.length - o.truncate) : all;
}

let dir: string | undefined;
/** A fresh temporary folder for this test process. */
export function traceDir(): string { return (dir ??= mkdtempSync(join(tmpdir(), 'star-trace-'))); }

/** Writes an .npy file under `folder` (default: the test folder) and returns its path. */
export function writeNpy(name: string, values: ArrayLike<number>, shape: number[], dtype: Dtype = 'f4', o: NpyOptions = {},
                         folder = traceDir()): string {
  const p = join(folder, name);
  writeFileSync(p, npyBytes(values, shape, dtype, o));
  return p;
}
