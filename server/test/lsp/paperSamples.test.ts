// Opening the paper's samples in the server (JSON-RPC, the built server) shows the README's figures: the result
// notification carries exactly reproduceGpuComparison()'s and reproduceTable2()'s figures, and the simulate lines'
// inlay hints read the A100 speedups.
import test from 'node:test';
import assert from 'node:assert/strict';
import { sample, uriOf, positionAt } from './harness.js';
import { SimClient, hintLabel } from './simulationClient.js';
import { reproduceGpuComparison, reproduceTable2 } from '../../src/sim/core/paper.js';
import { formatSpeedup } from '../../src/present/format.js';

const close = (got: number, want: number, what: string) =>
  assert.ok(Math.abs(got - want) <= 1e-12 * Math.abs(want), `${what}: the editor shows ${got}, the README's run ${want}`);

test('opening sofa-gpu-comparison.star and sofa-table2.star shows the reproduction\'s figures', async () => {
  const c = await SimClient.start();
  try {
    const name = 'sofa-gpu-comparison.star';
    const uri = uriOf(name), text = sample(name);
    await c.lsp.open(uri, text);
    const p = await c.fresh(uri, 1, 30_000);
    const gpu = reproduceGpuComparison();
    assert.equal(p.results.length, gpu.length);
    gpu.forEach((g, i) => {
      const a = p.results[i]!.simulation.baselines.a100!;
      close(a.speedup, g.speedup, `${g.setting} speedup`);
      close(a.energyGain, g.energyGain, `${g.setting} energy gain`);
    });
    await c.refreshAfter(c.receivedAt[c.results.indexOf(p)]!);
    const hints = await c.inlayHints(uri);
    const simLines = [...text.matchAll(/^simulate\b/gm)].map(m => positionAt(text, m.index!).line);
    simLines.forEach((line, i) => {
      const label = hints.filter(h => h.position.line === line).map(hintLabel).join(' ');
      assert.ok(label.includes(`${formatSpeedup(gpu[i]!.speedup)} A100`), `line ${line + 1}: ${label}`);
    });

    const t2name = 'sofa-table2.star';
    await c.lsp.open(uriOf(t2name), sample(t2name));
    const q = await c.fresh(uriOf(t2name), 1, 30_000);
    const r = q.results[0]!.simulation, t2 = reproduceTable2();
    close(r.gopsPerWCore, t2.gopsPerWCore, 'core GOPS/W');
    close(r.gopsPerMm2, t2.gopsPerMm2, 'GOPS/mm2');
    close(r.gopsPerWDevice, t2.gopsPerWDevice, 'device GOPS/W');
    close(r.baselines.fact!.areaGain!, t2.gainVsFactArea, 'area gain over FACT');
    close(r.baselines.spatten!.energyGain, t2.gainVsSpattenEnergy, 'energy gain over SpAtten');
  } finally {
    assert.equal(await c.stop(), 0);
  }
});
