// The status bar item: the language server's state, and (from the simulation feature) the latest headline.
import * as vscode from 'vscode';
import type { ServerState } from './client.js';

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
    this.state = state;
    this.message = message;
    this.render();
  }

  /** Shown after the state while the server is ready; `undefined` clears it. */
  setDetail(detail: StatusDetail | undefined): void {
    this.detail = detail;
    this.render();
  }

  private render(): void {
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
