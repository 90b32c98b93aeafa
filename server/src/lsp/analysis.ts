// One analysis of one document version: the syntax tree, the language's diagnostics and the name index. The
// language layer may throw on text nobody foresaw; then the document gets an empty tree and one diagnostic that
// says so, and the error goes to the log, so the editor keeps working.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { StarFile } from '../language/ast.js';
import type { StarDiagnostic } from '../language/diagnostics.js';
import type { Design } from '../model/design.js';
import { analyze } from '../language/index.js';
import { indexNames, type NameIndex } from './names.js';
import { checkOptionsFor } from './traceOptions.js';
import type { Logger } from './context.js';

export interface DocumentAnalysis {
  uri: string;
  version: number;
  text: string;
  file: StarFile;
  /** The checked model, when the language produced one (files with errors may still have a partial one). */
  design?: Design;
  diagnostics: StarDiagnostic[];
  names: NameIndex;
  /** Milliseconds spent in the language layer. */
  elapsedMs: number;
  /** Set when the language layer threw; the analysis is then empty. */
  failure?: string;
}

export const internalErrorCode = 'internal-error';

export function analyzeText(uri: string, version: number, text: string, logger?: Logger): DocumentAnalysis {
  const t0 = performance.now();
  try {
    const r = analyze(text, checkOptionsFor(uri));
    const file = r.file;
    return {
      uri, version, text, file, design: r.design ?? undefined, diagnostics: r.diagnostics,
      names: indexNames(file, r.symbols), elapsedMs: performance.now() - t0,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    logger?.error(`analysis of ${uri} v${version} failed`, err);
    const file: StarFile = { items: [], syntaxErrors: [], comments: [] };
    return {
      uri, version, text, file, names: indexNames(file), elapsedMs: performance.now() - t0, failure: message,
      diagnostics: [{
        code: internalErrorCode, severity: 'error', source: 'check', span: { start: 0, end: 0 },
        message: `The STAR language checker failed on this text (${message}). Please report it with the file; other features keep working.`,
      }],
    };
  }
}

export function analyzeDocument(doc: TextDocument, logger?: Logger): DocumentAnalysis {
  return analyzeText(doc.uri, doc.version, doc.getText(), logger);
}
