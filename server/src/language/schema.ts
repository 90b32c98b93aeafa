// The one description of the language's blocks and fields: the checker validates against it, the server's hover
// and completion read it, and the README's reference is written from it. (Content: issue 2, language.)
import type { TopKind } from './ast.js';

export type Dimension = 'length' | 'voltage' | 'frequency' | 'bytes' | 'bandwidth' | 'cycles' | 'tokens' | 'ratio' | 'count';

export type FieldType =
  | { kind: 'quantity'; dimension: Dimension; min?: number; max?: number; minExclusive?: boolean; integer?: boolean }
  | { kind: 'dims'; min?: number; max?: number; of?: TopKind }      // R x C, optionally "of NAME"
  | { kind: 'range'; min?: number; max?: number }                   // A to B
  | { kind: 'enum'; values: string[] }
  | { kind: 'ref'; target: TopKind }
  | { kind: 'string' }
  | { kind: 'bool' }                                                // on / off
  | { kind: 'call'; variants: Record<string, BlockSchema> };        // word { fields }

export interface FieldSchema {
  name: string;
  doc: string;             // one or two sentences for hover
  type: FieldType;
  default?: string;        // as a user would write it, e.g. "1 GHz"
  required?: boolean;
}

export interface BlockSchema {
  name: string;
  doc: string;
  fields: Record<string, FieldSchema>;
  blocks: Record<string, BlockSchema>;
  /** mapping only: the partition statements (heads -> mesh.rows). */
  partitions?: { what: string[]; targets: string[] };
}

export interface UnitInfo { dimension: Dimension; factor: number; doc: string }  // value * factor = base unit
