// Builder of `data = trace { queries = "...", keys = "...", values = "...", heads = [0, 3] }`: paths resolved
// against the .star file's folder, each file inspected (by the server or CLI, which can read files) and every bad
// file, shape or head reported on the text that names it, with the fix (codes trace-*, docs/language.md).
import { isAbsolute, join } from 'node:path';
import type { Span } from '../ast.js';
import type { TraceData, TraceInspector, TraceFileFacts } from '../../model/design.js';
import type { Diags } from './diagnostics.js';
import { replaceFix } from './diagnostics.js';
import type { BlockReader } from './blockReader.js';

/** What the checker knows of the file it checks: its folder (absent for an unsaved file) and who reads traces. */
export interface CheckOptions {
  baseDir?: string;
  traces?: TraceInspector;
}

const FILES = ['queries', 'keys', 'values'] as const;
type FileField = typeof FILES[number];

export interface TraceCheck {
  data: TraceData;
  /** facts of the files that were read without error */
  facts: Partial<Record<FileField, TraceFileFacts>>;
  spans: Partial<Record<FileField, Span>>;
  headsSpan?: Span;
  headSpans: Span[];
}

export function readTrace(p: BlockReader, d: Diags, opts: CheckOptions, dataSpan: Span): TraceCheck {
  const tc: TraceCheck = { data: { kind: 'trace', queries: '', keys: '', span: dataSpan }, facts: {}, spans: {}, headSpans: [] };
  for (const f of FILES) {
    const field = p.field(f);
    if (!field) {
      if (f !== 'values') d.error('missing-field', `trace data needs '${f}': the path of an .npy file, e.g. ${f} = "traces/layer12-${f[0]}.npy"`, dataSpan);
      continue;
    }
    const raw = p.str(f, '');
    const span = p.valueSpan(f, dataSpan);
    tc.spans[f] = span;
    if (!raw) continue;
    let path = raw;
    if (!isAbsolute(raw)) {
      if (!opts.baseDir) {
        d.error('trace-unsaved', `'${raw}' is relative to the .star file, which is not saved yet: save it, or write an absolute path`, span);
        continue;
      }
      path = join(opts.baseDir, raw);
    }
    tc.data[f] = path;
    if (!opts.traces) continue;
    try { tc.facts[f] = opts.traces.inspect(path); } catch (err) {
      const code = (err as { code?: string }).code;
      d.error(code && code.startsWith('trace-') ? code : 'trace-missing', `${f}: ${err instanceof Error ? err.message : String(err)}`, span);
    }
  }
  const hf = p.field('heads');
  if (hf?.value?.kind === 'list') {
    tc.headsSpan = hf.value.span;
    const heads: number[] = [];
    for (const item of hf.value.items) {
      if (item.kind !== 'number' || item.unit || !Number.isInteger(item.value) || item.value < 0) {
        d.error('type-mismatch', `each head in 'heads' is a whole number from 0, e.g. [0, 3]`, item.span);
        continue;
      }
      if (heads.includes(item.value)) { d.error('duplicate-field', `head ${item.value} is listed twice: remove one`, item.span); continue; }
      heads.push(item.value);
      tc.headSpans.push(item.span);
    }
    if (heads.length) tc.data.heads = heads;
  } else if (hf) {
    p.enum('heads', 'all');
  }
  return tc;
}

type Dims = { heads: number; rows: number; d: number };
const dimsOf = (s: number[]): Dims | undefined =>
  s.length === 2 ? { heads: 1, rows: s[0], d: s[1] } : s.length === 3 ? { heads: s[0], rows: s[1], d: s[2] } : undefined;

export interface WorkloadFields {
  headDim: number; seqLen: number; queryLen: number;
  span(field: string): Span | undefined;
  written(field: string): boolean;
}

/** The files against each other and against the workload's head_dim, seq_len and query_len. */
export function checkTraceFit(tc: TraceCheck, w: WorkloadFields, d: Diags, fallback: Span): void {
  const { facts, spans } = tc;
  const at = (f: FileField) => spans[f] ?? fallback;
  const dims: Partial<Record<FileField, Dims>> = {};
  for (const f of FILES) {
    const s = facts[f]?.shape;
    if (!s) continue;
    const dm = dimsOf(s);
    if (!dm || dm.rows === 0 || dm.d === 0 || dm.heads === 0) {
      d.error('trace-shape', `${f} is shaped (${s.join(', ')}): a trace is [rows, head_dim] or [heads, rows, head_dim], none of them 0`, at(f));
      continue;
    }
    dims[f] = dm;
  }
  const q = dims.queries, k = dims.keys, v = dims.values;
  if (q && k) {
    if (facts.queries!.shape.length !== facts.keys!.shape.length) {
      d.error('trace-shape', `queries are (${facts.queries!.shape.join(', ')}) but keys (${facts.keys!.shape.join(', ')}): give both a heads axis or neither`, at('keys'));
      return;
    }
    if (q.heads !== k.heads) { d.error('trace-shape', `queries have ${q.heads} heads, keys ${k.heads}: dump the same heads of Q and K`, at('keys')); return; }
    if (q.d !== k.d) { d.error('trace-shape', `queries have head_dim ${q.d}, keys ${k.d}: they must match`, at('keys')); return; }
  }
  if (k && v && facts.values!.shape.join() !== facts.keys!.shape.join()) {
    d.error('trace-shape', `values are (${facts.values!.shape.join(', ')}) but keys (${facts.keys!.shape.join(', ')}): values are shaped like the keys`, at('values'));
  }
  const ref = q ?? k;
  if (ref && ref.d !== w.headDim) {
    const hs = w.span('head_dim');
    d.error('trace-shape', `the trace has head_dim ${ref.d} but the workload ${w.headDim}: set head_dim = ${ref.d}`, hs ?? at(q ? 'queries' : 'keys'),
      hs ? replaceFix(hs, String(ref.d)) : undefined);
  }
  if (k && k.rows !== w.seqLen) {
    const ss = w.span('seq_len');
    d.error('trace-shape', `the trace has ${k.rows} keys but seq_len is ${w.seqLen}: set seq_len = ${k.rows} tokens`, ss ?? at('keys'),
      ss ? replaceFix(ss, `${k.rows} tokens`) : undefined);
  }
  if (q && q.rows !== w.queryLen) {
    const qs = w.span('query_len');
    d.error('trace-shape', `the trace has ${q.rows} queries but query_len is ${w.queryLen}${w.written('query_len') ? '' : ' (seq_len)'}: set query_len = ${q.rows} tokens`,
      qs ?? at('queries'), qs ? replaceFix(qs, `${q.rows} tokens`) : undefined);
  }
  const heads = (q ?? k)?.heads;
  if (heads !== undefined && tc.data.heads) {
    tc.data.heads.forEach((h, i) => {
      if (h >= heads) {
        d.error('trace-heads', heads === 1 ? `the trace has no heads axis: remove 'heads', or save arrays shaped [heads, rows, head_dim]`
          : `head ${h} is not in the trace: it has heads 0 to ${heads - 1}`, tc.headSpans[i] ?? tc.headsSpan ?? fallback);
      }
    });
  }
}
