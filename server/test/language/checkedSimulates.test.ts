// What the checker accepts, the simulator runs: designs drawn from the schema's own ranges (every field, at its
// extremes and at random) either get a checker diagnostic with its own code or simulate to finite numbers.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from '../../src/language/index.js';
import { PREDICTOR_VARIANTS, SCHEMA, type BlockSchema, type FieldSchema, type FieldType } from '../../src/language/schema.js';
import { simulate } from '../../src/sim/index.js';

/** Block paths of a design: 'workload', 'workload.sparsity', 'predictor', 'data', 'core.sufa', 'chip.noc', ... */
type Values = Record<string, Record<string, string>>;

const BASE: Values = {
  workload: { heads: '2', head_dim: '16', seq_len: '256', query_len: '128' },
  chip: { mesh: '2 x 2 of k' },
  'mapping.tiling': { bc: '64' },
};
/** query rows the functional model samples (the CLI's --sample-rows): small, so a run takes milliseconds */
const SAMPLE_ROWS = 16;

// ---- values from a field's type: the extremes of its range, and draws inside it

const UNIT: Record<string, [string, number]> = {   // dimension -> unit written, its factor
  length: ['nm', 1], voltage: ['V', 1], frequency: ['Hz', 1], bytes: ['B', 1], bandwidth: ['MB/s', 1e6],
  cycles: ['cycles', 1], tokens: ['tokens', 1], ratio: ['', 1], count: ['', 1],
};
const EPSILON: Record<string, number> = { voltage: 0.001, frequency: 1, bytes: 1, bandwidth: 1e6, ratio: 0.001 };

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}
function quantity(t: Extract<FieldType, { kind: 'quantity' }>, x: number): string {
  const [unit, factor] = UNIT[t.dimension];
  return `${fmt(x / factor)}${unit ? ' ' + unit : ''}`;
}
function bounds(t: { min?: number; max?: number; minExclusive?: boolean; integer?: boolean }, dimension = 'count'): [number, number] {
  const lo = t.minExclusive ? (t.min ?? 0) + (t.integer ? 1 : EPSILON[dimension] ?? 1) : t.min ?? 0;
  return [lo, t.max ?? lo + 1e6];
}

/** The two extremes of a field, as a user writes them (for enums and calls: every value). */
function extremes(fs: FieldSchema, of: string): string[] {
  const t = fs.type;
  switch (t.kind) {
    case 'quantity': return bounds(t, t.dimension).map(x => quantity(t, x));
    case 'dims': { const [lo, hi] = bounds(t); return [`${lo} x ${hi}`, `${hi} x ${lo}`, `${hi} x ${hi}`].map(s => t.of ? `${s} of ${of}` : s); }
    case 'range': { const [lo, hi] = bounds(t); return [`${hi} to ${lo}`, `${lo + 1} to ${lo}`, `${hi} to ${hi - 1}`]; }
    case 'enum': return t.values;
    case 'bool': return ['on', 'off'];
    default: return [];
  }
}

/** A log-uniform draw in [lo, hi] (so small and large sizes both come up), the extremes often. */
function number(lo: number, hi: number, integer: boolean): fc.Arbitrary<number> {
  const inner = lo > 0
    ? fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map(l => Math.min(hi, Math.max(lo, Math.exp(l))))
    : fc.double({ min: lo, max: hi, noNaN: true });
  return fc.oneof({ arbitrary: fc.constantFrom(lo, hi), weight: 1 },
    { arbitrary: inner.map(x => integer ? Math.min(hi, Math.max(lo, Math.round(x))) : x), weight: 3 });
}

/** Size fields whose extremes cost seconds each (a 64 x 64 mesh, 4096-wide arrays): the random draws stay small;
 *  the per-field test below still runs each of them at its extremes once. */
const SMALL: Record<string, number> = { mesh: 6, array: 256 };

function draw(fs: FieldSchema, of: string): fc.Arbitrary<string> | undefined {
  const t = fs.type;
  switch (t.kind) {
    case 'quantity': {
      const [lo, hi] = bounds(t, t.dimension);
      const n = number(lo, hi, !!t.integer).map(x => quantity(t, x));
      return fs.keywords?.length ? fc.oneof(n, fc.constantFrom(...fs.keywords)) : n;
    }
    case 'dims': {
      const [lo, hi] = bounds(t);
      const side = number(lo, Math.min(hi, SMALL[fs.name] ?? hi), true);
      return fc.tuple(side, side).map(([r, c]) => `${r} x ${c}${t.of ? ` of ${of}` : ''}`);
    }
    case 'range': {   // inputs above outputs mostly (a width that keeps all is the checker's), at the extremes too
      const [lo, hi] = bounds(t);
      return number(lo + 1, hi, true).chain(a => number(lo, a, true).map(b => `${a} to ${b}`));
    }
    case 'enum': return fc.constantFrom(...t.values);
    case 'bool': return fc.constantFrom('on', 'off');
    case 'string': return fc.constant('"r"');
    case 'ref': return t.target === 'technology' ? fc.constantFrom('t', 'tsmc28') : undefined;
    default: return undefined;
  }
}

