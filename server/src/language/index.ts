// The language layer in one call: text -> syntax tree -> checked design, with every diagnostic (syntax first).
// A plain library (no vscode or LSP imports): the language server, the CLI, tests and benchmarks all use it.
import type { StarFile } from './ast.js';
import type { StarDiagnostic } from './diagnostics.js';
import type { Design } from '../model/design.js';
import { parse } from './parser.js';
import { check, type CheckOptions } from './checker.js';
import type { SymbolTable } from './symbols.js';

export interface Analysis { file: StarFile; design: Design; diagnostics: StarDiagnostic[]; symbols: SymbolTable }

/** `opts.baseDir`: the .star file's folder (trace paths are relative to it); `opts.traces` reads trace files. */
export function analyze(text: string, opts: CheckOptions = {}): Analysis {
  const file = parse(text);
  const syntax: StarDiagnostic[] = file.syntaxErrors.map(e => ({ code: 'syntax', severity: 'error', message: e.message, span: e.span, source: 'syntax' }));
  const { design, diagnostics, symbols } = check(file, opts);
  return { file, design, diagnostics: [...syntax, ...diagnostics], symbols };
}

export { parse } from './parser.js';
export { check, type CheckResult, type CheckOptions } from './checker.js';
export { tileWorkingSet, largestFittingBc } from '../model/tiling.js';
export { didYouMean, editDistance } from './suggest.js';
export { defaultCore, DEFAULT_TECHNOLOGY, DEFAULT_NOC, DEFAULT_DRAM } from '../model/defaults.js';
export { collectSymbols, definitionAt, referenceAt, referencesOf, type SymbolTable, type SymbolDefinition, type SymbolReference } from './symbols.js';
export { offsetToPosition, positionToOffset, LineIndex, type Position } from './text.js';
export { UNIT_TABLE, DEFAULT_UNIT, normalise, unitsOf, formatBytes } from './units.js';
export { SCHEMA, SIMULATE_SCHEMA, UNITS, TOP_KEYWORDS, SYNTAX_KEYWORDS, BOOL_WORDS, BASELINES, PREDICTOR_VARIANTS, DATA_VARIANTS, PARTITION_DOCS } from './schema.js';
export { allTokens, StarLexer } from './lexer.js';
export type * from './ast.js';
export type * from './diagnostics.js';
export { EXPLORE_ROOTS, resolvePath, nextSegments, notVariable, SEARCH_FIELD, EVALUATIONS_PER_S, type PathTarget, type PathResolution } from './explorePaths.js';
