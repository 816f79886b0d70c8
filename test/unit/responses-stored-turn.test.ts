import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeResponsesRequest } from '../../src/protocols/openai-responses/request.ts';

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
