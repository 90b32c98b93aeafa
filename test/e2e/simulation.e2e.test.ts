// On-save simulation in a real VS Code (code-server + headless chromium): open and save a sample, find the
// metrics in the editor (inlay hints and code lenses) and the headline in the status bar, open the report.
// Screenshots go to test-artifacts/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  e2eSkipReason, launchVsCode, openFile, runCommand, screenshot, starStatus, eventually, root, type VsCode,
} from '../../scripts/e2e/vscode.js';

const sampleName = 'star-llama7b-4k.star';
const skip = e2eSkipReason() || (!existsSync(join(root, 'samples', sampleName)) && `samples/${sampleName} is missing`);

test('save a sample: metrics inline, headline in the status bar, report opens', { skip, timeout: 300_000 }, async () => {
  let vs: VsCode | undefined;
  try {
    // Tall enough that the whole sample (its simulate line too) is in view: the editor renders only visible lines.
    vs = await launchVsCode({ settings: { 'editor.inlayHints.enabled': 'on', 'editor.codeLens': true }, viewport: { width: 1400, height: 1400 } });
    const { page } = vs;
    await openFile(page, sampleName);
    // The editor renders spaces as no-break spaces.
    const editorText = async () => (await page.locator('.editor-instance .view-lines').first().textContent() ?? '').replace(/\u00a0/g, ' ');
    const headlineRe = /(stale · )?\d+(\.\d+)? (s|ms|µs) · \d+(\.\d+)? [kMG]? ?tok\/s · [^·]+J( · [^·…]+)+/;
    // Simulated on open: inlay hints render as text inside the editor's lines.
    const first = await eventually(async () => headlineRe.exec(await editorText())?.[0], 'an inlay hint with the simulation headline', 120_000);
    assert.ok(!first.startsWith('stale'), first);
    // Type in the first line (a comment): the hints stay, marked stale; save: fresh figures again.
    await page.locator('.editor-instance .view-line').first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' edited');
    await eventually(async () => (headlineRe.exec(await editorText())?.[0] ?? '').startsWith('stale · ') || undefined, 'the hint marked stale after an edit', 30_000);
    await page.keyboard.press('Control+S');
    const hint = await eventually(async () => {
      const m = headlineRe.exec(await editorText())?.[0];
      return m && !m.startsWith('stale') ? m : undefined;
    }, 'a fresh hint after the save', 60_000);
    assert.match(hint, /tok\/s/);
    assert.ok(!hint.includes('…'), `the hint is shown in full (configurationDefaults: editor.inlayHints.maximumLength 0): ${hint}`);

    const lens = await eventually(async () => {
      const texts = await page.locator('.codelens-decoration').allTextContents();
      return texts.find(t => /Report/.test(t));
    }, 'the simulation code lens', 60_000);
    assert.match(lens, /Report/);

    // Hover on the hint: the full breakdown with the ablation steps.
    const hintSpan = page.locator('.editor-instance .view-line span span', { hasText: /tok\/s/ }).first();
    const hover = page.locator('.monaco-hover:not(.hidden)').first();
    const tip = await eventually(async () => {
      await page.mouse.move(0, 0);
      await hintSpan.hover();
      await hover.waitFor({ state: 'visible', timeout: 3000 }).catch(() => undefined);
      const t = await hover.textContent().catch(() => null) ?? '';
      return /ablation step/.test(t) ? t : undefined;
    }, 'the breakdown on hover of the hint', 30_000);
    assert.match(tip, /speedup/);
    await page.mouse.move(0, 0);

    const status = await eventually(async () => {
      const t = (await starStatus(page).textContent().catch(() => null) ?? '').replace(/\u00a0/g, ' ');
      return /tok\/s/.test(t) ? t : undefined;
    }, 'the headline in the STAR status bar item', 60_000);
    assert.ok(status.includes(hint.split(' · ')[0]!), `status "${status}" shows the same latency as the hint "${hint}"`);
    await screenshot(page, 'simulation-inline');

    // Click the headline: the report opens in a webview with the breakdown.
    await starStatus(page).click();
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('h1', { hasText: 'STAR simulation report' }).waitFor({ timeout: 60_000 });
    assert.ok(await frame.locator('svg.chart rect').count() > 0, 'the report draws bars');
    assert.match((await starStatus(page).textContent() ?? '').replace(/\u00a0/g, ' '), /tok\/s/, 'the headline stays while the report has focus');
    await screenshot(page, 'simulation-report');
    // Run on demand from the palette while the report has focus: the file last in front is simulated again.
    const renders = async () => Number(await frame.locator('body').getAttribute('data-render').catch(() => null) ?? 0);
    const before = await renders();
    await runCommand(page, 'STAR: Run Simulation');
    await eventually(async () => ((await renders()) > before ? true : undefined), 'the report to show the new run', 60_000);
  } finally {
    await vs?.close();
  }
});

// A fault in the simulator (test-only STAR_SIM_TEST_FAULT: the run of `star_4k` throws) turns the status item red
// with the server's message; it is not an error in the file, so the editor shows no diagnostic for it.
test('a failed simulation run turns the status bar item red with the fault', { skip, timeout: 300_000 }, async () => {
  let vs: VsCode | undefined;
  try {
    vs = await launchVsCode({ env: { STAR_SIM_TEST_FAULT: 'star_4k' } });
    const { page } = vs;
    await openFile(page, sampleName);
    const item = starStatus(page);
    const text = await eventually(async () => {
      const cls = await item.getAttribute('class').catch(() => null) ?? '';
      return cls.split(/\s+/).includes('error-kind') ? (await item.textContent() ?? '').replace(/\u00a0/g, ' ') : undefined;
    }, 'the STAR status item in the error colour', 120_000);
    assert.match(text, /star_4k failed: test fault/);
    const label = await item.getAttribute('aria-label') ?? '';
    assert.doesNotMatch(label + text, /tok\/s/, 'no headline is shown for a run that failed');
    await screenshot(page, 'simulation-failed-status');
  } finally {
    await vs?.close();
  }
});
