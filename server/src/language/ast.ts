// Syntax tree of a .star file. Every node carries its source span (character offsets, end exclusive) so that
// diagnostics, hover, rename and "reveal in code" can point at the exact text. The tree is generic (blocks of
// fields) so a half-typed file still yields one; what a field must hold is said by schema.ts, not by the tree.

import type { Span } from '../model/source.js';
export type { Span };

export interface Ident { text: string; span: Span }

export interface NumberValue {
  kind: 'number';
  value: number;          // as written, before unit normalisation
  text: string;           // the literal's text, e.g. "1e-3"
  unit?: Ident;           // e.g. nm, GHz, KB, %, tokens
  span: Span;             // number and unit together
}
export interface DimsValue { kind: 'dims'; rows: NumberValue; cols: NumberValue; of?: Ident; span: Span }   // 128 x 32, 4 x 4 of star
export interface RangeValue { kind: 'range'; from: NumberValue; to: NumberValue; span: Span }               // 16 to 4
export interface StringValue { kind: 'string'; value: string; span: Span }
/** A bare word or dotted path: a name (tsmc28), a keyword value (on, ring, auto) or a target (mesh.rows). */
export interface RefValue { kind: 'ref'; path: Ident[]; span: Span }
/** A word followed by a body: predictor = dlzs { token_bits = 8 }, data = synthetic { seed = 7 }. */
export interface CallValue { kind: 'call'; name: Ident; body: Entry[]; span: Span }
export interface ListValue { kind: 'list'; items: Value[]; span: Span }
export type Value = NumberValue | DimsValue | RangeValue | StringValue | RefValue | CallValue | ListValue;

/** key = value. value is missing when the text stops short (error recovery). */
export interface Field { kind: 'field'; key: Ident; value?: Value; span: Span }
/** key { ... }: a nested block such as sparsity, dlzs, noc, tiling. */
export interface SubBlock { kind: 'block'; key: Ident; body: Entry[]; span: Span }
/** what -> target: heads -> mesh.rows. */
export interface Partition { kind: 'partition'; what: Ident; target?: RefValue; span: Span }
export type Entry = Field | SubBlock | Partition;

export type TopKind = 'technology' | 'workload' | 'core' | 'chip' | 'mapping';
export interface TopBlock {
  kind: TopKind;
  keyword: Ident;
  name?: Ident;
  forRef?: Ident;          // mapping NAME for WORKLOAD on CHIP_OR_CORE
  onRef?: Ident;
  body: Entry[];
  span: Span;
}
export interface SimulateStmt {
  kind: 'simulate';
  keyword: Ident;
  mapping?: Ident;
  against: Ident[];        // baselines
  body: Entry[];           // optional { ... } options
  span: Span;
}
/** PATH = VALUES in `vary { }`: a list, one value, or `A to B step C` (value a range, step set). */
export interface VaryEntry { kind: 'vary'; path: Ident[]; value?: Value; step?: NumberValue; stepKeyword?: Ident; span: Span }
/** `minimize a, b` or `maximize c`. */
export interface ObjectiveClause { kind: 'objective'; keyword: Ident; sense: 'min' | 'max'; metrics: Ident[]; span: Span }
/** metric OP number unit, inside `subject to { }`. */
export interface ConstraintEntry { kind: 'constraint'; metric: Ident; op?: Ident; value?: NumberValue; span: Span }
/** explore NAME for MAPPING { vary { } minimize ... maximize ... subject to { } search = ... } (issue 14). */
export interface ExploreStmt {
  kind: 'explore';
  keyword: Ident;
  name?: Ident;
  forRef?: Ident;
  vary: VaryEntry[];
  /** The `vary { ... }` block (keyword to closing brace), once per block written. */
  varyBlocks: Span[];
  objectives: ObjectiveClause[];
  constraints: ConstraintEntry[];
  /** The `subject to { ... }` blocks. */
  constraintBlocks: Span[];
  /** `search = WORD` or `search = WORD { population = 64, ... }`; keyword is the `search` word. */
  search?: { keyword: Ident; value?: Value; span: Span };
  span: Span;
}
export type Item = TopBlock | SimulateStmt | ExploreStmt;

export interface SyntaxError { message: string; span: Span }

export interface StarFile {
  items: Item[];
  syntaxErrors: SyntaxError[];
  comments: Span[];
}
