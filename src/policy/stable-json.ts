/**
 * JSON of a value with object keys sorted at every level: the same value always gives the same
 * bytes, whatever order its keys were written in. Used where a hash must name content (the
 * policy version, tool-definition hashes, ledger records). Keys whose value is undefined are
 * left out, as JSON.stringify does; undefined in an array becomes null, as there.
 */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const item: unknown = value[i];
      out += item === undefined ? 'null' : stableJson(item);
    }
    return `${out}]`;
  }
  // Written as a loop: this runs for every ledger record, and the map/filter/join version
  // allocated three arrays per object.
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = object[key];
    if (item === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${stableJson(item)}`;
  }
  return `${out}}`;
}
