// What the server is doing, from `star/serverStatus`, as the status bar item shows it: a spinner and "simulating
// <file>" while a run is on, the server's message in red after an error, nothing extra (the headline) when ready.
// Plain code (no vscode import) so client/test checks it; status.ts renders the view.
import type { ServerStatusParams } from '../../server/src/protocolTypes.js';
import { fileName } from '../../server/src/present/format.js';

/** What the status bar item shows instead of the server-state icon and the headline. */
export interface ActivityView {
  icon: string;             // codicon syntax, ours (never built from server text)
  text: string;             // one line, safe for a status bar label
  tooltip: string;          // plain text (shown as a string, never as Markdown)
  severity?: 'error';
}

/** Longest label text from the server; the tooltip has it in full. */
export const MAX_LABEL = 60;
const MAX_TOOLTIP = 2000;

/**
 * Server text made safe for a status bar label: `$(name)` would render as an icon, so every `$` right before a `(`
 * goes (a run of them too, or removing one would expose the next); line breaks and control characters become spaces.
 */
export function plainLabel(text: string, max = MAX_LABEL): string {
  const one = stripIcons(text).replace(/[\u0000-\u001f\u007f\u2028\u2029\s]+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** `$(` icon syntax removed; line breaks kept (for tooltips). */
export function stripIcons(text: string): string {
  return text.replace(/\$+(?=\()/g, '');
}

/** The file name of a document URI, decoded, as a safe label ("a file" when there is none). */
export function fileLabel(uri: string | undefined): string {
  if (!uri) return 'a file';
  return plainLabel(fileName(uri)) || 'a file';
}

const STATES = new Set(['ready', 'simulating', 'error']);

/** The runs in progress (per document) and the last error, as told by the server. */
export class ServerActivity {
  private readonly running = new Map<string, number>();   // uri ('' = unnamed) -> order it started in
  private error: { message: string; uri?: string } | undefined;
  private started = 0;

  /** Applies one `star/serverStatus`; false when it was malformed (ignored). */
  update(p: ServerStatusParams): boolean {
    if (!p || typeof p !== 'object' || !STATES.has(p.state)) return false;
    const uri = typeof p.uri === 'string' ? p.uri : undefined;
    const key = uri ?? '';
    if (p.state === 'simulating') {
      this.running.delete(key);   // a new run of the same file moves to the front
      this.running.set(key, ++this.started);
    } else if (uri === undefined) {
      this.running.clear();       // a server-wide ready/error ends every run we know of
    } else {
      this.running.delete(key);
    }
    // A newer word about the failed file (or any word after a server-wide error) replaces the error.
    if (this.error && (this.error.uri === undefined || this.error.uri === uri)) this.error = undefined;
    if (p.state === 'error') {
      const message = typeof p.message === 'string' && p.message.trim() ? p.message : 'the simulation failed';
      this.error = { message, uri };
    }
    return true;
  }

  /** Forgets a document (closed in the editor: its run, if any, will not report). */
  forget(uri: string): void {
    this.running.delete(uri);
    if (this.error?.uri === uri) this.error = undefined;
  }

  /** Forgets everything (the server stopped or restarted: its runs ended with it). */
  reset(): void {
    this.running.clear();
    this.error = undefined;
  }

  get simulating(): boolean { return this.running.size > 0; }

  view(): ActivityView | undefined {
    if (this.running.size) {
      const byStart = [...this.running].sort((a, b) => b[1] - a[1]).map(([uri]) => fileLabel(uri || undefined));
      const more = byStart.length > 1 ? ` (+${byStart.length - 1})` : '';
      return {
        icon: '$(sync~spin)',
        text: `simulating ${byStart[0]}${more}`,
        tooltip: `STAR: simulating ${byStart.join(', ')}`,
      };
    }
    if (this.error) {
      const file = this.error.uri === undefined ? '' : ` of ${fileLabel(this.error.uri)}`;
      const full = stripIcons(this.error.message);
      return {
        icon: '$(error)',
        text: plainLabel(this.error.message),
        tooltip: `STAR: the simulation${file} failed:\n${full.length > MAX_TOOLTIP ? `${full.slice(0, MAX_TOOLTIP - 1)}…` : full}`,
        severity: 'error',
      };
    }
    return undefined;
  }
}
