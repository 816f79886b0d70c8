/**
 * Shannon entropy in bits, as gitleaks computes it (detect/utils.go shannonEntropy): character
 * counts over the string's length in UTF-8 bytes. For ASCII secrets that is the textbook
 * formula; the byte length only matters for non-ASCII, where matching gitleaks keeps its
 * thresholds meaning what they meant.
 */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<number, number>();
  let bytes = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    counts.set(c, (counts.get(c) ?? 0) + 1);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  let entropy = 0;
  for (const n of counts.values()) {
    const p = n / bytes;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}
