/**
 * Offline verification of a whole ledger against its signed checkpoints.
 *
 * What a checkpoint promises: a validly signed checkpoint (S, R) commits to the exact first S
 * leaves: R = MTH(leafHash(record 0 bytes), ..., leafHash(record S-1 bytes)). If recomputation
 * from the stored bytes matches every checkpoint, then every pair of checkpoints is consistent
 * (both are prefixes of one recomputed sequence), so no consistency proofs are needed.
 *
 * The pass: one stream over records [0, head.size) in index order, `batch` at a time, holding
 * only a CompactRange (O(log n) hashes), so millions of records need no more memory than one
 * batch. For each record: its index must be the next one, and leafHash(bytes) must equal the
 * stored leaf hash. Whenever the tree reaches the size of a trusted checkpoint (stored ones that
 * open with a known key and the right origin, plus `external` ones kept elsewhere), the
 * recomputed root must equal the signed one. `confirmed` is the largest size matched so far:
 * records [0, confirmed) are exactly what was signed. The first problem in index order wins.
 *
 * How each kind of tampering shows, and the index reported:
 *  - bytes changed, leaf hash left alone: leafHash(bytes) differs at that index. Exact.
 *  - bytes and leaf hash rewritten together (frontier too): the records agree with themselves,
 *    but the first trusted checkpoint above the change has another root. A root only says that
 *    something in [confirmed, S) differs, not which leaf, so firstBadIndex = confirmed and
 *    badRange = [confirmed, S). Walking the checkpoints in size order is a bisection by the signed
 *    roots: every checkpoint below matched, so no leaf below `confirmed` changed. The index is
 *    exact when a checkpoint exists at every size, and a lower bound otherwise.
 *  - a record deleted: its index is missing (a gap), exact; if later records were renumbered to
 *    close the gap, every later leaf shifts and the next checkpoint mismatches, as above.
 *  - a record inserted: a repeated index, exact; renumbered, the next checkpoint mismatches.
 *  - records reordered: moved with their leaf hashes, a checkpoint mismatch; bytes moved alone, a
 *    leaf hash mismatch at the lower index.
 *  - tail truncated below a checkpoint: the ledger ends at k < S; firstBadIndex = k. If the
 *    checkpoints above k were deleted too, only an `external` checkpoint can tell.
 *  - a forged or altered stored checkpoint (bad signature by a known key, only unknown signers,
 *    malformed, another origin) commits to nothing. If a later trusted checkpoint covers its size,
 *    the records are fine and only that row is bad (firstBadIndex undefined); otherwise records
 *    from `confirmed` on are covered only by the forgery, so firstBadIndex = confirmed.
 *  - a checkpoint row whose size/root columns disagree with its signed note, or rows out of size
 *    order: reported with firstBadIndex undefined (the signed note is what counts).
 *  - the store's head root differs from the recomputed one: its unsigned frontier, or records
 *    after the last checkpoint, were altered; firstBadIndex = confirmed if records lie past it.
 */
import { openCheckpoint, type OpenedCheckpoint } from './checkpoint.ts';
import { CompactRange, isHash, leafHash } from './merkle.ts';
import { parseVerifier } from './note.ts';

/** What verifyLedger reads: a LedgerStore satisfies it. */
export interface LedgerSource {
  head(): Promise<{ readonly size: number; readonly rootHash: Buffer }>;
  /** Records from <= index < to, in index order (may return fewer; verify reads on from the next index). */
  read(from: number, to: number): Promise<readonly { readonly index: number; readonly bytes: Buffer; readonly leafHash: Buffer }[]>;
  /** Stored checkpoints, by size ascending. */
  checkpoints(): Promise<readonly { readonly size: number; readonly rootHash: Buffer; readonly note: string }[]>;
}

export interface VerifyOptions {
  /** Verifier key texts (`<name>+<hash>+<key>`); a checkpoint needs a valid signature by one. */
  readonly verifiers: readonly string[];
  /** The checkpoints' origin line. */
  readonly origin: string;
  /** Signed checkpoint notes kept outside the store (witnesses, exports, earlier audits). */
  readonly external?: readonly string[];
  /** Records read per call; default 4096. */
  readonly batch?: number;
}

export interface VerifyOk {
  readonly ok: true;
  readonly size: number;
  readonly rootHash: Buffer;
  /** Trusted checkpoints checked (stored and external). */
  readonly checkpoints: number;
  /** Largest checkpointed size: records at or past it are not yet covered by a signature. */
  readonly covered: number;
}

export interface VerifyFailure {
  readonly ok: false;
  /** First index whose stored data no longer matches what the checkpoints commit to. */
  readonly firstBadIndex: number | undefined;
  readonly problem: string;
  /** When only a signed root mismatched: the bad record is somewhere in [from, to). */
  readonly badRange?: { readonly from: number; readonly to: number };
}

export type VerifyResult = VerifyOk | VerifyFailure;

interface Commitment {
  readonly size: number;
  readonly rootHash: Buffer;
  readonly label: string;
}

