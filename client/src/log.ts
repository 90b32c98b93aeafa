// The "STAR Language Server" output channel: the server's own log (via the language client) and the client's notes.
import * as vscode from 'vscode';

export const OUTPUT_CHANNEL_NAME = 'STAR Language Server';

export interface StarLog {
  readonly channel: vscode.LogOutputChannel;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  show(): void;
}

export function createLog(context: vscode.ExtensionContext): StarLog {
  // A log channel gives timestamps and levels for free, and the language client writes into the same one.
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  return {
    channel,
    info: message => channel.info(`[client] ${message}`),
    warn: message => channel.warn(`[client] ${message}`),
    error: (message, error) => channel.error(`[client] ${message}${error === undefined ? '' : `: ${describe(error)}`}`),
    show: () => channel.show(true),
  };
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
