// Where the cursor is, for completion, worked out from the tolerant scanner so it works on half-typed text the
// parser cannot make sense of yet: which block it is in (as a schema path), what the current statement says so
// far, and which fields the block already has.
import { scan, type ScanToken } from './scan.js';
import type { BlockPath } from './schemaLookup.js';

export const topKeywords = ['technology', 'workload', 'core', 'chip', 'mapping', 'simulate', 'explore'] as const;

export interface CompletionContext {
  /** The partial word being typed (replaced by the completion) and where it starts. */
  prefix: string;
  prefixStart: number;
  /** Inside a comment or string: nothing to complete. */
  inert: boolean;
  /** Block path (['core', 'sram']); empty at the top level. */
  path: BlockPath;
  /** Significant tokens of the current statement before the prefix (top level: since the item's keyword). */
  statement: string[];
  /** Keys already written in the current block (fields and sub-blocks). */
  present: Set<string>;
}

interface Frame { path: BlockPath; id: number }

const unitPrefix = /(?:[A-Za-z_][A-Za-z0-9_]*(?:\/s?)?|%)$/;

export function completionContext(text: string, offset: number): CompletionContext {
  offset = Math.max(0, Math.min(offset, text.length));
  const tokens = scan(text);
  const m = unitPrefix.exec(text.slice(Math.max(0, offset - 64), offset));
  const prefix = m ? m[0] : '';
  const prefixStart = offset - prefix.length;

  // A cursor inside (or at the end of an unclosed) comment or string completes nothing.
  const containing = tokens.find(t => t.start < offset && (offset < t.end || (offset === t.end && t.kind === 'lineComment')));
  const inert = !!containing && (containing.kind === 'lineComment' || containing.kind === 'blockComment'
    || (containing.kind === 'string' && (offset < containing.end || !/"$/.test(containing.text) || containing.text.length === 1)));

  const frames: Frame[] = [{ path: [], id: 0 }];
  let nextId = 1;
  const frameOf = new Map<number, number>();            // token index -> frame id, for statement starts
  let statement: ScanToken[] = [];                      // since the last boundary
  let topStatement: ScanToken[] = [];                   // depth 0: since the item keyword
  let cursorFrame: Frame = frames[0];
  let before: ScanToken[] = [];
  let beforeTop: ScanToken[] = [];
  let sawCursor = false;
  const keysByFrame = new Map<number, Set<string>>();
  let lastLine = 0;
  let line = 0;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!sawCursor && t.start >= prefixStart) {
      sawCursor = true;
      cursorFrame = frames[frames.length - 1];
      before = statement.slice();
      beforeTop = topStatement.slice();
      // At the top level a new line after a finished header starts a new item.
      if (cursorFrame.path.length === 0 && beforeTop.length && lastLine < line && !continues(beforeTop[beforeTop.length - 1].text)) beforeTop = [];
    }
    if (t.kind === 'newline') { line++; if (frames.length > 1) statement = []; continue; }
    if (t.kind === 'space' || t.kind === 'lineComment' || t.kind === 'blockComment') continue;
    const frame = frames[frames.length - 1];
    frameOf.set(i, frame.id);
    if (t.text === '{') {
      const words = (frames.length === 1 ? topStatement : statement).map(s => s.text);
      frames.push({ path: [...frame.path, ...opener(words, frame.path.length === 0)], id: nextId++ });
      const key = statement.length ? statement[0].text : undefined;
      // The key under the cursor is being edited: it does not count as written (completion offers it again).
      if (frame.path.length > 0 && key && statement[0].start !== prefixStart) addKey(keysByFrame, frame.id, key);
      statement = []; topStatement = [];
      continue;
    }
    if (t.text === '}') {
      if (frames.length > 1) frames.pop();
      statement = []; topStatement = [];
      continue;
    }
    if (t.text === ',' && frames.length > 1) { statement = []; continue; }
    if (frames.length === 1) {
      // A top keyword starts a new item when it opens a line or ends a finished header.
      if (t.kind === 'word' && (topKeywords as readonly string[]).includes(t.text)
        && (topStatement.length === 0 || lastLine < line || !continues(topStatement[topStatement.length - 1].text))) topStatement = [];
      topStatement.push(t);
    } else {
      if (statement.length === 1 && (t.text === '=' || t.text === '->') && statement[0].start !== prefixStart) addKey(keysByFrame, frame.id, statement[0].text);
      statement.push(t);
    }
    lastLine = line;
  }
  if (!sawCursor) {
    cursorFrame = frames[frames.length - 1];
    before = statement.slice();
    beforeTop = topStatement.slice();
    if (cursorFrame.path.length === 0 && beforeTop.length && lastLine < line && !continues(beforeTop[beforeTop.length - 1].text)) beforeTop = [];
  }
  const stmt = (cursorFrame.path.length === 0 ? beforeTop : before).filter(t => t.start < prefixStart).map(t => t.text);
  return { prefix, prefixStart, inert, path: cursorFrame.path, statement: stmt, present: keysByFrame.get(cursorFrame.id) ?? new Set() };
}

/** Words that leave a top-level header unfinished, so the next line continues it. */
function continues(word: string): boolean {
  return ['for', 'on', 'against', ',', 'technology', 'workload', 'core', 'chip', 'mapping', 'simulate', 'explore', '='].includes(word);
}

/** The path segments a `{` adds, from the words before it: `core star {`, `sram {`, `predictor = dlzs {`. */
function opener(words: string[], top: boolean): string[] {
  if (top) return words.length ? [words[0]] : ['?'];
  const eq = words.indexOf('=');
  if (eq > 0 && eq + 1 < words.length) return [words[0], words[eq + 1]];
  return words.length ? [words[0]] : ['?'];
}

function addKey(map: Map<number, Set<string>>, frame: number, key: string): void {
  let set = map.get(frame);
  if (!set) map.set(frame, set = new Set());
  set.add(key);
}
