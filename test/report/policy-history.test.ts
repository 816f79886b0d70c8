import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { embeddedDefaultConfig } from '../../src/config/defaults.ts';
import { policyVersion } from '../../src/policy/compile.ts';
import { decisivePolicy } from '../../src/policy/source.ts';
import { policyChanges } from '../../src/report/incidents.ts';
import type { LedgerRecord } from '../../src/report/records.ts';

// The ledger keeps the policy at every start and reload (server/ledger-events.ts); the report
// checks each kept policy against the version its record names and shows what a reload changed.

const config = embeddedDefaultConfig({ standinUrl: 'http://127.0.0.1:4010', agentKeyHash: `sha256:${'a'.repeat(64)}` });
const changed = structuredClone(config);
const rule = changed.policy.rules[0]!;
(rule as { reason: string }).reason = 'a reason rewritten after an incident';

const record = (index: number, type: string, body: Record<string, unknown>): LedgerRecord =>
  ({ index, time: index, type, principal: '', outcome: 'success', body: { time: new Date(index).toISOString(), ...body } });

describe('policy history in the report', () => {
  const a = policyVersion(config);
  const b = policyVersion(changed);

  test('kept policies are checked against their versions, and a reload shows what changed', () => {
    assert.notEqual(a, b);
    const [start, reload] = policyChanges([
      record(0, 'gateway.start', { policyVersion: a, policy: decisivePolicy(config) }),
      record(5, 'policy.reload', { policyVersion: b, previous: a, policy: decisivePolicy(changed) }),
    ], []);
    assert.equal(start?.text, 'verified');
    assert.equal(start?.diff, undefined, 'nothing before it to compare with');
    assert.equal(reload?.text, 'verified');
    assert.match(reload?.diff ?? '', /^--- sha256:[0-9a-f]{64}\n\+\+\+ sha256:[0-9a-f]{64}\n/);
    assert.match(reload?.diff ?? '', /^\+.*a reason rewritten after an incident$/m);
    assert.match(reload?.diff ?? '', /^-.*reason: /m);
  });

  test('a kept policy that does not hash to its version is called out; records from before policies were kept say so', () => {
    const [tampered, legacy] = policyChanges([
      record(0, 'gateway.start', { policyVersion: a, policy: decisivePolicy(changed) }),
      record(1, 'policy.reload', { policyVersion: b, previous: a }),
    ], []);
    assert.equal(tampered?.text, 'mismatch');
    assert.equal(legacy?.text, 'absent');
    assert.equal(legacy?.diff, undefined);
  });
});
