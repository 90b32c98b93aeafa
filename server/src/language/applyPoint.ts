// "Apply this point" (issue 14): the text edits that write an explored point into the source, in place. Each varied
// field is rewritten in the block the explored mapping uses (its technology, workload, core, chip or the mapping
// itself): the value's text is replaced by the label as written in the explore item, a missing field is inserted,
// a missing nested block (sram { ... }) too, a partition statement (heads -> mesh.rows) gets its new target. After
// the edit the ordinary `simulate` of that mapping runs exactly the point the explorer evaluated.
// Found through the syntax tree; no simulator, no LSP types (offsets in, offsets out).
import type { Entry, Field, StarFile, TopBlock, TopKind, Value, Span } from './ast.js';
import type { TextEdit } from './diagnostics.js';
import type { Mapping } from '../model/design.js';

/** Offsets while the edits are built; TextEdit (span + newText, as quick fixes) when handed out. */
interface OffsetEdit { start: number; end: number; newText: string }

export interface ApplyResult {
  edits: TextEdit[];
  /** One line per field written: "core star: sram.token = 256 KB". */
  summary: string[];
}

export class ApplyPointError extends Error {}

const ROOTS: readonly TopKind[] = ['technology', 'workload', 'core', 'chip', 'mapping'];
const PARTITIONS = new Set(['heads', 'queries', 'kv']);

/** A block of entries the edit can add to: a top block, a sub-block or a call value's body (predictor = dlzs { ... }). */
interface Container { body: Entry[]; span: Span; what: string }
/** Fields to add to one container, by their remaining path ("sram.token" inside core star). */
interface Pending { container: Container; adds: Array<{ rest: string[]; label: string }> }

/** The source block of each root the mapping uses; undefined when it is not written in the file (built in). */
function blocksOf(file: StarFile, mapping: Mapping): Record<TopKind, TopBlock | undefined> {
  const tops = file.items.filter((i): i is TopBlock => (ROOTS as readonly string[]).includes(i.kind) && 'keyword' in i && !!(i as TopBlock).name);
  const find = (kind: TopKind, name: string, span?: Span) =>
    tops.find(b => b.kind === kind && span && b.span.start === span.start) ?? tops.find(b => b.kind === kind && b.name?.text === name);
  const core = mapping.chip.core;
  return {
    mapping: find('mapping', mapping.name, mapping.span),
    workload: find('workload', mapping.workload.name, mapping.workload.span),
    chip: mapping.chip.singleCore ? undefined : find('chip', mapping.chip.name, mapping.chip.span),
    core: find('core', core.name, core.span),
    technology: find('technology', core.technology.name, core.technology.span),
  };
}

/**
 * The edits writing `labels` (path -> value as written, e.g. { "core.sram.token": "256 KB" }) into `text` for the
 * explored `mapping`. Throws ApplyPointError naming the path and the fix when a path cannot be written.
 */
export function applyPointEdits(text: string, file: StarFile, mapping: Mapping, labels: Record<string, string>): ApplyResult {
  const blocks = blocksOf(file, mapping);
  const edits: OffsetEdit[] = [];
  const summary: string[] = [];
  const pending = new Map<Entry[], Pending>();  // by body: one insertion per block
  for (const [path, label] of Object.entries(labels)) {
    const [root, ...rest] = path.split('.');
    if (!(ROOTS as readonly string[]).includes(root) || !rest.length)
      throw new ApplyPointError(`"${path}" is not a path into the explored design: it starts with one of ${ROOTS.join(', ')}.`);
    const top = blocks[root as TopKind];
    if (!top) {
      const why = root === 'chip' ? `the mapping ${mapping.name} runs on a single core, not a chip`
        : `${root} ${nameOf(mapping, root as TopKind)} is built in, not written in this file: declare it to vary it`;
      throw new ApplyPointError(`Cannot write ${path}: ${why}.`);
    }
    const where = `${root} ${top.name?.text ?? ''}`;
    summary.push(`${where}: ${rest.join('.')} ${root === 'mapping' && PARTITIONS.has(rest[0]) && rest.length === 1 ? '->' : '='} ${label}`);
    if (root === 'mapping' && rest.length === 1 && PARTITIONS.has(rest[0])) { partitionEdit(top, rest[0], label, edits, pending); continue; }
    fieldEdit({ body: top.body, span: top.span, what: where }, rest, label, path, edits, pending);
  }
  // A new bc with a tc written as a number would contradict it (S = bc x tc): tc follows as auto, as the explorer took it.
  if ('mapping.tiling.bc' in labels && !('mapping.tiling.tc' in labels) && blocks.mapping) {
    const tiling = blocks.mapping.body.find(e => e.kind === 'block' && e.key.text === 'tiling');
    const tc = tiling?.kind === 'block' ? tiling.body.find((e): e is Field => e.kind === 'field' && e.key.text === 'tc') : undefined;
    if (tc?.value?.kind === 'number') { edits.push({ start: tc.value.span.start, end: tc.value.span.end, newText: 'auto' }); summary.push(`mapping ${blocks.mapping.name?.text ?? ''}: tiling.tc = auto`); }
  }
  for (const p of pending.values()) edits.push(insertion(text, p));
  edits.sort((a, b) => a.start - b.start);
  for (let i = 1; i < edits.length; i++)
    if (edits[i].start < edits[i - 1].end) throw new ApplyPointError('Two varied paths write the same text; list each field once in `vary`.');
  return { edits: edits.map(e => ({ span: { start: e.start, end: e.end }, newText: e.newText })), summary };
}

