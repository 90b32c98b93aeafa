// The graph webview: receives results from the extension, lays out and renders the mesh or one core, pans and
// zooms (kept across redraws), posts clicks back so the editor reveals the defining line, exports the view as SVG.
import type { ELK } from 'elkjs/lib/elk-api.js';
import type { ChipView, SimulationResultParams, SourceLink } from '../../server/src/protocolTypes.js';
import type { SimulationResult } from '../../server/src/sim/result.js';
import { layoutMesh, layoutCore, MAX_DRAWN_CORES, type MeshLayout } from './layout.js';
import { renderMesh, renderCore, renderCoreLabels, fmtMs, LEGEND_W, MESH_TOP, type SvgDocument } from './render.js';
import { GRAPH_CSS } from './style.js';
import type { HostToView, ViewToHost, HighlightTarget, EngineOrSram } from './messages.js';

interface VsCodeApi { postMessage(m: ViewToHost): void; getState(): unknown; setState(s: unknown): void }
declare function acquireVsCodeApi(): VsCodeApi;
declare global { interface Window { ELK?: new () => ELK } }

interface Transform { k: number; tx: number; ty: number }
type Mode = { view: 'mesh' } | { view: 'core'; row: number; col: number };
interface Saved { mode: Mode; selected: number; transforms: Record<string, Transform>; dims: Record<string, string> }

const vscode = acquireVsCodeApi();
const saved = (vscode.getState() ?? {}) as Partial<Saved>;
let params: SimulationResultParams | null = null;
let fileName = '';
let selected = saved.selected ?? 0;
let mode: Mode = saved.mode ?? { view: 'mesh' };
const transforms: Record<string, Transform> = saved.transforms ?? {};
const dims: Record<string, string> = saved.dims ?? {};   // drawing size per mode: a new size is fitted, not kept
let lastCore: [number, number] | undefined;
let highlight: HighlightTarget | null = null;
let renderSeq = 0;
let elk: ELK | undefined;

const toolbar = document.getElementById('toolbar')!;
const canvas = document.getElementById('canvas')!;

function button(id: string, label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.id = id;
  b.textContent = label;
  b.title = title;
  b.addEventListener('click', onClick);
  toolbar.appendChild(b);
  return b;
}
const backBtn = button('back', '◀ Mesh', 'Back to the mesh', () => { setMode({ view: 'mesh' }); });
button('fit', 'Fit', 'Fit the drawing to the panel (0)', () => { fit(); });
button('zoom-in', '+', 'Zoom in (+)', () => { zoomBy(1.25); });
button('zoom-out', '−', 'Zoom out (-)', () => { zoomBy(0.8); });
button('export', 'Export SVG…', 'Save the current view as an SVG file', () => { exportSvg(); });
const picker = document.createElement('select');
picker.id = 'simulation';
picker.title = 'Which simulate statement to show';
picker.addEventListener('change', () => { selected = Number(picker.value) || 0; persist(); void draw(); });
toolbar.appendChild(picker);
const status = document.createElement('span');
status.id = 'status';
toolbar.appendChild(status);

function persist(): void { vscode.setState({ mode, selected, transforms, dims } satisfies Saved); }
const modeKey = () => (mode.view === 'mesh' ? 'mesh' : 'core');
function current(): { simulation: SimulationResult; chip: ChipView } | undefined {
  const r = params?.results ?? [];
  return r[Math.min(selected, r.length - 1)] ?? undefined;
}

function setMode(m: Mode): void {
  mode = m;
  persist();
  void draw();
}

function svgEl(): SVGSVGElement | null { return canvas.querySelector('svg'); }
function applyTransform(): void {
  const vp = svgEl()?.querySelector('.viewport');
  const t = transforms[modeKey()];
  if (vp && t) vp.setAttribute('transform', `translate(${t.tx},${t.ty}) scale(${t.k})`);
  scheduleLod();
}

