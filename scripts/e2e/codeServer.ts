// Installs code-server (a real VS Code that runs on Node and serves the workbench to a browser) into a cache folder
// of the repo, the way @vscode/test-electron caches VS Code in .vscode-test/, and starts throwaway instances of it.
// Used by `npm start` (scripts/start.mjs loads it through tsx), the e2e driver (vscode.ts) and the benchmark.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync, copyFileSync, rmSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, dirname } from 'node:path';

/** The repository root: the nearest folder up from the working directory whose package.json is star-studio. */
export function findRoot(from = process.cwd()): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try { if (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === 'star-studio') return dir; } catch { /* keep looking */ }
    if (dirname(dir) === dir) throw new Error(`run this inside the star-studio repository (no star-studio package.json above ${from})`);
  }
}
export const root = process.env.STAR_ROOT ?? findRoot();
export const CODE_SERVER_VERSION = '4.99.4';
export const cacheDir = process.env.STAR_VSCODE_CACHE ?? join(root, '.cache', 'vscode-test');
export const installDir = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
const pkgDir = join(installDir, 'node_modules', 'code-server');
export const codeServerBin = join(pkgDir, 'out', 'node', 'entry.js');
const marker = join(installDir, '.installed');
// What code-server's postinstall produces (it runs `npm install` in lib/vscode and lib/vscode/extensions, which builds
// the native modules): without these the workbench may start but the server, terminals or search fail.
const postinstallProducts = [
  'lib/vscode/node_modules.asar',
  'lib/vscode/node_modules/node-pty/build/Release/pty.node',
  'lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'lib/vscode/node_modules/@vscode/ripgrep/bin/rg',
  'lib/vscode/extensions/node_modules/typescript/package.json',
];
const APT_PACKAGES = ['libkrb5-dev', 'pkg-config', 'ripgrep'];
const RIPGREP_CACHE = { dir: 'vscode-ripgrep-cache-1.15.11', file: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' };

const log = (msg: string) => process.stderr.write(`[code-server] ${msg}\n`);

export function isInstalled(): boolean {
  return existsSync(marker) && existsSync(codeServerBin);
}

function missingPostinstallProducts() {
  return postinstallProducts.filter(p => !existsSync(join(pkgDir, p)));
}

function have(cmd: string) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function ensureAptPackages() {
  const missing = APT_PACKAGES.filter(p => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (!missing.length) return;
  if (process.getuid?.() === 0 && have('apt-get')) {
    log(`installing Debian packages: ${missing.join(' ')}`);
    const r = spawnSync('apt-get', ['install', '-y', '-q', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed; install them by hand and run again`);
  } else {
    throw new Error(`code-server needs the Debian packages ${missing.join(' ')}: run \`sudo apt-get install -y ${missing.join(' ')}\` and try again`);
  }
}

/** Environment for npm so code-server's native modules build offline (see docs/extension.md). */
function installEnv(tmp: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TMPDIR: tmp,                         // @vscode/ripgrep looks for its pre-seeded download here
    npm_config_unsafe_perm: 'true',      // code-server's postinstall refuses to run as root otherwise
    npm_config_yes: 'true',              // node-pty's postinstall runs `npx node-gyp`
    npm_config_nodedir: process.env.npm_config_nodedir ?? (existsSync('/usr/include/node/node.h') ? '/usr' : ''),
    npm_config_ignore_scripts: 'false',  // a user's ignore-scripts=true would skip every native build
    npm_config_strict_allow_scripts: 'false', // npm 11: scripts not in allowScripts warn instead of being skipped
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

/** Installs code-server into the cache on first use; later calls return at once. */
export function ensureCodeServer(): string {
  if (isInstalled()) return codeServerBin;
  const t0 = Date.now();
  ensureAptPackages();
  const tmp = join(cacheDir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  mkdirSync(installDir, { recursive: true });
  // @vscode/ripgrep downloads its binary from GitHub; give it Debian's rg, packed the way it expects.
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error('ripgrep (rg) not found: run `apt-get install -y ripgrep` and try again');
  const rgCache = join(tmp, RIPGREP_CACHE.dir);
  mkdirSync(join(tmp, 'rgpack'), { recursive: true });
  mkdirSync(rgCache, { recursive: true });
  copyFileSync(rg, join(tmp, 'rgpack', 'rg'));
  const tar = spawnSync('tar', ['czf', join(rgCache, RIPGREP_CACHE.file), '-C', join(tmp, 'rgpack'), 'rg'], { stdio: 'inherit' });
  if (tar.status !== 0) throw new Error('could not pack ripgrep for @vscode/ripgrep');
  if (!existsSync(join(installDir, 'package.json'))) {
    writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'star-vscode-test', private: true, version: '0.0.0' }, null, 2));
  }
  log(`installing code-server@${CODE_SERVER_VERSION} into ${installDir} (first run only; takes a few minutes)`);
  const env = installEnv(tmp);
  const npm = spawnSync('npm', ['install', '--no-save', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`],
    { cwd: installDir, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (npm.status !== 0) throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${npm.status}); see the log above`);
  // npm may skip dependencies' install scripts (npm 11 policies, --ignore-scripts in a user config): check what the
  // postinstall should have produced and run it ourselves when it did not.
  if (missingPostinstallProducts().length) {
    log(`code-server's postinstall did not run (missing ${missingPostinstallProducts().join(', ')}); running it now`);
    const post = spawnSync('npm', ['run', 'postinstall'], { cwd: pkgDir, env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (post.status !== 0) throw new Error(`code-server's postinstall failed (exit ${post.status}); see the log above`);
  }
  if (missingPostinstallProducts().some(p => p.endsWith('.node'))) {
    // The nested installs can skip their own dependencies' build scripts too: build the native modules explicitly.
    log('native modules of code-server are missing; rebuilding them');
    spawnSync('npm', ['rebuild', '--foreground-scripts'], { cwd: join(pkgDir, 'lib', 'vscode'), env, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  const still = missingPostinstallProducts();
  if (still.length) throw new Error(`code-server is incomplete after its postinstall: missing ${still.join(', ')}`);
  writeFileSync(marker, JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString(), ms: Date.now() - t0 }));
  log(`code-server ready in ${Math.round((Date.now() - t0) / 1000)} s`);
  return codeServerBin;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address() as AddressInfo; srv.close(() => resolve(port)); });
  });
}

const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none', 'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false, 'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false, 'extensions.ignoreRecommendations': true, 'telemetry.telemetryLevel': 'off',
  'update.mode': 'none', 'security.workspace.trust.enabled': false, 'git.enabled': false,
  'github.gitAuthentication': false, 'window.restoreWindows': 'none', 'workbench.enableExperiments': false,
  'chat.commandCenter.enabled': false, 'workbench.colorTheme': 'Default Dark Modern',
};

export interface Profile { dir: string; userDataDir: string; extensionsDir: string; env: NodeJS.ProcessEnv }

/** A fresh user-data and extensions folder for one run; XDG_* point inside it so nothing lands in the home folder. */
export function makeProfile(opts: { dir?: string; settings?: Record<string, unknown>; keepSettings?: boolean } = {}): Profile {
  mkdirSync(join(cacheDir, 'runs'), { recursive: true });
  if (!opts.dir) pruneOld(join(cacheDir, 'runs'));
  const dir = opts.dir ?? mkdtempSync(join(cacheDir, 'runs', 'run-'));
  mkdirSync(join(dir, 'ud', 'User'), { recursive: true });
  mkdirSync(join(dir, 'exts'), { recursive: true });
  mkdirSync(join(dir, 'xdg'), { recursive: true });
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const settings = join(dir, 'ud', 'User', 'settings.json');
  // keepSettings: a persistent profile (npm start) keeps what the user changed in it.
  if (!(opts.keepSettings && existsSync(settings))) writeFileSync(settings, JSON.stringify({ ...QUIET_SETTINGS, ...(opts.settings ?? {}) }, null, 2));
  return {
    dir, userDataDir: join(dir, 'ud'), extensionsDir: join(dir, 'exts'),
    env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'xdg'), XDG_DATA_HOME: join(dir, 'xdg'), XDG_CACHE_HOME: join(dir, 'xdg'), TMPDIR: join(dir, 'tmp') },
  };
}

