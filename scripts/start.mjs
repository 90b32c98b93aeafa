// `npm start`: build and package the extension, install it into a real VS Code (code-server, installed on first use
// into .cache/vscode-test/), open samples/ and print the address to open in a browser. Ctrl+C stops everything.
// Options: --port N (default 3210, or a free one), --host H (default 127.0.0.1), --folder DIR (default samples/),
// --profile DIR (VS Code's user data and extensions; default .cache/vscode-test/start-profile).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const t0 = Date.now();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback; };
const cs = await tsImport('./e2e/codeServer.ts', import.meta.url);
const say = (msg) => console.log(`[start] ${msg}`);

try {
  cs.ensureCodeServer();
} catch (error) {
  console.error(`[start] could not install code-server: ${error.message}`);
  process.exit(1);
}
// One persistent profile: settings and open editors survive between runs.
const profile = cs.makeProfile({ dir: resolve(arg('profile', join(cs.cacheDir, 'start-profile'))), keepSettings: true });
const vsix = join(cs.cacheDir, 'star-studio-start.vsix');
const stampFile = join(profile.dir, 'extension-inputs.sha1');
const stamp = inputsStamp();
const installed = existsSync(vsix) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp
  && readdirSync(profile.extensionsDir).some((n) => n.startsWith('star-studio.star-studio-'));
const tPack = Date.now();
if (installed) {
  say('extension unchanged since the last start: reusing the installed build');
} else {
  const pack = spawnSync(process.execPath, [join(root, 'scripts/package.mjs'), '--out', vsix], { cwd: root, stdio: 'inherit' });
  if (pack.status !== 0) { console.error('[start] packaging failed; see above'); process.exit(1); }
  cs.installExtension(profile, vsix);
  writeFileSync(stampFile, stamp);
  say(`built, packaged and installed the extension in ${((Date.now() - tPack) / 1000).toFixed(1)} s`);
}
const folder = resolve(arg('folder', join(root, 'samples')));
if (!existsSync(folder)) { console.error(`[start] folder ${folder} does not exist`); process.exit(1); }
const wanted = Number(arg('port', process.env.STAR_PORT ?? 3210));
const port = await portOrFree(wanted);
const server = await cs.startCodeServer({ profile, folder, port, host: arg('host', process.env.STAR_HOST ?? '127.0.0.1'), stdio: 'pipe' });

let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  say('stopping code-server and its extension hosts');
  await server.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('SIGHUP', () => void stop(0));
server.child.on('exit', (code) => { if (!stopping) { console.error(`[start] code-server exited (code ${code}):\n${server.log().slice(-3000)}`); process.exit(1); } });

if (!['127.0.0.1', 'localhost'].includes(server.url.split('/')[2].split(':')[0])) {
  say('warning: code-server runs without a password (--auth none); anyone who reaches this address can use it');
}
say(`served in ${((Date.now() - t0) / 1000).toFixed(1)} s (code-server up ${server.servedMs} ms after launch)`);
console.log(`\n  STAR Studio is running. Open this address in a browser:\n\n    ${server.folderUrl}\n\n  Press Ctrl+C to stop.\n`);

/** Names, sizes and mtimes of everything that goes into the .vsix: when unchanged, the installed build is current. */
function inputsStamp() {
  const hash = createHash('sha1');
  const walk = (p) => {
    let st;
    try { st = statSync(p); } catch { return; }
    if (st.isDirectory()) { for (const n of readdirSync(p).sort()) if (n !== 'node_modules' && !n.startsWith('.')) walk(join(p, n)); }
    else hash.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
  };
  for (const p of ['client/src', 'client/webview', 'server/src', 'grammar', 'snippets', 'images', 'package.json', 'package-lock.json', 'scripts/build.mjs',
    'scripts/package.mjs', '.vscodeignore', 'README.md', 'LICENSE', 'CHANGELOG.md']) walk(join(root, p));
  return hash.digest('hex');
}

async function portOrFree(port) {
  const { createServer } = await import('node:net');
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => { say(`port ${port} is busy; using a free one`); cs.freePort().then(res); });
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(port)));
  });
}