// ---- a design from block values

function body(schema: BlockSchema, path: string, v: Values, extra: string[] = []): string {
  const own = Object.entries(v[path] ?? {}).map(([f, x]) => `${f} = ${x}`);
  const subs = Object.keys(schema.blocks).filter(b => v[`${path}.${b}`])
    .map(b => `${b} { ${body(schema.blocks[b], `${path}.${b}`, v)} }`);
  return [...own, ...extra, ...subs].join(', ');
}

function render(v: Values, target: 'ch' | 'k' = 'ch', partitions: string[] = ['heads -> mesh.rows']): string {
  const pv = v.predictor?.['@variant'] ?? 'dlzs';
  const pf = Object.entries(v.predictor ?? {}).filter(([f]) => f !== '@variant').map(([f, x]) => `${f} = ${x}`);
  const predictor = `predictor = ${pv}${pf.length ? ` { ${pf.join(', ')} }` : ''}`;
  const data = v.data ? [`data = synthetic { ${Object.entries(v.data).map(([f, x]) => `${f} = ${x}`).join(', ')} }`] : [];
  const vw: Values = { ...v };
  delete vw['workload.sparsity'];                // written by hand below, with the predictor
  return [
    `technology t { ${body(SCHEMA.technology, 'technology', v)} }`,
    `core k { ${body(SCHEMA.core, 'core', v)} }`,
    `chip ch { ${body(SCHEMA.chip, 'chip', v)} }`,
    `workload w { ${body(SCHEMA.workload, 'workload', vw, [...data, `sparsity { ${[
      ...Object.entries(v['workload.sparsity'] ?? {}).map(([f, x]) => `${f} = ${x}`), predictor].join(', ')} }`])} }`,
    `mapping m for w on ${target} {\n  ${[body(SCHEMA.mapping, 'mapping', v), ...partitions].filter(Boolean).join('\n  ')}\n}`,
    'simulate m',
  ].join('\n') + '\n';
}

function with1(path: string, field: string, value: string, variant?: string): Values {
  const v: Values = JSON.parse(JSON.stringify(BASE));
  v[path] = { ...v[path], ...(variant ? { '@variant': variant } : {}), [field]: value };
  return v;
}

/** Every number anywhere in the result is finite (JSON would turn NaN and Infinity into null unseen). */
function nonFinite(x: unknown, at = 'result'): string | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? undefined : `${at} = ${x}`;
  if (x && typeof x === 'object') {
    for (const [k, y] of Object.entries(x)) { const bad = nonFinite(y, `${at}.${k}`); if (bad) return bad; }
  }
  return undefined;
}

/** The property: errors carry a checker code; a clean file simulates (as the CLI and the editor's worker do). */
function checkOrSimulate(text: string): 'checked' | 'simulated' {
  const a = analyze(text);
  const errors = a.diagnostics.filter(d => d.severity === 'error');
  if (errors.length) {
    for (const e of errors) assert.ok(e.code && e.code !== 'simulation-failed', `${e.code}: ${e.message}`);
    return 'checked';
  }
  for (const sim of a.design.simulations) {
    let r: unknown;
    try { r = simulate(sim, { functionalSampleRows: SAMPLE_ROWS }); } catch (e) {
      assert.fail(`the checker accepted this file but the simulation failed: ${(e as Error).message}\n${text}`);
    }
    const bad = nonFinite(r);
    assert.equal(bad, undefined, `${bad}\n${text}`);
  }
  return 'simulated';
}