function csArgs(profile: Profile) {
  return [codeServerBin, '--config', '/dev/null', '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

/** `code-server --install-extension x.vsix` into the profile; returns its output. */
export function installExtension(profile: Profile, vsix: string): string {
  const r = spawnSync(process.execPath, [...csArgs(profile), '--install-extension', vsix, '--force'], { env: profile.env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

export function listExtensions(profile: Profile): string[] {
  const r = spawnSync(process.execPath, [...csArgs(profile), '--list-extensions', '--show-versions'], { env: profile.env, encoding: 'utf8' });
  return r.stdout.split('\n').map(s => s.trim()).filter(Boolean);
}

export interface CodeServerOptions {
  profile: Profile;
  folder: string;
  port?: number;
  host?: string;
  timeoutMs?: number;
  /** 'inherit' echoes code-server's output to stderr (npm start); 'pipe' only keeps it for error messages. */
  stdio?: 'pipe' | 'inherit';
}

export interface CodeServer {
  url: string;
  folderUrl: string;
  port: number;
  pid: number;
  servedMs: number;
  child: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

/** Starts code-server in its own process group and waits until /healthz answers. */
export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const port = opts.port ?? await freePort();
  const host = opts.host ?? '127.0.0.1';
  const t0 = Date.now();
  const child = spawn(process.execPath, [...csArgs(opts.profile), '--bind-addr', `${host}:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--ignore-last-opened', opts.folder],
  { env: opts.profile.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const onData = (d: Buffer) => { output += d; if (output.length > 200_000) output = output.slice(-100_000); if (opts.stdio === 'inherit') process.stderr.write(d); };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited: { code: number | null; signal: string | null } | null = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const url = `http://${host}:${port}/`;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    const gone = exited as { code: number | null; signal: string | null } | null;
    if (gone) throw new Error(`code-server exited before serving (code ${gone.code}, signal ${gone.signal}):\n${output.slice(-4000)}`);
    try { if ((await fetch(`${url}healthz`)).ok) break; } catch { /* not listening yet */ }
    if (Date.now() > deadline) { killGroup(child.pid!); throw new Error(`code-server did not answer ${url}healthz within ${opts.timeoutMs ?? 60_000} ms:\n${output.slice(-4000)}`); }
    await new Promise(r => setTimeout(r, 100));
  }
  const servedMs = Date.now() - t0;
  return {
    url, port, pid: child.pid!, servedMs, child,
    folderUrl: `${url}?folder=${encodeURIComponent(opts.folder)}`,
    log: () => output,
    /** Kills the whole process group: killing only the main pid leaves an extension host behind. */
    stop: async () => {
      if (exited) return;
      killGroup(child.pid!, 'SIGTERM');
      const done = new Promise(r => child.once('exit', r));
      const timer = new Promise(r => setTimeout(r, 5000, 'timeout'));
      if (await Promise.race([done, timer]) === 'timeout') killGroup(child.pid!, 'SIGKILL');
      killGroup(child.pid!, 'SIGKILL'); // leftover extension hosts or server processes in the group
    },
  };
}

export function killGroup(pid: number, signal: NodeJS.Signals = 'SIGTERM'): void {
  try { process.kill(-pid, signal); } catch { /* group already gone */ }
}

/** Removes entries of a cache folder older than `maxAgeMs`: runs that crashed, .vsix files of past test runs. */
export function pruneOld(dir: string, maxAgeMs = 2 * 3600_000): void {
  let names: string[] = [];
  try { names = readdirSync(dir); } catch { return; }
  const now = Date.now();
  for (const n of names) {
    const p = join(dir, n);
    try { if (now - statSync(p).mtimeMs > maxAgeMs) rmSync(p, { recursive: true, force: true }); } catch { /* raced with another run */ }
  }
}

export function removeProfile(profile: Profile): void {
  rmSync(profile.dir, { recursive: true, force: true });
}