// Level of detail of the overview: zoomed in far enough that a core is >= 56 px on screen, the cores in view
// (at most LOD_MAX) get their labels; zoomed out, none (no thousands of overlapping labels).
const LOD_MIN_PX = 56, LOD_MAX = 400;
let meshLayout: MeshLayout | undefined;
let lodTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleLod(): void { clearTimeout(lodTimer); lodTimer = setTimeout(updateLod, 80); }
function updateLod(): void {
  const svg = svgEl();
  const body = svg?.querySelector('g.mesh-body');
  svg?.querySelector('g.lod-labels')?.remove();
  const t = transforms.mesh;
  if (!svg || !body || !t || mode.view !== 'mesh' || meshLayout?.detail !== 'overview' || t.k * meshLayout.coreSize < LOD_MIN_PX) return;
  const cw = canvas.clientWidth || 800, ch = canvas.clientHeight || 600;
  const x0 = -t.tx / t.k, x1 = (cw - t.tx) / t.k, y0 = -t.ty / t.k - MESH_TOP, y1 = (ch - t.ty) / t.k - MESH_TOP;
  const inView = meshLayout.cores.filter(c => c.x + c.w > x0 && c.x < x1 && c.y + c.h > y0 && c.y < y1);
  if (inView.length === 0 || inView.length > LOD_MAX) return;
  renderCoreLabels(document as unknown as SvgDocument, body as unknown as Parameters<typeof renderCoreLabels>[1], inView);
}
/** Fits the drawing; `size` is the panel measured before a new drawing went in (measuring after forces a layout of it). */
function fit(size?: { cw: number; ch: number }): void {
  const svg = svgEl();
  if (!svg) return;
  const w = Number(svg.getAttribute('data-width')) || 1, h = Number(svg.getAttribute('data-height')) || 1;
  const cw = size?.cw ?? (canvas.clientWidth || 800), ch = size?.ch ?? (canvas.clientHeight || 600);
  const k = Math.min(cw / w, ch / h, 2);   // never blow a 1 x 1 chip up past 2x
  transforms[modeKey()] = { k, tx: (cw - w * k) / 2, ty: Math.max(0, (ch - h * k) / 2) };
  applyTransform();
  persist();
}
function zoomAt(factor: number, px: number, py: number): void {
  const t = transforms[modeKey()] ?? { k: 1, tx: 0, ty: 0 };
  const k = Math.min(40, Math.max(0.02, t.k * factor));
  const f = k / t.k;
  transforms[modeKey()] = { k, tx: px - (px - t.tx) * f, ty: py - (py - t.ty) * f };
  applyTransform();
  persist();
}
function zoomBy(factor: number): void { zoomAt(factor, canvas.clientWidth / 2, canvas.clientHeight / 2); }

// Pan by dragging, zoom with the wheel around the pointer; a drag is not a click.
let drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | null = null;
let suppressClick = false;
canvas.addEventListener('pointerdown', e => {
  if (e.button !== 0) return;
  const t = transforms[modeKey()] ?? { k: 1, tx: 0, ty: 0 };
  drag = { x: e.clientX, y: e.clientY, tx: t.tx, ty: t.ty, moved: false };
});
window.addEventListener('pointermove', e => {
  if (!drag) return;
  const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
  if (!drag.moved && Math.hypot(dx, dy) < 4) return;
  drag.moved = true;
  canvas.classList.add('panning');
  const t = transforms[modeKey()] ?? { k: 1, tx: 0, ty: 0 };
  transforms[modeKey()] = { k: t.k, tx: drag.tx + dx, ty: drag.ty + dy };
  applyTransform();
});
window.addEventListener('pointerup', () => {
  if (drag?.moved) { suppressClick = true; persist(); setTimeout(() => { suppressClick = false; }, 0); }
  drag = null;
  canvas.classList.remove('panning');
});
canvas.addEventListener('wheel', e => {
  e.preventDefault();
  const r = canvas.getBoundingClientRect();
  zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
}, { passive: false });
window.addEventListener('keydown', e => {
  if ((e.target as HTMLElement)?.tagName === 'SELECT') return;
  if (e.key === '+' || e.key === '=') zoomBy(1.25);
  else if (e.key === '-') zoomBy(0.8);
  else if (e.key === '0') fit();
  else if (e.key === 'Escape' || e.key === 'Backspace') { if (mode.view === 'core') setMode({ view: 'mesh' }); }
});

