/**
 * C2SP signed notes (https://c2sp.org/signed-note), Ed25519 only, compatible with
 * golang.org/x/mod/sumdb/note: same key text formats, same key IDs, same note layout, so keys
 * and checkpoints interoperate with the Go tooling (and its witnesses).
 *
 *   text (ends in \n) \n — <key name> <base64(key ID (4 bytes, big-endian) || signature)>\n ...
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign as ed25519Sign,
  verify as ed25519Verify,
  type KeyObject,
} from 'node:crypto';
import { decodeBase64, encodeBase64 } from './base64.ts';

/** Signature type byte for Ed25519 in key IDs and key texts. */
const ALG_ED25519 = 0x01;
/** DER wrappers that turn a raw 32-byte seed / public key into PKCS#8 / SPKI for node:crypto. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
/** Em dash (U+2014) and a space: the start of every signature line. */
const SIG_PREFIX = '\u2014 ';
/** The spec asks verifiers to cap signatures (at no fewer than 16); the Go reference caps at 100. */
export const MAX_SIGNATURES = 100;

export type NoteErrorReason = 'malformed' | 'bad-key' | 'bad-signature' | 'unverified';

export class NoteError extends Error {
  readonly reason: NoteErrorReason;
  constructor(reason: NoteErrorReason, message: string) {
    super(message);
    this.name = 'NoteError';
    this.reason = reason;
  }
}

export interface NoteSigner {
  readonly name: string;
  /** The key ID: first 4 bytes (big-endian) of SHA-256(name || \n || 0x01 || public key). */
  readonly keyHash: number;
  /** The matching verifier key text, to hand to whoever verifies. */
  readonly verifierKey: string;
  /** The raw 64-byte Ed25519 signature of the message (a string is signed as UTF-8). */
  sign(message: string | Uint8Array): Buffer;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyHash: number;
  readonly verifierKey: string;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** Short names for the two key roles (other modules import these). */
export type Signer = NoteSigner;
export type Verifier = NoteVerifier;

export interface OpenedNote {
  readonly text: string;
  /** Names of the known keys whose signatures verified (at least one). */
  readonly verifiedBy: readonly string[];
  /** Signatures by keys not in the verifier list: ignored, as the spec requires. */
  readonly unverified: readonly { readonly name: string; readonly keyHash: number }[];
}

const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;

/** Key names: non-empty, no Unicode spaces, no '+' (the key text separator), no controls. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && name.isWellFormed() && !/[\s\u0085+]/u.test(name) && !CONTROL.test(name);
}

function keyId(name: string, typedKey: Uint8Array): number {
  return createHash('sha256').update(name, 'utf8').update('\n').update(typedKey).digest().readUInt32BE(0);
}

function hex8(keyHash: number): string {
  return keyHash.toString(16).padStart(8, '0');
}

function badKey(message: string): NoteError {
  return new NoteError('bad-key', message);
}

/** Splits `<name>+<hash hex8>+<base64 key>` (the base64 may itself contain '+'). */
function splitKey(text: string, what: string): { name: string; keyHash: number; key: Buffer } {
  const match = /^([^+]*)\+([^+]*)\+(.*)$/s.exec(text);
  if (!match) throw badKey(`${what}: expected <name>+<key hash>+<base64 key>`);
  const [, name = '', hash = '', b64 = ''] = match;
  if (!isValidKeyName(name)) throw badKey(`${what}: invalid key name ${JSON.stringify(name)}`);
  if (!/^[0-9a-fA-F]{8}$/.test(hash)) throw badKey(`${what}: key hash must be 8 hex digits`);
  const key = decodeBase64(b64);
  if (!key || key.length === 0) throw badKey(`${what}: key is not valid base64`);
  if (key[0] !== ALG_ED25519) throw badKey(`${what}: unsupported key type 0x${(key[0] ?? 0).toString(16)} (only Ed25519, 0x01)`);
  if (key.length !== 33) throw badKey(`${what}: an Ed25519 key is 32 bytes, got ${key.length - 1}`);
  return { name, keyHash: Number.parseInt(hash, 16), key };
}

function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
}

function rawPublicKey(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
}

/** Parses `PRIVATE+KEY+<name>+<hash>+<base64(0x01 || seed)>`; surrounding whitespace is ignored. */
export function parseSigner(privateKeyText: string): NoteSigner {
  const text = privateKeyText.trim();
  if (!text.startsWith('PRIVATE+KEY+')) throw badKey('private key: expected PRIVATE+KEY+<name>+<key hash>+<base64 key>');
  const { name, keyHash, key } = splitKey(text.slice('PRIVATE+KEY+'.length), 'private key');
  const privateKey = privateKeyFromSeed(key.subarray(1));
  const typedPublic = Buffer.concat([Buffer.from([ALG_ED25519]), rawPublicKey(privateKey)]);
  // The hash is derived from the public key: a mismatch means a corrupted or mislabelled key.
  if (keyId(name, typedPublic) !== keyHash) throw badKey(`private key: key hash does not match the key for ${name}`);
  return {
    name,
    keyHash,
    verifierKey: `${name}+${hex8(keyHash)}+${encodeBase64(typedPublic)}`,
    sign: (message) => ed25519Sign(null, typeof message === 'string' ? Buffer.from(message, 'utf8') : message, privateKey),
  };
}

