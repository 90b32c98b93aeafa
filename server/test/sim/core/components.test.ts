// The core's components: area and power against the paper's totals, sources, technology scaling.
import test from 'node:test';
import assert from 'node:assert/strict';
import { MODULES, UNITS, coreAreaMm2, corePeakPowerW, moduleCosts, techScale } from '../../../src/sim/core/components.js';
import { starCore } from '../../../src/sim/core/defaults.js';

// SOFA's per-module table (28 nm, 1.0 V, 1 GHz): the calibration target, reference data.
const PAPER = { dlzs: [0.351, 29.05], sads: [0.679, 112.79], kvgen: [0.875, 146.21], sufa: [3.012, 485.12], sram: [0.497, 170.23], scheduler: [0.28, 6.45] } as const;

for (const m of MODULES) {
  test(`module ${m}: area and power built from units land within 10% of the paper`, () => {
    const c = moduleCosts(starCore())[m];
    const [area, mw] = PAPER[m];
    assert.ok(Math.abs(c.areaMm2 / area - 1) < 0.1, `${m} area ${c.areaMm2.toFixed(3)} vs ${area}`);
    assert.ok(Math.abs(c.peakPowerMw / mw - 1) < 0.1, `${m} power ${c.peakPowerMw.toFixed(2)} vs ${mw}`);
  });
}

test('the default core totals 5.69 mm2 and 0.95 W within 10%', () => {
  assert.ok(Math.abs(coreAreaMm2(starCore()) / 5.69 - 1) < 0.1);
  assert.ok(Math.abs(corePeakPowerW(starCore()) / 0.94985 - 1) < 0.1);
});

test('every unit row names its source', () => {
  for (const [name, u] of Object.entries(UNITS)) assert.ok(u.source.length > 10, name);
});

test('other nodes scale by the paper normalisation: area s^2, energy s (V/1.0)^2', () => {
  const t40 = { name: 'n40', nodeNm: 40, voltageV: 0.9, frequencyHz: 1e9 };
  const s = 40 / 28;
  const ts = techScale(t40);
  assert.ok(Math.abs(ts.area - s * s) < 1e-12);
  assert.ok(Math.abs(ts.energy - s * 0.81) < 1e-12);
  const a28 = coreAreaMm2(starCore());
  const a40 = coreAreaMm2(starCore({ technology: t40 }));
  assert.ok(Math.abs(a40 / a28 - s * s) < 1e-9);
});

test('power follows the clock and the PE count', () => {
  const slow = corePeakPowerW(starCore({ technology: { name: 'x', nodeNm: 28, voltageV: 1, frequencyHz: 0.5e9 } }));
  assert.ok(slow < corePeakPowerW(starCore()));
  const big = starCore();
  big.sufa = { ...big.sufa, cols: 8 };
  assert.ok(moduleCosts(big).sufa.areaMm2 > moduleCosts(starCore()).sufa.areaMm2 * 1.4);
});
