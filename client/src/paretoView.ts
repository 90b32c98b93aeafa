// "STAR: Show Pareto Front": a webview with the fronts of the .star file's explore items (client/webview/pareto/ draws
// them with uPlot). This side feeds it from the exploration store, follows the active editor, and applies a point:
// the view names the point (exploration and index), the host looks it up in its own copy, asks the server for the
// edit (star/applyExplorePoint), applies it as a WorkspaceEdit and saves, so the simulation on save runs the point.
import * as vscode from 'vscode';
import type { StarClient } from './client.js';
import type { ExplorationResults } from './explorations.js';
import { ApplyExplorePointRequest, Commands, GetExplorationsRequest, RunExplorationRequest, type ExplorationResultParams } from '../../server/src/protocol.js';
import { makeNonce } from '../../server/src/present/nonce.js';
import { fileName } from '../../server/src/present/format.js';
import { paretoPage } from '../webview/pareto/html.js';
import type { ParetoHostToView, ParetoViewToHost } from '../webview/pareto/messages.js';

const VIEW_TYPE = 'star.paretoView';
const isStar = (d: vscode.TextDocument | undefined): d is vscode.TextDocument =>
  !!d && (d.languageId === 'star' || d.uri.path.endsWith('.star'));

class ParetoPanel implements vscode.Disposable {
  private uri: string | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly star: StarClient,
              private readonly store: ExplorationResults, uri: string | undefined) {
    this.uri = uri;
    const webview = panel.webview;
    const asset = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', f)).toString();
    webview.html = paretoPage({ cspSource: webview.cspSource, nonce: makeNonce(), scriptUri: asset('pareto.js'), uplotCssUri: asset('uPlot.min.css') });
    this.disposables.push(
      webview.onDidReceiveMessage((m: ParetoViewToHost) => { void this.onMessage(m); }),
      vscode.window.onDidChangeActiveTextEditor(e => { if (isStar(e?.document)) this.follow(e!.document.uri.toString()); }),
    );
  }

  private post(m: ParetoHostToView): void { if (this.ready) void this.panel.webview.postMessage(m); }

  follow(uri: string): void {
    if (uri === this.uri) return;
    this.uri = uri;
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const uri = this.uri;
    if (!this.ready) return;
    if (!uri) return this.post({ type: 'explorations', fileName: '', params: null, message: 'Open a .star file with an explore item.' });
    const known = this.store.get(uri);
    if (known) return this.post({ type: 'explorations', fileName: fileName(uri), params: known });
    this.post({ type: 'explorations', fileName: fileName(uri), params: null, message: `Waiting for the exploration of ${fileName(uri)}…` });
    try {
      await this.star.whenReady();
      const p = await this.star.client.sendRequest(GetExplorationsRequest, { uri });
      if (uri !== this.uri) return;
      if (p) this.store.set(p);
      else this.post({ type: 'explorations', fileName: fileName(uri), params: null,
        message: `No exploration of ${fileName(uri)} yet: add an explore item and save the file.` });
    } catch (err) {
      this.post({ type: 'explorations', fileName: fileName(uri), params: null,
        message: `The language server did not answer: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  onResult(p: ExplorationResultParams): void { if (p.uri === this.uri) this.post({ type: 'explorations', fileName: fileName(p.uri), params: p }); }

  private async onMessage(m: ParetoViewToHost): Promise<void> {
    if (m?.type === 'ready') { this.ready = true; await this.refresh(); }
    else if (m?.type === 'apply') await this.apply(m.exploration, m.index);
    else if (m?.type === 'reveal') await this.reveal(m.exploration);
  }

  /** The point from the host's own copy (the view only names it), written by the server's edit, then saved. */
  private async apply(name: string, index: number): Promise<void> {
    const uri = this.uri, p = uri ? this.store.get(uri) : undefined;
    const x = p?.explorations.find(e => e.name === name);
    const point = x && [...x.front, ...x.cloud].find(q => q.index === index);
    const fail = (message: string) => { this.post({ type: 'applied', ok: false, message }); void vscode.window.showWarningMessage(`STAR: ${message}`); };
    if (!uri || !p || !x || !point) return fail('That point is no longer in the exploration: save the file to explore again.');
    let res;
    try {
      res = await this.star.client.sendRequest(ApplyExplorePointRequest, { uri, version: p.version, exploration: name, parameters: point.parameters });
    } catch (err) {
      return fail(`The language server did not answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (res?.error || !res?.edits) return fail(res?.error ?? 'The server returned no edit.');
    const edit = new vscode.WorkspaceEdit();
    const target = vscode.Uri.parse(uri);
    for (const e of res.edits) {
      edit.replace(target, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
    }
    if (!await vscode.workspace.applyEdit(edit)) return fail('VS Code did not apply the edit (the file may be read-only).');
    const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri);
    await doc?.save();
    const message = `Applied point #${index} of ${name}: ${(res.summary ?? []).join('; ')}`;
    this.post({ type: 'applied', ok: true, message });
    void vscode.window.setStatusBarMessage(`STAR: ${message}`, 8000);
  }

  private async reveal(name: string): Promise<void> {
    const x = this.uri ? this.store.get(this.uri)?.explorations.find(e => e.name === name) : undefined;
    if (!this.uri || !x) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(this.uri));
    const at = new vscode.Position(x.line, 0);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(at, at) });
  }

  dispose(): void { for (const d of this.disposables) d.dispose(); }
}

/** Registers "STAR: Show Pareto Front" (also the explore line's code lens, with the document's uri as argument). */
export function registerParetoView(context: vscode.ExtensionContext, star: StarClient, store: ExplorationResults): void {
  let panel: ParetoPanel | undefined;
  context.subscriptions.push(store.onDidChange(p => panel?.onResult(p)));
  const lastStar = () => {
    const active = vscode.window.activeTextEditor?.document;
    return isStar(active) ? active : vscode.window.visibleTextEditors.map(e => e.document).find(isStar);
  };
  const uriOf = (arg: unknown) => (typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.toString() : lastStar()?.uri.toString());
  context.subscriptions.push(vscode.commands.registerCommand(Commands.runExploration, async (arg?: unknown) => {
    const uri = uriOf(arg);
    if (!uri) return void vscode.window.showInformationMessage('Open a .star file with an explore item to explore it.');
    await star.whenReady();
    // Progress is the server's (work-done, cancellable); the answer is the state after the run.
    const p = await star.client.sendRequest(RunExplorationRequest, { uri });
    if (p) store.set(p);
    if (p?.error) void vscode.window.showWarningMessage(`STAR: ${p.error}`);
  }));
  context.subscriptions.push(vscode.commands.registerCommand(Commands.showParetoFront, (arg?: unknown) => {
    const uri = uriOf(arg);
    if (panel) {
      panel.panel.reveal(undefined, true);
      if (uri) panel.follow(uri);
      return;
    }
    const webviewPanel = vscode.window.createWebviewPanel(VIEW_TYPE, 'STAR Pareto Front', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
    });
    const p = new ParetoPanel(webviewPanel, context.extensionUri, star, store, uri);
    panel = p;
    webviewPanel.onDidDispose(() => { p.dispose(); if (panel === p) panel = undefined; }, null, context.subscriptions);
  }));
}
