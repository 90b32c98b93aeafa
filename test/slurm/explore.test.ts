// slurm/explore.sh on a real one-node Slurm: a 4-shard job array merged equals the unsharded front, a task killed
// mid-run and requeued resumes from its journal (and `--merge` recovers the merge afterok then never runs), a merge
// with a shard missing refuses and names it and `--rerun` completes it. Usage errors and shellcheck need no Slurm.
import test, { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slurmSkipReason, startCluster, type SlurmCluster } from './cluster.js';
import { CORE_SAMPLE, EXPLORE_SH, comparable, largeCoreSpace, root, starSim, waitFor } from './fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'star-slurm-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function explore(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync('bash', [EXPLORE_SH, ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('slurm/explore.sh: bad arguments exit 2 and say what to fix', () => {
  const cases: Array<[string[], RegExp]> = [
    [[], /expected FILE\.star SHARDS OUTDIR/],
    [['design.txt', '4', join(tmp, 'o')], /should be a \.star file/],
    [[join(tmp, 'none.star'), '4', join(tmp, 'o')], /none\.star' not found/],
    [[CORE_SAMPLE, '0', join(tmp, 'o')], /SHARDS must be a whole number of 1 or more, got '0'/],
    [[CORE_SAMPLE, 'four', join(tmp, 'o')], /got 'four'/],
    [[CORE_SAMPLE, '4', join(tmp, 'o'), '--array=0-1'], /'--array=0-1' is set by explore\.sh itself/],
    [[CORE_SAMPLE, '4', join(tmp, 'o'), '--dependency', 'afterok:1'], /'--dependency' is set by explore\.sh itself/],
    [['--merge'], /--merge needs OUTDIR/],
    [['--merge', tmp], /slurm-jobs not found: OUTDIR must be a folder explore\.sh submitted to/],
    [['--rerun', tmp], /--rerun needs OUTDIR and the shards/],
    [['--frobnicate'], /unknown option '--frobnicate'/],
  ];
  for (const [args, message] of cases) {
    const r = explore(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '');
  }
  assert.match(explore(['--help']).stdout, /Usage: slurm\/explore\.sh FILE\.star SHARDS OUTDIR/);
});

test('slurm/explore.sh: a missing star-sim is named with the fix', () => {
  const r = explore([CORE_SAMPLE, '2', join(tmp, 'nosim')], { ...process.env, STAR_SIM: join(tmp, 'nowhere.js'), PATH: `/usr/bin:${process.env.PATH}` });
  if (!existsSync('/usr/bin/sbatch')) { assert.match(r.stderr, /sbatch not found/); return; }
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /star-sim not found at .*nowhere\.js: run 'npm run build'/);
});

const shellcheck = existsSync('/usr/bin/shellcheck') ? false : 'skipped: /usr/bin/shellcheck not found (apt-get install -y shellcheck)';
if (shellcheck && (process.env.CI === 'true' || process.env.CI === '1')) throw new Error(`${shellcheck}; under CI that is a failure`);
test('slurm/explore.sh is shellcheck-clean', { skip: shellcheck }, () => {
  const r = spawnSync('/usr/bin/shellcheck', [EXPLORE_SH], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

const skip = slurmSkipReason();
describe('slurm/explore.sh on a one-node Slurm', { skip }, () => {
  let slurm: SlurmCluster;
  before(async () => { slurm = await startCluster(); });
  after(() => slurm?.stop());

  /** The whole queue, one `ID STATE REASON` line per job or array task; a busy controller gets three tries. */
  function queue(): string[] {
    for (let attempt = 1; ; attempt++) {
      const r = spawnSync('squeue', ['-h', '-r', '-o', '%i %T %r'], { env: slurm.env, encoding: 'utf8', timeout: 30_000 });
      if (r.status === 0) return r.stdout.split('\n').filter(Boolean);
      if (attempt === 3) throw new Error(`squeue failed 3 times (exit ${r.status}): ${r.stderr}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    }
  }
  /** The job's (or array task's A_I) state and reason, or undefined once it left the queue. */
  function queued(job: string): { state: string; reason: string } | undefined {
    const line = queue().find(l => l.split(' ')[0] === job);
    const [, state, reason] = line?.split(/\s+/) ?? [];
    return state ? { state, reason: reason ?? '' } : undefined;
  }
  function submit(args: string[]): { array: string; merge: string } {
    const r = explore(args, slurm.env);
    assert.equal(r.code, 0, r.stderr);
    const m = /^array (\d+)\nmerge (\d+)\n$/.exec(r.stdout);
    assert.ok(m, `explore.sh prints 'array ID' and 'merge ID' lines, got: ${r.stdout}`);
    return { array: m[1]!, merge: m[2]! };
  }
  function log(outdir: string, name: string): string {
    try { return readFileSync(join(outdir, 'logs', name), 'utf8'); } catch { return ''; }
  }
  function logs(outdir: string): string {
    const dir = join(outdir, 'logs');
    return existsSync(dir) ? readdirSync(dir).map(f => `--- ${f}\n${log(outdir, f)}`).join('\n') : '(no logs)';
  }
  /** Waits for the merge job to leave the queue and returns OUTDIR/front.json (failing with the logs if absent). */
  async function front(outdir: string, merge: string, timeoutMs: number): Promise<string> {
    await waitFor(`merge job ${merge} to finish (logs in ${outdir}/logs)`, timeoutMs, () => (queued(merge) ? undefined : true));
    const f = join(outdir, 'front.json');
    assert.ok(existsSync(f), `no ${f} after the merge job ended:\n${logs(outdir)}`);
    return readFileSync(f, 'utf8');
  }

  test('a 4-shard job array of the core sample, merged, equals the unsharded front', { timeout: 300_000 }, async () => {
    const outdir = join(tmp, 'core4');
    // STAR_SETUP defining node as a function: how docs/cluster.md brings Node through a container.
    const setup = 'node() { echo "node via STAR_SETUP" >&2; command node "$@"; }';
    const r = explore([CORE_SAMPLE, '4', outdir, '--job-name=core4', '--time=10'], { ...slurm.env, STAR_SETUP: setup });
    assert.equal(r.code, 0, r.stderr);
    const [, array, merge] = /^array (\d+)\nmerge (\d+)\n$/.exec(r.stdout) ?? [];
    assert.ok(array && merge, r.stdout);
    assert.notEqual(array, merge);
    const unsharded = starSim(['explore', '--json', '--no-journal', '--quiet', CORE_SAMPLE]);
    assert.equal(unsharded.code, 0, unsharded.stderr);
    const merged = await front(outdir, merge, 240_000);
    assert.deepEqual(comparable(merged), comparable(unsharded.stdout));
    // The CSV is the same rows as the unsharded --csv (it holds no times).
    const csv = starSim(['explore', '--csv', '--no-journal', '--quiet', CORE_SAMPLE]);
    assert.equal(readFileSync(join(outdir, 'front.csv'), 'utf8'), csv.stdout);
    for (let i = 0; i < 4; i++) {
      assert.match(log(outdir, `shard-${i}.out`), new RegExp(`slurm/explore\\.sh: shard ${i}/4 on .*restart 0`));
      assert.match(log(outdir, `shard-${i}.out`), new RegExp(`shard ${i}/4: wrote `));
      assert.match(log(outdir, `shard-${i}.out`), /node via STAR_SETUP/);
    }
    assert.match(log(outdir, `merge-${merge}.out`), /node via STAR_SETUP/);
    assert.match(log(outdir, `merge-${merge}.out`), /wrote .*front\.json and .*front\.csv/);
    assert.deepEqual(readdirSync(outdir).filter(f => f.endsWith('.tmp')), [], 'no temp files left');
  });

  test('a merge with a shard missing refuses and names it; --rerun of that shard completes the front', { timeout: 240_000 }, async () => {
    const outdir = join(tmp, 'core4-missing');
    cpSync(join(tmp, 'core4'), outdir, { recursive: true });
    for (const f of readdirSync(outdir)) if (/^shard-0*2-of-|^front\./.test(f)) rmSync(join(outdir, f));
    const direct = starSim(['merge', '--json', outdir]);
    assert.equal(direct.code, 1);
    assert.match(direct.stderr, /shard 2\b/);
    assert.equal(direct.stdout, '');
    const r = explore(['--merge', outdir], slurm.env);
    assert.equal(r.code, 0, r.stderr);
    const merge = /^merge (\d+)\n$/.exec(r.stdout)?.[1];
    assert.ok(merge, r.stdout);
    await waitFor(`merge job ${merge} to finish`, 90_000, () => (queued(merge) ? undefined : true));
    assert.ok(!existsSync(join(outdir, 'front.json')), 'no front.json from a merge that lacks a shard');
    assert.ok(!existsSync(join(outdir, 'front.csv')));
    const text = log(outdir, `merge-${merge}.out`);
    assert.match(text, /shard 2\b.*missing|missing.*shard 2\b/is, text);
    assert.deepEqual(readdirSync(outdir).filter(f => f.endsWith('.tmp')), []);

    const rerun = explore(['--rerun', outdir, '2'], slurm.env);
    assert.equal(rerun.code, 0, rerun.stderr);
    const ids = /^array (\d+)\nmerge (\d+)\n$/.exec(rerun.stdout);
    assert.ok(ids, rerun.stdout);
    const merged = await front(outdir, ids[2]!, 180_000);
    assert.deepEqual(comparable(merged), comparable(readFileSync(join(tmp, 'core4', 'front.json'), 'utf8')));
    assert.match(log(outdir, 'shard-2.out'), /shard 2\/4 on .*restart 0[^]*shard 2\/4 on .*restart 0/, 'the rerun appends to the log');
    assert.equal(explore(['--rerun', outdir, '4'], slurm.env).code, 2, 'shard 4 of 4 does not exist');
  });

  test('a task cancelled mid-run and requeued resumes from its journal; --merge recovers the merge', { timeout: 600_000 }, async () => {
    const { file } = largeCoreSpace(tmp);
    const outdir = join(tmp, 'large4');
    const { array, merge } = submit([file, '4', outdir, '--job-name=large4']);
    const task = `${array}_2`;
    const journal = () => readdirSync(outdir).find(f => /^shard-0*2-of-0*4\..*\.explore\.jsonl$/.test(f));
    // Mid-run: shard 2 runs and its journal holds a checkpoint (one a second after its header line).
    await waitFor(`shard 2 to run and checkpoint (logs in ${outdir}/logs)`, 240_000, () => {
      const j = journal();
      return queued(task)?.state === 'RUNNING' && j && readFileSync(join(outdir, j), 'utf8').includes('"t":"checkpoint"') ? true : undefined;
    }, 100);
    slurm.run('scancel', [task]);
    // Requeue once the task has left the queue: a requeue while it is still COMPLETING is accepted but not done.
    await waitFor(`${task} to end after scancel`, 60_000, () => (queued(task) ? undefined : true));
    assert.ok(!readdirSync(outdir).some(f => /^shard-0*2-of-0*4\.json$/.test(f)), 'shard 2 was stopped before it finished');
    slurm.run('scontrol', ['requeue', task]);
    // A requeued job waits cred_expire seconds before it may start again; start it now.
    slurm.run('scontrol', ['update', `JobId=${task}`, 'StartTime=now']);
    assert.ok(queued(task), `${task} is back in the queue after scontrol requeue`);

    // Once the array is done, afterok on it is never satisfied (Slurm 22.05 keeps the cancellation): the old merge
    // is stuck with DependencyNeverSatisfied, as docs/cluster.md says.
    await waitFor(`array ${array} to finish (logs in ${outdir}/logs)`, 300_000,
      () => (queue().some(l => l.startsWith(`${array}_`)) ? undefined : true));
    const stuck = await waitFor(`merge ${merge} to be judged`, 60_000, () => {
      const q = queued(merge);
      return q && q.reason === 'Dependency' ? undefined : q ?? { state: 'GONE', reason: '' };
    });
    assert.deepEqual(stuck, { state: 'PENDING', reason: 'DependencyNeverSatisfied' });
    assert.ok(!existsSync(join(outdir, 'front.json')));

    const again = explore(['--merge', outdir], slurm.env);
    assert.equal(again.code, 0, again.stderr);
    const merge2 = /^merge (\d+)\n$/.exec(again.stdout)?.[1];
    assert.ok(merge2 && merge2 !== merge, again.stdout);
    assert.equal(queued(merge), undefined, 'the stuck merge was cancelled');
    const merged = await front(outdir, merge2, 120_000);

    const text = log(outdir, 'shard-2.out');
    assert.match(text, /shard 2\/4 on .*restart 0[^]*CANCELLED[^]*shard 2\/4 on .*restart 1/, text);
    assert.match(text, /shard 2 resumes from its journal .*shard-0*2-of-0*4\.sizing\.explore\.jsonl \((?:[2-9]|\d{2,}) lines\)/, text);
    const shard2 = JSON.parse(readFileSync(join(outdir, readdirSync(outdir).find(f => /^shard-0*2-of-0*4\.json$/.test(f))!), 'utf8'));
    assert.equal(shard2.explorations[0].resumed, true, 'the shard file says it continued its journal');
    for (const i of [0, 1, 3]) assert.doesNotMatch(log(outdir, `shard-${i}.out`), /restart 1/);

    const unsharded = starSim(['explore', '--json', '--no-journal', '--quiet', file], 600_000);
    assert.equal(unsharded.code, 0, unsharded.stderr);
    assert.deepEqual(comparable(merged), comparable(unsharded.stdout));
  });
});
