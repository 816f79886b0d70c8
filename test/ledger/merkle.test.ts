import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  CompactRange,
  EMPTY_ROOT,
  consistencyProof,
  consistencyProofAsync,
  inclusionProof,
  inclusionProofAsync,
  leafHash,
  nodeHash,
  popcount,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from '../../src/ledger/merkle.ts';

interface Vectors {
  leavesHex: string[];
  rootsBySize: Record<string, string>;
  inclusion: { leafIndex: number; treeSize: number; proof: string[] }[];
  consistency: { size1: number; size2: number; proof: string[] }[];
}

const vectors = JSON.parse(readFileSync(join(import.meta.dirname, 'vectors', 'rfc6962-and-signed-note.json'), 'utf8')) as Vectors;
const hex = (b: Buffer) => b.toString('hex');
const fromHex = (s: string) => Buffer.from(s, 'hex');
const vectorLeaves = vectors.leavesHex.map((h) => leafHash(fromHex(h)));

/** RFC 6962 §2.1 MTH, written recursively as in the RFC: the independent reference. */
function referenceRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0] as Buffer;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

function leavesOf(n: number): Buffer[] {
  return Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
}

function flipBit(b: Buffer, bit = 0): Buffer {
  const copy = Buffer.from(b);
  copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
  return copy;
}

