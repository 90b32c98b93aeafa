// star-sim on designs that read traces: each bad trace input exits 1 with its diagnostic at FILE:LINE:COL; a good
// trace is simulated and the report says the figures came from it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { badTraceCases, GOOD, traceDesign } from '../../server/test/helpers/traceFixtures.js';

const root = resolve(__dirname, '..', '..');
const CLI = join(root, 'dist/server/star-sim.js');     // npm test builds it first
const { dir, cases } = badTraceCases();

function starSim(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('every bad trace input: exit 1 with the diagnostic, never a crash', () => {
  for (const c of cases) {
    const file = join(dir, `${c.name}.star`);
    const text = traceDesign(c.data, c.opts);
    writeFileSync(file, text);
    const r = starSim([file]);
    assert.equal(r.code, 1, `${c.name}: ${r.stderr}`);
    const line = text.slice(0, text.indexOf(c.at)).split('\n').length;
    assert.match(r.stderr, new RegExp(`${c.name}\\.star:${line}:\\d+: error ${c.code} `), `${c.name}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /TypeError|RangeError|at .*\.js:\d+/);
  }
});

test('a good trace is simulated: the report and --json say which data the figures came from', () => {
  const file = join(dir, 'good.star');
  writeFileSync(file, traceDesign(GOOD));
  const r = starSim([file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /data\s+trace q\.npy, k\.npy, v\.npy \(float16/);
  const j = starSim(['--json', file]);
  const sim = JSON.parse(j.stdout).simulations[0];
  assert.match(sim.functional.data, /^trace q\.npy/);
  assert.ok(sim.functional.topkRecall > 0 && sim.functional.topkRecall <= 1);
  // without values: the output error is not measured, and the report says so
  writeFileSync(file, traceDesign('trace { queries = "q.npy", keys = "k.npy" }'));
  const nv = starSim([file]);
  assert.equal(nv.code, 0, nv.stderr);
  assert.match(nv.stdout, /output error not measured \(the trace has no values\)/);
});
