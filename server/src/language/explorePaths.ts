// The paths an `explore` item may vary (technology | workload | core | chip | mapping, then block and field names of
// schema.ts), how one resolves to its field, and the schema of `search = ...`. The checker, hover and completion
// all read this one walk, so a field the schema gains can vary at once.
import { SCHEMA, PARTITION_DOCS, type BlockSchema, type FieldSchema, type FieldType } from './schema.js';
import type { TopKind } from './ast.js';

export const EXPLORE_ROOTS: TopKind[] = ['technology', 'workload', 'core', 'chip', 'mapping'];

/** The root words' meaning for the explored target (hover). */
export const ROOT_DOCS: Record<TopKind, string> = {
  technology: 'The technology of the explored chip\'s core.',
  workload: 'The workload of the explored mapping.',
  core: 'The core of the explored chip (every mesh position holds it).',
  chip: 'The chip the explored mapping runs on.',
  mapping: 'The explored mapping itself (tiling, KV flow, stages, partitions).',
};

/** What a path names: a field (with the schema path of its block) or a partition of the mapping. */
export type PathTarget =
  | { kind: 'field'; field: FieldSchema; block: string[] }
  | { kind: 'partition'; what: string; field: FieldSchema };

export type PathResolution =
  | { ok: true; target: PathTarget }
  /** Segment `at` does not exist; `candidates` are the names that do at that place, `prefix` the path up to it. */
  | { ok: false; at: number; candidates: string[]; reason: 'unknown' | 'block' | 'past-field' };

/** The variant of a call field a path descends into (`workload.sparsity.predictor.token_bits`): the explored
 *  target's own (dlzs, lowbit ...), or the schema default when the caller does not know it. */
export type VariantOf = (block: string[], field: string) => string | undefined;

const partitionTargets = SCHEMA.mapping.partitions!.targets;
/** A partition (`mapping.heads`) as a field: its values are the mesh axes. */
function partitionField(what: string): FieldSchema {
  return { name: what, doc: PARTITION_DOCS[what] ?? '', type: { kind: 'enum', values: partitionTargets }, default: 'none' };
}

function callVariant(f: FieldSchema, block: string[], variantOf?: VariantOf): BlockSchema | undefined {
  if (f.type.kind !== 'call') return undefined;
  const word = variantOf?.(block, f.name) ?? f.default;
  return word ? f.type.variants[word] : undefined;
}

/** The names that may follow `segments` (all of them complete names): completion and "did you mean". */
export function nextSegments(segments: string[], variantOf?: VariantOf): string[] {
  if (segments.length === 0) return [...EXPLORE_ROOTS];
  const r = walk(segments, variantOf);
  return r.kind === 'block' ? namesIn(r.schema, r.partitions) : [];
}

function namesIn(b: BlockSchema, partitions: boolean): string[] {
  return [...Object.keys(b.fields), ...Object.keys(b.blocks), ...(partitions ? b.partitions?.what ?? [] : [])];
}

type Walk =
  | { kind: 'block'; schema: BlockSchema; path: string[]; partitions: boolean }
  | { kind: 'target'; target: PathTarget; used: number }
  | { kind: 'fail'; at: number; candidates: string[] };

function walk(segments: string[], variantOf?: VariantOf): Walk {
  const root = segments[0] as TopKind;
  if (!EXPLORE_ROOTS.includes(root)) return { kind: 'fail', at: 0, candidates: [...EXPLORE_ROOTS] };
  let schema: BlockSchema = SCHEMA[root];
  const path: string[] = [root];
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i];
    const partitions = path.length === 1 && root === 'mapping';
    if (Object.prototype.hasOwnProperty.call(schema.blocks, s)) { schema = schema.blocks[s]; path.push(s); continue; }
    if (Object.prototype.hasOwnProperty.call(schema.fields, s)) {
      const f = schema.fields[s];
      if (i === segments.length - 1) return { kind: 'target', target: { kind: 'field', field: f, block: path }, used: i + 1 };
      const v = callVariant(f, path, variantOf);
      if (!v) return { kind: 'target', target: { kind: 'field', field: f, block: path }, used: i + 1 };
      schema = v; path.push(s);
      continue;
    }
    if (partitions && schema.partitions?.what.includes(s)) return { kind: 'target', target: { kind: 'partition', what: s, field: partitionField(s) }, used: i + 1 };
    return { kind: 'fail', at: i, candidates: namesIn(schema, partitions) };
  }
  return { kind: 'block', schema, path, partitions: path.length === 1 && root === 'mapping' };
}

