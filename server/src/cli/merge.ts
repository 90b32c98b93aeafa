// `star-sim merge DIR`: the shard files of `star-sim explore --shard I/N --out DIR` merged into the output one
// unsharded `star-sim explore` prints (same JSON schema, table and CSV); `--status` lists the shards done, running,
// unfinished or missing. Missing or unfinished shards are refused unless --partial (docs/cli.md).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  listShardDir, mergeExploration, MergeError, readShardFile, runSignature, shardFileName, shardSignature, ShardFileError, type DirListing,
  type ExplorationResult, type ShardFile,
} from '../sim/explore/index.js';
import { exploreOutput } from '../present/explore.js';
import { analyze } from '../language/index.js';
import { shardStatusLines } from './mergeStatus.js';
import type { RunOutput } from './star-sim.js';

export const MERGE_HELP = `Usage: star-sim merge [--json | --csv] [--partial] DIR
       star-sim merge --status DIR

Merges the shard files DIR/shard-IIII-of-NNNN.json that \`star-sim explore FILE.star --shard I/N --out DIR\` wrote
into one Pareto front per explore item, printed as \`star-sim explore\` prints it (table, --json, --csv). The merged
front of an exhaustive space is the front of one unsharded run, point for point; evolutionary islands merge into
the front of their union, with each island's figures under "islands".

Options:
  --json             print {"explorations": [...]} on stdout (the schema of star-sim explore --json)
  --csv              print one CSV row per front point
  --partial          merge the finished shards even when others are missing or unfinished; the output says
                     what it lacks ("partial" in JSON, a line above the table, a warning on stderr)
  --status           one line per shard: done, running, unfinished (progress from its journal) or missing
  --quiet            no warnings
  -h, --help         this help

Exit status: 0 when merged (or --status); 1 when shards are missing or unfinished (without --partial), disagree
(another file, space or shard count), or DIR holds none; 2 on bad usage.
`;

interface MergeArgs { dir: string; json: boolean; csv: boolean; partial: boolean; status: boolean; quiet: boolean }
class UsageError extends Error {}

function parse(argv: string[]): MergeArgs | 'help' {
  const o = { json: false, csv: false, partial: false, status: false, quiet: false, dirs: [] as string[] };
  for (const a of argv) {
    if (a === '-h' || a === '--help') return 'help';
    else if (a === '--json') o.json = true;
    else if (a === '--csv') o.csv = true;
    else if (a === '--partial') o.partial = true;
    else if (a === '--status') o.status = true;
    else if (a === '--quiet') o.quiet = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}' (see star-sim merge --help)`);
    else o.dirs.push(a);
  }
  if (o.json && o.csv) throw new UsageError('--json and --csv print different things: choose one');
  if (o.dirs.length !== 1) throw new UsageError(o.dirs.length ? `merge takes one DIR, got ${o.dirs.length}` : 'no folder: star-sim merge DIR (the --out DIR of the shards)');
  if (o.status && (o.json || o.csv || o.partial)) throw new UsageError('--status prints one line per shard: drop --json / --csv / --partial');
  return { ...o, dir: o.dirs[0]! };
}

