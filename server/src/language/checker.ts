// Syntax tree -> checked model. Names are resolved, units normalised, values checked against schema.ts, and the
// design-level rules (tiling, SRAM fit, partitions over the mesh, KV flow, DRAM routers) applied. Every problem is
// a StarDiagnostic on the exact span with a stable code (listed in docs/language.md); the Design is always complete
// (defaults stand in for what is wrong) so the editor keeps working on a file with mistakes.
import type {
  StarFile, TopBlock, SimulateStmt, Entry, Field, SubBlock, Partition, Value, NumberValue, Span, TopKind, Ident,
} from './ast.js';
import type { StarDiagnostic, Severity, QuickFix } from './diagnostics.js';
import { SCHEMA, BASELINES, type BlockSchema, type FieldSchema, type Dimension } from './schema.js';
import { UNIT_TABLE, DEFAULT_UNIT, normalise, unitsOf, formatBytes } from './units.js';
import { collectSymbols, type SymbolTable, type SymbolDefinition } from './symbols.js';
import { parse } from './parser.js';
import { AUTO_BC_MAX, ahatTileBytes, ahatBcLimit, tileWorkingSet, fitsSram as fits, largestFittingBc } from '../model/tiling.js';
import { suggestion } from './suggest.js';
import { DEFAULT_TECHNOLOGY, defaultCore, DEFAULT_NOC, DEFAULT_DRAM } from '../model/defaults.js';
import type {
  Design, Technology, Workload, Core, Chip, Mapping, Simulation, Predictor, SyntheticData, Axis, DramAttach, DramPlacement, Noc, Dram,
} from '../model/design.js';

export interface CheckResult { design: Design; diagnostics: StarDiagnostic[]; symbols: SymbolTable }

// ---------------------------------------------------------------------------------------------------------------
// Defaults of the paper's STAR core, used when a field is absent or wrong (defined once, in the model layer).
export { DEFAULT_TECHNOLOGY, defaultCore, DEFAULT_NOC, DEFAULT_DRAM };
export { AUTO_BC_MAX, tileWorkingSet, largestFittingBc, type TileWorkingSet } from '../model/tiling.js';
export { editDistance, didYouMean } from './suggest.js';
const DEFAULT_PREDICTOR: Predictor = { kind: 'dlzs', tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 16 };
const DEFAULT_DATA: SyntheticData = { dominantSpread: 0.75, dominantFew: 0.25, dominantRegion: 0, noise: 0.1, seed: 1 };

function replaceFix(span: Span, text: string, title = `Change to '${text}'`): QuickFix[] {
  return [{ title, edits: [{ span, newText: text }], preferred: true }];
}

const DIM_WORDS: Record<Dimension, string> = {
  length: 'a length', voltage: 'a voltage', frequency: 'a frequency', bytes: 'a capacity', bandwidth: 'a bandwidth',
  cycles: 'a number of cycles', tokens: 'a number of tokens', ratio: 'a fraction', count: 'a plain number',
};

function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(Math.round(x * 1000) / 1000);
}
function pct(x: number): string { return `${fmt(x * 100)} %`; }

// ---------------------------------------------------------------------------------------------------------------

/** More would only flood the editor: a file this broken is fixed from the top. */
export const MAX_CHECK_DIAGNOSTICS = 1000;

