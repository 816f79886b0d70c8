import { isObject, optionalString, type JsonObject } from '../decode-util.ts';
import { narrowAllowedTools, type ToolListRules } from '../tool-definitions.ts';

/** Function and custom tools have a top-level name; hosted and MCP tools are not called by name. */
function nameOf(tool: JsonObject): string | undefined {
  return tool['type'] === 'function' || tool['type'] === 'custom' ? optionalString(tool['name']) : undefined;
}

export const responsesToolList: ToolListRules = {
  nameOf,
  narrowChoice(choice, removed) {
    if (!isObject(choice)) return choice; // 'auto' | 'none' | 'required'
    if (choice['type'] === 'allowed_tools') {
      const tools = narrowAllowedTools(choice['tools'], nameOf, removed);
      return tools === 'none' ? tools : { ...choice, tools };
    }
    const name = nameOf(choice);
    return name !== undefined && removed.has(name) ? undefined : choice;
  },
  needTools: ['tool_choice', 'parallel_tool_calls'],
};