function reveal(link: SourceLink | undefined, what: string): void {
  if (link) vscode.postMessage({ type: 'reveal', link, what });
}
canvas.addEventListener('click', e => {
  if (suppressClick) return;
  const hit = (e.target as Element | null)?.closest?.('[data-kind]');
  const cur = current();
  if (!hit || !cur) return;
  const links = cur.chip.links ?? { engines: {} };
  switch (hit.getAttribute('data-kind')) {
    case 'core': {
      const row = Number(hit.getAttribute('data-row')), col = Number(hit.getAttribute('data-col'));
      reveal(links.core, `core ${row},${col}`);
      setMode({ view: 'core', row, col });
      break;
    }
    case 'engine': {
      const engine = (hit.getAttribute('data-engine') ?? 'sram') as EngineOrSram;
      reveal(links.engines?.[engine] ?? links.core, engine);
      break;
    }
    case 'link': case 'dram': case 'chip': reveal(links.chip, hit.getAttribute('data-id') ?? 'chip'); break;
    case 'mapping': reveal(links.mapping, 'mapping'); break;
  }
});

function applyHighlight(): void {
  const svg = svgEl();
  if (!svg) return;
  svg.querySelectorAll('.highlight').forEach(n => n.classList.remove('highlight'));
  const h = highlight;
  if (!h) return;
  let sel = '';
  if (h.kind === 'chip') sel = '.chip-frame';
  else if (h.kind === 'mapping') sel = 'path.kv';
  else if (h.kind === 'core') sel = mode.view === 'mesh' ? 'g.core' : 'g.engine, g.buffer';
  else sel = mode.view === 'mesh' ? 'g.core' : `[data-engine="${h.engine}"]`;
  svg.querySelectorAll(sel).forEach(n => n.classList.add('highlight'));
}

function updateToolbar(): void {
  const r = params?.results ?? [];
  picker.replaceChildren(...r.map((x, i) => {
    const o = document.createElement('option');
    o.value = String(i);
    o.textContent = `${x.simulation?.name ?? 'simulation'} (line ${x.simulateLine + 1})`;
    return o;
  }));
  picker.value = String(Math.min(selected, Math.max(0, r.length - 1)));
  picker.hidden = r.length < 2;
  backBtn.disabled = mode.view === 'mesh';
  const cur = current();
  let text = fileName;
  if (cur) text += ` · ${cur.simulation.name}: ${fmtMs(cur.simulation.latencyMs)}`;
  if (params?.running) text += ' · simulating…';
  if (params?.stale) text += ' · stale (last good result)';
  if (params?.error) text += ` · ${params.error}`;
  status.textContent = text;
  status.className = params?.error ? 'error' : params?.stale ? 'stale' : '';
}

function showEmpty(message: string): void {
  const d = document.createElement('div');
  d.id = 'empty';
  d.textContent = message;
  canvas.replaceChildren(d);
}

