// Near-miss names: the "did you mean" of unknown names, fields, units and values (the checker's and the editor's).

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const al = a.toLowerCase(), bl = b.toLowerCase();
  if (al === bl) return 0.5;                                    // case only: closest of all
  const m = al.length, n = bl.length;
  // Optimal string alignment: insertions, deletions, substitutions and swaps of neighbours cost 1.
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (al[i - 1] === bl[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && al[i - 1] === bl[j - 2] && al[i - 2] === bl[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}
/** The closest candidate within a distance that still reads as a typo, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined, bestD = Infinity;
  const limit = Math.max(1, Math.floor(word.length / 3));
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD && d <= limit) { best = c; bestD = d; }
  }
  return best;
}
/** The "did you mean" hint to append to a message, and the name a quick fix would write. */
export function suggestion(word: string, candidates: Iterable<string>): { hint: string; best?: string } {
  const best = didYouMean(word, candidates);
  return { hint: best ? `: did you mean '${best}'?` : '', best };
}
