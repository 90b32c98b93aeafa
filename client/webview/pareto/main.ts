// The Pareto webview: an exploration's front and feasible cloud on two chosen metrics (uPlot draws axes, grid and
// scales on a canvas; the points are drawn in its draw hook, coloured by a third metric), the front as a sortable
// table, the values of the point under the mouse, and "Apply this point", posted to the extension. Every text from
// the file (names, labels) is set as text, never as HTML.
import uPlot from 'uplot';
import type { ExplorationResultParams, ExplorationView, ExplorePoint } from '../../../server/src/protocolTypes.js';
import { summaryLine } from '../../../server/src/present/paretoText.js';
import { plottableMetrics, defaultAxes, keepAxis, formatMetric, columns, sortPoints, colourAt, extent, padded, nearest, factsLine, type Column } from './model.js';
import type { ParetoHostToView, ParetoViewToHost } from './messages.js';

interface VsCodeApi { postMessage(m: ParetoViewToHost): void; getState(): unknown; setState(s: unknown): void }
declare function acquireVsCodeApi(): VsCodeApi;
interface Saved { exploration?: string; x?: string; y?: string; colour?: string; sort?: number; desc?: boolean }

const vscode = acquireVsCodeApi();
const saved = (vscode.getState() ?? {}) as Saved;
let params: ExplorationResultParams | null = null;
let fileName = '';
let selected: { exploration: string; index: number } | undefined;
let hovered: ExplorePoint | undefined;
let plot: uPlot | undefined;
let renders = 0;
/** Pixel positions (CSS px in the plot area) of the points drawn last, for the mouse: front first, then cloud. */
let drawn: { points: ExplorePoint[]; xs: Float64Array; ys: Float64Array } = { points: [], xs: new Float64Array(), ys: new Float64Array() };

/** A new element with properties and its text (textContent: never parsed as HTML). */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e: HTMLElementTagNameMap[K] = document.createElement(tag);
  Object.assign(e, props);
  if (text !== undefined) e.textContent = text;
  return e;
}
const toolbar = document.getElementById('toolbar')!;
const main = document.getElementById('main')!;
const pick = (id: string, title: string) => {
  const s = el('select', { id, title });
  s.addEventListener('change', () => { persist(); render(); });
  return s;
};
const exploreSel = pick('exploration', 'Which explore item to show');
const xSel = pick('x-metric', 'The metric on the horizontal axis');
const ySel = pick('y-metric', 'The metric on the vertical axis');
const cSel = pick('colour-metric', 'The metric the points are coloured by');
const status = el('span', { id: 'status' });
toolbar.append(exploreSel, el('label', {}, 'x'), xSel, el('label', {}, 'y'), ySel, el('label', {}, 'colour'), cSel, status);
let sort: { col: number; desc: boolean } = { col: saved.sort ?? -1, desc: saved.desc ?? false };

function persist(): void {
  vscode.setState({ exploration: exploreSel.value, x: xSel.value, y: ySel.value, colour: cSel.value, sort: sort.col, desc: sort.desc } satisfies Saved);
}

function current(): ExplorationView | undefined {
  const xs = params?.explorations ?? [];
  return xs.find(x => x.name === exploreSel.value) ?? xs[0];
}

function fillSelect(s: HTMLSelectElement, options: string[], value: string, none?: string): void {
  s.replaceChildren(...(none !== undefined ? [el('option', { value: '' }, none)] : []), ...options.map(o => el('option', { value: o }, o)));
  s.value = value;
}

window.addEventListener('message', (e: MessageEvent<ParetoHostToView>) => {
  const m = e.data;
  if (m?.type === 'explorations') {
    params = m.params;
    fileName = m.fileName;
    if (!params || !params.explorations.length) { showEmpty(m.message ?? `No explore item in ${fileName || 'this file'} yet.`); return; }
    fillSelect(exploreSel, params.explorations.map(x => x.name), keep(params.explorations.map(x => x.name), exploreSel.value || saved.exploration));
    exploreSel.hidden = params.explorations.length < 2;
    render(true);
  } else if (m?.type === 'applied') {
    setStatus(m.message, m.ok ? '' : 'error');
  }
});
const keep = (names: string[], want: string | undefined) => (want && names.includes(want) ? want : names[0] ?? '');

function showEmpty(message: string): void {
  plot?.destroy(); plot = undefined;
  main.replaceChildren(el('div', { id: 'empty' }, message));
  setStatus(fileName, '');
  document.body.dataset.rendered = String(++renders);
}
function setStatus(text: string, cls: string): void { status.textContent = text; status.className = cls; }

