// The streaming .npy reader: dtypes, byte orders, versions, row reads, and every bad input with its error code.
import test from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fileSource, firstNonFinite, memorySource, NpyError, readNpyElements, readNpyHeader, streamNpy, toHalf, decodeInto, encodeNpy,
} from '../../../src/sim/functional/npy.js';
import { npyBytes, traceDir, writeNpy } from '../../helpers/npyWriter.js';

const vals = [0, 1, -2.5, 0.333, 65504, -1e-5, 3.25, 1024];

function header(buf: Uint8Array) { return readNpyHeader(memorySource(buf), 'x.npy'); }
function all(buf: Uint8Array): number[] {
  const h = header(buf);
  const n = h.shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  readNpyElements(memorySource(buf), h, 0, n, out);
  return [...out];
}
function code(fn: () => unknown): string {
  try { fn(); } catch (e) { assert.ok(e instanceof NpyError, String(e)); return e.code; }
  assert.fail('no error');
}

test('float32 and float64 read back exactly; float16 to its precision', () => {
  assert.deepEqual(all(npyBytes(vals, [2, 4], 'f8')), vals);
  assert.deepEqual(all(npyBytes(vals, [2, 4], 'f4')), vals.map(v => Math.fround(v)));
  const h = all(npyBytes(vals, [2, 4], 'f2'));
  for (let i = 0; i < vals.length; i++) assert.ok(Math.abs(h[i] - vals[i]) <= Math.abs(vals[i]) * 1e-3 + 6e-8, `${h[i]} vs ${vals[i]}`);
  assert.equal(h[4], 65504);                       // largest float16
});

test('the header gives dtype, shape and offset; version 2 headers and big-endian data read too', () => {
  const h = header(npyBytes(vals, [2, 4], 'f4'));
  assert.equal(h.dtype, 'f4'); assert.deepEqual(h.shape, [2, 4]); assert.equal(h.dataOffset % 64, 0);
  assert.deepEqual(all(npyBytes(vals, [2, 2, 2], 'f8', { version: 2 })), vals);
  const be = Buffer.from(npyBytes(vals, [8], 'f8', { descr: '>f8' }));
  const off = header(be).dataOffset;
  for (let i = 0; i < 8; i++) be.writeDoubleBE(vals[i], off + 8 * i);
  assert.deepEqual(all(be), vals);
});

test('rows in the middle are read alone, and from a file on disk', () => {
  const data = Array.from({ length: 60 }, (_, i) => i);
  const p = writeNpy('rows.npy', data, [3, 4, 5], 'f2');
  const src = fileSource(p);
  try {
    const h = readNpyHeader(src, 'rows.npy');
    const out = new Float64Array(5);
    readNpyElements(src, h, 27, 5, out);
    assert.deepEqual([...out], [27, 28, 29, 30, 31]);
  } finally { src.close(); }
});

test('the library encoder and float16 rounding agree with the hand-written writer', () => {
  assert.deepEqual(Buffer.from(encodeNpy(vals, [8], 'f2')), npyBytes(vals, [8], 'f2'));
  assert.equal(toHalf(1 + 2 ** -11), 0x3c00);       // a tie rounds to even
  assert.equal(toHalf(Infinity), 0x7c00);
  const out = new Float64Array(1);
  decodeInto(header(npyBytes([2 ** -24], [1], 'f2')), new Uint8Array([1, 0]), 1, out, 0);
  assert.equal(out[0], 2 ** -24);                   // the smallest subnormal
});

test('every bad input is an NpyError with its code', () => {
  assert.equal(code(() => header(Buffer.from('hello, this is text not numpy'))), 'trace-not-npy');
  assert.equal(code(() => header(Buffer.alloc(3))), 'trace-not-npy');
  assert.equal(code(() => header(npyBytes(vals, [8], 'f4', { descr: '<i4' }))), 'trace-dtype');
  assert.equal(code(() => header(npyBytes(vals, [8], 'f4', { descr: '|O' }))), 'trace-dtype');
  assert.equal(code(() => header(npyBytes(vals, [8], 'f4', { descr: '<c8' }))), 'trace-dtype');
  assert.equal(code(() => header(npyBytes(vals, [2, 4], 'f4', { fortran: true }))), 'trace-fortran');
  // the header lies: more elements than bytes, fewer than bytes, or the file was cut short
  assert.equal(code(() => header(npyBytes(vals, [2, 4], 'f4', { shapeText: '(4, 4)' }))), 'trace-header');
  assert.equal(code(() => header(npyBytes(vals, [2, 4], 'f4', { shapeText: '(2, 2)' }))), 'trace-header');
  assert.equal(code(() => header(npyBytes(vals, [2, 4], 'f4', { truncate: 3 }))), 'trace-header');
  assert.equal(code(() => header(npyBytes(vals, [2, 4], 'f4', { shapeText: '(2, -4)' }))), 'trace-header');
  const big = Buffer.from(npyBytes(vals, [8], 'f4'));
  big.writeUInt16LE(60000, 8);                      // header length past the end
  assert.equal(code(() => header(big)), 'trace-header');
  const noShape = Buffer.from(npyBytes(vals, [8], 'f4'));
  noShape.write('xxxxx', 10 + noShape.indexOf("'shape'") - 10, 'latin1');
  assert.equal(code(() => header(noShape)), 'trace-header');
  assert.equal(code(() => fileSource(join(traceDir(), 'none.npy'))), 'trace-missing');
  assert.equal(code(() => fileSource(traceDir())), 'trace-missing');
});

test('non-finite values are found in every dtype, in the chunk that holds them', () => {
  for (const dt of ['f2', 'f4', 'f8'] as const) {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const data = Array.from({ length: 1000 }, (_, i) => i === 777 ? bad : i / 7);
      const buf = npyBytes(data, [1000], dt);
      const h = header(buf);
      let found = -1;
      streamNpy(memorySource(buf), h, (bytes, first, count) => {
        const i = firstNonFinite(h, bytes, count);
        if (i >= 0 && found < 0) found = first + i;
      }, 256);
      assert.equal(found, 777, `${dt} ${bad}`);
    }
    const ok = npyBytes([1, 2, 65504, -65504], [4], dt);
    assert.equal(firstNonFinite(header(ok), ok.subarray(header(ok).dataOffset), 4), -1);
  }
});

test('streaming reads the data part in chunks of the asked size', () => {
  const data = Array.from({ length: 5000 }, (_, i) => i % 13);
  const p = join(traceDir(), 'stream.npy');
  writeFileSync(p, npyBytes(data, [5000], 'f4'));
  const src = fileSource(p);
  try {
    const h = readNpyHeader(src);
    let sum = 0, chunks = 0;
    const out = new Float64Array(5000);
    streamNpy(src, h, (bytes, first, count) => { chunks++; decodeInto(h, bytes, count, out, first); }, 4096);
    for (const v of out) sum += v;
    assert.equal(chunks, Math.ceil(5000 * 4 / 4096));
    assert.equal(sum, data.reduce((a, b) => a + b, 0));
  } finally { src.close(); }
});
