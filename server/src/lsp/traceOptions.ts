// What the checker needs to read traces of a document: the folder of its file (trace paths are relative to it) and
// the file reader. Shared by the main thread's analysis and the simulation worker.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckOptions } from '../language/index.js';
import { fileTraceInspector } from '../sim/functional/trace.js';

export function checkOptionsFor(uri: string): CheckOptions {
  if (!uri.startsWith('file:')) return { traces: fileTraceInspector };     // unsaved: only absolute paths resolve
  try { return { baseDir: dirname(fileURLToPath(uri)), traces: fileTraceInspector }; } catch { return { traces: fileTraceInspector }; }
}
