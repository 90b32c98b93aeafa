// An exploration result as text: the summary and the front as a table (star-sim explore), and as CSV for pandas.
import type { ExplorationResult } from '../sim/explore/objectives.js';
import { METRIC_NAMES } from '../sim/explore/metrics.js';
import { METRICS } from '../model/metrics.js';
import { sig } from './format.js';

/** Four significant figures (a front's points often differ in the third). */
function fig(x: number): string { return !Number.isFinite(x) ? '?' : Math.abs(x) >= 1e7 ? x.toExponential(3) : String(Number(x.toPrecision(4))); }
function count(n: number): string { return Math.round(n).toLocaleString('en-US'); }
function secs(s: number): string { return s >= 1 ? `${sig(s)} s` : `${sig(s * 1e3)} ms`; }
function unitOf(metric: string): string { return METRICS[metric]?.unit ?? ''; }

/** The run in a few lines, then the front: one row per point, the varied values and the objectives. */
export function exploreTable(r: ExplorationResult): string {
  const lines: string[] = [];
  const search = r.search.kind === 'evolutionary'
    ? `evolutionary (NSGA-II: population ${r.search.population}, ${r.search.generations} generations, seed ${r.search.seed}${r.search.islands ? `, ${r.search.islands} islands merged` : ''})`
    : 'exhaustive';
  lines.push(`explore ${r.name}: ${count(r.space.points)} points, ${search}${r.search.shard ? `, shard ${r.search.shard}` : ''}${r.search.island ? `, island ${r.search.island}` : ''}`);
  lines.push(`  ${count(r.evaluated)} evaluated (${count(r.feasible)} feasible) in ${secs(r.seconds)}: ${count(r.evaluationsPerS)} evaluations/s (${count(r.loopEvaluationsPerS)}/s besides the functional model)${r.complete ? '' : r.partial ? ` - PARTIAL: merged from shard${r.partial.merged.length === 1 ? '' : 's'} ${r.partial.merged.join(', ')} of ${r.partial.shards} only` : ' - STOPPED before the end: run again with --resume'}${r.resumed ? ' (resumed)' : ''}`);
  lines.push(`  functional statistics: ${r.functional.distinct} distinct, ${secs(r.functional.seconds)}`);
  const reasons = Object.entries(r.infeasibleReasons).sort((a, b) => b[1] - a[1]);
  if (reasons.length) lines.push(`  infeasible: ${reasons.map(([k, n]) => `${k} ${count(n)}`).join(', ')}`);
  lines.push(`  hypervolume ${fig(r.hypervolume)} (${r.reference.rule})`);
  if (r.hypervolumePerGeneration?.length) {
    const hv = r.hypervolumePerGeneration;
    const at = [0, Math.floor(hv.length / 4), Math.floor(hv.length / 2), Math.floor((3 * hv.length) / 4), hv.length - 1];
    lines.push(`  hypervolume by generation: ${[...new Set(at)].map(g => `${g}: ${fig(hv[g]!)}`).join(', ')}`);
  }
  if (r.islands?.length) {
    lines.push(`  islands: ${r.islands.map(i => `${i.island}: seed ${i.seed}, ${count(i.evaluated)} evaluated, front ${i.front}, hypervolume ${fig(i.hypervolume)}`).join('; ')}`);
  }
  lines.push(`  front: ${r.front.length} point${r.front.length === 1 ? '' : 's'}${r.front.length ? '' : ' (no feasible point: relax the constraints or widen the space)'}`);
  if (!r.front.length) return lines.join('\n');
  const paths = r.space.parameters.map(p => p.path);
  const metrics = [...new Set([...r.objectives, ...METRIC_NAMES.filter(n => ['latency', 'energy', 'area', 'power'].includes(n))])];
  const head = ['#', ...paths, ...metrics.map(m => (unitOf(m) ? `${m} (${unitOf(m)})` : m))];
  const rows = r.front.map(f => [String(f.index), ...paths.map(p => f.parameters[p] ?? ''), ...metrics.map(m => fig(f.metrics[m] ?? 0))]);
  const width = head.map((h, j) => Math.max(h.length, ...rows.map(row => row[j]!.length)));
  const line = (cells: string[]) => '  ' + cells.map((c, j) => (j === 0 || j > paths.length ? c.padStart(width[j]!) : c.padEnd(width[j]!))).join('  ');
  lines.push('', line(head), line(width.map(w => '-'.repeat(w))), ...rows.map(line));
  return lines.join('\n');
}

function csvCell(s: string): string { return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; }

/** One row per front point: exploration, index, each varied value as written, then every metric in base units. */
export function exploreCsv(results: ExplorationResult[]): string {
  const out: string[] = [];
  const paths = [...new Set(results.flatMap(r => r.space.parameters.map(p => p.path)))];
  out.push(['exploration', 'index', ...paths, ...METRIC_NAMES].map(csvCell).join(','));
  for (const r of results) {
    for (const f of r.front) {
      out.push([r.name, String(f.index), ...paths.map(p => f.parameters[p] ?? ''), ...METRIC_NAMES.map(n => String(f.metrics[n] ?? ''))].map(csvCell).join(','));
    }
  }
  return out.join('\n') + '\n';
}

/** What `star-sim explore` and `star-sim merge` print: {"explorations": [...]} (+ top-level fields), CSV, or the tables. */
export function exploreOutput(results: ExplorationResult[], o: { json: boolean; csv: boolean }, extra: Record<string, unknown> = {}, head = ''): string {
  return o.json ? JSON.stringify({ explorations: results, ...extra }, null, 2) + '\n'
    : o.csv ? exploreCsv(results)
    : head + results.map(exploreTable).join('\n\n') + (results.length ? '\n' : '');
}
