// `star-sim explore FILE.star --shard I/N --out DIR`: one shard of every explore item of the file (issue 15). Checks
// that DIR holds only shards of this file and space, resumes from the shard's journals in DIR, prints progress lines
// a scheduler's log can show, and writes the shard file atomically after each item (docs/cli.md).
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Exploration } from '../model/explore.js';
import type { LineIndex } from '../language/text.js';
import {
  chosenSearch, runExploration, runSignature, shardBlocks, type ExplorationResult,
  listShardDir, readShardFile, shardFileName, shardJournalName, shardSignature, writeShardFile, ShardFileError, SHARD_FORMAT_VERSION,
  type ShardExploration, type ShardFile,
} from '../sim/explore/index.js';
import { JournalError } from '../sim/explore/journal.js';
import { EVOLUTIONARY_DEFAULTS } from '../model/explore.js';
import type { ExploreArgs } from './explore.js';
import { exploreOutput } from '../present/explore.js';
import type { RunOutput } from './star-sim.js';

/** Progress lines at most this often (and one at the end of each item): a log, not a terminal. */
const PROGRESS_EVERY_MS = 5000;

function count(n: number): string { return Math.round(n).toLocaleString('en-US'); }
function rate(r: number): string { return r >= 1e5 ? `${(r / 1e6).toFixed(2)} M` : count(r); }
function duration(s: number): string {
  return !Number.isFinite(s) ? '?' : s < 60 ? `${Math.max(0, Math.round(s))} s` : s < 3600 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
}

export function runShard(o: ExploreArgs, explorations: Exploration[], lines: LineIndex, err: string[],
                         progress: (line: string) => void): RunOutput {
  const { index: I, count: N } = o.shard!;
  const dir = o.out!;
  const tag = `shard ${I}/${N}`;
  const fail = (msg: string): RunOutput => ({ code: 1, stdout: '', stderr: [...err, `star-sim explore: ${msg}`].join('\n') + '\n' });
  try { mkdirSync(dir, { recursive: true }); } catch (e) {
    return fail(`cannot make the --out folder ${dir}: ${(e as Error).message}`);
  }
  const items = explorations.map(x => ({ name: x.name, signature: runSignature(x, { sampleRows: o.sampleRows }) }));
  const signature = shardSignature(items);
  const mine = join(dir, shardFileName(I, N));

  // DIR must hold shards of this very run only: same count, same file and space.
  const listing = listShardDir(dir);
  const otherCount = [...listing.results, ...listing.journals].find(f => f.shards !== N);
  if (otherCount) {
    return fail(`${dir} holds shards of a ${otherCount.shards}-shard run (${join(dir, otherCount.name)}), this is shard ${I} of ${N}: use another --out DIR, or delete that run's files from ${dir}`);
  }
  const own = listing.results.find(r => r.shard === I);
  const other = listing.results.find(r => r.shard !== I);
  let previous: ShardFile | undefined;
  try {
    for (const r of [own, other]) {
      if (!r) continue;
      const f = readShardFile(join(dir, r.name));
      if (f.signature !== signature) {
        return fail(`${join(dir, r.name)} is a shard of ${f.file} with another space (signature ${f.signature}), not of ${o.file} as it is now (signature ${signature}): use another --out DIR for this file, or delete ${dir}'s shard files and journals to start over`);
      }
      if (r === own) previous = f;
    }
  } catch (e) {
    if (e instanceof ShardFileError) return fail(e.message);
    throw e;
  }
  if (previous?.complete) {
    if (!o.quiet) progress(`${tag} of ${o.file} is already done (${mine}): nothing to do`);
    return { code: 0, stdout: exploreOutput(previous.explorations, o), stderr: err.length ? err.join('\n') + '\n' : '' };
  }

  const done: ShardExploration[] = [];
  let code = 0;
  const write = (complete: boolean) => {
    const f: ShardFile = {
      format: 'star-sim-shard', version: SHARD_FORMAT_VERSION, shard: I, shards: N, file: o.file, sampleRows: o.sampleRows, signature, complete,
      seconds: done.reduce((s, x) => s + x.seconds, 0), written: new Date().toISOString(), explorations: done,
    };
    writeShardFile(dir, f);
  };
  for (const [k, x] of explorations.entries()) {
    const journal = join(dir, shardJournalName(I, N, x.name));
    const kind = chosenSearch(x);
    const blocks = kind === 'exhaustive' ? shareOf(x, I, N) : undefined;
    const points = blocks?.reduce((n, [a, b]) => n + b - a, 0);
    let last = performance.now();
    const t0 = last;
    const say = (d: number, total: number, r: number, front?: number, end = false) => {
      const now = performance.now();
      if (!o.progress || (!end && now - last < PROGRESS_EVERY_MS)) return;
      last = now;
      progress(progressLine(`${tag} ${x.name}`, kind, d, points ?? total, r, front, end ? (now - t0) / 1000 : undefined));
    };
    try {
      const r = runExploration(x, {
        sampleRows: o.sampleRows, checkpointMs: o.checkpointMs, journal, resume: true, shard: { index: I, count: N },
        onProgress: (d, total, rt, front) => say(d, total, rt, front.points.length),
      });
      if (o.progress) {
        say(kind === 'exhaustive' ? r.evaluated : r.search.generations ?? 0, kind === 'exhaustive' ? points ?? 0 : r.search.generations ?? 0,
          r.evaluationsPerS, r.front.length, true);
      }
      done.push(shardEntry(x, r, items[k]!.signature, blocks));
    } catch (e) {
      const p = lines.positionAt(x.span?.start ?? 0);
      const why = e instanceof JournalError
        ? `${journal} belongs to another exploration, shard or sample rows (or the file changed since): use another --out DIR, or delete ${dir}'s files of shard ${I} to run it again`
        : (e as Error).message;
      err.push(`${o.file}:${p.line + 1}:${p.character + 1}: error exploration-failed explore ${x.name}: ${why}`);
      code = 1;
      break;   // the shard file lists the items in file order: a failed item ends this start of the shard
    }
    try { write(code === 0 && done.length === explorations.length); } catch (e) {
      return fail(`cannot write ${mine}: ${(e as Error).message}`);
    }
  }
  if (code === 0 && !o.quiet) progress(`${tag}: wrote ${mine}`);
  return { code, stdout: exploreOutput(done, o), stderr: err.length ? err.join('\n') + '\n' : '' };
}

