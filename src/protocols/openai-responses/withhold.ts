import type { WithheldToolCall } from '../adapter.ts';
import { asArray, asObject, isObject, type JsonObject } from '../decode-util.ts';

/**
 * The message item that takes a withheld `function_call` item's place, one for one, so
 * every other item keeps its position. Its id is derived from the call's (`fc_x` → `msg_x`)
 * so the streamed item and the final snapshot agree without shared state.
 */
export function noticeMessage(callItem: JsonObject, notice: string): JsonObject {
  const id = typeof callItem['id'] === 'string' ? callItem['id'] : '';
  return {
    id: `msg_${id.startsWith('fc_') ? id.slice(3) : id}`,
    type: 'message',
    status: 'completed',
    role: 'assistant',
    content: [{ type: 'output_text', text: notice, annotations: [], logprobs: [] }],
  };
}

/**
 * Replaces `function_call` items of a response object in place. `pick` gets each call item
 * and its ToolCall.index (its rank among the function calls, as the adapter decodes it) and
 * returns the notice when the call is withheld. The `output_text` convenience field, when
 * present, is recomputed the way the SDK computes it.
 */
export function replaceFunctionCalls(response: unknown, pick: (item: JsonObject, index: number) => string | undefined): void {
  const body = asObject(response);
  const output = body['output'];
  if (!Array.isArray(output)) return;
  let calls = 0;
  let changed = false;
  for (let i = 0; i < output.length; i++) {
    const item = output[i];
    if (!isObject(item) || item['type'] !== 'function_call') continue;
    const notice = pick(item, calls++);
    if (notice === undefined) continue;
    output[i] = noticeMessage(item, notice);
    changed = true;
  }
  if (changed && typeof body['output_text'] === 'string') body['output_text'] = outputText(output);
}

function outputText(output: unknown[]): string {
  let text = '';
  for (const item of output.map(asObject)) {
    if (item['type'] !== 'message') continue;
    for (const part of asArray(item['content']).map(asObject)) {
      if (part['type'] === 'output_text' && typeof part['text'] === 'string') text += part['text'];
    }
  }
  return text;
}

/** JSON responses: status stays `completed` (Responses has no finish reason to adjust). */
export function withholdResponsesToolCalls(body: unknown, withheld: readonly WithheldToolCall[]): void {
  const notices = new Map(withheld.map((w) => [w.index, w.notice]));
  replaceFunctionCalls(body, (_item, index) => notices.get(index));
}
