// The client's own palette commands (category "STAR" in package.json). Features register theirs in their own files;
// every id comes from the one Commands object of the protocol, which the server's code lenses use too.
import * as vscode from 'vscode';
import type { StarClient } from './client.js';
import type { StarLog } from './log.js';
import { Commands, type CommandId } from '../../server/src/protocol.js';

export { Commands };

/**
 * The ids package.json contributes, spelled out (client/test/manifest.test.ts looks for each in client/src). The
 * compiler ties the list to Commands: a misspelt id does not type-check, and neither does a missing one.
 */
export const contributedCommands = [
  'star.restartServer', 'star.showServerLog', 'star.showGraph', 'star.runSimulation', 'star.showReport', 'star.showParetoFront', 'star.runExploration',
] as const satisfies readonly CommandId[];
const everyCommandListed: Exclude<CommandId, typeof contributedCommands[number]> extends never ? true : never = true;
void everyCommandListed;

export function registerCoreCommands(context: vscode.ExtensionContext, star: StarClient, log: StarLog): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Restarting the STAR language server' },
        () => star.restart());
    }),
    vscode.commands.registerCommand(Commands.showServerLog, () => log.show()),
  );
}
