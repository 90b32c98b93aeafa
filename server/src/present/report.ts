// The simulation report as one static HTML page: figures, engines, the ablation breakdown as SVG bars, baselines,
// the mesh's busiest links. Strict Content-Security-Policy (nonce, no remote anything); every name from the file is
// escaped text. Pure (no vscode): the client's webview panel (client/src/report.ts) shows it, tests read it.
import type { SimulationResultParams, SourceLink } from '../protocolTypes.js';
import type { SimulationResult } from '../sim/result.js';
import {
  formatMs, formatTokensPerS, formatMJ, formatW, formatArea, formatBytes, formatGops, formatPct, formatSpeedup, sig,
} from './format.js';
import { headline, baselineName, engineKeys, gpuUtilisationNote, hottestLink, linkName } from './headline.js';
import { STEP_COLUMNS, stepRows } from './steps.js';

export function escapeHtml(s: string): string {
  return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}

function table(head: string[], rows: string[][], cls = ''): string {
  return `<table class="${cls}"><thead><tr>${head.map(h => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map(r => `<tr>${r.map(c => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** Horizontal bars as SVG (attributes, not inline styles: the CSP allows no style attributes). */
export function barChart(items: Array<{ label: string; value: number; text: string }>, opts: { max?: number } = {}): string {
  const finite = items.filter(i => Number.isFinite(i.value) && i.value >= 0);
  if (!finite.length) return '';
  const max = opts.max ?? Math.max(...finite.map(i => i.value), 1e-12);
  const rowH = 22, labelW = 300, barW = 320, textW = 140;
  const short = (s: string) => (s.length > 42 ? `${s.slice(0, 41)}…` : s);
  const rows = finite.map((it, i) => {
    const w = Math.max(1, Math.round((it.value / max) * barW));
    const y = i * rowH;
    return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" class="label">${escapeHtml(short(it.label))}</text>` +
      `<rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 6}" class="bar"><title>${escapeHtml(it.label)}: ${escapeHtml(it.text)}</title></rect>` +
      `<text x="${labelW + w + 6}" y="${y + 15}" class="value">${escapeHtml(it.text)}</text>`;
  }).join('');
  return `<svg class="chart" role="img" width="${labelW + barW + textW}" height="${finite.length * rowH}" ` +
    `viewBox="0 0 ${labelW + barW + textW} ${finite.length * rowH}">${rows}</svg>`;
}

function link(l: SourceLink | undefined, text: string): string {
  if (!l) return escapeHtml(text);
  return `<a href="#" class="reveal" data-uri="${escapeHtml(l.uri)}" data-line="${l.range.start.line}" ` +
    `data-character="${l.range.start.character}">${escapeHtml(text)}</a>`;
}

function simulationSection(entry: SimulationResultParams['results'][number]): string {
  const r: SimulationResult = entry.simulation;
  const e = escapeHtml;
  const parts: string[] = [];
  parts.push(`<h2>${e(r.name)} <span class="sub">${link(entry.chip.links.mapping, r.mapping)} · ${e(r.workload)} on ` +
    `${link(entry.chip.links.chip, r.chip)} (${entry.chip.rows} x ${entry.chip.cols} of ${link(entry.chip.links.core, entry.chip.coreName)})</span></h2>`);
  parts.push(`<p class="headline">${e(headline(r))}</p>`);
  parts.push(table(['figure', 'value'], [
    ['latency', formatMs(r.latencyMs)], ['throughput', formatTokensPerS(r.tokensPerS)],
    ['effective (dense-equivalent)', formatGops(r.effectiveGops)], ['energy', formatMJ(r.energyMJ)],
    ['power: core / io / DRAM / total', [r.powerW.core, r.powerW.io, r.powerW.dram, r.powerW.total].map(formatW).join(' / ')],
    ['area', formatArea(r.areaMm2)], ['GOPS/W core / device', `${sig(r.gopsPerWCore)} / ${sig(r.gopsPerWDevice)}`],
    ['GOPS/mm²', sig(r.gopsPerMm2)], ['bottleneck', r.bottleneck],
    ['DRAM / NoC traffic', `${formatBytes(r.dramBytes)} / ${formatBytes(r.nocBytes)}`],
    ['top-k recall / output error', `${formatPct(r.functional.topkRecall)} / ${r.functional.outputErrorMeasured === false ? 'not measured (no values in the trace)' : formatPct(r.functional.outputRelError)}`],
    ...(r.functional.data ? [['functional data', r.functional.data]] : []),
  ].map(([a, b]) => [e(a!), e(b!)]), 'figures'));

  parts.push('<h3>Engines</h3>');
  parts.push(barChart(engineKeys.map(k => ({ label: k, value: r.utilization[k], text: `${formatPct(r.utilization[k])} busy, ${formatMs(r.engines?.[k]?.busyMs ?? NaN)}` })), { max: 1 }));
  if (r.breakdown?.length) {
    // Cumulative bars (each over dense attention on the same hardware), then each step's own gain and traffic.
    parts.push('<h3>Ablation: cumulative speedup over dense attention (same hardware)</h3>');
    parts.push(barChart(r.breakdown.map(s => ({ label: s.step, value: s.speedup, text: formatSpeedup(s.speedup) }))));
    parts.push('<h3>Ablation: each step\'s own gain and DRAM traffic</h3>');
    parts.push(table(STEP_COLUMNS, stepRows(r.breakdown).map(s => [e(s.step), e(s.cumulative), e(s.own), e(s.dram), e(s.dramChange)]), 'steps'));
  }
  if (r.spatialBreakdown?.length) {
    parts.push('<h3>Mesh steps: each step\'s factor over the step before (from the baseline spatial design)</h3>');
    parts.push(barChart(r.spatialBreakdown.map(s => ({ label: s.step, value: s.speedup, text: formatSpeedup(s.speedup) }))));
  }
  const bl = Object.entries(r.baselines ?? {});
  if (bl.length) {
    parts.push('<h3>Baselines</h3>');
    // Optional columns: area-efficiency gain (published designs), the baseline's own utilisation (A100).
    const area = bl.some(([, b]) => b.areaGain !== undefined), util = bl.some(([, b]) => b.utilization !== undefined);
    parts.push(table(['baseline', 'speedup', 'energy gain', ...(area ? ['area gain'] : []), ...(util ? ['baseline utilisation'] : []), 'basis'],
      bl.map(([k, b]) => [e(baselineName(k)), e(formatSpeedup(b.speedup)), e(formatSpeedup(b.energyGain)),
        ...(area ? [b.areaGain !== undefined ? e(formatSpeedup(b.areaGain)) : ''] : []),
        ...(util ? [b.utilization !== undefined ? e(formatPct(b.utilization)) : ''] : []), e(b.basis ?? '')])));
    const note = gpuUtilisationNote(r);
    if (note) parts.push(`<p class="gpu-note">${e(note)}</p>`);
  }
  const energy = Object.entries(r.energyByComponentMJ ?? {});
  if (energy.length) {
    parts.push('<h3>Energy by component</h3>');
    parts.push(barChart(energy.map(([k, v]) => ({ label: k, value: v, text: formatMJ(v) }))));
  }
  const area = Object.entries(r.areaByComponentMm2 ?? {});
  if (area.length) {
    parts.push('<h3>Area by component</h3>');
    parts.push(barChart(area.map(([k, v]) => ({ label: k, value: v, text: formatArea(v) }))));
  }
  if ((r.links ?? []).length) {
    const hot = [...r.links].sort((a, b) => b.utilization - a.utilization).slice(0, 8);
    parts.push(`<h3>Busiest links (of ${r.links.length})</h3>`);
    parts.push(table(['link', 'traffic', 'utilisation'], hot.map(l => [e(linkName(l)), e(formatBytes(l.bytes)), e(formatPct(l.utilization))])));
  }
  if ((r.dramChannels ?? []).length) {
    parts.push('<h3>DRAM channels</h3>');
    parts.push(table(['router', 'traffic', 'utilisation'],
      r.dramChannels.map(c => [e(`(${c.router[0]},${c.router[1]})`), e(formatBytes(c.bytes)), e(formatPct(c.utilization))])));
  }
  if ((r.cores ?? []).length > 1) {
    const busy = r.cores.map(c => c.busyMs);
    const hot = hottestLink(r);
    parts.push(`<p>Cores: ${r.cores.length}, busy ${e(formatMs(Math.min(...busy)))} to ${e(formatMs(Math.max(...busy)))}` +
      `${hot ? `; hottest link ${e(linkName(hot))} at ${e(formatPct(hot.utilization))}` : ''}.</p>`);
  }
  if (r.notes?.length) parts.push(`<h3>Assumptions</h3><ul>${r.notes.map(n => `<li>${e(n)}</li>`).join('')}</ul>`);
  return `<section>${parts.join('\n')}</section>`;
}

/** The whole page. `cspSource` is the webview's own source; no other origin is allowed. */
/** `render` numbers the pages of one panel (tests see that a new result re-rendered it). */
export function reportHtml(p: SimulationResultParams | undefined, title: string, nonce: string, cspSource = '', render = 0): string {
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${cspSource} data:;`;
  let body: string;
  if (!p) body = `<p>No simulation results for ${escapeHtml(title)} yet. Save the file or run "STAR: Run Simulation".</p>`;
  else {
    const banner = p.stale ? `<p class="stale">Stale: these are the last good results (document version ${p.version}); ` +
      `the file changed or has errors since.</p>` : '';
    const error = p.error ? `<p class="error">${escapeHtml(p.error)}</p>` : '';
    const sims = p.results.map(simulationSection).join('\n');
    body = `${banner}${error}<p class="meta">Version ${p.version}, simulated in ${escapeHtml(formatMs(p.elapsedMs))}` +
      `${p.running ? ', a newer run is in progress' : ''}.</p>${sims || '<p>The file has no simulate statement.</p>'}`;
  }
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>STAR report: ${escapeHtml(title)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1.5em 2em; }
h1 { font-size: 1.4em; } h2 { font-size: 1.2em; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: .2em; }
h3 { font-size: 1em; margin-top: 1.2em; } .sub { font-weight: normal; opacity: .8; font-size: .85em; }
.headline { font-size: 1.1em; font-family: var(--vscode-editor-font-family); }
table { border-collapse: collapse; margin: .4em 0; } th, td { text-align: left; padding: 2px 10px; border-bottom: 1px solid var(--vscode-panel-border); }
.chart { max-width: 100%; height: auto; } .chart .bar { fill: var(--vscode-charts-blue, #3794ff); } .chart text { fill: var(--vscode-foreground); font-size: 12px; }
.stale { background: var(--vscode-inputValidation-warningBackground); padding: .4em .8em; }
.error { color: var(--vscode-errorForeground); } .meta { opacity: .75; }
</style></head><body data-render="${Math.trunc(render)}"><h1>STAR simulation report: ${escapeHtml(title)}</h1>
${body}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
for (const a of document.querySelectorAll('a.reveal')) a.addEventListener('click', ev => {
  ev.preventDefault();
  vscode.postMessage({ command: 'reveal', uri: a.dataset.uri, line: Number(a.dataset.line), character: Number(a.dataset.character) });
});
</script></body></html>`;
}
