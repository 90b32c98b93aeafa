// `star-sim explore FILE.star`: runs every `explore` item of the file and prints its Pareto front (table, --json,
// --csv), streams every evaluated point with --all, journals as it goes and continues with --resume; --shard I/N
// --out DIR runs one shard of it (cli/shard.ts) for `star-sim merge` (docs/cli.md).
import { openSync, closeSync, writeSync, readFileSync } from 'node:fs';
import { analyze } from '../language/index.js';
import { LineIndex } from '../language/text.js';
import type { Design } from '../model/design.js';
import type { StarDiagnostic } from '../language/diagnostics.js';
import { runExploration, type ExplorationResult } from '../sim/explore/index.js';
import { JournalError } from '../sim/explore/journal.js';
import { METRIC_NAMES } from '../sim/explore/metrics.js';
import { exploreOutput } from '../present/explore.js';
import type { RunOutput } from './star-sim.js';
import { runShard } from './shard.js';

export const EXPLORE_HELP = `Usage: star-sim explore [options] FILE.star

Runs every \`explore\` item of the file: exhaustive search of small spaces, NSGA-II for large ones (docs/explore.md),
and prints each Pareto front as a table.

Options:
  --json             print {"explorations": [...]} on stdout (schema: docs/cli.md)
  --csv              print one CSV row per front point (all explorations), for pandas
  --all FILE         stream every evaluated point to FILE as JSON lines
  --journal FILE     the journal (default: FILE.star's name + .NAME.explore.jsonl beside it)
  --no-journal       do not journal (a stopped run then starts over)
  --resume           continue from the journal instead of starting over
  --sample-rows N    query rows the functional model samples
  --checkpoint-every SECONDS
                     how often an exhaustive run checkpoints its journal (default 1; a kill loses at most this)
  --progress         progress lines on stderr (default: when stderr is a terminal)
  --quiet            no progress lines, no warnings
  -h, --help         this help

Shards (one exploration over many machines, e.g. a Slurm job array; docs/cli.md):
  --shard I/N        run shard I of N, I 0-based from 0 to N-1, so that Slurm's $SLURM_ARRAY_TASK_ID (with
                     --array=0-(N-1)) and Kubernetes' $JOB_COMPLETION_INDEX are I as they are. Exhaustive: a
                     contiguous share of the points; evolutionary: island I, seeded from the file's seed and I
  --out DIR          (with --shard) the folder of the shard files: DIR/shard-IIII-of-NNNN.json and its journals.
                     Started again, a shard resumes from its journals; a finished shard says so and exits 0.
                     Progress lines on stderr every 5 s unless --quiet. Then: star-sim merge DIR

Exit status: 0 when every exploration ran, 1 when the file has errors, no explore item or a run failed, 2 on bad usage.
`;

export interface ExploreArgs {
  file: string; json: boolean; csv: boolean; all?: string; journal?: string | false; resume: boolean;
  sampleRows?: number; progress: boolean; quiet: boolean; checkpointMs?: number;
  shard?: { index: number; count: number }; out?: string;
}
class UsageError extends Error {}

/** --shard I/N: 0-based I, 0 <= I < N (the index schedulers hand out as they are). */
export function parseShard(v: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(v);
  const fix = 'e.g. --shard 0/4 for the first of 4 shards; I counts from 0 like $SLURM_ARRAY_TASK_ID with --array=0-3';
  if (!m) throw new UsageError(`--shard needs I/N with whole numbers, got '${v}' (${fix})`);
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) throw new UsageError(`--shard ${v}: N must be from 1 to ${MAX_SHARDS.toLocaleString('en-US')} (${fix})`);
  if (index >= count) throw new UsageError(`--shard ${v}: I must be from 0 to ${count - 1} (I is 0-based: ${fix})`);
  return { index, count };
}
const MAX_SHARDS = 1_000_000;

function parse(argv: string[]): ExploreArgs | 'help' {
  const o: Partial<ExploreArgs> & { files: string[] } = { json: false, csv: false, resume: false, progress: !!process.stderr.isTTY, quiet: false, files: [] };
  const value = (i: number, flag: string) => {
    const v = argv[i];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value (see star-sim explore --help)`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') return 'help';
    else if (a === '--json') o.json = true;
    else if (a === '--csv') o.csv = true;
    else if (a === '--resume') o.resume = true;
    else if (a === '--progress') o.progress = true;
    else if (a === '--quiet') { o.quiet = true; o.progress = false; }
    else if (a === '--all') o.all = value(++i, a);
    else if (a === '--journal') o.journal = value(++i, a);
    else if (a === '--shard') o.shard = parseShard(value(++i, a));
    else if (a === '--out') o.out = value(++i, a);
    else if (a === '--checkpoint-every') {
      const v = value(++i, a), s = Number(v);
      if (!(s >= 0.01 && s <= 3600)) throw new UsageError(`--checkpoint-every needs seconds from 0.01 to 3600, got '${v}'`);
      o.checkpointMs = s * 1000;
    }
    else if (a === '--no-journal') o.journal = false;
    else if (a === '--sample-rows') {
      const n = Number(value(++i, a));
      if (!Number.isInteger(n) || n < 1 || n > 4096) throw new UsageError(`--sample-rows needs an integer from 1 to 4096, got '${argv[i]}'`);
      o.sampleRows = n;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}' (see star-sim explore --help)`);
    else o.files.push(a);
  }
  if (o.json && o.csv) throw new UsageError('--json and --csv print different things: choose one');
  if (o.files.length !== 1) throw new UsageError(o.files.length ? 'explore takes one FILE.star' : 'no input file: star-sim explore FILE.star');
  if (o.resume && o.journal === false) throw new UsageError('--resume needs the journal: drop --no-journal');
  if (o.shard && o.out === undefined) throw new UsageError(`--shard needs --out DIR, the folder its shard file and journals go to (e.g. --shard ${o.shard.index}/${o.shard.count} --out results/sizing)`);
  if (o.out !== undefined && !o.shard) throw new UsageError('--out goes with --shard I/N (on one machine: --shard 0/1 --out DIR, or no --out for a plain run)');
  if (o.shard && o.journal !== undefined) throw new UsageError('--shard keeps its journals in its --out DIR: drop --journal / --no-journal');
  if (o.shard && o.all !== undefined) throw new UsageError('--all with --shard would have every shard write one FILE: run without --all');
  if (o.shard && !o.quiet) o.progress = true;   // a scheduler's log is not a terminal
  return { ...(o as ExploreArgs), file: o.files[0]! };
}

