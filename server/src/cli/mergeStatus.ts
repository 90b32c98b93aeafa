// `star-sim merge --status DIR`: one line per shard, done (points, front, seconds), running or unfinished (progress
// read from its journals: the last checkpoint of an exhaustive share, the points of an island), or missing.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { shardPoints, type DirListing, type ShardFile } from '../sim/explore/index.js';
import type { Checkpoint, JournalHeader } from '../sim/explore/journal.js';

/** A shard whose files were written this recently counts as running; older, as unfinished (stopped or killed). */
export const RUNNING_WITHIN_S = 30;

function count(n: number): string { return Math.round(n).toLocaleString('en-US'); }
function ago(s: number): string { return s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`; }

export function shardStatusLines(dir: string, N: number, files: Map<number, ShardFile>, l: DirListing): string[] {
  const any = [...files.values()][0];
  const out = [`${dir}: ${N} shard${N === 1 ? '' : 's'}${any ? ` of ${any.file} (signature ${any.signature})` : ''}`];
  const tally = { done: 0, running: 0, unfinished: 0, missing: 0 };
  for (let i = 0; i < N; i++) {
    const f = files.get(i);
    const journals = l.journals.filter(j => j.shard === i);
    const tag = `shard ${i}/${N}`;
    if (f?.complete) {
      tally.done++;
      const items = f.explorations.map(x => `${x.name} ${count(x.evaluated)} points, front ${count(x.front.length)}`);
      out.push(`${tag}: done: ${items.join('; ')}; ${f.seconds.toFixed(2)} s`);
      continue;
    }
    if (!f && !journals.length) { tally.missing++; out.push(`${tag}: missing`); continue; }
    const paths = [...journals.map(j => join(dir, j.name)), ...(f ? [join(dir, l.results.find(r => r.shard === i)!.name)] : [])];
    const age = Math.min(...paths.map(p => { try { return (Date.now() - statSync(p).mtimeMs) / 1000; } catch { return Infinity; } }));
    const running = age <= RUNNING_WITHIN_S;
    tally[running ? 'running' : 'unfinished']++;
    const finished = new Set(f?.explorations.filter(x => x.complete).map(x => x.name) ?? []);
    const progress = journals.map(j => {
      const shown = f?.explorations.find(x => x.name.replace(/[^A-Za-z0-9_-]/g, '_') === j.exploration);
      if (shown && finished.has(shown.name)) return `${shown.name} done (${count(shown.evaluated)} points)`;
      return `${j.exploration} ${journalProgress(join(dir, j.name), i, N)}`;
    });
    out.push(`${tag}: ${running ? 'running' : 'unfinished'}: ${progress.join('; ') || 'started'}; last written ${ago(age)} ago${running ? '' : ': run it again (it resumes from its journal)'}`);
  }
  out.push(`${tally.done} done, ${tally.running} running, ${tally.unfinished} unfinished, ${tally.missing} missing`);
  return out;
}

/** "12,288 of 29,952 points (41.0 %)" from an exhaustive journal's last checkpoint, "N points evaluated" from an island's. */
export function journalProgress(path: string, shard: number, shards: number): string {
  const { header, checkpoint, points, partly } = readJournal(path);
  if (!header) return 'no journal header yet';
  if (checkpoint) {
    const share = shardPoints(header.points, shard, shards);
    return `${count(checkpoint.evaluated)} of ${count(share)} points (${share ? ((100 * checkpoint.evaluated) / share).toFixed(1) : '100.0'} %)`;
  }
  return points ? `${partly ? 'at least ' : ''}${count(points)} points evaluated` : 'started, nothing journaled yet';
}

/** The header, the last whole checkpoint (read from the file's end) and the number of point lines. */
function readJournal(path: string): { header?: JournalHeader; checkpoint?: Checkpoint; points: number; partly?: boolean } {
  let fd: number;
  try { fd = openSync(path, 'r'); } catch { return { points: 0 }; }
  try {
    const size = statSync(path).size;
    const head = Buffer.alloc(Math.min(size, 1 << 16));
    readSync(fd, head, 0, head.length, 0);
    let header: JournalHeader | undefined;
    try { header = JSON.parse(head.toString('utf8').split('\n')[0]!) as JournalHeader; } catch { header = undefined; }
    // the end of the file: checkpoints carry the front, a few hundred KB at most
    const tailLen = Math.min(size, 8 << 20);
    const tail = Buffer.alloc(tailLen);
    readSync(fd, tail, 0, tailLen, size - tailLen);
    const lines = tail.toString('utf8').split('\n');
    let checkpoint: Checkpoint | undefined, points = 0;
    for (let k = lines.length - 1; k >= 0; k--) {
      const s = lines[k]!;
      if (!checkpoint && s.startsWith('{"t":"checkpoint"')) { try { checkpoint = JSON.parse(s) as Checkpoint; } catch { /* torn */ } }
      if (s.startsWith('{"t":"point"')) points++;
    }
    return { header: header?.t === 'header' ? header : undefined, checkpoint, points, partly: tailLen < size };
  } finally { closeSync(fd); }
}
