/**
 * Which tools exist (the catalog's capability tags) and which an agent may use (its
 * allow-list: names, globs and `tag:<capability>`). Least privilege by default: a tool that
 * no allow-list entry admits is denied, and an agent with no list may call nothing.
 */
import { compileGlobs } from '../config/glob.ts';
import type { ToolConfig } from '../config/schema.ts';

const NO_TAGS: readonly string[] = Object.freeze([]);
/** Tool names seen in traffic are attacker-influenced; the lookup cache must stay bounded. */
const TAG_CACHE_LIMIT = 4096;

interface CatalogEntry {
  readonly matches: (name: string) => boolean;
  readonly server: string | undefined;
  readonly tags: readonly string[];
}

export class ToolCatalog {
  private readonly entries: readonly CatalogEntry[];
  private readonly cache = new Map<string, readonly string[]>();

  constructor(tools: readonly ToolConfig[]) {
    this.entries = tools.map((tool) => ({ matches: compileGlobs([tool.name]), server: tool.server, tags: tool.tags }));
  }

  /** Capability tags of a tool: the union over every catalog entry that matches it. */
  tagsOf(name: string, server = ''): readonly string[] {
    const key = `${server}\u0000${name}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const tags = new Set<string>();
    for (const entry of this.entries) {
      if (entry.server !== undefined && entry.server !== server) continue;
      if (entry.matches(name)) for (const tag of entry.tags) tags.add(tag);
    }
    const result = tags.size === 0 ? NO_TAGS : Object.freeze([...tags].sort());
    if (this.cache.size >= TAG_CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }
}

/** One agent's allow-list, compiled. */
export class ToolAccess {
  readonly entries: readonly string[];
  private readonly exact: ReadonlySet<string>;
  private readonly globs: readonly { readonly entry: string; readonly matches: (name: string) => boolean }[];
  private readonly tags: ReadonlySet<string>;

  constructor(entries: readonly string[]) {
    this.entries = entries;
    const names = entries.filter((entry) => !entry.startsWith('tag:'));
    this.exact = new Set(names.filter((entry) => !entry.includes('*')));
    this.globs = names.filter((entry) => entry.includes('*')).map((entry) => ({ entry, matches: compileGlobs([entry]) }));
    this.tags = new Set(entries.filter((entry) => entry.startsWith('tag:')).map((entry) => entry.slice(4)));
  }

  /**
   * The allow-list entry that admits the tool (its name, glob or `tag:`), or undefined. A tool
   * of an MCP server is also admitted by its qualified name, `<server>/<tool>` (`emr/*`).
   */
  admits(name: string, tags: readonly string[], server?: string): string | undefined {
    if (server !== undefined && server !== '') {
      const qualified = `${server}/${name}`;
      if (this.exact.has(qualified)) return qualified;
      for (const glob of this.globs) if (glob.entry.includes('/') && glob.matches(qualified)) return glob.entry;
    }
    if (this.exact.has(name)) return name;
    for (const glob of this.globs) if (!glob.entry.includes('/') && glob.matches(name)) return glob.entry;
    for (const tag of tags) if (this.tags.has(tag)) return `tag:${tag}`;
    return undefined;
  }
}
