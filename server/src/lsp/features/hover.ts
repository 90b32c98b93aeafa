// Hover: for a field, what it means, its unit, range and default (from the schema); for a block keyword or
// sub-block, what the block describes; for a name, its definition; for a unit, what it is.
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../context.js';
import type { DocumentAnalysis } from '../analysis.js';
import { spanToRange } from '../convert.js';
import { scan } from '../scan.js';
import { locate } from '../locate.js';
import { nameAt, type NameDefinition } from '../names.js';
import { blockSchemaAt, fieldSchemaAt, topSchema, unitInfo, describeType, partitionDoc, baselineDoc } from '../schemaLookup.js';
import type { FieldSchema } from '../../language/schema.js';
import type { Span, Ident } from '../../language/ast.js';
import { exploreAt, exploreHover } from '../explore.js';

export function register(ctx: ServerContext): void {
  ctx.addCapabilities({ hoverProvider: true });
  ctx.connection.onHover(ctx.guard('hover', null, (p: HoverParams) => {
    const doc = ctx.documents.get(p.textDocument.uri);
    return doc ? hoverAt(doc, ctx.analyze(doc), doc.offsetAt(p.position)) : null;
  }));
}

export function hoverAt(doc: TextDocument, a: DocumentAnalysis, offset: number): Hover | null {
  const md = (value: string, span: Span): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: spanToRange(doc, span) });
  const name = nameAt(a.names, offset);
  if (name) {
    if (name.definition) return md(describeDefinition(a.text, name.definition), name.ident.span);
  }
  // A baseline after `against` that is not declared in the file is one of the language's built-in designs.
  const baseline = baselineAt(a, offset);
  if (baseline) return md(baselineHover(baseline.text), baseline.span);
  const explore = exploreAt(a.file, offset);
  if (explore) {
    const h = exploreHover(a.design, explore, offset);
    if (h) return md(h.value, h.span);
  }
  const at = locate(a.file, offset);
  if (!at) {
    const word = connectiveAt(a.text, offset);
    return word ? md(`**${word.text}**\n\n${connectiveDocs[word.text]}`, word) : null;
  }
  switch (at.kind) {
    case 'keyword': {
      if (at.item.kind === 'explore') return null;
      const schema = topSchema(at.item.kind);
      return md(`**${at.item.kind}**${schema ? `\n\n${schema.doc}` : ''}`, at.ident.span);
    }
    case 'blockKey': {
      const schema = blockSchemaAt(at.path);
      return md(`**${at.ident.text}** (in ${at.path.slice(0, -1).join('.')})${schema ? `\n\n${schema.doc}` : '\n\nNot a block of this kind.'}`, at.ident.span);
    }
    case 'fieldKey': {
      const schema = fieldSchemaAt(at.path, at.ident.text);
      return md(schema ? describeField(schema, at.path) : `**${at.ident.text}**: not a field of ${at.path.join('.')}`, at.ident.span);
    }
    case 'callName': {
      const schema = blockSchemaAt(at.path);
      return md(`**${at.ident.text}** (${at.field.key.text})${schema ? `\n\n${schema.doc}` : ''}`, at.ident.span);
    }
    case 'unit': {
      const info = unitInfo(at.ident.text);
      return md(info ? `**${at.ident.text}**: unit of ${info.dimension} (× ${info.factor} in base units)\n\n${info.doc}`
        : `**${at.ident.text}**: not a known unit`, at.ident.span);
    }
    case 'partition': {
      const doc = partitionDoc(at.word);
      return md(`**${at.word}** (partition)${doc ? `\n\n${doc}` : ''}`, at.ident.span);
    }
    case 'value': {
      const schema = fieldSchemaAt(at.path, at.field.key.text);
      return schema ? md(describeField(schema, at.path), at.value.span) : null;
    }
  }
}

export function describeField(f: FieldSchema, path: string[]): string {
  const lines = [`**${f.name}** (${path.join('.')})`, '', f.doc, '', `Value: ${describeType(f)}`];
  if (f.default !== undefined) lines.push('', `Default: \`${f.default}\``);
  if (f.required) lines.push('', 'Required.');
  return lines.join('\n');
}

/** The definition of a name: its kind, the comment right above it and the block's first lines. */
export function describeDefinition(text: string, def: NameDefinition): string {
  const blockText = text.slice(def.block.span.start, def.block.span.end);
  const lines = blockText.split(/\r?\n/);
  const shown = lines.slice(0, 8);
  if (lines.length > 8) shown.push('  ...');
  const comment = commentAbove(text, def.block.span.start);
  return [`**${def.kind}** \`${def.name}\``, ...(comment ? ['', comment] : []), '', '```star', ...shown, '```'].join('\n');
}

// The comment right above a block (a run of line comments or one block comment), as one line of text.
function commentAbove(text: string, start: number): string {
  const before = text.slice(0, start).replace(/[ \t]*$/, '');
  const previousLine = before.replace(/\r?\n[ \t]*$/, '');
  if (previousLine.endsWith('*/')) {
    const open = previousLine.lastIndexOf('/*');
    if (open < 0 || !/(^|\n)[ \t]*$/.test(previousLine.slice(0, open))) return '';
    return previousLine.slice(open + 2, -2).split(/\r?\n/).map(l => l.replace(/^\s*\*?\s?/, '').trim()).filter(Boolean).join(' ');
  }
  const lines = before.split(/\r?\n/);
  lines.pop();                                   // the part of the block's own line before it
  const out: string[] = [];
  while (lines.length) {
    const line = lines[lines.length - 1].trim();
    if (!line.startsWith('//')) break;
    out.unshift(line.replace(/^\/\/\s?/, ''));
    lines.pop();
  }
  return out.join(' ');
}

function baselineAt(a: DocumentAnalysis, offset: number): Ident | undefined {
  for (const item of a.file.items) {
    if (item.kind !== 'simulate') continue;
    const b = item.against.find(i => i.span.start <= offset && offset <= i.span.end);
    if (b) return b;
  }
  return undefined;
}

function baselineHover(name: string): string {
  const doc = baselineDoc(name);
  return `**baseline** \`${name}\`${doc ? `\n\n${doc}` : '\n\nNot a known baseline.'}`;
}

/** The words that join parts of a statement; they are not nodes of the tree, so their hover comes from here. */
const connectiveDocs: Record<string, string> = {
  for: '`mapping NAME for WORKLOAD on CHIP`: the workload the mapping runs.',
  on: '`mapping NAME for WORKLOAD on CHIP`: the chip (or a single core) the workload runs on.',
  against: '`simulate MAPPING against B1, B2`: the baselines the results are compared with.',
  of: '`mesh = R x C of CORE`: the core every mesh position holds.',
  x: '`R x C`: rows by columns.',
  to: '`A to B`: a range, e.g. a sort core\'s inputs to outputs.',
};

function connectiveAt(text: string, offset: number): (Span & { text: string }) | undefined {
  // The whole text is scanned so that a word inside a comment or a string is never taken for a keyword.
  const t = scan(text).find(t => t.start <= offset && offset <= t.end && t.kind === 'word');
  return t && Object.prototype.hasOwnProperty.call(connectiveDocs, t.text) ? { start: t.start, end: t.end, text: t.text } : undefined;
}
