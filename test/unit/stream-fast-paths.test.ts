import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessagesStreamDecoder, plainBlockDelta } from '../../src/protocols/anthropic-messages/response.ts';
import { ChatStreamDecoder, plainContentDelta } from '../../src/protocols/openai-chat/response.ts';
import type { Exchange } from '../../src/core/exchange.ts';

/**
 * The stream decoders read plain text deltas without JSON.parse. These tests hold the fast
 * paths to the slow path's meaning: same text for everything they accept, and refusal of
 * everything that is not a plain delta (which the full parse then handles).
 */
const TRICKY = ['', 'plain', 'quote \\" inside', 'slash \\\\', 'unicode \\u00e9 é 😀', 'nl \\n tab \\t', '\\"usage\\":{ fake marker', 'ends with backslash \\\\'];

describe('chat stream fast path', () => {
  it('reads the exact text of plain content deltas', () => {
    for (const literal of TRICKY) {
      const data = `{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"${literal}"},"logprobs":null,"finish_reason":null}]}`;
      const fast = plainContentDelta(data);
      assert.equal(fast, JSON.parse(data).choices[0].delta.content, data);
    }
  });

  it('leaves every other chunk to the full parse', () => {
    const others = [
      '{"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}',
      '{"choices":[{"index":0,"delta":{"content":"a","tool_calls":[]},"finish_reason":null}]}',
      '{"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"stop"}]}',
      '{"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}],"usage":{"prompt_tokens":1}}',
      '{"choices":[{"index":1,"delta":{"content":"a"},"finish_reason":null}]}',
      '{"choices": [{"index": 0, "delta": {"content": "spaced"}}]}',
      '{"choices":[{"index":0,"delta":{"content":"unterminated}]}',
      '{"choices":[{"index":0,"delta":{"content":null},"finish_reason":null}]}',
    ];
    for (const data of others) assert.equal(plainContentDelta(data), undefined, data);
  });

  it('assembles the same response through fast and full paths', () => {
    const request = { protocol: 'openai-chat', model: 'm', stream: true } as Exchange;
    const events = [
      '{"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}',
      ...TRICKY.map((t) => `{"choices":[{"index":0,"delta":{"content":"${t}"},"finish_reason":null}]}`),
      '{"choices":[{"index":0,"delta":{"content":" spaced"} ,"finish_reason":null}]}',
      '{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}',
      '{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}',
    ];
    const decoder = new ChatStreamDecoder(request);
    for (const event of events) decoder.onEvent('', event);
    const expected = events.map((e) => JSON.parse(e).choices[0]?.delta?.content ?? '').join('');
    const result = decoder.result();
    assert.equal(result.parts[0]?.text, expected);
    assert.equal(result.stopReason, 'stop');
    assert.deepEqual(result.usage, { inputTokens: 3, outputTokens: 4 });
  });
});

describe('anthropic stream fast path', () => {
  it('reads text and input-JSON deltas exactly, and refuses anything else', () => {
    for (const literal of TRICKY) {
      for (const [type, field] of [['text_delta', 'text'], ['input_json_delta', 'partial_json']]) {
        const data = `{"type":"content_block_delta","index":12,"delta":{"type":"${type}","${field}":"${literal}"}}`;
        // `json` tells text from tool-input JSON, which the restorer must escape differently.
        assert.deepEqual(plainBlockDelta(data), { index: 12, text: JSON.parse(data).delta[field as string], json: type === 'input_json_delta' }, data);
      }
    }
    for (const data of [
      '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"x"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"},"extra":1}',
      '{"type":"content_block_delta","index":,"delta":{"type":"text_delta","text":"x"}}',
      '{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "x"}}',
    ]) assert.equal(plainBlockDelta(data), undefined, data);
  });

  it('assembles text and tool input the same through both paths', () => {
    const decoder = new MessagesStreamDecoder({ protocol: 'anthropic-messages', model: 'm', stream: true } as Exchange);
    const events = [
      '{"type":"message_start","message":{"usage":{"input_tokens":5,"output_tokens":1}}}',
      '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi \\"there\\""}}',
      '{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": " slow"}}',
      '{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t1","name":"pay","input":{}}}',
      '{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"amount\\":"}}',
      '{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"5}"}}',
      '{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}}',
    ];
    for (const event of events) decoder.onEvent('', event);
    const result = decoder.result();
    assert.equal(result.parts[0]?.text, 'Hi "there" slow');
    assert.deepEqual(result.toolCalls, [{ id: 't1', name: 'pay', argumentsText: '{"amount":5}', index: 0 }]);
    assert.deepEqual(result.usage, { inputTokens: 5, outputTokens: 9 });
  });
});
