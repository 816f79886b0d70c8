// Unit tests of the deterministic "model", independent of any wire format.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, firstJsonObject, message, type Conversation, type NormMessage } from '../../src/standin/behaviour.ts';
import { splitFixed, splitWords } from '../../src/standin/text.ts';

function conv(messages: NormMessage[], toolNames: string[] = [], maxTokens?: number): Conversation {
  return { messages, toolNames, maxTokens };
}
const user = (text: string): NormMessage => message('user', text);

describe('stand-in behaviour', () => {
  test('default reply quotes the first 120 characters of the last user message', () => {
    const long = 'q'.repeat(300);
    const out = decide(conv([user('first'), message('assistant', 'ok'), user(long)]));
    assert.deepEqual(out.reply, { kind: 'text', text: `Stand-in reply to: ${'q'.repeat(120)}`, truncated: false });
  });

  test('say directive wins over tool names and may span lines', () => {
    const out = decide(conv([user('use get_weather [[standin:say line one\nline two]] {"a":1}')], ['get_weather']));
    assert.deepEqual(out.reply, { kind: 'text', text: 'line one\nline two', truncated: false });
  });

  test('tool names match whole identifiers only', () => {
    assert.equal(decide(conv([user('I already did that')], ['read'])).reply.kind, 'text');
    assert.equal(decide(conv([user('please read_file now')], ['read'])).reply.kind, 'text');
    const out = decide(conv([user('please read.')], ['read']));
    assert.deepEqual(out.reply, { kind: 'tool_calls', calls: [{ name: 'read', arguments: '{}' }] });
  });

  test('a single call takes the first parseable JSON object anywhere in the text', () => {
    const out = decide(conv([user('with {not json} and {"city":"Oslo","n":[1,{"x":"}"}]} call get_weather')], ['get_weather', 'other']));
    assert.deepEqual(out.reply, { kind: 'tool_calls', calls: [{ name: 'get_weather', arguments: '{"city":"Oslo","n":[1,{"x":"}"}]}' }] });
  });

  test('several named tools → parallel calls in order of appearance, each with its own object', () => {
    const out = decide(conv([user('b_tool {"b":2} then a_tool {"a":1}; also c_tool')], ['a_tool', 'b_tool', 'c_tool']));
    assert.deepEqual(out.reply, {
      kind: 'tool_calls',
      calls: [{ name: 'b_tool', arguments: '{"b":2}' }, { name: 'a_tool', arguments: '{"a":1}' }, { name: 'c_tool', arguments: '{"b":2}' }],
    });
  });

  test('tools are only called when the last message is from the user', () => {
    const assistantLast = decide(conv([user('get_weather {}'), message('assistant', 'prefill')], ['get_weather']));
    assert.equal(assistantLast.reply.kind, 'text');
  });

  test('trailing tool results → one line each, named via the earlier call (else the call id)', () => {
    const asst = message('assistant', '');
    asst.toolCalls.push({ id: 'c1', name: 'lookup', arguments: '{}' });
    const results: NormMessage = { ...message('tool', ''), toolResults: [{ callId: 'c1', output: 'r1' }, { callId: 'c2', output: 'r2' }] };
    const out = decide(conv([user('lookup'), asst, results], ['lookup']));
    assert.deepEqual(out.reply, { kind: 'text', text: 'Tool lookup returned: r1\nTool c2 returned: r2', truncated: false });
  });

  test('usage is ceil(chars/4) of all input and of the output', () => {
    const out = decide(conv([message('system', 'abcde'), user('xyz')]));
    assert.equal(out.inputTokens, 2);
    assert.equal(out.outputTokens, Math.ceil('Stand-in reply to: xyz'.length / 4));
  });

  test('max_tokens below 5 truncates to 4 chars per token', () => {
    assert.deepEqual(decide(conv([user('hello')], [], 1)).reply, { kind: 'text', text: 'Stan', truncated: true });
    assert.deepEqual(decide(conv([user('hello')], [], 5)).reply, { kind: 'text', text: 'Stand-in reply to: hello', truncated: false });
  });

  test('firstJsonObject skips unbalanced and non-JSON braces', () => {
    assert.equal(firstJsonObject('{ {"a": "b{"} ', 0, 99), '{"a":"b{"}');
    assert.equal(firstJsonObject('no objects [1,2] here {', 0, 99), undefined);
  });

  test('delta splitting is lossless and code-point safe', () => {
    for (const s of ['', ' lead and trail  ', 'one', 'a\n\nb c', '😀😀 x']) assert.equal(splitWords(s).join(''), s);
    assert.deepEqual(splitWords('a bb  c'), ['a', ' bb', '  c']);
    const frags = splitFixed('😀'.repeat(5), 2);
    assert.deepEqual(frags, ['😀😀', '😀😀', '😀']);
  });
});
