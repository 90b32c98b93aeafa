// The entries of one block read against its schema (schema.ts): unknown, duplicate and misshaped entries are
// reported, typed getters check each value and fall back to the default. Also the helpers every block builder uses.
import type { TopBlock, Entry, Field, SubBlock, Partition, Value, NumberValue, Span, Ident } from '../ast.js';
import type { QuickFix } from '../diagnostics.js';
import type { BlockSchema, FieldSchema, Dimension } from '../schema.js';
import { UNIT_TABLE, DEFAULT_UNIT, normalise, unitsOf, formatBytes } from '../units.js';
import { parse } from '../parser.js';
import { suggestion } from '../suggest.js';
import { type Diags, replaceFix, fmt, pct } from './diagnostics.js';

const DIM_WORDS: Record<Dimension, string> = {
  length: 'a length', voltage: 'a voltage', frequency: 'a frequency', bytes: 'a capacity', bandwidth: 'a bandwidth',
  cycles: 'a number of cycles', tokens: 'a number of tokens', ratio: 'a fraction', count: 'a plain number',
};

const defaultValueCache = new Map<string, Value | undefined>();
/** A schema default ("128 x 32") as a syntax-tree value, parsed once. */
function defaultValue(text: string): Value | undefined {
  if (!defaultValueCache.has(text)) {
    const f = parse(`technology d { v = ${text} }`);
    const item = f.items[0];
    const e = item && item.kind !== 'simulate' && item.kind !== 'explore' ? item.body[0] : undefined;
    defaultValueCache.set(text, e && e.kind === 'field' ? e.value : undefined);
  }
  return defaultValueCache.get(text);
}

/**
 * The entries of one block read against its schema: unknown, duplicate and misshaped entries are reported once;
 * the typed getters then check each value and fall back to the schema default.
 */
export class BlockReader {
  readonly fields = new Map<string, Field>();
  readonly blocks = new Map<string, SubBlock>();
  readonly partitions: Partition[] = [];

  constructor(readonly d: Diags, readonly schema: BlockSchema, entries: Entry[], readonly where: string) {
    for (const e of entries) {
      if (e.kind === 'partition') { this.partitions.push(e); continue; }
      const name = e.key.text;
      const fs = schema.fields[name], bs = schema.blocks[name];
      if (!fs && !bs) {
        if (d.full) continue;
        const cands = [...Object.keys(schema.fields), ...Object.keys(schema.blocks)];
        const { hint, best } = suggestion(name, cands);
        const code = e.kind === 'block' ? 'unknown-block' : 'unknown-field';
        const list = cands.length ? ` (${where} has ${cands.join(', ')})` : ` (${where} has no ${e.kind === 'block' ? 'blocks' : 'fields'})`;
        d.error(code, `${where} has no ${e.kind === 'block' ? 'block' : 'field'} '${name}'${hint || list}`, e.key.span,
          best ? replaceFix(e.key.span, best) : undefined);
        continue;
      }
      if (e.kind === 'field' && !fs) {
        d.error('type-mismatch', `'${name}' is a block: write ${name} { ... }`, e.key.span);
        continue;
      }
      if (e.kind === 'block' && !bs) {
        d.error('type-mismatch', `'${name}' is a field: write ${name} = ${fs!.default ?? '...'}`, e.key.span);
        continue;
      }
      const map = e.kind === 'field' ? this.fields : this.blocks;
      if (map.has(name)) {
        d.error('duplicate-field', `'${name}' is given twice in ${where}: remove one`, e.key.span);
        continue;
      }
      (map as Map<string, Entry>).set(name, e);
    }
  }

  has(name: string): boolean { return this.fields.has(name); }
  field(name: string): Field | undefined { return this.fields.get(name); }
  spanOf(name: string, fallback: Span): Span { return this.fields.get(name)?.span ?? fallback; }
  valueSpan(name: string, fallback: Span): Span { return this.fields.get(name)?.value?.span ?? this.spanOf(name, fallback); }

  sub(name: string, where: string): BlockReader {
    const b = this.blocks.get(name);
    return new BlockReader(this.d, this.schema.blocks[name], b ? b.body : [], where);
  }
  subSpan(name: string): Span | undefined { return this.blocks.get(name)?.span; }

  /** The value written, or the schema default; `user` says which. */
  private value(name: string): { v: Value | undefined; user: boolean; fs: FieldSchema } {
    const fs = this.schema.fields[name];
    const f = this.fields.get(name);
    if (f) return { v: f.value, user: true, fs };
    return { v: fs.default !== undefined ? defaultValue(fs.default) : undefined, user: false, fs };
  }

