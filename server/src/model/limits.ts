// The range of every number a design carries, in the model's units: the language schema builds its field types from
// these, and the simulator validates against the same ones, so a file the checker accepts never fails to simulate for
// an input reason. Ranges narrower than "any positive number" carry their physical reason here and in the field doc.
import type { Predictor, PredictorKind, SyntheticData } from './design.js';

export interface Limit {
  min: number;
  max: number;
  integer: boolean;
  /** true: min itself is excluded (a positive quantity) */
  minExclusive?: boolean;
}

const int = (min: number, max: number): Limit => ({ min, max, integer: true });
const real = (min: number, max: number): Limit => ({ min, max, integer: false });
const positive = (max: number): Limit => ({ min: 0, max, integer: false, minExclusive: true });

const TOKENS_MAX = 16 * 1024 * 1024;

export const LIMITS = {
  // technology
  nodeNm: real(1, 1000),
  voltageV: positive(5),
  frequencyHz: positive(10e9),
  // workload
  layers: int(1, 1000),
  heads: int(1, 1024),
  headDim: int(1, 1024),
  seqLen: int(1, TOKENS_MAX),
  queryLen: int(1, TOKENS_MAX),
  batch: int(1, 4096),
  queryBlock: int(1, 65536),
  topK: positive(1),
  // predictor. A signed integer needs a sign and at least one magnitude bit: no width below 2. The DLZS engine's
  // PEs and leading-zero encoders (two 8-bit LZ counters each) take 8- or 16-bit operands, so X, Q and K^ are at
  // most 16 bits (star-model.md, "The STAR core"); the performance model prices them at those widths.
  tokenBits: int(2, 16),
  queryBits: int(2, 16),
  keyBits: int(2, 16),
  /** LZ code of W_k: a sign and an exponent; 4 bits hold every exponent of an 8-bit weight, 8 those of any weight. */
  weightLzBits: int(2, 8),
  /** the low-bit predictor's multiply width: at 16 bits it is the exact predictor's 16-bit multiply */
  lowbitBits: int(2, 16),
  // synthetic data
  fraction: real(0, 1),
  noise: real(0, 10),
  seed: int(0, 2 ** 31 - 1),
  // core
  arraySide: int(1, 4096),
  sorters: int(1, 4096),
  sadsWidth: int(1, 256),
  sadsRadius: real(0, 1e6),
  /** formal compute (KV generation, SU-FA) precision: a signed operand needs 2 bits; 32 is the widest datapath */
  peBits: int(2, 32),
  units: int(1, 65536),
  sramBytes: positive(1024 ** 3),
  // chip
  meshSide: int(1, 64),
  bandwidthBps: positive(1e15),
  hopLatencyCycles: int(0, 1e6),
  dramChannels: int(1, 4096),
  // mapping
  bc: int(1, TOKENS_MAX),
  tc: int(1, TOKENS_MAX),
} satisfies Record<string, Limit>;

/** True when x is a number inside the limit. */
export function within(x: number, l: Limit): boolean {
  return typeof x === 'number' && Number.isFinite(x) && (!l.integer || Number.isInteger(x)) &&
    (l.minExclusive ? x > l.min : x >= l.min) && x <= l.max;
}

/** "an integer in 2..16", "a number in (0, 1]": the limit as the simulator's messages write it. */
export function describeLimit(l: Limit): string {
  return l.integer ? `an integer in ${l.min}..${l.max}` : `a number in ${l.minExclusive ? '(' : '['}${l.min}, ${l.max}]`;
}

/**
 * The predictor's bit widths and which kinds use them. tokenBits and queryBits are the widths of X and Q themselves:
 * the synthetic head is built from them whatever the predictor, so every kind carries them (exact and lowbit the
 * defaults). weightLzBits is DLZS's and the symmetric predictor's; keyBits is K^'s width there and the multiply width
 * of the low-bit predictor. The exact predictor uses no predictor bits: its scores are exact.
 */
export const PREDICTOR_BITS: Record<keyof Omit<Predictor, 'kind'>, { limit: Limit; kinds: PredictorKind[] }> = {
  tokenBits: { limit: LIMITS.tokenBits, kinds: ['dlzs', 'symmetric', 'lowbit', 'exact'] },
  queryBits: { limit: LIMITS.queryBits, kinds: ['dlzs', 'symmetric', 'lowbit', 'exact'] },
  weightLzBits: { limit: LIMITS.weightLzBits, kinds: ['dlzs', 'symmetric'] },
  keyBits: { limit: LIMITS.keyBits, kinds: ['dlzs', 'symmetric', 'lowbit'] },
};

/** The paper's DLZS setting (star-model.md, DLZS): 8-bit X, W_k in 4-bit LZ form, 16-bit Q, K^ kept at 16 bits. */
export const DEFAULT_PREDICTOR: Predictor = { kind: 'dlzs', tokenBits: 8, weightLzBits: 4, queryBits: 16, keyBits: 16 };
/** The low-bit predictor's default multiply width (the 4-bit prediction of earlier accelerators). */
export const DEFAULT_LOWBIT_BITS = 4;

/** The predictor of a kind with the defaults for the widths it does not set (exact: none of them used). */
export function predictorOf(kind: PredictorKind, bits: Partial<Omit<Predictor, 'kind'>> = {}): Predictor {
  if (kind === 'lowbit') return { ...DEFAULT_PREDICTOR, kind, keyBits: bits.keyBits ?? DEFAULT_LOWBIT_BITS };
  if (kind === 'exact') return { ...DEFAULT_PREDICTOR, kind };
  return { ...DEFAULT_PREDICTOR, ...bits, kind };
}

export const DEFAULT_DATA: SyntheticData = { dominantSpread: 0.75, dominantFew: 0.25, dominantRegion: 0, noise: 0.1, seed: 1 };
