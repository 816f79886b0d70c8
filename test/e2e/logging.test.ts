import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogging, logExchanges } from '../../src/observe/log.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

describe('structured logs', () => {
  const lines: string[] = [];
  let h: Harness;
  before(async () => {
    const logging = createLogging('info', { write: (line: string) => void lines.push(line) });
    h = await startHarness({ observers: [logExchanges(logging)] });
  });
  after(() => h.close());

  it('write one JSON line per exchange with ids, status and timings, and never content or keys', async () => {
    const secret = 'Patient Jane Roe SSN 123-45-6789';
    await h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: secret }] });
    await h.openai().chat.completions
      .stream({ model: 'standin-gpt', messages: [{ role: 'user', content: `get_weather {"city":"${secret}"}` }], tools: [{ type: 'function', function: { name: 'get_weather', parameters: {} } }] })
      .finalChatCompletion();
    await h.openai({ apiKey: 'pcs_stolen-key-value' }).models.list().catch(() => undefined);
    await h.recorded(3);
    assert.equal(lines.length, 3);
    const entries = lines.map((line) => JSON.parse(line));
    assert.deepEqual(entries.map((e) => e.status), [200, 200, 401]);
    for (const entry of entries) {
      assert.equal(entry.msg, 'exchange');
      assert.match(entry.requestId, /^[0-9a-f-]{36}$/);
      assert.equal(typeof entry.totalMs, 'number');
    }
    assert.equal(entries[0].agent, 'demo-agent');
    assert.equal(entries[0].model, 'standin-gpt');
    assert.equal(entries[0].provider, 'standin-openai');
    assert.equal(entries[1].toolCalls, 1);
    assert.equal(entries[2].errorCode, 'invalid_api_key');
    const all = lines.join('\n');
    for (const forbidden of ['Jane', '123-45-6789', h.agentKey, 'stolen-key-value', 'standin-upstream-key', 'Stand-in reply']) {
      assert.ok(!all.includes(forbidden), `log must not contain ${forbidden}`);
    }
  });
});

describe('exchange log line format', () => {
  it('is valid JSON in pino shape and escapes client-supplied strings', async () => {
    const { formatExchangeLine } = await import('../../src/observe/log.ts');
    const line = formatExchangeLine({
      requestId: 'r-1', route: '/v1/chat/completions?"x"', clientAddress: '::1', stream: false, status: 400,
      outcome: 'rejected', errorCode: 'invalid_json', decisions: [], model: 'evil"\n\u2028model', overheadMs: 0.1234567, upstreamMs: 0, totalMs: 1,
    }, 30, '2026-01-01T00:00:00.000Z');
    assert.ok(line.endsWith('}\n') && !line.slice(0, -1).includes('\n'));
    const entry = JSON.parse(line);
    assert.equal(entry.model, 'evil"\n\u2028model');
    assert.equal(entry.level, 30);
    assert.equal(entry.msg, 'exchange');
    assert.equal(entry.overheadMs, 0.123);
    assert.equal(entry.agent, undefined);
  });
});
