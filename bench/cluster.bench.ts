// Sharded exploration under Slurm (issue 15): on this 2-core machine, 2 shards of a CPU-bound exhaustive space finish
// >= 1.7x faster than 1 shard, from submission to the merged front.json; the per-shard rate and a projection of a
// 10^9-point space on N nodes. Needs Debian's slurm-wlm and munge as root (test/slurm/cluster.ts); skips otherwise.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { slurmSkipReason, startCluster, type SlurmCluster } from '../test/slurm/cluster.js';
import { EXPLORE_SH, largeCoreSpace, root, starSimPath, waitFor } from '../test/slurm/fixtures.js';

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const load = () => loadavg().map(x => x.toFixed(1)).join(' ');

interface Run { shards: number; wall: number; shardSeconds: number[]; rates: number[]; evaluated: number }

/** slurm/explore.sh FILE SHARDS OUTDIR, timed from the call to the merged OUTDIR/front.json. */
async function sharded(slurm: SlurmCluster, file: string, shards: number, outdir: string): Promise<Run> {
  const t0 = performance.now();
  const r = spawnSync('bash', [EXPLORE_SH, file, String(shards), outdir], { cwd: root, env: { ...slurm.env, STAR_NODE: process.execPath }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`slurm/explore.sh failed (exit ${r.status}): ${r.stderr}`);
  const merge = /^merge (\d+)$/m.exec(r.stdout)![1]!;
  await waitFor(`the merged front of ${shards} shard(s) in ${outdir}`, 900_000, () => (existsSync(join(outdir, 'front.json')) ? true : undefined), 50);
  const wall = (performance.now() - t0) / 1000;
  await waitFor(`merge job ${merge} to leave the queue`, 60_000, () => (slurm.run('squeue', ['-h', '-j', merge, '-o', '%i']).trim() ? undefined : true));
  const files = readdirSync(outdir).filter(f => /^shard-\d+-of-\d+\.json$/.test(f)).sort();
  const parsed = files.map(f => JSON.parse(readFileSync(join(outdir, f), 'utf8')) as { seconds: number; explorations: Array<{ evaluated: number; evaluationsPerS: number }> });
  return {
    shards, wall,
    shardSeconds: parsed.map(p => p.seconds),
    rates: parsed.map(p => p.explorations[0]!.evaluationsPerS),
    evaluated: parsed.reduce((s, p) => s + p.explorations[0]!.evaluated, 0),
  };
}

/** The same shards as plain processes started together, no Slurm: the parallelism the machine gives right now. */
async function plain(file: string, shards: number, outdir: string): Promise<number> {
  const t0 = performance.now();
  await Promise.all(Array.from({ length: shards }, (_, i) => new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, [starSimPath(), 'explore', file, '--shard', `${i}/${shards}`, '--out', outdir, '--quiet'], { stdio: 'ignore' });
    p.on('error', reject);
    p.on('exit', code => (code === 0 ? resolve() : reject(new Error(`star-sim shard ${i}/${shards} exited ${code}`))));
  })));
  return (performance.now() - t0) / 1000;
}

function describeRun(r: Run): string {
  return `${r.shards} shard(s): ${r.wall.toFixed(1)} s submit to front.json (shards ${r.shardSeconds.map(s => s.toFixed(1)).join(', ')} s; ` +
    `${r.rates.map(n).join(', ')} evaluations/s each; load ${load()})`;
}

export default async function run(): Promise<void> {
  let skip: string | false;
  try { skip = slurmSkipReason(); } catch (e) { skip = (e as Error).message; }
  if (skip) { console.log(`cluster bench ${skip}`); return; }
  const before = loadavg()[0]!;
  const tmp = mkdtempSync(join(tmpdir(), 'star-cluster-bench-'));
  const slurm = await startCluster();
  try {
    const { file, points } = largeCoreSpace(tmp, 'explore-cluster-bench');
    console.log(`space: the core sample with SRAM every 2 KB, ${n(points)} points, exhaustive; load before ${load()} (other helpers share the 2 cores)`);
    // Interleaved 1, 2, 2, 1 so a change of the machine's load hits both sides; the best of each counts.
    const runs: Run[] = [];
    for (const [k, shards] of [1, 2, 2, 1].entries()) {
      const r = await sharded(slurm, file, shards, join(tmp, `run${k}-${shards}`));
      if (r.evaluated !== points) throw new Error(`${shards} shard(s) evaluated ${r.evaluated} points, not ${points}`);
      runs.push(r);
      console.log(`  ${describeRun(r)}`);
    }
    const best = (s: number) => runs.filter(r => r.shards === s).reduce((a, b) => (b.wall < a.wall ? b : a));
    const one = best(1), two = best(2);
    console.log(`2 shards vs 1: ${(one.wall / two.wall).toFixed(2)}x faster, scheduling and merge included (best ${one.wall.toFixed(1)} s vs ${two.wall.toFixed(1)} s)  [goal >= 1.7x]`);
    // Two shards can only be twice as fast with two idle cores: the same shards without Slurm show what the machine
    // gives now (on a VM whose host is shared, its two vCPUs may not run at once even when load looks low).
    const p1 = Math.min(await plain(file, 1, join(tmp, 'plain1a')), await plain(file, 1, join(tmp, 'plain1b')));
    const p2 = Math.min(await plain(file, 2, join(tmp, 'plain2a')), await plain(file, 2, join(tmp, 'plain2b')));
    console.log(`without Slurm, 2 processes vs 1: ${(p1 / p2).toFixed(2)}x (${p1.toFixed(1)} s vs ${p2.toFixed(1)} s): the most this machine allowed now; ` +
      `Slurm kept ${(100 * (one.wall / two.wall) / (p1 / p2)).toFixed(0)}% of it`);
    if (before > 0.5) console.log(`  note: load average ${before.toFixed(1)} before the bench on ${cpus().length} cores: other processes held the cores`);

    // Projection: shards spread evenly, one per core, each at the rate measured here; overhead as measured here.
    const rate = Math.max(...runs.flatMap(r => r.rates));
    const overhead = Math.max(0, two.wall - Math.max(...two.shardSeconds));
    const cores = 32;
    console.log(`per-shard rate: ${n(rate)} evaluations/s (best shard, this space); scheduling + merge overhead ${overhead.toFixed(1)} s`);
    const row = (nodes: number) => {
      const s = 1e9 / (rate * nodes * cores) + overhead;
      const t = s < 120 ? `${s.toFixed(0)} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`;
      return `${String(nodes).padStart(5)} nodes x ${cores} cores: ${t} (${n(1e9 / (nodes * cores))} points per shard)`;
    };
    console.log(`10^9-point space, exhaustive (projection: ${cores} shards per node, one per core, every core at the rate above,`);
    console.log('  the functional statistics shared as in this space, all shards start at once, the overhead above; a real');
    console.log('  queue adds its wait, and spaces with more distinct functional statistics run slower):');
    for (const nodes of [1, 10, 100, 1000]) console.log(`  ${row(nodes)}`);
  } finally {
    slurm.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
