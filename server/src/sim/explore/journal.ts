// The journal of a run: JSON lines appended as points are evaluated, so a stopped run resumes without recomputing.
// Line 1 is a header naming the exploration (a signature of its space, objectives, constraints and search);
// exhaustive runs then append checkpoints (next index, counters, the front so far), evolutionary runs every evaluated
// point. A torn last line (a kill mid-write) is ignored. Format: docs/explore.md.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Exploration } from '../../model/explore.js';

export const JOURNAL_VERSION = 1;

export interface JournalHeader { t: 'header'; version: number; name: string; points: number; signature: string; shard?: string }
/** Exhaustive progress: points [start, next) are done. */
export interface Checkpoint {
  t: 'checkpoint'; next: number; evaluated: number; feasible: number; reasons: Record<string, number>;
  worst: number[]; front: Array<{ i: number; m: number[] }>; functional: { distinct: number; seconds: number }; seconds: number;
}
/** One evolutionary evaluation: metrics, or the reason it is infeasible (x) with its metrics when it had some. */
export interface PointLine { t: 'point'; i: number; m?: number[]; x?: string; v?: number }
export type JournalLine = JournalHeader | Checkpoint | PointLine;

/** A digest of everything that decides the run's points and their order (spans and names of sources left out). */
export function signatureOf(x: Exploration, extra = ''): string {
  const strip = (_k: string, v: unknown) => (_k === 'span' ? undefined : v);
  const text = JSON.stringify({ p: x.parameters, o: x.objectives, c: x.constraints, s: x.search, m: x.simulation.mapping }, strip) + extra;
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export class JournalError extends Error {}

export class Journal {
  constructor(readonly path: string) {}

  start(header: JournalHeader): void { writeFileSync(this.path, JSON.stringify(header) + '\n'); }
  append(lines: JournalLine[]): void {
    if (lines.length) appendFileSync(this.path, lines.map(l => JSON.stringify(l)).join('\n') + '\n');
  }

  /** The journal's lines after a header matching `header`; [] when there is no journal. */
  load(header: JournalHeader): JournalLine[] {
    if (!existsSync(this.path)) return [];
    const text = readFileSync(this.path, 'utf8');
    const lines: JournalLine[] = [];
    for (const raw of text.split('\n')) {
      if (!raw.trim()) continue;
      try { lines.push(JSON.parse(raw) as JournalLine); } catch { break; }   // torn last line
    }
    const h = lines[0];
    if (!h || h.t !== 'header') throw new JournalError(`${this.path} is not an exploration journal: delete it or run without --resume`);
    if (h.signature !== header.signature || h.points !== header.points || (h.shard ?? '') !== (header.shard ?? '')) {
      throw new JournalError(`${this.path} belongs to another exploration (or the file changed since): delete it or run without --resume`);
    }
    return lines.slice(1);
  }
}
