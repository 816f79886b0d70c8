import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { rawRequest, startHarness, type Harness } from '../helpers/harness.ts';

// The dataProtection section through the real gateway and the real detectors: what the provider
// receives, per action and destination, and what policy sees.

const PROMPT = 'Patient Maria Gonzalez, SSN 219-45-8812, card 4539 1488 0343 6467, email maria.g@example.org.';

describe('data protection in the gateway', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      configure(config) {
        // standin-gpt's provider has a BAA; standin-claude's does not.
        config.providers[0]!.flags = ['baa'];
        config.dataProtection = {
          detectors: ['pii', 'secrets'], threshold: 0.5, allow: [], responses: true, responseRules: [],
          rules: [
            { types: ['SECRET_*'], action: 'block', agents: ['*'], providers: ['*'], unlessProviderFlags: [] },
            { types: ['US_SSN', 'PERSON'], action: 'block', agents: ['*'], providers: ['*'], unlessProviderFlags: ['baa'] },
            { types: ['CREDIT_CARD'], action: 'partial', agents: ['*'], providers: ['*'], unlessProviderFlags: [] },
            { types: ['EMAIL_ADDRESS'], action: 'mask', agents: ['*'], providers: ['*'], unlessProviderFlags: [] },
            { types: ['US_SSN', 'PERSON'], action: 'tokenize', agents: ['*'], providers: ['*'], unlessProviderFlags: [] },
          ],
        };
        config.policy.rules.push({ id: 'no-bulk-ssn', on: ['llm.request'], when: 'findings.counts[?"US_SSN"].orValue(0) >= 3',
          action: 'deny', mode: 'enforce', reason: 'too many SSNs in one request', severity: 'high', tags: {} } as never);
      },
    });
  });
  after(() => h.close());
  const providerSaw = () => h.standin.requests.at(-1)!.body.toString();

  test('to a provider with a BAA: names and SSNs tokenized, the card partial, the email masked; the agent gets its values back', async () => {
    const completion = await h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: PROMPT }] });
    const sent = providerSaw();
    assert.match(sent, /Patient <PERSON_1>, SSN <US_SSN_1>, card 453914\*{6}6467, email \[EMAIL_ADDRESS\]\./);
    for (const value of ['Maria', '219-45-8812', '4539 1488', 'maria.g@']) assert.ok(!sent.includes(value), value);
    assert.equal(completion.choices[0]?.message.content,
      'Stand-in reply to: Patient Maria Gonzalez, SSN 219-45-8812, card 453914******6467, email [EMAIL_ADDRESS].');
  });

  test('to a provider without a BAA: PHI is blocked, naming the types and never the values', async () => {
    const before = h.standin.requests.length;
    await assert.rejects(
      h.anthropic().messages.create({ model: 'standin-claude', max_tokens: 64, messages: [{ role: 'user', content: PROMPT }] }),
      (e: unknown) => e instanceof Error && 'status' in e && e.status === 403 &&
        /sensitive data that may not be sent to provider 'standin-anthropic': PERSON, US_SSN/.test(e.message) && !e.message.includes('219-45'));
    assert.equal(h.standin.requests.length, before, 'nothing reached the provider');
  });

  test('a secret is blocked wherever it goes, and the record keeps only types and counts', async () => {
    const response = await rawRequest(h.url, '/v1/chat/completions', {
      headers: { authorization: `Bearer ${h.agentKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'standin-gpt', messages: [{ role: 'user', content: 'deploy with key AKIAQYLPMN5HFIQR7XYZ please' }] }),
    });
    assert.equal(response.status, 403);
    assert.match(response.json.error.message, /SECRET_AWS_ACCESS_TOKEN/);
    assert.ok(!response.text.includes('AKIA'), 'the error names the type, not the value');
    const record = await h.recordOf(response);
    assert.equal(record.errorCode, 'sensitive_data_blocked');
    assert.deepEqual(record.request?.findings?.map((f) => f.type), ['SECRET_AWS_ACCESS_TOKEN']);
    assert.deepEqual(record.protectedData, { SECRET_AWS_ACCESS_TOKEN: { block: 1 } }, 'what was done, by type and action, for the ledger');
  });

  test('policy rules read the findings', async () => {
    const many = 'SSNs: 219-45-8812, 536-22-1289, 412-78-5530.';
    await assert.rejects(h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: many }] }),
      (e: unknown) => e instanceof OpenAI.PermissionDeniedError && /no-bulk-ssn/.test(e.message));
  });

  test('text without sensitive data goes out byte for byte', async () => {
    const body = JSON.stringify({ model: 'standin-gpt', messages: [{ role: 'user', content: 'Summarise the claim status, politely.' }] });
    await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${h.agentKey}`, 'content-type': 'application/json' }, body });
    assert.equal(providerSaw(), body);
  });
});
