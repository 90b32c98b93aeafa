// Diagnostics that only the simulation finds (an engine mostly idle, a saturated link or DRAM channel, cores out
// of balance, and the spatial model's meshDiagnostics: link bandwidth too low for the KV flow), source "simulation", merged with the language's diagnostics through ctx.setExtraDiagnostics. They
// hold for the simulated version of the file only: an edit clears them, the next save brings them back.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../context.js';
import type { SimulationService } from '../simulation/service.js';
import type { SimulationResultParams } from '../../protocolTypes.js';
import { simulationDiagnostics } from '../simulation/placement.js';
import { spanToRange, toLspDiagnostic } from '../convert.js';

export const simulationSource = 'simulation';

export function register(ctx: ServerContext, service: SimulationService,
  onResult: (listener: (p: SimulationResultParams) => void) => void): void {
  const last = new Map<string, string>();

  const update = (doc: TextDocument) => {
    const state = service.get(doc.uri);
    const analysis = ctx.analyze(doc);
    // Findings are facts about the simulated text: shown while the document is that version, gone once it
    // changes (the hints stay, marked stale), back after the next save.
    const fresh = state && !state.stale && state.version === doc.version;
    const diags: Diagnostic[] = fresh && state.results.length
      ? simulationDiagnostics(analysis.file, state.results).map(d => ({
          range: spanToRange(doc, d.span),
          severity: d.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
          code: d.code,
          source: simulationSource,
          message: d.message,
        }))
      : [];
    // The model's mesh checks (server/src/sim/spatial/checks.ts), computed in the worker for the same version.
    const mesh = service.findings(doc.uri);
    if (fresh && mesh && mesh.version === doc.version) {
      for (const d of mesh.diagnostics) diags.push({ ...toLspDiagnostic(doc, d), source: simulationSource });
    }
    // Publishing costs a round trip: only when something changed.
    const key = JSON.stringify(diags);
    if ((last.get(doc.uri) ?? '[]') === key) return;
    last.set(doc.uri, key);
    ctx.setExtraDiagnostics(doc.uri, simulationSource, diags);
  };

  onResult(p => {
    const doc = ctx.documents.get(p.uri);
    if (doc) update(doc);
  });
  ctx.onDidAnalyze(a => {
    const doc = ctx.documents.get(a.uri);
    if (doc && doc.version === a.version && service.get(a.uri)) update(doc);
  });
  ctx.documents.onDidClose(e => last.delete(e.document.uri));
}
