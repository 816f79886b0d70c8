/**
 * Shannon entropy in bits, as gitleaks computes it (detect/utils.go shannonEntropy): character
 * counts over the string's length in UTF-8 bytes. For ASCII secrets that is the textbook
 * formula; the byte length only matters for non-ASCII, where matching gitleaks keeps its
 * thresholds meaning what they meant.
 */

/** ASCII counts in a reused table (secrets are nearly always ASCII; a Map per call cost more than the rest of a finding). */
const ascii = new Int32Array(128);

export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  let bytes = 0;
  let other: Map<number, number> | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      ascii[c]!++;
      bytes++;
      continue;
    }
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) i++;
    other ??= new Map();
    other.set(cp, (other.get(cp) ?? 0) + 1);
    bytes += cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  let entropy = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 || ascii[c] === 0) continue;
    const p = ascii[c]! / bytes;
    entropy -= p * Math.log2(p);
    ascii[c] = 0; // counted once, and the table is clean for the next call
  }
  for (const n of other?.values() ?? []) {
    const p = n / bytes;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}