describe('merkle hashing (RFC 6962 vectors)', () => {
  it('hashes leaves and nodes with their domain prefixes', () => {
    assert.equal(hex(EMPTY_ROOT), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(hex(leafHash(Buffer.alloc(0))), createHash('sha256').update(Buffer.from([0])).digest('hex'));
    const a = leafHash(Buffer.from('a'));
    const b = leafHash(Buffer.from('b'));
    assert.deepEqual(nodeHash(a, b), createHash('sha256').update(Buffer.from([1])).update(a).update(b).digest());
  });

  it('gives every root by size, with rootOf and with a compact range', () => {
    const range = new CompactRange();
    for (const [size, root] of Object.entries(vectors.rootsBySize)) {
      const n = Number(size);
      assert.equal(hex(rootOf(vectorLeaves.slice(0, n))), root, `rootOf size ${n}`);
      while (range.size < n) range.append(vectorLeaves[range.size] as Buffer);
      assert.equal(hex(range.root()), root, `compact range size ${n}`);
    }
    assert.equal(Object.keys(vectors.rootsBySize).length, 9);
  });

  it('generates and verifies every inclusion proof in the vectors', () => {
    for (const v of vectors.inclusion) {
      const proof = inclusionProof(v.leafIndex, v.treeSize, vectorLeaves);
      assert.deepEqual(proof.map(hex), v.proof, `inclusion ${v.leafIndex}/${v.treeSize}`);
      const root = fromHex(vectors.rootsBySize[String(v.treeSize)] as string);
      const leaf = vectorLeaves[v.leafIndex] as Buffer;
      assert.ok(verifyInclusion(v.leafIndex, v.treeSize, leaf, v.proof.map(fromHex), root));
    }
  });

  it('generates and verifies every consistency proof in the vectors', () => {
    for (const v of vectors.consistency) {
      const proof = consistencyProof(v.size1, v.size2, vectorLeaves);
      assert.deepEqual(proof.map(hex), v.proof, `consistency ${v.size1}->${v.size2}`);
      const root1 = fromHex(vectors.rootsBySize[String(v.size1)] as string);
      const root2 = fromHex(vectors.rootsBySize[String(v.size2)] as string);
      assert.ok(verifyConsistency(v.size1, v.size2, root1, root2, v.proof.map(fromHex)));
    }
  });

  it('rejects vector proofs with a flipped bit, a wrong index or a wrong size', () => {
    for (const v of vectors.inclusion) {
      const root = fromHex(vectors.rootsBySize[String(v.treeSize)] as string);
      const leaf = vectorLeaves[v.leafIndex] as Buffer;
      const proof = v.proof.map(fromHex);
      for (let i = 0; i < proof.length; i++) {
        const bad = proof.map((p, j) => (j === i ? flipBit(p, 77) : p));
        assert.equal(verifyInclusion(v.leafIndex, v.treeSize, leaf, bad, root), false);
      }
      assert.equal(verifyInclusion(v.leafIndex, v.treeSize, flipBit(leaf), proof, root), false);
      assert.equal(verifyInclusion(v.leafIndex, v.treeSize, leaf, proof, flipBit(root, 255)), false);
      assert.equal(verifyInclusion(v.leafIndex ^ 1, v.treeSize, leaf, proof, root), false);
      // A proof binds the size only through the path's shape (the signed root binds the rest), so
      // "wrong size" means a size whose path needs more or fewer nodes, or that excludes the index.
      assert.equal(verifyInclusion(v.leafIndex, v.treeSize * 2, leaf, proof, root), false);
      assert.equal(verifyInclusion(v.leafIndex, v.leafIndex, leaf, proof, root), false);
      assert.equal(verifyInclusion(v.leafIndex, v.treeSize, leaf, proof.slice(0, -1), root), false);
      assert.equal(verifyInclusion(v.leafIndex, v.treeSize, leaf, [...proof, proof[0] as Buffer], root), false);
    }
    for (const v of vectors.consistency) {
      const root1 = fromHex(vectors.rootsBySize[String(v.size1)] as string);
      const root2 = fromHex(vectors.rootsBySize[String(v.size2)] as string);
      const proof = v.proof.map(fromHex);
      for (let i = 0; i < proof.length; i++) {
        const bad = proof.map((p, j) => (j === i ? flipBit(p, 3) : p));
        assert.equal(verifyConsistency(v.size1, v.size2, root1, root2, bad), false);
      }
      assert.equal(verifyConsistency(v.size1, v.size2, flipBit(root1), root2, proof), false);
      assert.equal(verifyConsistency(v.size1, v.size2, root1, flipBit(root2), proof), false);
      assert.equal(verifyConsistency(v.size1, v.size2 * 2, root1, root2, proof), false);
      assert.equal(verifyConsistency(v.size2, v.size2, root1, root2, proof), false);
      assert.equal(verifyConsistency(v.size2, v.size1, root2, root1, proof), false);
      assert.equal(verifyConsistency(v.size1, v.size2, root1, root2, []), false);
    }
  });

  it('handles the edge sizes of consistency: empty, equal and shrinking trees', () => {
    const root3 = fromHex(vectors.rootsBySize['3'] as string);
    const root5 = fromHex(vectors.rootsBySize['5'] as string);
    assert.deepEqual(consistencyProof(0, 5, vectorLeaves), []);
    assert.deepEqual(consistencyProof(5, 5, vectorLeaves), []);
    assert.ok(verifyConsistency(0, 5, EMPTY_ROOT, root5, []));
    assert.equal(verifyConsistency(0, 5, root3, root5, []), false);
    assert.ok(verifyConsistency(5, 5, root5, root5, []));
    assert.equal(verifyConsistency(5, 5, root5, root3, []), false);
    assert.equal(verifyConsistency(5, 3, root5, root3, []), false);
    assert.throws(() => consistencyProof(5, 3, vectorLeaves), RangeError);
    assert.throws(() => inclusionProof(8, 8, vectorLeaves), RangeError);
    assert.equal(verifyInclusion(0, 0, vectorLeaves[0] as Buffer, [], EMPTY_ROOT), false);
    assert.equal(verifyInclusion(0, 1, vectorLeaves[0] as Buffer, [], vectorLeaves[0] as Buffer), true);
  });
});

describe('merkle properties for sizes 1..64', () => {
  const all = leavesOf(64);
  const roots = Array.from({ length: 65 }, (_, n) => referenceRoot(all.slice(0, n)));

  it('roots match the recursive RFC definition, by rootOf and by appending', () => {
    const range = new CompactRange();
    for (let n = 1; n <= 64; n++) {
      range.append(all[n - 1] as Buffer);
      assert.deepEqual(range.root(), roots[n]);
      assert.deepEqual(rootOf(all.slice(0, n)), roots[n]);
      assert.equal(range.nodes.length, popcount(n));
    }
  });

  it('every inclusion proof verifies, and fails for the neighbouring leaf', () => {
    let checked = 0;
    for (let n = 1; n <= 64; n++) {
      const leaves = all.slice(0, n);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(i, n, leaves);
        assert.ok(verifyInclusion(i, n, leaves[i] as Buffer, proof, roots[n] as Buffer), `${i}/${n}`);
        if (n > 1) assert.equal(verifyInclusion(i, n, leaves[(i + 1) % n] as Buffer, proof, roots[n] as Buffer), false);
        checked++;
      }
    }
    assert.equal(checked, (64 * 65) / 2);
  });

  it('every consistency pair verifies, and fails against another tree', () => {
    let checked = 0;
    for (let n = 1; n <= 64; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, n, all);
        assert.ok(verifyConsistency(m, n, roots[m] as Buffer, roots[n] as Buffer, proof), `${m}->${n}`);
        if (m < n) assert.equal(verifyConsistency(m, n, roots[m - 1] as Buffer, roots[n] as Buffer, proof), false);
        checked++;
      }
    }
    assert.equal(checked, (64 * 65) / 2);
  });

  it('a leaf getter (sync or async, called in ranges) gives the same proofs as an array', async () => {
    const calls: [number, number][] = [];
    const get = (from: number, to: number) => {
      calls.push([from, to]);
      return all.slice(from, to);
    };
    assert.deepEqual(inclusionProof(13, 50, get), inclusionProof(13, 50, all));
    assert.deepEqual(consistencyProof(21, 64, get), consistencyProof(21, 64, all));
    assert.ok(calls.every(([from, to]) => from < to && to <= 64));
    const getAsync = async (from: number, to: number) => all.slice(from, to);
    assert.deepEqual(await inclusionProofAsync(13, 50, getAsync), inclusionProof(13, 50, all));
    assert.deepEqual(await consistencyProofAsync(21, 64, getAsync), consistencyProof(21, 64, all));
    assert.throws(() => inclusionProof(1, 10, () => []), /leaf getter returned 0 hashes/);
  });
});

