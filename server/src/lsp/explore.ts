// The editor's view of explore items (issue 14) before anything runs: the space summary (points, the search `auto`
// picks, an estimated time) for hover and the inlay hint, hover on paths, metrics and the search, and completion of
// paths (segment by segment), metrics, values and clause words. Pure: syntax tree, design and text in.
import type { ExploreStmt, StarFile, Ident, Span } from '../language/ast.js';
import type { Design } from '../model/design.js';
import { EXHAUSTIVE_LIMIT, EVOLUTIONARY_DEFAULTS, type Exploration, type ExploreSearch } from '../model/explore.js';
import { METRICS, type MetricInfo } from '../model/metrics.js';
import {
  resolvePath, nextSegments, ROOT_DOCS, SEARCH_FIELD, EVALUATIONS_PER_S, formatCount, formatSeconds, type VariantOf,
} from '../language/explorePaths.js';
import { SCHEMA, type FieldSchema } from '../language/schema.js';
import type { TopKind } from '../language/ast.js';
import { describeType, unitsOf } from './schemaLookup.js';

const inside = (s: Span, offset: number) => s.start <= offset && offset <= s.end;

export function exploreAt(file: StarFile, offset: number): ExploreStmt | undefined {
  return file.items.find((i): i is ExploreStmt => i.kind === 'explore' && inside(i.span, offset));
}

/** The checked exploration of an explore item (absent while its mapping does not resolve). */
export function explorationOf(design: Design | undefined, stmt: ExploreStmt): Exploration | undefined {
  return design?.explorations?.find(x => x.span?.start === stmt.span.start);
}

export interface SpaceSummary { points: number; search: 'exhaustive' | 'evolutionary'; evaluations: number; seconds: number; how: string }

/** What a run will do: `auto` is exhaustive up to EXHAUSTIVE_LIMIT points, else evolutionary with its defaults. */
export function summarize(points: number, search: ExploreSearch): SpaceSummary {
  const evo = search.kind === 'evolutionary' ? search : search.kind === 'auto' && points > EXHAUSTIVE_LIMIT ? { ...EVOLUTIONARY_DEFAULTS } : undefined;
  if (!evo) return { points, search: 'exhaustive', evaluations: points, seconds: points / EVALUATIONS_PER_S, how: `exhaustive${search.kind === 'auto' ? ` (auto: at most ${formatCount(EXHAUSTIVE_LIMIT)} points)` : ''}` };
  // The first population and one offspring population per generation, never more than the space holds.
  const evaluations = Math.min(points, evo.population * (evo.generations + 1));
  return {
    points, search: 'evolutionary', evaluations, seconds: evaluations / EVALUATIONS_PER_S,
    how: `evolutionary${search.kind === 'auto' ? ' (auto: the space is above ' + formatCount(EXHAUSTIVE_LIMIT) + ' points)' : ''}, population ${evo.population} x ${evo.generations} generations, seed ${evo.seed}`,
  };
}

/** `5,544 points · exhaustive · ~6 ms`: the inlay hint on the explore line. */
export function spaceLabel(x: Exploration): string {
  const s = summarize(x.points, x.search);
  const evals = s.search === 'evolutionary' ? ` (${formatCount(s.evaluations)} evaluations)` : '';
  return `${formatCount(x.points)} points · ${s.search}${evals} · ~${formatSeconds(s.seconds)}`;
}

export function spaceMarkdown(x: Exploration): string {
  const s = summarize(x.points, x.search);
  const rows = x.parameters.map(p => `| \`${p.path}\` | ${p.values.length} | ${p.labels.length > 6 ? `${p.labels.slice(0, 3).join(', ')}, ..., ${p.labels[p.labels.length - 1]}` : p.labels.join(', ')} |`);
  return [
    `**explore** \`${x.name}\` for \`${x.simulation.name}\``, '',
    `Space: **${x.points.toLocaleString('en-US')} points** (the product of the value counts)`, '',
    `Search: ${s.how}`, '',
    `Estimated time: ~${formatSeconds(s.seconds)} for ${s.evaluations.toLocaleString('en-US')} evaluations at ${formatCount(EVALUATIONS_PER_S)} evaluations/s (points that share functional statistics; new top-k, Bc or predictor values cost more)`,
    '', '| path | values | |', '|---|---|---|', ...rows,
  ].join('\n');
}

export function metricMarkdown(m: MetricInfo): string {
  const units = Object.keys(m.units).join(', ');
  return `**${m.name}** (metric)\n\n${m.doc}\n\nUnit: ${m.unit || 'a fraction (0..1)'}${units ? `; constraints in ${units}` : ''}. ${m.better === 'lower' ? 'Lower' : 'Higher'} is better.`;
}

/** The variant a path into `predictor` descends into, from the explored mapping. */
function variantFor(design: Design | undefined, stmt: ExploreStmt): VariantOf | undefined {
  const m = stmt.forRef && design ? design.mappings.find(x => x.name === stmt.forRef!.text) : undefined;
  return m ? (block, field) => (block.join('.') === 'workload.sparsity' && field === 'predictor' ? m.workload.predictor.kind : undefined) : undefined;
}

