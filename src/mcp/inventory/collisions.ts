/**
 * Tool names offered by more than one server. The federated endpoint serves every server's tools
 * side by side; two tools answering to one name (or to look-alike spellings of it) would let one
 * server stand in for the other, so such names are rejected.
 */
import type { ToolRef } from './poisoning.ts';
import { IDENTIFIER_HIDDEN } from './text.ts';

const IDENTIFIER_HIDDEN_ALL = new RegExp(IDENTIFIER_HIDDEN.source, 'gu');

export interface NameCollision {
  /** The name as the first server (by id) spells it. */
  readonly name: string;
  /** The servers offering it, sorted. */
  readonly servers: readonly string[];
  /** The distinct spellings, when they differ only by case or hidden characters ("send_email", "Send_Email"). */
  readonly spellings: readonly string[];
}

/**
 * Tool names offered by more than one server, which the federated endpoint rejects. Names are
 * compared after case folding and with hidden characters removed, so a look-alike spelling
 * cannot slip in beside the real tool.
 */
export function findNameCollisions(defs: readonly ToolRef[]): NameCollision[] {
  const groups = new Map<string, ToolRef[]>();
  for (const def of defs) {
    const key = def.name.normalize('NFKC').replace(IDENTIFIER_HIDDEN_ALL, '').toLowerCase();
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [def]);
    else group.push(def);
  }
  const collisions: NameCollision[] = [];
  for (const group of groups.values()) {
    const servers = [...new Set(group.map((def) => def.server))].sort();
    if (servers.length < 2) continue;
    const first = group.find((def) => def.server === servers[0])!;
    collisions.push({ name: first.name, servers, spellings: [...new Set(group.map((def) => def.name))].sort() });
  }
  return collisions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
