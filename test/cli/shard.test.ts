// Shards and merge (issue 15): `star-sim explore --shard I/N --out DIR` and `star-sim merge DIR`. The core sample
// runs through the built bin (4 shards merged == one unsharded run, a shard killed mid-run and resumed); small spaces
// run the same CLI code in process (partition for several N, islands, missing / unfinished / --partial / --status,
// signature mismatch, usage errors).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { analyze } from '../../server/src/language/index.js';
import { runExplore } from '../../server/src/cli/explore.js';
import { runMerge } from '../../server/src/cli/merge.js';
import { exploreCsv, exploreOutput } from '../../server/src/present/explore.js';
import { Evaluator, Space, compare, islandSeed, shardBlocks, shardPoints, SHARD_FORMAT_VERSION, METRIC_NAMES } from '../../server/src/sim/explore/index.js';
import type { ShardFile } from '../../server/src/sim/explore/index.js';

const root = resolve(__dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'star-shard-cli-'));
const CORE = 'samples/explore-star-core.star';

function cliPath(): string {
  const dist = join(root, 'dist/server/star-sim.js');
  const dirs = ['server/src/cli', 'server/src/sim/explore'].map(d => join(root, d));
  const srcs = dirs.flatMap(d => readdirSync(d).map(f => join(d, f)));
  if (existsSync(dist) && srcs.every(s => statSync(dist).mtimeMs >= statSync(s).mtimeMs)) return dist;
  const out = join(tmp, 'star-sim.js');
  if (!existsSync(out)) buildSync({ absWorkingDir: root, entryPoints: [join(root, 'server/src/cli/star-sim.ts')], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
  return out;
}
function starSim(args: string[]) {
  const r = spawnSync(process.execPath, [cliPath(), ...args], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** The bin run in the background (shards run side by side, as on a cluster). */
function starSimAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise(ok => {
    const c = spawn(process.execPath, [cliPath(), ...args], { cwd: root });
    let stdout = '', stderr = '';
    c.stdout.on('data', d => { stdout += d; });
    c.stderr.on('data', d => { stderr += d; });
    c.on('close', code => ok({ code, stdout, stderr }));
  });
}
/** The CLI's code in process (no spawn): explore and merge as the bin runs them. */
function explore(args: string[]) { const lines: string[] = []; const r = runExplore(args, undefined, l => lines.push(l)); return { ...r, progress: lines }; }
function merge(args: string[]) { const lines: string[] = []; const r = runMerge(args, l => lines.push(l)); return { ...r, progress: lines }; }

/** Figures that depend on time or on how the work was split: dropped before comparing outputs. */
function comparable(stdout: string, drop: string[] = []) {
  const j = JSON.parse(stdout) as { explorations: Array<Record<string, unknown>> };
  for (const x of j.explorations) for (const k of ['seconds', 'evaluationsPerS', 'loopEvaluationsPerS', 'functional', ...drop]) delete x[k];
  return j;
}

/** The core sample's vary block cut down to 168 points (2 distinct functional statistics), or another search. */
function variant(name: string, vary?: string, search?: string): string {
  let text = readFileSync(join(root, CORE), 'utf8');
  if (vary) text = text.replace(/vary \{[^}]*\}/, `vary {\n${vary}\n  }`);
  if (search) text = text.replace(/search = auto.*/, `search = ${search}`);
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
}
const SMALL_VARY = `    core.sufa.array = [128 x 2, 128 x 4, 128 x 8, 128 x 16]
    core.sufa.exp_units = [64, 128, 256]
    core.sram.token = 128 KB to 512 KB step 64 KB
    mapping.tiling.bc = [64, 128]`;
const P_SMALL = 168;
const SMALL = variant('small.star', SMALL_VARY);
const readShard = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as ShardFile;

let unshardedCore: Promise<{ json: string; csv: string }> | undefined;
/** One unsharded run of the core sample; its CSV by the function explore --csv prints through. */
function unsharded() {
  unshardedCore ??= starSimAsync(['explore', '--json', '--no-journal', CORE]).then(j => {
    assert.equal(j.code, 0, j.stderr);
    return { json: j.stdout, csv: exploreCsv(JSON.parse(j.stdout).explorations) };
  });
  return unshardedCore;
}

test('exhaustive shards partition the space exactly once and merge to the unsharded front, for several N', () => {
  const whole = explore(['--json', '--no-journal', SMALL]);
  assert.equal(whole.code, 0, whole.stderr);
  const P = P_SMALL;
  // more shards than points: the last ones are empty, the partition still exact
  for (const [size, n] of [[5, 8], [119_808, 4], [1_000_003, 7], [1, 1]] as const) {
    const seen = new Uint8Array(size);
    for (let i = 0; i < n; i++) {
      let last = -1;
      for (const [a, b] of shardBlocks(size, i, n)) {
        assert.ok(a >= last && a < b && b <= size, `blocks of shard ${i}/${n} increase and stay inside the space`);
        for (let k = a; k < b; k++) seen[k]!++;
        last = b;
      }
      assert.ok(shardBlocks(size, i, n).length <= 16, 'at most 16 blocks per shard');
    }
    assert.ok(seen.every(c => c === 1), `the shards of ${size} points in ${n} cover each point exactly once`);
  }
  for (const N of [1, 3, 7]) {
    const dir = join(tmp, `small-${N}`);
    for (let i = 0; i < N; i++) assert.equal(explore(['--quiet', '--shard', `${i}/${N}`, '--out', dir, SMALL]).code, 0);
    const covered = new Uint8Array(P);
    for (let i = 0; i < N; i++) {
      const x = readShard(dir, `shard-${String(i).padStart(4, '0')}-of-${String(N).padStart(4, '0')}.json`).explorations[0]!;
      assert.deepEqual(x.share!.blocks, shardBlocks(P, i, N));
      assert.equal(x.evaluated, x.share!.points);
      for (const [a, b] of x.share!.blocks) for (let k = a; k < b; k++) covered[k]!++;
      assert.equal(x.search.shard, `${i}/${N}`, 'the 0-based tag of --shard');
    }
    assert.ok(covered.every(c => c === 1), `N = ${N}: every point in exactly one shard`);
    const m = merge(['--json', dir]);
    assert.equal(m.code, 0, m.stderr);
    assert.deepEqual(comparable(m.stdout), comparable(whole.stdout), `N = ${N}`);
  }
});

test('4 shards of the core sample merged through the bin give the unsharded --json and --csv', async () => {
  const dir = join(tmp, 'core-4');
  const whole = unsharded();
  const runs = await Promise.all([0, 1, 2, 3].map(i => starSimAsync(['explore', CORE, '--shard', `${i}/4`, '--out', dir])));
  for (const [i, r] of runs.entries()) {
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`shard ${i}/4 sizing: 29,952 of 29,952 points \\(100\\.0 %\\), [\\d.,]+ (M )?evaluations/s, front \\d+, done in`));
    assert.ok(!r.stderr.includes('\r'));
  }
  assert.deepEqual(readdirSync(dir).filter(f => f.endsWith('.json')), [0, 1, 2, 3].map(i => `shard-000${i}-of-0004.json`));
  const j = starSim(['merge', '--json', dir]);
  assert.equal(j.code, 0, j.stderr);
  const merged = comparable(j.stdout), one = comparable((await whole).json);
  assert.deepEqual(merged, one);
  // same key order too (the table lists infeasible reasons in it)
  assert.equal(JSON.stringify(merged), JSON.stringify(one));
  const c = starSim(['merge', '--csv', dir]);
  assert.equal(c.code, 0, c.stderr);
  assert.equal(c.stdout, (await whole).csv);
  const t = starSim(['merge', dir]);
  assert.match(t.stdout, /explore sizing: 119,808 points, exhaustive\n  119,808 evaluated/);
  // the table too, but for its time figures (the merge's are the shards' summed work)
  const untimed = (table: string) => table.replace(/ in [^:]+: [\d,]+ evaluations\/s \([\d,]+\/s besides the functional model\)/, '').replace(/functional statistics: .*/, '');
  assert.equal(untimed(t.stdout), untimed(exploreOutput(JSON.parse((await whole).json).explorations, { json: false, csv: false })));
  // started again, a finished shard says so and computes nothing
  const again = starSim(['explore', CORE, '--shard', '2/4', '--out', dir, '--json']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /shard 2\/4 of samples\/explore-star-core\.star is already done .*shard-0002-of-0004\.json.*nothing to do/);
});