/** Rebuilds the selects (when the exploration's metrics changed) and the page for the chosen exploration. */
function render(newData = false): void {
  const x = current();
  if (!x) return;
  const metrics = plottableMetrics(x), d = defaultAxes(x);
  if (newData || xSel.options.length !== metrics.length) {
    fillSelect(xSel, metrics, keepAxis(x, xSel.value || saved.x, d.x));
    fillSelect(ySel, metrics, keepAxis(x, ySel.value || saved.y, d.y));
    fillSelect(cSel, metrics, cSel.value === '' && cSel.options.length ? '' : keepAxis(x, cSel.value || saved.colour, d.colour), 'none');
  }
  const state = params!.stale ? ' · stale: the file changed since' : params!.running || x.state === 'running' ? ' · running' : '';
  setStatus(`${fileName} · ${x.name} · ${summaryLine(x)}${state}`, params!.stale ? 'stale' : x.state === 'error' ? 'error' : '');
  if (selected && (selected.exploration !== x.name || !findPoint(x, selected.index))) selected = undefined;
  buildPage(x);
  document.body.dataset.rendered = String(++renders);
}

function findPoint(x: ExplorationView, index: number): ExplorePoint | undefined {
  return x.front.find(p => p.index === index) ?? x.cloud.find(p => p.index === index);
}

const wrap = el('div', { id: 'plot-wrap' });
const plotDiv = el('div', { id: 'plot' });
const tooltip = el('div', { id: 'tooltip' });
const key = el('div', { id: 'colour-key' });
const facts = el('div', { id: 'facts' });
const selection = el('div', { id: 'selection' });
const tableWrap = el('div', { id: 'table-wrap' });
wrap.append(plotDiv, tooltip);

function buildPage(x: ExplorationView): void {
  if (!main.contains(wrap)) main.replaceChildren(wrap, key, facts, selection, tableWrap);
  buildPlot(x);
  buildKey(x);
  facts.textContent = factsLine(x);
  buildSelection(x);
  buildTable(x);
}

const css = (name: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

function buildPlot(x: ExplorationView): void {
  plot?.destroy();
  const xm = xSel.value, ym = ySel.value, cm = cSel.value;
  const all = [...x.front, ...x.cloud];
  const xr = padded(extent(all, xm)), yr = padded(extent(all, ym)), cr = cm ? extent(all, cm) : [0, 1];
  const fg = css('--vscode-editor-foreground', '#d4d4d4'), grid = css('--vscode-panel-border', '#80808040');
  const font = `12px ${css('--vscode-font-family', 'sans-serif')}`;
  const sense = (m: string) => x.objectives.find(o => o.metric === m)?.sense;
  const label = (m: string) => `${m}${sense(m) === 'min' ? ' (minimised)' : sense(m) === 'max' ? ' (maximised)' : ''}`;
  const axis = (m: string, size: number): uPlot.Axis => ({
    label: label(m), stroke: fg, font, labelFont: font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 },
    values: (_u, splits) => splits.map(v => formatMetric(v, x.units[m])), size,
  });
  const width = Math.max(320, wrap.clientWidth - 16 || 640);
  const height = Math.round(Math.min(520, Math.max(260, window.innerHeight * 0.5)));
  const opts: uPlot.Options = {
    mode: 2, width, height,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false, range: () => xr }, y: { range: () => yr } },
    axes: [axis(xm, 40), axis(ym, 72)],
    series: [{}, { label: 'feasible', paths: () => null, points: { show: false } }, { label: 'front', paths: () => null, points: { show: false } }],
    hooks: { draw: [u => drawPoints(u, x, xm, ym, cm, cr as [number, number])] },
  };
  const data = [null, [x.cloud.map(p => p.metrics[xm]), x.cloud.map(p => p.metrics[ym])], [x.front.map(p => p.metrics[xm]), x.front.map(p => p.metrics[ym])]];
  plot = new uPlot(opts, data as unknown as uPlot.AlignedData, plotDiv);
  plot.over.addEventListener('mousemove', e => onHover(x, e.offsetX, e.offsetY));
  plot.over.addEventListener('mouseleave', () => { hovered = undefined; tooltip.className = ''; plot?.redraw(false, false); });
  plot.over.addEventListener('click', e => {
    const i = nearest(drawn.xs, drawn.ys, e.offsetX, e.offsetY, 8);
    if (i >= 0) select(x, drawn.points[i]);
  });
}

