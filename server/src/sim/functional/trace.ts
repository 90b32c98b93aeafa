// Traces: real Q, K and V of one attention layer read from .npy files (issue 16). Files are checked once per
// content (header, size limit, every value finite, a digest), cached by path, size and modification time, then only
// the sampled rows of the sampled heads are read. See docs/functional.md, "Traces".
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { TraceData, TraceInspector } from '../../model/design.js';
import {
  decodeInto, fileSource, firstNonFinite, NpyError, readNpyHeader, streamNpy, type ByteSource, type NpyHeader,
} from './npy.js';
import { intMax, makeGaussian, makeRng, quantise, type HeadData } from './synthetic.js';

export const TRACE_LIMITS = {
  /** one file at most (1 GiB): larger ones are refused rather than scanned */
  fileBytes: 1 << 30,
  /** heads of a multi-head trace the statistics run on, spread evenly over the selection */
  sampledHeads: 4,
};

export interface TraceFileInfo { path: string; header: NpyHeader; digest: string }

/** Reads files: the file system, or memory in tests. */
export interface TraceFs {
  /** a key that changes when the file does (size, mtime, inode); throws NpyError('trace-missing') */
  stamp(path: string): string;
  open(path: string): ByteSource;
}

export const nodeTraceFs: TraceFs = {
  stamp(path) {
    let st;
    try { st = statSync(path); } catch (err) {
      const code = (err as { code?: string }).code;
      throw new NpyError('trace-missing', code === 'ENOENT' ? `no file ${path}: check the path (relative to the .star file)` : `${path} cannot be read (${code ?? String(err)})`);
    }
    // a folder, FIFO or device is refused before it is opened: opening a FIFO would block the server
    if (!st.isFile()) throw new NpyError('trace-missing', `${path} is not a regular file`);
    return `${st.size}|${st.mtimeMs}|${st.ino}`;
  },
  open: fileSource,
};

let fs: TraceFs = nodeTraceFs;
/** Tests: read traces from elsewhere (returns the previous one). */
export function setTraceFs(next: TraceFs): TraceFs { const prev = fs; fs = next; infos.clear(); return prev; }

const infos = new Map<string, { stamp: string; info?: TraceFileInfo; error?: NpyError }>();
const INFO_LIMIT = 64;
/** How many full scans ran (tests and benches check that an unchanged file is not read again). */
export const traceScans = { count: 0 };

/**
 * Checks a trace file once per content: the header against the file's size, the size limit, and every value finite,
 * streamed in 1 MB chunks while its SHA-1 is computed. Throws NpyError naming the file and the fix.
 */
export function inspectTraceFile(path: string): TraceFileInfo {
  const stamp = fs.stamp(path);
  const hit = infos.get(path);
  if (hit && hit.stamp === stamp) {
    if (hit.error) throw hit.error;
    return hit.info!;
  }
  const entry: { stamp: string; info?: TraceFileInfo; error?: NpyError } = { stamp };
  try { entry.info = scan(path); } catch (err) {
    entry.error = err instanceof NpyError ? err : new NpyError('trace-missing', `${path} cannot be read (${String(err)})`);
  }
  infos.delete(path);
  infos.set(path, entry);
  if (infos.size > INFO_LIMIT) infos.delete(infos.keys().next().value!);
  if (entry.error) throw entry.error;
  return entry.info!;
}

function scan(path: string): TraceFileInfo {
  const name = basename(path);
  const src = fs.open(path);
  try {
    if (src.size > TRACE_LIMITS.fileBytes) {
      throw new NpyError('trace-too-large', `${name} is ${(src.size / 2 ** 20).toFixed(0)} MB, over the ${TRACE_LIMITS.fileBytes / 2 ** 20} MB limit of a trace file: save fewer heads or a shorter sequence (only ${TRACE_LIMITS.sampledHeads} heads and 1024 keys are sampled anyway)`);
    }
    const header = readNpyHeader(src, name);
    traceScans.count++;
    const hash = createHash('sha1');
    hash.update(JSON.stringify(header.shape) + header.dtype + header.littleEndian);
    let bad = -1;
    streamNpy(src, header, (bytes, first, count) => {
      hash.update(bytes);
      if (bad < 0) { const i = firstNonFinite(header, bytes, count); if (i >= 0) bad = first + i; }
    });
    if (bad >= 0) {
      throw new NpyError('trace-nonfinite', `${name} holds a NaN or infinite value at ${indexText(header.shape, bad)}: a trace must be finite (check the model's dtype; float16 overflows above 65504)`);
    }
    return { path, header, digest: hash.digest('hex') };
  } finally { src.close(); }
}

