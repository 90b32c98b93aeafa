// Builder of explore items (issue 14): resolves the explored mapping, each varied path against its field in the schema,
// each value by the same BlockReader rules as the field itself (expanded ranges included), the metrics of the
// objectives and constraints (model/metrics.ts), and the search. Codes `explore-*` are listed in docs/language.md.
import type { ExploreStmt, VaryEntry, Value, NumberValue, Span, Ident, Field } from '../ast.js';
import type { BlockSchema, FieldSchema } from '../schema.js';
import type { Mapping } from '../../model/design.js';
import {
  EXHAUSTIVE_LIMIT, EVOLUTIONARY_DEFAULTS, type Exploration, type ExploreParameter, type ExploreValue,
  type ExploreObjective, type ExploreConstraint, type ExploreSearch,
} from '../../model/explore.js';
import { METRICS } from '../../model/metrics.js';
import { UNIT_TABLE, normalise, unitsOf, DEFAULT_UNIT } from '../units.js';
import { suggestion } from '../suggest.js';
import { resolvePath, notVariable, SEARCH_FIELD, type PathTarget, type VariantOf } from '../explorePaths.js';
import { type Diags, replaceFix } from './diagnostics.js';
import { BlockReader } from './blockReader.js';
import { axisOf } from './axes.js';

/** Most values one range may expand to: beyond it the list itself would cost more than the search of a larger space. */
export const MAX_RANGE_VALUES = 100_000;

type Checked = { value: ExploreValue; label: string };

export function checkExplore(s: ExploreStmt, d: Diags, mappings: Map<string, Mapping>): Exploration | undefined {
  const mapping = s.forRef ? mappings.get(s.forRef.text) : undefined;
  const variantOf: VariantOf | undefined = mapping
    ? (block, field) => (block.join('.') === 'workload.sparsity' && field === 'predictor' ? mapping.workload.predictor.kind : undefined)
    : undefined;
  const parameters = checkVary(s, d, mapping, variantOf);
  const objectives = checkObjectives(s, d);
  const constraints = checkConstraints(s, d);
  const search = checkSearch(s, d);
  const points = parameters.reduce((p, x) => p * x.values.length, 1);
  const head = s.name?.span ?? s.keyword.span;
  if (!objectives.length && !s.objectives.length) {
    d.error('explore-no-objective', `explore '${s.name?.text ?? ''}' has no objective: add e.g. \`minimize latency, energy\` (metrics: ${Object.keys(METRICS).join(', ')})`, head);
  }
  if (!s.vary.length) d.warning('explore-nothing-varies', `explore '${s.name?.text ?? ''}' varies nothing: add vary { PATH = [values] }, e.g. core.sram.token = 128 KB to 512 KB step 64 KB`, head);
  if (search.kind === 'exhaustive' && points > EXHAUSTIVE_LIMIT && s.search?.value) {
    d.warning('explore-space-too-large', `the space has ${points.toLocaleString('en-US')} points, more than exhaustive search takes (${EXHAUSTIVE_LIMIT.toLocaleString('en-US')}): use search = auto or evolutionary, or vary fewer values`,
      s.search.value.span, replaceFix(s.search.value.span, 'auto'));
  }
  if (!mapping || !s.name) return undefined;
  return {
    name: s.name.text, simulation: { name: mapping.name, mapping, baselines: [], span: s.span },
    parameters, objectives, constraints, search, points, span: s.span,
  };
}

function checkVary(s: ExploreStmt, d: Diags, mapping: Mapping | undefined, variantOf: VariantOf | undefined): ExploreParameter[] {
  const out: ExploreParameter[] = [];
  const seen = new Set<string>();
  for (const e of s.vary) {
    const path = e.path.map(i => i.text).join('.');
    const pathSpan: Span = { start: e.path[0].span.start, end: e.path[e.path.length - 1].span.end };
    const target = checkPath(e, d, variantOf);
    if (!target) continue;
    if (e.path[0].text === 'chip' && mapping?.chip.singleCore) {
      d.error('explore-not-variable', `mapping '${mapping.name}' runs on core '${mapping.chip.core.name}' directly: it has no chip to vary (explore a mapping on a chip, or vary core.*)`, pathSpan);
      continue;
    }
    if (seen.has(path)) { d.error('explore-duplicate', `'${path}' is varied twice: remove one`, pathSpan); continue; }
    seen.add(path);
    if (!e.value) continue;                                   // syntax error already reported
    const checked = checkValues(e, e.value, target, d);
    if (checked && checked.length) out.push({ path, values: checked.map(c => c.value), labels: checked.map(c => c.label), span: e.span });
  }
  return out;
}

