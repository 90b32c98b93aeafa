// One harness for the webview pages in headless chromium (graph and Pareto views): the page's own HTML under a
// fake webview origin, its bundle built by esbuild, local files served from that origin, a stub of VS Code's API
// that records what the page posts, and the CSP violations it reports. The tests assert on what the page does.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { root } from '../../scripts/e2e/codeServer.js';

export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(p => p && existsSync(p));
/** The skip option of a chromium test: skipped locally without chromium, a failure under CI=true. */
export const NO_CHROMIUM = !CHROMIUM && !process.env.CI && 'no chromium (under CI=true this is a failure)';
export const ORIGIN = 'https://webview.test';

export interface WebviewPageSpec {
  /** The page's entry (e.g. client/webview/main.ts), served as `scriptPath`. */
  entry: string;
  scriptPath: string;
  /** The page's HTML, as the extension makes it for ORIGIN. */
  html: string;
  /** Other files under ORIGIN: path -> content type and body. */
  files: Record<string, { contentType: string; body: string | Buffer }>;
  viewport: { width: number; height: number };
}

export async function openWebviewPage(browser: Browser, spec: WebviewPageSpec): Promise<{ page: Page; violations: string[]; errors: string[] }> {
  const bundle = await build({ entryPoints: [join(root, spec.entry)], bundle: true, write: false, platform: 'browser',
    format: 'iife', target: 'es2022', logLevel: 'silent' });
  const page = await browser.newPage({ viewport: spec.viewport });
  const errors: string[] = [];
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  // A string, not a function: tsx's helpers (__name) do not exist in the page.
  await page.addInitScript(`
    window.__posted = [];
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
    let state;
    window.acquireVsCodeApi = () => ({ postMessage: m => window.__posted.push(m), getState: () => state, setState: s => { state = s; } });
  `);
  await page.route(`${ORIGIN}/**`, route => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/') return route.fulfill({ contentType: 'text/html', body: spec.html });
    if (path === spec.scriptPath) return route.fulfill({ contentType: 'text/javascript', body: bundle.outputFiles[0]!.text });
    const file = spec.files[path];
    return file ? route.fulfill(file) : route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some(m => m.type === 'ready'), undefined, { timeout: 5000 })
    .catch(async e => { throw new Error(`${e.message}; errors: ${errors.join(' / ')}; violations: ${await violationsOf(page)}; html: ${(await page.content()).slice(0, 300)}`); });
  return { page, violations: await violationsOf(page), errors };
}

/** Everything the page posted to the extension so far. */
export const postedBy = (page: Page) => page.evaluate(() => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted);
/** The CSP violations the page reported so far. */
export const violationsOf = (page: Page) => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