/** The points on the canvas: the cloud small and translucent, the front larger and outlined, the selection ringed. */
function drawPoints(u: uPlot, x: ExplorationView, xm: string, ym: string, cm: string, cr: [number, number]): void {
  const ctx = u.ctx, dpr = devicePixelRatio || 1;
  const fill = (p: ExplorePoint) => (cm ? colourAt((p.metrics[cm] - cr[0]) / (cr[1] - cr[0] || 1)) : css('--vscode-charts-blue', '#75beff'));
  const fg = css('--vscode-editor-foreground', '#d4d4d4'), focus = css('--vscode-focusBorder', '#007fd4');
  const ok = (p: ExplorePoint) => Number.isFinite(p.metrics[xm]) && Number.isFinite(p.metrics[ym]);
  const front = x.front.filter(ok), points = [...front, ...x.cloud.filter(ok)], frontCount = front.length;
  const xs = new Float64Array(points.length), ys = new Float64Array(points.length);
  ctx.save();
  ctx.beginPath();
  ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
  ctx.clip();
  // The cloud first so the front is drawn over it.
  for (let pass = 0; pass < 2; pass++) {
    for (let i = pass === 0 ? frontCount : 0; i < (pass === 0 ? points.length : frontCount); i++) {
      const p = points[i];
      const cx = u.valToPos(p.metrics[xm], 'x', true), cy = u.valToPos(p.metrics[ym], 'y', true);
      xs[i] = cx / dpr - u.bbox.left / dpr; ys[i] = cy / dpr - u.bbox.top / dpr;
      ctx.beginPath();
      ctx.arc(cx, cy, (pass === 0 ? 3 : 5) * dpr, 0, 2 * Math.PI);
      ctx.globalAlpha = pass === 0 ? 0.75 : 1;
      ctx.fillStyle = fill(p);
      ctx.fill();
      if (pass === 1) { ctx.lineWidth = 1.5 * dpr; ctx.strokeStyle = fg; ctx.stroke(); }
    }
  }
  ctx.globalAlpha = 1;
  for (const [p, colour] of [[hovered, fg], [selected && findPoint(x, selected.index), focus]] as Array<[ExplorePoint | undefined, string]>) {
    if (!p || !Number.isFinite(p.metrics[xm]) || !Number.isFinite(p.metrics[ym])) continue;
    ctx.beginPath();
    ctx.arc(u.valToPos(p.metrics[xm], 'x', true), u.valToPos(p.metrics[ym], 'y', true), 9 * dpr, 0, 2 * Math.PI);
    ctx.lineWidth = 2.5 * dpr; ctx.strokeStyle = colour; ctx.stroke();
  }
  ctx.restore();
  drawn = { points, xs, ys };
  plotDiv.dataset.front = String(frontCount);
  plotDiv.dataset.cloud = String(points.length - frontCount);
}

function pointText(x: ExplorationView, p: ExplorePoint): string {
  const onFront = x.front.includes(p);
  const lines = [`#${p.index}${onFront ? ' · on the front' : ' · feasible, dominated'}`];
  for (const path of x.parameters) lines.push(`${path} = ${p.parameters[path]?.label ?? '?'}`);
  for (const m of plottableMetrics(x)) lines.push(`${m}: ${formatMetric(p.metrics[m], x.units[m])}`);
  return lines.join('\n');
}

function onHover(x: ExplorationView, px: number, py: number): void {
  const i = nearest(drawn.xs, drawn.ys, px, py, 8);
  const p = i >= 0 ? drawn.points[i] : undefined;
  if (p !== hovered) { hovered = p; plot?.redraw(false, false); }
  if (!p) { tooltip.className = ''; return; }
  tooltip.textContent = pointText(x, p);
  tooltip.className = 'shown';
  // Position by CSSOM (allowed by the CSP, unlike style attributes in markup); flipped near the right edge.
  const left = plot!.over.offsetLeft + 8 + drawn.xs[i] + 12, top = plot!.over.offsetTop + 8 + drawn.ys[i] + 12;
  tooltip.style.left = `${left + tooltip.offsetWidth > wrap.clientWidth ? left - tooltip.offsetWidth - 24 : left}px`;
  tooltip.style.top = `${top}px`;
}

function buildKey(x: ExplorationView): void {
  const cm = cSel.value;
  if (!cm) { key.replaceChildren(); return; }
  const all = [...x.front, ...x.cloud];
  const [lo, hi] = extent(all, cm);
  const bar = el('canvas', { width: 160, height: 10 });
  const g = bar.getContext('2d');
  if (g) for (let i = 0; i < 160; i++) { g.fillStyle = colourAt(i / 159); g.fillRect(i, 0, 1, 10); }
  key.replaceChildren(el('span', {}, `colour: ${cm}`), el('span', {}, formatMetric(lo, x.units[cm])), bar, el('span', {}, formatMetric(hi, x.units[cm])),
    el('span', {}, `· ${x.front.length} on the front (outlined), ${x.cloud.length} more feasible shown of ${x.feasible}`));
}

