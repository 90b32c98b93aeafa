// Code lenses above each simulate statement: open the report, run the simulation again. They name client commands
// (star.showReport, star.runSimulation); other editors show the titles.
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import type { ServerContext } from '../context.js';
import type { SimulationService } from '../simulation/service.js';
import { spanToRange } from '../convert.js';
import { formatMs } from '../../present/format.js';
import { Commands } from '../../protocol.js';

/** Lenses other features add (the explore line's front, issue 14): one handler per connection serves them all. */
const extraLenses = new WeakMap<ServerContext, Array<(uri: string) => CodeLens[]>>();
export function addCodeLenses(ctx: ServerContext, provider: (uri: string) => CodeLens[]): void {
  extraLenses.set(ctx, [...(extraLenses.get(ctx) ?? []), provider]);
}

export function register(ctx: ServerContext, service: SimulationService): void {
  ctx.addCapabilities({ codeLensProvider: { resolveProvider: false } });
  ctx.connection.onCodeLens(ctx.guard<CodeLensParams, CodeLens[]>('codeLens', [], params => {
    const uri = params.textDocument.uri;
    const doc = ctx.documents.get(uri);
    if (!doc) return [];
    const state = service.get(uri);
    const analysis = ctx.analyze(doc);
    const lenses: CodeLens[] = [];
    for (const item of analysis.file.items) {
      if (item.kind !== 'simulate') continue;
      const range = spanToRange(doc, { start: item.span.start, end: item.span.start });
      const running = service.isRunning(uri);
      const ran = state && state.results.length
        ? `${state.stale ? 'stale' : 'simulated'} in ${formatMs(state.elapsedMs)}`
        : state?.error ? 'not simulated' : undefined;
      lenses.push({ range, command: { title: running ? '$(sync~spin) Simulating…' : '$(play) Run simulation', command: Commands.runSimulation, arguments: [uri] } });
      if (state?.results.length) lenses.push({ range, command: { title: `$(graph) Report (${ran})`, command: Commands.showReport, arguments: [uri] } });
      else if (ran) lenses.push({ range, command: { title: ran, command: '' } });
    }
    for (const extra of extraLenses.get(ctx) ?? []) lenses.push(...extra(uri));
    return lenses;
  }));
}
