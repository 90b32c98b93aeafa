// The graph view in a real VS Code (code-server + headless chromium): open the 4 x 4 sample, run "STAR: Show
// Graph View", find its 16 cores in the webview, put the cursor on the mapping and see the KV ring highlighted,
// click a core and see the editor cursor move to the core's definition, switch files and see the view follow.
// Screenshots go to test-artifacts/; with STAR_UPDATE_SCREENSHOTS=1 the mesh one also becomes the README's picture,
// docs/images/graph-view.png.
import test from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eSkipReason, launchVsCode, openFile, runCommand, screenshot, starStatus, eventually, root, type VsCode } from '../../scripts/e2e/vscode.js';

const sampleName = 'spatial-4x4-llama7b-64k.star';
const skip = e2eSkipReason() || (!existsSync(join(root, 'samples', sampleName)) && `samples/${sampleName} is missing`);

/** 1-based line of the first line of the sample that starts with `prefix` (what VS Code's status bar shows). */
function lineOf(prefix: string): number {
  const lines = readFileSync(join(root, 'samples', sampleName), 'utf8').split(/\r?\n/);
  const i = lines.findIndex(l => l.trimStart().startsWith(prefix));
  assert.ok(i >= 0, `the sample has a line starting with ${prefix}`);
  return i + 1;
}

test('graph view: 16 cores of the 4 x 4 sample, cursor highlights, a click reveals the core definition', { skip, timeout: 300_000 }, async () => {
  let vs: VsCode | undefined;
  try {
    vs = await launchVsCode();
    const { page } = vs;
    await openFile(page, sampleName);
    // The palette lists the extension's commands once the extension host has loaded it: wait for its status item.
    await starStatus(page).waitFor({ timeout: 60_000 });
    await runCommand(page, 'STAR: Show Graph View');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const cores = frame.locator('[data-kind="core"]');
    await cores.first().waitFor({ timeout: 120_000 });
    assert.equal(await cores.count(), 16);
    assert.equal(await frame.locator('.star-graph text.title').first().textContent(), 'spatial_4x4');
    // Coloured by the simulation result: every core box has a heat fill, no "no result" placeholder.
    assert.equal(await frame.locator('rect.core-box.no-result').count(), 0, 'the result arrived and coloured the cores');
    const meshShot = await screenshot(page, 'graph-view-mesh');
    // The README's picture only on request: rewriting it on every run churns git with pixel noise.
    if (process.env.STAR_UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(root, 'docs/images'), { recursive: true });
      copyFileSync(meshShot, join(root, 'docs/images/graph-view.png'));
    }

    // Cursor in the mapping block -> the KV ring is highlighted in the view.
    await page.locator('.editor-instance .view-line', { hasText: 'mapping long_context' }).first().click({ position: { x: 30, y: 5 } });
    await frame.locator('path.kv.highlight').first().waitFor({ timeout: 30_000 });

    // Click a core: the view shows its inside and the editor cursor moves to the core's definition.
    const selection = page.locator('[id="status.editor.selection"]');
    const before = await selection.textContent();
    assert.doesNotMatch(before ?? '', new RegExp(`Ln ${lineOf('core ')},`));
    await frame.locator('[data-kind="core"][data-row="1"][data-col="2"] rect').click();
    const moved = await eventually(async () => {
      const t = await selection.textContent() ?? '';
      return t.includes(`Ln ${lineOf('core ')},`) ? t : undefined;
    }, `the cursor on the core definition (line ${lineOf('core ')})`, 30_000);
    assert.match(moved, /Col 1\b/);
    await frame.locator('[data-kind="engine"][data-engine="sufa"]').waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('[data-kind="engine"]').count(), 6, 'four engines and two SRAM buffers');
    assert.match(await frame.locator('.star-graph text.title').first().textContent() ?? '', /^star 1,2$/);
    await screenshot(page, 'graph-view-core');

    // The view follows the .star file in front: the single-core sample draws one core.
    await openFile(page, 'star-llama7b-4k.star');
    await eventually(async () => (await cores.count()) === 1 ? true : undefined, 'the single-core chip in the view', 120_000);
    assert.match(await frame.locator('#status').textContent() ?? '', /star-llama7b-4k\.star/);
  } finally {
    await vs?.close();
  }
});
