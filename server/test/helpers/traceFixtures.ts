// Test fixtures for traces: a design reading `data = trace { ... }`, good trace files, and one bad input of each
// kind the checker must report, written into a folder of their own.
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeGaussian, makeRng } from '../../src/sim/functional/synthetic.js';
import { writeNpy } from './npyWriter.js';

export const S = 128, T = 128, D = 16;

export function traceDesign(data: string, o: { seqLen?: number; headDim?: number; queryLen?: number } = {}): string {
  return `workload w {
  heads    = 4
  head_dim = ${o.headDim ?? D}
  seq_len  = ${o.seqLen ?? S} tokens${o.queryLen ? `\n  query_len = ${o.queryLen} tokens` : ''}
  sparsity { top_k = 25 % }
  data = ${data}
}
core c { }
mapping m for w on c { tiling { bc = 32 } }
simulate m
`;
}

export const GOOD = 'trace { queries = "q.npy", keys = "k.npy", values = "v.npy" }';

/** Writes good q/k/v files ([T, d] / [S, d]) into `dir`. */
export function writeGoodTrace(dir: string, seed = 1): void {
  const g = makeGaussian(makeRng(seed));
  const k = Float64Array.from({ length: S * D }, () => g()), v = Float64Array.from({ length: S * D }, () => g());
  const q = new Float64Array(T * D);
  for (let i = 0; i < T; i++) for (let c = 0; c < D; c++) q[i * D + c] = 2 * k[((i * 7) % S) * D + c] + 0.3 * g();
  writeNpy('q.npy', q, [T, D], 'f2', {}, dir);
  writeNpy('k.npy', k, [S, D], 'f2', {}, dir);
  writeNpy('v.npy', v, [S, D], 'f2', {}, dir);
}

export interface BadCase { name: string; data: string; code: string; at: string; opts?: { seqLen?: number; headDim?: number } }

/** A folder with the good trace and every bad input; each case names the code and the text it must point at. */
export function badTraceCases(): { dir: string; cases: BadCase[] } {
  const dir = mkdtempSync(join(tmpdir(), 'star-bad-trace-'));
  writeGoodTrace(dir);
  const zeros = new Float64Array(S * D);
  writeFileSync(join(dir, 'text.npy'), 'name,value\nq,1\n');
  writeNpy('lies.npy', zeros, [S, D], 'f4', { shapeText: `(${2 * S}, ${D})` }, dir);
  writeNpy('ints.npy', zeros, [S, D], 'f4', { descr: '<i4' }, dir);
  writeNpy('fortran.npy', zeros, [S, D], 'f4', { fortran: true }, dir);
  writeNpy('narrow.npy', new Float64Array(S * 8), [S, 8], 'f4', {}, dir);
  const nan = new Float64Array(S * D); nan[5 * D + 3] = NaN;
  writeNpy('nan.npy', nan, [S, D], 'f2', {}, dir);
  const inf = new Float64Array(S * D); inf[7] = Infinity;
  writeNpy('inf.npy', inf, [S, D], 'f4', {}, dir);
  const huge = writeNpy('huge.npy', zeros, [S, D], 'f4', {}, dir);
  truncateSync(huge, (1 << 30) + 4096);        // sparse: over the 1 GiB limit without using the disk
  mkdirSync(join(dir, 'folder.npy'));
  const t = (q: string, k: string, v?: string, extra = '') =>
    `trace { queries = "${q}", keys = "${k}"${v ? `, values = "${v}"` : ''}${extra} }`;
  const cases: BadCase[] = [
    { name: 'missing', data: t('nope.npy', 'k.npy'), code: 'trace-missing', at: '"nope.npy"' },
    { name: 'folder', data: t('q.npy', 'folder.npy'), code: 'trace-missing', at: '"folder.npy"' },
    { name: 'not-npy', data: t('text.npy', 'k.npy'), code: 'trace-not-npy', at: '"text.npy"' },
    { name: 'header-lies', data: t('q.npy', 'lies.npy'), code: 'trace-header', at: '"lies.npy"' },
    { name: 'dtype', data: t('q.npy', 'ints.npy'), code: 'trace-dtype', at: '"ints.npy"' },
    { name: 'fortran', data: t('q.npy', 'k.npy', 'fortran.npy'), code: 'trace-fortran', at: '"fortran.npy"' },
    { name: 'shapes', data: t('q.npy', 'narrow.npy'), code: 'trace-shape', at: '"narrow.npy"' },
    { name: 'head-dim', data: t('q.npy', 'k.npy'), code: 'trace-shape', at: '32', opts: { headDim: 32 } },
    { name: 'seq-len', data: t('q.npy', 'k.npy'), code: 'trace-shape', at: '256 tokens', opts: { seqLen: 256 } },
    { name: 'nan', data: t('nan.npy', 'k.npy'), code: 'trace-nonfinite', at: '"nan.npy"' },
    { name: 'inf', data: t('q.npy', 'k.npy', 'inf.npy'), code: 'trace-nonfinite', at: '"inf.npy"' },
    { name: 'too-large', data: t('q.npy', 'huge.npy'), code: 'trace-too-large', at: '"huge.npy"' },
    { name: 'heads', data: t('q.npy', 'k.npy', undefined, ', heads = [0, 3]'), code: 'trace-heads', at: '3' },
    { name: 'no-keys', data: 'trace { queries = "q.npy" }', code: 'missing-field', at: 'trace { queries = "q.npy" }' },
  ];
  return { dir, cases };
}