function indexText(shape: number[], flat: number): string {
  const idx: number[] = [];
  for (let a = shape.length - 1; a >= 0; a--) { idx.unshift(flat % shape[a]); flat = Math.floor(flat / shape[a]); }
  return `[${idx.join(', ')}]`;
}

/** A trace's arrays seen as [H, rows, d] (a 2-D array is one head). */
export interface TraceShape { heads: number; queries: number; keys: number; headDim: number }

/** The shape the three files agree on; throws an Error naming the mismatch (the checker turns it into diagnostics). */
export function traceShape(q: NpyHeader, k: NpyHeader, v?: NpyHeader): TraceShape {
  const h3 = (s: number[]): [number, number, number] => s.length === 2 ? [1, s[0], s[1]] : [s[0], s[1], s[2]];
  const [hq, t, dq] = h3(q.shape), [hk, s, dk] = h3(k.shape);
  if (q.shape.length !== k.shape.length) throw new Error('queries and keys must both be [rows, d] or both [heads, rows, d]');
  if (hq !== hk) throw new Error(`queries have ${hq} heads, keys ${hk}`);
  if (dq !== dk) throw new Error(`queries have head_dim ${dq}, keys ${dk}`);
  if (v && (v.shape.length !== k.shape.length || v.shape.some((n, i) => n !== k.shape[i]))) {
    throw new Error(`values are shaped (${v.shape.join(', ')}), keys (${k.shape.join(', ')}): they must match`);
  }
  return { heads: hq, queries: t, keys: s, headDim: dq };
}

/** Heads the statistics run on: the selection (or all), thinned evenly to TRACE_LIMITS.sampledHeads. */
export function sampledHeads(data: TraceData, heads: number): number[] {
  const all = data.heads?.length ? data.heads : Array.from({ length: heads }, (_, i) => i);
  const n = Math.min(all.length, TRACE_LIMITS.sampledHeads);
  return Array.from({ length: n }, (_, i) => all[Math.floor(i * all.length / n)]);
}

/** Which rows are read: the last `rows` queries (one contiguous block, the one that sees every key in causal
 *  prefill), and `keys` keys evenly strided over S (key 0, the attention sink, always among them). */
export function sampledRows(total: number, rows: number, strided: boolean): Int32Array {
  const n = Math.min(total, rows);
  return strided ? Int32Array.from({ length: n }, (_, i) => Math.floor(i * total / n))
    : Int32Array.from({ length: n }, (_, i) => total - n + i);
}

const SPAN_BYTES = 1 << 20;

/** One head's sampled rows (ascending) as float64 [rows x d]: rows within 1 MB of each other are read in one call
 *  (strided keys: one read per MB instead of one per row), and only the asked rows are decoded. */
function readRows(src: ByteSource, h: NpyHeader, head: number, rowsPerHead: number, d: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * d);
  const rowBytes = d * h.itemBytes;
  const buf = new Uint8Array(Math.max(rowBytes, Math.min(SPAN_BYTES, rowsPerHead * rowBytes)));
  for (let i = 0; i < rows.length;) {
    const first = rows[i];
    let j = i + 1;
    while (j < rows.length && (rows[j] - first + 1) * rowBytes <= buf.length) j++;
    const span = buf.subarray(0, (rows[j - 1] - first + 1) * rowBytes);
    if (src.read(span, h.dataOffset + (head * rowsPerHead + first) * rowBytes) < span.length) {
      throw new NpyError('trace-header', 'the file ended early (it changed while being read?)');
    }
    for (let r = i; r < j; r++) decodeInto(h, span.subarray((rows[r] - first) * rowBytes), d, out, r * d);
    i = j;
  }
  return out;
}

export interface TraceHead {
  q: Float64Array; k: Float64Array; v: Float64Array | null;
  queryRows: number; seqLen: number; headDim: number;
  head: number; shape: TraceShape; files: { queries: TraceFileInfo; keys: TraceFileInfo; values?: TraceFileInfo };
}

/** The files of a trace, checked; throws NpyError or Error. */
export function traceFiles(data: TraceData): TraceHead['files'] & { shape: TraceShape } {
  const queries = inspectTraceFile(data.queries), keys = inspectTraceFile(data.keys);
  const values = data.values ? inspectTraceFile(data.values) : undefined;
  return { queries, keys, values, shape: traceShape(queries.header, keys.header, values?.header) };
}