function fail(firstBadIndex: number | undefined, problem: string, badRange?: { from: number; to: number }): VerifyFailure {
  return badRange ? { ok: false, firstBadIndex, problem, badRange } : { ok: false, firstBadIndex, problem };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function short(hash: Buffer): string {
  return hash.toString('hex').slice(0, 16);
}

export async function verifyLedger(source: LedgerSource, options: VerifyOptions): Promise<VerifyResult> {
  // Bad key texts or options are the caller's mistake, not evidence about the ledger: throw.
  const verifiers = options.verifiers.map((text) => parseVerifier(text));
  if (verifiers.length === 0) throw new Error('verifyLedger: at least one verifier key is needed');
  const batch = options.batch ?? 4096;
  if (!Number.isSafeInteger(batch) || batch < 1) throw new RangeError(`verifyLedger: invalid batch ${batch}`);

  const trusted: Commitment[] = [];
  for (const [i, note] of (options.external ?? []).entries()) {
    try {
      const checkpoint = openCheckpoint(note, verifiers, options.origin);
      trusted.push({ size: checkpoint.size, rootHash: checkpoint.rootHash, label: `external checkpoint at size ${checkpoint.size}` });
    } catch (error) {
      return fail(undefined, `external checkpoint #${i + 1} is not valid: ${messageOf(error)}`);
    }
  }

  const forged: { size: number; problem: string }[] = [];
  const rowProblems: string[] = [];
  let previousSize = -1;
  for (const row of await source.checkpoints()) {
    let checkpoint: OpenedCheckpoint;
    try {
      checkpoint = openCheckpoint(row.note, verifiers, options.origin);
    } catch (error) {
      forged.push({ size: row.size, problem: `stored checkpoint at size ${row.size} is not valid: ${messageOf(error)}` });
      continue;
    }
    trusted.push({ size: checkpoint.size, rootHash: checkpoint.rootHash, label: `checkpoint at size ${checkpoint.size}` });
    if (checkpoint.size !== row.size || !isHash(row.rootHash) || !checkpoint.rootHash.equals(row.rootHash)) {
      rowProblems.push(`stored checkpoint row at size ${row.size} does not match its signed note (size ${checkpoint.size})`);
    }
    if (checkpoint.size < previousSize) {
      rowProblems.push(`stored checkpoint sizes go backwards: ${checkpoint.size} after ${previousSize}`);
    }
    previousSize = Math.max(previousSize, checkpoint.size);
  }
  trusted.sort((a, b) => a.size - b.size);
  const also = forged.length > 0 ? ` (also: ${forged.length} stored checkpoint(s) not valid)` : '';

  const head = await source.head();
  const size = head.size;
  const tree = new CompactRange();
  let confirmed = 0;
  let next = 0;
  // Compares the tree, now at tree.size leaves, with every trusted checkpoint of that size.
  const reach = (): VerifyFailure | undefined => {
    let root: Buffer | undefined;
    for (let c = trusted[next]; c && c.size === tree.size; c = trusted[++next]) {
      root ??= tree.root();
      if (!root.equals(c.rootHash)) {
        return fail(
          confirmed,
          `${c.label} signs root ${short(c.rootHash)}… but records [0, ${c.size}) hash to ${short(root)}…: ` +
            `a record in [${confirmed}, ${c.size}) was changed, inserted, deleted or reordered${also}`,
          { from: confirmed, to: c.size },
        );
      }
      confirmed = c.size;
    }
    return undefined;
  };

  let failure = reach();
  let index = 0;
  while (!failure && index < size) {
    const records = await source.read(index, Math.min(size, index + batch));
    if (records.length === 0) {
      failure = fail(index, `record ${index} is missing: the ledger's head says ${size} records${also}`);
      break;
    }
    for (const record of records) {
      if (record.index !== index) {
        failure =
          record.index > index
            ? fail(index, `record ${index} is missing: the next stored record is ${record.index}${also}`)
            : fail(record.index, `record index ${record.index} appears again after ${index - 1} (inserted or reordered)${also}`);
        break;
      }
      const hash = leafHash(record.bytes);
      if (!isHash(record.leafHash) || !hash.equals(record.leafHash)) {
        failure = fail(index, `record ${index} does not match its stored leaf hash: its bytes were changed${also}`);
        break;
      }
      tree.append(hash);
      index += 1;
      failure = reach();
      if (failure || index === size) break;
    }
  }
  if (failure) return failure;

  // Checkpoints past the end: records were cut off. Name the largest, the full extent of the loss.
  const beyond = trusted[trusted.length - 1];
  if (next < trusted.length && beyond) {
    return fail(
      size,
      `${beyond.label} commits to ${beyond.size} records but the ledger holds ${size}: ` +
        `records [${size}, ${beyond.size}) were deleted${also}`,
      { from: size, to: beyond.size },
    );
  }

  // A forged row matters only where no trusted checkpoint vouches for the records it claims to cover.
  const uncovered = forged.find((row) => row.size > confirmed);
  if (uncovered) {
    return fail(confirmed, `${uncovered.problem}; records from ${confirmed} on are not covered by a valid checkpoint`);
  }
  if (forged[0]) return fail(undefined, `${forged[0].problem} (the records it covers match later valid checkpoints)`);
  if (rowProblems[0]) return fail(undefined, rowProblems[0]);

  const rootHash = tree.root();
  if (!isHash(head.rootHash) || !rootHash.equals(head.rootHash)) {
    return fail(
      confirmed < size ? confirmed : undefined,
      `the store's head root ${isHash(head.rootHash) ? short(head.rootHash) : '(invalid)'}… differs from the ` +
        `recomputed root ${short(rootHash)}… at size ${size}: its tree frontier or records after ${confirmed} were altered`,
    );
  }
  return { ok: true, size, rootHash, checkpoints: trusted.length, covered: confirmed };
}
