// Builder of mapping blocks: resolves the workload and the chip (or a single core), reads the fields, tiling and
// partitions, chooses bc and tc, then runs the design rules of mappingRules.ts.
import type { TopBlock, Span } from '../ast.js';
import { SCHEMA } from '../schema.js';
import { suggestion } from '../suggest.js';
import { DEFAULT_NOC, DEFAULT_DRAM } from '../../model/defaults.js';
import { AUTO_BC_MAX, ahatBcLimit, largestFittingBc, tileWorkingSet } from '../../model/tiling.js';
import type { Workload, Core, Chip, Mapping, Axis } from '../../model/design.js';
import { type Diags, replaceFix } from './diagnostics.js';
import { BlockReader, nameOf, headSpan } from './blockReader.js';
import { axisOf, axisName, allDivisors, oneCore } from './axes.js';
import type { Resolve } from './names.js';
import { runMappingRules, type MappingContext, type MeshUse, type Partitions, type PartitionInfo, type TilingChoice } from './mappingRules.js';

export function checkMapping(
  b: TopBlock, d: Diags, workloads: Map<string, Workload>, chips: Map<string, Chip>, cores: Map<string, Core>, resolve: Resolve,
): Mapping | undefined {
  const where = `mapping '${nameOf(b)}'`;
  const r = new BlockReader(d, SCHEMA.mapping, b.body, where);
  if (!b.forRef || !b.onRef) return undefined;     // syntax error already reported
  const workload = resolve(b.forRef.text, 'workload') ? workloads.get(b.forRef.text) : undefined;
  let chip: Chip | undefined;
  if (resolve(b.onRef.text, 'chip')) chip = chips.get(b.onRef.text);
  else {
    const core = resolve(b.onRef.text, 'core') ? cores.get(b.onRef.text) : undefined;
    if (core) {
      chip = {
        name: core.name, rows: 1, cols: 1, core, noc: { ...DEFAULT_NOC },
        dram: { ...DEFAULT_DRAM, attach: [[0, 0]] }, singleCore: true, span: core.span,
      };
    }
  }
  // Fields are still read (and checked) when a name did not resolve; the mapping itself is left out.
  const kvFlow = r.enum<Mapping['kvFlow']>('kv_flow', 'own');
  const stages = r.enum<Mapping['stages']>('stages', 'pipelined');
  const ti = r.sub('tiling', `${where} tiling`);
  const bcWord = ti.keyword('bc'), tcWord = ti.keyword('tc');
  const bcIn = bcWord ? undefined : ti.num('bc', NaN);
  const tcIn = tcWord ? undefined : ti.num('tc', NaN);
  const partition = readPartitions(r, d);
  if (!workload || !chip) return undefined;

  const S = workload.seqLen;
  const qb = Math.min(workload.queryBlock, workload.queryLen);
  const tilingSpan = r.subSpan('tiling') ?? headSpan(b);
  let divisorsOfS: number[] | undefined;                // only a mistake needs them
  const sDivisors = () => (divisorsOfS ??= allDivisors(S));
  const tiling = chooseTiling(workload, chip.core, qb, bcIn, tcIn, ti.valueSpan('bc', tilingSpan), ti.valueSpan('tc', tilingSpan));
  const mesh: MeshUse = { heads: partition.heads.axis, queries: partition.queries.axis, kv: partition.kv.axis };
  if (!oneCore(chip) && !partition.explicit) { mesh.heads = 'rows'; mesh.queries = 'cols'; }
  const ctx: MappingContext = { d, b, r, workload, chip, core: chip.core, S, qb, k: workload.topK, tiling, partition, mesh, kvFlow, sDivisors };
  runMappingRules(ctx);

  return {
    name: nameOf(b), workload, chip,
    tiling: { bc: tiling.bc, tc: tiling.tc, span: r.subSpan('tiling') },
    partition: { heads: mesh.heads, queries: mesh.queries, kv: mesh.kv, span: partition.span },
    kvFlow, stages, span: b.span,
  };
}

