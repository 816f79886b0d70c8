import { asObject, isObject, optionalString, type JsonObject } from '../decode-util.ts';
import { narrowAllowedTools, type ToolListRules } from '../tool-definitions.ts';

/** `{type:'function', function:{name}}` or `{type:'custom', custom:{name}}`: tools and tool_choice alike. */
function nameOf(tool: JsonObject): string | undefined {
  return optionalString(asObject(tool['function'])['name']) ?? optionalString(asObject(tool['custom'])['name']);
}

export const chatToolList: ToolListRules = {
  nameOf,
  narrowChoice(choice, removed) {
    if (!isObject(choice)) return choice; // 'auto' | 'none' | 'required'
    if (choice['type'] === 'allowed_tools') {
      const spec = asObject(choice['allowed_tools']);
      const tools = narrowAllowedTools(spec['tools'], nameOf, removed);
      return tools === 'none' ? tools : { ...choice, allowed_tools: { ...spec, tools } };
    }
    const name = nameOf(choice);
    return name !== undefined && removed.has(name) ? undefined : choice;
  },
  // The API rejects parallel_tool_calls without tools.
  needTools: ['tool_choice', 'parallel_tool_calls'],
};
