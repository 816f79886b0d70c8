/**
 * What provenance remembers of a value or a word: a 52-bit hash, not the value. Seeded per
 * process, so the hashes mean nothing outside it (nor in a heap dump of another); or, where
 * replicas share provenance memory (shared-provenance.ts), per deployment: the first replica to
 * reach Redis leaves its seed there, and the others adopt it before they hash anything, so a
 * key one of them wrote is the key another looks up.
 */
import { randomInt } from 'node:crypto';

let seedA = randomInt(2 ** 31), seedB = randomInt(2 ** 31);
/** Whether a hash was computed with the current seed: from then on it cannot change. */
let used = false;

/** A 52-bit hash of a canonical key: two 32-bit multiplicative hashes, side by side (exact in a double). */
export function keyHash(key: string): number {
  used = true;
  let a = 0x811c9dc5 ^ seedA, b = 0x9747b28c ^ seedB;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 0x100000 + (b >>> 12);
}

/** This process's seed, as it offers it to the replicas it shares memory with. */
export function keySeed(): string {
  return `${seedA}.${seedB}`;
}

const SEED = /^(\d{1,10})\.(\d{1,10})$/;

/**
 * Hashes with `seed` (keySeed's form) from now on. False when it cannot: the seed is not one, or
 * this process already hashed with another (its memory would then mean nothing to the others).
 */
export function adoptKeySeed(seed: string): boolean {
  const parts = SEED.exec(seed);
  const a = Number(parts?.[1]), b = Number(parts?.[2]);
  if (parts === null || !(a < 2 ** 31) || !(b < 2 ** 31)) return false;
  if (a === seedA && b === seedB) return true;
  if (used) return false;
  seedA = a;
  seedB = b;
  return true;
}
