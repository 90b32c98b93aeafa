// A ~100 MB trace is never held whole: every read is at most 1 MB, the statistics come from the sampled rows, and
// the process's peak memory grows far less than the file's size (the server's own peak RSS is in bench/trace.bench.ts).
import test from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpy } from '../../../src/sim/functional/npy.js';
import { nodeTraceFs, setTraceFs } from '../../../src/sim/functional/trace.js';
import { clearFunctionalMemo, defaultFunctionalParams, functionalStats } from '../../../src/sim/functional/index.js';
import { makeRng } from '../../../src/sim/functional/synthetic.js';
import { bertBase, starCore } from '../../../src/sim/core/defaults.js';
import type { TraceData, Workload } from '../../../src/model/design.js';

/** Random finite float16 (exponent bit 14 cleared: |x| < 2), written 1 MB at a time. */
function writeBig(path: string, shape: number[], seed: number): number {
  const fd = openSync(path, 'w');
  const rng = makeRng(seed);
  let bytes = 0;
  try {
    bytes += writeSync(fd, encodeNpy([], shape, 'f2'));
    const total = 2 * shape.reduce((a, b) => a * b, 1);
    const chunk = new Uint16Array(1 << 19);
    for (let done = 0; done < total;) {
      for (let i = 0; i < chunk.length; i++) chunk[i] = (rng() * 65536) & 0xbbff;
      const n = Math.min(chunk.byteLength, total - done);
      writeSync(fd, new Uint8Array(chunk.buffer, 0, n));
      done += n; bytes += n;
    }
  } finally { closeSync(fd); }
  return bytes;
}

test('a 100 MB trace: reads of at most 1 MB, sampled rows only, peak memory well under the file size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'star-big-trace-'));
  try {
    const shape = [32, 4096, 128];
    let fileBytes = 0;
    for (const n of ['q', 'k', 'v']) fileBytes += writeBig(join(dir, `${n}.npy`), shape, n.charCodeAt(0));
    assert.ok(fileBytes > 100e6);
    let largest = 0, total = 0;
    const prev = setTraceFs({
      stamp: p => nodeTraceFs.stamp(p),
      open: p => {
        const src = nodeTraceFs.open(p);
        return { size: src.size, close: () => src.close(), read: (buf, pos) => { largest = Math.max(largest, buf.length); total += buf.length; return src.read(buf, pos); } };
      },
    });
    try {
      clearFunctionalMemo();
      const rss0 = process.memoryUsage().rss;
      const data: TraceData = { kind: 'trace', queries: join(dir, 'q.npy'), keys: join(dir, 'k.npy'), values: join(dir, 'v.npy') };
      const w: Workload = { ...bertBase(0.1, 4096), headDim: 128, data };
      const s = functionalStats(defaultFunctionalParams(w, { bc: 64 }, starCore()));
      assert.equal(s.heads, 4);
      assert.ok(s.topkRecall > 0 && s.topkRecall <= 1);
      assert.ok(largest <= 1 << 20, `largest read ${largest} bytes`);
      // one checking pass over every byte, then the sampled rows (4 heads: 128 queries, 1,024 of 4,096 keys in 1 MB spans)
      assert.ok(total < fileBytes + 4 * (3 << 20), `read ${total} bytes of ${fileBytes}`);
      const peakGrowth = process.resourceUsage().maxRSS * 1024 - rss0;
      assert.ok(peakGrowth < fileBytes / 2, `peak RSS grew ${(peakGrowth / 2 ** 20).toFixed(0)} MB for a ${(fileBytes / 2 ** 20).toFixed(0)} MB trace`);
    } finally { setTraceFs(prev); }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
