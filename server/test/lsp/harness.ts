// Talks to the built language server the way an editor does: spawns `node dist/server/server.js --stdio` and
// speaks JSON-RPC through vscode-languageserver-protocol. Cursors in test text are marked with `<|>`, as in
// Langium's test helpers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
} from 'vscode-languageserver-protocol/node.js';
import type {
  InitializeResult, PublishDiagnosticsParams, Diagnostic, Position, Hover, CompletionList, CompletionItem,
  Location, WorkspaceEdit, TextEdit, DocumentSymbol, SemanticTokens, FoldingRange, CodeAction, Command, Range, MarkupContent,
} from 'vscode-languageserver-protocol';

/** The repository root: the nearest directory above the working directory whose package.json is star-studio's. */
export const root = findRoot(process.cwd());
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try { if (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === 'star-studio') return dir; } catch { /* keep looking */ }
    if (dirname(dir) === dir) return from;
  }
}
export const serverJs = join(root, 'dist', 'server', 'server.js');

function newestMtime(dir: string): number {
  let newest = 0;
  let names: string[] = [];
  try { names = readdirSync(dir); } catch { return 0; }
  for (const n of names) {
    const p = join(dir, n);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

/** Builds dist/ when the server bundle is missing or older than its sources (npm test builds first anyway). */
export function ensureBuilt(): void {
  const built = existsSync(serverJs) ? statSync(serverJs).mtimeMs : 0;
  if (built >= newestMtime(join(root, 'server', 'src'))) return;
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
}

/** Text with `<|>` markers -> the text without them and the offsets where they were. */
export function cursors(marked: string): { text: string; offsets: number[] } {
  const parts = marked.split('<|>');
  const offsets: number[] = [];
  let text = parts[0];
  for (const p of parts.slice(1)) { offsets.push(text.length); text += p; }
  return { text, offsets };
}

// Positions count lines as LSP does (\n, \r\n and \r), through the same TextDocument editors' clients use.
/** The offset of the nth (0-based) occurrence of `needle` in `text`; fails the test when there is none. */
export function nthIndex(text: string, needle: string, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`${needle} not in text`);
  return i;
}

export function positionAt(text: string, offset: number): Position {
  return TextDocument.create('file:///x', 'star', 0, text).positionAt(offset);
}
export function offsetAt(text: string, pos: Position): number {
  return TextDocument.create('file:///x', 'star', 0, text).offsetAt(pos);
}
export function rangeText(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}
/** Applies LSP text edits to a text (edits of one document, non-overlapping). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'star', 0, text), edits);
}
/** True when `range` lies inside `text` (lines exist, characters within their line). */
export function rangeInside(text: string, range: Range): boolean {
  const doc = TextDocument.create('file:///x', 'star', 0, text);
  const ok = (p: Position) => p.line >= 0 && p.line < doc.lineCount && p.character >= 0
    && doc.offsetAt(p) === doc.offsetAt({ line: p.line, character: 0 }) + p.character;
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return ok(range.start) && ok(range.end) && before(range.start, range.end);
}

export function sample(name: string): string {
  return readFileSync(join(root, 'samples', name), 'utf8');
}
export function sampleNames(): string[] {
  try { return readdirSync(join(root, 'samples')).filter(n => n.endsWith('.star')).sort(); } catch { return []; }
}
export function uriOf(name: string): string {
  return pathToFileURL(join(root, 'samples', name)).href;
}

export interface StartOptions { debounceMs?: number; args?: string[]; settings?: Record<string, unknown> }

export class LspClient {
  readonly connection: ProtocolConnection;
  readonly proc: ChildProcess;
  readonly logs: string[] = [];
  stderr = '';
  initializeResult!: InitializeResult;
  private versions = new Map<string, number>();
  private texts = new Map<string, string>();
  private fresh = 0;   // documents opened by openMarked
  private published = new Map<string, PublishDiagnosticsParams>();
  /** Every publishDiagnostics received, in order. */
  readonly history: PublishDiagnosticsParams[] = [];
  private waiters: Array<{ uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  exited: Promise<number | null>;

  constructor(opts: StartOptions = {}) {
    this.proc = spawn(process.execPath, [serverJs, ...(opts.args ?? ['--stdio'])], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', d => { this.stderr += String(d); });
    this.exited = new Promise(resolve => this.proc.on('exit', code => resolve(code)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.set(p.uri, p);
      this.history.push(p);
      this.waiters = this.waiters.filter(w => {
        if (w.uri !== p.uri || (w.version !== undefined && p.version !== w.version)) return true;
        w.resolve(p);
        return false;
      });
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => { this.logs.push(p.message); });
    this.connection.listen();
  }

  static async start(opts: StartOptions = {}): Promise<LspClient> {
    const c = new LspClient(opts);
    c.initializeResult = await c.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      capabilities: {
        textDocument: {
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true } },
          rename: { prepareSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          semanticTokens: { requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
        },
      },
      initializationOptions: { ...opts.settings, debounceMs: opts.debounceMs ?? 20 },
    });
    await c.connection.sendNotification('initialized', {});
    return c;
  }

  /** Failures of the language features the server logged (a handler that threw, the language layer crashing). */
  errors(): string[] {
    return this.logs.filter(l => /^(hover|completion|definition|references|prepareRename|rename|documentSymbol|semanticTokens|formatting|foldingRange|codeAction|diagnostics for .*|analysis of .*|onDidAnalyze listener|settings listener) failed|^(uncaught exception|unhandled rejection)/.test(l));
  }

  async open(uri: string, text: string): Promise<number> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'star', version: 1, text } });
    return 1;
  }
  /** Replaces the whole text (as an editor with full sync would); returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }
  /** An incremental edit: replace `range` by `newText`. */
  async edit(uri: string, range: Range, newText: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    const old = this.texts.get(uri) ?? '';
    this.texts.set(uri, applyEdits(old, [{ range, newText }]));
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
    return version;
  }
  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  async save(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri }, text: this.texts.get(uri) });
  }
  text(uri: string): string { return this.texts.get(uri) ?? ''; }
  version(uri: string): number { return this.versions.get(uri) ?? 0; }

  /** Resolves with the diagnostics published for `uri` (for `version` when given; the current version by default). */
  diagnostics(uri: string, version: number | undefined = this.versions.get(uri), timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const have = this.published.get(uri);
    if (have && (version === undefined || have.version === version)) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ uri, version, resolve: p => { clearTimeout(timer); resolve(p); } });
    });
  }
  /** Opens `text` and returns its diagnostics. */
  async openAndDiagnose(uri: string, text: string): Promise<Diagnostic[]> {
    await this.open(uri, text);
    return (await this.diagnostics(uri)).diagnostics;
  }

  private pos(uri: string, position: Position | number): Position {
    return typeof position === 'number' ? positionAt(this.text(uri), position) : position;
  }
  hover(uri: string, at: Position | number): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: this.pos(uri, at) });
  }
  /** Opens `marked` (with `<|>` cursors) as a fresh document NAME-N.star, waits for its diagnostics. */
  async openMarked(marked: string, name: string): Promise<{ uri: string; text: string; offsets: number[] }> {
    const { text, offsets } = cursors(marked);
    const uri = `file:///${name}-${++this.fresh}.star`;
    await this.open(uri, text);
    await this.diagnostics(uri);
    return { uri, text, offsets };
  }
  /** The hover's markdown at a position ('' when none). */
  async hoverText(uri: string, at: Position | number): Promise<string> {
    return ((await this.hover(uri, at))?.contents as MarkupContent | undefined)?.value ?? '';
  }
  async completionLabels(uri: string, at: Position | number): Promise<string[]> {
    return (await this.completion(uri, at)).map(i => i.label);
  }
  async completion(uri: string, at: Position | number): Promise<CompletionItem[]> {
    const r: CompletionList | CompletionItem[] | null = await this.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: this.pos(uri, at) });
    return r === null ? [] : Array.isArray(r) ? r : r.items;
  }
  async definition(uri: string, at: Position | number): Promise<Location[]> {
    const r: Location | Location[] | null = await this.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: this.pos(uri, at) });
    return r === null ? [] : Array.isArray(r) ? r : [r];
  }
  async references(uri: string, at: Position | number, includeDeclaration = true): Promise<Location[]> {
    return (await this.connection.sendRequest('textDocument/references', { textDocument: { uri }, position: this.pos(uri, at), context: { includeDeclaration } })) ?? [];
  }
  prepareRename(uri: string, at: Position | number): Promise<{ range: Range; placeholder: string } | Range | null> {
    return this.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position: this.pos(uri, at) });
  }
  rename(uri: string, at: Position | number, newName: string): Promise<WorkspaceEdit | null> {
    return this.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position: this.pos(uri, at), newName });
  }
  async formatting(uri: string): Promise<TextEdit[]> {
    return (await this.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })) ?? [];
  }
  async documentSymbols(uri: string): Promise<DocumentSymbol[]> {
    return (await this.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) ?? [];
  }
  semanticTokens(uri: string): Promise<SemanticTokens | null> {
    return this.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
  }
  async foldingRanges(uri: string): Promise<FoldingRange[]> {
    return (await this.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) ?? [];
  }
  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<Array<CodeAction | Command>> {
    return (await this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } })) ?? [];
  }

  /** shutdown + exit, as an editor closes the server; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.proc.exitCode !== null) return this.proc.exitCode;
    const timer = setTimeout(() => this.proc.kill(), 5_000);
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch { /* the process may already be gone */ }
    const code = await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}

/** Decodes LSP relative semantic tokens into absolute ones with their type names. */
export function decodeSemanticTokens(data: number[], legend: string[], modifiers: string[] = []):
  Array<{ line: number; character: number; length: number; type: string; modifiers: string[] }> {
  const out = [];
  let line = 0, character = 0;
  for (let i = 0; i + 5 <= data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    const mods = modifiers.filter((_, bit) => (data[i + 4] >> bit) & 1);
    out.push({ line, character, length: data[i + 2], type: legend[data[i + 3]], modifiers: mods });
  }
  return out;
}
