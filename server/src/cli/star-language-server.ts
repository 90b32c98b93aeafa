// `star-language-server --stdio`: the STAR language server for any LSP editor (Neovim, Emacs, Helix, ...).
// Without a transport flag it speaks over stdio, which is what those editors expect.
import { startServer, serverName, serverVersion } from '../lsp/main.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${serverName} ${serverVersion}: language server for STAR accelerator designs (.star files)

Usage: star-language-server [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]

  --stdio        talk LSP over stdin/stdout (the default)
  --node-ipc     talk LSP over Node IPC (when started by a Node client with an IPC channel)
  --socket=PORT  connect to a client listening on TCP PORT
  --version      print the version

Settings (initializationOptions or the "star" configuration section):
  debounceMs     quiet time after a change before diagnostics are published (default 150)
`);
  process.exit(0);
}
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${serverVersion}\n`);
  process.exit(0);
}
if (!args.some(a => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}
startServer();
