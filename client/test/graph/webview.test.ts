// The real webview page (strict CSP, nonce'd scripts, elkjs) in headless chromium, with a stub of VS Code's API.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { root } from '../../../scripts/e2e/codeServer.js';
import { graphPage } from '../../webview/html.js';
import { CHROMIUM, NO_CHROMIUM, ORIGIN, openWebviewPage, postedBy as posted, violationsOf } from '../webviewPage.js';
import { makeParams } from './fixtures.js';

const EVIL = '<img src=x onerror=alert(1)>';

const openPage = (browser: Browser) => openWebviewPage(browser, {
  entry: 'client/webview/main.ts', scriptPath: '/graph.js', viewport: { width: 1200, height: 800 },
  html: graphPage({ cspSource: ORIGIN, nonce: 'dGVzdG5vbmNl', scriptUri: `${ORIGIN}/graph.js`, elkUri: `${ORIGIN}/elk.bundled.js` }),
  files: { '/elk.bundled.js': { contentType: 'text/javascript', body: readFileSync(join(root, 'node_modules/elkjs/lib/elk.bundled.js')) } },
});
const send = (page: Page, m: unknown) => page.evaluate(msg => window.postMessage(msg, '*'), m);

test('webview in chromium: CSP holds, names are text, click reveals, core view by elkjs, zoom kept, export', { skip: NO_CHROMIUM }, async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const { page, violations, errors } = await openPage(browser);
    assert.deepEqual(violations, [], 'no CSP violation while loading');
    const params = makeParams(4, 4, { coreName: EVIL });
    await send(page, { type: 'results', fileName: 'spatial.star', params });
    await page.waitForSelector('[data-kind="core"]');
    assert.equal(await page.locator('[data-kind="core"]').count(), 16);
    assert.equal(await page.locator('img').count(), 0, 'nothing injected');
    assert.equal(await page.locator('[data-kind="core"][data-row="0"][data-col="1"] text').first().textContent(), '<img src=x …');
    assert.match(await page.locator('[data-kind="core"][data-row="0"][data-col="1"] title').textContent() ?? '', /^<img src=x onerror=alert\(1\)> 0,1: /);

    // Zoom, then a new result: the zoom stays.
    await page.mouse.move(600, 400);
    await page.mouse.wheel(0, -300);
    const zoomed = await page.locator('svg .viewport').getAttribute('transform');
    params.results[0].simulation.cores[0].utilization = 0.11;
    await send(page, { type: 'results', fileName: 'spatial.star', params });
    await page.waitForFunction(() => document.body.getAttribute('data-rendered') === '2');
    assert.equal(await page.locator('svg .viewport').getAttribute('transform'), zoomed);

    // Cursor in the mapping block -> KV arrows highlighted.
    await send(page, { type: 'highlight', target: { kind: 'mapping' } });
    await page.waitForSelector('path.kv.highlight');
    mkdirSync(join(root, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-artifacts', 'graph-webview-mesh.png') });

    await page.locator('[data-kind="core"][data-row="2"][data-col="3"] rect').click();
    await page.waitForSelector('[data-kind="engine"][data-engine="sufa"]');
    const reveal = (await posted(page)).find(m => m.type === 'reveal');
    assert.deepEqual(reveal?.link, params.results[0].chip.links.core);
    assert.equal(await page.locator('[data-kind="engine"]').count(), 6);
    assert.match(await page.locator('.bottleneck').first().textContent() ?? '', /SU-FA/);
    await page.locator('[data-engine="sads"] rect').click();
    const reveals = (await posted(page)).filter(m => m.type === 'reveal');
    assert.deepEqual(reveals.at(-1)?.link, params.results[0].chip.links.engines.sads);
    await page.screenshot({ path: join(root, 'test-artifacts', 'graph-webview-core.png') });

    // The theme: VS Code sets --vscode-* variables on the page; a light theme's colours reach the drawing and the export.
    await page.evaluate(() => {
      document.documentElement.style.setProperty('--vscode-editor-foreground', '#123456');
      document.documentElement.style.setProperty('--vscode-editor-background', '#fafafa');
      document.body.classList.add('vscode-light');
    });
    assert.equal(await page.locator('.star-graph text.title').evaluate(e => getComputedStyle(e).fill), 'rgb(18, 52, 86)');
    await page.click('#export');
    const exp = (await posted(page)).find(m => m.type === 'exportSvg') as { svg: string; suggestedName: string } | undefined;
    assert.ok(exp && exp.svg.startsWith('<svg') && exp.svg.includes('<style>'), 'standalone SVG with its stylesheet');
    assert.ok(!exp.svg.includes('var(--'), 'theme colours resolved');
    assert.ok(exp.svg.includes('fill: #123456'), 'with the theme in force');
    assert.equal(exp.suggestedName, 'spatial_star-core-2-3.svg');

    await page.click('#back');
    await page.waitForSelector('[data-kind="core"][data-row="2"][data-col="3"].selected');
    const t0 = Date.now();
    await send(page, { type: 'results', fileName: 'big.star', params: makeParams(64, 64) });
    await page.waitForFunction(() => document.querySelectorAll('[data-kind="core"]').length === 4096);
    console.log(`# 64 x 64 mesh drawn in chromium in ${Date.now() - t0} ms`);
    // Overview: no core labels until zoomed in; then labels for the cores in view only.
    assert.equal(await page.locator('g.lod-labels text').count(), 0);
    await page.mouse.move(300, 300);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -300);
    await page.waitForSelector('g.lod-labels text');
    const labels = await page.locator('g.lod-labels text').count();
    assert.ok(labels >= 2 && labels <= 800, `labels for the cores in view only (${labels})`);
    await page.screenshot({ path: join(root, 'test-artifacts', 'graph-webview-64x64-zoomed.png') });
    assert.deepEqual(await violationsOf(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
