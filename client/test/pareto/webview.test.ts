// The real Pareto page (the graph view's strict CSP, nonce'd script, uPlot's stylesheet as a file) in headless
// chromium with a stub of VS Code's API: no CSP violation, the points drawn on the canvas, hover shows a point's
// values, the table sorts, names stay text, "Apply this point" posts the point.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { root } from '../../../scripts/e2e/codeServer.js';
import { paretoPage } from '../../webview/pareto/html.js';
import { CHROMIUM, NO_CHROMIUM, ORIGIN, openWebviewPage, postedBy as posted, violationsOf as violations } from '../webviewPage.js';
import { makeExploration, makeParams } from './fixtures.js';

const EVIL = '<img src=x onerror=alert(1)>';

const openPage = (browser: Browser) => openWebviewPage(browser, {
  entry: 'client/webview/pareto/main.ts', scriptPath: '/pareto.js', viewport: { width: 1000, height: 900 },
  html: paretoPage({ cspSource: ORIGIN, nonce: 'dGVzdG5vbmNl', scriptUri: `${ORIGIN}/pareto.js`, uplotCssUri: `${ORIGIN}/uPlot.min.css` }),
  files: { '/uPlot.min.css': { contentType: 'text/css', body: readFileSync(join(root, 'node_modules/uplot/dist/uPlot.min.css')) } },
});
const send = (page: Page, m: unknown) => page.evaluate(msg => window.postMessage(msg, '*'), m);

/** Non-transparent pixels of the plot's canvas inside the plotting area (the grid is faint; points are opaque). */
async function opaquePixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector('#plot canvas') as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 200) n++;
    return n;
  });
}

