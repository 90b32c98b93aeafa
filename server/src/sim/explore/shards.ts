// The files of a sharded exploration (issue 15) in its output folder: one result file per shard, written
// atomically (a temp file in the folder, then a rename), and one journal per shard and explore item. Names carry the
// 0-based shard number and the count, zero-padded so they sort: shard-0003-of-0008.json. Format: docs/cli.md.
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ExplorationResult } from './objectives.js';

export const SHARD_FORMAT = 'star-sim-shard';
export const SHARD_FORMAT_VERSION = 2;   // 2: exhaustive shares are round-robin blocks (1: one contiguous range)

/** One explore item's part of a shard file: its result as `explore --json` prints it, and what merging needs. */
export interface ShardExploration extends ExplorationResult {
  /** The item's run signature (space, objectives, constraints, search, base design, sample rows). */
  signature: string;
  /** Worst feasible value per objective in minimisation form (maximised metrics negated); null: no feasible point. */
  worstMin: Array<number | null>;
  /** Exhaustive: the points this shard covers, as blocks of point indices [start, end) (shardBlocks). */
  share?: { points: number; blocks: Array<[number, number]> };
  /** Evolutionary: the file's seed (island 0 runs with it; island I with a seed mixed from it and I). */
  fileSeed?: number;
}

export interface ShardFile {
  format: typeof SHARD_FORMAT;
  version: number;
  /** 0-based shard number I and the count N (I of N, like --shard I/N and $SLURM_ARRAY_TASK_ID). */
  shard: number;
  shards: number;
  /** The source file as given on the command line. */
  file: string;
  /** --sample-rows when given (it is part of the signature). */
  sampleRows?: number;
  /** A digest of the explored items (each item's run signature, by name): shards merge only when it is equal. */
  signature: string;
  /** true when every explore item of the file ran to the end of its share. */
  complete: boolean;
  /** Seconds the explorations took, over every start of this shard. */
  seconds: number;
  written: string;
  explorations: ShardExploration[];
}

export class ShardFileError extends Error {}

function width(shards: number): number { return Math.max(4, String(shards).length); }
/** DIR/shard-0003-of-0008.json for shard 3 of 8. */
export function shardFileName(shard: number, shards: number): string {
  const w = width(shards);
  return `shard-${String(shard).padStart(w, '0')}-of-${String(shards).padStart(w, '0')}.json`;
}
/** The journal of one explore item of a shard: shard-0003-of-0008.sizing.explore.jsonl. */
export function shardJournalName(shard: number, shards: number, exploration: string): string {
  return `${shardFileName(shard, shards).replace(/\.json$/, '')}.${exploration.replace(/[^A-Za-z0-9_-]/g, '_')}.explore.jsonl`;
}

const RESULT = /^shard-(\d+)-of-(\d+)\.json$/;
const JOURNAL = /^shard-(\d+)-of-(\d+)\.(.+)\.explore\.jsonl$/;

export interface DirListing {
  /** Result files: name, shard, count. */
  results: Array<{ name: string; shard: number; shards: number }>;
  /** Journals: name, shard, count, the exploration's name as it is in the file name. */
  journals: Array<{ name: string; shard: number; shards: number; exploration: string }>;
}
/** The shard files in DIR (an absent folder lists nothing). */
export function listShardDir(dir: string): DirListing {
  const out: DirListing = { results: [], journals: [] };
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const r = RESULT.exec(name);
    if (r) { out.results.push({ name, shard: Number(r[1]), shards: Number(r[2]) }); continue; }
    const j = JOURNAL.exec(name);
    if (j) out.journals.push({ name, shard: Number(j[1]), shards: Number(j[2]), exploration: j[3]! });
  }
  return out;
}

/** The digest of a file's explored items: their names and run signatures, in file order. */
export function shardSignature(items: Array<{ name: string; signature: string }>): string {
  return createHash('sha256').update(JSON.stringify(items.map(i => [i.name, i.signature]))).digest('hex').slice(0, 16);
}

/** Writes the shard file atomically: readers see the old file or the new one, never a torn one. */
export function writeShardFile(dir: string, f: ShardFile): string {
  const path = join(dir, shardFileName(f.shard, f.shards));
  const tmp = join(dir, `.${shardFileName(f.shard, f.shards)}.tmp-${process.pid}`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(f) + '\n');
    fsyncSync(fd);   // the rename must not land before the data on a crash (shared cluster file systems)
  } finally { closeSync(fd); }
  try { renameSync(tmp, path); } catch (e) { rmSync(tmp, { force: true }); throw e; }
  return path;
}

/** Reads and checks one shard file; a file that is not one is an error naming it. */
export function readShardFile(path: string): ShardFile {
  let f: ShardFile;
  try { f = JSON.parse(readFileSync(path, 'utf8')) as ShardFile; } catch (e) {
    throw new ShardFileError(`${path} is not a readable shard file (${(e as Error).message.split('\n')[0]}): delete it and run its shard again`);
  }
  if (!f || f.format !== SHARD_FORMAT || !Array.isArray(f.explorations) || !Number.isInteger(f.shard) || !Number.isInteger(f.shards)) {
    throw new ShardFileError(`${path} is not a star-sim shard file: delete it and run its shard again`);
  }
  if (f.version !== SHARD_FORMAT_VERSION) {
    throw new ShardFileError(`${path} has shard format version ${f.version}, this star-sim reads ${SHARD_FORMAT_VERSION}: run its shard again with this star-sim`);
  }
  if (f.shard < 0 || f.shard >= f.shards) throw new ShardFileError(`${path} says shard ${f.shard} of ${f.shards}: I runs from 0 to N-1; run that shard again`);
  const bad = f.explorations.findIndex(x => !wellFormed(x));
  if (bad >= 0) throw new ShardFileError(`${path}: exploration ${bad + 1} lacks fields merging needs (front, counters, worstMin, signature): the file is damaged; delete it and run its shard again`);
  return f;
}

function wellFormed(x: ShardExploration): boolean {
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  return !!x && typeof x.name === 'string' && typeof x.signature === 'string' && Array.isArray(x.objectives) && Array.isArray(x.senses)
    && Array.isArray(x.worstMin) && x.worstMin.length === x.objectives.length && Array.isArray(x.front)
    && x.front.every(p => p && num(p.index) && typeof p.metrics === 'object' && p.metrics !== null && typeof p.parameters === 'object')
    && num(x.evaluated) && num(x.feasible) && num(x.seconds) && typeof x.infeasibleReasons === 'object' && x.infeasibleReasons !== null
    && !!x.functional && num(x.functional.distinct) && num(x.functional.seconds) && !!x.search && typeof x.search.kind === 'string'
    && !!x.space && num(x.space.points);
}
