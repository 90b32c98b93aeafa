// Operation counts: what each variant of each stage does, measured while it runs. The performance models turn these
// into cycles and energy, so every count is of one hardware operation on one element.

export interface BufferTraffic { read: number; write: number }

/** Buffers: token (X), weight (W_k codes / weights), query (Q), khat (predicted keys), ahat (predicted scores),
 *  index (top-k indices), kv (generated K and V rows), output (O). All in bytes. */
export type BufferName = 'token' | 'weight' | 'query' | 'khat' | 'ahat' | 'index' | 'kv' | 'output';

export interface OpCounts {
  multiplies: number;      // full multiplies (formal compute at its bit width, or low-bit prediction)
  shiftAdds: number;       // DLZS: shift one operand by the other's exponent and accumulate
  adds: number;            // plain additions (softmax sums, output accumulation)
  comparisons: number;     // comparators: sorting, clipping, run-time max checks
  exponentials: number;
  divisions: number;
  rescales: number;        // multiplications of a running (l, o) by exp(m_old - m_new)
  lzEncodes: number;       // leading-zero conversions done at run time
  bytes: Record<BufferName, BufferTraffic>;
}

export function emptyCounts(): OpCounts {
  const z = (): BufferTraffic => ({ read: 0, write: 0 });
  return {
    multiplies: 0, shiftAdds: 0, adds: 0, comparisons: 0, exponentials: 0, divisions: 0, rescales: 0, lzEncodes: 0,
    bytes: { token: z(), weight: z(), query: z(), khat: z(), ahat: z(), index: z(), kv: z(), output: z() },
  };
}

export function addCounts(into: OpCounts, from: OpCounts): OpCounts {
  into.multiplies += from.multiplies; into.shiftAdds += from.shiftAdds; into.adds += from.adds;
  into.comparisons += from.comparisons; into.exponentials += from.exponentials; into.divisions += from.divisions;
  into.rescales += from.rescales; into.lzEncodes += from.lzEncodes;
  for (const k of Object.keys(into.bytes) as BufferName[]) {
    into.bytes[k].read += from.bytes[k].read; into.bytes[k].write += from.bytes[k].write;
  }
  return into;
}

export function traffic(c: OpCounts, buf: BufferName, read: number, write: number): void {
  c.bytes[buf].read += read; c.bytes[buf].write += write;
}
