// The canonical layout of a .star file: 2-space indentation by bracket depth, one space around `=`, single spaces
// between tokens, one space before `{` and before a trailing comment, at most one blank line, one final newline.
// Works on the tolerant scanner's tokens, so it formats half-typed files too, keeps every comment and string as
// written, and is idempotent (formatting its own output changes nothing).
import { scan, type ScanToken } from './scan.js';

export const indentUnit = '  ';
const openers = new Set(['{', '[', '(']);
const closers = new Set(['}', ']', ')']);
/** Spaced on both sides: partitions (->) and explore constraints (area <= 12 mm2). */
const comparisons = new Set(['->', '<=', '>=', '<', '>']);

export function formatStar(text: string): string {
  const tokens = scan(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // Split into physical lines; a block comment that spans lines keeps its inner lines verbatim.
  const lines: ScanToken[][] = [[]];
  for (const t of tokens) {
    if (t.kind === 'newline') { lines.push([]); continue; }
    lines[lines.length - 1].push(t);
  }
  const out: string[] = [];
  let depth = 0;
  let blankRun = 0;
  for (const line of lines) {
    const toks = line.filter(t => t.kind !== 'space');
    if (toks.length === 0) {
      blankRun++;
      continue;
    }
    if (out.length > 0 && blankRun > 0) out.push('');
    blankRun = 0;
    let leadingClosers = 0;
    for (const t of toks) { if (closers.has(t.text)) leadingClosers++; else break; }
    const indent = indentUnit.repeat(Math.max(0, depth - leadingClosers));
    out.push(indent + joinTokens(toks));
    for (const t of toks) {
      if (openers.has(t.text)) depth++;
      else if (closers.has(t.text)) depth = Math.max(0, depth - 1);
    }
  }
  const body = out.join(eol).split('\n').map(l => l.replace(/[ \t]+(\r?)$/, '$1')).join('\n');
  if (body.length === 0) return '';
  // A block comment left open runs to the end of the file: a final newline would become part of it.
  const last = tokens.filter(t => t.kind !== 'space' && t.kind !== 'newline').pop();
  if (last?.kind === 'blockComment' && !(last.text.length >= 4 && last.text.endsWith('*/'))) return body.trimEnd();
  return body + eol;
}

function joinTokens(toks: ScanToken[]): string {
  let s = '';
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    // A block comment's inner lines are kept exactly; only its first line is placed.
    const text = t.kind === 'blockComment' ? t.text.replace(/[ \t]+(\r?\n)/g, '$1') : t.text;
    if (i > 0) s += separator(toks[i - 1], t);
    s += text;
  }
  return s;
}

/** The space between two adjacent tokens of one line in canonical layout. */
function separator(prev: ScanToken, next: ScanToken): string {
  if (next.kind === 'lineComment' || next.kind === 'blockComment') return ' ';
  if (prev.kind === 'blockComment') return ' ';
  if (prev.text === '=' || next.text === '=') return ' ';
  if (next.text === '{') return ' ';
  if (prev.text === '{' || next.text === '}') return ' ';
  if (prev.text === '}') return next.text === ',' ? '' : ' ';
  if (next.text === ',') return '';
  if (prev.text === ',') return ' ';
  if (comparisons.has(prev.text) || comparisons.has(next.text)) return ' ';
  if (prev.text === '.' || next.text === '.') return wasAdjacent(prev, next) ? '' : ' ';
  return wasAdjacent(prev, next) ? '' : ' ';
}
function wasAdjacent(prev: ScanToken, next: ScanToken): boolean { return prev.end === next.start; }
