/**
 * Names on the federated endpoint: every server's tools and prompts behind one session, each
 * as `<serverId>__<name>`. The prefix comes from the configured server id, never from the
 * order servers start or answer in, so a name is stable across sessions and restarts. Server
 * ids cannot contain `_` (config/mcp-schema.ts), so the first `__` always ends the prefix and
 * two servers can never produce the same name.
 */
import { createHash } from 'node:crypto';

export const SEPARATOR = '__';

/**
 * The longest name the endpoint offers. MCP 2025-11-25 allows 128 characters, but the names an
 * agent lists are usually handed straight to an LLM as function names, and the major LLM APIs
 * refuse names over 64 (`^[a-zA-Z0-9_-]{1,64}$`), so 64 it is.
 */
export const MAX_NAME_LENGTH = 64;
const HASH_CHARS = 8;

/** `<server>__<name>`; when that is too long, cut and ended by a short hash of the full name, deterministically. */
export function federatedName(serverId: string, name: string): string {
  const full = `${serverId}${SEPARATOR}${name}`;
  if (full.length <= MAX_NAME_LENGTH) return full;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, HASH_CHARS);
  return `${full.slice(0, MAX_NAME_LENGTH - HASH_CHARS - 1)}_${hash}`;
}

/** The server a federated name belongs to and the rest of it (the real name, unless it was cut). */
export function splitName(federated: string): { server: string; rest: string } | undefined {
  const at = federated.indexOf(SEPARATOR);
  if (at <= 0) return undefined;
  return { server: federated.slice(0, at), rest: federated.slice(at + SEPARATOR.length) };
}

/**
 * The real name behind a federated one: the rest after the prefix when the server has a name
 * like that, else the one of its names that was cut and hashed into it.
 */
export function realName(serverId: string, federated: string, rest: string, names: Iterable<string>): string | undefined {
  let found: string | undefined;
  for (const name of names) {
    if (name === rest) return name;
    if (found === undefined && federatedName(serverId, name) === federated) found = name;
  }
  return found;
}
