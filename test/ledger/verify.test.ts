import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signCheckpoint } from '../../src/ledger/checkpoint.ts';
import { CompactRange, leafHash, rootOf } from '../../src/ledger/merkle.ts';
import { generateKeys, parseSigner, type NoteSigner } from '../../src/ledger/note.ts';
import { verifyLedger, type LedgerSource, type VerifyFailure, type VerifyResult } from '../../src/ledger/verify.ts';

const ORIGIN = 'example.com/ledger';
const keys = generateKeys(ORIGIN);
const signer = parseSigner(keys.privateKey);
const options = { verifiers: [keys.verifierKey], origin: ORIGIN };

interface Rec {
  index: number;
  bytes: Buffer;
  leafHash: Buffer;
}
interface Cp {
  size: number;
  rootHash: Buffer;
  note: string;
}

/** An in-memory store as an attacker with database access sees it: every row is editable. */
class FakeSource implements LedgerSource {
  records: Rec[] = [];
  cps: Cp[] = [];
  /** Unset: the head follows the rows, as if the attacker also fixed up the stored frontier. */
  headSize: number | undefined;
  headRoot: Buffer | undefined;
  widestRead = 0;

  async head() {
    const size = this.headSize ?? this.records.length;
    return { size, rootHash: this.headRoot ?? rootOf(this.records.slice(0, size).map((r) => r.leafHash)) };
  }
  async read(from: number, to: number) {
    this.widestRead = Math.max(this.widestRead, to - from);
    return this.records.filter((r) => r.index >= from && r.index < to).sort((a, b) => a.index - b.index);
  }
  async checkpoints() {
    return this.cps;
  }
  renumber() {
    this.records.forEach((r, i) => {
      r.index = i;
    });
  }
}

function record(i: number, tag = ''): Rec {
  const bytes = Buffer.from(`{"i":${i},"type":"llm.exchange"${tag}}`);
  return { index: i, bytes, leafHash: leafHash(bytes) };
}

function checkpointAt(records: readonly Rec[], size: number, by: NoteSigner = signer, origin = ORIGIN): Cp {
  const rootHash = rootOf(records.slice(0, size).map((r) => r.leafHash));
  return { size, rootHash, note: signCheckpoint({ origin, size, rootHash }, [by]) };
}

/** A ledger of n records with a signed checkpoint at every size in `sizes` (default: every size). */
function ledger(n: number, sizes: readonly number[] = Array.from({ length: n }, (_, i) => i + 1)): FakeSource {
  const source = new FakeSource();
  const range = new CompactRange();
  for (let i = 0; i < n; i++) {
    const r = record(i);
    source.records.push(r);
    range.append(r.leafHash);
    if (sizes.includes(i + 1)) {
      const rootHash = range.root();
      source.cps.push({ size: i + 1, rootHash, note: signCheckpoint({ origin: ORIGIN, size: i + 1, rootHash }, [signer]) });
    }
  }
  return source;
}

const every5 = [5, 10, 15, 20];

/** Flips one base64 character inside the Ed25519 signature (past the 4-byte key ID). */
function corruptSignature(note: string): string {
  const at = note.lastIndexOf(' ') + 20;
  return `${note.slice(0, at)}${note[at] === 'A' ? 'B' : 'A'}${note.slice(at + 1)}`;
}

function failed(result: VerifyResult): VerifyFailure {
  assert.equal(result.ok, false, 'expected the verification to fail');
  return result as VerifyFailure;
}

describe('verifyLedger: an intact ledger', () => {
  it('passes with a checkpoint at every size', async () => {
    const source = ledger(20);
    const result = await verifyLedger(source, options);
    assert.deepEqual(result, {
      ok: true,
      size: 20,
      rootHash: rootOf(source.records.map((r) => r.leafHash)),
      checkpoints: 20,
      covered: 20,
    });
  });

  it('passes with sparse checkpoints and records past the last one, saying what is covered', async () => {
    const result = await verifyLedger(ledger(23, every5), options);
    assert.equal(result.ok, true);
    assert.equal(result.ok && result.covered, 20);
  });

  it('passes an empty ledger, and one with a checkpoint of the empty tree', async () => {
    assert.equal((await verifyLedger(ledger(0), options)).ok, true);
    const source = ledger(3);
    source.cps.unshift(checkpointAt([], 0));
    assert.equal((await verifyLedger(source, options)).ok, true);
  });

  it('streams in batches: 30,000 records never read more than a batch at a time', async () => {
    const sizes = Array.from({ length: 30 }, (_, i) => (i + 1) * 1000);
    const source = ledger(30_000, sizes);
    const result = await verifyLedger(source, { ...options, batch: 500 });
    assert.equal(result.ok, true);
    assert.equal(source.widestRead, 500);

    // A consistent rewrite deep inside: only the signed root of the next checkpoint can tell.
    const r = record(25_123, ',"x":1');
    source.records[25_123] = r;
    const bad = failed(await verifyLedger(source, { ...options, batch: 500 }));
    assert.equal(bad.firstBadIndex, 25_000);
    assert.deepEqual(bad.badRange, { from: 25_000, to: 26_000 });
  });
});