export function resolvePath(segments: string[], variantOf?: VariantOf): PathResolution {
  const r = walk(segments, variantOf);
  if (r.kind === 'fail') return { ok: false, at: r.at, candidates: r.candidates, reason: 'unknown' };
  if (r.kind === 'block') return { ok: false, at: segments.length - 1, candidates: namesIn(r.schema, r.partitions), reason: 'block' };
  if (r.used < segments.length) return { ok: false, at: r.used, candidates: [], reason: 'past-field' };
  return { ok: true, target: r.target };
}

/** Why a field cannot vary, or undefined when it can (numbers, sizes, enum words, on/off, variants, partitions). */
export function notVariable(t: FieldType): string | undefined {
  switch (t.kind) {
    case 'string': return 'it is a string (a name for reports), not a design parameter';
    case 'ref': return 'it names another block: vary that block\'s own fields instead';
    case 'range': return 'a sort width (A to B) is a pair, not one value: vary the core\'s other engine sizes instead';
    default: return undefined;
  }
}

const searchInt = (name: string, doc: string, min: number, max: number, def: number): FieldSchema =>
  ({ name, doc, type: { kind: 'quantity', dimension: 'count', min, max, integer: true }, default: String(def) });

/** `search = auto | exhaustive | evolutionary { population, generations, seed }`, read by the same BlockReader as any
 *  field, so an unknown word, an unknown parameter or one out of range is reported as for any block. */
export const SEARCH_FIELD: FieldSchema = {
  name: 'search',
  doc: 'How the space is searched: auto (exhaustive up to the limit, evolutionary above), exhaustive, or evolutionary { population, generations, seed } (NSGA-II).',
  default: 'auto',
  type: {
    kind: 'call',
    variants: {
      auto: { name: 'auto', doc: 'Exhaustive when the space is small enough, else evolutionary with its defaults.', fields: {}, blocks: {} },
      exhaustive: { name: 'exhaustive', doc: 'Every point of the space is evaluated.', fields: {}, blocks: {} },
      evolutionary: {
        name: 'evolutionary', doc: 'NSGA-II: non-dominated sorting and crowding distance, from a seeded random population.', blocks: {},
        fields: {
          population: searchInt('population', 'Designs per generation.', 4, 100_000, 64),
          generations: searchInt('generations', 'Generations after the first population.', 1, 100_000, 50),
          seed: searchInt('seed', 'Seed of the random generator: the same file and seed give the same front.', 0, 2 ** 31 - 1, 1),
        },
      },
    },
  },
};

/** Evaluations per second the time estimate assumes: the explore loop's goal for points that share functional
 *  statistics (issue 14: >= 1 M/s on one core; `npm run bench -- core` measures ~1.36 M evaluateCore/s). A space
 *  whose points need new functional statistics (top-k, Bc, predictor changes) runs slower than this estimate. */
export const EVALUATIONS_PER_S = 1e6;

/** "1.2 M", "14 k", "930". */
export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toPrecision(3).replace(/\.?0+$/, '')} G`;
  if (n >= 1e6) return `${(n / 1e6).toPrecision(3).replace(/\.?0+$/, '')} M`;
  if (n >= 1e4) return `${(n / 1e3).toPrecision(3).replace(/\.?0+$/, '')} k`;
  return String(n);
}
/** "1.2 s", "40 ms", "3 min", "2.1 h". */
export function formatSeconds(s: number): string {
  if (s < 1e-3) return '< 1 ms';
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 120) return `${(Math.round(s * 10) / 10)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(Math.round(s / 360) / 10)} h`;
}
