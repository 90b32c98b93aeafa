// The editor side of explorations, as pure functions of a document, its analysis and the latest fronts: the edit of
// "Apply this point" (star/applyExplorePoint), the code lens on each explore line, and the code actions "Apply ..."
// there. lsp/features/explore.ts registers them; tests call them directly.
import { CodeActionKind, type CodeAction, type CodeLens, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { StarFile, StarDiagnostic } from '../../language/index.js';
import type { Design } from '../../model/design.js';
import { applyPointEdits, ApplyPointError } from '../../language/applyPoint.js';
import type { Exploration } from '../../model/explore.js';
import type { ApplyExplorePointParams, ApplyExplorePointResult, ExplorationResultParams, ExplorationView, ExplorePoint } from '../../protocolTypes.js';
import { Commands } from '../../protocolTypes.js';
import { summaryLine, formatMetric } from '../../present/paretoText.js';
import { spanToRange, toTextEdit, rangesOverlap } from '../convert.js';

/** What the handlers read of a document's analysis (the server's DocumentAnalysis, or language/analyze's). */
export interface Analysis { file: StarFile; design?: Design; diagnostics: StarDiagnostic[] }

/** The explore items of the checked file (the checker fills Design.explorations; absent before it knows the syntax). */
export const explorationsOf = (a: Analysis): Exploration[] => a.design?.explorations ?? [];

/** The edits writing a point into the document, or why not. Only labels the explore item itself lists are written. */
export function applyExplorePoint(doc: TextDocument, analysis: Analysis, p: ApplyExplorePointParams): ApplyExplorePointResult {
  if (p.version !== doc.version) {
    return { error: `The file changed since this front was found (version ${p.version}, now ${doc.version}): save it to explore again, then apply.` };
  }
  const errors = analysis.diagnostics.filter(d => d.severity === 'error');
  if (errors.length) return { error: `Fix the ${errors.length} error${errors.length === 1 ? '' : 's'} in the file first (first: ${errors[0]!.message}).` };
  const x = explorationsOf(analysis).find(e => e.name === p.exploration);
  if (!x) return { error: `No explore item named '${p.exploration}' in the file: save it to explore again.` };
  const labels: Record<string, string> = {};
  for (const [path, v] of Object.entries(p.parameters ?? {})) {
    const param = x.parameters.find(q => q.path === path);
    if (!param) return { error: `'${path}' is not varied by explore ${x.name}: save the file to explore again.` };
    const label = typeof v?.label === 'string' ? v.label : '';
    if (!param.labels.includes(label)) return { error: `'${label}' is not a value explore ${x.name} lists for ${path}: save the file to explore again.` };
    labels[path] = label;
  }
  try {
    const r = applyPointEdits(doc.getText(), analysis.file, x.simulation.mapping, labels);
    return { edits: r.edits.map(e => toTextEdit(doc, e)), summary: r.summary };
  } catch (err) {
    if (err instanceof ApplyPointError) return { error: err.message };
    throw err;
  }
}

/** The line's lens: the summary (opens the Pareto view); while running, the share done. */
export function exploreLenses(doc: TextDocument, state: ExplorationResultParams | undefined): CodeLens[] {
  if (!state || state.uri !== doc.uri) return [];
  return state.explorations.filter(x => x.line < doc.lineCount).map(x => {
    const at = { line: x.line, character: 0 };
    const title = `$(graph-scatter) ${summaryLine(x)}${state.stale ? ' (stale)' : ''}`;
    return { range: { start: at, end: at }, command: { title, command: Commands.showParetoFront, arguments: [doc.uri] } };
  });
}

/** The front's best point for each objective (ties: the lowest index), one action each, on the explore item's span. */
export function exploreCodeActions(doc: TextDocument, analysis: Analysis, state: ExplorationResultParams | undefined, range: Range): CodeAction[] {
  if (!state || state.stale || state.running || state.version !== doc.version) return [];
  const out: CodeAction[] = [];
  for (const x of explorationsOf(analysis)) {
    const view = state.explorations.find(v => v.name === x.name);
    if (!x.span || !view?.front.length || !rangesOverlap(spanToRange(doc, x.span), range)) continue;
    const seen = new Set<number>();
    for (const o of view.objectives) {
      const best = bestFor(view, o.metric, o.sense);
      if (!best || seen.has(best.index)) continue;
      seen.add(best.index);
      const r = applyExplorePoint(doc, analysis, { uri: doc.uri, version: doc.version, exploration: x.name, parameters: best.parameters });
      if (!r.edits) continue;
      const values = view.parameters.map(path => `${path} = ${best.parameters[path]?.label ?? '?'}`).join(', ');
      out.push({
        title: `Apply point #${best.index} of ${x.name} (best ${o.metric}: ${formatMetric(best.metrics[o.metric], view.units[o.metric])}): ${values}`,
        kind: CodeActionKind.RefactorRewrite,
        edit: { changes: { [doc.uri]: r.edits } },
      });
    }
  }
  return out;
}

function bestFor(view: ExplorationView, metric: string, sense: 'min' | 'max'): ExplorePoint | undefined {
  let best: ExplorePoint | undefined;
  for (const p of view.front) {
    const v = p.metrics[metric];
    if (!Number.isFinite(v)) continue;
    const b = best?.metrics[metric];
    if (!best || (sense === 'min' ? v < b! : v > b!) || (v === b && p.index < best.index)) best = p;
  }
  return best;
}