describe('verifyLedger: tampering, each reported at its first bad index', () => {
  it('a record modified (bytes only)', async () => {
    const source = ledger(20);
    (source.records[7] as Rec).bytes = Buffer.from('{"i":7,"type":"nothing to see"}');
    const bad = failed(await verifyLedger(source, options));
    assert.equal(bad.firstBadIndex, 7);
    assert.match(bad.problem, /record 7 does not match its stored leaf hash/);
  });

  it('a record modified with its leaf hash (and the frontier) rewritten to match', async () => {
    const source = ledger(20);
    source.records[7] = record(7, ',"note":"edited"');
    const bad = failed(await verifyLedger(source, options));
    assert.equal(bad.firstBadIndex, 7);
    assert.deepEqual(bad.badRange, { from: 7, to: 8 });
    assert.match(bad.problem, /checkpoint at size 8 signs root/);

    // With a checkpoint every 5 records, the signed roots narrow it to [5, 10).
    const sparse = ledger(20, every5);
    sparse.records[7] = record(7, ',"note":"edited"');
    const rough = failed(await verifyLedger(sparse, options));
    assert.equal(rough.firstBadIndex, 5);
    assert.deepEqual(rough.badRange, { from: 5, to: 10 });
  });

  it('a record deleted, leaving a gap', async () => {
    const source = ledger(20);
    source.records.splice(7, 1);
    source.headSize = 20;
    const bad = failed(await verifyLedger(source, options));
    assert.equal(bad.firstBadIndex, 7);
    assert.match(bad.problem, /record 7 is missing: the next stored record is 8/);
  });

  it('a record deleted and the rest renumbered to hide it', async () => {
    const source = ledger(20);
    source.records.splice(7, 1);
    source.renumber();
    const bad = failed(await verifyLedger(source, options));
    assert.equal(bad.firstBadIndex, 7);
  });

  it('a record inserted under an existing index', async () => {
    const source = ledger(20);
    source.records.splice(8, 0, record(7, ',"forged":true'));
    const bad = failed(await verifyLedger(source, options));
    assert.equal(bad.firstBadIndex, 7);
    assert.match(bad.problem, /record index 7 appears again/);
  });

  it('a record inserted and the rest renumbered', async () => {
    const source = ledger(20);
    source.records.splice(7, 0, record(7, ',"forged":true'));
    source.renumber();
    const bad = failed(await verifyLedger(source, options));
    assert.equal(bad.firstBadIndex, 7);
  });

  it('two records swapped, with or without their leaf hashes', async () => {
    const source = ledger(20);
    const a = source.records[7] as Rec;
    const b = source.records[12] as Rec;
    source.records[7] = { ...b, index: 7 };
    source.records[12] = { ...a, index: 12 };
    assert.equal(failed(await verifyLedger(source, options)).firstBadIndex, 7);

    const bytesOnly = ledger(20);
    const x = bytesOnly.records[7] as Rec;
    const y = bytesOnly.records[12] as Rec;
    [x.bytes, y.bytes] = [y.bytes, x.bytes];
    const bad = failed(await verifyLedger(bytesOnly, options));
    assert.equal(bad.firstBadIndex, 7);
    assert.match(bad.problem, /leaf hash/);
  });

  it('the tail truncated below a checkpoint', async () => {
    const source = ledger(20);
    source.records.splice(15);
    const bad = failed(await verifyLedger(source, options));
    assert.equal(bad.firstBadIndex, 15);
    assert.deepEqual(bad.badRange, { from: 15, to: 20 });
    assert.match(bad.problem, /commits to 20 records but the ledger holds 15/);

    // The head still claims 20 records: the gap shows while reading.
    source.headSize = 20;
    assert.equal(failed(await verifyLedger(source, options)).firstBadIndex, 15);
  });

  it('the tail truncated together with its checkpoints: only an external checkpoint tells', async () => {
    const source = ledger(20);
    const external = [(source.cps[19] as Cp).note];
    source.records.splice(15);
    source.cps.splice(15);
    assert.equal((await verifyLedger(source, options)).ok, true);
    const bad = failed(await verifyLedger(source, { ...options, external }));
    assert.equal(bad.firstBadIndex, 15);
    assert.match(bad.problem, /external checkpoint at size 20/);
  });

  it('a checkpoint signature forged while the records are intact', async () => {
    const source = ledger(20);
    const cp = source.cps[9] as Cp;
    source.cps[9] = { ...cp, note: corruptSignature(cp.note) };
    const bad = failed(await verifyLedger(source, options));
    // Later valid checkpoints vouch for records [0, 20): only the checkpoint row is bad.
    assert.equal(bad.firstBadIndex, undefined);
    assert.match(bad.problem, /checkpoint at size 10 is not valid: signature by example\.com\/ledger\+[0-9a-f]{8} does not verify/);

    // The newest checkpoint forged: nothing valid covers record 19 any more.
    const last = ledger(20);
    const top = last.cps[19] as Cp;
    last.cps[19] = { ...top, note: corruptSignature(top.note) };
    const lastBad = failed(await verifyLedger(last, options));
    assert.equal(lastBad.firstBadIndex, 19);
    assert.match(lastBad.problem, /records from 19 on are not covered by a valid checkpoint/);
  });

  it('a record rewritten and the later checkpoints re-signed with an attacker key', async () => {
    const source = ledger(20);
    source.records[7] = record(7, ',"note":"edited"');
    const attacker = parseSigner(generateKeys(ORIGIN).privateKey);
    for (let size = 8; size <= 20; size++) source.cps[size - 1] = checkpointAt(source.records, size, attacker);
    const bad = failed(await verifyLedger(source, options));
    assert.equal(bad.firstBadIndex, 7);
    assert.match(bad.problem, /checkpoint at size 8 is not valid: note is not signed by any known key/);
  });

  it('a checkpoint signed by the right key for another origin does not count', async () => {
    const source = ledger(20);
    source.cps[19] = checkpointAt(source.records, 20, signer, 'example.com/other');
    const bad = failed(await verifyLedger(source, options));
    assert.equal(bad.firstBadIndex, 19);
    assert.match(bad.problem, /origin "example\.com\/other"/);
  });

  it('a consistent rewrite with every stored checkpoint deleted is caught by an external one', async () => {
    const source = ledger(20);
    const external = [(source.cps[19] as Cp).note];
    source.records[3] = record(3, ',"note":"edited"');
    source.cps = [];
    const bad = failed(await verifyLedger(source, { ...options, external }));
    assert.equal(bad.firstBadIndex, 0);
    assert.deepEqual(bad.badRange, { from: 0, to: 20 });
  });
});

