// `npm run bench`: runs every bench/*.bench.ts (each default-exports an async function that prints its figures).
import { readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir).filter(f => f.endsWith('.bench.ts') && (!only.length || only.some(o => f.includes(o)))).sort();
for (const f of files) {
  console.log(`\n== ${f.replace('.bench.ts', '')}`);
  const mod = await import(pathToFileURL(join(dir, f)).href);
  await mod.default();
}