  /** A keyword such as 'auto' written in place of a number, if the schema allows one. */
  keyword(name: string): string | undefined {
    const { v, fs } = this.value(name);
    if (v && v.kind === 'ref' && v.path.length === 1 && fs.keywords?.includes(v.path[0].text)) return v.path[0].text;
    if (!this.fields.has(name) && fs.default && fs.keywords?.includes(fs.default)) return fs.default;
    return undefined;
  }

  num(name: string, fallback: number): number {
    const { v, user, fs } = this.value(name);
    if (fs.type.kind !== 'quantity') throw new Error(`schema: ${name} is not a quantity`);
    if (!v) return fallback;
    if (v.kind === 'ref' && v.path.length === 1 && fs.keywords?.includes(v.path[0].text)) return fallback;
    const n = this.quantity(v, fs, user);
    return n ?? fallback;
  }

  quantity(v: Value, fs: FieldSchema, user = true): number | undefined {
    const t = fs.type;
    if (t.kind !== 'quantity') return undefined;
    if (v.kind !== 'number') {
      if (user) {
        const alt = fs.keywords?.length ? ` or ${fs.keywords.join(' / ')}` : '';
        this.d.error('type-mismatch', `'${fs.name}' takes ${DIM_WORDS[t.dimension]}${unitHint(t.dimension)}${alt}, found ${describeValue(v)}`, v.span);
      }
      return undefined;
    }
    const r = normalise(v.value, v.unit?.text, t.dimension);
    if (!r.ok) {
      if (!user) return undefined;
      const du = DEFAULT_UNIT[t.dimension];
      if (r.reason === 'missing-unit') {
        this.d.error('missing-unit', `'${fs.name}' needs a unit of ${t.dimension} (${unitsOf(t.dimension).join(', ')}): write ${v.text} ${du}`, v.span,
          du ? [{ title: `Add unit '${du}'`, edits: [{ span: { start: v.span.end, end: v.span.end }, newText: ` ${du}` }], preferred: true }] : undefined);
      } else if (r.reason === 'unknown-unit') {
        const { hint, best } = suggestion(r.unit!, unitsOf(t.dimension).length ? unitsOf(t.dimension) : Object.keys(UNIT_TABLE));
        const expected = t.dimension === 'count' ? 'no unit' : unitsOf(t.dimension).join(', ');
        this.d.error('unknown-unit', `unknown unit '${r.unit}'${hint || ` ('${fs.name}' takes ${expected})`}`, v.unit!.span,
          best ? replaceFix(v.unit!.span, best) : undefined);
      } else {
        const info = UNIT_TABLE[r.unit!];
        if (t.dimension === 'count') {
          this.d.error('wrong-unit', `'${fs.name}' is a plain number: remove '${r.unit}'`, v.unit!.span,
            [{ title: `Remove '${r.unit}'`, edits: [{ span: { start: v.span.start + v.text.length, end: v.span.end }, newText: '' }], preferred: true }]);
        } else {
          this.d.error('wrong-unit', `'${r.unit}' is ${DIM_WORDS[info.dimension]} but '${fs.name}' takes ${DIM_WORDS[t.dimension]} (${unitsOf(t.dimension).join(', ')})`, v.unit!.span,
            du ? replaceFix(v.unit!.span, du) : undefined);
        }
      }
      return undefined;
    }
    const x = r.value;
    const ok = (t.min === undefined || (t.minExclusive ? x > t.min : x >= t.min)) && (t.max === undefined || x <= t.max);
    if (!ok) {
      if (!user) return undefined;
      const lo = t.min === undefined ? '' : t.minExclusive ? `above ${showIn(t.min, t.dimension)}` : `at least ${showIn(t.min, t.dimension)}`;
      const hi = t.max === undefined ? '' : `at most ${showIn(t.max, t.dimension)}`;
      let extra = '';
      let fixes: QuickFix[] | undefined;
      if (t.dimension === 'ratio' && !v.unit && v.value > 1 && v.value <= 100) {
        extra = `: did you mean ${v.text} %?`;
        fixes = [{ title: `Write ${v.text} %`, edits: [{ span: { start: v.span.end, end: v.span.end }, newText: ' %' }], preferred: true }];
      }
      this.d.error('out-of-range', `'${fs.name}' must be ${[lo, hi].filter(Boolean).join(' and ')}, found ${v.text}${v.unit ? ' ' + v.unit.text : ''}${extra}`, v.span, fixes);
      return undefined;
    }
    if (t.integer && !Number.isInteger(x)) {
      this.d.error('not-integer', `'${fs.name}' must be a whole number, found ${v.text}`, v.span,
        replaceFix({ start: v.span.start, end: v.span.start + v.text.length }, String(Math.max(1, Math.round(v.value)))));
      return undefined;
    }
    return x;
  }