function checkPath(e: VaryEntry, d: Diags, variantOf: VariantOf | undefined): PathTarget | undefined {
  const segs = e.path.map(i => i.text);
  const r = resolvePath(segs, variantOf);
  if (r.ok) {
    const why = r.target.kind === 'field' ? notVariable(r.target.field.type) : undefined;
    if (why) { d.error('explore-not-variable', `'${segs.join('.')}' cannot vary: ${why}`, { start: e.path[0].span.start, end: e.path[e.path.length - 1].span.end }); return undefined; }
    return r.target;
  }
  const at = e.path[Math.min(r.at, e.path.length - 1)];
  const before = segs.slice(0, r.at).join('.');
  if (r.reason === 'block') {
    d.error('explore-unknown-path', `'${segs.join('.')}' is a block, not a field: go on with one of ${r.candidates.map(c => `${segs.join('.')}.${c}`).slice(0, 6).join(', ')}`, at.span);
  } else if (r.reason === 'past-field') {
    d.error('explore-unknown-path', `'${before}' is a field: the path ends there`, { start: at.span.start, end: e.path[e.path.length - 1].span.end });
  } else {
    const { hint, best } = suggestion(at.text, r.candidates);
    const where = r.at === 0 ? 'a path starts with' : `'${before}' has`;
    d.error('explore-unknown-path', `unknown path '${segs.join('.')}'${hint || `: ${where} ${r.candidates.join(', ')}`}`, at.span, best ? replaceFix(at.span, best) : undefined);
  }
  return undefined;
}

function checkValues(e: VaryEntry, v: Value, target: PathTarget, d: Diags): Checked[] | undefined {
  if (v.kind === 'range' || e.step) {
    if (v.kind !== 'range') { d.error('explore-step', `'step' follows a range: write A to B step C`, e.stepKeyword?.span ?? e.span); return undefined; }
    return expandRange(e, v.from, v.to, v.span, target, d);
  }
  const items = v.kind === 'list' ? v.items : [v];
  if (v.kind === 'list' && v.items.length === 0) {
    d.error('explore-empty-range', `'${e.path.map(i => i.text).join('.')}' has no values: list at least one`, v.span);
    return undefined;
  }
  const out: Checked[] = [];
  let ok = true;
  for (const item of items) {
    const c = checkOne(item, target, d);
    if (c) out.push(c); else ok = false;
  }
  return ok ? out : undefined;
}

function label(v: Value): string {
  switch (v.kind) {
    case 'number': return v.unit ? `${v.text} ${v.unit.text}` : v.text;
    case 'dims': return `${v.rows.text} x ${v.cols.text}`;
    case 'ref': return v.path.map(p => p.text).join('.');
    case 'call': return v.name.text;
    default: return '';
  }
}

/** One field, alone in a block of its own, read by the field's own getter: the same rules and messages. */
function readerFor(f: FieldSchema, v: Value, d: Diags): BlockReader {
  const schema: BlockSchema = { name: f.name, doc: f.doc, fields: { [f.name]: f }, blocks: {} };
  const field: Field = { kind: 'field', key: { text: f.name, span: v.span }, value: v, span: v.span };
  return new BlockReader(d, schema, [field], `'${f.name}'`);
}

function checkOne(v: Value, target: PathTarget, d: Diags): Checked | undefined {
  const f = target.field, t = f.type, before = d.list.length;
  const clean = () => d.list.length === before;
  if (target.kind === 'partition') {
    if (v.kind !== 'ref') { d.error('type-mismatch', `'${f.name}' takes a mesh axis (${(t as { values: string[] }).values.join(', ')})`, v.span); return undefined; }
    const word = label(v), axis = axisOf(word);
    if (axis) return { value: axis, label: word };
    const targets = (t as { values: string[] }).values;
    const { hint, best } = suggestion(word, targets);
    d.error('unknown-value', `'${word}' is not a mesh axis${hint || ''}: use ${targets.join(', ')}`, v.span, best ? replaceFix(v.span, best) : undefined);
    return undefined;
  }
  if (v.kind === 'ref' && v.path.length === 1 && f.keywords?.includes(v.path[0].text)) return { value: v.path[0].text, label: v.path[0].text };
  const r = readerFor(f, v, d);
  switch (t.kind) {
    case 'quantity': { const x = r.num(f.name, NaN); return clean() && Number.isFinite(x) ? { value: x, label: label(v) } : undefined; }
    case 'dims': {
      const x = r.dims(f.name, [NaN, NaN]);
      if (x.of) { d.error('explore-not-variable', `the core of a mesh cannot vary here: write the size only (${label(v)}) and vary core.* for the core`, x.of.span); return undefined; }
      return clean() && Number.isFinite(x.rows) && Number.isFinite(x.cols) ? { value: { rows: x.rows, cols: x.cols }, label: label(v) } : undefined;
    }
    case 'enum': { const w = r.enum(f.name, ''); return clean() && w ? { value: w, label: w } : undefined; }
    case 'bool': { const b = r.bool(f.name, false); return clean() ? { value: b, label: b ? 'on' : 'off' } : undefined; }
    case 'call': {
      if (v.kind === 'call') {
        d.error('type-mismatch', `write the variant's word only (${Object.keys(t.variants).join(', ')}): vary its fields by their own path, e.g. ${'workload.sparsity.predictor.bits'}`, v.span);
        return undefined;
      }
      const c = r.call(f.name, f.name);
      return clean() && c ? { value: c.variant, label: c.variant } : undefined;
    }
    default: return undefined;
  }
}

