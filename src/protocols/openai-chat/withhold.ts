import type { WithheldToolCall } from '../adapter.ts';
import { asArray, asObject, isObject } from '../decode-util.ts';

/**
 * Chat Completions has no place of its own for a notice: it becomes assistant text, after
 * whatever the model said, separated like a new paragraph.
 */
export function noticeText(notices: readonly string[], afterText: boolean): string {
  return (afterText ? '\n\n' : '') + notices.join('\n\n');
}

/**
 * Removes withheld calls from a JSON chat completion's first choice (the one the adapter
 * decodes; ToolCall.index is the position in its `tool_calls`). Their notices are appended to
 * `message.content`; with no call left `tool_calls` goes and finish_reason becomes `stop`.
 */
export function withholdChatToolCalls(body: unknown, withheld: readonly WithheldToolCall[]): void {
  const choice = asArray(asObject(body)['choices'])[0];
  if (!isObject(choice) || !isObject(choice['message'])) return;
  const message = choice['message'];
  const calls = message['tool_calls'];
  if (!Array.isArray(calls)) return;
  const notices = new Map(withheld.map((w) => [w.index, w.notice]));
  const kept: unknown[] = [];
  const shown: string[] = [];
  calls.forEach((call, index) => {
    const notice = notices.get(index);
    if (notice === undefined) kept.push(call);
    else shown.push(notice);
  });
  if (shown.length === 0) return;
  const content = message['content'];
  if (Array.isArray(content)) {
    // Content parts (some compatible servers): the notice is one more text part.
    content.push({ type: 'text', text: noticeText(shown, false) });
  } else {
    const before = typeof content === 'string' ? content : '';
    message['content'] = before + noticeText(shown, before !== '');
  }
  if (kept.length > 0) {
    message['tool_calls'] = kept;
    return;
  }
  delete message['tool_calls'];
  if (choice['finish_reason'] === 'tool_calls') choice['finish_reason'] = 'stop';
}
