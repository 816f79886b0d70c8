/**
 * What a tool, prompt or resource-template definition IS, for pinning: the fields a model reads
 * when it decides what to call and with what, plus the server that offers it, canonicalized as
 * RFC 8785 JCS and hashed. Any change to those fields (a "rug pull": a description that grows an
 * <IMPORTANT> block after approval) gives a new hash; a change of key order or whitespace does not.
 *
 * Left out, on purpose:
 * - `_meta`: protocol and implementation metadata (trace ids, versions, vendor extensions) that
 *   servers may vary between sessions and that clients do not put in front of the model; hashing
 *   it would quarantine unchanged tools for noise.
 * - `icons`: pictures for people choosing tools in a UI; a model never sees them.
 * - `execution` (tools): task-mode negotiation between client and server, not read by the model.
 * - `annotations.lastModified` (resource templates): a timestamp a server may refresh at will.
 * The proxy should therefore not rely on these fields for any decision (it does not today).
 */
import { createHash } from 'node:crypto';
import { stableJson } from '../../policy/stable-json.ts';
import { jsonDepth } from './walk.ts';

export type DefinitionKind = 'tool' | 'prompt' | 'resource_template';

export const DEFINITION_KINDS: readonly DefinitionKind[] = ['tool', 'prompt', 'resource_template'];

/** Each kind's key in MCP list results (`tools/list` returns `tools`...), also its section in portcullis.lock. */
export const KIND_LISTS: Readonly<Record<DefinitionKind, 'tools' | 'prompts' | 'resourceTemplates'>> = { tool: 'tools', prompt: 'prompts', resource_template: 'resourceTemplates' };

/**
 * What identifies an upstream server: its configured id and where it runs. For stdio that is the
 * command line (an approval given to `npx @acme/mcp@1` does not carry over to another package
 * or version); for HTTP the URL's origin and path. The environment is left out (it holds
 * secrets and machine-specific paths), and so are a URL's credentials, query and fragment
 * (where API keys usually ride): rotating a key must not quarantine every tool. The canonical
 * form contains the command line, so secrets belong in the environment, not in `args`.
 */
export type ServerIdentity =
  | { readonly id: string; readonly transport: 'stdio'; readonly command: string; readonly args?: readonly string[] }
  | { readonly id: string; readonly transport: 'http'; readonly url: string };

/**
 * A definition as it arrives from a server. Loosely typed on purpose: upstream JSON is not
 * validated before it is pinned and scanned, and every field is read defensively. The SDK's
 * `Tool`, `Prompt` and `ResourceTemplate` types are accepted as they are.
 */
export type McpDefinition = { readonly name: string } & Readonly<Record<string, unknown>>;

/** The fields of each kind that are pinned (and read by the model). */
export const PINNED_FIELDS: Readonly<Record<DefinitionKind, readonly string[]>> = {
  tool: ['name', 'title', 'description', 'inputSchema', 'outputSchema', 'annotations'],
  prompt: ['name', 'title', 'description', 'arguments'],
  resource_template: ['name', 'title', 'description', 'uriTemplate', 'mimeType', 'annotations'],
};

/** Deeper than this, a definition is refused rather than hashed (the serializer recurses). */
export const MAX_DEFINITION_DEPTH = 64;

export class DefinitionError extends Error {
  override readonly name = 'DefinitionError';
}

/** The pinned fields of a definition, without the server: what the model sees of it. */
export function definitionContent(kind: DefinitionKind, definition: McpDefinition): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  for (const field of PINNED_FIELDS[kind]) {
    const value = definition[field];
    if (value !== undefined) content[field] = value;
  }
  const annotations = content['annotations'];
  if (kind === 'resource_template' && typeof annotations === 'object' && annotations !== null && 'lastModified' in annotations) {
    const { lastModified: _, ...rest } = annotations as Record<string, unknown>;
    content['annotations'] = rest;
  }
  return content;
}

/** The server identity as it is hashed (see ServerIdentity). */
export function serverContent(server: ServerIdentity): Record<string, unknown> {
  if (server.transport === 'stdio') return { id: server.id, transport: 'stdio', command: server.command, args: server.args ?? [] };
  return { id: server.id, transport: 'http', url: urlIdentity(server.url) };
}

/** Origin and path: scheme and host lowercased, default port dropped, credentials, query and fragment removed. */
function urlIdentity(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url; // Not a URL the transport could use either; hash it as written.
  }
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/**
 * RFC 8785 canonical JSON of what is pinned: `{"definition":{...},"kind":...,"server":{...}}`.
 * `stableJson` is JCS for JSON values (keys sorted by UTF-16 code units, numbers and strings as
 * ECMAScript serializes them; test/mcp/inventory-definition.test.ts checks the RFC's examples).
 */
export function canonicalDefinition(server: ServerIdentity, kind: DefinitionKind, definition: McpDefinition): string {
  const content = definitionContent(kind, definition);
  const depth = jsonDepth(content, MAX_DEFINITION_DEPTH);
  if (depth > MAX_DEFINITION_DEPTH) throw new DefinitionError(`${kind} '${String(content['name'])}' of server '${server.id}' nests deeper than ${MAX_DEFINITION_DEPTH} levels`);
  return stableJson({ definition: content, kind, server: serverContent(server) });
}

/** `sha256:<hex>` of the canonical JSON, UTF-8 encoded. Throws DefinitionError for a definition nested absurdly deep. */
export function definitionHash(server: ServerIdentity, kind: DefinitionKind, definition: McpDefinition): string {
  return `sha256:${createHash('sha256').update(canonicalDefinition(server, kind, definition), 'utf8').digest('hex')}`;
}
