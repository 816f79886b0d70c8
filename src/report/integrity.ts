/**
 * The integrity attestation a report is built on: `verifyLedger` over the whole ledger (the
 * same check as `portcullis audit verify`), the latest signed checkpoint, and inclusion proofs
 * of the sample records against that checkpoint, each checked before it is printed.
 */
import type { LedgerConfig } from '../config/ledger-schema.ts';
import { inclusionProofAsync } from '../ledger/merkle-proof.ts';
import { leafHash, verifyInclusion } from '../ledger/merkle.ts';
import { trustedVerifierKeys } from '../ledger/secrets.ts';
import type { LedgerStore, StoredCheckpoint } from '../ledger/types.ts';
import { verifyLedger } from '../ledger/verify.ts';

export interface Attestation {
  readonly verified: boolean;
  /** What verification said, as `audit verify` prints it. */
  readonly statement: string;
  readonly firstBadIndex?: number;
  readonly ledgerSize: number;
  readonly signedCheckpoints: number;
  /** The checkpoint the report's numbers and proofs are built from. */
  readonly checkpoint: { readonly size: number; readonly rootHash: string; readonly note: string; readonly signedAt: string };
  readonly origin: string;
}

export interface SampleProof {
  readonly index: number;
  /** SHA-256(0x00 || record bytes), recomputed from the stored bytes, base64. */
  readonly leafHash: string;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly hashes: readonly string[];
  /** verifyInclusion(index, size, leafHash, hashes, root) with the ledger's own code. */
  readonly verified: boolean;
}

export class NoCheckpointError extends Error {}

export async function attest(store: LedgerStore, ledger: LedgerConfig): Promise<{ attestation: Attestation; checkpoint: StoredCheckpoint }> {
  const verifiers = trustedVerifierKeys(ledger);
  if (verifiers.length === 0) throw new NoCheckpointError('no verifier key: set ledger.signingKey or ledger.verifierKeys, or run where the key file is');
  const checkpoint = (await store.checkpoints()).at(-1);
  if (checkpoint === undefined) throw new NoCheckpointError('the ledger has no signed checkpoint yet: a report is built from one');
  const outcome = await verifyLedger(store, { verifiers, origin: ledger.origin });
  const { size } = await store.head();
  const statement = outcome.ok
    ? `OK: ${outcome.size} records, root ${outcome.rootHash.toString('base64')}, ${outcome.checkpoints} signed checkpoints verified`
    : `FAILED${outcome.firstBadIndex === undefined ? '' : ` at index ${outcome.firstBadIndex}`}: ${outcome.problem}`;
  return {
    checkpoint,
    attestation: {
      verified: outcome.ok, statement,
      ...(!outcome.ok && outcome.firstBadIndex !== undefined ? { firstBadIndex: outcome.firstBadIndex } : {}),
      ledgerSize: size,
      signedCheckpoints: outcome.ok ? outcome.checkpoints : (await store.checkpoints()).length,
      checkpoint: {
        size: checkpoint.size, rootHash: checkpoint.rootHash.toString('base64'), note: checkpoint.note,
        signedAt: new Date(checkpoint.createdAt).toISOString(),
      },
      origin: ledger.origin,
    },
  };
}

/** Inclusion proofs of `indices` against the checkpoint; leaf hashes are read once for all of them. */
export async function proveSamples(store: LedgerStore, checkpoint: StoredCheckpoint, indices: readonly number[]): Promise<SampleProof[]> {
  const wanted = [...new Set(indices)].filter((i) => i < checkpoint.size).sort((a, b) => a - b);
  if (wanted.length === 0) return [];
  const leaves = await store.leafHashes(0, checkpoint.size);
  const get = (a: number, b: number) => Promise.resolve(leaves.slice(a, b));
  const proofs: SampleProof[] = [];
  for (const index of wanted) {
    const [record] = await store.read(index, index + 1);
    if (record === undefined) continue;
    const leaf = leafHash(record.bytes);
    const hashes = await inclusionProofAsync(index, checkpoint.size, get);
    proofs.push({
      index, leafHash: leaf.toString('base64'), treeSize: checkpoint.size, rootHash: checkpoint.rootHash.toString('base64'),
      hashes: hashes.map((h) => h.toString('base64')),
      verified: verifyInclusion(index, checkpoint.size, leaf, hashes, checkpoint.rootHash),
    });
  }
  return proofs;
}