function nameOf(m: Mapping, kind: TopKind): string {
  return kind === 'technology' ? m.chip.core.technology.name : kind === 'core' ? m.chip.core.name
    : kind === 'chip' ? m.chip.name : kind === 'workload' ? m.workload.name : m.name;
}

function addPending(pending: Map<Entry[], Pending>, container: Container, rest: string[], label: string): void {
  const p = pending.get(container.body) ?? { container, adds: [] };
  p.adds.push({ rest, label });
  pending.set(container.body, p);
}

/** Walks `rest` down sub-blocks and call bodies; replaces the value found, or records what to insert where. */
function fieldEdit(c: Container, rest: string[], label: string, path: string, edits: OffsetEdit[], pending: Map<Entry[], Pending>): void {
  const [key, ...deeper] = rest;
  if (!deeper.length) {
    const field = c.body.find((e): e is Field => e.kind === 'field' && e.key.text === key);
    if (field?.value) edits.push(valueEdit(field.value, label));
    else if (field) edits.push({ start: field.key.span.end, end: field.span.end, newText: ` = ${label}` });
    else addPending(pending, c, rest, label);
    return;
  }
  const sub = c.body.find(e => e.kind !== 'partition' && e.key.text === key);
  if (!sub) return addPending(pending, c, rest, label);
  if (sub.kind === 'block') return fieldEdit({ body: sub.body, span: sub.span, what: `${c.what} ${key}` }, deeper, label, path, edits, pending);
  if (sub.kind === 'field' && sub.value?.kind === 'call')
    return fieldEdit({ body: sub.value.body, span: sub.value.span, what: `${c.what} ${key}` }, deeper, label, path, edits, pending);
  throw new ApplyPointError(`Cannot write ${path}: ${key} has no { ... } body to hold ${deeper.join('.')}; write it as ${key} = NAME { ${deeper.join('.')} = ... }.`);
}

/** The value's text replaced by the label; `4 x 4 of star` keeps its `of star`. */
function valueEdit(v: Value, label: string): OffsetEdit {
  if (v.kind === 'dims' && v.of && !/\bof\b/.test(label)) return { start: v.rows.span.start, end: v.cols.span.end, newText: label };
  return { start: v.span.start, end: v.span.end, newText: label };
}

function partitionEdit(top: TopBlock, what: string, label: string, edits: OffsetEdit[], pending: Map<Entry[], Pending>): void {
  const p = top.body.find(e => e.kind === 'partition' && e.what.text === what);
  if (p?.kind === 'partition' && p.target) edits.push({ start: p.target.span.start, end: p.target.span.end, newText: label });
  else if (p) edits.push({ start: p.span.start, end: p.span.end, newText: `${what} -> ${label}` });
  else addPending(pending, { body: top.body, span: top.span, what: 'mapping' }, [`${what} ->`], label);
}

/** Entries to add, nested by their first path segment: ["sram.token", "sram.weight"] -> sram { token = .., weight = .. }. */
function render(adds: Array<{ rest: string[]; label: string }>): string[] {
  // In the order written in `vary`: a group takes the place of its first field.
  const out: Array<string | { key: string; adds: Array<{ rest: string[]; label: string }> }> = [];
  for (const a of adds) {
    if (a.rest.length === 1) { out.push(a.rest[0].endsWith('->') ? `${a.rest[0]} ${a.label}` : `${a.rest[0]} = ${a.label}`); continue; }
    let g = out.find((x): x is { key: string; adds: typeof adds } => typeof x !== 'string' && x.key === a.rest[0]);
    if (!g) out.push(g = { key: a.rest[0], adds: [] });
    g.adds.push({ rest: a.rest.slice(1), label: a.label });
  }
  return out.map(x => typeof x === 'string' ? x : `${x.key} { ${render(x.adds).join(', ')} }`);
}

const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
const indentAt = (text: string, at: number) => /^[ \t]*/.exec(text.slice(lineStart(text, at)))![0];

/** One insertion per container, in its style: a one-line block gets ", a = 1", a multi-line block a new line each. */
function insertion(text: string, p: Pending): OffsetEdit {
  const entries = render(p.adds);
  const { body, span } = p.container;
  const close = text.lastIndexOf('}', span.end - 1);
  if (close < span.start) throw new ApplyPointError(`The block ${p.container.what} is not closed; close it with } before applying a point.`);
  const open = text.indexOf('{', span.start);
  const multiLine = text.slice(open, close).includes('\n');
  const last = body.length ? body[body.length - 1].span.end : undefined;
  if (!multiLine) {
    if (last === undefined) return { start: open + 1, end: close, newText: ` ${entries.join(', ')} ` };
    return { start: last, end: last, newText: `, ${entries.join(', ')}` };
  }
  if (last === undefined) {
    const indent = indentAt(text, close) + '  ';
    return { start: open + 1, end: open + 1, newText: entries.map(e => `\n${indent}${e}`).join('') };
  }
  const indent = indentAt(text, body[body.length - 1].span.start);
  // After the last entry and its comma, before a trailing // comment on that line: the new lines go after the comment.
  const eol = text.indexOf('\n', last);
  const at = eol < 0 || eol > close ? last : eol;
  return { start: at, end: at, newText: entries.map(e => `\n${indent}${e}`).join('') };
}

/** Applies offset edits to a text (for tests and the CLI): from the end, so earlier offsets stay valid. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
