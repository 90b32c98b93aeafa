// The server starts as editors start it (stdio, Node IPC, the star-language-server bin), advertises its features
// and shuts down cleanly.
import test from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node.js';
import type { InitializeResult } from 'vscode-languageserver-protocol';
import { LspClient, ensureBuilt, root, serverJs } from './harness.js';

test.before(() => ensureBuilt());

test('stdio: initialize advertises every feature, shutdown + exit ends the process with code 0', async () => {
  const c = await LspClient.start();
  const caps = c.initializeResult.capabilities;
  assert.equal(c.initializeResult.serverInfo?.name, 'star-language-server');
  for (const k of ['hoverProvider', 'completionProvider', 'definitionProvider', 'referencesProvider', 'renameProvider',
    'documentSymbolProvider', 'semanticTokensProvider', 'documentFormattingProvider', 'foldingRangeProvider', 'codeActionProvider'] as const) {
    assert.ok(caps[k], `capability ${k} missing`);
  }
  assert.deepEqual(caps.renameProvider, { prepareProvider: true });
  assert.ok(caps.semanticTokensProvider && 'legend' in caps.semanticTokensProvider && caps.semanticTokensProvider.legend.tokenTypes.includes('keyword'));
  assert.equal(await c.stop(), 0);
  assert.deepEqual(c.errors(), []);
});

test('node-ipc: the transport the VS Code client uses', async () => {
  const child = fork(serverJs, ['--node-ipc'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const conn = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  conn.listen();
  const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
  const init: InitializeResult = await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  assert.ok(init.capabilities.hoverProvider);
  await conn.sendNotification('initialized', {});
  const diagnostics = new Promise<{ uri: string }>(resolve => conn.onNotification('textDocument/publishDiagnostics', resolve));
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///ipc.star', languageId: 'star', version: 1, text: 'core {' } });
  assert.equal((await diagnostics).uri, 'file:///ipc.star');
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  assert.equal(await exited, 0);
  conn.dispose();
});

test('star-language-server bin: --version, --help, and stdio without a flag', async () => {
  const bin = join(root, 'dist', 'server', 'star-language-server.js');
  const run = (args: string[]) => new Promise<string>((resolve, reject) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd: root });
    let out = '';
    p.stdout.on('data', d => { out += String(d); });
    p.on('error', reject);
    p.on('exit', () => resolve(out));
  });
  assert.match(await run(['--version']), /^\d+\.\d+\.\d+\n$/);
  assert.match(await run(['--help']), /--stdio/);
  // No transport flag: Neovim-style stdio.
  const p = spawn(process.execPath, [bin], { cwd: root });
  const conn = createProtocolConnection(new StreamMessageReader(p.stdout), new StreamMessageWriter(p.stdin));
  conn.listen();
  const exited = new Promise<number | null>(resolve => p.on('exit', code => resolve(code)));
  const init: InitializeResult = await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  assert.ok(init.capabilities.completionProvider);
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  assert.equal(await exited, 0);
  conn.dispose();
});

test('a request for a document that is not open answers empty, not an error', async () => {
  const c = await LspClient.start();
  try {
    const uri = 'file:///never-opened.star';
    assert.equal(await c.hover(uri, { line: 0, character: 0 }), null);
    assert.deepEqual(await c.references(uri, { line: 0, character: 0 }), []);
    assert.deepEqual(await c.formatting(uri), []);
    assert.deepEqual(await c.documentSymbols(uri), []);
  } finally {
    await c.stop();
  }
});
