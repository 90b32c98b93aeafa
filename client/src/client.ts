// Starts the bundled STAR language server over IPC and keeps it alive: restarts it when it dies (a limited number of
// times, with a visible message) and publishes its state for the status bar and for the other features.
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, RevealOutputChannelOn, State, TransportKind,
  type CloseHandlerResult, type ErrorHandler, type NotificationType, type ErrorHandlerResult, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node.js';
import { describe, type StarLog } from './log.js';
import { NotificationHub } from './notifications.js';
import { RestartPolicy } from './restartPolicy.js';
import { Commands } from './commands.js';

export const LANGUAGE_ID = 'star';
export const CLIENT_ID = 'star';               // settings `star.trace.server` are read by the client under this id
export const CLIENT_NAME = 'STAR Language Server';
/** Restarts allowed within RESTART_WINDOW_MS before the client gives up and asks the user. */
export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

export type ServerState = 'starting' | 'ready' | 'error' | 'stopped';

/** What the other features get: the running LanguageClient and its state. */
export interface StarClient extends vscode.Disposable {
  readonly client: LanguageClient;
  readonly state: ServerState;
  readonly onDidChangeState: vscode.Event<ServerState>;
  /**
   * Subscribes to a server notification. Unlike `client.onNotification`, which keeps ONE handler per method (a second
   * registration replaces the first), every subscriber is called. Survives server restarts.
   */
  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): vscode.Disposable;
  /** Resolves once the server answered `initialize` (immediately if it already has). */
  whenReady(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function createStarClient(context: vscode.ExtensionContext, log: StarLog): StarClient {
  const module = context.asAbsolutePath('dist/server/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const stateEmitter = new vscode.EventEmitter<ServerState>();
  let state: ServerState = 'stopped';
  const setState = (next: ServerState) => {
    if (next === state) return;
    state = next;
    log.info(`server ${next}`);
    stateEmitter.fire(next);
  };
  const policy = new RestartPolicy(MAX_RESTARTS, RESTART_WINDOW_MS);
  let stopping = false;
  let restarting = false;   // between a crash and the automatic restart the client passes through Stopped

  const errorHandler: ErrorHandler = {
    error(error, _message, count): ErrorHandlerResult {
      log.error(`connection error (${count ?? 1})`, error);
      // A few broken messages are survivable; a stream of them means the server is gone.
      return (count ?? 1) <= 3 ? { action: ErrorAction.Continue, handled: true } : { action: ErrorAction.Shutdown, handled: true };
    },
    closed(): CloseHandlerResult {
      if (stopping) return { action: CloseAction.DoNotRestart, handled: true };
      const decision = policy.onCrash();
      if (decision.restart) {
        log.warn(decision.message);
        restarting = true;
        setState('starting');
        void vscode.window.showWarningMessage(decision.message, 'Show Log').then(pick => { if (pick) log.show(); });
        return { action: CloseAction.Restart, handled: true };
      }
      log.error(decision.message);
      setState('error');
      void vscode.window.showErrorMessage(decision.message, 'Show Log', 'Restart').then(pick => {
        if (pick === 'Show Log') log.show();
        if (pick === 'Restart') void vscode.commands.executeCommand(Commands.restartServer);
      });
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };

  const watcher = vscode.workspace.createFileSystemWatcher('**/*.star');
  // traces (data = trace { ... }): a changed .npy file re-checks and re-simulates the designs that read it
  const traceWatcher = vscode.workspace.createFileSystemWatcher('**/*.npy');
  context.subscriptions.push(watcher, traceWatcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: LANGUAGE_ID }, { scheme: 'untitled', language: LANGUAGE_ID }],
    synchronize: { configurationSection: 'star', fileEvents: [watcher, traceWatcher] },
    outputChannel: log.channel,
    errorHandler,
    // The status bar and the restart message tell the user; no pop-up for every log line.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  const stateSub = client.onDidChangeState(e => {
    if (e.newState === State.Starting) setState('starting');
    else if (e.newState === State.Running) { restarting = false; setState('ready'); }
    else if (e.newState === State.Stopped && !restarting && state !== 'error') setState(stopping ? 'stopped' : 'error');
  });

  const hub = new NotificationHub(client, (method, error) => log.error(`a handler of ${method} failed`, error));
  const onNotification = <P>(type: NotificationType<P>, handler: (params: P) => void): vscode.Disposable => {
    const sub = hub.subscribe(type.method, handler);
    return new vscode.Disposable(() => sub.dispose());
  };

  const whenReady = () => new Promise<void>(resolve => {
    if (state === 'ready') return resolve();
    const sub = stateEmitter.event(s => { if (s === 'ready') { sub.dispose(); resolve(); } });
  });

  const start = async () => {
    stopping = false;
    setState('starting');
    try {
      await client.start();
    } catch (error) {
      log.error('the language server did not start', error);
      setState('error');
      void vscode.window.showErrorMessage(`The STAR language server did not start: ${describe(error)}`, 'Show Log')
        .then(pick => { if (pick) log.show(); });
    }
  };

  const stop = async () => {
    stopping = true;
    try { if (client.state === State.Running) await client.stop(); } catch (error) { log.error('stopping the server failed', error); }
    setState('stopped');
  };

  const restart = async () => {
    policy.reset();  // a manual restart starts a fresh crash budget
    log.info('restart requested');
    await stop();
    await start();
  };

  return {
    client,
    get state() { return state; },
    onDidChangeState: stateEmitter.event,
    onNotification, whenReady, start, restart, stop,
    dispose: () => { stateSub.dispose(); stateEmitter.dispose(); },
  };
}
