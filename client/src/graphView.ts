// "STAR: Show Graph View": a webview that draws the chip of the .star file in front, coloured by its latest
// simulation result. The webview only renders (client/webview/); this side feeds it results from the client's one
// results store, follows the active editor, reveals the defining line on a click and saves exported SVG.
import * as vscode from 'vscode';
import type { StarClient } from './client.js';
import type { SimulationResults } from './results.js';
import { Commands, GetResultsRequest, type SimulationResultParams, type SourceLink } from '../../server/src/protocol.js';
import { makeNonce } from '../../server/src/present/nonce.js';
import { fileName } from '../../server/src/present/format.js';
import { graphPage } from '../webview/html.js';
import { highlightAt } from '../webview/sourceMap.js';
import type { HostToView, ViewToHost, HighlightTarget } from '../webview/messages.js';

const VIEW_TYPE = 'star.graphView';

const isStar = (d: vscode.TextDocument | undefined): d is vscode.TextDocument =>
  !!d && (d.languageId === 'star' || d.uri.path.endsWith('.star'));

class GraphPanel implements vscode.Disposable {
  private uri: string | undefined;
  private ready = false;
  private lastHighlight = 'null';
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri,
              private readonly star: StarClient, private readonly results: SimulationResults,
              doc: vscode.TextDocument | undefined) {
    this.uri = doc?.uri.toString();
    const webview = panel.webview;
    const nonce = makeNonce();
    const asset = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', f)).toString();
    webview.html = graphPage({ cspSource: webview.cspSource, nonce, scriptUri: asset('graph.js'), elkUri: asset('elk.bundled.js') });
    this.disposables.push(
      webview.onDidReceiveMessage((m: ViewToHost) => { void this.onMessage(m); }),
      vscode.window.onDidChangeActiveTextEditor(e => { if (isStar(e?.document)) this.follow(e!.document); }),
      vscode.window.onDidChangeTextEditorSelection(e => this.onSelection(e)),
      panel.onDidChangeViewState(e => { if (e.webviewPanel.visible) void this.refresh(); }),
    );
  }

  private post(m: HostToView): void { if (this.ready) void this.panel.webview.postMessage(m); }

  follow(doc: vscode.TextDocument): void {
    const uri = doc.uri.toString();
    if (uri === this.uri) return;
    this.uri = uri;
    this.lastHighlight = 'null';
    void this.refresh();
  }

  /** Sends what is known for the current file, asking the server when nothing arrived yet. */
  async refresh(): Promise<void> {
    const uri = this.uri;
    if (!uri || !this.ready) {
      if (!uri) this.post({ type: 'results', fileName: '', params: null, message: 'Open a .star file to see its chip.' });
      return;
    }
    const known = this.results.get(uri);
    if (known) { this.send(known); return; }
    this.post({ type: 'results', fileName: fileName(uri), params: null, message: `Waiting for the simulation of ${fileName(uri)}…` });
    try {
      await Promise.race([this.star.whenReady(), delay(15000)]);
      const p = await this.star.client.sendRequest(GetResultsRequest, { uri });
      if (uri !== this.uri) return;
      // Into the store: its change event draws it here (and the report and headline see it too).
      if (p) { this.results.set(p); if (p.uri !== uri) this.send(p); }
      else this.post({ type: 'results', fileName: fileName(uri), params: null,
        message: `No simulation result for ${fileName(uri)} yet: save the file (or run "STAR: Run Simulation").` });
    } catch (err) {
      if (uri === this.uri) this.post({ type: 'results', fileName: fileName(uri), params: null,
        message: `The language server did not answer with results: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  /** A new result (from the notification) for any file; drawn when it is the file shown. */
  onResult(p: SimulationResultParams): void { if (p.uri === this.uri) this.send(p); }

  private send(p: SimulationResultParams): void {
    this.post({ type: 'results', fileName: fileName(p.uri), params: p });
    const ed = vscode.window.activeTextEditor;
    if (ed && ed.document.uri.toString() === p.uri) this.highlightFor(ed.document, ed.selection.active);
  }

  private onSelection(e: vscode.TextEditorSelectionChangeEvent): void {
    if (e.textEditor.document.uri.toString() !== this.uri) return;
    this.highlightFor(e.textEditor.document, e.selections[0]?.active ?? e.textEditor.selection.active);
  }

  private highlightFor(doc: vscode.TextDocument, pos: vscode.Position): void {
    const p = this.uri ? this.results.get(this.uri) : undefined;
    const lines = doc.getText().split(/\r?\n/);
    let target: HighlightTarget | null = null;
    for (const r of p?.results ?? []) {
      target = highlightAt(lines, doc.uri.toString(), r.chip, { line: pos.line, character: pos.character });
      if (target) break;
    }
    const key = JSON.stringify(target);
    if (key === this.lastHighlight) return;
    this.lastHighlight = key;
    this.post({ type: 'highlight', target });
  }

  private async onMessage(m: ViewToHost): Promise<void> {
    if (m?.type === 'ready') {
      this.ready = true;
      this.lastHighlight = 'null';
      await this.refresh();
    } else if (m?.type === 'reveal') {
      await this.reveal(m.link);
    } else if (m?.type === 'exportSvg') {
      await this.saveSvg(m.svg, m.suggestedName);
    }
  }

  /** Puts the cursor on the definition; only in the file this view shows (the webview is not trusted to name files). */
  private async reveal(link: SourceLink): Promise<void> {
    if (!link || link.uri !== this.uri || !link.range) return;
    const uri = vscode.Uri.parse(link.uri);
    const visible = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === link.uri);
    const doc = visible?.document ?? await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    // The start only: revealing a whole block's range would scroll sideways to its last character.
    const at = new vscode.Position(link.range.start.line, link.range.start.character);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async saveSvg(svg: string, suggestedName: string): Promise<void> {
    if (typeof svg !== 'string' || !svg.startsWith('<svg')) return;
    const name = String(suggestedName || 'graph.svg').replace(/[^\w.-]+/g, '_');
    const base = this.uri ? vscode.Uri.joinPath(vscode.Uri.parse(this.uri), '..', name) : undefined;
    const target = await vscode.window.showSaveDialog({ defaultUri: base, filters: { SVG: ['svg'] }, saveLabel: 'Export SVG' });
    if (!target) { this.post({ type: 'exported', path: null }); return; }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`));
    this.post({ type: 'exported', path: target.fsPath });
  }

  dispose(): void { for (const d of this.disposables) d.dispose(); }
}

const delay = (ms: number) => new Promise<void>(r => setTimeout(r, ms));

/** Registers "STAR: Show Graph View", drawing from the client's results store. */
export function registerGraphView(context: vscode.ExtensionContext, star: StarClient, results: SimulationResults): void {
  let panel: GraphPanel | undefined;
  context.subscriptions.push(results.onDidChange(p => panel?.onResult(p)));
  const lastStar = () => {
    const active = vscode.window.activeTextEditor?.document;
    if (isStar(active)) return active;
    return vscode.window.visibleTextEditors.map(e => e.document).find(isStar);
  };
  context.subscriptions.push(vscode.commands.registerCommand(Commands.showGraph, () => {
    const doc = lastStar();
    if (panel) {
      panel.panel.reveal(undefined, true);
      if (doc) panel.follow(doc);
      return;
    }
    const webviewPanel = vscode.window.createWebviewPanel(VIEW_TYPE, 'STAR Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
    });
    const p = new GraphPanel(webviewPanel, context.extensionUri, star, results, doc);
    panel = p;
    webviewPanel.onDidDispose(() => { p.dispose(); if (panel === p) panel = undefined; }, null, context.subscriptions);
  }));
}
