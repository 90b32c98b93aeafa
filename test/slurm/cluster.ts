// A real one-node Slurm (munged, slurmctld, slurmd) in a temporary folder for the tests and the cluster bench.
// Debian's slurm-wlm and munge, run as root without systemd; stopped by pid (never by name), also when a test fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, hostname, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const SBIN = '/usr/sbin';
const BIN = '/usr/bin';
const NEEDED = [`${SBIN}/munged`, `${SBIN}/mungekey`, `${SBIN}/slurmctld`, `${SBIN}/slurmd`, `${BIN}/sbatch`, `${BIN}/squeue`, `${BIN}/scontrol`];

/**
 * Why a real Slurm cannot run here, or false when it can. Locally the Slurm tests skip with this message; under CI
 * (env CI=true) a missing Slurm is a failure, so this throws (like the chromium check of the e2e tests).
 */
export function slurmSkipReason(): string | false {
  const missing = NEEDED.filter(p => !existsSync(p));
  let why = '';
  if (missing.length) why = `${missing.join(', ')} not found: the Slurm tests need Debian's slurm-wlm and munge (apt-get install -y slurm-wlm munge)`;
  else if (process.getuid?.() !== 0) why = 'not root: the one-node Slurm of the tests runs its daemons as root (SlurmUser=root)';
  if (!why) return false;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`${why}; under CI that is a failure`);
  return `skipped: ${why}`;
}

export interface SlurmCluster {
  /** The temporary folder holding slurm.conf, the munge socket, state, spool and the daemons' logs. */
  dir: string;
  /** process.env plus SLURM_CONF (and the Slurm binaries on PATH) for sbatch, squeue, scontrol, scancel. */
  env: NodeJS.ProcessEnv;
  /** Runs a Slurm client command with this cluster's env; throws with its stderr when it fails. */
  run(cmd: string, args: string[]): string;
  /** Cancels every job of this cluster, stops the three daemons by their pid files and removes the folder (kept
   *  when STAR_KEEP_SLURM is set, or when starting failed, for the logs). */
  stop(): void;
}

/** A TCP port nothing listens on right now (so two clusters, or a stale one, never collide). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '0.0.0.0', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function slurmConf(dir: string, host: string, ctldPort: number, dPort: number): string {
  const memMb = Math.floor(totalmem() / 2 ** 20 * 0.8);
  return [
    'ClusterName=startest',
    `SlurmctldHost=${host}`,
    `SlurmctldPort=${ctldPort}`,
    `SlurmdPort=${dPort}`,
    // cred_expire is also how long a requeued job waits before it may start again (default 120 s).
    `AuthInfo=socket=${dir}/munge.sock,cred_expire=10`,
    'AuthType=auth/munge',
    'MpiDefault=none',
    // No cgroups in a container: track tasks by their process tree, bind nothing.
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core',
    `SlurmctldPidFile=${dir}/ctld.pid`,
    `SlurmdPidFile=${dir}/d.pid`,
    `SlurmdSpoolDir=${dir}/spool`,
    `StateSaveLocation=${dir}/state`,
    `SlurmctldLogFile=${dir}/ctld.log`,
    `SlurmdLogFile=${dir}/d.log`,
    'SlurmUser=root',
    'ReturnToService=2',
    `NodeName=${host} CPUs=${cpus().length} RealMemory=${memMb} State=UNKNOWN`,
    `PartitionName=main Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
    '',
  ].join('\n');
}

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

/** True while the process runs (a zombie waiting for its reaper counts as gone). */
function alive(pid: number | undefined): boolean {
  if (!pid || pid <= 0) return false; // kill(0) would signal our own process group
  try { process.kill(pid, 0); } catch { return false; }
  try { return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return true; }
}
function pidOf(file: string): number | undefined {
  try { const n = Number(readFileSync(file, 'utf8').trim()); return n > 0 ? n : undefined; } catch { return undefined; }
}
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
/** SIGTERM, then SIGKILL when the daemon has not gone within 5 s. */
function stopPid(pid: number | undefined): void {
  if (pid === undefined || !alive(pid)) return;
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  for (let i = 0; i < 50 && alive(pid); i++) sleepSync(100);
  if (alive(pid)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
}

/** Starts munged, slurmctld and slurmd in a fresh temporary folder and waits until the node is idle (up to 30 s). */
export async function startCluster(): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'star-slurm-'));
  for (const d of ['spool', 'state']) mkdirSync(join(dir, d));
  const host = hostname().split('.')[0]!;
  const conf = join(dir, 'slurm.conf');
  writeFileSync(conf, slurmConf(dir, host, await freePort(), await freePort()));
  const env: NodeJS.ProcessEnv = { ...process.env, SLURM_CONF: conf, PATH: `${BIN}:${SBIN}:${process.env.PATH ?? ''}` };
  delete env.SLURM_JOB_ID; // a test run inside a Slurm job must not confuse the clients
  let stopped = false;
  let keep = Boolean(process.env.STAR_KEEP_SLURM);
  // Killed by a signal, the process would skip 'exit': stop the daemons, then die of the signal as it would have.
  const onSignal = (signal: NodeJS.Signals) => { stop(); process.kill(process.pid, signal); };
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', stop);
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeListener(s, onSignal);
    // Jobs first (their slurmstepd and star-sim outlive slurmd otherwise), then the daemons, newest first.
    if (alive(pidOf(join(dir, 'ctld.pid')))) {
      spawnSync(`${BIN}/scancel`, ['--quiet', '--user=root'], { env, timeout: 10_000 });
      for (let i = 0; i < 50; i++) {
        const q = spawnSync(`${BIN}/squeue`, ['-h', '-o', '%i'], { env, encoding: 'utf8', timeout: 10_000 });
        if (q.status !== 0 || !q.stdout.trim()) break;
        sleepSync(100);
      }
    }
    for (const p of ['d', 'ctld', 'munged']) stopPid(pidOf(join(dir, `${p}.pid`)));
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', stop);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, onSignal);
  try {
    // A munge key of its own: nothing under /etc is touched, and nothing from an earlier run is reused.
    sh(`${SBIN}/mungekey`, ['--create', `--keyfile=${dir}/munge.key`], env);
    sh(`${SBIN}/munged`, ['--force', `--key-file=${dir}/munge.key`, `--pid-file=${dir}/munged.pid`, `--socket=${dir}/munge.sock`,
      `--log-file=${dir}/munged.log`, `--seed-file=${dir}/munged.seed`], env);
    sh(`${SBIN}/slurmctld`, ['-f', conf], env);
    sh(`${SBIN}/slurmd`, ['-f', conf], env);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const s = spawnSync(`${BIN}/sinfo`, ['-h', '-o', '%T'], { env, encoding: 'utf8', timeout: 10_000 });
      if (s.status === 0 && /^idle/m.test(s.stdout)) break;
      if (Date.now() > deadline) {
        const log = (f: string) => { try { return readFileSync(join(dir, f), 'utf8').split('\n').slice(-8).join('\n'); } catch { return '(none)'; } };
        throw new Error(`the one-node Slurm did not become idle in 30 s (sinfo: ${s.stdout.trim() || s.stderr.trim()});\nctld.log:\n${log('ctld.log')}\nd.log:\n${log('d.log')}`);
      }
      await new Promise(r => setTimeout(r, 200));
    }
  } catch (error) {
    keep = true; // the logs the error points at
    stop();
    throw error;
  }
  return { dir, env, run: (cmd, args) => sh(cmd, args, env), stop };
}
