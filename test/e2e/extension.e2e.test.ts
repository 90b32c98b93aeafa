// The extension in a real VS Code (code-server + headless chromium): the packaged .vsix installs with
// `code-server --install-extension`, activates on a .star file, shows the server's diagnostics in the Problems
// panel, a hover, a completion list and its status bar item, survives a killed server, a clean sample shows no
// errors, and saving it shows "simulating <file>" in the status item. Screenshots go to test-artifacts/; the README's
// screenshot is copied to docs/images/extension.png only with STAR_UPDATE_SCREENSHOTS=1 (no churn on every run).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  activationRecord, completionLabels, lineOf, e2eSkipReason, eventually, hoverText, launchVsCode, openFile, packageExtension,
  paletteEntries, problemCounts, problems, root, runCommand, screenshot, starStatus, type VsCode,
} from '../../scripts/e2e/vscode.js';
import { listExtensions, makeProfile, removeProfile, installExtension, ensureCodeServer } from '../../scripts/e2e/codeServer.js';

const skip = e2eSkipReason();
const MISTAKES = 'mistakes.star';
const CLEAN = 'star-llama7b-4k.star';
/** Every simulation in this session takes at least this long (test-only server switch), so "simulating" is seen. */
const SIM_DELAY_MS = 2500;

describe('the .vsix', { skip, timeout: 600_000 }, () => {
  test('installs with code-server --install-extension and runs without node_modules', { timeout: 600_000 }, () => {
    ensureCodeServer();
    const vsix = packageExtension();
    const profile = makeProfile();
    try {
      const out = installExtension(profile, vsix);
      assert.match(out, /successfully installed/i);
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
      assert.ok(listExtensions(profile).includes(`star-studio.star-studio@${pkg.version}`), 'listed by --list-extensions');
      const dir = readdirSync(profile.extensionsDir).find(n => n.startsWith('star-studio.star-studio-'));
      assert.ok(dir, 'unpacked into the extensions folder');
      const ext = join(profile.extensionsDir, dir);
      assert.ok(existsSync(join(ext, 'dist/client/extension.js')) && existsSync(join(ext, 'dist/server/server.js')));
      assert.ok(!existsSync(join(ext, 'node_modules')), 'no node_modules beside the extension');
    } finally {
      removeProfile(profile);
    }
  });
});