test('a shard killed mid-run resumes from its journal: nothing evaluated twice, the merge still equals one run', async () => {
  const dir = join(tmp, 'core-kill');
  const first = starSimAsync(['explore', CORE, '--shard', '0/2', '--out', dir, '--quiet']);
  const journal = join(dir, 'shard-0001-of-0002.sizing.explore.jsonl');
  const child = spawn(process.execPath, [cliPath(), 'explore', CORE, '--shard', '1/2', '--out', dir, '--checkpoint-every', '0.05', '--quiet'], { cwd: root, stdio: 'ignore' });
  const checkpoints = () => (existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter(l => l.startsWith('{"t":"checkpoint"')).length : 0);
  const exited = new Promise<void>(ok => child.on('exit', () => ok()));
  for (let t = 0; t < 1200 && checkpoints() < 1; t++) await new Promise(ok => setTimeout(ok, 10));
  child.kill('SIGKILL');
  await exited;
  assert.equal((await first).code, 0);
  const before = readFileSync(journal, 'utf8').split('\n').filter(l => l.startsWith('{"t":"checkpoint"'))
    .flatMap(l => { try { return [JSON.parse(l) as { evaluated: number }]; } catch { return []; } });   // a torn last line
  assert.ok(before.length >= 1, 'the journal has checkpoints');
  const share = shardPoints(119_808, 1, 2);
  const done = before[before.length - 1]!.evaluated;
  assert.ok(done > 0 && done < share, `killed mid-run (${done} of ${share})`);
  assert.ok(!existsSync(join(dir, 'shard-0001-of-0002.json')), 'no shard file before the end');

  const status = starSim(['merge', '--status', dir]);
  assert.equal(status.code, 0);
  assert.match(status.stdout, /shard 0\/2: done: sizing 59,904 points, front \d+/);
  assert.match(status.stdout, new RegExp(`shard 1/2: (running|unfinished): sizing ${done.toLocaleString('en-US')} of 59,904 points`));
  const refused = starSim(['merge', dir]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /shard 1 of 2 is unfinished in .*core-kill \(no complete shard-0001-of-0002\.json yet.*run it again \(it resumes from its journal\), or merge with --partial/);

  const again = starSim(['explore', CORE, '--shard', '1/2', '--out', dir, '--json']);
  assert.equal(again.code, 0, again.stderr);
  const x = JSON.parse(again.stdout).explorations[0];
  assert.equal(x.resumed, true);
  assert.equal(x.evaluated, share, 'evaluated once each, not doubled');
  const lines = readFileSync(journal, 'utf8').trim().split('\n');
  assert.equal(lines.filter(l => l.startsWith('{"t":"header"')).length, 1, 'the journal was continued, not started over');
  const j = starSim(['merge', '--json', dir]);
  assert.equal(j.code, 0, j.stderr);
  assert.equal(JSON.parse(j.stdout).explorations[0].resumed, true);
  assert.deepEqual(comparable(j.stdout, ['resumed']), comparable((await unsharded()).json, ['resumed']));
});

test('evolutionary islands merge into a valid front: non-dominated, every point re-evaluates to its metrics', () => {
  const file = variant('evo.star', undefined, 'evolutionary { population = 16, generations = 4, seed = 5 }');
  const dir = join(tmp, 'evo');
  for (let i = 0; i < 3; i++) assert.equal(explore(['--quiet', '--shard', `${i}/3`, '--out', dir, file]).code, 0);
  const files = [0, 1, 2].map(i => readShard(dir, `shard-000${i}-of-0003.json`));
  files.forEach((f, i) => assert.equal(f.explorations[0]!.search.seed, islandSeed(5, i)));
  const m = merge(['--json', dir]);
  assert.equal(m.code, 0, m.stderr);
  const x = JSON.parse(m.stdout).explorations[0];
  assert.deepEqual(x.search, { kind: 'evolutionary', population: 16, generations: 4, seed: 5, islands: 3 });
  assert.deepEqual(x.islands.map((i: { island: number; seed: number }) => [i.island, i.seed]), [0, 1, 2].map(i => [i, islandSeed(5, i)]));
  assert.equal(x.evaluated, files.reduce((n, f) => n + f.explorations[0]!.evaluated, 0));
  const exploration = analyze(readFileSync(file, 'utf8')).design.explorations![0]!;
  const space = new Space(exploration), ev = new Evaluator(space);
  const out = new Float64Array(METRIC_NAMES.length);
  const objs = x.front.map((f: { metrics: Record<string, number> }) => ['latency', 'energy', 'area'].map(k => f.metrics[k]!));
  assert.ok(x.front.length > 0);
  x.front.forEach((f: { index: number; metrics: Record<string, number>; parameters: Record<string, string> }, k: number) => {
    assert.ok(files.some(s => s.explorations[0]!.front.some(p => p.index === f.index)), 'from an island front');
    assert.deepEqual(f.parameters, space.parametersAt(f.index));
    assert.equal(ev.evaluate(space.digits(f.index), out), undefined, 'feasible');
    METRIC_NAMES.forEach((n, i) => assert.equal(f.metrics[n], out[i], `${f.index} ${n}`));
    objs.forEach((o: number[], q: number) => { if (q !== k) assert.notEqual(compare(o, objs[k], 3), -1, `${q} dominates ${k}`); });
  });
  // and it is the whole front of the union: every island-front point no other beats (or ties with a lower index) is in
  const union = files.flatMap(s => s.explorations[0]!.front);
  const ob = (p: { metrics: Record<string, number> }) => ['latency', 'energy', 'area'].map(k => p.metrics[k]!);
  const expected = [...new Set(union.filter(p => !union.some(q => compare(ob(q), ob(p), 3) < 0
    || (q.index < p.index && ob(q).every((v, j) => v === ob(p)[j])))).map(p => p.index))].sort((a, b) => a - b);
  assert.deepEqual(x.front.map((f: { index: number }) => f.index), expected);
  assert.ok(x.hypervolume > 0);
  assert.match(merge([dir]).stdout, /3 islands merged[\s\S]*islands: 0: seed 5, /);
});

test('merge refuses missing and unfinished shards by name; --partial says what it lacks; --status shows each shard', () => {
  const dir = join(tmp, 'lacking');
  for (const i of [0, 2, 3]) assert.equal(explore(['--quiet', '--shard', `${i}/5`, '--out', dir, SMALL]).code, 0);
  renameSync(join(dir, 'shard-0003-of-0005.json'), join(tmp, 'moved.json'));   // a journal without its result: unfinished
  const r = merge([dir]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /shards 1 and 4 of 5 are missing in .*lacking \(no shard-0001-of-0005\.json, shard-0004-of-0005\.json\); shard 3 of 5 is unfinished in .*: run them, or merge with --partial/);
  const p = merge(['--partial', '--json', dir]);
  assert.equal(p.code, 0, p.stderr);
  const j = JSON.parse(p.stdout);
  assert.deepEqual(j.partial, { missing: [1, 4], unfinished: [3], merged: [0, 2], shards: 5 });
  assert.equal(j.explorations[0].complete, false);
  assert.deepEqual(j.explorations[0].partial, j.partial);
  assert.equal(j.explorations[0].evaluated, shardPoints(P_SMALL, 0, 5) + shardPoints(P_SMALL, 2, 5), 'shards 0 and 2');
  assert.match(p.progress.join('\n'), /PARTIAL merge: shards 1 and 4 of 5 are missing/);
  const t = merge(['--partial', dir]);
  assert.match(t.stdout, /^PARTIAL merge of .*lacking: shards 1 and 4 of 5 are missing.*merged shards 0 and 2 only\n/);
  assert.match(t.stdout, /PARTIAL: merged from shards 0, 2 of 5 only/);
  const s = merge(['--status', dir]);
  assert.equal(s.code, 0);
  assert.match(s.stdout, /: 5 shards of .*small\.star \(signature [0-9a-f]{16}\)\n/);
  const count = (n: number) => n.toLocaleString('en-US');
  assert.match(s.stdout, new RegExp(`shard 0/5: done: sizing ${count(shardPoints(P_SMALL, 0, 5))} points, front \\d+; [\\d.]+ s\n`));
  assert.match(s.stdout, /shard 1\/5: missing\n/);
  const three = count(shardPoints(P_SMALL, 3, 5));
  assert.match(s.stdout, new RegExp(`shard 3/5: (running|unfinished): sizing ${three} of ${three} points \\(100\\.0 %\\)`));
  assert.match(s.stdout, /shard 4\/5: missing\n2 done, [01] running, [01] unfinished, 2 missing\n$/);
});

test('shards of another file or space are refused by name, in explore and in merge', () => {
  const dir = join(tmp, 'mixed');
  assert.equal(explore(['--quiet', '--shard', '0/2', '--out', dir, SMALL]).code, 0);
  const other = variant('other.star', SMALL_VARY.replace('step 64 KB', 'step 128 KB'));
  const e = explore(['--shard', '1/2', '--out', dir, other]);
  assert.equal(e.code, 1);
  assert.match(e.stderr, /shard-0000-of-0002\.json is a shard of .*small\.star with another space \(signature [0-9a-f]+\), not of .*other\.star as it is now .*: use another --out DIR for this file/);
  const n = explore(['--shard', '1/3', '--out', dir, SMALL]);
  assert.equal(n.code, 1);
  assert.match(n.stderr, /holds shards of a 2-shard run .*this is shard 1 of 3: use another --out DIR/);
  // a shard of the other file slipped into the folder: merge names both
  const elsewhere = join(tmp, 'elsewhere');
  assert.equal(explore(['--quiet', '--shard', '1/2', '--out', elsewhere, other]).code, 0);
  writeFileSync(join(dir, 'shard-0001-of-0002.json'), readFileSync(join(elsewhere, 'shard-0001-of-0002.json')));
  const m = merge([dir]);
  assert.equal(m.code, 1);
  assert.match(m.stderr, /the shards in .*mixed disagree: shard-0000-of-0002\.json is of .*small\.star \(signature [0-9a-f]+\), shard-0001-of-0002\.json is of .*other\.star/);
  // damaged files are named, never a crash
  const damaged = join(tmp, 'damaged');
  assert.equal(explore(['--quiet', '--shard', '0/2', '--out', damaged, SMALL]).code, 0);
  writeFileSync(join(damaged, 'shard-0001-of-0002.json'), `{"format":"star-sim-shard","version":${SHARD_FORMAT_VERSION},"shard":1,"shards":2,"explorations":[{"name":"sizing"}]}`);
  assert.match(merge([damaged]).stderr, /shard-0001-of-0002\.json: exploration 1 lacks fields merging needs .*delete it and run its shard again/);
  writeFileSync(join(damaged, 'shard-0001-of-0002.json'), '{"format":"star-sim-sh');
  const torn = merge([damaged]);
  assert.equal(torn.code, 1);
  assert.match(torn.stderr, /shard-0001-of-0002\.json is not a readable shard file/);
  assert.equal(explore(['--shard', '1/2', '--out', damaged, SMALL]).code, 1, 'a damaged own file is named too');
  // the source edited after its shards ran: merged as it was, with a warning
  const edited = variant('edited.star', SMALL_VARY);
  const ed = join(tmp, 'edited');
  for (const i of [0, 1]) assert.equal(explore(['--quiet', '--shard', `${i}/2`, '--out', ed, edited]).code, 0);
  assert.deepEqual(merge([ed]).progress, []);
  writeFileSync(edited, readFileSync(edited, 'utf8').replace('power <= 6 W', 'power <= 5 W'));
  const late = merge(['--json', ed]);
  assert.equal(late.code, 0, late.stderr);
  assert.match(late.progress.join('\n'), /warning: .*edited\.star changed since its shards ran .*run the shards again/);
  // other sample rows are another space too
  const rows = explore(['--shard', '1/2', '--out', join(tmp, 'rows'), '--sample-rows', '16', '--quiet', SMALL]);
  assert.equal(rows.code, 0, rows.stderr);
  assert.equal(explore(['--shard', '0/2', '--out', join(tmp, 'rows'), SMALL]).code, 1);
  rmSync(join(tmp, 'rows'), { recursive: true });
});

test('usage errors exit 2 and name the fix', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--shard', '4/4', '--out', 'd', SMALL], /--shard 4\/4: I must be from 0 to 3 \(I is 0-based/],
    [['--shard', '0/0', '--out', 'd', SMALL], /N must be from 1/],
    [['--shard', '1.5/4', '--out', 'd', SMALL], /--shard needs I\/N with whole numbers, got '1.5\/4'/],
    [['--shard', '-1/4', '--out', 'd', SMALL], /whole numbers/],
    [['--shard', '1/4', SMALL], /--shard needs --out DIR/],
    [['--out', 'd', SMALL], /--out goes with --shard I\/N/],
    [['--shard', '0/2', '--out', 'd', '--journal', 'j', SMALL], /keeps its journals in its --out DIR/],
    [['--shard', '0/2', '--out', 'd', '--all', 'a', SMALL], /--all with --shard/],
    [['--checkpoint-every', '0', SMALL], /--checkpoint-every needs seconds/],
  ];
  for (const [args, msg] of cases) {
    const r = explore(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, msg);
  }
  assert.match(explore(['--help']).stdout, /\$SLURM_ARRAY_TASK_ID[\s\S]*\$JOB_COMPLETION_INDEX/);
  assert.equal(merge([]).code, 2);
  assert.match(merge(['--json', '--csv', 'd']).stderr, /choose one/);
  assert.match(merge(['--status', '--json', 'd']).stderr, /--status prints one line per shard/);
  assert.match(merge(['--bogus', 'd']).stderr, /unknown option '--bogus'/);
  assert.match(merge(['--help']).stdout, /Usage: star-sim merge/);
  const none = merge([join(tmp, 'nowhere')]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /nowhere: no such folder/);
  const empty = join(tmp, 'empty');
  assert.equal(explore(['--quiet', '--shard', '0/1', '--out', empty, SMALL]).code, 0);
  for (const f of readdirSync(empty)) rmSync(join(empty, f));
  assert.match(merge([empty]).stderr, /holds no shard files .*--shard I\/N --out/);
  assert.equal(starSim(['merge', '--help']).code, 0);
});