/** Hover inside an explore item: its keyword or name (the space), a path segment, a metric, the search. */
export function exploreHover(design: Design | undefined, stmt: ExploreStmt, offset: number): { value: string; span: Span } | undefined {
  const x = explorationOf(design, stmt);
  for (const id of [stmt.keyword, stmt.name]) {
    if (id && inside(id.span, offset)) {
      return { value: x ? spaceMarkdown(x) : `**explore** \`${stmt.name?.text ?? ''}\`\n\nThe space is counted once the file has no errors in this item and its mapping resolves.`, span: id.span };
    }
  }
  for (const e of stmt.vary) {
    const i = e.path.findIndex(p => inside(p.span, offset));
    if (i >= 0) return { value: segmentDoc(e.path, i, variantFor(design, stmt)), span: e.path[i].span };
    if (e.stepKeyword && inside(e.stepKeyword.span, offset)) return { value: '**step**\n\n`A to B step C`: A, A + C, A + 2C, ... up to B (B included when it falls on a step).', span: e.stepKeyword.span };
    // A value: what the field takes, as on the path.
    if (e.value && inside({ start: e.value.span.start, end: e.span.end }, offset)) return { value: segmentDoc(e.path, e.path.length - 1, variantFor(design, stmt)), span: { start: e.value.span.start, end: e.span.end } };
  }
  const metric = [...stmt.objectives.flatMap(o => o.metrics), ...stmt.constraints.map(c => c.metric)].find(m => inside(m.span, offset));
  if (metric) {
    const info = Object.prototype.hasOwnProperty.call(METRICS, metric.text) ? METRICS[metric.text] : undefined;
    return { value: info ? metricMarkdown(info) : `**${metric.text}**: not a metric (${Object.keys(METRICS).join(', ')})`, span: metric.span };
  }
  const clause = stmt.objectives.find(o => inside(o.keyword.span, offset));
  if (clause) return { value: `**${clause.keyword.text}**\n\nObjectives the front is ${clause.sense === 'min' ? 'minimised' : 'maximised'} in: any metric (${Object.keys(METRICS).join(', ')}).`, span: clause.keyword.span };
  // `subject to {`: the block's span starts at `subject`; `to` follows it on the same line.
  const subject = stmt.constraintBlocks.find(b => offset >= b.start && offset <= b.start + 'subject to'.length);
  if (subject) {
    return { value: '**subject to** `{ metric <= value unit, ... }`\n\nConstraints: a point that breaks one is infeasible (recorded with its reason, never on the front). Comparisons `<=`, `>=`, `<`, `>`; each metric in its own units.', span: { start: subject.start, end: subject.start + 'subject to'.length } };
  }
  if (stmt.search && inside(stmt.search.span, offset)) return { value: `**search**\n\n${SEARCH_FIELD.doc}\n\nAbove ${EXHAUSTIVE_LIMIT.toLocaleString('en-US')} points \`auto\` is evolutionary.`, span: stmt.search.span };
  return undefined;
}

function segmentDoc(path: Ident[], i: number, variantOf?: VariantOf): string {
  const segs = path.slice(0, i + 1).map(p => p.text);
  if (i === 0) {
    const root = segs[0] as TopKind;
    return Object.prototype.hasOwnProperty.call(ROOT_DOCS, root) ? `**${root}**\n\n${ROOT_DOCS[root]}\n\n${SCHEMA[root].doc}` : `**${segs[0]}**: a path starts with ${Object.keys(ROOT_DOCS).join(', ')}`;
  }
  const r = resolvePath(segs, variantOf);
  if (r.ok) return fieldDoc(r.target.field, segs.join('.'), r.target.kind === 'partition');
  if (r.reason === 'block') {
    let b = SCHEMA[segs[0] as TopKind];
    for (const s of segs.slice(1)) b = b?.blocks[s] ?? b;
    return `**${segs.join('.')}** (block)\n\n${b?.doc ?? ''}`;
  }
  return `**${segs.join('.')}**: not a path of the language`;
}

function fieldDoc(f: FieldSchema, path: string, partition: boolean): string {
  const lines = [`**${path}**${partition ? ' (partition)' : ''}`, '', f.doc, '', `Values: ${describeType(f)}`];
  if (f.default !== undefined) lines.push('', `Default: \`${f.default}\``);
  return lines.join('\n');
}

export const CLAUSE_WORDS = ['vary', 'minimize', 'maximize', 'subject to', 'search'] as const;

/** Completion words in an explore item at a place the scanner describes (see completion.ts). `path` is the block path
 *  from completionContext (['explore'], ['explore', 'vary'], ['explore', 'subject'], ['explore', 'search', ...]);
 *  `words` the significant tokens of the line before the cursor, after its last `{`. */