describe('verifyLedger: checkpoint rows, head and options', () => {
  it('an external checkpoint that does not open fails the run', async () => {
    const source = ledger(5);
    const bad = failed(await verifyLedger(source, { ...options, external: [corruptSignature((source.cps[4] as Cp).note)] }));
    assert.equal(bad.firstBadIndex, undefined);
    assert.match(bad.problem, /external checkpoint #1 is not valid/);
  });

  it('a checkpoint row whose columns disagree with its signed note', async () => {
    const source = ledger(10);
    source.cps[4] = { ...(source.cps[4] as Cp), rootHash: leafHash(Buffer.from('other')) };
    const bad = failed(await verifyLedger(source, options));
    assert.equal(bad.firstBadIndex, undefined);
    assert.match(bad.problem, /row at size 5 does not match its signed note/);
  });

  it('checkpoint rows whose sizes go backwards', async () => {
    const source = ledger(10);
    source.cps.reverse();
    const bad = failed(await verifyLedger(source, options));
    assert.match(bad.problem, /sizes go backwards/);
  });

  it('a head root that differs from the records', async () => {
    const dense = ledger(10);
    dense.headRoot = leafHash(Buffer.from('frontier'));
    assert.equal(failed(await verifyLedger(dense, options)).firstBadIndex, undefined);
    const sparse = ledger(12, every5);
    sparse.headRoot = leafHash(Buffer.from('frontier'));
    const bad = failed(await verifyLedger(sparse, options));
    assert.equal(bad.firstBadIndex, 10);
    assert.match(bad.problem, /head root/);
  });

  it('throws on unusable options rather than blaming the ledger', async () => {
    const source = ledger(3);
    await assert.rejects(verifyLedger(source, { verifiers: [], origin: ORIGIN }), /at least one verifier/);
    await assert.rejects(verifyLedger(source, { verifiers: ['not a key'], origin: ORIGIN }), /verifier key/);
    await assert.rejects(verifyLedger(source, { ...options, batch: 0 }), /batch/);
  });
});
