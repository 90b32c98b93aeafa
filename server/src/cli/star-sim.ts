// `star-sim FILE.star`: checks a design and runs every simulate statement in it. A readable report by default;
// `--json` prints one object { "simulations": [SimulationResult, ...] } (schema: docs/cli.md). Diagnostics are
// printed as FILE:LINE:COL: severity code message; any error exits with status 1.
import { readFileSync } from 'node:fs';
import { analyze } from '../language/index.js';
import { LineIndex } from '../language/text.js';
import type { StarDiagnostic } from '../language/diagnostics.js';
import { simulate } from '../sim/index.js';
import type { SimulationResult } from '../sim/result.js';
import { formatBytes } from '../present/format.js';
import { VERSION } from '../version.js';

const HELP = `star-sim ${VERSION}: simulate STAR / Spatial-STAR sparse-attention accelerators described in .star files

Usage: star-sim [options] FILE.star [FILE.star ...]

Runs every \`simulate\` statement of each file and prints a report.

Options:
  --json             print one JSON object {"simulations": [...]} on stdout (schema: docs/cli.md)
  --sample-rows N    query rows the functional model samples (default 64; more is slower and steadier)
  --progress         always print progress lines on stderr (default: only when stderr is a terminal)
  --quiet            no progress lines, no warnings
  -h, --help         this help
  -v, --version      the version

Exit status: 0 when every simulation ran, 1 when a file has errors or a simulation failed, 2 on bad usage.
Diagnostics are printed as FILE:LINE:COL: severity code message (lines and columns from 1).
`;

interface Options { json: boolean; progress: boolean; quiet: boolean; sampleRows?: number; files: string[] }

class UsageError extends Error {}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const o: Options = { json: false, progress: !!process.stderr.isTTY, quiet: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') return 'help';
    if (a === '-v' || a === '--version') return 'version';
    if (a === '--json') o.json = true;
    else if (a === '--progress') o.progress = true;
    else if (a === '--quiet') { o.quiet = true; o.progress = false; }
    else if (a === '--sample-rows' || a.startsWith('--sample-rows=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 4096) throw new UsageError(`--sample-rows needs an integer from 1 to 4096, got '${v ?? ''}'`);
      o.sampleRows = n;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}' (see star-sim --help)`);
    else o.files.push(a);
  }
  if (!o.files.length) throw new UsageError('no input file: star-sim FILE.star (see star-sim --help)');
  return o;
}

/** Control characters (a binary file quoted in a message) are shown escaped, never sent to the terminal. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\n/g, ' ');
}

export function formatDiagnostic(file: string, text: string, d: StarDiagnostic, lines = new LineIndex(text)): string {
  const p = lines.positionAt(d.span.start);
  return `${file}:${p.line + 1}:${p.character + 1}: ${d.severity} ${d.code} ${printable(d.message)}`;
}

/** Diagnostics printed per file; the rest are counted (a binary file would otherwise flood the terminal). */
const MAX_DIAGNOSTICS = 50;

// ---- readable report

