// Units of the language and their normalisation to the model's base units (design.ts): nm, V, Hz, bytes,
// bytes/s, cycles, tokens, fractions. Capacities are binary (1 KB = 1024 B, as SRAM sizes are quoted);
// bandwidths are decimal (1 GB/s = 1e9 B/s, as DRAM and link rates are quoted).
import type { Dimension, UnitInfo } from './schema.js';

export const UNIT_TABLE: Record<string, UnitInfo> = {
  nm: { dimension: 'length', factor: 1, doc: 'nanometres (process node)' },
  V: { dimension: 'voltage', factor: 1, doc: 'volts' },
  mV: { dimension: 'voltage', factor: 1e-3, doc: 'millivolts' },
  Hz: { dimension: 'frequency', factor: 1, doc: 'hertz' },
  kHz: { dimension: 'frequency', factor: 1e3, doc: 'kilohertz' },
  MHz: { dimension: 'frequency', factor: 1e6, doc: 'megahertz' },
  GHz: { dimension: 'frequency', factor: 1e9, doc: 'gigahertz' },
  B: { dimension: 'bytes', factor: 1, doc: 'bytes' },
  KB: { dimension: 'bytes', factor: 1024, doc: 'kibibytes: 1 KB = 1024 B (capacities are binary)' },
  MB: { dimension: 'bytes', factor: 1024 ** 2, doc: 'mebibytes: 1 MB = 1024 KB' },
  GB: { dimension: 'bytes', factor: 1024 ** 3, doc: 'gibibytes: 1 GB = 1024 MB' },
  'MB/s': { dimension: 'bandwidth', factor: 1e6, doc: 'megabytes per second: 1e6 B/s (rates are decimal)' },
  'GB/s': { dimension: 'bandwidth', factor: 1e9, doc: 'gigabytes per second: 1e9 B/s (rates are decimal)' },
  'TB/s': { dimension: 'bandwidth', factor: 1e12, doc: 'terabytes per second: 1e12 B/s' },
  cycles: { dimension: 'cycles', factor: 1, doc: 'clock cycles of the core' },
  tokens: { dimension: 'tokens', factor: 1, doc: 'tokens (sequence positions)' },
  '%': { dimension: 'ratio', factor: 0.01, doc: 'per cent: 20 % = 0.2' },
};

/** The unit a quick fix inserts when a number has none. */
export const DEFAULT_UNIT: Partial<Record<Dimension, string>> = {
  length: 'nm', voltage: 'V', frequency: 'GHz', bytes: 'KB', bandwidth: 'GB/s', cycles: 'cycles', tokens: 'tokens', ratio: '%',
};

/** Dimensions whose numbers must carry a unit; counts of tokens or cycles and fractions may stand bare. */
export const UNIT_REQUIRED: Record<Dimension, boolean> = {
  length: true, voltage: true, frequency: true, bytes: true, bandwidth: true,
  cycles: false, tokens: false, ratio: false, count: false,
};

export function unitsOf(dimension: Dimension): string[] {
  return Object.keys(UNIT_TABLE).filter(u => UNIT_TABLE[u].dimension === dimension);
}

export type Normalised =
  | { ok: true; value: number }
  | { ok: false; reason: 'unknown-unit' | 'wrong-unit' | 'missing-unit'; unit?: string };

/** value in the dimension's base unit, or why the unit does not fit. */
export function normalise(value: number, unit: string | undefined, dimension: Dimension): Normalised {
  if (unit === undefined) {
    if (UNIT_REQUIRED[dimension]) return { ok: false, reason: 'missing-unit' };
    return { ok: true, value };
  }
  const info = UNIT_TABLE[unit];
  if (!info) return { ok: false, reason: 'unknown-unit', unit };
  if (info.dimension !== dimension) return { ok: false, reason: 'wrong-unit', unit };
  return { ok: true, value: value * info.factor };
}

/** Human text for a byte count in binary units: 196608 -> "192 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${round(bytes / 1024 ** 3)} GB`;
  if (bytes >= 1024 ** 2) return `${round(bytes / 1024 ** 2)} MB`;
  if (bytes >= 1024) return `${round(bytes / 1024)} KB`;
  return `${round(bytes)} B`;
}
function round(x: number): number { return Math.round(x * 100) / 100; }
