/**
 * CRYPTO (Presidio's name): cryptocurrency wallet addresses.
 * - Bitcoin P2PKH ("1...") and P2SH ("3..."): base58check, version 0x00/0x05, and the first four
 *   bytes of SHA-256(SHA-256(payload)) as checksum.
 * - Bitcoin SegWit ("bc1..."): bech32 (witness v0) or bech32m (v1+, BIP 350) with their checksums
 *   and BIP 173 program lengths.
 * - Ethereum: "0x" and 40 hex digits. Mixed case carries the EIP-55 checksum (Keccak-256), which
 *   must hold; single-case addresses have no checksum, so they need context.
 * Mainnet only: testnet addresses move nothing of value.
 */
import { createHash } from 'node:crypto';
import type { Candidate, Recognizer, ScanText } from '../types.ts';
import { keccak256 } from './keccak.ts';
import { K, withAbbreviation } from './keywords.ts';
import { digitGroups, isWordCode } from './scanners.ts';

const CHECKED = 0.95;
const UNCHECKED_ETH = 0.45;
const CONTEXT = ['wallet', 'bitcoin', 'ethereum', 'crypto', 'btc address', 'eth address', 'send to', 'usdt', 'usdc'];

export const cryptoRecognizer: Recognizer = {
  name: 'crypto_wallet',
  detector: 'pii',
  types: ['CRYPTO'],
  context: CONTEXT,
  mayMatch: (input) => digitGroups(input).count > 0,
  find(input: ScanText): Candidate[] {
    const { text } = input;
    const groups = digitGroups(input);
    const found: Candidate[] = [];
    let after = 0;
    // Every address starts at a digit ("1", "3", "0x") or right before one ("bc1"), so the digit
    // groups give every place an address can start.
    for (let g = 0; g < groups.count; g++) {
      const s = groups.start[g] ?? 0;
      if (s < after) continue;
      let start = s;
      const first = text.charCodeAt(s);
      if (first === 0x31 && s >= 2 && (text.slice(s - 2, s) === 'bc' || text.slice(s - 2, s) === 'BC')) start = s - 2;
      else if (first !== 0x31 && first !== 0x33 && first !== 0x30) continue;
      if (start > 0 && isWordCode(text.charCodeAt(start - 1))) continue;
      let end = start;
      while (end < text.length && end - start <= 90 && isWordCode(text.charCodeAt(end))) end++;
      if (end - start > 90) continue;
      const token = text.slice(start, end);
      const score = scoreAddress(input, token, start, end);
      if (score > 0) found.push({ type: 'CRYPTO', start, end, score });
      after = end;
    }
    return found;
  },
};

function scoreAddress(input: ScanText, token: string, start: number, end: number): number {
  const head = token.charCodeAt(0);
  if (head === 0x30) {
    if (token.length !== 42 || (token[1] !== 'x' && token[1] !== 'X')) return 0;
    const check = eip55(token.slice(2));
    if (check === 'invalid') return 0;
    return check === 'valid' ? CHECKED : withAbbreviation(input, K.CRYPTO, start, end, UNCHECKED_ETH, CONTEXT);
  }
  if (head === 0x31 || head === 0x33) return base58check(token) ? CHECKED : 0;
  return segwit(token) ? CHECKED : 0;
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** A 25-byte base58check P2PKH/P2SH address with a matching double-SHA-256 checksum. */
export function base58check(address: string): boolean {
  if (address.length < 26 || address.length > 35) return false;
  const bytes = new Uint8Array(25);
  for (let i = 0; i < address.length; i++) {
    let carry = BASE58.indexOf(address.charAt(i));
    if (carry < 0) return false;
    for (let j = 24; j >= 0; j--) {
      carry += (bytes[j] ?? 0) * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    if (carry !== 0) return false;
  }
  // Each leading "1" stands for one leading zero byte, and only those do.
  let ones = 0;
  while (address.charCodeAt(ones) === 0x31) ones++;
  let zeros = 0;
  while (zeros < 25 && bytes[zeros] === 0) zeros++;
  if (ones !== zeros) return false;
  const version = bytes[0];
  if (version !== 0x00 && version !== 0x05) return false;
  const payload = bytes.subarray(0, 21);
  const digest = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest();
  for (let i = 0; i < 4; i++) if (digest[i] !== bytes[21 + i]) return false;
  return true;
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const value of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATOR[i] ?? 0;
  }
  return chk >>> 0;
}

/** A mainnet SegWit address: "bc1", bech32 for witness v0 and bech32m for v1-16, valid program length. */
export function segwit(address: string): boolean {
  if (address.length < 14 || address.length > 74) return false;
  const lower = address.toLowerCase();
  if (address !== lower && address !== address.toUpperCase()) return false; // mixed case is invalid
  if (!lower.startsWith('bc1')) return false;
  const data: number[] = [];
  for (let i = 3; i < lower.length; i++) {
    const value = BECH32.indexOf(lower.charAt(i));
    if (value < 0) return false;
    data.push(value);
  }
  // The human-readable part "bc", expanded per BIP 173.
  const check = polymod([3, 3, 0, 2, 3, ...data]);
  const version = data[0] ?? -1;
  if (version > 16 || version < 0) return false;
  if (check !== (version === 0 ? BECH32_CONST : BECH32M_CONST)) return false;
  // The witness program: the 5-bit groups between version and checksum, regrouped as bytes,
  // with at most 4 bits of padding and those zero.
  let acc = 0;
  let bits = 0;
  let bytes = 0;
  for (let i = 1; i < data.length - 6; i++) {
    acc = ((acc << 5) | (data[i] ?? 0)) & 0x1fff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes++;
    }
  }
  if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0) return false;
  if (bytes < 2 || bytes > 40) return false;
  return version !== 0 || bytes === 20 || bytes === 32;
}

/**
 * EIP-55 over the 40 hex digits after "0x": "none" when all letters share a case (no checksum
 * to check), else whether each letter is upper case exactly when its nibble of
 * Keccak-256(lowercase address) is 8 or more.
 */
export function eip55(hex: string): 'valid' | 'invalid' | 'none' {
  let upper = false;
  let lower = false;
  for (let i = 0; i < hex.length; i++) {
    const code = hex.charCodeAt(i);
    if (code >= 0x41 && code <= 0x46) upper = true;
    else if (code >= 0x61 && code <= 0x66) lower = true;
    else if (code < 0x30 || code > 0x39) return 'invalid';
  }
  if (!(upper && lower)) return 'none';
  const hash = keccak256(Buffer.from(hex.toLowerCase(), 'latin1'));
  for (let i = 0; i < 40; i++) {
    const code = hex.charCodeAt(i);
    if (code <= 0x39) continue;
    const nibble = ((hash[i >> 1] ?? 0) >> (i % 2 === 0 ? 4 : 0)) & 0x0f;
    if ((nibble >= 8) !== (code <= 0x46)) return 'invalid';
  }
  return 'valid';
}
