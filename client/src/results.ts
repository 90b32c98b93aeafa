// The client's one store of simulation results: the latest state of each document, from `star/simulationResult`
// and from the answers to `star/runSimulation` and `star/getResults`. The headline, the report and the graph view
// read it and follow its onDidChange; none keeps results of its own.
import * as vscode from 'vscode';
import type { StarClient } from './client.js';
import { SimulationResultNotification, type SimulationResultParams } from '../../server/src/protocol.js';

/** The latest simulation state of each document (subscribed through the client's notification hub). */
export class SimulationResults implements vscode.Disposable {
  private readonly latest = new Map<string, SimulationResultParams>();
  private readonly emitter = new vscode.EventEmitter<SimulationResultParams>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(star: StarClient) {
    this.subscription = star.onNotification(SimulationResultNotification, p => this.set(p));
  }

  set(p: SimulationResultParams): void {
    this.latest.set(p.uri, p);
    this.emitter.fire(p);
  }
  get(uri: string): SimulationResultParams | undefined { return this.latest.get(uri); }

  dispose(): void { this.subscription.dispose(); this.emitter.dispose(); }
}