class Diags {
  readonly list: StarDiagnostic[] = [];
  private seen = new Set<string>();
  get full(): boolean { return this.list.length >= MAX_CHECK_DIAGNOSTICS; }
  add(code: string, severity: Severity, message: string, span: Span, fixes?: QuickFix[]): void {
    if (this.full) return;
    const key = `${code}|${span.start}|${span.end}|${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ code, severity, message, span: { start: span.start, end: span.end }, fixes, source: 'check' });
  }
  error(code: string, message: string, span: Span, fixes?: QuickFix[]): void { this.add(code, 'error', message, span, fixes); }
  warning(code: string, message: string, span: Span, fixes?: QuickFix[]): void { this.add(code, 'warning', message, span, fixes); }
}

const defaultValueCache = new Map<string, Value | undefined>();
/** A schema default ("128 x 32") as a syntax-tree value, parsed once. */
function defaultValue(text: string): Value | undefined {
  if (!defaultValueCache.has(text)) {
    const f = parse(`technology d { v = ${text} }`);
    const item = f.items[0];
    const e = item && item.kind !== 'simulate' ? item.body[0] : undefined;
    defaultValueCache.set(text, e && e.kind === 'field' ? e.value : undefined);
  }
  return defaultValueCache.get(text);
}

/**
 * The entries of one block read against its schema: unknown, duplicate and misshaped entries are reported once;
 * the typed getters then check each value and fall back to the schema default.
 */
class BlockReader {
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

// ---------------------------------------------------------------------------------------------------------------

export function check(file: StarFile): CheckResult {
  const d = new Diags();
  const symbols = collectSymbols(file);
  const design: Design = { technologies: [], workloads: [], cores: [], chips: [], mappings: [], simulations: [] };

  // Names: duplicates, then every reference (unknown, wrong kind).
  const firstDef = new Map<string, SymbolDefinition>();
  for (const def of symbols.definitions) {
    const prev = firstDef.get(def.name);
    if (prev) d.error('duplicate-name', `'${def.name}' is already defined (${prev.kind} '${prev.name}'): rename this ${def.kind}`, def.nameSpan);
    else firstDef.set(def.name, def);
  }
  for (const r of symbols.references) {
    const kinds = r.expected.join(' or ');
    if (!r.resolved) {
      if (r.expected.includes('technology') && r.name === DEFAULT_TECHNOLOGY.name) continue;   // built in
      const cands = symbols.definitions.filter(x => r.expected.includes(x.kind)).map(x => x.name);
      if (r.expected.includes('technology')) cands.push(DEFAULT_TECHNOLOGY.name);
      const { hint, best } = suggestion(r.name, cands);
      const avail = cands.length ? ` (${cands.slice(0, 8).join(', ')})` : ` (there is no ${kinds} in this file)`;
      d.error('unknown-name', `unknown ${kinds} '${r.name}'${hint || avail}`, r.span, best ? replaceFix(r.span, best) : undefined);
    } else if (!r.expected.includes(r.resolved.kind)) {
      d.error('wrong-kind', `'${r.name}' is a ${r.resolved.kind}, but a ${kinds} is needed here`, r.span);
    }
  }
  const resolve = (name: string | undefined, kind: TopKind): SymbolDefinition | undefined => {
    if (!name) return undefined;
    const def = firstDef.get(name);
    return def && def.kind === kind ? def : undefined;
  };

  const blocksOf = <K extends TopKind>(kind: K) =>
    file.items.filter((i): i is TopBlock => i.kind === kind && !!(i as TopBlock).name && firstDef.get((i as TopBlock).name!.text)?.nameSpan === (i as TopBlock).name!.span);

  const technologies = new Map<string, Technology>();
  for (const b of blocksOf('technology')) {
    const t = checkTechnology(b, d);
    technologies.set(t.name, t);
    design.technologies.push(t);
  }
  const cores = new Map<string, Core>();
  for (const b of blocksOf('core')) {
    const c = checkCore(b, d, technologies);
    cores.set(c.name, c);
    design.cores.push(c);
  }
  const chips = new Map<string, Chip>();
  for (const b of blocksOf('chip')) {
    const c = checkChip(b, d, cores);
    chips.set(c.name, c);
    design.chips.push(c);
  }
  const workloads = new Map<string, Workload>();
  for (const b of blocksOf('workload')) {
    const w = checkWorkload(b, d);
    workloads.set(w.name, w);
    design.workloads.push(w);
  }
  const mappings = new Map<string, Mapping>();
  for (const b of blocksOf('mapping')) {
    const m = checkMapping(b, d, workloads, chips, cores, resolve);
    if (m) { mappings.set(m.name, m); design.mappings.push(m); }
  }
  const simulated = new Map<string, number>();
  for (const item of file.items) {
    if (item.kind !== 'simulate') continue;
    const s = checkSimulate(item, d, mappings);
    if (!s) continue;
    const n = (simulated.get(s.name) ?? 0) + 1;
    simulated.set(s.name, n);
    if (n > 1) s.name = `${s.name}#${n}`;
    design.simulations.push(s);
  }

  d.list.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { design, diagnostics: d.list, symbols };
}

function nameOf(b: TopBlock): string { return b.name?.text ?? `<${b.kind}>`; }
function headSpan(b: TopBlock): Span { return b.name?.span ?? b.keyword.span; }

function requireFields(r: BlockReader, b: TopBlock, d: Diags): void {
  for (const fs of Object.values(r.schema.fields)) {
    if (fs.required && !r.has(fs.name)) {
      d.error('missing-field', `${b.kind} '${nameOf(b)}' needs '${fs.name}': ${fs.doc}`, headSpan(b));
    }
  }
}

function checkTechnology(b: TopBlock, d: Diags): Technology {
  const r = new BlockReader(d, SCHEMA.technology, b.body, `technology '${nameOf(b)}'`);
  return {
    name: nameOf(b),
    nodeNm: r.num('node', 28),
    voltageV: r.num('voltage', 1.0),
    frequencyHz: r.num('frequency', 1e9),
    span: b.span,
  };
}

