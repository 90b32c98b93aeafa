// Entry point of the STAR Studio extension. Each feature adds ONE registration line in activate(); the language
// client, the status bar and the log are created here and handed to the features.
import { moduleLoadStart } from './clock.js';
import * as vscode from 'vscode';
import { createStarClient, type StarClient } from './client.js';
import { Commands, registerCoreCommands } from './commands.js';
import { createLog } from './log.js';
import { StarStatusBar, registerServerStatus } from './status.js';
import { registerGraphView } from './graphView.js';
import { registerSimulation } from './report.js';
import { SimulationResults } from './results.js';
import { ExplorationResults } from './explorations.js';
import { registerParetoView } from './paretoView.js';

// Every import above is evaluated by now: the bundle's load time, without VS Code's own work before activate().
const moduleLoadMs = performance.now() - moduleLoadStart;

/** What activate() returns (other extensions and tests reach it with `getExtension(...).exports`). */
export interface StarExtensionApi {
  star: StarClient;
  status: StarStatusBar;
  activationMs: number;
}

/** Written after every activation to globalStorage/activation.json, read by the benchmark and the e2e tests. */
export interface ActivationRecord {
  activationMs: number;     // loading the bundle + running activate(): the time this extension holds the host
  loadMs: number;           // of which loading the bundle (its top level)
  serverReadyMs?: number;   // activate() start -> server answered `initialize`
  version: string;
  at: string;
}

let current: StarClient | undefined;

export function activate(context: vscode.ExtensionContext): StarExtensionApi {
  const t0 = performance.now();
  const log = createLog(context);
  const status = new StarStatusBar(Commands.showServerLog);
  context.subscriptions.push(status);
  const star = createStarClient(context, log);
  current = star;
  context.subscriptions.push(star, star.onDidChangeState(state => status.setServerState(state)));
  registerCoreCommands(context, star, log);
  registerServerStatus(context, star, status);

  // Features: one line each, on the one store of simulation results.
  const results = new SimulationResults(star);
  context.subscriptions.push(results);
  registerGraphView(context, star, results);
  registerSimulation(context, star, status, results);
  const explorations = new ExplorationResults(star);
  context.subscriptions.push(explorations);
  registerParetoView(context, star, explorations);

  // Forking the server happens after activate() returns, so VS Code is not held up by process creation.
  setTimeout(() => void star.start(), 0);
  const activationMs = round(moduleLoadMs + performance.now() - t0);
  const record: ActivationRecord = {
    activationMs, loadMs: round(moduleLoadMs), version: String(context.extension.packageJSON.version), at: new Date().toISOString(),
  };
  log.info(`activated in ${activationMs} ms (module load ${record.loadMs} ms)`);
  void star.whenReady().then(() => {
    record.serverReadyMs = round(performance.now() - t0);
    log.info(`server ready ${record.serverReadyMs} ms after activation`);
    return writeActivationRecord(context, record);
  }).catch(error => log.error('could not write the activation record', error));
  return { star, status, activationMs };
}

export async function deactivate(): Promise<void> {
  await current?.stop();
  current = undefined;
}

async function writeActivationRecord(context: vscode.ExtensionContext, record: ActivationRecord): Promise<void> {
  await vscode.workspace.fs.createDirectory(context.globalStorageUri);
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(context.globalStorageUri, 'activation.json'),
    new TextEncoder().encode(JSON.stringify(record, null, 2)));
}

const round = (ms: number) => Math.round(ms * 10) / 10;
