// The graph's SVG rendering: elements, colours by utilisation, text as text, from a layout and a result.
import test from 'node:test';
import assert from 'node:assert/strict';
import ELK from 'elkjs/lib/elk.bundled.js';
import { layoutMesh, layoutCore } from '../../webview/layout.js';
import { renderMesh, renderCore, heatColor, textOn, fmtBytes, fmtMs, SVG_NS } from '../../webview/render.js';
import { MiniDocument, MiniElement, serialize } from '../../webview/miniDom.js';
import { makeChip, makeSimulation } from './fixtures.js';

const EVIL = '<img src=x onerror=alert(1)>';
const ALLOWED_TAGS = new Set(['svg', 'defs', 'marker', 'path', 'linearGradient', 'stop', 'g', 'rect', 'line', 'text', 'title']);

function all(root: MiniElement): MiniElement[] { return [...root.walk()]; }

test('render: a core named like markup shows as those characters, nothing is injected', async () => {
  const doc = new MiniDocument();
  const chip = makeChip(4, 4, { coreName: EVIL, name: `chip"><script>alert(2)</script>` });
  const svg = renderMesh(doc, layoutMesh(chip, makeSimulation(4, 4)), { title: chip.name }) as MiniElement;
  const els = all(svg);
  assert.deepEqual([...new Set(els.map(e => e.tagName))].filter(t => !ALLOWED_TAGS.has(t)), []);
  assert.ok(els.every(e => e.namespaceURI === SVG_NS));
  assert.ok(els.every(e => [...e.attributes.keys()].every(a => !a.toLowerCase().startsWith('on'))), 'no event-handler attributes');
  const labels = els.filter(e => e.tagName === 'text' && e.getAttribute('class') === 'core-label');
  assert.equal(labels.length, 16, 'every core is labelled');
  assert.ok(labels.every(e => e.ownText === '<img src=x …'), 'the name, as characters, cut to the box');
  const tips = els.filter(e => e.tagName === 'title' && e.ownText?.startsWith(`${EVIL} `));
  assert.equal(tips.length, 16, 'the whole name in each core tooltip');
  assert.ok(tips[0].ownText!.startsWith(`${EVIL} 0,0: `));
  assert.ok(els.some(e => e.tagName === 'text' && e.ownText === chip.name));
  const text = serialize(svg);
  assert.ok(!text.includes('<img') && !text.includes('<script'), 'serialised text has no live markup');
  assert.ok(text.includes('&lt;img src=x onerror=alert(1)&gt; 0,0: '));

  const core = renderCore(doc, await layoutCore(new ELK(), 0, 0, makeSimulation(4, 4)), { title: EVIL }) as MiniElement;
  assert.ok(all(core).some(e => e.tagName === 'text' && e.ownText === `${EVIL} 0,0`));
  assert.ok(!serialize(core).includes('<img'));
});

test('render: 4 x 4 mesh has 16 labelled cores coloured by utilisation, links by traffic, a legend with units', () => {
  const sim = makeSimulation(4, 4);
  const svg = renderMesh(new MiniDocument(), layoutMesh(makeChip(4, 4), sim)) as MiniElement;
  const els = all(svg);
  const cores = els.filter(e => e.getAttribute('data-kind') === 'core');
  assert.equal(cores.length, 16);
  const c12 = cores.find(e => e.getAttribute('data-row') === '1' && e.getAttribute('data-col') === '2')!;
  const u = sim.cores.find(c => c.row === 1 && c.col === 2)!.utilization;
  assert.equal(c12.children.find(e => e.tagName === 'rect')!.getAttribute('fill'), heatColor(u));
  assert.ok(c12.children.some(e => e.tagName === 'text' && e.ownText === `1,2 · ${Math.round(u * 100)}%`));
  const label = c12.children.find(e => e.tagName === 'text')!;
  assert.equal(label.ownText, 'star');
  assert.ok(Number(label.getAttribute('font-size')) >= 12, 'readable labels at 4 x 4');
  assert.equal(label.getAttribute('fill'), textOn(u), 'label ink contrasts with the heat colour');
  const links = els.filter(e => e.getAttribute('data-kind') === 'link');
  assert.equal(links.length, 48);
  const east = links.find(e => e.getAttribute('data-id') === 'link-0,0-0,1')!;
  const west = links.find(e => e.getAttribute('data-id') === 'link-0,1-0,0')!;
  assert.ok(Number(east.getAttribute('stroke-width')) > Number(west.getAttribute('stroke-width')), 'heavier traffic, wider line');
  assert.notEqual(east.getAttribute('stroke'), west.getAttribute('stroke'));
  assert.equal(east.children[0].ownText, 'link 0,0 → 0,1: 1.91 MB, 50% of link bandwidth');
  const text = serialize(svg);
  for (const unit of ['% of time busy', '% of bandwidth used', 'MB']) assert.ok(text.includes(unit), `legend mentions ${unit}`);
  assert.equal(els.filter(e => e.getAttribute('data-kind') === 'dram').length, 16);
  assert.equal(els.filter(e => e.tagName === 'path' && e.getAttribute('data-kind') === 'mapping').length, 4, 'one KV ring per row');
});

