/**
 * Keccak-256 (the original Keccak padding, as Ethereum uses it, not FIPS 202 SHA3-256): needed for
 * EIP-55 checksummed addresses, and node:crypto offers only SHA3. 64-bit lanes are kept as pairs
 * of 32-bit halves so that no BigInt is needed: one 40-byte address hashes in about a microsecond.
 */

/** Round constants RC[0..23], as [low, high] 32-bit halves. */
const RC = new Uint32Array([
  0x00000001, 0x00000000, 0x00008082, 0x00000000, 0x0000808a, 0x80000000, 0x80008000, 0x80000000,
  0x0000808b, 0x00000000, 0x80000001, 0x00000000, 0x80008081, 0x80000000, 0x00008009, 0x80000000,
  0x0000008a, 0x00000000, 0x00000088, 0x00000000, 0x80008009, 0x00000000, 0x8000000a, 0x00000000,
  0x8000808b, 0x00000000, 0x0000008b, 0x80000000, 0x00008089, 0x80000000, 0x00008003, 0x80000000,
  0x00008002, 0x80000000, 0x00000080, 0x80000000, 0x0000800a, 0x00000000, 0x8000000a, 0x80000000,
  0x80008081, 0x80000000, 0x00008080, 0x80000000, 0x80000001, 0x00000000, 0x80008008, 0x80000000,
]);

/** Rotation (rho) of lane x + 5y. */
const RHO = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];
/** Pi: lane x + 5y moves to y + 5((2x + 3y) mod 5). */
const PI = RHO.map((_, i) => {
  const x = i % 5;
  const y = Math.floor(i / 5);
  return y + 5 * ((2 * x + 3 * y) % 5);
});

const RATE = 136; // bytes: 1600 - 2 * 256 bits

function permute(s: Uint32Array, b: Uint32Array, c: Uint32Array): void {
  for (let round = 0; round < 24; round++) {
    // theta
    for (let x = 0; x < 5; x++) {
      c[2 * x] = (s[2 * x] ?? 0) ^ (s[2 * x + 10] ?? 0) ^ (s[2 * x + 20] ?? 0) ^ (s[2 * x + 30] ?? 0) ^ (s[2 * x + 40] ?? 0);
      c[2 * x + 1] = (s[2 * x + 1] ?? 0) ^ (s[2 * x + 11] ?? 0) ^ (s[2 * x + 21] ?? 0) ^ (s[2 * x + 31] ?? 0) ^ (s[2 * x + 41] ?? 0);
    }
    for (let x = 0; x < 5; x++) {
      const prev = (x + 4) % 5;
      const next = (x + 1) % 5;
      const nLo = c[2 * next] ?? 0;
      const nHi = c[2 * next + 1] ?? 0;
      const dLo = (c[2 * prev] ?? 0) ^ ((nLo << 1) | (nHi >>> 31));
      const dHi = (c[2 * prev + 1] ?? 0) ^ ((nHi << 1) | (nLo >>> 31));
      for (let y = 0; y < 25; y += 5) {
        s[2 * (x + y)] = (s[2 * (x + y)] ?? 0) ^ dLo;
        s[2 * (x + y) + 1] = (s[2 * (x + y) + 1] ?? 0) ^ dHi;
      }
    }
    // rho and pi
    for (let i = 0; i < 25; i++) {
      const lo = s[2 * i] ?? 0;
      const hi = s[2 * i + 1] ?? 0;
      const n = RHO[i] ?? 0;
      const to = 2 * (PI[i] ?? 0);
      if (n === 0) {
        b[to] = lo;
        b[to + 1] = hi;
      } else if (n < 32) {
        b[to] = (lo << n) | (hi >>> (32 - n));
        b[to + 1] = (hi << n) | (lo >>> (32 - n));
      } else if (n === 32) {
        b[to] = hi;
        b[to + 1] = lo;
      } else {
        const m = n - 32;
        b[to] = (hi << m) | (lo >>> (32 - m));
        b[to + 1] = (lo << m) | (hi >>> (32 - m));
      }
    }
    // chi
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++) {
        const i = 2 * (x + y);
        const j = 2 * (((x + 1) % 5) + y);
        const k = 2 * (((x + 2) % 5) + y);
        s[i] = (b[i] ?? 0) ^ (~(b[j] ?? 0) & (b[k] ?? 0));
        s[i + 1] = (b[i + 1] ?? 0) ^ (~(b[j + 1] ?? 0) & (b[k + 1] ?? 0));
      }
    }
    // iota
    s[0] = (s[0] ?? 0) ^ (RC[2 * round] ?? 0);
    s[1] = (s[1] ?? 0) ^ (RC[2 * round + 1] ?? 0);
  }
}

/**
 * Keccak-256 of `data`: 32 bytes. `domain` is the first padding byte: 0x01 for Keccak (Ethereum);
 * 0x06 gives FIPS 202 SHA3-256, which is how the tests check this against node:crypto.
 */
export function keccak256(data: Uint8Array, domain = 0x01): Uint8Array {
  const s = new Uint32Array(50);
  const b = new Uint32Array(50);
  const c = new Uint32Array(10);
  // Padding (pad10*1 with Keccak's 0x01 domain byte) makes the message a whole number of blocks.
  const blocks = Math.floor(data.length / RATE) + 1;
  const padded = new Uint8Array(blocks * RATE);
  padded.set(data);
  padded[data.length] = domain;
  padded[padded.length - 1] = (padded[padded.length - 1] ?? 0) | 0x80;
  for (let block = 0; block < blocks; block++) {
    for (let w = 0; w < RATE / 4; w++) {
      const o = block * RATE + 4 * w;
      s[w] = (s[w] ?? 0) ^ ((padded[o] ?? 0) | ((padded[o + 1] ?? 0) << 8) | ((padded[o + 2] ?? 0) << 16) | ((padded[o + 3] ?? 0) << 24));
    }
    permute(s, b, c);
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = ((s[i >> 2] ?? 0) >>> (8 * (i & 3))) & 0xff;
  return out;
}
