// Language speed: parse + check of a 10,000-line file (goal: well under 50 ms), and of each sample.
// Measured twice: on the esbuild bundle (the code the language server ships) and on the TypeScript sources as
// tsx runs them (tsx's keepNames wraps every closure, so the parser runs several times slower there).
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir, loadavg, cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import * as source from '../server/src/language/index.js';

const root = join(__dirname, '..');
const SAMPLES = ['star-llama7b-4k.star', 'star-bert-base-512.star', 'spatial-4x4-llama7b-64k.star', 'spatial-8x8-llama7b-256k.star'];
type Lang = Pick<typeof source, 'parse' | 'check'>;

/** The samples' blocks repeated with every defined name suffixed, until the text has `lines` lines. */
export function bigFile(lines: number): string {
  const texts = SAMPLES.map(n => readFileSync(join(root, 'samples', n), 'utf8'));
  const names = texts.map(t => [...new Set([...t.matchAll(/^(?:technology|workload|core|chip|mapping)\s+([A-Za-z_]\w*)/gm)].map(m => m[1]))]);
  const out: string[] = [];
  let count = 0;
  // Whole samples only, so the file stays free of errors: the last copy may end a little past `lines`.
  for (let copy = 0; count < lines; copy++) {
    const i = copy % texts.length;
    const re = new RegExp(`\\b(${names[i].join('|')})\\b`, 'g');
    const block = texts[i].replace(re, `$1_${copy}`);
    out.push(block);
    count += block.split('\n').length;
  }
  return out.join('\n');
}

/** Wall-clock times, and CPU time (process-wide: on a busy machine wall time also counts waiting for a core). */
function measure(lang: Lang, text: string, runs: number): { parse: number[]; check: number[]; total: number[]; cpu: number[]; diagnostics: number } {
  const parse: number[] = [], check: number[] = [], total: number[] = [], cpu: number[] = [];
  let diagnostics = 0;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const file = lang.parse(text);
    const t1 = performance.now();
    const r = lang.check(file);
    const t2 = performance.now();
    const c = process.cpuUsage(c0);
    parse.push(t1 - t0); check.push(t2 - t1); total.push(t2 - t0); cpu.push((c.user + c.system) / 1000);
    diagnostics = file.syntaxErrors.length + r.diagnostics.length;
  }
  return { parse, check, total, cpu, diagnostics };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const min = (xs: number[]) => Math.min(...xs);
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function bundled(): Promise<{ lang: Lang; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'star-lang-bench-'));
  const outfile = join(dir, 'language.mjs');
  await build({ entryPoints: [join(root, 'server/src/language/index.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
  const lang = (await import(pathToFileURL(outfile).href)) as Lang;
  return { lang, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export default async function main(): Promise<void> {
  const text = bigFile(10_000);
  const lines = text.split('\n').length;
  console.log(`file: ${lines} lines, ${(text.length / 1024).toFixed(0)} KB, built from the samples with renamed names; machine load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
  const { lang, cleanup } = await bundled();
  try {
    for (const [label, l, runs] of [['bundle (shipped code)', lang, 30], ['tsx (TypeScript sources)', source, 10]] as const) {
      measure(l, text, 3);                                                      // warm up the JIT
      const m = measure(l, text, runs);
      console.log(`${label}: parse + check of ${lines} lines: median ${ms(median(m.total))}, best ${ms(min(m.total))} ` +
        `(parse median ${ms(median(m.parse))}, check median ${ms(median(m.check))}; CPU time median ${ms(median(m.cpu))}, best ${ms(min(m.cpu))}; ` +
        `${m.diagnostics} diagnostics; goal < 50 ms)`);
    }
    for (const name of SAMPLES) {
      const t = readFileSync(join(root, 'samples', name), 'utf8');
      measure(lang, t, 5);
      const m = measure(lang, t, 50);
      console.log(`bundle: ${name} (${t.split('\n').length} lines): parse + check median ${ms(median(m.total))}`);
    }
    // An edit: one character changed in a sample, then the whole file analysed again (what the server does).
    const sample = readFileSync(join(root, 'samples', 'spatial-4x4-llama7b-64k.star'), 'utf8');
    const edited = sample.replace('bc = 128', 'bc = 64');
    const m = measure(lang, edited, 50);
    console.log(`bundle: after an edit of spatial-4x4-llama7b-64k.star: parse + check median ${ms(median(m.total))}`);
  } finally {
    cleanup();
  }
}