function num(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 1e6 || a < 1e-3) return x.toExponential(2);
  if (a >= 1000) return x.toFixed(0);
  return x.toPrecision(digits);
}
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Columns: the first left-aligned, numbers right-aligned (all left-aligned for key/value lists). */
function table(rows: string[][], header?: string[], leftAll = false): string {
  const all = header ? [header, ...rows] : rows;
  const widths = all[0]!.map((_, c) => Math.max(...all.map(r => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 || leftAll ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  const out = all.map(line);
  if (header) out.splice(1, 0, widths.map(w => '-'.repeat(w)).join('  '));
  return out.map(l => `  ${l}`).join('\n');
}

export function formatReport(r: SimulationResult): string {
  const parts: string[] = [];
  parts.push(`simulation ${r.name}: mapping ${r.mapping}, workload ${r.workload}, chip ${r.chip}`);
  parts.push(table([
    ['latency', `${num(r.latencyMs)} ms`],
    ['throughput', `${num(r.tokensPerS)} tokens/s`],
    ['effective', `${num(r.effectiveGops)} GOPS (dense-equivalent)`],
    ['energy', `${num(r.energyMJ)} mJ`],
    ['power', `${num(r.powerW.total)} W (core ${num(r.powerW.core)}, memory interface ${num(r.powerW.io)}, DRAM ${num(r.powerW.dram)})`],
    ['area', `${num(r.areaMm2)} mm2`],
    ['efficiency', `${num(r.gopsPerWCore)} GOPS/W core, ${num(r.gopsPerWDevice)} GOPS/W device, ${num(r.gopsPerMm2)} GOPS/mm2`],
    ['bottleneck', r.bottleneck],
    ['DRAM traffic', formatBytes(r.dramBytes) + (r.nocBytes > 0 ? `, network ${formatBytes(r.nocBytes)}` : '')],
    ['functional', `top-k recall ${pct(r.functional.topkRecall)}, output error ${pct(r.functional.outputRelError)} mean` +
      (r.functional.outputRelErrorMax !== undefined ? `, ${pct(r.functional.outputRelErrorMax)} max` : '')],
  ], undefined, true));
  parts.push('\n  engines');
  parts.push(table((['dlzs', 'sads', 'kvgen', 'sufa'] as const).map(e => [e, `${num(r.engines[e].busyMs)} ms busy`, pct(r.engines[e].utilization)]),
    ['engine', 'busy', 'utilisation']));
  const energy = Object.entries(r.energyByComponentMJ).filter(([, v]) => v > 0);
  if (energy.length) {
    const total = energy.reduce((a, [, v]) => a + v, 0);
    parts.push('\n  energy by component');
    parts.push(table(energy.map(([k, v]) => [k, `${num(v)} mJ`, pct(total > 0 ? v / total : 0)]), ['component', 'energy', 'share']));
  }
  if (r.breakdown.length) {
    parts.push('\n  breakdown (cumulative speedup over dense attention on the same hardware)');
    parts.push(table(r.breakdown.map(s => [s.step, `${num(s.speedup)}x`]), ['step', 'speedup']));
  }
  const bl = Object.entries(r.baselines);
  if (bl.length) {
    parts.push('\n  against baselines');
    parts.push(table(bl.map(([k, b]) => [k, `${num(b.speedup)}x`, `${num(b.energyGain)}x`, b.latencyMs !== undefined ? `${num(b.latencyMs)} ms` : '']),
      ['baseline', 'speedup', 'energy gain', 'their latency']));
    for (const [k, b] of bl) if (b.basis) parts.push(`    ${k}: ${b.basis}`);
  }
  if (r.spatialBreakdown?.length) {
    parts.push('\n  spatial breakdown (against the baseline spatial design)');
    parts.push(table(r.spatialBreakdown.map(s => [s.step, `${num(s.speedup)}x`]), ['step', 'factor']));
  }
  if (r.cores.length > 1) {
    const busiest = [...r.cores].sort((a, b) => b.busyMs - a.busyMs).slice(0, 5);
    parts.push(`\n  cores: ${r.cores.length}; busiest`);
    parts.push(table(busiest.map(c => [`(${c.row}, ${c.col})`, `${num(c.busyMs)} ms`, pct(c.utilization)]), ['core', 'busy', 'utilisation']));
  }
  if (r.hottestLink) parts.push(`  hottest link (${r.hottestLink.from.join(', ')}) -> (${r.hottestLink.to.join(', ')}): ${formatBytes(r.hottestLink.bytes)}, ${pct(r.hottestLink.utilization)}`);
  if (r.notes.length) parts.push('\n  notes\n' + r.notes.map(n => `    - ${n}`).join('\n'));
  return parts.join('\n');
}

// ---- main

export interface RunOutput { code: number; stdout: string; stderr: string }

/** The whole CLI as a function (the bin calls it; tests may too). */
export function run(argv: string[], readFile: (f: string) => string = f => readFileSync(f, 'utf8'),
                    progress: (line: string) => void = () => {}): RunOutput {
  let opts: Options | 'help' | 'version';
  try { opts = parseArgs(argv); } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `star-sim: ${e.message}\n` };
    throw e;
  }
  if (opts === 'help') return { code: 0, stdout: HELP, stderr: '' };
  if (opts === 'version') return { code: 0, stdout: `${VERSION}\n`, stderr: '' };
  const o = opts;
  const err: string[] = [];
  const results: SimulationResult[] = [];
  const reports: string[] = [];
  let code = 0;
  for (const file of o.files) {
    let text: string;
    try { text = readFile(file); } catch (e) {
      err.push(`star-sim: cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
      code = Math.max(code, 1);
      continue;
    }
    const a = analyze(text);
    const lines = new LineIndex(text);
    const shown = a.diagnostics.filter(d => d.severity === 'error' || (!o.quiet && d.severity === 'warning'))
      .sort((x, y) => x.span.start - y.span.start);
    for (const d of shown.slice(0, MAX_DIAGNOSTICS)) err.push(formatDiagnostic(file, text, d, lines));
    if (shown.length > MAX_DIAGNOSTICS) err.push(`${file}: ... and ${shown.length - MAX_DIAGNOSTICS} more diagnostics`);
    if (a.diagnostics.some(d => d.severity === 'error')) { code = 1; continue; }
    if (!a.design.simulations.length) { if (!o.quiet) err.push(`${file}: no simulate statement: add e.g. \`simulate MAPPING against a100\``); continue; }
    a.design.simulations.forEach((sim, i) => {
      const tag = `[${i + 1}/${a.design.simulations.length}]`;
      const t0 = Date.now();
      try {
        const r = simulate(sim, {
          functionalSampleRows: o.sampleRows,
          onProgress: o.progress ? (f, msg) => progress(`${tag}: ${msg} (${Math.round(f * 100)}%)`) : undefined,
        });
        results.push(r);
        if (!o.json) reports.push(formatReport(r));
        if (o.progress) progress(`${tag}: done in ${Date.now() - t0} ms`);
      } catch (e) {
        const p = lines.positionAt(sim.span?.start ?? 0);
        err.push(`${file}:${p.line + 1}:${p.character + 1}: error simulation-failed simulate ${sim.name}: ${(e as Error).message}`);
        code = 1;
      }
    });
  }
  const stdout = o.json ? JSON.stringify({ simulations: results }, null, 2) + '\n' : reports.length ? reports.join('\n\n') + '\n' : '';
  return { code, stdout, stderr: err.length ? err.join('\n') + '\n' : '' };
}

function main(): void {
  const out = run(process.argv.slice(2), undefined, line => process.stderr.write(`star-sim: ${line}\n`));
  if (out.stderr) process.stderr.write(out.stderr);
  if (out.stdout) process.stdout.write(out.stdout);
  process.exitCode = out.code;
}

if (require.main === module) main();
