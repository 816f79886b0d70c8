import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { embeddedDefaultConfig } from '../../src/config/defaults.ts';
import { ledgerSchema } from '../../src/config/ledger-schema.ts';
import type { Config } from '../../src/config/schema.ts';
import { openLedger, type Ledger } from '../../src/ledger/index.ts';
import { compilePolicy, policyVersion } from '../../src/policy/compile.ts';
import { PolicyEngine } from '../../src/policy/engine.ts';
import { MemoryPolicyStore } from '../../src/policy/state/memory.ts';
import { PolicyHistory } from '../../src/server/admin/policy.ts';
import { recordPolicyReload, recordStart } from '../../src/server/ledger-events.ts';

// The console's policy history survives a restart: the ledger keeps the policy of every start
// and reload, and a new gateway recalls the versions of earlier runs from it.

const base = embeddedDefaultConfig({ standinUrl: 'http://127.0.0.1:4010', agentKeyHash: `sha256:${'b'.repeat(64)}` });
const withReason = (reason: string): Config => {
  const config = structuredClone(base);
  (config.policy.rules[0] as { reason: string }).reason = reason;
  return config;
};

describe('policy history across restarts', () => {
  let dir: string;
  let ledger: Ledger;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portcullis-history-'));
    ledger = await openLedger(ledgerSchema.parse({ path: join(dir, 'ledger.sqlite'), keyDir: join(dir, 'keys') }));
  });
  after(async () => {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('versions of earlier runs come first, in order, each once; the version running now last', async () => {
    const [a, b, c] = [withReason('first'), withReason('second'), withReason('third')];
    await recordStart(ledger, a, policyVersion(a));
    await recordPolicyReload(ledger, b, policyVersion(b), policyVersion(a));
    await recordStart(ledger, b, policyVersion(b)); // a restart with the same policy
    // A record whose policy does not hash to its version (edited by hand) is not recalled.
    await ledger.record({ type: 'policy.reload', time: Date.now(), outcome: 'success', ruleIds: [], fields: { policyVersion: policyVersion(c), previous: policyVersion(b), policy: { forged: true } } });
    await ledger.writer.flush();

    const engine = new PolicyEngine(compilePolicy(c), { store: new MemoryPolicyStore() });
    const history = new PolicyHistory(engine, c);
    await history.recall(ledger.store);
    assert.deepEqual(history.summary().history.map((h) => h.version), [policyVersion(a), policyVersion(b), policyVersion(c)]);
    const diff = history.diff(history.find(policyVersion(a))!, history.find(policyVersion(b))!);
    assert.match(diff, /^-.*first$/m);
    assert.match(diff, /^\+.*second$/m);
  });
});