function checkCore(b: TopBlock, d: Diags, technologies: Map<string, Technology>): Core {
  const where = `core '${nameOf(b)}'`;
  const r = new BlockReader(d, SCHEMA.core, b.body, where);
  const techName = r.word('technology');
  const technology = (techName && technologies.get(techName.text)) ?? DEFAULT_TECHNOLOGY;
  const def = defaultCore(nameOf(b), technology);

  const dl = r.sub('dlzs', `${where} dlzs`);
  const dlArr = dl.dims('array', [128, 32]);
  const sa = r.sub('sads', `${where} sads`);
  const [inputs, outputs] = sa.range('width', [16, 4]);
  if (inputs <= outputs && sa.has('width')) {
    d.error('out-of-range', `a SADS sort core must take more inputs than it keeps: '${inputs} to ${outputs}' keeps all (e.g. 16 to 4)`, sa.valueSpan('width', b.span));
  }
  const kv = r.sub('kvgen', `${where} kvgen`);
  const kvArr = kv.dims('array', [128, 4]);
  const su = r.sub('sufa', `${where} sufa`);
  const suArr = su.dims('array', [128, 4]);
  const sr = r.sub('sram', `${where} sram`);
  return {
    name: nameOf(b),
    technology,
    dlzs: { rows: dlArr.rows, cols: dlArr.cols, enabled: dl.bool('enabled', true), span: r.subSpan('dlzs') },
    sads: {
      sorters: sa.num('sorters', 128), inputs: inputs > outputs ? inputs : 16, outputs: inputs > outputs ? outputs : 4,
      radius: sa.num('radius', 4), enabled: sa.bool('enabled', true), span: r.subSpan('sads'),
    },
    kvgen: { rows: kvArr.rows, cols: kvArr.cols, bits: kv.num('bits', 16), span: r.subSpan('kvgen') },
    sufa: {
      rows: suArr.rows, cols: suArr.cols, bits: su.num('bits', 16), expUnits: su.num('exp_units', 128), divUnits: su.num('div_units', 128),
      order: su.enum<Core['sufa']['order']>('order', 'descending'), enabled: su.bool('enabled', true), span: r.subSpan('sufa'),
    },
    sram: {
      tokenBytes: sr.num('token', def.sram.tokenBytes), weightBytes: sr.num('weight', def.sram.weightBytes),
      tempBytes: sr.num('temp', def.sram.tempBytes), span: r.subSpan('sram'),
    },
    rass: r.bool('rass', true),
    span: b.span,
  };
}

function checkChip(b: TopBlock, d: Diags, cores: Map<string, Core>): Chip {
  const where = `chip '${nameOf(b)}'`;
  const r = new BlockReader(d, SCHEMA.chip, b.body, where);
  requireFields(r, b, d);
  const mesh = r.dims('mesh', [1, 1]);
  const core = (mesh.of && cores.get(mesh.of.text)) ?? defaultCore();
  const n = r.sub('noc', `${where} noc`);
  const dr = r.sub('dram', `${where} dram`);
  const attach = checkAttach(dr, d, mesh.rows, mesh.cols);
  return {
    name: nameOf(b),
    rows: mesh.rows, cols: mesh.cols, core,
    noc: {
      linkBandwidthBps: n.num('link_bandwidth', DEFAULT_NOC.linkBandwidthBps),
      hopLatencyCycles: n.num('hop_latency', DEFAULT_NOC.hopLatencyCycles),
      routing: n.enum('routing', 'xy'),
      span: r.subSpan('noc'),
    },
    dram: {
      kind: dr.enum('kind', 'HBM2'),
      channels: dr.num('channels', DEFAULT_DRAM.channels),
      bandwidthBps: dr.num('bandwidth', DEFAULT_DRAM.bandwidthBps),
      attach,
      placement: dr.enum<DramPlacement>('placement', 'nearest'),
      span: r.subSpan('dram'),
    },
    singleCore: false,
    span: b.span,
  };
}

function checkAttach(dr: BlockReader, d: Diags, rows: number, cols: number): DramAttach {
  const f = dr.field('attach');
  if (!f?.value || f.value.kind !== 'list') return dr.enum('attach', 'edges');
  const routers: Array<[number, number]> = [];
  for (const item of f.value.items) {
    const pair = item.kind === 'list' && item.items.length === 2 && item.items.every(x => x.kind === 'number' && !x.unit && Number.isInteger(x.value))
      ? (item.items as NumberValue[]).map(x => x.value) : undefined;
    if (!pair) {
      d.error('type-mismatch', `each router in 'attach' is (row, col) with whole numbers, e.g. (0, 0)`, item.span);
      continue;
    }
    const [r, c] = pair;
    if (r < 0 || c < 0 || r >= rows || c >= cols) {
      d.error('dram-router-missing', `there is no router (${r}, ${c}) on a ${rows} x ${cols} mesh: rows are 0..${rows - 1}, columns 0..${cols - 1}`, item.span);
      continue;
    }
    routers.push([r, c]);
  }
  if (!routers.length) return 'edges';
  return routers;
}

