import { isObject, optionalString } from '../decode-util.ts';
import type { ToolListRules } from '../tool-definitions.ts';

export const messagesToolList: ToolListRules = {
  nameOf: (tool) => optionalString(tool['name']),
  narrowChoice(choice, removed) {
    // {type:'tool', name} forces one tool; auto / any / none name none.
    if (isObject(choice) && choice['type'] === 'tool' && removed.has(optionalString(choice['name']) ?? '')) return undefined;
    return choice;
  },
  // tool_choice without tools is rejected (and `any` could not be met).
  needTools: ['tool_choice'],
};
