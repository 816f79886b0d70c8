/**
 * Case folding for keyword and anchor search, shared by the runtime and the compile script so
 * both agree on what "contains the keyword" means.
 *
 * ASCII upper case folds to lower case. So do the three non-ASCII characters whose lower case
 * (or RE2 case-fold orbit) is an ASCII letter: KELVIN SIGN (K, U+212A) and LATIN SMALL LONG S
 * (ſ, U+017F) are in RE2's fold orbits of k and s, so `(?i)key` matches "Key"; Go's
 * strings.ToLower, which gitleaks applies before its keyword test, maps U+212A to k and U+0130
 * (İ) to i. Folding these too keeps the keyword pre-filter a superset of both, which is what
 * makes skipping a rule safe. Every other character is left alone: no keyword or anchor holds one.
 */
export function fold(code: number): number {
  if (code >= 0x41 && code <= 0x5a) return code + 0x20;
  if (code < 0x80) return code;
  if (code === 0x212a) return 0x6b;
  if (code === 0x17f) return 0x73;
  if (code === 0x130) return 0x69;
  return code;
}
