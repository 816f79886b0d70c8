/**
 * The ledger's three keys: the Ed25519 key that signs checkpoints, the HMAC key behind content
 * digests, and the AES key that seals captured payloads. Each comes from the config (normally
 * an environment variable) or, when absent, from a file in `keyDir` created on first start with
 * owner-only permissions, so a fresh install records safely without setup and a real one keeps
 * its keys in a secret store.
 */
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerConfig } from '../config/ledger-schema.ts';
import { generateKeys, parseSigner, type Signer } from './note.ts';

function keyFile(dir: string, name: string, create: () => string): string {
  const path = join(dir, name);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = create();
  // 'wx': never overwrite a key another process created in the meantime.
  try {
    writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch {
    return readFileSync(path, 'utf8').trim();
  }
  chmodSync(path, 0o600);
  return value;
}

export interface LedgerSecrets {
  readonly signer: Signer;
  readonly digest: ContentDigest;
  readonly sealer: PayloadSealer | undefined;
}

export function loadSecrets(config: LedgerConfig): LedgerSecrets {
  const signingKey = config.signingKey ?? keyFile(config.keyDir, 'ledger-signing.key', () => generateKeys(config.origin).privateKey);
  const digestKey = config.digestKey ?? keyFile(config.keyDir, 'digest.key', () => randomBytes(32).toString('hex'));
  const payloadKey = !config.payloads.capture ? undefined
    : config.payloads.key ?? keyFile(config.keyDir, 'payload.key', () => randomBytes(32).toString('hex'));
  return {
    signer: parseSigner(signingKey),
    digest: new ContentDigest(Buffer.from(digestKey, 'hex')),
    sealer: payloadKey === undefined ? undefined : new PayloadSealer(Buffer.from(payloadKey, 'hex')),
  };
}

/**
 * The verifier keys a reader of this ledger trusts: the configured signing key's (or the key
 * file's, if one exists: a reader never creates keys) and any listed in `verifierKeys`.
 */
export function trustedVerifierKeys(config: LedgerConfig): string[] {
  const file = join(config.keyDir, 'ledger-signing.key');
  const signing = config.signingKey ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  return [...(signing === undefined ? [] : [parseSigner(signing).verifierKey]), ...config.verifierKeys];
}

/**
 * Keyed digests of content (HMAC-SHA256): the ledger can show that a given prompt or argument
 * was the one exchanged, to someone holding the key and the content, without holding the
 * content itself; without the key, a digest reveals nothing guessable (an SSN has few values).
 */
export class ContentDigest {
  /** A KeyObject made once: handing createHmac raw key bytes builds one per call, a third of the cost. */
  private readonly key: KeyObject;

  constructor(key: Buffer) {
    this.key = createSecretKey(key);
  }

  of(content: string | Uint8Array): string {
    return createHmac('sha256', this.key).update(content).digest('hex');
  }

  /** An incremental digest, for streams. */
  start(): { update(chunk: Uint8Array): void; finish(): string } {
    const hmac = createHmac('sha256', this.key);
    return { update: (chunk) => void hmac.update(chunk), finish: () => hmac.digest('hex') };
  }
}

/** AES-256-GCM with a fresh 96-bit nonce per payload: nonce || ciphertext || tag. */
export class PayloadSealer {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    this.key = key;
  }

  /** `context` (the record index) is authenticated, so a sealed payload cannot be moved to another record. */
  seal(plain: Uint8Array, context: string): Buffer {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]);
  }

  open(sealed: Buffer, context: string): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  }
}