/** "1", "1 and 3", "1, 2 and 3" */
export function andList(xs: Array<number | string>): string {
  return xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** The shard count of DIR's files; an error naming them when they mix counts. */
export function shardCountOf(dir: string, l: DirListing): number {
  const files = [...l.results, ...l.journals];
  if (!files.length) {
    throw new MergeError(`${dir} holds no shard files (shard-IIII-of-NNNN.json): run star-sim explore FILE.star --shard I/N --out ${dir} for I = 0 to N-1 first`);
  }
  const counts = [...new Set(files.map(f => f.shards))];
  if (counts.length > 1) {
    const eg = counts.map(n => files.find(f => f.shards === n)!.name);
    throw new MergeError(`${dir} mixes shards of runs with ${andList(counts)} shards (${eg.join(', ')}): keep one run per folder (move or delete the others' files)`);
  }
  return counts[0]!;
}

export function runMerge(argv: string[], progress: (line: string) => void = () => {}): RunOutput {
  let o: MergeArgs | 'help';
  try { o = parse(argv); } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `star-sim merge: ${e.message}\n` };
    throw e;
  }
  if (o === 'help') return { code: 0, stdout: MERGE_HELP, stderr: '' };
  const fail = (msg: string): RunOutput => ({ code: 1, stdout: '', stderr: `star-sim merge: ${msg}\n` });
  if (!existsSync(o.dir) || !statSync(o.dir).isDirectory()) return fail(`${o.dir}: no such folder (the --out DIR of star-sim explore --shard I/N)`);
  try {
    const listing = listShardDir(o.dir);
    const N = shardCountOf(o.dir, listing);
    const files = new Map<number, ShardFile>();
    for (const r of listing.results) {
      const f = readShardFile(join(o.dir, r.name));
      if (f.shard !== r.shard || f.shards !== r.shards) {
        throw new MergeError(`${join(o.dir, r.name)} holds shard ${f.shard} of ${f.shards}, not what its name says: it was renamed; run that shard again`);
      }
      files.set(r.shard, f);
    }
    const sigs = [...new Set([...files.values()].map(f => f.signature))];
    if (sigs.length > 1) {
      const eg = sigs.map(s => [...files.values()].find(f => f.signature === s)!);
      throw new MergeError(`the shards in ${o.dir} disagree: ${eg.map(f => `${shardFileName(f.shard, f.shards)} is of ${f.file} (signature ${f.signature})`).join(', ')}: another file or space; keep the shards of one run per folder`);
    }
    if (o.status) return { code: 0, stdout: shardStatusLines(o.dir, N, files, listing).join('\n') + '\n', stderr: '' };

    const complete = [...files.values()].filter(f => f.complete).sort((a, b) => a.shard - b.shard);
    const stale = complete[0] && !o.quiet ? changedSince(complete[0]) : undefined;
    if (stale) progress(stale);
    const missing: number[] = [], unfinished: number[] = [];
    for (let i = 0; i < N; i++) {
      if (files.get(i)?.complete) continue;
      (files.has(i) || listing.journals.some(j => j.shard === i) ? unfinished : missing).push(i);
    }
    const lacking = describeLacking(o.dir, N, missing, unfinished);
    const them = missing.length + unfinished.length === 1 ? 'it' : 'them';
    if (lacking && !o.partial) throw new MergeError(`${lacking.join('; ')}: ${missing.length ? `run ${them}` : `run ${them} again (${them === 'it' ? 'it resumes from its journal' : 'they resume from their journals'})`}, or merge with --partial`);
    if (!complete.length) throw new MergeError(`no shard in ${o.dir} is finished yet: nothing to merge (star-sim merge --status ${o.dir})`);
    const results = mergeAll(complete, N, !lacking);
    const partial = lacking ? { missing, unfinished, merged: complete.map(f => f.shard), shards: N } : undefined;
    if (partial) for (const r of results) r.partial = partial;
    if (lacking && !o.quiet) progress(`PARTIAL merge: ${lacking.join('; ')}`);
    const head = lacking ? `PARTIAL merge of ${o.dir}: ${lacking.join('; ')}; merged shard${complete.length === 1 ? '' : 's'} ${andList(complete.map(f => f.shard))} only\n\n` : '';
    return { code: 0, stdout: exploreOutput(results, o, partial ? { partial } : {}, head), stderr: '' };
  } catch (e) {
    if (e instanceof MergeError || e instanceof ShardFileError) return fail(e.message);
    throw e;
  }
}

/** A warning when the shards' source file is still where they read it but its explore items changed since. */
function changedSince(f: ShardFile): string | undefined {
  let text: string;
  try { text = readFileSync(f.file, 'utf8'); } catch { return undefined; }   // run elsewhere: nothing to compare
  const xs = analyze(text).design.explorations ?? [];
  let now: string;
  try { now = shardSignature(xs.map(x => ({ name: x.name, signature: runSignature(x, { sampleRows: f.sampleRows }) }))); } catch { return undefined; }
  return now === f.signature ? undefined
    : `warning: ${f.file} changed since its shards ran (its explore items now sign ${now}, the shards ${f.signature}): this is the front of the file as it was; run the shards again for the file as it is`;
}

/** Sentences naming the missing and the unfinished shards (undefined: none). */
function describeLacking(dir: string, N: number, missing: number[], unfinished: number[]): string[] | undefined {
  const out: string[] = [];
  const names = (xs: number[]) => xs.slice(0, 4).map(i => shardFileName(i, N)).join(', ') + (xs.length > 4 ? ', ...' : '');
  const which = (xs: number[]) => `shard${xs.length === 1 ? '' : 's'} ${andList(xs.length > 12 ? [...xs.slice(0, 12), `${xs.length - 12} more`] : xs)} of ${N} ${xs.length === 1 ? 'is' : 'are'}`;
  if (missing.length) out.push(`${which(missing)} missing in ${dir} (no ${names(missing)})`);
  if (unfinished.length) out.push(`${which(unfinished)} unfinished in ${dir} (no complete ${names(unfinished)} yet; star-sim merge --status ${dir} shows progress)`);
  return out.length ? out : undefined;
}

/** Every explore item merged over the finished shards (which list the same items: their signatures are equal). */
function mergeAll(complete: ShardFile[], N: number, whole: boolean): ExplorationResult[] {
  const names = complete[0]!.explorations.map(x => x.name);
  return names.map((name, k) => mergeExploration(complete.map(f => {
    const x = f.explorations[k];
    if (!x || x.name !== name) throw new MergeError(`${shardFileName(f.shard, N)} lacks explore ${name}: run that shard again`);
    return { shard: f.shard, x };
  }), N, whole));
}