/** The content key of a trace for memo tables: digests, not paths, so a renamed or re-saved same file hits. */
export function traceKey(data: TraceData): string {
  const f = traceFiles(data);
  return ['trace', f.queries.digest, f.keys.digest, f.values?.digest ?? '-', (data.heads ?? []).join(',')].join('|');
}

/** Reads one head's sampled queries, keys and values. */
export function loadTraceHead(data: TraceData, head: number, queryRows: number, seqLen: number): TraceHead {
  const f = traceFiles(data);
  const { shape } = f;
  if (!(head >= 0 && head < shape.heads)) throw new Error(`head ${head} is not in the trace (it has ${shape.heads})`);
  const d = shape.headDim;
  const qRows = sampledRows(shape.queries, queryRows, false), kRows = sampledRows(shape.keys, seqLen, true);
  const read = (info: TraceFileInfo, total: number, rows: Int32Array) => {
    const src = fs.open(info.path);
    try {
      const h = readNpyHeader(src, basename(info.path));
      return readRows(src, h, head, total, d, rows);
    } finally { src.close(); }
  };
  return {
    q: read(f.queries, shape.queries, qRows), k: read(f.keys, shape.keys, kRows),
    v: f.values ? read(f.values, shape.keys, kRows) : null,
    queryRows: qRows.length, seqLen: kRows.length, headDim: d, head, shape,
    files: { queries: f.queries, keys: f.keys, values: f.values },
  };
}

/** What the figures came from, for the report. */
export function describeTrace(data: TraceData, sample: { queryRows: number; seqLen: number }): string {
  const f = traceFiles(data);
  const s = f.shape;
  const heads = sampledHeads(data, s.heads);
  const sel = data.heads?.length ? `heads [${data.heads.join(', ')}] of ${s.heads}` : `${s.heads} head${s.heads === 1 ? '' : 's'}`;
  return `trace ${basename(data.queries)}, ${basename(data.keys)}${data.values ? `, ${basename(data.values)}` : ' (no values)'}` +
    ` (${f.queries.header.dtype === 'f2' ? 'float16' : f.queries.header.dtype === 'f4' ? 'float32' : 'float64'}, ${sel}` +
    `${heads.length < (data.heads?.length || s.heads) ? `, ${heads.length} sampled` : ''}; ` +
    `${Math.min(sample.queryRows, s.queries)} of ${s.queries} query rows, ${Math.min(sample.seqLen, s.keys)} of ${s.keys} keys)`;
}

/** Bits K of a trace is held in before the predictor truncates it to key_bits (the formal width). */
export const TRACE_KEY_BITS = 16;

/**
 * A trace head in the form the stages take: Q quantised to query_bits and K to 16-bit integers, each with one
 * max-abs scale per head (as the synthetic head's Q); no X or W_k. Without values, V is seeded Gaussian so SU-FA still
 * runs (its counts and rescales do not depend on V), and output errors are not reported.
 */
export function traceHeadData(t: TraceHead, queryBits: number): HeadData {
  const { queryRows: T, seqLen: S, headDim: d } = t;
  const toInt = (x: Float64Array, bits: number) => {
    let m = 0;
    for (let i = 0; i < x.length; i++) { const a = Math.abs(x[i]); if (a > m) m = a; }
    const scale = Math.max(m, 1e-30) / intMax(bits);
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = quantise(x[i], scale, bits);
    return { out, scale };
  };
  const qi = toInt(t.q, queryBits), ki = toInt(t.k, TRACE_KEY_BITS);
  let v = t.v;
  if (!v) {
    const g = makeGaussian(makeRng(t.head + 1));
    v = new Float64Array(S * d);
    for (let i = 0; i < v.length; i++) v[i] = g();
  }
  return {
    seqLen: S, queryRows: T, headDim: d, modelDim: d, tokenBits: TRACE_KEY_BITS, weightBits: 0, queryBits,
    x: new Float64Array(0), wk: new Float64Array(0), kInt: ki.out, kScale: ki.scale, qInt: qi.out, qScale: qi.scale,
    v, rowKind: [], dominant: [], scoreScale: qi.scale * ki.scale / Math.sqrt(d), heavy: new Int32Array(0),
    kReal: t.k, qReal: t.q,
  };
}

/** The checker's view of trace files (the server and the CLI pass it to analyze): header facts after a full check. */
export const fileTraceInspector: TraceInspector = {
  inspect(path) {
    const info = inspectTraceFile(path);
    return { shape: info.header.shape, dtype: info.header.dtype };
  },
};
