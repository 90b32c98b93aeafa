// The client's one store of exploration results (issue 14): the latest `star/explorationResult` of each document and
// the answers to `star/getExplorations`. The Pareto view reads it and follows its onDidChange, as the graph view
// follows results.ts.
import * as vscode from 'vscode';
import type { StarClient } from './client.js';
import { ExplorationResultNotification, type ExplorationResultParams } from '../../server/src/protocol.js';

export class ExplorationResults implements vscode.Disposable {
  private readonly latest = new Map<string, ExplorationResultParams>();
  private readonly emitter = new vscode.EventEmitter<ExplorationResultParams>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(star: StarClient) {
    this.subscription = star.onNotification(ExplorationResultNotification, p => this.set(p));
  }

  set(p: ExplorationResultParams): void {
    this.latest.set(p.uri, p);
    this.emitter.fire(p);
  }
  get(uri: string): ExplorationResultParams | undefined { return this.latest.get(uri); }

  dispose(): void { this.subscription.dispose(); this.emitter.dispose(); }
}
