// A tolerant scanner used by the editor features that must work on any text, half-typed or broken: formatting,
// completion context and folding. It never fails: every character belongs to exactly one token. The language's
// own lexer (language/lexer.ts) stays the authority for what is valid; this one only needs to know where words,
// numbers, strings, comments and braces are.

export type ScanKind = 'word' | 'number' | 'string' | 'lineComment' | 'blockComment' | 'punct' | 'space' | 'newline';
export interface ScanToken { kind: ScanKind; start: number; end: number; text: string }

// Character classes by code unit (faster than regular expressions on 1 MB lines).
const isDigit = (c: number) => c >= 48 && c <= 57;
const isWordStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isWordChar = (c: number) => isWordStart(c) || isDigit(c);
const isBlank = (c: number) => c === 32 || c === 9 || c === 12 || c === 11;

export function scan(text: string): ScanToken[] {
  const out: ScanToken[] = [];
  let i = 0;
  const n = text.length;
  const push = (kind: ScanKind, start: number, end: number) => out.push({ kind, start, end, text: text.slice(start, end) });
  while (i < n) {
    const c = text[i];
    const start = i;
    if (c === '\n') { i++; push('newline', start, i); continue; }
    if (c === '\r') { i += text[i + 1] === '\n' ? 2 : 1; push('newline', start, i); continue; }
    if (isBlank(text.charCodeAt(i))) {
      while (i < n && isBlank(text.charCodeAt(i))) i++;
      push('space', start, i); continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      const cr = text.indexOf('\r', i);
      i = cr >= 0 && cr < end ? cr : end;
      push('lineComment', start, i); continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      push('blockComment', start, i); continue;
    }
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"' && text[i] !== '\n' && text[i] !== '\r') i += text[i] === '\\' && i + 1 < n && text[i + 1] !== '\n' ? 2 : 1;
      if (text[i] === '"') i++;
      push('string', start, i); continue;
    }
    const code0 = text.charCodeAt(i);
    if (isDigit(code0) || (c === '.' && isDigit(text.charCodeAt(i + 1)))) {
      while (i < n && (isDigit(text.charCodeAt(i)) || text[i] === '.' || text[i] === '_')) i++;
      if ((text[i] === 'e' || text[i] === 'E') && (isDigit(text.charCodeAt(i + 1)) || ((text[i + 1] === '-' || text[i + 1] === '+') && isDigit(text.charCodeAt(i + 2))))) {
        i += 2;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      push('number', start, i); continue;
    }
    if (isWordStart(code0)) {
      while (i < n && isWordChar(text.charCodeAt(i))) i++;
      push('word', start, i); continue;
    }
    if ((c === '-' || c === '<' || c === '>') && text[i + 1] === (c === '-' ? '>' : '=')) { i += 2; push('punct', start, i); continue; }
    // One UTF-16 unit per punctuation token, but never split a surrogate pair.
    const code = text.charCodeAt(i);
    i += code >= 0xd800 && code <= 0xdbff && i + 1 < n ? 2 : 1;
    push('punct', start, i);
  }
  return out;
}

/** Tokens that carry meaning (no spaces, newlines or comments). */
export function significant(tokens: ScanToken[]): ScanToken[] {
  return tokens.filter(t => t.kind !== 'space' && t.kind !== 'newline' && t.kind !== 'lineComment' && t.kind !== 'blockComment');
}
