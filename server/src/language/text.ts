// Offsets <-> line/character, counted in UTF-16 code units like LSP (JavaScript strings are UTF-16 already).
// Line ends: \n, \r\n and \r, as LSP counts them.

export interface Position { line: number; character: number }

/** Start offset of every line; build once per text and reuse for many conversions. */
export class LineIndex {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10) this.starts.push(i + 1);
    }
  }
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(Number.isFinite(offset) ? offset : 0, this.text.length));
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }
  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    // A character past the end of the line stops before the line break.
    let lineEnd = next;
    if (pos.line + 1 < this.starts.length) {
      lineEnd--;
      if (this.text.charCodeAt(lineEnd) === 10 && this.text.charCodeAt(lineEnd - 1) === 13 && lineEnd - 1 >= start) lineEnd--;
    }
    return Math.max(start, Math.min(start + Math.max(0, pos.character), lineEnd));
  }
}

export function offsetToPosition(text: string, offset: number): Position {
  return new LineIndex(text).positionAt(offset);
}
export function positionToOffset(text: string, pos: Position): number {
  return new LineIndex(text).offsetAt(pos);
}
