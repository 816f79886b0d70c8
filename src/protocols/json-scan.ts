/**
 * Reads one small JSON object out of a larger JSON (or SSE) text without parsing the rest:
 * the object that follows the first or last `"key":` in the text. Used to take the usage
 * out of a response that nobody needs decoded in full.
 *
 * Sound for the same reason as readJsonString: a raw `"key":` cannot occur inside a JSON
 * string, whose quotes are escaped, so every occurrence is structural. Returns undefined
 * when there is no such object or it does not parse; callers then decode in full.
 */
export function objectAfterKey(text: string, key: string, which: 'first' | 'last'): Record<string, unknown> | undefined {
  const marker = `"${key}":`;
  const at = which === 'first' ? text.indexOf(marker) : text.lastIndexOf(marker);
  if (at === -1) return undefined;
  let start = at + marker.length;
  while (text.charCodeAt(start) === 32) start++;
  if (text.charCodeAt(start) !== 123 /* { */) return undefined;
  const end = matchingBrace(text, start);
  if (end === -1) return undefined;
  try {
    const value: unknown = JSON.parse(text.slice(start, end + 1));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Index of the `}` closing the object opened at `open`, skipping strings; -1 if none. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i;
  }
  return -1;
}