function select(x: ExplorationView, p: ExplorePoint): void {
  selected = { exploration: x.name, index: p.index };
  plot?.redraw(false, false);
  buildSelection(x);
  tableWrap.querySelectorAll<HTMLElement>('tr.point').forEach(tr => tr.classList.toggle('selected', tr.dataset.index === String(p.index)));
}

function buildSelection(x: ExplorationView): void {
  const p = selected && findPoint(x, selected.index);
  const apply = el('button', { id: 'apply', className: 'primary', disabled: !p || !!params?.stale || !!params?.running || x.state === 'running',
    title: params?.stale ? 'The file changed since this exploration: save it to explore again'
      : params?.running ? 'An exploration is running' : 'Write this point\'s values into the source' }, 'Apply this point');
  apply.addEventListener('click', () => { if (p) vscode.postMessage({ type: 'apply', exploration: x.name, index: p.index }); });
  const reveal = el('button', { id: 'reveal', title: 'Show the explore item in the editor' }, 'Go to explore');
  reveal.addEventListener('click', () => vscode.postMessage({ type: 'reveal', exploration: x.name }));
  const what = el('span', { className: 'what' }, p
    ? x.parameters.map(path => `${path} = ${p.parameters[path]?.label ?? '?'}`).join(', ')
    : 'Click a point (or a row) to select it.');
  selection.replaceChildren(apply, reveal, what);
}

function cellText(x: ExplorationView, p: ExplorePoint, c: Column): string {
  return c.kind === 'parameter' ? p.parameters[c.path]?.label ?? '?' : formatMetric(p.metrics[c.name], x.units[c.name]);
}

function buildTable(x: ExplorationView): void {
  const cols = columns(x);
  if (sort.col >= cols.length) sort = { col: -1, desc: false };
  const head = el('tr');
  const numberTh = el('th', { tabIndex: 0, title: 'Sort by point number' }, '#');
  head.append(numberTh);
  const ths = [numberTh, ...cols.map(c => {
    const sense = c.kind === 'metric' ? x.objectives.find(o => o.metric === c.name)?.sense : undefined;
    return el('th', { tabIndex: 0, title: `Sort by ${c.kind === 'parameter' ? c.path : c.name}` },
      `${c.kind === 'parameter' ? c.path : c.name}${sense === 'min' ? ' ↓' : sense === 'max' ? ' ↑' : ''}`);
  })];
  ths.forEach((th, i) => {
    const col = i - 1;
    if (col === sort.col) th.classList.add('sorted', ...(sort.desc ? ['desc'] : []));
    const onSort = () => { sort = sort.col === col ? { col, desc: !sort.desc } : { col, desc: false }; persist(); buildTable(x); };
    th.addEventListener('click', onSort);
    th.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSort(); } });
    if (i) head.append(th);
  });
  const body = el('tbody');
  for (const p of sortPoints(x.front, cols[sort.col], sort.desc)) {
    const tr = el('tr', { className: `point${selected?.index === p.index ? ' selected' : ''}` });
    tr.dataset.index = String(p.index);
    tr.append(el('td', {}, String(p.index)), ...cols.map(c => el('td', {}, cellText(x, p, c))));
    tr.tabIndex = 0;
    tr.addEventListener('click', () => select(x, p));
    tr.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(x, p); } });
    tr.addEventListener('focus', () => { hovered = p; plot?.redraw(false, false); });
    tr.addEventListener('mouseenter', () => { hovered = p; plot?.redraw(false, false); });
    tr.addEventListener('mouseleave', () => { hovered = undefined; plot?.redraw(false, false); });
    body.append(tr);
  }
  const table = el('table', { id: 'front' });
  table.append(el('thead'), body);
  table.tHead!.append(head);
  tableWrap.replaceChildren(el('div', { className: 'what' }, `The front: ${x.front.length} designs no other feasible design beats on every objective`), table);
}

new ResizeObserver(() => { if (plot) plot.setSize({ width: Math.max(320, wrap.clientWidth - 16), height: plot.height }); }).observe(main);
// VS Code switches the theme by the body's class: redraw with the new colours.
new MutationObserver(() => { const x = current(); if (x && plot) buildPlot(x); }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
vscode.postMessage({ type: 'ready' });
