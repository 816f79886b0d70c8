import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectAfterKey, stringAtDepth } from '../../src/protocols/json-scan.ts';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

test('reads the object after the first or the last occurrence of a key', () => {
  const body = bytes('data: {"usage":{"input_tokens":3}}\n\ndata: {"usage": {"input_tokens":3,"output_tokens":9}}\n\n');
  assert.deepEqual(objectAfterKey(body, 'usage', 'first'), { input_tokens: 3 });
  assert.deepEqual(objectAfterKey(body, 'usage', 'last'), { input_tokens: 3, output_tokens: 9 });
});

test('skips braces and escaped quotes inside strings, and nested objects', () => {
  const body = bytes('{"choices":[{"message":{"content":"a } \\" { b"}}],"usage":{"note":"}{\\"}","details":{"cached":1},"total":7}}');
  assert.deepEqual(objectAfterKey(body, 'usage', 'last'), { note: '}{"}', details: { cached: 1 }, total: 7 });
});

test('multi-byte UTF-8 text around and inside the object is decoded, never mistaken for structure', () => {
  // Full-width braces and quotes, CJK and an emoji: their UTF-8 bytes are all >= 0x80.
  const body = bytes('{"content":"ｻ｝＂ 患者 🙂","usage":{"label":"｛🙂｝","tokens":2}}');
  assert.deepEqual(objectAfterKey(body, 'usage', 'first'), { label: '｛🙂｝', tokens: 2 });
});

test('absent key, a non-object value, an unclosed or malformed object: undefined, so callers decode in full', () => {
  assert.equal(objectAfterKey(bytes('{"id":"x"}'), 'usage', 'last'), undefined);
  assert.equal(objectAfterKey(bytes('{"usage":null}'), 'usage', 'last'), undefined);
  assert.equal(objectAfterKey(bytes('{"usage":{"a":1'), 'usage', 'last'), undefined);
  assert.equal(objectAfterKey(bytes('{"usage":{"a":}}'), 'usage', 'last'), undefined);
});

test('a key that is only the end of a longer key does not match', () => {
  assert.equal(objectAfterKey(bytes('{"total_usage":{"a":1}}'), 'usage', 'first'), undefined);
});

test('a string member at a given depth: a response\'s id, not an id nested in it or named in a string', () => {
  const body = bytes('{"output":[{"id":"msg_1"}],"note":"\\"id\\":\\"fake\\"","id":"resp_1","meta":{"id":"m"}}');
  assert.equal(stringAtDepth(body, 'id', 1, 4096), 'resp_1');
  assert.equal(stringAtDepth(body, 'id', 3, 4096), 'msg_1');
  const stream = bytes('event: response.created\ndata: {"type":"response.created","response":{"id": "resp_2","output":[]}}\n\n');
  assert.equal(stringAtDepth(stream, 'id', 2, 4096), 'resp_2');
  assert.equal(stringAtDepth(body, 'id', 1, 40), undefined, 'not within the first bytes');
  assert.equal(stringAtDepth(bytes('{"id":"resp_'), 'id', 1, 4096), undefined, 'cut short');
  assert.equal(stringAtDepth(bytes('{"id":7}'), 'id', 1, 4096), undefined, 'no string');
  assert.equal(stringAtDepth(bytes('{"id":"a\\"b"}'), 'id', 1, 4096), undefined, 'escaped');
});