describe('STAR Studio in a real VS Code', { skip, timeout: 900_000 }, () => {
  let vs: VsCode;
  // Tracing on from the start: the log test finds the LSP traffic in the output (the trace setting works).
  before(async () => { vs = await launchVsCode({ settings: { 'star.trace.server': 'messages' }, env: { STAR_SIM_TEST_DELAY_MS: String(SIM_DELAY_MS) } }); }, { timeout: 600_000 });
  after(async () => { await vs?.close(); });

  test('activates on a .star file: status bar item turns ready, activation recorded', { timeout: 120_000 }, async () => {
    const { page } = vs;
    assert.equal(activationRecord(vs.profile), undefined, 'not active before a .star file opens');
    await openFile(page, MISTAKES);
    const status = starStatus(page);
    await status.waitFor({ timeout: 60_000 });
    await eventually(async () => (await status.getAttribute('aria-label'))?.includes('ready') ? true : undefined,
      'the STAR status item to say the server is ready', 60_000);
    assert.match(await status.textContent() ?? '', /STAR/);
    const record = await eventually(() => activationRecord(vs.profile), 'the activation record');
    assert.ok(record.activationMs > 0 && record.serverReadyMs! > 0, JSON.stringify(record));
    await screenshot(page, 'extension-activated');
  });

  test('the diagnostics of mistakes.star are in the Problems panel', { timeout: 120_000 }, async () => {
    const { page } = vs;
    const rows = await problems(page, 5, 60_000);
    const text = rows.join('\n');
    // A few of the file's deliberate mistakes, by their words (messages are the server's).
    assert.match(text, /mistakes\.star/);
    assert.match(text, /unit/i, `no unit diagnostic among:\n${text}`);
    assert.match(text, /heads|heds/, `no unknown-field diagnostic among:\n${text}`);
    const counts = await eventually(async () => { const c = await problemCounts(page); return c.errors >= 10 ? c : undefined; },
      'at least 10 errors in the status bar count');
    assert.ok(counts.errors >= 10, JSON.stringify(counts));
    assert.ok(await page.locator('.editor-instance .squiggly-error').count() > 0, 'squiggles in the editor');
    await screenshot(page, 'extension-problems');
  });

  test('hover over a field shows its documentation', { timeout: 120_000 }, async () => {
    const text = await hoverText(vs.page, 'voltage', 60_000);
    assert.ok(text.length > 10, `hover text: ${text}`);
    assert.match(text, /volt|V\b/i);
    // The README's screenshot: diagnostics, the Problems panel and a hover. Into docs/ only when asked for.
    await vs.page.waitForTimeout(800);   // the hover fades in
    const shot = await screenshot(vs.page, 'extension-hover');
    if (process.env.STAR_UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(root, 'docs/images'), { recursive: true });
      copyFileSync(shot, join(root, 'docs/images/extension.png'));
    }
  });

  test('completion inside a core block lists its engines', { timeout: 120_000 }, async () => {
    const { page } = vs;
    await page.keyboard.press('Escape');
    const labels = await completionLabels(page, lineOf(vs, MISTAKES, 'rass = on'), '\n  ', 60_000);
    await screenshot(page, 'extension-completion');
    await page.keyboard.press('Escape');
    assert.ok(labels.some(l => /^(dlzs|sads|sufa|kvgen|sram)$/.test(l)), `no engine among the server's labels: ${labels.join(', ')}`);
    await runCommand(page, 'File: Revert File');
  });

  test('the STAR commands are in the palette', { timeout: 60_000 }, async () => {
    const entries = await paletteEntries(vs.page, 'STAR:');
    for (const title of ['STAR: Restart Language Server', 'STAR: Show Server Log']) {
      assert.ok(entries.some(e => e.startsWith(title)), `${title} not among ${entries.join(' | ')}`);
    }
  });

  test('STAR: Show Server Log opens the STAR Language Server output, with the LSP trace (star.trace.server)', { timeout: 60_000 }, async () => {
    const { page } = vs;
    await runCommand(page, 'STAR: Show Server Log');
    // The output is long with tracing on: the Output view's filter shows the lines a check needs.
    // Not the Problems filter; held as a handle because the input drops its placeholder once it has text.
    const filter = (await page.locator('.part.panel input[placeholder="Filter"]:visible').first().elementHandle({ timeout: 20_000 }))!;
    const output = page.locator('.part.panel .view-lines').first();
    const shows = async (text: string, pattern: RegExp) => {
      await filter.fill(text);
      // Monaco renders spaces as no-break spaces.
      await eventually(async () => pattern.test((await output.textContent() ?? '').replace(/\u00a0/g, ' ')) ? true : undefined,
        `"${text}" in the STAR Language Server output`, 20_000).catch(async (error: Error) => {
        await screenshot(page, 'extension-log-failed');
        throw new Error(`${error.message}; the view shows: ${(await output.textContent())?.slice(0, 500)}`);
      });
    };
    await shows('activated in', /\[client\] activated in [\d.]+ ms/);
    await shows('Sending request', /\[Trace - [^\]]+\] Sending request '[\w/]+/);
    await screenshot(page, 'extension-log');
    await filter.fill('');
    await page.keyboard.press('Control+Shift+M');   // back to the Problems panel
  });

  /** Language server processes of this session (their command line names the session's extensions folder). */
  const serverPids = () => spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).stdout.split('\n')
    .filter(l => l.includes(vs.profile.extensionsDir) && l.includes('dist/server/server.js')).map(l => Number(l.trim().split(/\s+/)[0]));

  test('a killed server is restarted with a visible message', { timeout: 120_000 }, async () => {
    const { page } = vs;
    const [pid] = await eventually(() => { const p = serverPids(); return p.length ? p : undefined; }, 'the language server process');
    process.kill(pid, 'SIGKILL');
    await page.locator('.notification-toast', { hasText: 'stopped unexpectedly' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'extension-restart');
    const newPid = await eventually(() => serverPids().find(p => p !== pid), 'a new server process', 30_000);
    assert.notEqual(newPid, pid);
    await eventually(async () => (await starStatus(page).getAttribute('aria-label'))?.includes('ready') ? true : undefined,
      'the status item back to ready', 30_000);
    // The new server answers: the diagnostics are still (again) there.
    assert.ok((await problemCounts(page)).errors >= 10);
  });

  test('STAR: Restart Language Server replaces the server process', { timeout: 90_000 }, async () => {
    const { page } = vs;
    const [before] = await eventually(() => { const p = serverPids(); return p.length ? p : undefined; }, 'the language server process');
    await runCommand(page, 'STAR: Restart Language Server');
    const after = await eventually(() => serverPids().find(p => p !== before), 'a new server process', 30_000);
    assert.notEqual(after, before);
    await eventually(() => (serverPids().includes(before!) ? undefined : true), 'the old server to exit', 15_000);
    await eventually(async () => (await starStatus(page).getAttribute('aria-label'))?.includes('ready') ? true : undefined,
      'the status item back to ready', 30_000);
  });

  test('a clean sample has no errors', { timeout: 120_000 }, async () => {
    const { page } = vs;
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+W');   // close all editors: the Problems count then covers the clean file only
    await eventually(async () => (await problemCounts(page)).errors === 0 ? true : undefined, 'mistakes.star errors to clear', 30_000);
    await openFile(page, CLEAN);
    // Give the server time to analyse it: the file must be open and its language recognised first.
    await page.locator('[id="status.editor.mode"]', { hasText: 'STAR' }).waitFor({ timeout: 30_000 });
    await new Promise(r => setTimeout(r, 3000));
    assert.deepEqual(await problemCounts(page), { errors: 0, warnings: 0 });
    assert.equal(await page.locator('.editor-instance .squiggly-error').count(), 0);
    await screenshot(page, 'extension-clean');
  });

  test('saving a sample: the status item shows a spinner and "simulating <file>", then the fresh headline', { timeout: 180_000 }, async () => {
    const { page } = vs;
    const status = starStatus(page);
    const text = async () => (await status.textContent() ?? '').replace(/\u00a0/g, ' ');
    const headlineRe = /\d+(\.\d+)? (s|ms|µs) · [^·]*tok\/s/;
    const showsHeadline = async () => { const t = await text(); return headlineRe.test(t) && !t.includes('simulating') ? t : undefined; };
    // Before: the headline of the run made when the file opened, no spinner.
    await eventually(showsHeadline, 'the headline of the clean sample', 60_000);
    assert.equal(await status.locator('.codicon-modifier-spin').count(), 0, 'no spinner before the save');
    // Edit the first line (a comment) and save: the server says "simulating" and the run takes SIM_DELAY_MS at least.
    await page.locator('.editor-instance .view-line').first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' saved');
    await page.keyboard.press('Control+S');
    await page.keyboard.press('Home');   // the screenshot shows the start of the line
    await status.filter({ hasText: `simulating ${CLEAN}` }).waitFor({ timeout: 20_000 });
    assert.equal(await status.locator('.codicon-sync.codicon-modifier-spin').count(), 1, 'a spinning icon while simulating');
    assert.match(await status.getAttribute('aria-label') ?? '', new RegExp(`simulating ${CLEAN.replace(/\./g, '\\.')}`));
    await screenshot(page, 'extension-simulating');
    // After: the fresh headline (pulse icon; a stale one would show the history icon), the spinner gone.
    const after = await eventually(showsHeadline, 'the headline after the run', 60_000);
    assert.equal(await status.locator('.codicon-pulse').count(), 1, `a fresh headline: ${after}`);
    assert.equal(await status.locator('.codicon-modifier-spin').count(), 0, 'no spinner after the run');
    // The simulation's own diagnostics (which arrive after the delayed run) leave the sample clean too.
    assert.deepEqual(await problemCounts(page), { errors: 0, warnings: 0 });
  });
});