describe('CompactRange', () => {
  it('round-trips through size + nodes and through toBuffer, and keeps appending', () => {
    const leaves = leavesOf(23);
    const range = new CompactRange();
    for (const leaf of leaves.slice(0, 11)) range.append(leaf);
    const restored = new CompactRange(range.size, range.nodes);
    const fromBytes = CompactRange.fromBuffer(range.size, range.toBuffer());
    for (const leaf of leaves.slice(11)) {
      restored.append(leaf);
      fromBytes.append(leaf);
    }
    assert.deepEqual(restored.root(), rootOf(leaves));
    assert.deepEqual(fromBytes.root(), rootOf(leaves));
    assert.equal(range.size, 11, 'the original is untouched');
  });

  it('validates its frontier and its leaves', () => {
    const leaf = leafHash(Buffer.from('x'));
    assert.throws(() => new CompactRange(3, [leaf]), /size 3 needs 2 nodes, got 1/);
    assert.throws(() => new CompactRange(0, [leaf]), /needs 0 nodes/);
    assert.throws(() => new CompactRange(-1), RangeError);
    assert.throws(() => new CompactRange(1, [Buffer.alloc(31)]), /32-byte/);
    assert.throws(() => CompactRange.fromBuffer(1, Buffer.alloc(33)), /truncated/);
    assert.throws(() => new CompactRange().append(Buffer.alloc(16)), /32-byte/);
    assert.deepEqual(new CompactRange().root(), EMPTY_ROOT);
  });

  it('stays exact for sizes past 2^32 (no 32-bit bit operations)', () => {
    // A frontier for a huge size: one node per set bit; appending must carry through 32 ones.
    const size = 2 ** 32 - 1;
    const nodes = Array.from({ length: 32 }, (_, i) => leafHash(Buffer.from([i])));
    const range = new CompactRange(size, nodes);
    range.append(leafHash(Buffer.from('next')));
    assert.equal(range.size, 2 ** 32);
    assert.equal(range.nodes.length, 1);
    assert.equal(popcount(2 ** 40 + 2 ** 33 + 1), 3);
    // Inclusion of the last leaf of a 2^33 + 1 tree: one sibling, the root of the first 2^33.
    const big = leafHash(Buffer.from('left'));
    const last = leafHash(Buffer.from('last'));
    assert.ok(verifyInclusion(2 ** 33, 2 ** 33 + 1, last, [big], nodeHash(big, last)));
    assert.ok(verifyConsistency(2 ** 33, 2 ** 33 + 1, big, nodeHash(big, last), [last]));
  });
});
