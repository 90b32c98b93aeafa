// The extension manifest (package.json) against what the client really registers and ships.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findRoot } from '../../scripts/e2e/codeServer.js';

const root = findRoot();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const clientSources = readdirSync(join(root, 'client/src')).filter(f => f.endsWith('.ts'))
  .map(f => readFileSync(join(root, 'client/src', f), 'utf8')).join('\n');

test('activates on .star files, listed explicitly (an empty list never activated in code-server)', () => {
  assert.ok(pkg.activationEvents.includes('onLanguage:star'));
  const star = pkg.contributes.languages.find((l: { id: string }) => l.id === 'star');
  assert.ok(star, 'language "star" is contributed');
  assert.deepEqual(star.extensions, ['.star']);
});

test('every file the manifest points at exists', () => {
  const c = pkg.contributes;
  const paths: string[] = [pkg.icon, ...c.languages.map((l: { configuration: string }) => l.configuration),
    ...c.grammars.map((g: { path: string }) => g.path), ...c.snippets.map((s: { path: string }) => s.path)];
  for (const p of paths) assert.ok(existsSync(join(root, p)), `${p} is referenced by package.json but missing`);
});

test('the grammar is the one the manifest names (scope source.star)', () => {
  const g = pkg.contributes.grammars[0];
  assert.equal(g.scopeName, 'source.star');
  assert.equal(JSON.parse(readFileSync(join(root, g.path), 'utf8')).scopeName, 'source.star');
});

test('every contributed command is implemented by the client and sits in the STAR category', () => {
  for (const cmd of pkg.contributes.commands as Array<{ command: string; title: string; category: string }>) {
    assert.equal(cmd.category, 'STAR', `${cmd.command} is in category "${cmd.category}"`);
    assert.ok(clientSources.includes(`'${cmd.command}'`), `${cmd.command} is contributed but client/src never names it`);
    assert.ok(cmd.title.length > 0 && !cmd.title.startsWith('STAR'), `${cmd.command}: the category already says STAR`);
  }
  const ids = pkg.contributes.commands.map((c: { command: string }) => c.command);
  assert.ok(ids.includes('star.restartServer') && ids.includes('star.showServerLog'));
});

test('settings live under star.* and star.trace.server has the client\'s trace levels', () => {
  const props = pkg.contributes.configuration.properties;
  for (const key of Object.keys(props)) assert.match(key, /^star\./);
  assert.deepEqual(props['star.trace.server'].enum, ['off', 'messages', 'verbose']);
  assert.equal(props['star.trace.server'].default, 'off');
});

test('marketplace fields are filled', () => {
  for (const key of ['name', 'displayName', 'description', 'version', 'publisher', 'license', 'icon', 'repository']) {
    assert.ok(pkg[key], `package.json has no ${key}`);
  }
  assert.ok(pkg.categories.includes('Programming Languages'));
  assert.ok(existsSync(join(root, 'LICENSE')));
  assert.match(readFileSync(join(root, 'LICENSE'), 'utf8'), /^MIT License/);
  for (const s of ['start', 'package', 'vscode:prepublish']) assert.ok(pkg.scripts[s], `script ${s} missing`);
});

test('the icon is a 128x128 PNG', () => {
  const png = readFileSync(join(root, pkg.icon));
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.equal(png.readUInt32BE(16), 128);
  assert.equal(png.readUInt32BE(20), 128);
});

test('a snippet for each top-level block, each with a prefix, a body and a description', () => {
  const snippets = JSON.parse(readFileSync(join(root, 'snippets/star.json'), 'utf8')) as Record<string, { prefix: string; body: string[]; description: string }>;
  const prefixes = Object.values(snippets).map(s => s.prefix);
  for (const block of ['technology', 'workload', 'core', 'chip', 'mapping', 'simulate']) {
    assert.ok(prefixes.includes(block), `no snippet for "${block}"`);
  }
  for (const [name, s] of Object.entries(snippets)) {
    assert.ok(s.prefix && s.description && Array.isArray(s.body) && s.body.length, `snippet "${name}" is incomplete`);
  }
});

test('.vscodeignore keeps sources, tests, caches and node_modules out of the .vsix', () => {
  const lines = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').map(l => l.trim());
  for (const p of ['node_modules/**', '**/*.ts', '**/*.map', '.cache/**', 'test/**', 'client/**', 'server/**', 'test-artifacts/**']) {
    assert.ok(lines.includes(p), `.vscodeignore does not exclude ${p}`);
  }
});