export function exploreCompletions(design: Design | undefined, file: StarFile, offset: number, path: string[], words: string[], present: Set<string>):
  Array<{ label: string; kind: 'path' | 'block' | 'metric' | 'value' | 'keyword' | 'unit' | 'field'; detail?: string; doc?: string; insert?: string }> {
  const stmt = exploreAt(file, offset);
  const variantOf = stmt ? variantFor(design, stmt) : undefined;
  const metrics = (exclude: Set<string>) => Object.values(METRICS).filter(m => !exclude.has(m.name))
    .map(m => ({ label: m.name, kind: 'metric' as const, detail: `${m.unit || 'fraction'}, ${m.better} is better`, doc: m.doc }));
  const written = new Set(stmt?.objectives.flatMap(o => o.metrics.map(m => m.text)) ?? []);
  if (path[1] === 'vary') {
    const eq = words.indexOf('=');
    if (eq < 0) {
      const tail = words.slice(words.lastIndexOf(',') + 1);
      const segs = tail.filter(w => w !== '.');
      if (tail.length && tail[tail.length - 1] !== '.') return [];            // a complete segment: '.' or '=' comes next
      return nextSegments(segs, variantOf).map(s => {
        const r = segs.length ? resolvePath([...segs, s], variantOf) : undefined;
        const leaf = r?.ok;
        return { label: s, kind: segs.length === 0 || !leaf ? 'block' as const : 'path' as const, detail: leaf && r?.ok ? describeType(r.target.field) : segs.length === 0 ? ROOT_DOCS[s as TopKind] : 'block', doc: leaf && r?.ok ? r.target.field.doc : undefined };
      });
    }
    const r = resolvePath(words.slice(0, eq).filter(w => w !== '.'), variantOf);
    const value = words.slice(eq + 1);
    const last = value[value.length - 1];
    if (!r.ok) return [];
    const isNumber = (w: string | undefined) => w !== undefined && /^[0-9.]/.test(w);
    const afterUnit = value.length >= 2 && isNumber(value[value.length - 2]) && /^[A-Za-z%]/.test(last!);
    if (isNumber(last) || afterUnit) {
      // A number was just written: its unit, then `to` (a range) or `step` (after the range's end).
      const t = r.target.field.type;
      const units = t.kind === 'quantity' && !afterUnit ? unitsOf(t.dimension).map(u => ({ label: u, kind: 'unit' as const, detail: t.dimension })) : [];
      const extra = value.includes('step') ? [] : value.includes('to') ? ['step'] : t.kind === 'quantity' && !value.includes('[') ? ['to'] : t.kind === 'dims' ? ['x'] : [];
      return [...units, ...extra.map(k => ({ label: k, kind: 'keyword' as const }))];
    }
    if (value.length && last !== '[' && last !== ',') return [];
    const t = r.target.field.type;
    const words2 = t.kind === 'enum' ? t.values : t.kind === 'bool' ? ['on', 'off'] : t.kind === 'call' ? Object.keys(t.variants) : [];
    const items = [...words2, ...(r.target.field.keywords ?? [])].map(v => ({ label: v, kind: 'value' as const, detail: r.target.field.name }));
    return items;
  }
  if (path[1] === 'subject') {
    const tail = words.slice(words.lastIndexOf(',') + 1);
    if (tail.length === 0) return metrics(new Set());
    if (tail.length === 1) return ['<=', '>=', '<', '>'].map(op => ({ label: op, kind: 'keyword' as const }));
    const m = Object.prototype.hasOwnProperty.call(METRICS, tail[0]) ? METRICS[tail[0]] : undefined;
    if (m && tail.length === 3 && /^[0-9.]/.test(tail[2])) return Object.keys(m.units).map(u => ({ label: u, kind: 'unit' as const, detail: m.name }));
    return [];
  }
  if (path[1] === 'search') {
    const fields = (SEARCH_FIELD.type.kind === 'call' ? SEARCH_FIELD.type.variants.evolutionary.fields : {});
    return Object.values(fields).filter(f => !present.has(f.name)).map(f => ({ label: f.name, kind: 'field' as const, detail: `${describeType(f)} (default ${f.default})`, doc: f.doc, insert: `${f.name} = ` }));
  }
  if (path.length === 1) {
    const first = words[0];
    if (first === 'minimize' || first === 'maximize') {
      const last = words[words.length - 1];
      if (words.length > 1 && last !== ',') return [];
      return metrics(new Set([...written, ...words]));
    }
    if (first === 'search') {
      if (words.length === 2 && words[1] === '=') return Object.values((SEARCH_FIELD.type as { variants: Record<string, { name: string; doc: string }> }).variants).map(v => ({ label: v.name, kind: 'value' as const, doc: v.doc }));
      if (words.length === 1) return [{ label: '=', kind: 'keyword' as const }];
      return [];
    }
    if (first === 'subject' && words.length === 1) return [{ label: 'to', kind: 'keyword' as const, insert: 'to {' }];
    if (words.length === 0) {
      return CLAUSE_WORDS.map(w => ({ label: w, kind: 'keyword' as const, detail: 'explore clause',
        insert: w === 'vary' ? 'vary {' : w === 'subject to' ? 'subject to {' : w === 'search' ? 'search = ' : `${w} ` }));
    }
  }
  return [];
}
