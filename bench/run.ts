// `npm run bench`: runs every bench/*.bench.ts (each default-exports an async function that prints its figures).
import { readdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// The repository is CommonJS for TypeScript (no import.meta, no top-level await): find this folder from argv.
const dir = dirname(resolve(process.argv[1]!));
const only = process.argv.slice(2);
const files = readdirSync(dir).filter(f => f.endsWith('.bench.ts') && (!only.length || only.some(o => f.includes(o)))).sort();
void (async () => {
  for (const f of files) {
    console.log(`\n== ${f.replace('.bench.ts', '')}`);
    const mod = await import(pathToFileURL(join(dir, f)).href);
    // import() of a CommonJS module puts its exports under `default`.
    const run = typeof mod.default === 'function' ? mod.default : mod.default?.default;
    await run();
  }
})().catch(error => { console.error(error); process.exitCode = 1; });