/** The exhaustive share of shard I of N: its blocks of point indices [start, end). */
function shareOf(x: Exploration, I: number, N: number): Array<[number, number]> {
  return shardBlocks(x.parameters.reduce((n, p) => n * p.values.length, 1), I, N);
}

/** e.g. `shard 2/4 sizing: 59,904 of 119,808 points (50.0 %), 0.53 M evaluations/s, front 14, ~2 s left`. */
export function progressLine(who: string, kind: 'exhaustive' | 'evolutionary', done: number, total: number, r: number,
                             front: number | undefined, seconds?: number): string {
  const pct = total > 0 ? ((100 * done) / total).toFixed(1) : '100.0';
  const what = kind === 'exhaustive' ? `${count(done)} of ${count(total)} points` : `generation ${count(done)} of ${count(total)}`;
  const frontPart = front !== undefined ? `, front ${count(front)}` : '';
  const tail = seconds !== undefined ? `, done in ${seconds.toFixed(1)} s`
    : kind === 'exhaustive' && r > 0 ? `, ~${duration((total - done) / r)} left` : '';
  return `${who}: ${what} (${pct} %), ${rate(r)} evaluations/s${frontPart}${tail}`;
}

/** What the shard file keeps of one item: its result and what merging needs besides. */
function shardEntry(x: Exploration, r: ExplorationResult, signature: string, share?: Array<[number, number]>): ShardExploration {
  const sign = r.senses.map(s => (s === 'max' ? -1 : 1));
  // reference.worst is the worst feasible value as it is (the front's best lies below it) when anything was feasible
  const worstMin = r.reference.worst.map((w, j) => (r.feasible > 0 ? w * sign[j]! : null));
  const e: ShardExploration = { ...r, signature, worstMin };
  if (share) e.share = { points: share.reduce((n, [a, b]) => n + b - a, 0), blocks: share };
  else e.fileSeed = x.search.kind === 'evolutionary' ? x.search.seed : EVOLUTIONARY_DEFAULTS.seed;
  return e;
}

/** Seconds since a file was last written (Infinity when it is not there). */
export function ageOf(path: string): number {
  try { return (Date.now() - statSync(path).mtimeMs) / 1000; } catch { return Infinity; }
}
