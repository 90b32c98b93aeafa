// Drives a real VS Code (code-server) in headless Debian chromium with playwright-core. Shared by every test in
// test/e2e/: one `launchVsCode()` per test file, then open files, run commands, read the Problems panel, screenshot.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import {
  cacheDir, ensureCodeServer, installExtension, makeProfile, pruneOld, removeProfile, root, startCodeServer,
  type CodeServer, type Profile,
} from './codeServer.js';

export { root } from './codeServer.js';
export const CHROMIUM = process.env.STAR_CHROMIUM ?? '/usr/bin/chromium';
export const artifactsDir = join(root, 'test-artifacts');
export const EXTENSION_ID = 'star-studio.star-studio';

/**
 * Why the e2e tests cannot run here, or false when they can. Without chromium they skip locally with this message;
 * under CI (env CI=true) a missing chromium is a failure, so this throws.
 */
export function e2eSkipReason(): string | false {
  if (existsSync(CHROMIUM)) return false;
  const why = `${CHROMIUM} not found: the tests in a real VS Code need Debian's chromium (apt-get install -y chromium)`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`${why}; under CI that is a failure`);
  return `skipped: ${why}`;
}

let packaged: string | undefined;
/** Builds the production bundles and packages the .vsix once per process (npm run package, into the cache). */
export function packageExtension(): string {
  if (packaged && existsSync(packaged)) return packaged;
  mkdirSync(join(cacheDir, 'vsix'), { recursive: true });
  pruneOld(join(cacheDir, 'vsix'));
  const out = join(mkdtempSync(join(cacheDir, 'vsix', 'e2e-')), 'star-studio.vsix');
  const r = spawnSync(process.execPath, [join(root, 'scripts/package.mjs'), '--out', out], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  packaged = out;
  return out;
}

export interface LaunchOptions {
  /** Folder to open; copied into the run folder so tests never touch the repository's files. Default samples/. */
  folder?: string;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** .vsix to install; default: package this repository. */
  vsix?: string;
  viewport?: { width: number; height: number };
  /** Extra environment for code-server and what it starts (the extension host, the language server). */
  env?: Record<string, string>;
}

export interface VsCode {
  page: Page;
  context: BrowserContext;
  server: CodeServer;
  profile: Profile;
  /** The opened workspace folder (a copy). */
  workspace: string;
  /** Milliseconds from code-server launch to /healthz, and from page load to the workbench. */
  timings: { servedMs: number; workbenchMs: number };
  close(): Promise<void>;
}

/** Installs code-server if needed, installs the extension, starts code-server and opens the folder in chromium. */
export async function launchVsCode(opts: LaunchOptions = {}): Promise<VsCode> {
  ensureCodeServer();
  const vsix = opts.vsix ?? packageExtension();
  const profile = makeProfile({ settings: opts.settings });
  if (opts.env) Object.assign(profile.env, opts.env);
  installExtension(profile, vsix);
  const workspace = join(profile.dir, 'samples');
  cpSync(opts.folder ?? join(root, 'samples'), workspace, { recursive: true });
  const server = await startCodeServer({ profile, folder: workspace });
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(join(profile.dir, 'chromium'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: opts.viewport ?? { width: 1400, height: 900 },
      env: { ...process.env, ...profile.env } as Record<string, string>,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const page = context.pages()[0] ?? await context.newPage();
    const t0 = Date.now();
    await page.goto(server.folderUrl);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    const workbenchMs = Date.now() - t0;
    const ctx = context;
    return {
      page, context: ctx, server, profile, workspace, timings: { servedMs: server.servedMs, workbenchMs },
      close: async () => {
        // Leaving the page first makes the extension host exit at once instead of waiting for a reconnect.
        await page.goto('about:blank').catch(() => undefined);
        await ctx.close().catch(() => undefined);
        await server.stop();
        if (!process.env.STAR_E2E_KEEP) removeProfile(profile);
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- code-server log ---\n${server.log().slice(-3000)}`);
  }
}

/** Opens a file by clicking it in the Explorer (Ctrl+P proved unreliable) and waits for its editor. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
}

/** Runs a palette command by its full title, e.g. "STAR: Restart Language Server". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Lists the palette entries matching a query (without running any). */
export async function paletteEntries(page: Page, query: string): Promise<string[]> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  await input.waitFor();
  await input.fill(`>${query}`);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor({ timeout: 15_000 });
  const texts = await rows.allTextContents();
  await page.keyboard.press('Escape');
  return texts;
}

/** Rows of the Problems panel (opens it). Waits for at least `atLeast` rows. */
export async function problems(page: Page, atLeast = 1, timeout = 30_000): Promise<string[]> {
  await showProblems(page);
  const rows = page.locator('.markers-panel .monaco-list-row');
  if (atLeast > 0) {
    await page.waitForFunction(([n]) => document.querySelectorAll('.markers-panel .monaco-list-row').length >= n, [atLeast], { timeout });
  }
  return rows.allTextContents();
}

export async function showProblems(page: Page): Promise<void> {
  if (!await page.locator('.markers-panel').isVisible().catch(() => false)) {
    await page.keyboard.press('Control+Shift+M');
  }
  await page.locator('.markers-panel-container, .markers-panel').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
}

/** The problem counts of the status bar (errors, warnings), which cover every open file. */
export async function problemCounts(page: Page): Promise<{ errors: number; warnings: number }> {
  const text = await page.locator('[id="status.problems"]').first().textContent() ?? '';
  const [errors = 0, warnings = 0] = (text.match(/\d+/g) ?? []).map(Number);
  return { errors, warnings };
}

/** The extension's own status bar item (id `star.status` in client/src/status.ts). */
export function starStatus(page: Page): Locator {
  return page.locator(`[id="${EXTENSION_ID}.star.status"]`);
}

export function statusBarItem(page: Page, text: string | RegExp): Locator {
  return page.locator('.statusbar-item', { hasText: text }).first();
}

/** Moves the mouse over the first visible editor token with this text and returns the hover's text. */
export async function hoverText(page: Page, token: string, timeout = 20_000): Promise<string> {
  const target = page.locator('.editor-instance .view-line span span', { hasText: token }).first();
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
  const deadline = Date.now() + timeout;
  // Hover needs the server; retry the mouse move until it shows (the first one may come before the server is ready).
  for (;;) {
    await page.mouse.move(0, 0);
    await target.hover();
    try {
      await hover.waitFor({ state: 'visible', timeout: 3000 });
      const text = (await hover.textContent() ?? '').trim();
      if (text) return text;
    } catch { /* not shown yet */ }
    if (Date.now() > deadline) throw new Error(`no hover over "${token}" within ${timeout} ms`);
  }
}

/** Moves the cursor of the active editor to a 1-based line (and column; default the line's end) with Ctrl+G. */
export async function goToLine(page: Page, line: number, column?: number): Promise<void> {
  await page.locator('.editor-instance .view-lines').first().click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  await input.waitFor();
  await input.fill(`:${line}${column ? `:${column}` : ''}`);
  await page.keyboard.press('Enter');
  if (!column) await page.keyboard.press('End');
}

/** The 1-based number of the first line of a workspace file that contains `text`. */
export function lineOf(vs: VsCode, file: string, text: string): number {
  const index = readFileSync(join(vs.workspace, file), 'utf8').split('\n').findIndex(l => l.includes(text));
  if (index < 0) throw new Error(`${file} has no line containing "${text}"`);
  return index + 1;
}

/**
 * Moves to the end of `line`, optionally types `typed`, triggers completion (Ctrl+Space) and returns the labels
 * of the suggestion list.
 */
export async function completionLabels(page: Page, line: number, typed = '', timeout = 20_000): Promise<string[]> {
  await goToLine(page, line);
  if (typed) await page.keyboard.type(typed);
  const rows = page.locator('.editor-widget.suggest-widget .monaco-list-row');
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('Control+Space');
    try {
      await rows.first().waitFor({ state: 'visible', timeout: 3000 });
      const labels = await page.locator('.editor-widget.suggest-widget .monaco-list-row .label-name').allTextContents();
      if (labels.length) return labels.map(s => s.trim());
    } catch { /* list not open yet */ }
    if (Date.now() > deadline) throw new Error(`no completion list at line ${line} after typing "${typed}" within ${timeout} ms`);
  }
}

/** Undoes edits in the active editor without saving (tests never write to the workspace on purpose). */
export async function revertActiveEditor(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await runCommand(page, 'File: Revert File');
}

/** Saves a PNG into test-artifacts/ (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** The activation record the extension writes into its global storage (see client/src/extension.ts). */
export function activationRecord(profile: Profile): { activationMs: number; serverReadyMs?: number } | undefined {
  const file = join(profile.userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'activation.json');
  try { return JSON.parse(readFileSync(file, 'utf8')); } catch { return undefined; }
}

/** Waits until `read()` returns a value, polling. */
export async function eventually<T>(read: () => T | undefined | Promise<T | undefined>, what: string, timeout = 30_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
}
