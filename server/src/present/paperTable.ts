// The README's reproduction table ("What the model reproduces"), written from the model's reproductions with the
// README's rounding: the core bench prints it, `scripts/paper-table.ts` prints it for pasting, and a test checks
// that README.md holds exactly these rows (so a model change that moves a figure says the table needs refreshing).
import type { GpuComparison, Table2Row } from '../sim/core/paper.js';
import { PUBLISHED_GAINS, PUBLISHED_STAR } from '../sim/baselines/published.js';

const whole = (x: number) => Math.round(x).toLocaleString('en-US');
const list = (xs: readonly number[], digits: number) => xs.map(x => x.toFixed(digits)).join(' / ');

/** The table's rows: figure, the model's value, the paper's value (reference data). */
export function paperTableRows(gpu: GpuComparison[], t2: Table2Row): Array<[string, string, string]> {
  const p = PUBLISHED_GAINS;
  return [
    ['speedup over the A100 at 0 / 1 / 2 % accuracy loss', `${list(gpu.map(g => g.speedup), 2)}x`, `${list(p.a100Speedup, 1)}x`],
    ['energy gain over the A100 at 0 / 1 / 2 %', `${list(gpu.map(g => g.energyGain), 1)}x`, `${list(p.a100EnergyGain, 1)}x`],
    ['core GOPS/W, GOPS/mm2', `${whole(t2.gopsPerWCore)}, ${whole(t2.gopsPerMm2)}`, `${whole(PUBLISHED_STAR.gopsPerWCore)}, ${whole(PUBLISHED_STAR.gopsPerMm2)}`],
    ['device GOPS/W', whole(t2.gopsPerWDevice), whole(PUBLISHED_STAR.gopsPerWDevice ?? 0)],
    ['area-efficiency gain over FACT, energy gain over SpAtten', `${t2.gainVsFactArea.toFixed(1)}x, ${t2.gainVsSpattenEnergy.toFixed(1)}x`,
      `${p.factArea.toFixed(1)}x, ${p.spattenEnergy.toFixed(1)}x`],
  ];
}

/** The table as README.md writes it (header, separator, rows). */
export function paperTableMarkdown(gpu: GpuComparison[], t2: Table2Row): string {
  return ['| figure | model | paper |', '|---|---|---|', ...paperTableRows(gpu, t2).map(r => `| ${r.join(' | ')} |`)].join('\n');
}
