// Where each simulation figure goes in the CURRENT text of a document. Results were computed from the saved
// version; the user may have typed since, so blocks are found again by name in the newest syntax tree rather than
// by the ranges of the run. Pure: syntax tree + results in, anchors (character offsets) out.
import type { StarFile, TopBlock, SimulateStmt, Entry, Span } from '../../language/ast.js';
import type { SimulationResult } from '../../sim/result.js';
import type { SimulationEntry } from './workerApi.js';
import { formatPct, formatMs } from '../../present/format.js';
import { headline, hardwareLine, mappingLine, engineKeys, hottestLink, linkName, type EngineKey } from '../../present/headline.js';
import { breakdownMarkdown } from '../../present/breakdown.js';

export type AnchorKind = 'simulate' | 'mapping' | 'chip' | 'core';
export interface Anchor {
  kind: AnchorKind;
  /** Offset of the end of the header line: where an inlay hint goes. */
  lineEnd: number;
  /** The statement or block header, for code lenses. */
  span: Span;
  label: string;
  tooltip: string;
  entry: SimulationEntry;
}

/** End of the line containing `offset` (before \r\n). */
export function lineEndAt(text: string, offset: number): number {
  let i = Math.max(0, Math.min(offset, text.length));
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

function topBlocks(file: StarFile, kind: TopBlock['kind']): TopBlock[] {
  return file.items.filter((i): i is TopBlock => i.kind === kind);
}
function simulateStmts(file: StarFile): SimulateStmt[] {
  return file.items.filter((i): i is SimulateStmt => i.kind === 'simulate');
}
function named(file: StarFile, kind: TopBlock['kind'], name: string): TopBlock | undefined {
  return topBlocks(file, kind).find(b => b.name?.text === name);
}

/** The simulate statement of each result: by position when the counts agree, else by the mapping it names. */
export function simulateStmtOf(file: StarFile, results: SimulationEntry[], index: number): SimulateStmt | undefined {
  const stmts = simulateStmts(file);
  if (stmts.length === results.length) return stmts[index];
  const r = results[index]!.simulation;
  const same = stmts.filter(s => s.mapping?.text === r.mapping);
  const nth = results.slice(0, index).filter(e => e.simulation.mapping === r.mapping).length;
  return same[nth];
}

export function anchors(file: StarFile, text: string, results: SimulationEntry[], stale: boolean): Anchor[] {
  const out: Anchor[] = [];
  const seen = new Set<TopBlock>();
  const mark = (s: string) => (stale ? `stale · ${s}` : s);
  const tip = (r: SimulationResult) => breakdownMarkdown(r, { stale });
  const header = (span: Span) => ({ span, lineEnd: lineEndAt(text, span.start) });
  results.forEach((entry, i) => {
    const r = entry.simulation;
    const stmt = simulateStmtOf(file, results, i);
    if (stmt) out.push({ kind: 'simulate', ...header(stmt.span), label: mark(headline(r)), tooltip: tip(r), entry });
    const mapping = named(file, 'mapping', r.mapping);
    if (mapping && !seen.has(mapping)) {
      seen.add(mapping);
      out.push({ kind: 'mapping', ...header(mapping.span), label: mark(mappingLine(r)), tooltip: tip(r), entry });
    }
    const cores = Math.max(1, entry.chip.rows * entry.chip.cols);
    const chip = entry.chip.singleCore ? undefined : named(file, 'chip', r.chip);
    if (chip && !seen.has(chip)) {
      seen.add(chip);
      out.push({ kind: 'chip', ...header(chip.span), label: mark(`${entry.chip.rows} x ${entry.chip.cols} · ${hardwareLine(r)}`), tooltip: tip(r), entry });
    }
    const core = named(file, 'core', entry.chip.coreName);
    // A core used alone and in a mesh: the single-core figures are the core's own, so they win.
    const existing = core && out.find(a => a.kind === 'core' && a.span === core.span);
    if (core && (!existing || (entry.chip.singleCore && !existing.entry.chip.singleCore))) {
      const anchor: Anchor = { kind: 'core', ...header(core.span), label: mark(hardwareLine(r, cores)), tooltip: tip(r), entry };
      if (existing) out[out.indexOf(existing)] = anchor; else out.push(anchor);
    }
  });
  return out;
}

// ---- diagnostics from simulation ----

export interface SimDiagnostic {
  code: string;
  severity: 'warning' | 'info';
  message: string;
  span: Span;
}

export const UNDERUSED_ENGINE = 0.2;   // an engine busy less than this is over-provisioned
export const SATURATED_LINK = 0.9;     // a link or DRAM channel busier than this limits the KV flow
export const IMBALANCE = 1.5;          // slowest core / mean core busy time

function subBlock(body: Entry[], key: string): Entry | undefined {
  return body.find(e => (e.kind === 'block' || e.kind === 'field') && e.key.text === key);
}

/** What only the simulation finds, on the line responsible for it. One diagnostic per finding and block. */
export function simulationDiagnostics(file: StarFile, results: SimulationEntry[]): SimDiagnostic[] {
  const out: SimDiagnostic[] = [];
  const seen = new Set<string>();
  const push = (d: SimDiagnostic) => {
    const k = `${d.code}@${d.span.start}`;
    if (!seen.has(k)) { seen.add(k); out.push(d); }
  };
  results.forEach((entry, i) => {
    const r = entry.simulation;
    const stmt = simulateStmtOf(file, results, i);
    const mapping = named(file, 'mapping', r.mapping);
    const mappingSpan = mapping?.name?.span ?? mapping?.span ?? stmt?.span;
    const core = named(file, 'core', entry.chip.coreName);
    const chip = entry.chip.singleCore ? undefined : named(file, 'chip', r.chip);
    const who = `simulate ${r.name}`;

    // Engines idle most of the time: the array is larger than this workload needs.
    for (const k of engineKeys) {
      const u = r.utilization[k];
      if (!(u < UNDERUSED_ENGINE) || k === r.bottleneck) continue;
      const at = core ? subBlock(core.body, k)?.span ?? core.name?.span ?? core.span : mappingSpan;
      if (!at) continue;
      push({ code: 'engine-underused', severity: 'info', span: at,
        message: `${k} is busy only ${formatPct(u)} of the run (${who}, bottleneck ${r.bottleneck}): the engine is larger ` +
          `than this workload needs; a smaller ${k} array saves area and power at no loss of speed.` });
    }
    // The bottleneck itself mostly idle: the run is bound by something outside the engines.
    const bn = r.bottleneck as EngineKey;
    if ((engineKeys as readonly string[]).includes(bn) && r.utilization[bn] < UNDERUSED_ENGINE && mappingSpan) {
      push({ code: 'bottleneck-underused', severity: 'warning', span: mappingSpan,
        message: `The bottleneck engine ${bn} is busy only ${formatPct(r.utilization[bn])} of the run (${who}): time goes to ` +
          `waiting for data (DRAM or the network), not to compute. Try a larger KV tile (tiling.bc) or pipelined stages.` });
    } else if (!(engineKeys as readonly string[]).includes(r.bottleneck) &&
               engineKeys.every(k => r.utilization[k] < UNDERUSED_ENGINE) && mappingSpan) {
      push({ code: 'memory-bound', severity: 'warning', span: mappingSpan,
        message: `Bound by ${r.bottleneck}: every engine is below ${formatPct(UNDERUSED_ENGINE)} busy (${who}). ` +
          `More bandwidth or more reuse (RASS, multicast or ring KV flow) would speed it up; more PEs would not.` });
    }
    // Saturated links: the KV flow is limited by link bandwidth.
    const hot = (r.links ?? []).filter(l => l.utilization > SATURATED_LINK);
    if (hot.length) {
      const top = hottestLink(r)!;
      const noc = chip ? subBlock(chip.body, 'noc') : undefined;
      const at = noc?.span ?? chip?.name?.span ?? mappingSpan;
      if (at) push({ code: 'link-saturated', severity: 'warning', span: at,
        message: `${hot.length} link${hot.length === 1 ? ' is' : 's are'} above ${formatPct(SATURATED_LINK)} busy (${who}); the ` +
          `hottest, ${linkName(top)}, is ${formatPct(top.utilization)} busy. Raise noc.link_bandwidth or change kv_flow ` +
          `(multicast or ring move fewer bytes per link than own fetch).` });
    }
    const dram = (r.dramChannels ?? []).filter(c => c.utilization > SATURATED_LINK);
    if (dram.length) {
      const at = (chip ? subBlock(chip.body, 'dram')?.span : undefined) ?? chip?.name?.span ?? mappingSpan;
      const top = dram.reduce((a, b) => (b.utilization > a.utilization ? b : a));
      if (at) push({ code: 'dram-saturated', severity: 'warning', span: at,
        message: `${dram.length} DRAM channel${dram.length === 1 ? ' is' : 's are'} above ${formatPct(SATURATED_LINK)} busy (${who}); ` +
          `the channel at router (${top.router[0]},${top.router[1]}) is ${formatPct(top.utilization)} busy. Add channels or bandwidth, ` +
          `or share KV over the mesh (kv_flow = multicast or ring) instead of fetching it per core.` });
    }
    // Load imbalance between cores: the slowest core sets the latency.
    const busy = (r.cores ?? []).map(c => c.busyMs).filter(Number.isFinite);
    if (busy.length > 1) {
      const mean = busy.reduce((a, b) => a + b, 0) / busy.length;
      const max = Math.max(...busy);
      if (mean > 0 && max / mean > IMBALANCE && mappingSpan) {
        push({ code: 'load-imbalance', severity: 'info', span: mappingSpan,
          message: `The slowest core is busy ${formatMs(max)}, ${(max / mean).toFixed(1)}x the mean ${formatMs(mean)} (${who}): ` +
            `the partition gives some cores more selected keys than others. Partition queries over more cores or use a smaller query block.` });
      }
    }
  });
  return out;
}