  word(name: string): { text: string; span: Span } | undefined {
    const { v, user, fs } = this.value(name);
    if (!v) return undefined;
    if (v.kind === 'ref' && v.path.length === 1) return { text: v.path[0].text, span: v.span };
    if (user) this.d.error('type-mismatch', `'${fs.name}' takes a name${fs.type.kind === 'enum' ? ` (${fs.type.values.join(', ')})` : ''}, found ${describeValue(v)}`, v.span);
    return undefined;
  }

  enum<T extends string>(name: string, fallback: T): T {
    const fs = this.schema.fields[name];
    if (fs.type.kind !== 'enum') throw new Error(`schema: ${name} is not an enum`);
    const w = this.word(name);
    if (!w) return fallback;
    if (fs.type.values.includes(w.text)) return w.text as T;
    const { hint, best } = suggestion(w.text, fs.type.values);
    this.d.error('unknown-value', `'${name}' cannot be '${w.text}'${hint || ''}: use ${fs.type.values.join(', ')}`, w.span,
      best ? replaceFix(w.span, best) : undefined);
    return fallback;
  }

  bool(name: string, fallback: boolean): boolean {
    const w = this.word(name);
    if (!w) return fallback;
    if (w.text === 'on') return true;
    if (w.text === 'off') return false;
    const { best } = suggestion(w.text, ['on', 'off']);
    const guess = best ?? (/^(true|yes|enabled?)$/i.test(w.text) ? 'on' : /^(false|no|disabled?)$/i.test(w.text) ? 'off' : undefined);
    this.d.error('unknown-value', `'${name}' is on or off, found '${w.text}'${guess ? `: did you mean '${guess}'?` : ''}`, w.span,
      guess ? replaceFix(w.span, guess) : undefined);
    return fallback;
  }

  str(name: string, fallback: string): string {
    const { v, user } = this.value(name);
    if (!v) return fallback;
    if (v.kind === 'string') return v.value;
    if (v.kind === 'ref') return v.path.map(p => p.text).join('.');
    if (user) this.d.error('type-mismatch', `'${name}' takes a string in quotes, found ${describeValue(v)}`, v.span);
    return fallback;
  }

  dims(name: string, fallback: [number, number]): { rows: number; cols: number; of?: Ident } {
    const { v, user, fs } = this.value(name);
    const t = fs.type;
    if (t.kind !== 'dims') throw new Error(`schema: ${name} is not dims`);
    if (!v) return { rows: fallback[0], cols: fallback[1] };
    if (v.kind === 'number' && v.unit && /^x\d+$/.test(v.unit.text)) {
      // 4x4 lexes as the number 4 and the word x4.
      const fixed = `${v.text} x ${v.unit.text.slice(1)}`;
      if (user) this.d.error('syntax', `write sizes with spaces around x: ${fixed}`, v.span, replaceFix(v.span, fixed));
      return { rows: fallback[0], cols: fallback[1] };
    }
    if (v.kind !== 'dims') {
      if (user) this.d.error('type-mismatch', `'${name}' takes rows x columns, e.g. ${fs.default ?? '4 x 4'}, found ${describeValue(v)}`, v.span);
      return { rows: fallback[0], cols: fallback[1] };
    }
    const one = (n: NumberValue, fb: number): number => {
      if (n.unit) {
        if (user) this.d.error('wrong-unit', `the sizes of '${name}' are plain numbers: remove '${n.unit.text}'`, n.unit.span,
          [{ title: `Remove '${n.unit.text}'`, edits: [{ span: { start: n.span.start + n.text.length, end: n.span.end }, newText: '' }], preferred: true }]);
        return fb;
      }
      if (!Number.isInteger(n.value)) {
        if (user) this.d.error('not-integer', `the sizes of '${name}' must be whole numbers, found ${n.text}`, n.span);
        return fb;
      }
      if ((t.min !== undefined && n.value < t.min) || (t.max !== undefined && n.value > t.max)) {
        if (user) this.d.error('out-of-range', `each size of '${name}' must be from ${t.min ?? 1} to ${t.max}, found ${n.text}`, n.span,
          t.max !== undefined && n.value > t.max ? replaceFix(n.span, String(t.max)) : undefined);
        return fb;
      }
      return n.value;
    };
    return { rows: one(v.rows, fallback[0]), cols: one(v.cols, fallback[1]), of: v.of };
  }

