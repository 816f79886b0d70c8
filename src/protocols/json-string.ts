/**
 * Reads the JSON string literal whose opening quote is at `data[quote]`. Returns its value
 * and the index just past its closing quote, or undefined if there is no complete literal.
 *
 * Stream decoders use it to take the text out of the most common SSE events (plain text
 * deltas) without a full JSON.parse of each event, which was the largest cost of observing a
 * stream. A structural marker such as `"usage":{` can never occur inside a JSON string (its
 * quotes would be escaped there), which is what makes marker checks around it sound.
 */
export function readJsonString(data: string, quote: number): { value: string; end: number } | undefined {
  if (data.charCodeAt(quote) !== 34 /* " */) return undefined;
  let escaped = false;
  for (let i = quote + 1; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 92 /* \ */) {
      escaped = true;
      i++; // skip the escaped character (an escaped quote does not end the string)
      continue;
    }
    if (c === 34) {
      const literal = data.slice(quote, i + 1);
      if (!escaped) return { value: literal.slice(1, -1), end: i + 1 };
      try {
        return { value: JSON.parse(literal) as string, end: i + 1 };
      } catch {
        return undefined; // an invalid escape: the full parse decides what to make of it
      }
    }
    if (c < 32) return undefined; // raw control characters are invalid JSON: leave it to JSON.parse
  }
  return undefined;
}
