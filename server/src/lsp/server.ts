// The bundled language server (dist/server/server.js): `node server.js --stdio` or `--node-ipc` (the VS Code client).
import { startServer } from './main.js';

startServer();