/**
 * bc and tc as written when they cover seq_len (the tiling-mismatch rule reports when not), else bc = auto's choice:
 * the largest divisor of seq_len, at most AUTO_BC_MAX, that fits the SRAM (noneFits when there is none).
 */
function chooseTiling(workload: Workload, core: Core, qb: number, bcIn: number | undefined, tcIn: number | undefined, bcSpan: Span, tcSpan: Span): TilingChoice {
  const S = workload.seqLen, k = workload.topK;
  const validBc = bcIn !== undefined && Number.isFinite(bcIn);
  const validTc = tcIn !== undefined && Number.isFinite(tcIn);
  let bc: number | undefined;
  if (validBc && validTc) { if (bcIn! * tcIn! === S) bc = bcIn; }
  else if (validBc) { if (S % bcIn! === 0) bc = bcIn; }
  else if (validTc) { if (S % tcIn! === 0) bc = S / tcIn!; }
  const bcFit = largestFittingBc(S, workload.headDim, qb, k, core, ahatBcLimit(qb, core.sram.tempBytes))
    ?? largestFittingBc(S, workload.headDim, qb, k, core);
  let noneFits = false;
  if (bc === undefined && bcIn === undefined && tcIn === undefined) {
    // bc = auto (also when tc = auto): the fix's choice, at most AUTO_BC_MAX.
    bc = bcFit !== undefined && bcFit <= AUTO_BC_MAX ? bcFit : largestFittingBc(S, workload.headDim, qb, k, core, AUTO_BC_MAX);
    noneFits = bc === undefined;
  }
  if (bc === undefined) bc = bcFit ?? 1;
  const tc = Math.max(1, Math.round(S / bc));
  return { bcIn, tcIn, validBc, validTc, bcSpan, tcSpan, bc, tc, bcFit, noneFits, ws: tileWorkingSet(bc, workload.headDim, qb, k) };
}

function readPartitions(r: BlockReader, d: Diags): Partitions {
  const out = { heads: { axis: 'none' as Axis } as PartitionInfo, queries: { axis: 'none' as Axis } as PartitionInfo, kv: { axis: 'none' as Axis } as PartitionInfo, explicit: false, span: undefined as Span | undefined };
  const spec = r.schema.partitions!;
  const seen = new Set<string>();
  const axisUser = new Map<Axis, string>();
  for (const p of r.partitions) {
    out.span = out.span ? { start: Math.min(out.span.start, p.span.start), end: Math.max(out.span.end, p.span.end) } : { ...p.span };
    const what = p.what.text;
    if (!spec.what.includes(what)) {
      const { hint, best } = suggestion(what, spec.what);
      d.error('unknown-field', `'${what}' cannot be partitioned${hint || ''}: partition ${spec.what.join(', ')}`, p.what.span, best ? replaceFix(p.what.span, best) : undefined);
      continue;
    }
    if (seen.has(what)) { d.error('duplicate-field', `'${what}' is partitioned twice: remove one`, p.what.span); continue; }
    seen.add(what);
    out.explicit = true;
    if (!p.target) continue;
    const target = p.target.path.map(x => x.text).join('.');
    const axis = axisOf(target);
    if (!axis) {
      const { hint, best } = suggestion(target, spec.targets);
      d.error('unknown-value', `'${target}' is not a mesh axis${hint || ''}: use ${spec.targets.join(', ')}`, p.target.span, best ? replaceFix(p.target.span, best) : undefined);
      continue;
    }
    const w = what as 'heads' | 'queries' | 'kv';
    if (axis !== 'none') {
      const clash = [...axisUser.entries()].find(([a]) => a === axis || a === 'all' || axis === 'all');
      if (clash) {
        d.error('partition-axis-reused', `${axisName(axis)} already holds ${clash[1]}: each mesh axis takes one partition (use the other axis or none)`, p.target.span);
        continue;
      }
      axisUser.set(axis, what);
    }
    out[w] = { axis, span: p.span };
  }
  return out;
}