/** Legend right of the drawing or below it, whichever lets the drawing fit larger in the panel. */
let placed: { w: number; h: number; where: 'right' | 'below' } | undefined;
function legendPlace(w: number, h: number): 'right' | 'below' {
  const cw = canvas.clientWidth || 800, ch = canvas.clientHeight || 600;
  const right = Math.min(cw / (w + LEGEND_W), ch / h);
  const below = Math.min(cw / Math.max(w, LEGEND_W), ch / (h + 260));
  const where = below > right * 1.05 ? 'below' : 'right';
  placed = { w, h, where };
  return where;
}
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (placed && legendPlace(placed.w, placed.h) !== placed.where) void draw();
  }, 150);   // a resize that moves the legend redraws (and refits)
});
async function draw(): Promise<void> {
  const seq = ++renderSeq;
  updateToolbar();
  const cur = current();
  if (!cur) { showEmpty(params?.error ?? `No simulation result for ${fileName || 'this file'} yet: save the .star file to simulate it.`); return; }
  if (!(cur.chip.rows * cur.chip.cols <= MAX_DRAWN_CORES)) {
    showEmpty(`The mesh of ${cur.chip.rows} x ${cur.chip.cols} cores is too large to draw (up to ${MAX_DRAWN_CORES.toLocaleString('en')} cores); the report has its figures.`);
    return;
  }
  const doc = document as unknown as SvgDocument;
  const sub = [cur.simulation.name, fmtMs(cur.simulation.latencyMs), params?.stale ? 'stale' : ''].filter(Boolean).join(' · ');
  let svg: SVGSVGElement;
  try {
    if (mode.view === 'core') {
      if (mode.row >= cur.chip.rows || mode.col >= cur.chip.cols) { mode = { view: 'mesh' }; persist(); return draw(); }
      if (!elk) {
        if (!window.ELK) throw new Error('elkjs did not load');
        elk = new window.ELK();
      }
      const layout = await layoutCore(elk, mode.row, mode.col, cur.simulation);
      if (seq !== renderSeq) return;   // a newer result arrived while elkjs ran
      svg = renderCore(doc, layout, { title: cur.chip.coreName, subtitle: sub, legend: legendPlace(layout.width, layout.height + 56) }) as unknown as SVGSVGElement;
    } else {
      const layout = layoutMesh(cur.chip, cur.simulation);
      meshLayout = layout;
      svg = renderMesh(doc, layout, { title: cur.chip.name, subtitle: sub, legend: legendPlace(layout.width, layout.height + 44) }) as unknown as SVGSVGElement;
    }
  } catch (err) {
    showEmpty(`Could not draw the graph: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  const size = `${svg.getAttribute('data-width')}x${svg.getAttribute('data-height')}`;
  const panel = { cw: canvas.clientWidth || 800, ch: canvas.clientHeight || 600 };
  svg.removeAttribute('viewBox');
  svg.setAttribute('width', '100%');
  svg.setAttribute('height', '100%');
  canvas.replaceChildren(svg);
  backBtn.disabled = mode.view === 'mesh';
  // Keep zoom and pan across redraws of the same drawing; fit a new one.
  const key = modeKey();
  if (!transforms[key] || dims[key] !== size) {
    dims[key] = size;
    fit(panel);
  } else applyTransform();
  if (mode.view === 'mesh') svg.querySelector(`[data-kind="core"][data-row="${lastCore?.[0]}"][data-col="${lastCore?.[1]}"]`)?.classList.add('selected');
  else lastCore = [mode.row, mode.col];
  applyHighlight();
  document.body.setAttribute('data-rendered', String(seq));
}

/** The theme's colours resolved into the stylesheet, so the saved file looks the same outside VS Code. */
function resolvedCss(): string {
  const cs = getComputedStyle(document.body);
  let css = GRAPH_CSS, before = '';
  // Innermost var() first, so a fallback that is itself a var() resolves too.
  while (css !== before) {
    before = css;
    css = css.replace(/var\((--[\w-]+)(?:,\s*([^()]*))?\)/g, (_m, name: string, fallback?: string) =>
      cs.getPropertyValue(name).trim() || (fallback ?? '').trim() || 'currentColor');
  }
  return css;
}

function exportSvg(): void {
  const svg = svgEl();
  if (!svg) return;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const w = canvas.clientWidth || 800, h = canvas.clientHeight || 600;
  copy.setAttribute('width', String(w));
  copy.setAttribute('height', String(h));
  copy.setAttribute('viewBox', `0 0 ${w} ${h}`);
  const ns = 'http://www.w3.org/2000/svg';
  const style = document.createElementNS(ns, 'style');
  style.textContent = resolvedCss();
  const bg = document.createElementNS(ns, 'rect');
  for (const [k, v] of [['x', '0'], ['y', '0'], ['width', String(w)], ['height', String(h)],
    ['fill', getComputedStyle(document.body).backgroundColor || '#ffffff']]) bg.setAttribute(k, v);
  copy.insertBefore(bg, copy.firstChild);
  copy.insertBefore(style, copy.firstChild);
  const text = new XMLSerializer().serializeToString(copy);
  const cur = current();
  const base = (cur?.chip.name ?? 'graph').replace(/[^\w.-]+/g, '_');
  vscode.postMessage({ type: 'exportSvg', svg: text, suggestedName: mode.view === 'core' ? `${base}-core-${mode.row}-${mode.col}.svg` : `${base}.svg` });
}

window.addEventListener('message', (e: MessageEvent<HostToView>) => {
  const m = e.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'results') {
    const sameFile = m.fileName === fileName;
    params = m.params;
    fileName = m.fileName;
    if (!sameFile && fileName) selected = Math.min(selected, Math.max(0, (params?.results.length ?? 1) - 1));
    if (!params?.results.length && m.message) { updateToolbar(); showEmpty(m.message); return; }
    void draw();
  } else if (m.type === 'highlight') {
    highlight = m.target;
    applyHighlight();
  } else if (m.type === 'exported') {
    if (m.path) status.textContent = `saved ${m.path}`;
  }
});

vscode.postMessage({ type: 'ready' });
