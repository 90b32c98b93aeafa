// Reads the language's SCHEMA (language/schema.ts) by block path: ['core', 'sram'] is the sram block of a core;
// ['workload', 'sparsity', 'predictor', 'dlzs'] is the body of `predictor = dlzs { ... }`. Hover and completion
// ask here what a field means and what may be written where.
import { SCHEMA, SIMULATE_SCHEMA, BASELINES, PARTITION_DOCS } from '../language/schema.js';
import { UNIT_TABLE, unitsOf } from '../language/units.js';
import type { BlockSchema, FieldSchema, UnitInfo, Dimension } from '../language/schema.js';

export { unitsOf };
export type BlockPath = string[];

/** The schema of a top-level block kind (technology, workload, core, chip, mapping, simulate). */
export function topSchema(kind: string): BlockSchema | undefined {
  return kind === 'simulate' ? SIMULATE_SCHEMA : own(SCHEMA as Record<string, BlockSchema>, kind);
}

/** The schema of the block at `path`, following sub-blocks and `field = variant { ... }` bodies. */
export function blockSchemaAt(path: BlockPath): BlockSchema | undefined {
  if (path.length === 0) return undefined;
  let cur = topSchema(path[0]);
  for (let i = 1; cur && i < path.length; i++) {
    const seg = path[i];
    const sub = own(cur.blocks, seg);
    if (sub) { cur = sub; continue; }
    const field = own(cur.fields, seg);
    if (field?.type.kind === 'call' && i + 1 < path.length) { cur = own(field.type.variants, path[++i]); continue; }
    return undefined;
  }
  return cur;
}

export function fieldSchemaAt(path: BlockPath, key: string): FieldSchema | undefined {
  const b = blockSchemaAt(path);
  return b ? own(b.fields, key) : undefined;
}

export function unitTable(): Record<string, UnitInfo> {
  return UNIT_TABLE;
}
export function unitInfo(unit: string): UnitInfo | undefined { return own(unitTable(), unit); }

function own<T>(rec: Record<string, T> | undefined, key: string): T | undefined {
  return rec && Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

/** A one-line description of what a field holds, e.g. "quantity (frequency), 100 MHz to 5 GHz". */
export function describeType(f: FieldSchema): string {
  const t = f.type;
  switch (t.kind) {
    case 'quantity': {
      const units = unitsOf(t.dimension);
      const q = (v: number) => formatQuantity(v, t.dimension);
      const range = t.min !== undefined || t.max !== undefined
        ? `, ${t.min !== undefined ? `${t.minExclusive ? '>' : '≥'} ${q(t.min)}` : ''}${t.min !== undefined && t.max !== undefined ? ' and ' : ''}${t.max !== undefined ? `≤ ${q(t.max)}` : ''}` : '';
      return `${t.integer ? 'integer ' : ''}${t.dimension}${units.length ? ` (${units.join(', ')})` : ''}${range}`;
    }
    case 'dims': return `R x C${t.of ? ` of ${t.of}` : ''}${t.min !== undefined || t.max !== undefined ? `, each ${t.min ?? 1} to ${t.max ?? '∞'}` : ''}`;
    case 'range': return `A to B${t.min !== undefined || t.max !== undefined ? `, ${t.min ?? ''} to ${t.max ?? ''}` : ''}`;
    case 'enum': return `one of ${t.values.join(', ')}`;
    case 'ref': return `the name of a ${t.target}`;
    case 'string': return 'a string';
    case 'bool': return 'on or off';
    case 'call': return `one of ${Object.keys(t.variants).map(v => `${v} { ... }`).join(', ')}`;
  }
}

/** What a partition word (heads, queries, kv) or target (mesh.rows, ...) means. */
export function partitionDoc(word: string): string | undefined {
  return own(PARTITION_DOCS, word);
}

/** What a baseline is, when the language describes it. */
export function baselineDoc(name: string): string | undefined {
  return own(BASELINES, name)?.doc;
}

/** The baselines `simulate ... against` accepts, as the language lists them. */
export function baselineNames(): string[] {
  return Object.keys(BASELINES);
}

/** A value in base units, written in the largest unit of its dimension that keeps it at least 1: 1e10 Hz -> 10 GHz. */
export function formatQuantity(value: number, dimension: Dimension): string {
  const units = Object.entries(unitTable()).filter(([, u]) => u.dimension === dimension).sort((a, b) => b[1].factor - a[1].factor);
  if (units.length === 0) return String(value);
  const [name, info] = value === 0
    ? units.find(([, u]) => u.factor === 1) ?? units[units.length - 1]
    : units.find(([, u]) => Math.abs(value) >= u.factor) ?? units[units.length - 1];
  const n = Number((value / info.factor).toPrecision(12));
  return name === '%' ? `${n} %` : `${n} ${name}`;
}
