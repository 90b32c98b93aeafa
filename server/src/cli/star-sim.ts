// `star-sim FILE.star`: checks a design and runs every simulate statement in it. A readable report by default;
// `--json` prints one object { "simulations": [SimulationResult, ...] } (schema: docs/cli.md). Diagnostics are
// printed as FILE:LINE:COL: severity code message; any error exits with status 1.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileTraceInspector } from '../sim/functional/trace.js';
import { analyze } from '../language/index.js';
import { LineIndex } from '../language/text.js';
import type { StarDiagnostic } from '../language/diagnostics.js';
import { INTERNAL_FAULT, simulate } from '../sim/index.js';
import type { SimulationResult } from '../sim/result.js';
import { formatReport } from '../present/textReport.js';
import { VERSION } from '../version.js';
import { FUNCTIONAL_DEFAULTS } from '../sim/functional/index.js';
import { runExplore } from './explore.js';
import { runMerge } from './merge.js';

const HELP = `star-sim ${VERSION}: simulate STAR / Spatial-STAR sparse-attention accelerators described in .star files

Usage: star-sim [options] FILE.star [FILE.star ...]
       star-sim explore [options] FILE.star     (design-space exploration: star-sim explore --help)
       star-sim merge [options] DIR             (merge the shards of explore --shard I/N --out DIR: star-sim merge --help)

Runs every \`simulate\` statement of each file and prints a report.

Options:
  --json             print one JSON object {"simulations": [...]} on stdout (schema: docs/cli.md)
  --sample-rows N    query rows the functional model samples (default ${FUNCTIONAL_DEFAULTS.sampleRows}; more is slower and steadier)
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

// ---- main

export interface RunOutput { code: number; stdout: string; stderr: string }

/** The whole CLI as a function (the bin calls it; tests may too). */
export function run(argv: string[], readFile: (f: string) => string = f => readFileSync(f, 'utf8'),
                    progress: (line: string) => void = () => {}): RunOutput {
  if (argv[0] === 'explore') return runExplore(argv.slice(1), readFile, progress);
  if (argv[0] === 'merge') return runMerge(argv.slice(1), progress);
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
    const a = analyze(text, { baseDir: dirname(resolve(file)), traces: fileTraceInspector });
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
        // Test-only, as in the editor's worker: a fault in the simulation of the statement of this name.
        if (process.env.STAR_SIM_TEST_FAULT && process.env.STAR_SIM_TEST_FAULT === sim.name) throw new Error('test fault');
        const r = simulate(sim, {
          functionalSampleRows: o.sampleRows,
          onProgress: o.progress ? (f, msg) => progress(`${tag}: ${msg} (${Math.round(f * 100)}%)`) : undefined,
        });
        results.push(r);
        if (!o.json) reports.push(formatReport(r));
        if (o.progress) progress(`${tag}: done in ${Date.now() - t0} ms`);
      } catch (e) {
        const p = lines.positionAt(sim.span?.start ?? 0);
        err.push(`${file}:${p.line + 1}:${p.character + 1}: error simulation-failed simulate ${sim.name}: ${INTERNAL_FAULT}: ${(e as Error).message}`);
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
