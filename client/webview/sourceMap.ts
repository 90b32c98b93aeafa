// Editor position -> what to highlight in the graph view. Pure, so it is tested in Node.
// A SourceLink may cover only a block's name; the block then extends to the brace that closes it.
import type { ChipView, Position, Range, SourceLink } from '../../server/src/protocolTypes.js';
import type { HighlightTarget, EngineOrSram } from './messages.js';

/** The lines from the link's start to the `}` that closes the first `{` at or after it (the link's own range if none). */
export function blockExtent(lines: readonly string[], range: Range): Range {
  let depth = 0, opened = false;
  for (let ln = range.start.line; ln < lines.length && ln >= 0; ln++) {
    const text = lines[ln];
    for (let ch = ln === range.start.line ? range.start.character : 0; ch < text.length; ch++) {
      const c = text[ch];
      if (c === '/' && text[ch + 1] === '/') break;   // comment to end of line
      if (c === '{') { depth++; opened = true; }
      else if (c === '}' && opened) {
        depth--;
        if (depth === 0) return { start: range.start, end: { line: ln, character: ch + 1 } };
      }
    }
    // A definition without a block ends on its own line.
    if (!opened && ln >= range.end.line) break;
  }
  return opened ? { start: range.start, end: { line: lines.length - 1, character: (lines[lines.length - 1] ?? '').length } } : range;
}

function contains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

/** The innermost definition of the chip under the cursor: an engine, then the core, the chip, the mapping. */
export function highlightAt(lines: readonly string[], uri: string, chip: ChipView, pos: Position): HighlightTarget | null {
  const at = (l: SourceLink | undefined) => !!l && l.uri === uri && contains(blockExtent(lines, l.range), pos);
  for (const [engine, link] of Object.entries(chip.links?.engines ?? {}) as Array<[EngineOrSram, SourceLink]>) {
    if (at(link)) return { kind: 'engine', engine };
  }
  if (at(chip.links?.core)) return { kind: 'core' };
  if (at(chip.links?.chip)) return { kind: 'chip' };
  if (at(chip.links?.mapping)) return { kind: 'mapping' };
  return null;
}
