/**
 * What provenance remembers of a value or a word: a 52-bit hash, not the value. Seeded per
 * process, so the hashes mean nothing outside it (nor in a heap dump of another).
 */
import { randomInt } from 'node:crypto';

const SEED_A = randomInt(2 ** 31), SEED_B = randomInt(2 ** 31);

/** A 52-bit hash of a canonical key: two 32-bit multiplicative hashes, side by side (exact in a double). */
export function keyHash(key: string): number {
  let a = 0x811c9dc5 ^ SEED_A, b = 0x9747b28c ^ SEED_B;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 0x100000 + (b >>> 12);
}
