// The ablation steps as display rows, shared by the CLI report, the hover tooltip and the report page: each step's
// cumulative speedup (over dense attention), its own gain (over the step before) and its DRAM traffic. Results
// written before these fields existed (no stepSpeedup / dramBytes) still show: own gain from the cumulative ratio,
// traffic as '-'. Browser-safe, no LSP or vscode imports.
import type { StepGain } from '../sim/result.js';
import { formatBytes, formatPct, formatSpeedup } from './format.js';

export interface StepRow { step: string; cumulative: string; own: string; dram: string; dramChange: string }

/** Column titles, the same in every view. */
export const STEP_COLUMNS = ['ablation step', 'cumulative (over dense)', 'this step (over the step before)', 'DRAM traffic', 'DRAM vs the step before'];

/** `x` formats a speedup (the CLI prints three significant figures, the editor views two). */
export function stepRows(steps: StepGain[], x: (v: number) => string = formatSpeedup): StepRow[] {
  return steps.map((s, i) => {
    const prev = i > 0 ? steps[i - 1]!.speedup : 1;
    const own = s.stepSpeedup ?? (prev > 0 ? s.speedup / prev : Number.NaN);
    return {
      step: s.step, cumulative: x(s.speedup), own: x(own),
      dram: s.dramBytes === undefined ? '-' : formatBytes(s.dramBytes),
      dramChange: dramChange(s),
    };
  });
}

/** '-64% (-3.33 GB)' when the step saves, '+12% (+1 MB)' when it adds, 'same' when it moves no byte differently. */
export function dramChange(s: StepGain): string {
  if (s.dramBytes === undefined || s.dramSavedBytes === undefined) return '-';
  const before = s.dramBytes + s.dramSavedBytes;
  if (Math.abs(s.dramSavedBytes) <= 1e-9 * Math.max(1, before)) return 'same';
  const delta = -s.dramSavedBytes;
  const sign = delta > 0 ? '+' : '-';
  const pct = before > 0 ? `${sign}${formatPct(Math.abs(delta) / before)} ` : '';
  return `${pct}(${sign}${formatBytes(Math.abs(delta))})`;
}