/** A to B step C in the unit written (the first one given), B included when it falls on a step (relative tolerance
 *  1e-9); every value passes the field's own rule (range, whole numbers) or the first that does not is reported. */
function expandRange(e: VaryEntry, from: NumberValue, to: NumberValue, span: Span, target: PathTarget, d: Diags): Checked[] | undefined {
  const f = target.field, t = f.type;
  if (t.kind !== 'quantity') {
    d.error('explore-step', `'${f.name}' takes ${t.kind === 'dims' ? 'sizes R x C' : 'words'}, not a numeric range: list its values [a, b, ...]`, span);
    return undefined;
  }
  const before = d.list.length;
  const a = readerFor(f, from, d).num(f.name, NaN), b = readerFor(f, to, d).num(f.name, NaN);
  if (d.list.length !== before || !Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  const step = e.step;
  if (!step) {
    d.error('explore-step', `a range needs a step: write ${label(from)} to ${label(to)} step ...`, span);
    return undefined;
  }
  const unit = from.unit?.text ?? to.unit?.text ?? step.unit?.text;
  if (unit && !step.unit) {
    // A bare step beside ends with units would read as base units (2.5 for 250 %): ask for the unit.
    d.error('explore-step', `write the step in a unit too: ${step.text} ${unit}`, step.span,
      [{ title: `Add unit '${unit}'`, edits: [{ span: { start: step.span.end, end: step.span.end }, newText: ` ${unit}` }], preferred: true }]);
    return undefined;
  }
  const s = normalise(step.value, step.unit?.text, t.dimension);
  if (!s.ok) {
    const du = unit ?? DEFAULT_UNIT[t.dimension];
    const units = unitsOf(t.dimension);
    const fix = du && s.reason === 'missing-unit' ? [{ title: `Add unit '${du}'`, edits: [{ span: { start: step.span.end, end: step.span.end }, newText: ` ${du}` }], preferred: true }] : undefined;
    d.error('explore-step', s.reason === 'missing-unit' ? `the step needs a unit of ${t.dimension} (${units.join(', ')})`
      : `the step's unit '${s.unit}' does not fit '${f.name}' (${units.length ? units.join(', ') : 'no unit'})`, step.span, fix);
    return undefined;
  }
  const c = s.value;
  if (!(c > 0)) { d.error('explore-empty-range', `the step must be above 0, found ${label(step)}`, step.span); return undefined; }
  if (b < a) {
    d.error('explore-empty-range', `the range is empty: ${label(to)} is below ${label(from)} (write the smaller value first)`, span,
      replaceFix(span, `${label(to)} to ${label(from)}`, 'Swap the ends'));
    return undefined;
  }
  const k = (b - a) / c;
  const n = Math.floor(k + 1e-9 * Math.max(1, k)) + 1;
  if (n > MAX_RANGE_VALUES) {
    d.error('explore-range-too-large', `the range has ${n.toLocaleString('en-US')} values, more than one parameter takes (${MAX_RANGE_VALUES.toLocaleString('en-US')}): use a larger step`, step.span);
    return undefined;
  }
  const factor = unit && UNIT_TABLE[unit] && UNIT_TABLE[unit].dimension === t.dimension ? UNIT_TABLE[unit].factor : 1;
  const unitIdent: Ident | undefined = unit ? { text: unit, span } : undefined;
  const out: Checked[] = [];
  // Rounded to 12 significant digits of the larger end (as written), so 5 % + 3 x 2.5 % is 12.5 %, not 12.499999...;
  // one scale for the whole range keeps this a multiply and a round per value (ranges reach 100,000 values).
  const aw = a / factor, cw = c / factor;
  const digits = Math.min(15, Math.max(0, 12 - Math.ceil(Math.log10(Math.max(Math.abs(aw), Math.abs(b / factor), 1e-300)))));
  const scale = 10 ** digits, baseScale = factor < 1 ? scale / factor : 1;
  for (let i = 0; i < n; i++) {
    const written = Math.round((aw + i * cw) * scale) / scale;
    const x = factor < 1 ? Math.round(written * factor * baseScale) / baseScale : written * factor;
    const text = String(written);
    // Interior values lie between the ends, which passed the field's range: what is left of its rule is whole numbers.
    // The first value that fails it is read by the field's own getter, for the same diagnostic as in the block.
    if (t.integer && !Number.isInteger(x)) {
      readerFor(f, { kind: 'number', value: written, text, unit: unitIdent, span }, d).num(f.name, NaN);
      return undefined;
    }
    out.push({ value: x, label: unit ? `${text} ${unit}` : text });
  }
  return out;
}

function checkObjectives(s: ExploreStmt, d: Diags): ExploreObjective[] {
  const out: ExploreObjective[] = [];
  const seen = new Map<string, string>();
  for (const clause of s.objectives) {
    for (const m of clause.metrics) {
      if (!metricKnown(m, d)) continue;
      const prev = seen.get(m.text);
      if (prev) { d.error('explore-duplicate', `'${m.text}' is already an objective (${prev}): remove one`, m.span); continue; }
      seen.set(m.text, clause.keyword.text);
      out.push({ metric: m.text, sense: clause.sense, span: m.span });
    }
  }
  return out;
}

function metricKnown(m: Ident, d: Diags): boolean {
  if (Object.prototype.hasOwnProperty.call(METRICS, m.text)) return true;
  const { hint, best } = suggestion(m.text, Object.keys(METRICS));
  d.error('explore-unknown-metric', `unknown metric '${m.text}'${hint || `: use ${Object.keys(METRICS).join(', ')}`}`, m.span, best ? replaceFix(m.span, best) : undefined);
  return false;
}

interface Bound { value: number; strict: boolean; c: ExploreConstraint; text: string }

function checkConstraints(s: ExploreStmt, d: Diags): ExploreConstraint[] {
  const out: ExploreConstraint[] = [];
  const lo = new Map<string, Bound>(), hi = new Map<string, Bound>();
  for (const c of s.constraints) {
    if (!metricKnown(c.metric, d) || !c.op || !c.value) continue;
    const info = METRICS[c.metric.text], n = c.value;
    let value: number;
    if (n.unit) {
      const factor = info.units[n.unit.text];
      if (factor === undefined) {
        const { hint, best } = suggestion(n.unit.text, Object.keys(info.units));
        d.error('explore-constraint-unit', `'${c.metric.text}' is not measured in '${n.unit.text}'${hint || `: use ${Object.keys(info.units).join(', ')}${info.unit === '' ? ' or a bare fraction' : ''}`}`,
          n.unit.span, best ? replaceFix(n.unit.span, best) : undefined);
        continue;
      }
      value = n.value * factor;
    } else if (info.unit === '') value = n.value;
    else {
      d.error('explore-constraint-unit', `'${c.metric.text}' needs a unit (${Object.keys(info.units).join(', ')}): write ${n.text} ${info.unit}`, n.span,
        [{ title: `Add unit '${info.unit}'`, edits: [{ span: { start: n.span.end, end: n.span.end }, newText: ` ${info.unit}` }], preferred: true }]);
      continue;
    }
    const op = c.op.text as ExploreConstraint['op'];
    const ec: ExploreConstraint = { metric: c.metric.text, op, value, span: c.span };
    out.push(ec);
    const text = `${c.metric.text} ${op} ${label(n)}`;
    const bound: Bound = { value, strict: op === '<' || op === '>', c: ec, text };
    const upper = op === '<=' || op === '<';
    const map = upper ? hi : lo;
    const prev = map.get(ec.metric);
    // The tighter bound stands; between equal values a strict one is tighter.
    if (!prev || (upper ? value < prev.value : value > prev.value) || (value === prev.value && bound.strict)) map.set(ec.metric, bound);
    const l = lo.get(ec.metric), h = hi.get(ec.metric);
    if (l && h && (l.value > h.value || (l.value === h.value && (l.strict || h.strict)))) {
      const other = upper ? l : h;
      d.error('explore-contradiction', `'${text}' contradicts '${other.text}': no design can meet both`, c.span);
      (upper ? hi : lo).delete(ec.metric);
      if (prev) (upper ? hi : lo).set(ec.metric, prev);
    }
  }
  return out;
}

function checkSearch(s: ExploreStmt, d: Diags): ExploreSearch {
  const v = s.search?.value;
  if (!v) return { kind: 'auto' };
  const c = readerFor(SEARCH_FIELD, v, d).call('search', 'search');
  if (!c) return { kind: 'auto' };
  if (c.variant === 'exhaustive') return { kind: 'exhaustive' };
  if (c.variant !== 'evolutionary') return { kind: 'auto' };
  const E = EVOLUTIONARY_DEFAULTS;
  return { kind: 'evolutionary', population: c.reader.num('population', E.population), generations: c.reader.num('generations', E.generations), seed: c.reader.num('seed', E.seed) };
}