/** The journal beside the source: samples/a.star, explore sizing -> samples/a.sizing.explore.jsonl */
export function defaultJournal(file: string, name: string): string {
  return `${file.replace(/\.star$/, '')}.${name.replace(/[^A-Za-z0-9_-]/g, '_')}.explore.jsonl`;
}

export type Analyzer = (text: string) => { design: Design; diagnostics: StarDiagnostic[] };

/** The subcommand as a function (star-sim's main calls it; tests may, with their own analyzer). */
export function runExplore(argv: string[], readFile: (f: string) => string = f => readFileSync(f, 'utf8'),
                           progress: (line: string) => void = () => {}, analyzer: Analyzer = analyze): RunOutput {
  let o: ExploreArgs | 'help';
  try { o = parse(argv); } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `star-sim explore: ${e.message}\n` };
    throw e;
  }
  if (o === 'help') return { code: 0, stdout: EXPLORE_HELP, stderr: '' };
  const err: string[] = [];
  let text: string;
  try { text = readFile(o.file); } catch (e) {
    return { code: 1, stdout: '', stderr: `star-sim: cannot read ${o.file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}\n` };
  }
  const a = analyzer(text);
  const lines = new LineIndex(text);
  for (const d of a.diagnostics.filter(d => d.severity === 'error' || (!o.quiet && d.severity === 'warning')).slice(0, 50)) {
    const p = lines.positionAt(d.span.start);
    err.push(`${o.file}:${p.line + 1}:${p.character + 1}: ${d.severity} ${d.code} ${d.message}`);
  }
  if (a.diagnostics.some(d => d.severity === 'error')) return { code: 1, stdout: '', stderr: err.join('\n') + '\n' };
  const explorations = a.design.explorations ?? [];
  if (!explorations.length) {
    err.push(`${o.file}: no explore item: add one, e.g.\n  explore sizing for MAPPING {\n    vary { core.sram.token = 128 KB to 512 KB step 64 KB }\n    minimize latency, energy\n  }\n(docs/explore.md)`);
    return { code: 1, stdout: '', stderr: err.join('\n') + '\n' };
  }
  if (o.shard) return runShard(o, explorations, lines, err, progress);
  const results: ExplorationResult[] = [];
  let code = 0;
  const allFd = o.all ? openSync(o.all, o.resume ? 'a' : 'w') : undefined;
  try {
    for (const x of explorations) {
      const tag = `explore ${x.name}`;
      let params: ReturnType<typeof pathsOf> | undefined;
      try {
        params = pathsOf(x.parameters);
        const r = runExploration(x, {
          sampleRows: o.sampleRows,
          checkpointMs: o.checkpointMs,
          journal: o.journal === false ? undefined : o.journal ?? defaultJournal(o.file, x.name),
          resume: o.resume,
          onPoint: allFd === undefined ? undefined : (i, metrics, why) => {
            const line: Record<string, unknown> = { exploration: x.name, index: i, parameters: params!(i), feasible: why === undefined };
            if (why !== undefined) line.reason = why;
            if (metrics) line.metrics = Object.fromEntries(METRIC_NAMES.map((n, k) => [n, metrics[k]]));
            writeSync(allFd, JSON.stringify(line) + '\n');
          },
          onProgress: o.progress ? (done, total, rate) => progress(`${tag}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${Math.round(rate).toLocaleString('en-US')}/s)`) : undefined,
        });
        results.push(r);
        if (o.progress) progress(`${tag}: done in ${r.seconds.toFixed(2)} s`);
      } catch (e) {
        const p = lines.positionAt(x.span?.start ?? 0);
        const why = e instanceof JournalError ? e.message : (e as Error).message;
        err.push(`${o.file}:${p.line + 1}:${p.character + 1}: error exploration-failed explore ${x.name}: ${why}`);
        code = 1;
      }
    }
  } finally {
    if (allFd !== undefined) closeSync(allFd);
  }
  return { code, stdout: exploreOutput(results, o), stderr: err.length ? err.join('\n') + '\n' : '' };
}

/** index -> { PATH: value as written } for the --all stream. */
function pathsOf(parameters: Array<{ path: string; labels: string[]; values: unknown[] }>) {
  const radix = parameters.map(p => p.values.length);
  return (index: number): Record<string, string> => {
    const out: Record<string, string> = {};
    let r = index;
    for (let p = parameters.length - 1; p >= 0; p--) { const d = r % radix[p]!; r = (r - d) / radix[p]!; out[parameters[p]!.path] = parameters[p]!.labels[d] ?? String(parameters[p]!.values[d]); }
    return Object.fromEntries(parameters.map(p => [p.path, out[p.path]!]));
  };
}
