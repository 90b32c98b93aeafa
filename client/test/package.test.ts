// `npm run package`: the .vsix holds the bundles and the language files only, is under 2 MB, and its bundles need
// no node_modules (every require is a Node built-in, vscode, or a file inside the .vsix).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { findRoot } from '../../scripts/e2e/codeServer.js';

const root = findRoot();

/** Reads a zip's central directory: name -> { method, compressed size, local header offset }. */
function readZip(buf: Buffer): Map<string, Buffer> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'broken central directory');
    const method = buf.readUInt16LE(at + 10), size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28), extraLen = buf.readUInt16LE(at + 30), commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    files.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

test('npm run package makes a .vsix under 2 MB with only bundles, language files and docs', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'star-vsix-'));
  try {
    const out = join(dir, 'star-studio.vsix');
    const r = spawnSync(process.execPath, [join(root, 'scripts/package.mjs'), '--out', out], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, `package failed:\n${r.stdout}\n${r.stderr}`);
    const buf = readFileSync(out);
    assert.ok(buf.length < 2 * 1024 * 1024, `.vsix is ${buf.length} bytes`);
    const files = readZip(buf);
    const names = [...files.keys()];
    for (const must of ['extension/package.json', 'extension/dist/client/extension.js', 'extension/dist/server/server.js',
      'extension/grammar/star.tmLanguage.json', 'extension/grammar/language-configuration.json', 'extension/snippets/star.json',
      'extension/images/icon.png']) {
      assert.ok(names.includes(must), `${must} is missing from the .vsix`);
    }
    for (const name of names) {
      assert.doesNotMatch(name, /(^|\/)node_modules\/|\.ts$|\.map$|^extension\/(client|server|test|bench|scripts|samples|\.cache|test-artifacts)\//,
        `${name} should not be in the .vsix`);
    }
    // Node bundles may require only Node built-ins and vscode (no node_modules beside the extension). The webview's
    // files run in the browser (elkjs's optional require('web-worker') is never reached there).
    const allowed = new Set([...builtinModules, ...builtinModules.map(m => `node:${m}`), 'vscode']);
    for (const name of names.filter(n => /^extension\/dist\/(client|server)\/.*\.js$/.test(n))) {
      const code = files.get(name)!.toString('utf8');
      const requires = [...code.matchAll(/\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g)].map(m => m[1]);
      const outside = [...new Set(requires.filter(m => !allowed.has(m)))];
      assert.deepEqual(outside, [], `${name} requires packages that are not in the .vsix: ${outside.join(', ')}`);
    }
    const manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
    assert.equal(manifest.main, './dist/client/extension.js');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
