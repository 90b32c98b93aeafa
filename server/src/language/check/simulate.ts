// Builder of simulate statements: the mapping to run and the baselines to compare with.
import type { SimulateStmt } from '../ast.js';
import { BASELINES, SIMULATE_SCHEMA } from '../schema.js';
import type { Mapping, Simulation } from '../../model/design.js';
import { suggestion } from '../suggest.js';
import { type Diags, replaceFix } from './diagnostics.js';
import { BlockReader } from './blockReader.js';

export function checkSimulate(s: SimulateStmt, d: Diags, mappings: Map<string, Mapping>): Simulation | undefined {
  new BlockReader(d, SIMULATE_SCHEMA, s.body, 'simulate');
  const baselines: string[] = [];
  for (const b of s.against) {
    if (BASELINES[b.text]) {
      if (baselines.includes(b.text)) d.warning('duplicate-field', `baseline '${b.text}' is named twice`, b.span);
      else baselines.push(b.text);
      continue;
    }
    const { hint, best } = suggestion(b.text, Object.keys(BASELINES));
    d.error('unknown-baseline', `unknown baseline '${b.text}'${hint || `: use ${Object.keys(BASELINES).join(', ')}`}`, b.span, best ? replaceFix(b.span, best) : undefined);
  }
  const m = s.mapping ? mappings.get(s.mapping.text) : undefined;
  if (!m) return undefined;
  return { name: m.name, mapping: m, baselines, span: s.span };
}
