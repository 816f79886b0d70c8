/**
 * Reads one small JSON object out of a larger JSON (or SSE) body without parsing the rest:
 * the object that follows the first or last `"key":` in the bytes. Used to take the usage
 * out of a response that nobody needs decoded in full.
 *
 * Works on the UTF-8 bytes, not on a decoded string: the body arrives as bytes, the search
 * is a native memmem, and only the object itself is ever decoded (turning a whole 7 KB
 * stream into a string to read 200 bytes of it was most of this step's cost).
 *
 * Sound for the same reason as readJsonString: a raw `"key":` cannot occur inside a JSON
 * string, whose quotes are escaped, so every occurrence is structural; and in UTF-8 every
 * byte of a multi-byte character is >= 0x80, so none can be mistaken for a quote or a brace.
 * Returns undefined when there is no such object or it does not parse; callers then
 * decode in full.
 */
export function objectAfterKey(body: Buffer, key: string, which: 'first' | 'last'): Record<string, unknown> | undefined {
  const marker = markerFor(key);
  const at = which === 'first' ? body.indexOf(marker) : body.lastIndexOf(marker);
  if (at === -1) return undefined;
  let start = at + marker.length;
  while (body[start] === 32) start++;
  if (body[start] !== 123 /* { */) return undefined;
  const end = matchingBrace(body, start);
  if (end === -1) return undefined;
  try {
    const value: unknown = JSON.parse(body.toString('utf8', start, end + 1));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const markers = new Map<string, Buffer>();

function markerFor(key: string): Buffer {
  let marker = markers.get(key);
  if (marker === undefined) {
    marker = Buffer.from(`"${key}":`);
    markers.set(key, marker);
  }
  return marker;
}

/** Index of the `}` closing the object opened at `open`, skipping strings; -1 if none. */
function matchingBrace(body: Buffer, open: number): number {
  let depth = 0;
  const length = body.length;
  for (let i = open; i < length; i++) {
    const c = body[i];
    if (c === 34 /* " */) {
      for (i++; i < length && body[i] !== 34; i++) if (body[i] === 92 /* \ */) i++;
    } else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i;
  }
  return -1;
}

/**
 * The string value of the first `"key":` member at nesting `depth` (1: the outermost object)
 * within the first `limit` bytes, read without decoding the rest: a response's id, which
 * comes first in it. Braces and brackets both nest; strings are skipped. Undefined when there
 * is none in those bytes, or its value is no plain string.
 */
export function stringAtDepth(body: Buffer, key: string, depth: number, limit: number): string | undefined {
  const marker = markerFor(key);
  const end = Math.min(body.length, limit);
  let level = 0;
  for (let i = 0; i < end; i++) {
    const c = body[i];
    if (c === 123 /* { */ || c === 91 /* [ */) level++;
    else if (c === 125 /* } */ || c === 93 /* ] */) level--;
    else if (c === 34 /* " */) {
      if (level === depth && body.subarray(i, i + marker.length).equals(marker)) {
        let start = i + marker.length;
        while (body[start] === 32) start++;
        if (body[start] !== 34) return undefined;
        const close = body.indexOf(34, start + 1);
        if (close === -1 || close > end) return undefined;
        const value = body.toString('utf8', start + 1, close);
        // An escape in an id is no id this reads; the full decode would have to.
        return value.includes('\\') ? undefined : value;
      }
      for (i++; i < end && body[i] !== 34; i++) if (body[i] === 92 /* \ */) i++;
    }
  }
  return undefined;
}

