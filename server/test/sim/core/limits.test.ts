// One set of ranges: the schema's field types, validateSimulation and validateFunctionalParams read model/limits.ts,
// and the predictor's widths are checked (and used) only by the kinds that use them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { PREDICTOR_VARIANTS, SCHEMA } from '../../../src/language/schema.js';
import { analyze } from '../../../src/language/index.js';
import { LIMITS, PREDICTOR_BITS, predictorOf } from '../../../src/model/limits.js';
import { validateSimulation, SimulationInputError } from '../../../src/sim/core/validate.js';
import { defaultFunctionalParams, validateFunctionalParams, FunctionalParamError } from '../../../src/sim/functional/index.js';
import type { Predictor, Simulation } from '../../../src/model/design.js';

const range = (t: unknown) => { const q = t as { min?: number; max?: number }; return [q.min, q.max]; };

test('the schema\'s bit ranges are the model\'s limits', () => {
  const dlzs = PREDICTOR_VARIANTS.dlzs.fields;
  for (const [name, key] of [['token_bits', 'tokenBits'], ['query_bits', 'queryBits'], ['key_bits', 'keyBits'], ['weight_lz_bits', 'weightLzBits']] as const) {
    const l = PREDICTOR_BITS[key].limit;
    assert.deepEqual(range(dlzs[name].type), [l.min, l.max], name);
    assert.deepEqual(range(PREDICTOR_VARIANTS.symmetric.fields[name].type), [l.min, l.max], name);
  }
  assert.deepEqual(range(PREDICTOR_VARIANTS.lowbit.fields.bits.type), [LIMITS.lowbitBits.min, LIMITS.lowbitBits.max]);
  for (const b of ['kvgen', 'sufa'] as const) assert.deepEqual(range(SCHEMA.core.blocks[b].fields.bits.type), [LIMITS.peBits.min, LIMITS.peBits.max]);
  assert.deepEqual(Object.keys(PREDICTOR_VARIANTS.exact.fields), [], 'exact takes no widths');
});

function sim(predictor: Predictor, edit: (s: Simulation) => void = () => undefined): Simulation {
  const a = analyze('workload w { heads = 2, head_dim = 16, seq_len = 256 }\ncore k {}\nmapping m for w on k { tiling { bc = 64 } }\nsimulate m\n');
  assert.deepEqual(a.diagnostics.filter(d => d.severity === 'error'), []);
  const s = a.design.simulations[0];
  s.mapping.workload.predictor = predictor;
  edit(s);
  return s;
}

test('validateSimulation and validateFunctionalParams reject just outside the limits and accept the limits', () => {
  for (const [f, { limit }] of Object.entries(PREDICTOR_BITS) as Array<[keyof typeof PREDICTOR_BITS, typeof PREDICTOR_BITS.keyBits]>) {
    for (const [x, ok] of [[limit.min - 1, false], [limit.min, true], [limit.max, true], [limit.max + 1, false]] as const) {
      const s = sim({ ...predictorOf('dlzs'), [f]: x });
      const p = defaultFunctionalParams(s.mapping.workload, s.mapping.tiling, s.mapping.chip.core);
      if (ok) { validateSimulation(s); validateFunctionalParams(p); continue; }
      assert.throws(() => validateSimulation(s), (e: Error) => e instanceof SimulationInputError && e.message.includes(`${f} = ${x} must be an integer in ${limit.min}..${limit.max}`), `${f} = ${x}`);
      assert.throws(() => validateFunctionalParams(p), (e: Error) => e instanceof FunctionalParamError && e.message.includes(`${f} = ${x}`), `${f} = ${x}`);
    }
  }
  for (const bits of [LIMITS.peBits.min - 1, LIMITS.peBits.max + 1]) {
    assert.throws(() => validateSimulation(sim(predictorOf('dlzs'), s => { s.mapping.chip.core.sufa.bits = bits; })), /sufa\.bits: bits = \d+ must be an integer in 2\.\.32/);
  }
});

test('exact uses no predictor bits; lowbit\'s bits is the functional model\'s multiply width', () => {
  // widths exact does not use are not validated: a hand-built exact predictor with any keyBits or weightLzBits runs
  const exact = sim({ ...predictorOf('exact'), weightLzBits: 16, keyBits: 32 });
  validateSimulation(exact);
  validateFunctionalParams(defaultFunctionalParams(exact.mapping.workload, exact.mapping.tiling, exact.mapping.chip.core));
  const low = sim(predictorOf('lowbit', { keyBits: 6 }));
  const p = defaultFunctionalParams(low.mapping.workload, low.mapping.tiling, low.mapping.chip.core);
  assert.equal(p.lowBits, 6);
  assert.deepEqual([p.predictor.tokenBits, p.predictor.queryBits], [8, 16], 'X and Q keep their widths: the same data as DLZS');
  assert.equal(defaultFunctionalParams(exact.mapping.workload, exact.mapping.tiling, exact.mapping.chip.core).lowBits, undefined);
});

test('the schema\'s defaults are the model\'s: an empty core, chip, predictor and data check to model/defaults and model/limits', async () => {
  const { defaultCore, DEFAULT_NOC, DEFAULT_DRAM } = await import('../../../src/model/defaults.js');
  const { DEFAULT_PREDICTOR, DEFAULT_DATA } = await import('../../../src/model/limits.js');
  const a = analyze('core k {}\nchip c { mesh = 1 x 1 of k }\nworkload w { heads = 1, head_dim = 8, seq_len = 16, sparsity { predictor = dlzs { } }, data = synthetic { } }\n');
  assert.deepEqual(a.diagnostics.filter(d => d.severity === 'error'), []);
  const strip = (o: object) => JSON.parse(JSON.stringify(o, (k, v) => k === 'span' ? undefined : v));
  assert.deepEqual(strip(a.design.cores[0]), strip(defaultCore('k')));
  assert.deepEqual(strip(a.design.chips[0].noc), DEFAULT_NOC);
  assert.deepEqual(strip(a.design.chips[0].dram), DEFAULT_DRAM);
  assert.deepEqual(a.design.workloads[0].predictor, DEFAULT_PREDICTOR);
  assert.deepEqual(a.design.workloads[0].data, DEFAULT_DATA);
});
