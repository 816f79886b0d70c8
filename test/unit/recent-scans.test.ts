import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dataProtectionSchema } from '../../src/config/data-schema.ts';
import type { Exchange } from '../../src/core/exchange.ts';
import type { Recognizer } from '../../src/detect/types.ts';
import { DataProtectionGuard } from '../../src/guards/data-protection.ts';
import { RecentScans } from '../../src/guards/recent-scans.ts';
import { decodeChatRequest } from '../../src/protocols/openai-chat/request.ts';

/** A scanner that counts its calls and finds one thing per "x" in the text. */
function counting(): { scan: (text: string) => number[]; calls: string[] } {
  const calls: string[] = [];
  return { calls, scan: (text) => (calls.push(text), [...text.matchAll(/x/g)].map((m) => m.index)) };
}

describe('RecentScans', () => {
  test('a text is scanned once per scope, and the remembered result is the scan\'s', () => {
    const recent = new RecentScans<number[]>((found) => found.length);
    const { scan, calls } = counting();
    const first = recent.get('agent-a', 'one x, two x', scan);
    assert.deepEqual(recent.get('agent-a', 'one x, two x', scan), first);
    assert.deepEqual(calls, ['one x, two x']);
    recent.get('agent-b', 'one x, two x', scan);
    assert.equal(calls.length, 2, 'another scope scans again: one agent cannot time another\'s texts');
    recent.get('agent-a', 'one x, two x ', scan);
    assert.equal(calls.length, 3, 'one more character is another text');
  });

  test('bounded by weight, least recently used first out; a result heavier than the budget is not kept', () => {
    const recent = new RecentScans<number[]>((found) => found.length, 10);
    const { scan, calls } = counting();
    recent.get('s', 'xx', scan); // weight 3
    recent.get('s', 'xxx', scan); // weight 4: 7 in all
    recent.get('s', 'xx', scan); // a hit: now the most recently used
    recent.get('s', 'xxxx', scan); // weight 5: 12 > 10, so 'xxx' goes
    assert.equal(recent.size, 2);
    calls.length = 0;
    recent.get('s', 'xx', scan);
    recent.get('s', 'xxxx', scan);
    assert.deepEqual(calls, [], 'the two kept are hits');
    recent.get('s', 'xxx', scan);
    assert.deepEqual(calls, ['xxx'], 'the evicted one is scanned again');
    const heavy = 'x'.repeat(20);
    recent.get('s', heavy, scan);
    recent.get('s', heavy, scan);
    assert.equal(calls.filter((c) => c === heavy).length, 2, 'never kept');
    assert.ok(recent.size <= 3);
  });
});

describe('data protection remembers what an agent resent', () => {
  const scanned: string[] = [];
  const recognizer: Recognizer = {
    name: 'counted_ssn', detector: 'pii', types: ['US_SSN'],
    find: ({ text }) => {
      scanned.push(text);
      return [...text.matchAll(/\d{3}-\d{2}-\d{4}/g)].map((m) => ({ type: 'US_SSN', start: m.index, end: m.index + 11, score: 0.9 }));
    },
  };
  const guard = new DataProtectionGuard(dataProtectionSchema.parse({ detectors: ['pii'], rules: [{ types: ['*'], action: 'tokenize' }] }), [recognizer]);
  const history = [
    { role: 'user', content: 'My SSN is 219-45-8812, please file the form.' },
    { role: 'assistant', content: 'Filed.' },
  ];
  const turn = (agentId: string, last: string) => {
    const exchange: Exchange = decodeChatRequest({ model: 'm', messages: [...history, { role: 'user', content: last }] });
    const verdict = guard.onRequest({ exchange, principal: { agentId }, context: { policy: [] } } as never);
    return { exchange, verdict };
  };

  test('only the new message is scanned, and the resent SSN is still tokenized', () => {
    turn('agent-a', 'Thanks. And the other form?');
    scanned.length = 0;
    const { exchange, verdict } = turn('agent-a', 'One more: 078-05-1120.');
    assert.deepEqual(scanned, ['One more: 078-05-1120.']);
    assert.deepEqual(exchange.findings?.map((f) => [f.partIndex, f.type]), [[0, 'US_SSN'], [2, 'US_SSN']]);
    assert.equal(verdict !== undefined && 'edits' in verdict ? verdict.edits.length : 0, 2, 'both values replaced');
    scanned.length = 0;
    turn('agent-b', 'One more: 078-05-1120.');
    assert.equal(scanned.length, 3, 'another agent\'s identical conversation is scanned in full');
  });

  test('an answer scanned on its way out is not scanned again when the agent sends it back', () => {
    const answer = 'Your claim 219-45-8812 was filed on Monday.';
    const response: Exchange = { ...decodeChatRequest({ model: 'm', messages: [{ role: 'user', content: 'Status?' }] }), direction: 'response', parts: [{ source: 'assistant', messageIndex: 0, text: answer, path: ['choices', 0, 'message', 'content'] }] };
    scanned.length = 0;
    guard.onResponse({ exchange: response, principal: { agentId: 'agent-c' }, context: { policy: [] } } as never);
    assert.deepEqual(response.findings?.map((f) => f.type), ['US_SSN']);
    const next: Exchange = decodeChatRequest({ model: 'm', messages: [{ role: 'assistant', content: answer }, { role: 'user', content: 'Thanks!' }] });
    guard.onRequest({ exchange: next, principal: { agentId: 'agent-c' }, context: { policy: [] } } as never);
    assert.deepEqual(scanned, [answer, 'Thanks!']);
    assert.deepEqual(next.findings?.map((f) => [f.partIndex, f.type]), [[0, 'US_SSN']]);
  });
});
