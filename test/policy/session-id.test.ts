import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Exchange } from '../../src/core/exchange.ts';
import { namedSessionId, sessionIdFor } from '../../src/policy/session-id.ts';

// Both doors name a session the same way (the LLM door through sessionIdFor, the MCP door through
// namedSessionId), so a taint one adds holds at the other.

const exchange = (system: string, user: string): Exchange => ({
  protocol: 'openai-chat', direction: 'request', model: 'm', stream: false, messageCount: 2, toolDefinitions: [], toolCalls: [],
  parts: [
    { source: 'system', text: system, messageIndex: 0, path: ['messages', 0, 'content'] },
    { source: 'user', text: user, messageIndex: 1, path: ['messages', 1, 'content'] },
  ],
});

describe('session ids', () => {
  test('a named session is the agent\'s, under the configured header, and the same at both doors', () => {
    const headers = { 'x-case': 'case-77' };
    assert.equal(namedSessionId('claims', headers, 'x-case'), 'claims:h:case-77');
    assert.equal(sessionIdFor('claims', headers, 'x-case', exchange('s', 'u')), 'claims:h:case-77');
    assert.equal(namedSessionId('other', headers, 'x-case'), 'other:h:case-77', 'scoped to the agent');
    assert.equal(namedSessionId('claims', headers, 'x-portcullis-session'), undefined, 'another header names nothing');
    assert.equal(namedSessionId('claims', { 'x-case': ['first', 'second'] }, 'x-case'), 'claims:h:first');
  });

  test('an unusable header names nothing, and the session is the conversation', () => {
    for (const value of ['', 'x'.repeat(129), 'two words', 'tab\there', 'café']) {
      assert.equal(namedSessionId('claims', { 'x-case': value }, 'x-case'), undefined, JSON.stringify(value));
    }
    assert.equal(namedSessionId('claims', { 'x-case': 'x'.repeat(128) }, 'x-case'), `claims:h:${'x'.repeat(128)}`);
    const first = sessionIdFor('claims', {}, 'x-case', exchange('You file claims.', 'Claim 12, please.'));
    assert.match(first, /^claims:c:[0-9a-f]{32}$/);
    assert.equal(sessionIdFor('claims', { 'x-case': 'two words' }, 'x-case', exchange('You file claims.', 'Claim 12, please.')), first);
    assert.notEqual(sessionIdFor('claims', {}, 'x-case', exchange('You file claims.', 'Claim 13, please.')), first);
  });
});