  range(name: string, fallback: [number, number]): [number, number] {
    const { v, user, fs } = this.value(name);
    const t = fs.type;
    if (t.kind !== 'range') throw new Error(`schema: ${name} is not a range`);
    if (!v) return fallback;
    if (v.kind !== 'range') {
      if (user) this.d.error('type-mismatch', `'${name}' takes A to B, e.g. ${fs.default}, found ${describeValue(v)}`, v.span);
      return fallback;
    }
    for (const n of [v.from, v.to]) {
      if (n.unit || !Number.isInteger(n.value) || (t.min !== undefined && n.value < t.min) || (t.max !== undefined && n.value > t.max)) {
        if (user) this.d.error('out-of-range', `'${name}' takes whole numbers from ${t.min ?? 1} to ${t.max}, found ${n.text}${n.unit ? ' ' + n.unit.text : ''}`, n.span);
        return fallback;
      }
    }
    return [v.from.value, v.to.value];
  }

  /** word { fields } or a bare word: the variant's name and a reader of its body. */
  call(name: string, where: string): { variant: string; reader: BlockReader } | undefined {
    const { v, user, fs } = this.value(name);
    const t = fs.type;
    if (t.kind !== 'call') throw new Error(`schema: ${name} is not a call`);
    if (!v) return undefined;
    let vname: Ident, body: Entry[] = [];
    if (v.kind === 'call') { vname = v.name; body = v.body; }
    else if (v.kind === 'ref' && v.path.length === 1) vname = v.path[0];
    else {
      if (user) this.d.error('type-mismatch', `'${name}' takes one of ${Object.keys(t.variants).join(', ')}, found ${describeValue(v)}`, v.span);
      return undefined;
    }
    const schema = t.variants[vname.text];
    if (!schema) {
      const { hint, best } = suggestion(vname.text, Object.keys(t.variants));
      if (user) this.d.error('unknown-value', `'${name}' cannot be '${vname.text}'${hint || ''}: use ${Object.keys(t.variants).join(', ')}`, vname.span,
        best ? replaceFix(vname.span, best) : undefined);
      return undefined;
    }
    return { variant: vname.text, reader: new BlockReader(this.d, schema, body, `${where} ${vname.text}`) };
  }
}

function unitHint(dim: Dimension): string {
  const u = unitsOf(dim);
  return u.length ? ` (${u.join(', ')})` : '';
}
function showIn(base: number, dim: Dimension): string {
  if (dim === 'ratio') return pct(base);
  if (dim === 'frequency') return base >= 1e9 ? `${fmt(base / 1e9)} GHz` : `${fmt(base)} Hz`;
  if (dim === 'bytes') return formatBytes(base);
  if (dim === 'bandwidth') return `${fmt(base / 1e9)} GB/s`;
  if (dim === 'length') return `${fmt(base)} nm`;
  if (dim === 'voltage') return `${fmt(base)} V`;
  return fmt(base);
}
function describeValue(v: Value): string {
  switch (v.kind) {
    case 'number': return `the number ${v.text}${v.unit ? ' ' + v.unit.text : ''}`;
    case 'dims': return 'a size R x C';
    case 'range': return 'a range A to B';
    case 'string': return 'a string';
    case 'ref': return `'${v.path.map(p => p.text).join('.')}'`;
    case 'call': return `'${v.name.text} { ... }'`;
    case 'list': return 'a list';
  }
}

/** A block's name for messages (a nameless block, after a syntax error, still gets one). */
export function nameOf(b: TopBlock): string { return b.name?.text ?? `<${b.kind}>`; }
/** Where to point at a whole block: its name, or its keyword when it has none. */
export function headSpan(b: TopBlock): Span { return b.name?.span ?? b.keyword.span; }

export function requireFields(r: BlockReader, b: TopBlock, d: Diags): void {
  for (const fs of Object.values(r.schema.fields)) {
    if (fs.required && !r.has(fs.name)) {
      d.error('missing-field', `${b.kind} '${nameOf(b)}' needs '${fs.name}': ${fs.doc}`, headSpan(b));
    }
  }
}
