/**
 * The ledger as the console sees it: which store, how many records, the newest signed
 * checkpoint (`GET /admin/ledger`), and a full verification on demand
 * (`POST /admin/ledger/verify`, the same check as `portcullis audit verify`). Verification
 * reads every record: it runs on the gateway's store connection, in batches, off no one's
 * request but the admin's who asked.
 */
import { GatewayError } from '../../core/errors.ts';
import type { Ledger } from '../../ledger/index.ts';
import { trustedVerifierKeys } from '../../ledger/secrets.ts';
import { verifyLedger } from '../../ledger/verify.ts';

export async function ledgerStatus(ledger: Ledger | undefined) {
  if (ledger === undefined) return { store: null, size: 0, lastCheckpoint: null };
  // Records still queued are not in the tree yet: the size is what is committed.
  const { size } = await ledger.store.head();
  const latest = ledger.checkpoints.latest;
  return {
    store: ledger.config.store,
    size,
    lastCheckpoint: latest === undefined ? null : {
      treeSize: latest.size, rootHash: latest.rootHash.toString('base64'), time: new Date(latest.createdAt).toISOString(),
    },
  };
}

export async function verifyRunningLedger(ledger: Ledger | undefined) {
  if (ledger === undefined) throw new GatewayError('not_found', 'no_ledger', 'no ledger is configured, so there is nothing to verify');
  const verifiers = trustedVerifierKeys(ledger.config);
  if (verifiers.length === 0) throw new GatewayError('unavailable', 'no_verifier_key', 'no verifier key: set ledger.signingKey or ledger.verifierKeys');
  // What the gateway has accepted should be checked too: wait for queued records to commit.
  await ledger.writer.flush();
  const result = await verifyLedger(ledger.store, { verifiers, origin: ledger.config.origin });
  if (result.ok) {
    return { ok: true, size: result.size, rootHash: result.rootHash.toString('base64'), checkpoints: result.checkpoints, covered: result.covered };
  }
  const { size } = await ledger.store.head();
  return {
    ok: false, size, problem: result.problem,
    ...(result.firstBadIndex === undefined ? {} : { firstBadIndex: result.firstBadIndex }),
    ...(result.badRange === undefined ? {} : { badRange: result.badRange }),
  };
}