/** Parses `<name>+<hash>+<base64(0x01 || public key)>`; surrounding whitespace is ignored. */
export function parseVerifier(verifierKeyText: string): NoteVerifier {
  const text = verifierKeyText.trim();
  const { name, keyHash, key } = splitKey(text, 'verifier key');
  if (keyId(name, key) !== keyHash) throw badKey(`verifier key: key hash does not match the key for ${name}`);
  let publicKey: KeyObject;
  try {
    publicKey = publicKeyFromRaw(key.subarray(1));
  } catch {
    throw badKey(`verifier key: not a valid Ed25519 public key for ${name}`);
  }
  return {
    name,
    keyHash,
    verifierKey: text,
    verify(message, signature) {
      if (signature.length !== 64) return false;
      try {
        return ed25519Verify(null, message, publicKey, signature);
      } catch {
        return false;
      }
    },
  };
}

/** A fresh Ed25519 key pair as note key texts. Keep `privateKey` secret; publish `verifierKey`. */
export function generateKeys(name: string): { privateKey: string; verifierKey: string } {
  if (!isValidKeyName(name)) throw badKey(`invalid key name ${JSON.stringify(name)}`);
  const seed = randomBytes(32);
  const typedPublic = Buffer.concat([Buffer.from([ALG_ED25519]), rawPublicKey(privateKeyFromSeed(seed))]);
  const hash = hex8(keyId(name, typedPublic));
  const typedSeed = Buffer.concat([Buffer.from([ALG_ED25519]), seed]);
  return {
    privateKey: `PRIVATE+KEY+${name}+${hash}+${encodeBase64(typedSeed)}`,
    verifierKey: `${name}+${hash}+${encodeBase64(typedPublic)}`,
  };
}

function checkText(text: string, what: string): void {
  if (!text.isWellFormed()) throw new NoteError('malformed', `${what} is not valid UTF-8`);
  if (CONTROL.test(text)) throw new NoteError('malformed', `${what} contains a control character other than newline`);
}

/** Signs `text` (which must end in a newline) with every signer, in order. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  checkText(text, 'note text');
  if (!text.endsWith('\n')) throw new NoteError('malformed', 'note text must end with a newline');
  if (signers.length === 0) throw new NoteError('malformed', 'a note needs at least one signer');
  if (signers.length > MAX_SIGNATURES) throw new NoteError('malformed', `at most ${MAX_SIGNATURES} signatures`);
  const message = Buffer.from(text, 'utf8');
  const seen = new Set<string>();
  let lines = '';
  for (const signer of signers) {
    if (!isValidKeyName(signer.name)) throw new NoteError('malformed', `invalid signer name ${JSON.stringify(signer.name)}`);
    const id = `${signer.name}+${hex8(signer.keyHash)}`;
    if (seen.has(id)) throw new NoteError('malformed', `duplicate signer ${id}`);
    seen.add(id);
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(signer.keyHash >>> 0);
    lines += `${SIG_PREFIX}${signer.name} ${encodeBase64(Buffer.concat([prefix, signer.sign(message)]))}\n`;
  }
  return `${text}\n${lines}`;
}

function verifierIndex(verifiers: readonly (NoteVerifier | string)[]): Map<string, NoteVerifier> {
  const byId = new Map<string, NoteVerifier>();
  for (const entry of verifiers) {
    const verifier = typeof entry === 'string' ? parseVerifier(entry) : entry;
    const id = `${verifier.name}+${hex8(verifier.keyHash)}`;
    const other = byId.get(id);
    if (other && other.verifierKey !== verifier.verifierKey) throw badKey(`two different verifier keys are both ${id}`);
    byId.set(id, verifier);
  }
  return byId;
}

/**
 * Checks a signed note against known verifier keys (key texts or parsed) and returns its text.
 * Throws NoteError: 'malformed' (layout, encoding, too many signatures), 'bad-signature' (a known
 * key's signature does not verify: the whole note is rejected), 'unverified' (no known key signed).
 */
export function openNote(signed: string | Uint8Array, verifiers: readonly (NoteVerifier | string)[]): OpenedNote {
  let note: string;
  if (typeof signed === 'string') {
    note = signed;
  } else {
    try {
      note = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(signed);
    } catch {
      throw new NoteError('malformed', 'signed note is not valid UTF-8');
    }
  }
  checkText(note, 'signed note');
  const known = verifierIndex(verifiers);
  // The text ends at the last blank line: the text may contain blank lines, signatures may not.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed', 'signed note has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) throw new NoteError('malformed', 'signed note must end with a signature line and a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('malformed', `signed note has more than ${MAX_SIGNATURES} signatures`);

  const message = Buffer.from(text, 'utf8');
  const verifiedBy: string[] = [];
  const unverified: { name: string; keyHash: number }[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    if (!line.startsWith(SIG_PREFIX)) throw new NoteError('malformed', `not a signature line: ${JSON.stringify(line.slice(0, 60))}`);
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const sig = space < 0 ? undefined : decodeBase64(rest.slice(space + 1));
    if (!isValidKeyName(name) || !sig || sig.length < 5) {
      throw new NoteError('malformed', `malformed signature line for ${JSON.stringify(name)}`);
    }
    const keyHash = sig.readUInt32BE(0);
    const id = `${name}+${hex8(keyHash)}`;
    // Repeats of a signature are dropped, as the Go reference does.
    if (seen.has(id)) continue;
    seen.add(id);
    const verifier = known.get(id);
    if (!verifier) {
      unverified.push({ name, keyHash });
      continue;
    }
    if (!verifier.verify(message, sig.subarray(4))) {
      throw new NoteError('bad-signature', `signature by ${id} does not verify`);
    }
    verifiedBy.push(name);
  }
  if (verifiedBy.length === 0) {
    const by = unverified.map((s) => `${s.name}+${hex8(s.keyHash)}`).join(', ');
    throw new NoteError('unverified', `note is not signed by any known key (signed by: ${by})`);
  }
  return { text, verifiedBy, unverified };
}
