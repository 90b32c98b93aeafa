// The status bar item: the language server's state, what it is doing (`star/serverStatus`: a spinner while a
// simulation runs, an error in red) and, when idle, the latest headline (from the simulation feature).
import * as vscode from 'vscode';
import type { ServerState, StarClient } from './client.js';
import { ServerActivity } from './serverActivity.js';
import { ServerStatusNotification, type ServerStatusParams } from '../../server/src/protocol.js';

export const STATUS_ITEM_ID = 'star.status';

/** What a feature may show next to the server state, e.g. the simulation headline "1.9 ms · 41 TOPS/W". */
export interface StatusDetail {
  text: string;
  tooltip?: string;
  command?: string;
  severity?: 'info' | 'warning' | 'error';
}

const ICONS: Record<ServerState, string> = {
  starting: '$(sync~spin)',
  ready: '$(check)',
  error: '$(error)',
  stopped: '$(circle-slash)',
};

const TOOLTIPS: Record<ServerState, string> = {
  starting: 'STAR language server: starting',
  ready: 'STAR language server: ready',
  error: 'STAR language server: stopped after an error. Click to see its log.',
  stopped: 'STAR language server: stopped',
};

export class StarStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: ServerState = 'starting';
  private message: string | undefined;
  private detail: StatusDetail | undefined;
  private readonly activity = new ServerActivity();

  constructor(showLogCommand: string) {
    this.item = vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'STAR Language Server';
    this.defaultCommand = showLogCommand;
    this.render();
    this.item.show();
  }

  private readonly defaultCommand: string;

  get serverState(): ServerState { return this.state; }

  setServerState(state: ServerState, message?: string): void {
    // Runs end with the server that ran them; a restarted server reports afresh.
    if (state !== 'ready') this.activity.reset();
    this.state = state;
    this.message = message;
    this.render();
  }

  /** Shown after the state while the server is ready; `undefined` clears it. */
  setDetail(detail: StatusDetail | undefined): void {
    this.detail = detail;
    this.render();
  }

  /** A `star/serverStatus` from the server (see registerServerStatus). */
  setServerActivity(params: ServerStatusParams): void {
    if (this.activity.update(params)) this.render();
  }

  /** The document closed: a run of it that never reports must not leave the spinner on. */
  forgetDocument(uri: string): void {
    this.activity.forget(uri);
    this.render();
  }

  private render(): void {
    const activity = this.state === 'ready' ? this.activity.view() : undefined;
    if (activity) {
      // Server text: a plain-string tooltip (a MarkdownString would interpret it); the label is made icon-free.
      this.item.text = `${activity.icon} STAR ${activity.text}`;
      this.item.tooltip = activity.tooltip;
      this.item.command = activity.severity === 'error' ? this.defaultCommand : this.detail?.command ?? this.defaultCommand;
      this.item.backgroundColor = activity.severity === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
      this.item.accessibilityInformation = { label: `${TOOLTIPS[this.state]}, ${activity.text}` };
      return;
    }
    const detail = this.state === 'ready' ? this.detail : undefined;
    this.item.text = `${ICONS[this.state]} STAR${detail ? ` ${detail.text}` : ''}`;
    const tooltip = [TOOLTIPS[this.state], this.message, detail?.tooltip].filter(Boolean).join('\n\n');
    this.item.tooltip = new vscode.MarkdownString(tooltip);
    this.item.command = detail?.command ?? this.defaultCommand;
    const severity = this.state === 'error' ? 'error' : detail?.severity;
    this.item.backgroundColor = severity === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : severity === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = { label: `${TOOLTIPS[this.state]}${detail ? `, ${detail.text}` : ''}` };
  }

  dispose(): void { this.item.dispose(); }
}

/** Shows the server's `star/serverStatus` in the status bar item (through the client's notification hub). */
export function registerServerStatus(context: vscode.ExtensionContext, star: StarClient, status: StarStatusBar): void {
  context.subscriptions.push(
    star.onNotification(ServerStatusNotification, p => status.setServerActivity(p)),
    vscode.workspace.onDidCloseTextDocument(doc => status.forgetDocument(doc.uri.toString())),
  );
}