test('pareto webview in chromium: CSP holds, uPlot draws the front and the cloud, hover, sort, apply', { skip: NO_CHROMIUM }, async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const { page, errors } = await openPage(browser);
    const x = makeExploration(EVIL);
    x.front[0].parameters['core.sufa.array'].label = EVIL;
    await send(page, { type: 'explorations', fileName: 'explore.star', params: makeParams([x]) });
    await page.waitForSelector('#plot canvas');
    assert.equal(await page.locator('#plot').getAttribute('data-front'), String(x.front.length));
    assert.equal(await page.locator('#plot').getAttribute('data-cloud'), String(x.cloud.length));
    const pixels = await opaquePixels(page);
    assert.ok(pixels > 500, `points are drawn on the canvas (${pixels} opaque pixels)`);
    // The uPlot stylesheet applies (loaded as a file, not inline): its .uplot class sets the font family.
    assert.equal(await page.locator('.uplot').count(), 1);
    assert.equal(await page.locator('img').count(), 0, 'nothing injected');
    assert.equal(await page.locator('#facts').textContent(), 'hypervolume 1.23e+3 against (100 ms, 200 mJ, 20 mm²)');
    assert.match(await page.locator('#status').textContent() ?? '', /^explore\.star · <img src=x onerror=alert\(1\)> · front 18 · 63 designs in 0\.0020 s · best /);

    // The axes: latency x energy by default; the selects offer every metric.
    assert.equal(await page.locator('#x-metric').inputValue(), 'latency');
    assert.equal(await page.locator('#y-metric').inputValue(), 'energy');
    assert.equal(await page.locator('#colour-metric').inputValue(), 'area');
    assert.deepEqual(await page.locator('#x-metric option').allTextContents(), ['latency', 'energy', 'area', 'power', 'topk_recall']);

    // Table: one row per front point; sorting by latency ascending, then descending.
    assert.equal(await page.locator('#front tbody tr').count(), x.front.length);
    await page.locator('#front th', { hasText: 'latency' }).click();
    const lat = async () => (await page.locator('#front tbody tr').evaluateAll(rows => rows.map(r => Number((r as HTMLElement).dataset.index))))
      .map(i => x.front.find(p => p.index === i)!.metrics.latency);
    const asc = await lat();
    assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
    await page.locator('#front th', { hasText: 'latency' }).click();
    const desc = await lat();
    assert.deepEqual(desc, [...asc].reverse());
    assert.ok((await page.locator('#front').textContent())!.includes(EVIL), 'a label is shown as text');

    // Hover the point with the lowest latency: the tooltip names its values.
    const best = x.front.reduce((a, b) => (a.metrics.latency < b.metrics.latency ? a : b));
    const at = await page.evaluate(() => {
      const over = document.querySelector('#plot .u-over') as HTMLElement;
      const r = over.getBoundingClientRect();
      return { left: r.left, top: r.top, width: r.width, height: r.height };
    });
    // The lowest latency is the leftmost point: scan the plot's left edge band for it.
    let shown = '';
    for (let px = 0; px < at.width * 0.2 && !shown.includes(`#${best.index} `); px += 3) {
      for (let py = 0; py < at.height && !shown.includes(`#${best.index} `); py += 6) {
        await page.mouse.move(at.left + px, at.top + py);
        shown = (await page.locator('#tooltip.shown').count()) ? (await page.locator('#tooltip').textContent()) ?? '' : '';
      }
    }
    assert.match(shown, new RegExp(`^#${best.index} · on the front\\ncore\\.sufa\\.array = `), shown);
    assert.match(shown, /latency: \d/);
    await page.mouse.down(); await page.mouse.up();
    assert.equal(await page.locator('#apply').isDisabled(), false);
    mkdirSync(join(root, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-artifacts', 'pareto-webview.png') });
    await page.click('#apply');
    assert.deepEqual((await posted(page)).filter(m => m.type === 'apply'), [{ type: 'apply', exploration: EVIL, index: best.index }]);

    // Another pair of axes and a row click: the selection follows the table.
    await page.selectOption('#y-metric', 'area');
    await page.waitForFunction(() => document.body.dataset.rendered === '2');
    await page.locator('#front tbody tr').nth(2).click();
    const row = Number(await page.locator('#front tbody tr').nth(2).getAttribute('data-index'));
    assert.ok(await page.locator(`#front tbody tr[data-index="${row}"].selected`).count());
    await page.click('#apply');
    assert.deepEqual((await posted(page)).filter(m => m.type === 'apply').at(-1), { type: 'apply', exploration: EVIL, index: row });

    // The keyboard: a focused row and Enter select it.
    await page.locator('#front tbody tr').nth(0).focus();
    await page.keyboard.press('Enter');
    const first = Number(await page.locator('#front tbody tr').nth(0).getAttribute('data-index'));
    assert.ok(await page.locator(`#front tbody tr[data-index="${first}"].selected`).count());

    // A light theme: VS Code sets its variables and the body class; the plot is drawn again in the new colours.
    // A string, not a function with inner functions: tsx's helpers (__name) do not exist in the page.
    await page.evaluate(`
      document.documentElement.style.setProperty('--vscode-editor-foreground', '#1f1f1f');
      document.documentElement.style.setProperty('--vscode-editor-background', '#ffffff');
      document.documentElement.style.setProperty('--vscode-panel-border', '#d0d0d0');
      document.body.classList.add('vscode-light');
    `);
    await page.waitForFunction(() => document.querySelector('#plot canvas') !== null);
    assert.equal(await page.locator('#front tbody tr:not(.selected)').first().evaluate(e => getComputedStyle(e.querySelector('td')!).color), 'rgb(31, 31, 31)');
    assert.ok(await opaquePixels(page) > 500, 'points drawn again after the theme change');
    await page.screenshot({ path: join(root, 'test-artifacts', 'pareto-webview-light.png') });

    // A stale front cannot be applied.
    await send(page, { type: 'explorations', fileName: 'explore.star', params: makeParams([x], { stale: true }) });
    await page.waitForFunction(() => document.body.dataset.rendered === '3');
    assert.equal(await page.locator('#apply').isDisabled(), true);
    assert.match(await page.locator('#status').textContent() ?? '', /stale/);
    await send(page, { type: 'applied', ok: false, message: 'Cannot write chip.mesh: single core.' });
    assert.equal(await page.locator('#status').textContent(), 'Cannot write chip.mesh: single core.');

    // No exploration: a message, not an empty plot.
    await send(page, { type: 'explorations', fileName: 'plain.star', params: null, message: 'No explore item in plain.star.' });
    await page.waitForSelector('#empty');
    assert.equal(await page.locator('#empty').textContent(), 'No explore item in plain.star.');
    assert.deepEqual(await violations(page), [], 'no CSP violation');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
