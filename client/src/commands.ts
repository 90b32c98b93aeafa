// The client's own palette commands (category "STAR" in package.json). Features register theirs in their own files.
import * as vscode from 'vscode';
import type { StarClient } from './client.js';
import type { StarLog } from './log.js';

export const Commands = {
  restartServer: 'star.restartServer',
  showServerLog: 'star.showServerLog',
} as const;

export function registerCoreCommands(context: vscode.ExtensionContext, star: StarClient, log: StarLog): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Restarting the STAR language server' },
        () => star.restart());
    }),
    vscode.commands.registerCommand(Commands.showServerLog, () => log.show()),
  );
}
