import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openAIResponses } from '../../src/protocols/openai-responses/index.ts';
import { decodeResponsesRequest } from '../../src/protocols/openai-responses/request.ts';
import { ExchangeRecord } from '../../src/server/record.ts';
import { captureBufferedResponse, StreamCapture } from '../../src/server/response-capture.ts';

// A Responses request's place in a conversation the provider stores: what provenance reads it
// on top of (continues), and whether its own turn is kept for the next one.
test('a Responses request says which stored turn it continues and whether its own is kept', () => {
  const stored = (body: Record<string, unknown>) => decodeResponsesRequest({ model: 'm', input: 'hi', ...body }).stored;
  assert.deepEqual(stored({}), { kept: true }, 'store defaults to true');
  assert.equal(stored({ store: false }), undefined);
  assert.deepEqual(stored({ previous_response_id: 'resp_1' }), { kept: true, continues: 'response:resp_1' });
  assert.deepEqual(stored({ previous_response_id: 'resp_1', store: false }), { kept: false, continues: 'response:resp_1' });
  assert.deepEqual(stored({ conversation: 'conv_1' }), { kept: true, continues: 'conversation:conv_1', conversation: 'conversation:conv_1' });
  assert.deepEqual(stored({ conversation: { id: 'conv_2' } }), { kept: true, continues: 'conversation:conv_2', conversation: 'conversation:conv_2' });
  assert.deepEqual(stored({ conversation: { id: 7 }, previous_response_id: null }), { kept: true }, 'no id, nothing to continue');
});

test('the id a stored response is kept under is read from a stream cut anywhere, and from a JSON body', () => {
  const request = decodeResponsesRequest({ model: 'm', input: 'hi', previous_response_id: 'resp_0' });
  const stream = 'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"resp_7","object":"response","output":[]}}\n\n' +
    'event: response.completed\ndata: {"type":"response.completed","sequence_number":1,"response":{"id":"resp_7","object":"response","output":[],"usage":null}}\n\n';
  for (const size of [1, 7, 64, stream.length]) {
    const record = new ExchangeRecord('r', '/v1/responses', '127.0.0.1');
    record.request = request;
    const capture = new StreamCapture(openAIResponses, record, false, 1 << 20);
    for (let at = 0; at < stream.length; at += size) capture.push(Buffer.from(stream.slice(at, at + size)));
    capture.finish();
    assert.equal(record.storedResponseId, 'resp_7', `chunks of ${size}`);
  }
  const record = new ExchangeRecord('r', '/v1/responses', '127.0.0.1');
  record.request = request;
  captureBufferedResponse(openAIResponses, record, Buffer.from('{"id":"resp_8","object":"response","output":[{"id":"msg_1","type":"message"}]}'), false);
  assert.equal(record.storedResponseId, 'resp_8');
  // A turn the provider does not keep is not looked for.
  const unkept = new ExchangeRecord('r', '/v1/responses', '127.0.0.1');
  unkept.request = decodeResponsesRequest({ model: 'm', input: 'hi', store: false });
  captureBufferedResponse(openAIResponses, unkept, Buffer.from('{"id":"resp_9"}'), false);
  assert.equal(unkept.storedResponseId, undefined);
});
