// What the Slurm tests and the cluster bench share: the core sample grown into larger spaces, star-sim runs, polling.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(__dirname, '..', '..');
export const EXPLORE_SH = join(root, 'slurm/explore.sh');
export const CORE_SAMPLE = join(root, 'samples/explore-star-core.star');

/** The built CLI (scripts/test.mjs and npm run bench build it first). */
export function starSimPath(): string {
  const p = join(root, 'dist/server/star-sim.js');
  if (!existsSync(p)) throw new Error(`${p} not found: run npm run build first`);
  return p;
}

export function starSim(args: string[], timeoutMs = 300_000) {
  const r = spawnSync(process.execPath, [starSimPath(), ...args], { cwd: root, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`star-sim ${args.join(' ')}: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The core sample with finer SRAM steps, written to DIR/NAME.star: 'large' has 3,557,376 points (SRAM token every
 * 2 KB, eight temp sizes, `search = exhaustive` past the 2,000,000-point auto limit), several seconds per shard so a
 * task can be killed mid-run and a bench measures evaluation rather than start-up.
 */
export function largeCoreSpace(dir: string, name = 'explore-large'): { file: string; points: number } {
  let text = readFileSync(CORE_SAMPLE, 'utf8');
  const edits: Array<[RegExp, string]> = [
    [/core\.sram\.token\s*=\s*128 KB to 512 KB step 32 KB/, 'core.sram.token = 128 KB to 512 KB step 2 KB'],
    [/core\.sram\.temp\s*=\s*\[16 KB, 28 KB, 32 KB, 64 KB\]/, 'core.sram.temp = [16 KB, 20 KB, 24 KB, 28 KB, 32 KB, 40 KB, 48 KB, 64 KB]'],
    [/search = auto.*/, 'search = exhaustive'],
  ];
  for (const [from, to] of edits) {
    if (!from.test(text)) throw new Error(`${CORE_SAMPLE} no longer has ${from}: update largeCoreSpace()`);
    text = text.replace(from, to);
  }
  const file = join(dir, `${name}.star`);
  writeFileSync(file, text);
  return { file, points: 119_808 / 13 / 4 * 193 * 8 };
}

/** Polls `check` every `everyMs` until it returns a value (not undefined), or throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => T | undefined, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await new Promise(r => setTimeout(r, everyMs));
  }
}

/** A front as `star-sim explore --json` prints it, without what differs between runs of the same space (see test). */
export function comparable(json: string): unknown {
  const drop = new Set(['seconds', 'evaluationsPerS', 'loopEvaluationsPerS']);
  const j = JSON.parse(json, (k, v) => (drop.has(k) ? undefined : v)) as { explorations: Array<Record<string, unknown>> };
  for (const x of j.explorations) {
    // Work counters, not results: each shard computes its own functional statistics; a resumed shard says so.
    delete x.functional;
    delete x.resumed;
  }
  return j;
}
