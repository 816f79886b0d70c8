import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProtocolAdapter } from '../../src/protocols/adapter.ts';
import { anthropicMessages } from '../../src/protocols/anthropic-messages/index.ts';
import { openAIChat } from '../../src/protocols/openai-chat/index.ts';
import { openAIResponses } from '../../src/protocols/openai-responses/index.ts';

/** Removes the named tools the way the integrator will: by the messageIndex the adapter decoded. */
function remove(adapter: ProtocolAdapter, body: any, ...names: string[]): any {
  const indices = adapter.decodeRequest(body).toolDefinitions.filter((d) => names.includes(d.name)).map((d) => d.messageIndex);
  assert.equal(indices.length, names.length, 'every named tool is a decoded definition');
  adapter.removeToolDefinitions(body, indices);
  return body;
}

const names = (adapter: ProtocolAdapter, body: unknown): string[] => adapter.decodeRequest(body).toolDefinitions.map((d) => d.name);

describe('removeToolDefinitions: OpenAI Chat', () => {
  const fn = (name: string): object => ({ type: 'function', function: { name, parameters: { type: 'object' } } });
  const chat = (extra: object): any => ({ model: 'm', messages: [{ role: 'user', content: 'hi' }], tools: [fn('a'), fn('b')], ...extra });

  test('a tool_choice forcing a removed tool goes; other settings stay while tools remain', () => {
    const body = remove(openAIChat, chat({ tool_choice: { type: 'function', function: { name: 'a' } }, parallel_tool_calls: false }), 'a');
    assert.deepEqual(names(openAIChat, body), ['b']);
    assert.equal('tool_choice' in body, false);
    assert.equal(body.parallel_tool_calls, false);
  });

  test('a tool_choice naming a kept tool, or none at all, stays', () => {
    assert.deepEqual(remove(openAIChat, chat({ tool_choice: { type: 'function', function: { name: 'b' } } }), 'a').tool_choice, { type: 'function', function: { name: 'b' } });
    assert.equal(remove(openAIChat, chat({ tool_choice: 'required' }), 'a').tool_choice, 'required');
  });

  test('no tool left: tools, tool_choice and parallel_tool_calls go (the API rejects them without tools)', () => {
    const body = remove(openAIChat, chat({ tool_choice: 'auto', parallel_tool_calls: true }), 'a', 'b');
    assert.deepEqual(Object.keys(body), ['model', 'messages']);
  });

  test('allowed_tools is narrowed, and becomes none when nothing it allowed is left', () => {
    const allowed = (...tools: string[]): object => ({ type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: tools.map((name) => ({ type: 'function', function: { name } })) } });
    assert.deepEqual(remove(openAIChat, chat({ tool_choice: allowed('a', 'b') }), 'a').tool_choice, allowed('b'));
    assert.equal(remove(openAIChat, chat({ tool_choice: allowed('a') }), 'a').tool_choice, 'none');
  });

  test('a name another kept tool still carries is not treated as removed', () => {
    const body = remove(openAIChat, { ...chat({ tool_choice: { type: 'function', function: { name: 'a' } } }), tools: [fn('a'), fn('b')] }, 'b');
    assert.deepEqual(body.tool_choice, { type: 'function', function: { name: 'a' } });
    const twins: any = { ...chat({ tool_choice: { type: 'function', function: { name: 'a' } } }), tools: [fn('a'), fn('a')] };
    openAIChat.removeToolDefinitions(twins, [0]);
    assert.deepEqual(twins.tool_choice, { type: 'function', function: { name: 'a' } });
  });

  test('no indices: the body is untouched', () => {
    const body = chat({ tool_choice: 'auto' });
    const before = JSON.stringify(body);
    openAIChat.removeToolDefinitions(body, []);
    assert.equal(JSON.stringify(body), before);
  });
});

describe('removeToolDefinitions: OpenAI Responses', () => {
  const fn = (name: string): object => ({ type: 'function', name, parameters: { type: 'object' } });
  const responses = (extra: object): any => ({ model: 'm', input: 'hi', tools: [{ type: 'web_search' }, fn('a'), fn('b')], ...extra });

  test('indices address the tools array, hosted tools included', () => {
    const body = remove(openAIResponses, responses({ tool_choice: { type: 'function', name: 'a' }, parallel_tool_calls: false }), 'a');
    assert.deepEqual(body.tools.map((t: any) => t.name ?? t.type), ['web_search', 'b']);
    assert.equal('tool_choice' in body, false);
    assert.equal(body.parallel_tool_calls, false);
  });

  test('a hosted tool keeps the list (and its settings) alive when every function goes', () => {
    const body = remove(openAIResponses, responses({ tool_choice: 'required', parallel_tool_calls: true }), 'a', 'b');
    assert.deepEqual(body.tools, [{ type: 'web_search' }]);
    assert.equal(body.tool_choice, 'required');
  });

  test('no tool left: tools, tool_choice and parallel_tool_calls go', () => {
    const body: any = { model: 'm', input: 'hi', tools: [fn('a')], tool_choice: { type: 'function', name: 'a' }, parallel_tool_calls: true };
    assert.deepEqual(Object.keys(remove(openAIResponses, body, 'a')), ['model', 'input']);
  });

  test('allowed_tools is narrowed, and becomes none when emptied', () => {
    const allowed = (...tools: string[]): object => ({ type: 'allowed_tools', mode: 'required', tools: tools.map((name) => ({ type: 'function', name })) });
    assert.deepEqual(remove(openAIResponses, responses({ tool_choice: allowed('a', 'b') }), 'b').tool_choice, allowed('a'));
    assert.equal(remove(openAIResponses, responses({ tool_choice: allowed('b') }), 'b').tool_choice, 'none');
  });
});

describe('removeToolDefinitions: Anthropic Messages', () => {
  const tool = (name: string): object => ({ name, input_schema: { type: 'object' } });
  const messages = (extra: object): any => ({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], tools: [tool('a'), tool('b')], ...extra });

  test('a tool_choice forcing a removed tool goes; any/auto stay while tools remain', () => {
    const body = remove(anthropicMessages, messages({ tool_choice: { type: 'tool', name: 'b' } }), 'b');
    assert.deepEqual(names(anthropicMessages, body), ['a']);
    assert.equal('tool_choice' in body, false);
    assert.deepEqual(remove(anthropicMessages, messages({ tool_choice: { type: 'any', disable_parallel_tool_use: true } }), 'b').tool_choice, { type: 'any', disable_parallel_tool_use: true });
  });

  test('no tool left: tools and tool_choice go', () => {
    const body = remove(anthropicMessages, messages({ tool_choice: { type: 'any' } }), 'a', 'b');
    assert.deepEqual(Object.keys(body), ['model', 'max_tokens', 'messages']);
  });
});
