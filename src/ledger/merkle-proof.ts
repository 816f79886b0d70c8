/**
 * Proof generation (RFC 9162 §2.1.3.1 PATH and §2.1.4.1 SUBPROOF). Re-exported by merkle.ts.
 *
 * A proof is a list of subtree roots. The recursion only decides *which* subtrees ([from, to)
 * leaf ranges) go into the proof, so that part is pure (`inclusionRanges`, `consistencyRanges`);
 * hashing each range then needs the leaf hashes in it. Callers give those either as an array of
 * the whole tree or as a getter `(from, to) => leaf hashes`, called in chunks of at most
 * CHUNK leaves so a store-backed getter never has to hold a big tree in memory. Generating a
 * proof reads about `size` leaf hashes (every leaf outside the proven path is under some proof
 * node); that is fine for an audit CLI. The async variants take a store's `leafHashes`.
 */
import { CompactRange, isTreeSize, splitPoint } from './merkle.ts';

/** Leaf hashes [from, to) of the tree, exactly to - from of them, in order. */
export type LeafGetter = (from: number, to: number) => readonly Buffer[];
export type AsyncLeafGetter = (from: number, to: number) => Promise<readonly Buffer[]>;
/** The whole tree's leaf hashes (at least `size` of them), or a getter. */
export type LeafHashes = readonly Buffer[] | LeafGetter;

/** A leaf range [from, to). */
export type Range = readonly [from: number, to: number];

const CHUNK = 65_536;

/** The subtrees whose roots form the inclusion proof of leaf `index` in a tree of `size`, in proof order. */
export function inclusionRanges(index: number, size: number): Range[] {
  if (!isTreeSize(index) || !isTreeSize(size) || index >= size) {
    throw new RangeError(`inclusion proof: index ${index} is not in a tree of size ${size}`);
  }
  // PATH(m, D[lo:hi]) descends into the half holding m and takes the other half's root; the
  // recursion emits the deepest sibling first, so collect top-down and reverse.
  const ranges: Range[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
    }
  }
  return ranges.reverse();
}

/** The subtrees whose roots form the consistency proof from size1 to size2, in proof order. */
export function consistencyRanges(size1: number, size2: number): Range[] {
  if (!isTreeSize(size1) || !isTreeSize(size2) || size1 > size2) {
    throw new RangeError(`consistency proof: sizes ${size1} -> ${size2} are not a growing tree`);
  }
  if (size1 === 0 || size1 === size2) return [];
  // SUBPROOF(m, D[lo:hi], b). `complete` is b: true while D[lo:hi] still starts at leaf 0, where
  // the old root is known to the verifier and is therefore left out.
  const ranges: Range[] = [];
  let lo = 0;
  let hi = size2;
  let m = size1;
  let complete = true;
  for (;;) {
    const n = hi - lo;
    if (m === n) {
      if (!complete) ranges.push([lo, hi]);
      break;
    }
    const k = splitPoint(n);
    if (m <= k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      m -= k;
      lo += k;
      complete = false;
    }
  }
  return ranges.reverse();
}

function getterOf(leaves: LeafHashes, size: number): LeafGetter {
  if (typeof leaves === 'function') return leaves;
  if (leaves.length < size) throw new RangeError(`proof: tree of size ${size} but only ${leaves.length} leaf hashes`);
  return (from, to) => leaves.slice(from, to);
}

function checkChunk(hashes: readonly Buffer[], from: number, to: number): readonly Buffer[] {
  if (hashes.length !== to - from) {
    throw new Error(`proof: leaf getter returned ${hashes.length} hashes for [${from}, ${to})`);
  }
  return hashes;
}

function rangeRoot(get: LeafGetter, [from, to]: Range): Buffer {
  const range = new CompactRange();
  for (let at = from; at < to; at += CHUNK) {
    const end = Math.min(to, at + CHUNK);
    for (const hash of checkChunk(get(at, end), at, end)) range.append(hash);
  }
  return range.root();
}

async function rangeRootAsync(get: AsyncLeafGetter, [from, to]: Range): Promise<Buffer> {
  const range = new CompactRange();
  for (let at = from; at < to; at += CHUNK) {
    const end = Math.min(to, at + CHUNK);
    for (const hash of checkChunk(await get(at, end), at, end)) range.append(hash);
  }
  return range.root();
}

export function inclusionProof(index: number, size: number, leaves: LeafHashes): Buffer[] {
  const get = getterOf(leaves, size);
  return inclusionRanges(index, size).map((range) => rangeRoot(get, range));
}

export function consistencyProof(size1: number, size2: number, leaves: LeafHashes): Buffer[] {
  const get = getterOf(leaves, size2);
  return consistencyRanges(size1, size2).map((range) => rangeRoot(get, range));
}

export async function inclusionProofAsync(index: number, size: number, get: AsyncLeafGetter): Promise<Buffer[]> {
  const proof: Buffer[] = [];
  for (const range of inclusionRanges(index, size)) proof.push(await rangeRootAsync(get, range));
  return proof;
}

export async function consistencyProofAsync(size1: number, size2: number, get: AsyncLeafGetter): Promise<Buffer[]> {
  const proof: Buffer[] = [];
  for (const range of consistencyRanges(size1, size2)) proof.push(await rangeRootAsync(get, range));
  return proof;
}