function checkWorkload(b: TopBlock, d: Diags): Workload {
  const where = `workload '${nameOf(b)}'`;
  const r = new BlockReader(d, SCHEMA.workload, b.body, where);
  requireFields(r, b, d);
  const seqLen = r.num('seq_len', 4096);
  const sp = r.sub('sparsity', `${where} sparsity`);
  const topK = sp.num('top_k', 0.2);
  if (topK > 0.5 && sp.has('top_k')) {
    d.warning('odd-top-k', `top_k ${pct(topK)} keeps more than half of the keys: sparsity saves little at this ratio (the paper searched 5 % to 50 %)`, sp.valueSpan('top_k', b.span));
  }
  const predictor = checkPredictor(sp, where);
  const data = checkData(r, where, d);
  const queryLen = r.num('query_len', seqLen);
  const queryBlock = r.num('query_block', 128);
  const w: Workload = {
    name: nameOf(b),
    model: r.str('model', 'custom'),
    layers: r.num('layers', 1),
    heads: r.num('heads', 1),
    headDim: r.num('head_dim', 64),
    seqLen, queryLen,
    batch: r.num('batch', 1),
    queryBlock,
    topK, predictor, data,
    span: b.span,
  };
  workloadReaders.set(w, r);
  return w;
}

function checkPredictor(sp: BlockReader, where: string): Predictor {
  const c = sp.call('predictor', `${where} predictor`);
  if (!c) return { ...DEFAULT_PREDICTOR };
  const p = c.reader;
  switch (c.variant) {
    case 'lowbit': {
      const bits = p.num('bits', 4);
      return { kind: 'lowbit', tokenBits: bits, weightLzBits: bits, queryBits: bits, keyBits: bits };
    }
    case 'exact': return { kind: 'exact', tokenBits: 16, weightLzBits: 16, queryBits: 16, keyBits: 16 };
    default: return {
      kind: c.variant as 'dlzs' | 'symmetric',
      tokenBits: p.num('token_bits', 8), weightLzBits: p.num('weight_lz_bits', 4),
      queryBits: p.num('query_bits', 16), keyBits: p.num('key_bits', 16),
    };
  }
}

function checkData(r: BlockReader, where: string, d: Diags): SyntheticData {
  const c = r.call('data', `${where} data`);
  if (!c) return { ...DEFAULT_DATA };
  const p = c.reader;
  const data: SyntheticData = {
    dominantSpread: p.num('dominant_spread', DEFAULT_DATA.dominantSpread),
    dominantFew: p.num('dominant_few', DEFAULT_DATA.dominantFew),
    dominantRegion: p.num('dominant_region', DEFAULT_DATA.dominantRegion),
    noise: p.num('noise', DEFAULT_DATA.noise),
    seed: p.num('seed', DEFAULT_DATA.seed),
  };
  // only when written, so data without them keeps its cache keys and draws
  const heavy = p.num('heavy_hitters', 0), shared = p.num('shared_dominant', 0);
  if (heavy > 0) data.heavyHitters = heavy;
  if (shared > 0) data.sharedDominant = shared;
  if (shared > 0 && !(heavy > 0)) {
    d.warning('no-effect', 'shared_dominant has no effect without heavy_hitters: add e.g. heavy_hitters = 10 % to the synthetic data',
      p.valueSpan('shared_dominant', r.field('data')?.span ?? { start: 0, end: 0 }));
  }
  const sum = data.dominantSpread + data.dominantFew + data.dominantRegion;
  if (sum > 1 + 1e-9) {
    d.error('out-of-range', `the row shapes of synthetic data add up to ${pct(sum)}: dominant_spread + dominant_few + dominant_region must be at most 100 %`,
      r.valueSpan('data', r.field('data')?.span ?? { start: 0, end: 0 }));
  }
  return data;
}

function axisOf(target: string): Axis | undefined {
  return ({ 'mesh.rows': 'rows', 'mesh.cols': 'cols', mesh: 'all', none: 'none' } as Record<string, Axis>)[target];
}
function axisSize(axis: Axis, chip: Chip): number {
  return axis === 'rows' ? chip.rows : axis === 'cols' ? chip.cols : axis === 'all' ? chip.rows * chip.cols : 1;
}
function axisName(axis: Axis): string {
  return axis === 'rows' ? 'mesh.rows' : axis === 'cols' ? 'mesh.cols' : axis === 'all' ? 'mesh' : 'none';
}
/** Every divisor of n, ascending (n up to 16M tokens: a square-root walk). */
function allDivisors(n: number): number[] {
  const lo: number[] = [], hi: number[] = [];
  for (let i = 1; i * i <= n; i++) {
    if (n % i === 0) { lo.push(i); if (i * i !== n) hi.push(n / i); }
  }
  return lo.concat(hi.reverse());
}
function divisors(n: number, limit = 64): number[] {
  const out: number[] = [];
  for (let i = 1; i <= Math.min(n, limit); i++) if (n % i === 0) out.push(i);
  return out;
}

