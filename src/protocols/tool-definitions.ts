import { asObject, isObject, type JsonObject } from './decode-util.ts';

/** How one protocol names tools and refers to them in `tool_choice`. */
export interface ToolListRules {
  /** The name a tool is called by; undefined for tools without one (hosted tools, MCP servers). */
  nameOf(tool: JsonObject): string | undefined;
  /**
   * The tool_choice to send once the `removed` names are gone: the same one, a narrowed
   * one, or undefined when it forced a removed tool (the provider would reject it).
   */
  narrowChoice(choice: unknown, removed: ReadonlySet<string>): unknown;
  /** Request settings that are invalid, or meaningless, without tools. */
  readonly needTools: readonly string[];
}

/**
 * Removes the tools at `indices` (ToolDefinition.messageIndex: positions in `tools`) from a
 * decoded request, in place. A name counts as removed only if no kept tool has it too.
 */
export function removeTools(body: unknown, indices: readonly number[], rules: ToolListRules): void {
  const request = asObject(body);
  const tools = request['tools'];
  if (!Array.isArray(tools) || indices.length === 0) return;
  const drop = new Set(indices);
  const kept: unknown[] = [];
  const removed = new Set<string>();
  tools.forEach((tool, i) => {
    if (!drop.has(i)) kept.push(tool);
    else if (isObject(tool)) addName(removed, rules.nameOf(tool));
  });
  if (kept.length === tools.length) return;
  if (kept.length === 0) {
    delete request['tools'];
    for (const key of rules.needTools) delete request[key];
    return;
  }
  request['tools'] = kept;
  for (const tool of kept) if (isObject(tool)) removed.delete(rules.nameOf(tool) ?? '');
  if (removed.size === 0 || !('tool_choice' in request)) return;
  const choice = rules.narrowChoice(request['tool_choice'], removed);
  if (choice === undefined) delete request['tool_choice'];
  else request['tool_choice'] = choice;
}

function addName(names: Set<string>, name: string | undefined): void {
  if (name !== undefined) names.add(name);
}

/**
 * An `allowed_tools` list (OpenAI) without the removed tools. When nothing is left the
 * answer is `none`: dropping the restriction instead would let the model call any tool.
 */
export function narrowAllowedTools(
  list: unknown, nameOf: (tool: JsonObject) => string | undefined, removed: ReadonlySet<string>,
): unknown[] | 'none' {
  const kept = (Array.isArray(list) ? list : []).filter((tool) => !removed.has(nameOf(asObject(tool)) ?? ''));
  return kept.length === 0 ? 'none' : kept;
}
