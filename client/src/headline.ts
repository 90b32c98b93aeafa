// The simulation headline of the file in front, shown in the extension's status bar item (StarStatusBar.setDetail);
// a click opens the report. It reads the client's one results store (results.ts).
import * as vscode from 'vscode';
import type { StarStatusBar } from './status.js';
import type { SimulationResults } from './results.js';
import { Commands, type SimulationResultParams } from '../../server/src/protocol.js';
import { headline } from '../../server/src/present/headline.js';
import { breakdownMarkdown } from '../../server/src/present/breakdown.js';
import { FollowedFile } from './followedFile.js';

/** Text for the status bar: the first simulation's headline, marked when stale or when the file did not simulate. */
export function statusText(p: SimulationResultParams | undefined): { text: string; tooltip: string; severity?: 'warning' } | undefined {
  if (!p) return undefined;
  const first = p.results[0]?.simulation;
  if (!first) {
    if (p.running) return { text: '$(sync~spin) simulating…', tooltip: 'A simulation of this file is running.' };
    return p.error ? { text: '$(warning) not simulated', tooltip: p.error, severity: 'warning' } : undefined;
  }
  const more = p.results.length > 1 ? ` (+${p.results.length - 1})` : '';
  const icon = p.running ? '$(sync~spin) ' : p.stale ? '$(history) ' : '$(pulse) ';
  const text = `${icon}${headline(first)}${more}`;
  const tooltip = [p.running ? 'A newer simulation is running.' : '', p.stale ? '**Stale**: the last good results; the file changed or has errors since.' : '',
    p.error ?? '', breakdownMarkdown(first, { stale: p.stale }), 'Click to open the simulation report.'].filter(Boolean).join('\n\n');
  return { text, tooltip, severity: p.error && p.stale ? 'warning' : undefined };
}

export function registerHeadline(context: vscode.ExtensionContext, results: SimulationResults, status: StarStatusBar): void {
  const followed = new FollowedFile();
  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    // Focus in a webview (the report, the graph, the Pareto view) leaves no text editor in front: the headline stays
    // that of the file last in front, and follows its new results (a point applied from the Pareto view).
    followed.onActive(doc && { uri: doc.uri.toString(), isStar: doc.languageId === 'star' });
    const uri = followed.uri;
    const s = uri ? statusText(results.get(uri)) : undefined;
    status.setDetail(s && { ...s, command: Commands.showReport });
  };
  context.subscriptions.push(
    results.onDidChange(p => { if (followed.concerns(p.uri)) update(); }),
    vscode.window.onDidChangeActiveTextEditor(update),
  );
  update();
}