test('render: 64 x 64 overview draws every core without per-core labels', () => {
  const svg = renderMesh(new MiniDocument(), layoutMesh(makeChip(64, 64), makeSimulation(64, 64))) as MiniElement;
  const els = all(svg);
  assert.equal(els.filter(e => e.getAttribute('data-kind') === 'core').length, 4096);
  const texts = els.filter(e => e.tagName === 'text');
  assert.ok(texts.length < 60, `only axis, title and legend text (${texts.length})`);
  assert.equal(els.filter(e => e.tagName === 'title').length, 4096 + 16, 'core and DRAM values on hover instead');
  const pair = els.filter(e => e.getAttribute('data-kind') === 'link');
  assert.equal(pair.length, 2 * 64 * 63, 'one line per neighbour pair in the overview');
  const l00 = pair.find(e => e.getAttribute('data-id') === 'link-0,0-0,1')!;
  assert.equal(l00.getAttribute('stroke'), heatColor(0.5), 'the busier direction colours the pair');
  assert.ok(texts.some(t => /^hottest link \d+,\d+ → \d+,\d+: 54%, 2\.06 MB$/.test(t.ownText ?? '')), 'the legend names the hottest link');
});

test('render: core view marks the bottleneck and shows busy time and utilisation per engine', async () => {
  const svg = renderCore(new MiniDocument(), await layoutCore(new ELK(), 2, 3, makeSimulation(4, 4, { bottleneck: 'SADS' }))) as MiniElement;
  const engines = all(svg).filter(e => e.getAttribute('data-kind') === 'engine');
  assert.deepEqual(engines.map(e => e.getAttribute('data-engine')).sort(), ['dlzs', 'kvgen', 'sads', 'sram', 'sram', 'sufa']);
  const marked = engines.filter(e => (e.getAttribute('class') ?? '').includes('bottleneck'));
  assert.deepEqual(marked.map(e => e.getAttribute('data-engine')), ['sads']);
  const sads = engines.find(e => e.getAttribute('data-engine') === 'sads')!;
  assert.ok(sads.children.some(e => e.ownText === 'busy 2.20 ms'));
  assert.ok(sads.children.some(e => e.ownText === '52% utilised'));
  assert.ok(sads.children.some(e => e.ownText === '▲ bottleneck'));
});

test('render: without a result cores are drawn as "no result", never NaN', () => {
  const text = serialize(renderMesh(new MiniDocument(), layoutMesh(makeChip(2, 3))) as MiniElement);
  assert.ok(!/NaN|Infinity|undefined/.test(text));
  assert.ok(text.includes('no-result'));
});

test('render helpers: units and contrast', () => {
  assert.equal(fmtBytes(2_150_000), '2.05 MB');   // binary units, as the language reads MB
  assert.equal(fmtBytes(512), '512 B');
  assert.equal(fmtMs(0.25), '250.0 µs');
  assert.equal(fmtMs(4.2), '4.20 ms');
  assert.equal(textOn(0.5), '#000000');
  assert.equal(textOn(0), '#ffffff');
  assert.equal(heatColor(2), heatColor(1));
});