/** Every field of every block (core sub-blocks, chip noc/dram, mapping tiling, predictor variants, data). */
function allFields(): Array<{ path: string; fs: FieldSchema; variant?: string }> {
  const out: Array<{ path: string; fs: FieldSchema; variant?: string }> = [];
  const walk = (b: BlockSchema, path: string) => {
    for (const fs of Object.values(b.fields)) {
      if (fs.type.kind === 'call') {
        for (const [name, vb] of Object.entries(fs.type.variants)) {
          const p = fs.name === 'predictor' ? 'predictor' : 'data';
          if (p === 'data' && name === 'trace') continue;   // file paths, not ranges: the trace tests cover every bad file
          for (const f of Object.values(vb.fields)) out.push({ path: p, fs: f, variant: p === 'predictor' ? name : undefined });
        }
      } else out.push({ path, fs });
    }
    for (const [n, s] of Object.entries(b.blocks)) walk(s, `${path}.${n}`);
  };
  for (const k of ['technology', 'core', 'chip', 'workload', 'mapping'] as const) walk(SCHEMA[k], k);
  return out;
}

test('each field at each extreme of its range (and each enum value): a checker diagnostic or a finite simulation', () => {
  const seen = { checked: 0, simulated: 0 };
  const fields = allFields();
  assert.ok(fields.some(f => f.fs.name === 'token_bits') && fields.some(f => f.path === 'core.sufa' && f.fs.name === 'bits'));
  for (const { path, fs, variant } of fields) {
    for (const x of extremes(fs, 'k')) seen[checkOrSimulate(render(with1(path, fs.name, x, variant)))]++;
  }
  for (const variant of Object.keys(PREDICTOR_VARIANTS)) {
    seen[checkOrSimulate(render({ ...BASE, predictor: { '@variant': variant } }))]++;
  }
  // most extremes are legal designs: the property is not met by rejecting everything
  assert.ok(seen.simulated > 2 * seen.checked, JSON.stringify(seen));
});

test('the simulator runs whatever the checker accepts: the issue\'s cases', () => {
  // exact has no bit widths and simulates; the widths the model cannot run are the checker's out-of-range
  assert.equal(checkOrSimulate(render({ ...BASE, predictor: { '@variant': 'exact' } })), 'simulated');
  assert.equal(checkOrSimulate(render({ ...BASE, predictor: { '@variant': 'lowbit', bits: '16' } })), 'simulated');
  for (const [path, field, value, variant] of [['predictor', 'token_bits', '20', 'dlzs'], ['predictor', 'weight_lz_bits', '12', 'dlzs'],
    ['core.sufa', 'bits', '1', undefined]] as const) {
    const a = analyze(render(with1(path, field, value, variant)));
    assert.deepEqual(a.diagnostics.filter(d => d.severity === 'error').map(d => d.code), ['out-of-range'], `${field} = ${value}`);
  }
});

test('random designs drawn from the schema\'s ranges: a checker diagnostic or a finite simulation', () => {
  const fields = allFields();
  // each field written one time in four (else its default), so a design sets a few fields at once, often legally
  const block = (path: string, variant?: string) => {
    const drawn = fields.filter(f => f.path === path && f.variant === variant)
      .map(f => [f.fs.name, draw(f.fs, 'k')] as const).filter((e): e is [string, fc.Arbitrary<string>] => !!e[1]);
    return fc.tuple(...drawn.map(([, a]) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: a, weight: 1 })))
      .map(xs => Object.fromEntries(drawn.map(([n], i) => [n, xs[i]]).filter(([, x]) => x !== undefined)) as Record<string, string>);
  };
  const paths = [...new Set(fields.filter(f => f.path !== 'predictor').map(f => f.path))];
  const predictor = fc.constantFrom(...Object.keys(PREDICTOR_VARIANTS))
    .chain(variant => block('predictor', variant).map(fs => ({ '@variant': variant, ...fs } as Record<string, string>)));
  const { partitions } = SCHEMA.mapping;
  const partition = fc.tuple(fc.constantFrom(...partitions!.what), fc.constantFrom(...partitions!.targets)).map(([w, t]) => `${w} -> ${t}`);
  const design = fc.record({
    blocks: fc.tuple(...paths.map(p => block(p))),
    predictor, target: fc.constantFrom('ch' as const, 'k' as const),
    partitions: fc.uniqueArray(partition, { maxLength: 2, selector: p => p.split(' ')[0] }),
  });
  const seen = { checked: 0, simulated: 0 };
  fc.assert(fc.property(design, d => {
    const v: Values = Object.fromEntries(paths.map((p, i) => [p, d.blocks[i]]));
    for (const [p, req] of Object.entries(BASE)) v[p] = { ...req, ...v[p] };
    v.predictor = d.predictor;
    seen[checkOrSimulate(render(v, d.target, d.partitions))]++;
  }), { numRuns: 150, seed: 13 });
  assert.ok(seen.simulated >= 15, `random designs simulated: ${JSON.stringify(seen)}`);
});
