// The simulator's one pseudo-random generator, so synthetic data, the evolutionary search and the editor's cloud
// sample draw the same way on every platform.

/** mulberry32 from a raw 32-bit state: small, fast, identical on every platform; numbers in [0, 1). */
export function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
