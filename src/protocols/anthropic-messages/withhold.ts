import type { WithheldToolCall } from '../adapter.ts';
import { asObject, isObject } from '../decode-util.ts';

/**
 * Replaces withheld `tool_use` blocks of a JSON message (ToolCall.index is a block's rank
 * among the tool_use blocks) by `text` blocks carrying their notices, in place, so no other
 * block moves. With no tool_use left, stop_reason `tool_use` becomes `end_turn`.
 */
export function withholdMessagesToolCalls(body: unknown, withheld: readonly WithheldToolCall[]): void {
  const message = asObject(body);
  const content = message['content'];
  if (!Array.isArray(content)) return;
  const notices = new Map(withheld.map((w) => [w.index, w.notice]));
  let calls = 0;
  let left = 0;
  for (let i = 0; i < content.length; i++) {
    const block = content[i];
    if (!isObject(block) || block['type'] !== 'tool_use') continue;
    const notice = notices.get(calls++);
    if (notice === undefined) left++;
    else content[i] = { type: 'text', text: notice };
  }
  if (left === 0 && calls > 0 && message['stop_reason'] === 'tool_use') message['stop_reason'] = 'end_turn';
}
