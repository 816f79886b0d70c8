/**
 * RFC 6962 / RFC 9162 §2.1 Merkle tree hashing: the tree the ledger's checkpoints sign.
 *
 * Sizes and indices are JS numbers. Bit operators (`&`, `>>`) work on 32 bits only, so all index
 * arithmetic here uses `% 2` and `half()`, which stay exact up to Number.MAX_SAFE_INTEGER.
 */
import { createHash } from 'node:crypto';

export const HASH_SIZE = 32;

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** SHA-256(0x00 || data): the domain prefix keeps a leaf from passing for an interior node. */
export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

export function isHash(value: unknown): value is Buffer {
  return Buffer.isBuffer(value) && value.length === HASH_SIZE;
}

export function isTreeSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

export function half(n: number): number {
  return Math.floor(n / 2);
}

/** Number of perfect subtrees covering [0, n): the length of a compact range of size n. */
export function popcount(n: number): number {
  let count = 0;
  for (let x = n; x > 0; x = half(x)) count += x % 2;
  return count;
}

export function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/** The largest power of two strictly below n (n >= 2): RFC 6962's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The frontier of an append-only tree: the roots of the perfect subtrees that cover [0, size),
 * largest (leftmost) first, one per set bit of size. Appending is O(log n) and so is computing the
 * root, so stores persist `{size, nodes}` instead of re-reading every leaf hash on start-up.
 */
export class CompactRange {
  #size: number;
  #nodes: Buffer[];

  constructor(size = 0, nodes: readonly Buffer[] = []) {
    if (!isTreeSize(size)) throw new RangeError(`compact range: invalid size ${size}`);
    if (nodes.length !== popcount(size)) {
      throw new RangeError(`compact range: size ${size} needs ${popcount(size)} nodes, got ${nodes.length}`);
    }
    for (const node of nodes) {
      if (!isHash(node)) throw new TypeError('compact range: every node must be a 32-byte Buffer');
    }
    this.#size = size;
    // Copies, so a caller reusing its buffers cannot change the frontier behind our back.
    this.#nodes = nodes.map((node) => Buffer.from(node));
  }

  /** Rebuilds a range persisted with `toBuffer()` (the nodes concatenated). */
  static fromBuffer(size: number, concatenated: Uint8Array): CompactRange {
    if (concatenated.length % HASH_SIZE !== 0) throw new RangeError('compact range: truncated node bytes');
    const nodes: Buffer[] = [];
    for (let at = 0; at < concatenated.length; at += HASH_SIZE) {
      nodes.push(Buffer.from(concatenated.subarray(at, at + HASH_SIZE)));
    }
    return new CompactRange(size, nodes);
  }

  get size(): number {
    return this.#size;
  }

  /** The frontier, largest subtree first; persist it with `size` (or use `toBuffer()`). */
  get nodes(): readonly Buffer[] {
    return this.#nodes.slice();
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#nodes);
  }

  clone(): CompactRange {
    return new CompactRange(this.#size, this.#nodes);
  }

  append(hash: Buffer): void {
    if (!isHash(hash)) throw new TypeError('compact range: a leaf hash must be a 32-byte Buffer');
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new RangeError('compact range: tree is full');
    // Each trailing 1-bit of the size is a perfect subtree of the same height as the one being
    // carried: merge them, like carrying in binary addition.
    let carry = hash;
    for (let s = this.#size; s % 2 === 1; s = half(s)) {
      carry = nodeHash(this.#nodes.pop() as Buffer, carry);
    }
    this.#nodes.push(carry);
    this.#size += 1;
  }

  /** MTH of [0, size): fold the subtrees right to left, as RFC 6962's recursive split does. */
  root(): Buffer {
    const last = this.#nodes.length - 1;
    if (last < 0) return Buffer.from(EMPTY_ROOT);
    let root = this.#nodes[last] as Buffer;
    for (let i = last - 1; i >= 0; i--) root = nodeHash(this.#nodes[i] as Buffer, root);
    return root;
  }
}

/** MTH(D[n]) over the given leaf hashes; iterative (a compact range), so any length works. */
export function rootOf(leafHashes: readonly Buffer[]): Buffer {
  const range = new CompactRange();
  for (const hash of leafHashes) range.append(hash);
  return range.root();
}

/** RFC 9162 §2.1.3.2: does `proof` show leaf `index` of a tree of `size` leaves has root `root`? */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Buffer,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  if (!isTreeSize(index) || !isTreeSize(size) || index >= size) return false;
  if (!isHash(leaf) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      // Skip the levels where this node is a left child with no right sibling (the right edge).
      while (fn !== 0 && fn % 2 === 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: is the tree (size2, root2) an append-only extension of (size1, root1)? */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Buffer,
  root2: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (!isTreeSize(size1) || !isTreeSize(size2) || size1 > size2) return false;
  if (!isHash(root1) || !isHash(root2) || !proof.every(isHash)) return false;
  if (size1 === size2) return proof.length === 0 && root1.equals(root2);
  // Every tree extends the empty one; there is nothing to prove beyond root1 being MTH({}).
  if (size1 === 0) return proof.length === 0 && root1.equals(EMPTY_ROOT);
  if (proof.length === 0) return false;
  // When size1 is a power of two, the old root is itself a node of the new tree and the proof
  // omits it.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Buffer;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn !== 0 && fn % 2 === 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(root1) && sr.equals(root2);
}

export {
  consistencyProof,
  consistencyProofAsync,
  consistencyRanges,
  inclusionProof,
  inclusionProofAsync,
  inclusionRanges,
} from './merkle-proof.ts';
export type { AsyncLeafGetter, LeafGetter, LeafHashes } from './merkle-proof.ts';
