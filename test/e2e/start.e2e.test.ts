// `npm start` (scripts/start.mjs): serves the workbench at the address it prints, a second start reuses the
// installed extension, and Ctrl+C (SIGINT) stops code-server with every process it started.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, freePort, root } from '../../scripts/e2e/codeServer.js';
import { e2eSkipReason, eventually } from '../../scripts/e2e/vscode.js';

const skip = e2eSkipReason();

function start(port: number, profile: string): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [join(root, 'scripts/start.mjs'), '--port', String(port), '--profile', profile],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', d => { out += d; });
  child.stderr!.on('data', d => { out += d; });
  return { child, output: () => out };
}

/** Processes whose command line names the profile folder: code-server, its extension hosts, the language server. */
const processesOf = (profile: string) => spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).stdout
  .split('\n').filter(l => l.includes(profile) && !l.includes('start.mjs'));

async function servesWorkbench(run: ReturnType<typeof start>): Promise<string> {
  const url = await eventually(() => /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(run.output())?.[1],
    'npm start to print the address', 240_000);
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /workbench/);
  return url;
}

async function interrupt(run: ReturnType<typeof start>, profile: string): Promise<void> {
  assert.ok(processesOf(profile).length > 0, 'code-server runs before Ctrl+C');
  const exited = new Promise<number | null>(r => run.child.once('exit', code => r(code)));
  run.child.kill('SIGINT');
  assert.equal(await exited, 0, run.output().slice(-2000));
  await eventually(() => (processesOf(profile).length === 0 ? true : undefined),
    `every process of the profile to stop (left: ${processesOf(profile).join(' | ')})`, 15_000);
}

test('npm start serves the workbench, starts again quickly, and Ctrl+C stops everything', { skip, timeout: 600_000 }, async () => {
  mkdirSync(join(cacheDir, 'runs'), { recursive: true });
  const profile = mkdtempSync(join(cacheDir, 'runs', 'start-'));
  try {
    const port = await freePort();
    const first = start(port, profile);
    try {
      const url = await servesWorkbench(first);
      assert.ok(url.includes(encodeURIComponent(join(root, 'samples'))), `opens samples/: ${url}`);
      assert.match(first.output(), /STAR Studio is running/);
      await interrupt(first, profile);
      await assert.rejects(fetch(url), 'nothing listens on the port after Ctrl+C');
    } finally { first.child.kill('SIGKILL'); }

    const second = start(port, profile);
    try {
      await servesWorkbench(second);
      // Unless another engineer's file changed in between, the installed build is reused.
      const reused = /reusing the installed build/.test(second.output());
      const took = /served in ([\d.]+) s/.exec(second.output())?.[1];
      console.log(`second npm start: served in ${took} s (${reused ? 'reused the installed extension' : 'sources changed: repackaged'})`);
      await interrupt(second, profile);
    } finally { second.child.kill('SIGKILL'); }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
