// Exploration in a real VS Code (code-server + headless chromium), issue 14: open the core sample, edit and save it,
// see the code lens on the explore line (front size, designs, seconds), open the Pareto view by the lens, click a
// front row, press "Apply this point", and see the varied fields rewritten in the editor (and on disk: the extension
// saves) and the simulation of the new design show the latency and energy the view showed for that point.
// Screenshots: test-artifacts/pareto-view.png and pareto-applied.png.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eSkipReason, launchVsCode, openFile, screenshot, starStatus, eventually, root, type VsCode } from '../../scripts/e2e/vscode.js';

const sampleName = 'explore-star-core.star';
const skip = e2eSkipReason() || (!existsSync(join(root, 'samples', sampleName)) && `samples/${sampleName} is missing`);

/** The lens of a finished run: "front 199 · 120 k designs in 2.8 s · best 1.1 s / 2.9 J / 3.7 mm²". */
const LENS = /^front (\d+) · [\d.]+( [kM])? designs in [\d.]+ s · best [^(]+$/;

/** The design part of a source (before the explore item, which lists every value anyway). */
const designOf = (text: string) => text.slice(0, text.indexOf('explore sizing'));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whether `path` (core.sufa.array, workload.sparsity.top_k, mapping.tiling.bc) is written as `label` in the design. */
function writes(design: string, path: string, label: string): boolean {
  const parts = path.split('.');
  const field = parts.at(-1)!, block = parts.length > 2 ? parts.at(-2)! : undefined;
  const value = `\\b${field}\\s*=\\s*${escape(label)}(?![\\w.])`;
  return new RegExp(block ? `\\b${block}\\s*\\{[^}]*${value}` : value).test(design);
}

test('explore in VS Code: save, code lens, Pareto view, click a point, apply, the source and the simulation follow', { skip, timeout: 600_000 }, async () => {
  let vs: VsCode | undefined;
  try {
    // Tall enough that the whole sample is rendered (the editor renders only visible lines), wide for the view beside.
    vs = await launchVsCode({ settings: { 'editor.inlayHints.enabled': 'on', 'editor.codeLens': true }, viewport: { width: 1800, height: 1400 } });
    const { page } = vs;
    await openFile(page, sampleName);
    await starStatus(page).waitFor({ timeout: 60_000 });
    const editorText = async () => (await page.locator('.editor-instance .view-lines').first().textContent() ?? '').replace(/\u00a0/g, ' ');
    const lensTexts = async () => (await page.locator('.codelens-decoration').allTextContents()).map(t => t.replace(/\u00a0/g, ' ').trim());

    // Explored on open; an edit marks the lens stale; a save explores again and the lens shows the new run.
    await eventually(async () => (await lensTexts()).find(t => LENS.test(t)), 'the code lens of the exploration on open', 180_000);
    await page.locator('.editor-instance .view-line').first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' (edited)');
    await eventually(async () => (await lensTexts()).find(t => t.endsWith('(stale)')), 'the lens marked stale after an edit', 30_000);
    await page.keyboard.press('Control+S');
    const lens = await eventually(async () => (await lensTexts()).find(t => LENS.test(t)), 'a fresh code lens after the save', 180_000);
    const frontSize = Number(LENS.exec(lens)![1]);
    assert.ok(frontSize > 0, lens);
    assert.match(lens, /119\.8 k designs|120 k designs/, `the whole space of 119,808 points: ${lens}`);
    // The lens sits on the explore line: it is rendered right above it.
    const lensLine = await page.locator('.codelens-decoration', { hasText: 'front' }).first().boundingBox();
    const exploreLine = await page.locator('.editor-instance .view-line', { hasText: 'explore sizing for star_4k' }).first().boundingBox();
    assert.ok(lensLine && exploreLine && exploreLine.y > lensLine.y && exploreLine.y - lensLine.y < 3 * exploreLine.height,
      `the lens (${lensLine?.y}) right above the explore line (${exploreLine?.y})`);

    // The simulation headline of the sample as written (the inlay hint on the simulate line).
    const headlineRe = /(stale · )?(\d+(?:\.\d+)? (?:s|ms|µs)) · \d+(?:\.\d+)? [kMG]? ?tok\/s · ([\d.]+ [mµn]?J)/;
    const before = await eventually(async () => {
      const m = headlineRe.exec(await editorText());
      return m && !m[1] ? { latency: m[2]!, energy: m[3]! } : undefined;
    }, 'the simulation headline of the saved sample', 120_000);

    // Open the Pareto view by the code lens.
    await page.locator('.codelens-decoration a', { hasText: 'front' }).first().click();
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const rows = frame.locator('table#front tbody tr.point');
    await rows.first().waitFor({ timeout: 60_000 });
    assert.equal(await rows.count(), frontSize, 'one table row per front point, as many as the lens says');
    assert.equal(await frame.locator('#plot').getAttribute('data-front'), String(frontSize), 'every front point is drawn');
    assert.match(await frame.locator('#status').textContent() ?? '', new RegExp(`${escape(sampleName)} · sizing · front ${frontSize}`));
    const headers = (await frame.locator('table#front thead th').allTextContents()).map(h => h.replace(/ [↓↑]$/, ''));
    const col = (name: string) => { const i = headers.indexOf(name); assert.ok(i >= 0, `a ${name} column in ${headers.join(', ')}`); return i; };
    const paths = ['core.sufa.array', 'core.sufa.exp_units', 'core.dlzs.array', 'core.sads.sorters', 'core.sram.token', 'core.sram.temp', 'mapping.tiling.bc', 'workload.sparsity.top_k'];
    paths.forEach(col);
    const latencyCol = col('latency'), energyCol = col('energy');

    // A point whose latency and energy both differ (as shown) from the design as written, so the change is seen.
    let pick = -1;
    let cells: string[] = [];
    for (let i = 0; i < await rows.count() && pick < 0; i++) {
      cells = (await rows.nth(i).locator('td').allTextContents()).map(t => t.trim());
      if (cells[latencyCol] !== before.latency && cells[energyCol] !== before.energy) pick = i;
    }
    assert.ok(pick >= 0, `a front point with other figures than the written design (${before.latency}, ${before.energy})`);
    const row = rows.nth(pick);
    await row.click();
    await eventually(async () => ((await row.getAttribute('class')) ?? '').includes('selected') || undefined, 'the clicked row selected', 10_000);
    const apply = frame.locator('#apply');
    assert.equal(await apply.isEnabled(), true, 'Apply is enabled for a selected point of a fresh front');
    const chosen = Object.fromEntries(paths.map(p => [p, cells[headers.indexOf(p)]!]));
    const selectionText = await frame.locator('#selection .what').textContent() ?? '';
    for (const [p, label] of Object.entries(chosen)) assert.ok(selectionText.includes(`${p} = ${label}`), `${p} = ${label} in "${selectionText}"`);
    await screenshot(page, 'pareto-view');

    // Apply: the varied fields rewritten in place, the file saved, simulated again with the point's figures.
    const file = join(vs.workspace, sampleName);
    const written = designOf(readFileSync(file, 'utf8'));
    const changed = paths.filter(p => !writes(written, p, chosen[p]!));
    assert.ok(changed.length > 0, 'the point differs from the written design in at least one field');
    await apply.click();
    await eventually(async () => /Applied point #\d+ of sizing/.test(await frame.locator('#status').textContent() ?? '') || undefined,
      'the view to confirm the apply', 60_000);
    const saved = await eventually(() => {
      const d = designOf(readFileSync(file, 'utf8'));
      return paths.every(p => writes(d, p, chosen[p]!)) ? d : undefined;
    }, `the saved file to carry the point's values (${JSON.stringify(chosen)})`, 30_000);
    assert.ok(saved.includes('(edited)'), 'the edit before stays: only the varied fields were rewritten');
    const shown = designOf(await editorText());
    for (const p of changed) assert.ok(writes(shown, p, chosen[p]!), `the editor shows ${p} = ${chosen[p]}`);
    const after = await eventually(async () => {
      const m = headlineRe.exec(await editorText());
      return m && !m[1] && m[2] === cells[latencyCol] && m[3] === cells[energyCol] ? m[0] : undefined;
    }, `the simulate line to show the point's ${cells[latencyCol]} and ${cells[energyCol]}`, 120_000);
    assert.ok(after);
    const status = await eventually(async () => {
      const t = (await starStatus(page).textContent().catch(() => null) ?? '').replace(/\u00a0/g, ' ');
      return t.includes(`${cells[latencyCol]} · `) && t.includes(cells[energyCol]!) ? t : undefined;
    }, `the status bar headline to show ${cells[latencyCol]} and ${cells[energyCol]}`, 60_000);
    assert.ok(status);
    // The save explored the new text too: both lenses fresh again (they lag the results by a refresh).
    await eventually(async () => {
      const texts = await lensTexts();
      return texts.some(t => LENS.test(t)) && texts.some(t => /Report \(simulated/.test(t)) || undefined;
    }, 'fresh exploration and simulation lenses after the apply', 120_000);
    await screenshot(page, 'pareto-applied');
  } finally {
    await vs?.close();
  }
});
