// "STAR: Show Simulation Report": the latest results of a file as a readable page in a webview (the page itself is
// built by server/src/present/report.ts: static HTML, strict CSP with a nonce, names from the file as text).
// Also the entry of the simulation feature on the client: registerSimulation(context, star, status, results).
import * as vscode from 'vscode';
import type { StarClient } from './client.js';
import type { StarStatusBar } from './status.js';
import { registerHeadline } from './headline.js';
import type { SimulationResults } from './results.js';
import { Commands, GetResultsRequest, RunSimulationRequest, type SimulationResultParams } from '../../server/src/protocol.js';
import { reportHtml } from '../../server/src/present/report.js';
import { makeNonce } from '../../server/src/present/nonce.js';
import { fileName } from '../../server/src/present/format.js';

class ReportPanel {
  private static panels = new Map<string, ReportPanel>();
  private readonly panel: vscode.WebviewPanel;
  private renders = 0;

  static show(uri: string, results: SimulationResults, star: StarClient): void {
    const existing = ReportPanel.panels.get(uri);
    if (existing) { existing.panel.reveal(vscode.ViewColumn.Beside); existing.render(results.get(uri)); return; }
    ReportPanel.panels.set(uri, new ReportPanel(uri, results, star));
  }
  static update(p: SimulationResultParams): void { ReportPanel.panels.get(p.uri)?.render(p); }

  private constructor(private readonly uri: string, results: SimulationResults, star: StarClient) {
    this.panel = vscode.window.createWebviewPanel('star.report', `Report: ${fileName(uri)}`, vscode.ViewColumn.Beside,
      { enableScripts: true, localResourceRoots: [] });
    this.panel.onDidDispose(() => ReportPanel.panels.delete(uri));
    this.panel.webview.onDidReceiveMessage(async (m: { command?: string; uri?: string; line?: number; character?: number }) => {
      if (m?.command !== 'reveal' || typeof m.uri !== 'string') return;
      const pos = new vscode.Position(Math.max(0, Number(m.line) || 0), Math.max(0, Number(m.character) || 0));
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(m.uri));
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
    });
    const have = results.get(uri);
    this.render(have);
    if (!have) {
      // Opened before any notification reached us (e.g. after a reload): ask the server.
      void star.client.sendRequest(GetResultsRequest, { uri })
        .then(p => { if (p) results.set(p); }, () => undefined);
    }
  }

  private render(p: SimulationResultParams | undefined): void {
    this.panel.webview.html = reportHtml(p, fileName(this.uri), makeNonce(), this.panel.webview.cspSource, ++this.renders);
  }
}

/** The .star file last in front: commands run from a webview (report, graph) still know which file is meant. */
let lastStarUri: string | undefined;

function targetUri(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) return arg.toString();
  const doc = vscode.window.activeTextEditor?.document;
  if (doc) return doc.languageId === 'star' ? doc.uri.toString() : undefined;
  return lastStarUri;
}

/** The simulation feature on the client: headline in the status bar, report and run commands, on the results store. */
export function registerSimulation(context: vscode.ExtensionContext, star: StarClient, status: StarStatusBar,
                                   results: SimulationResults): void {
  const track = (e: vscode.TextEditor | undefined) => {
    if (e?.document.languageId === 'star') lastStarUri = e.document.uri.toString();
  };
  track(vscode.window.activeTextEditor);
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(track));
  context.subscriptions.push(results.onDidChange(p => ReportPanel.update(p)));
  registerHeadline(context, results, status);
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.showReport, (arg?: unknown) => {
      const uri = targetUri(arg);
      if (!uri) return void vscode.window.showInformationMessage('Open a .star file to see its simulation report.');
      ReportPanel.show(uri, results, star);
    }),
    vscode.commands.registerCommand(Commands.runSimulation, async (arg?: unknown) => {
      const uri = targetUri(arg);
      if (!uri) return void vscode.window.showInformationMessage('Open a .star file to simulate it.');
      await star.whenReady();
      const p = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'STAR: simulating' },
        () => star.client.sendRequest(RunSimulationRequest, { uri }));
      if (p) results.set(p);
      if (p?.error) void vscode.window.showWarningMessage(`STAR: ${p.error}`);
    }),
  );
}