function checkMapping(
  b: TopBlock, d: Diags, workloads: Map<string, Workload>, chips: Map<string, Chip>, cores: Map<string, Core>,
  resolve: (name: string | undefined, kind: TopKind) => SymbolDefinition | undefined,
): Mapping | undefined {
  const where = `mapping '${nameOf(b)}'`;
  const r = new BlockReader(d, SCHEMA.mapping, b.body, where);
  if (b.kind === 'mapping' && (!b.forRef || !b.onRef)) return undefined;     // syntax error already reported
  const workload = resolve(b.forRef?.text, 'workload') ? workloads.get(b.forRef!.text) : undefined;
  let chip: Chip | undefined;
  if (resolve(b.onRef?.text, 'chip')) chip = chips.get(b.onRef!.text);
  else {
    const coreName = b.onRef?.text;
    const core = resolve(coreName, 'core') ? cores.get(coreName!) : undefined;
    if (core) {
      chip = {
        name: core.name, rows: 1, cols: 1, core, noc: { ...DEFAULT_NOC },
        dram: { ...DEFAULT_DRAM, attach: [[0, 0]] }, singleCore: true, span: core.span,
      };
    }
  }
  // Fields are still read (and checked) when a name did not resolve; the mapping itself is left out.
  const kvFlow = r.enum<Mapping['kvFlow']>('kv_flow', 'own');
  const stages = r.enum<Mapping['stages']>('stages', 'pipelined');
  const ti = r.sub('tiling', `${where} tiling`);
  const bcWord = ti.keyword('bc'), tcWord = ti.keyword('tc');
  const bcIn = bcWord ? undefined : ti.num('bc', NaN);
  const tcIn = tcWord ? undefined : ti.num('tc', NaN);
  const partition = readPartitions(r, d);
  if (!workload || !chip) return undefined;

  const core = chip.core;
  const S = workload.seqLen;
  const qb = Math.min(workload.queryBlock, workload.queryLen);
  const k = workload.topK;
  const tilingSpan = r.subSpan('tiling') ?? headSpan(b);
  const bcSpan = ti.valueSpan('bc', tilingSpan);
  const tcSpan = ti.valueSpan('tc', tilingSpan);

  // Tiling: S = bc x tc.
  let bc: number | undefined;
  const validBc = bcIn !== undefined && Number.isFinite(bcIn);
  const validTc = tcIn !== undefined && Number.isFinite(tcIn);
  let divisorsOfS: number[] | undefined;                // only a mistake needs them
  const sDivisors = () => (divisorsOfS ??= allDivisors(S));
  const nearestDivisor = (x: number) => sDivisors().reduce((best, dv) => (Math.abs(dv - x) < Math.abs(best - x) ? dv : best), 1);
  if (validBc && validTc) {
    if (bcIn! * tcIn! !== S) {
      const fixTc = S % bcIn! === 0 ? S / bcIn! : undefined;
      d.error('tiling-mismatch', `bc x tc = ${bcIn} x ${tcIn} = ${bcIn! * tcIn!} but seq_len is ${S} tokens: they must multiply to seq_len${fixTc ? ` (tc = ${fixTc}, or tc = auto)` : ''}`,
        tcSpan, fixTc ? replaceFix(tcSpan, String(fixTc)) : replaceFix(tcSpan, 'auto'));
    } else bc = bcIn;
  } else if (validBc) {
    if (S % bcIn! !== 0) {
      const nd = nearestDivisor(bcIn!);
      d.error('tiling-mismatch', `bc = ${bcIn} does not divide seq_len ${S}: the KV tiles must cover the sequence exactly (e.g. bc = ${nd})`, bcSpan, replaceFix(bcSpan, String(nd)));
    } else bc = bcIn;
  } else if (validTc) {
    if (S % tcIn! !== 0) {
      d.error('tiling-mismatch', `tc = ${tcIn} does not divide seq_len ${S}: the KV tiles must cover the sequence exactly (e.g. tc = ${S / nearestDivisor(S / tcIn!)})`, tcSpan);
    } else bc = S / tcIn!;
  }
  // The tile a fix proposes: the largest that fits, preferring one whose A^ tile stays on chip (see ahat-spill).
  const bcFit = largestFittingBc(S, workload.headDim, qb, k, core, ahatBcLimit(qb, core.sram.tempBytes))
    ?? largestFittingBc(S, workload.headDim, qb, k, core);
  if (bc === undefined && !validBc && !validTc && !(bcIn !== undefined || tcIn !== undefined)) {
    // bc = auto (also when tc = auto): the fix's choice, at most AUTO_BC_MAX.
    bc = bcFit !== undefined && bcFit <= AUTO_BC_MAX ? bcFit : largestFittingBc(S, workload.headDim, qb, k, core, AUTO_BC_MAX);
    if (bc === undefined) {
      const ws = tileWorkingSet(1, workload.headDim, qb, k);
      d.error('sram-overflow', `no KV tile fits core '${core.name}': even bc = 1 needs ${formatBytes(ws.tokenBytes)} of token SRAM (query block ${qb} x head_dim ${workload.headDim} x 2 B + K and V tiles) and the core has ${formatBytes(core.sram.tokenBytes)}; use a smaller query_block or a larger sram { token }`, headSpan(b));
    }
  }
  if (bc === undefined) bc = bcFit ?? 1;
  const tc = Math.max(1, Math.round(S / bc));

  // SRAM fit of one KV tile.
  const ws = tileWorkingSet(bc, workload.headDim, qb, k);
  const userTile = validBc || validTc;
  if (userTile && !fits(ws, core)) {
    const fixSpan = validBc ? bcSpan : tcSpan;
    const fixText = bcFit ? (validBc ? String(bcFit) : String(S / bcFit)) : undefined;
    const parts: string[] = [];
    if (ws.tokenBytes > core.sram.tokenBytes) {
      parts.push(`${formatBytes(ws.tokenBytes)} of token SRAM (query block ${qb} x head_dim ${workload.headDim} x 2 B + K and V tiles 2 x 2 x ${bc} x ${workload.headDim} x 2 B, double-buffered) but core '${core.name}' has ${formatBytes(core.sram.tokenBytes)}`);
    }
    if (ws.tempBytes > core.sram.tempBytes) {
      parts.push(`${formatBytes(ws.tempBytes)} of temp SRAM (query block ${qb} x (${Math.ceil(k * bc)} kept keys x 4 B + 8 B)) but core '${core.name}' has ${formatBytes(core.sram.tempBytes)}`);
    }
    d.error('sram-overflow', `a KV tile of bc = ${bc} keys needs ${parts.join('; and ')}${bcFit ? `: the largest bc that fits${ahatTileBytes(qb, bcFit) <= core.sram.tempBytes ? ' with its A^ tile on chip' : ''} and divides seq_len ${S} is ${bcFit}` : ''}`,
      fixSpan, fixText ? replaceFix(fixSpan, fixText, validBc ? `Use bc = ${bcFit}` : `Use tc = ${fixText} (bc = ${bcFit})`) : undefined);
  }
  // Cross-stage tiling: the A^ tile waits in the temp SRAM for SADS; a larger one goes through DRAM (legal, but more
  // DRAM traffic and energy).
  if (userTile && fits(ws, core) && ahatTileBytes(qb, bc) > core.sram.tempBytes) {
    const fixSpan = validBc ? bcSpan : tcSpan;
    const onChip = bcFit !== undefined && ahatTileBytes(qb, bcFit) <= core.sram.tempBytes ? bcFit : undefined;
    const fixText = onChip ? (validBc ? String(onChip) : String(S / onChip)) : undefined;
    d.warning('ahat-spill', `the A^ tile of bc = ${bc} keys (query block ${qb} x ${bc} scores x 2 B = ${formatBytes(ahatTileBytes(qb, bc))}) does not fit core '${core.name}' temp SRAM of ${formatBytes(core.sram.tempBytes)}: A^ and the top-k indices then go through DRAM between the stages, as without cross-stage tiling${onChip ? `; bc = ${onChip} keeps them on chip` : ''}`,
      fixSpan, fixText ? replaceFix(fixSpan, fixText, validBc ? `Use bc = ${onChip}` : `Use tc = ${fixText} (bc = ${onChip})`) : undefined);
  }
  // SADS keeps top-(k x bc) keys of each tile: fewer than one is nothing.
  if (k * bc < 1) {
    const need = Math.ceil(1 / k);
    let fix: number | undefined;
    // The smallest tile that keeps a key, preferring one that fits the SRAM and fills whole sort rounds.
    const keeps = sDivisors().filter(x => x >= need);
    const fitsAt = (x: number) => fits(tileWorkingSet(x, workload.headDim, qb, k), core);
    fix = keeps.find(x => fitsAt(x) && x % core.sads.inputs === 0) ?? keeps.find(fitsAt) ?? keeps[0];
    d.error('sads-empty-tile', `a KV tile of ${bc} key${bc === 1 ? '' : 's'} at top_k ${pct(k)} keeps ${fmt(k * bc)} keys per SADS sub-segment, so SADS keeps none: use bc of at least ${need} or a larger top_k`,
      userTile ? (validBc ? bcSpan : tcSpan) : headSpan(b),
      fix && userTile ? replaceFix(validBc ? bcSpan : tcSpan, validBc ? String(fix) : String(S / fix)) : undefined);
  }
  if (core.sads.enabled && bc % core.sads.inputs !== 0) {
    d.warning('odd-tile', `bc = ${bc} is not a multiple of the SADS sort width ${core.sads.inputs}: the last sort round of every tile runs part-empty`,
      userTile ? (validBc ? bcSpan : tcSpan) : headSpan(b));
  }
  // Query blocks against the PE array.
  const qbSpan = findFieldSpan(workload, 'query_block') ?? headSpan(b);
  if (qb !== core.sufa.rows) {
    const what = qb < workload.queryBlock ? `query_len ${workload.queryLen} (shorter than query_block ${workload.queryBlock})` : `query_block ${qb}`;
    d.warning('odd-query-block', `${what} does not match the ${core.sufa.rows} PE rows of core '${core.name}': ${qb < core.sufa.rows ? `${core.sufa.rows - qb} rows stay idle` : 'each block takes several passes'}`, qbSpan);
  } else if (workload.queryLen % qb !== 0) {
    d.warning('odd-query-block', `query_len ${workload.queryLen} is not a multiple of query_block ${qb}: the last block is partial`, qbSpan);
  }

  // Partitions over the mesh.
  const mesh = { heads: partition.heads.axis, queries: partition.queries.axis, kv: partition.kv.axis };
  if (chip.singleCore || (chip.rows === 1 && chip.cols === 1)) {
    // one core: nothing to divide
  } else {
    if (!partition.explicit) { mesh.heads = 'rows'; mesh.queries = 'cols'; }
    const queryBlocks = Math.ceil(workload.queryLen / qb);
    const checks: Array<[keyof typeof mesh, number, string]> = [
      ['heads', workload.heads, `${workload.heads} heads`],
      ['queries', queryBlocks, `${queryBlocks} query blocks (query_len ${workload.queryLen} / query_block ${qb})`],
      ['kv', tc, `${tc} KV tiles (seq_len ${S} / bc ${bc})`],
    ];
    for (const [what, count, desc] of checks) {
      const axis = mesh[what];
      const n = axisSize(axis, chip);
      if (n > 1 && count % n !== 0) {
        const span = partition[what].span ?? headSpan(b);
        const fitting = divisors(count).filter(x => x <= 64);
        d.error('partition-indivisible', `${desc} do not divide over ${axisName(axis)} (${n} cores): use an axis of ${fitting.slice(-6).join(', ')} cores, or partition ${what} differently`, span);
      }
    }
    const used = (['heads', 'queries', 'kv'] as const).map(w => mesh[w]);
    const coversRows = used.includes('rows') || used.includes('all');
    const coversCols = used.includes('cols') || used.includes('all');
    if ((!coversRows && chip.rows > 1) || (!coversCols && chip.cols > 1)) {
      const idle = !coversRows && chip.rows > 1 ? 'mesh.rows' : 'mesh.cols';
      d.warning('idle-cores', `nothing is partitioned over ${idle}: the cores along it repeat the same work; partition heads, queries or kv over ${idle}`, headSpan(b));
    }
  }
  // KV ring: circulates along the kv axis, or along the queries axis (cores with the same heads, other queries).
  const flowSpan = r.valueSpan('kv_flow', headSpan(b));
  if (kvFlow === 'ring') {
    const ringAxis = mesh.kv !== 'none' ? mesh.kv : mesh.queries;
    const n = chip.singleCore ? 1 : axisSize(ringAxis, chip);
    if (n <= 1) {
      d.error('ring-one-wide', `kv_flow = ring needs a ring of at least 2 cores, but ${chip.singleCore ? `the mapping runs on the single core '${chip.name}'` : `${axisName(ringAxis)} is ${n} core wide`}: the ring runs along the kv partition (or the queries partition); use kv_flow = own or partition over a wider axis`,
        flowSpan, replaceFix(flowSpan, 'own', 'Use kv_flow = own'));
    }
  }
  if ((kvFlow === 'ring' || kvFlow === 'multicast') && !chip.singleCore) {
    // Bandwidth a link needs to deliver one KV tile per tile of compute on a core (estimate, docs/language.md).
    const f = core.technology.frequencyHz;
    const kvTileBytes = 2 * bc * workload.headDim * 2;
    const predictCycles = (qb * bc * workload.headDim) / (core.dlzs.rows * core.dlzs.cols);
    const sufaCycles = (2 * qb * Math.max(1, k * bc) * workload.headDim) / (core.sufa.rows * core.sufa.cols);
    const tileSeconds = Math.max(predictCycles, sufaCycles) / f;
    const need = kvTileBytes / tileSeconds;
    if (need > chip.noc.linkBandwidthBps) {
      const span = r.field('kv_flow')?.value?.span ?? headSpan(b);
      d.warning('link-bandwidth-low', `kv_flow = ${kvFlow} moves a ${formatBytes(kvTileBytes)} KV tile per ${fmt(tileSeconds * 1e6)} us of compute on each core: about ${fmt(need / 1e9)} GB/s per link, but chip '${chip.name}' links give ${fmt(chip.noc.linkBandwidthBps / 1e9)} GB/s: estimated slowdown ${fmt(need / chip.noc.linkBandwidthBps)}x`, span);
    }
  }

  return {
    name: nameOf(b), workload, chip,
    tiling: { bc, tc, span: r.subSpan('tiling') },
    partition: { heads: mesh.heads, queries: mesh.queries, kv: mesh.kv, span: partition.span },
    kvFlow, stages, span: b.span,
  };
}

