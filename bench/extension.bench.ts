// Extension figures: activation time measured inside the extension host (the extension writes it to its global
// storage), .vsix size, and a second `npm start` until the workbench is served. Goals: activation < 300 ms,
// .vsix < 2 MB, second start < 10 s.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, findRoot, killGroup } from '../scripts/e2e/codeServer.js';
import { activationRecord, e2eSkipReason, eventually, launchVsCode, openFile, starStatus } from '../scripts/e2e/vscode.js';

const root = findRoot();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function vsixSize(): number {
  const dir = mkdtempSync(join(tmpdir(), 'star-vsix-'));
  try {
    const out = join(dir, 'star-studio.vsix');
    const r = spawnSync(process.execPath, [join(root, 'scripts/package.mjs'), '--out', out], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`package failed:\n${r.stderr}`);
    return statSync(out).size;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Activates the extension `runs` times (a page reload starts a new extension host) and reads its own timing. */
async function activation(runs: number): Promise<Array<{ activationMs: number; loadMs: number; serverReadyMs?: number }>> {
  const vs = await launchVsCode();
  const records = [];
  try {
    let last = '';
    for (let i = 0; i < runs; i++) {
      if (i > 0) {
        await vs.page.reload();
        await vs.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
      }
      await openFile(vs.page, 'star-llama7b-4k.star');
      await starStatus(vs.page).waitFor({ timeout: 60_000 });
      const record = await eventually(() => { const r = activationRecord(vs.profile) as (ReturnType<typeof activationRecord> & { at: string; loadMs: number }) | undefined; return r && r.at !== last ? r : undefined; }, 'a fresh activation record', 60_000);
      last = record.at;
      records.push(record);
    }
  } finally {
    await vs.close();
  }
  return records;
}

/** Runs `npm start` (node scripts/start.mjs) and returns the ms until the printed address serves the workbench. */
async function startToServed(): Promise<number> {
  const port = await freePort();
  const t0 = Date.now();
  const child = spawn(process.execPath, [join(root, 'scripts/start.mjs'), '--port', String(port)], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', d => { out += d; });
  child.stderr.on('data', d => { out += d; });
  try {
    return await eventually(async () => {
      const url = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(out)?.[1];
      if (!url) return undefined;
      const res = await fetch(url).catch(() => undefined);
      return res?.ok && (await res.text()).includes('workbench') ? Date.now() - t0 : undefined;
    }, `npm start to serve the workbench (output so far:\n${out.slice(-2000)})`, 180_000);
  } finally {
    child.kill('SIGINT');
    await new Promise(r => child.once('exit', r));
    killGroup(child.pid!, 'SIGKILL');
  }
}

export default async function bench(): Promise<void> {
  const bytes = vsixSize();
  console.log(`vsix size: ${(bytes / 1024).toFixed(0)} KB (${(bytes / 1048576).toFixed(2)} MB; goal < 2 MB)`);
  const skip = e2eSkipReason();
  if (skip) { console.log(`activation and npm start: ${skip}`); return; }
  const records = await activation(3);
  console.log(`activation (in the extension host, ${records.length} runs): median ${median(records.map(r => r.activationMs))} ms ` +
    `[${records.map(r => r.activationMs).join(', ')}] of which loading the bundle ${median(records.map(r => r.loadMs))} ms; goal < 300 ms`);
  console.log(`server ready after activation: median ${median(records.map(r => r.serverReadyMs ?? NaN))} ms`);
  const first = await startToServed();   // packages and installs if the sources changed since the last start
  const second = await startToServed();
  console.log(`npm start to a served workbench: first ${(first / 1000).toFixed(1)} s, second ${(second / 1000).toFixed(1)} s (goal < 10 s)`);
}