interface PartitionInfo { axis: Axis; span?: Span }
function readPartitions(r: BlockReader, d: Diags): { heads: PartitionInfo; queries: PartitionInfo; kv: PartitionInfo; explicit: boolean; span?: Span } {
  const out = { heads: { axis: 'none' as Axis } as PartitionInfo, queries: { axis: 'none' as Axis } as PartitionInfo, kv: { axis: 'none' as Axis } as PartitionInfo, explicit: false, span: undefined as Span | undefined };
  const spec = r.schema.partitions!;
  const seen = new Set<string>();
  const axisUser = new Map<Axis, string>();
  for (const p of r.partitions) {
    out.span = out.span ? { start: Math.min(out.span.start, p.span.start), end: Math.max(out.span.end, p.span.end) } : { ...p.span };
    const what = p.what.text;
    if (!spec.what.includes(what)) {
      const { hint, best } = suggestion(what, spec.what);
      d.error('unknown-field', `'${what}' cannot be partitioned${hint || ''}: partition ${spec.what.join(', ')}`, p.what.span, best ? replaceFix(p.what.span, best) : undefined);
      continue;
    }
    if (seen.has(what)) { d.error('duplicate-field', `'${what}' is partitioned twice: remove one`, p.what.span); continue; }
    seen.add(what);
    out.explicit = true;
    if (!p.target) continue;
    const target = p.target.path.map(x => x.text).join('.');
    const axis = axisOf(target);
    if (!axis) {
      const { hint, best } = suggestion(target, spec.targets);
      d.error('unknown-value', `'${target}' is not a mesh axis${hint || ''}: use ${spec.targets.join(', ')}`, p.target.span, best ? replaceFix(p.target.span, best) : undefined);
      continue;
    }
    const w = what as 'heads' | 'queries' | 'kv';
    if (axis !== 'none') {
      const clash = [...axisUser.entries()].find(([a]) => a === axis || a === 'all' || axis === 'all');
      if (clash) {
        d.error('partition-axis-reused', `${axisName(axis)} already holds ${clash[1]}: each mesh axis takes one partition (use the other axis or none)`, p.target.span);
        continue;
      }
      axisUser.set(axis, what);
    }
    out[w] = { axis, span: p.span };
  }
  return out;
}

/** The readers of checked workloads, so mapping checks can point at a workload's own fields. */
const workloadReaders = new WeakMap<Workload, BlockReader>();
function findFieldSpan(w: Workload, field: string): Span | undefined {
  return workloadReaders.get(w)?.field(field)?.span;
}

function checkSimulate(s: SimulateStmt, d: Diags, mappings: Map<string, Mapping>): Simulation | undefined {
  new BlockReader(d, { name: 'simulate', doc: '', fields: {}, blocks: {} }, s.body, 'simulate');
  const baselines: string[] = [];
  for (const b of s.against) {
    if (BASELINES[b.text]) {
      if (baselines.includes(b.text)) d.warning('duplicate-field', `baseline '${b.text}' is named twice`, b.span);
      else baselines.push(b.text);
      continue;
    }
    const { hint, best } = suggestion(b.text, Object.keys(BASELINES));
    d.error('unknown-baseline', `unknown baseline '${b.text}'${hint || `: use ${Object.keys(BASELINES).join(', ')}`}`, b.span, best ? replaceFix(b.span, best) : undefined);
  }
  const m = s.mapping ? mappings.get(s.mapping.text) : undefined;
  if (!m) return undefined;
  return { name: m.name, mapping: m, baselines, span: s.span };
}
