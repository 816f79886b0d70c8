/**
 * C2SP checkpoints (https://c2sp.org/tlog-checkpoint): the signed note body that commits to the
 * ledger's tree at a size.
 *
 *   <origin>\n<decimal size>\n<base64 root hash>\n[<extension line>\n ...]
 *
 * Sizes are limited to Number.MAX_SAFE_INTEGER (the spec allows uint64; a ledger will not reach
 * 2^53 records, and refusing beats silently rounding).
 */
import { decodeBase64, encodeBase64 } from './base64.ts';
import { HASH_SIZE, isTreeSize } from './merkle.ts';
import { openNote, signNote, type NoteSigner, type NoteVerifier } from './note.ts';

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Buffer;
  /** Opaque extra lines (the spec discourages them: monitors cannot audit them). */
  readonly extensions: readonly string[];
}

export interface CheckpointInput {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly extensions?: readonly string[];
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

const CONTROL = /[\u0000-\u001f]/;

function checkLine(line: string, what: string): void {
  if (line === '') throw new CheckpointError(`checkpoint ${what} must not be empty`);
  if (!line.isWellFormed() || CONTROL.test(line)) {
    throw new CheckpointError(`checkpoint ${what} must be one line of UTF-8 text without control characters`);
  }
}

/** The checkpoint body (the note text to sign). */
export function formatCheckpoint(input: CheckpointInput): string {
  checkLine(input.origin, 'origin');
  if (!isTreeSize(input.size)) throw new CheckpointError(`checkpoint size must be a non-negative safe integer, got ${input.size}`);
  if (input.rootHash.length !== HASH_SIZE) throw new CheckpointError(`checkpoint root hash must be ${HASH_SIZE} bytes`);
  const extensions = input.extensions ?? [];
  for (const line of extensions) checkLine(line, 'extension line');
  const lines = [input.origin, String(input.size), encodeBase64(input.rootHash), ...extensions];
  return `${lines.join('\n')}\n`;
}

/** Parses a checkpoint body strictly: anything a conforming log could not have signed is refused. */
export function parseCheckpoint(body: string): Checkpoint {
  if (!body.endsWith('\n')) throw new CheckpointError('checkpoint must end with a newline');
  const lines = body.slice(0, -1).split('\n');
  const [origin = '', sizeText = '', rootText = '', ...extensions] = lines;
  if (lines.length < 3) throw new CheckpointError('checkpoint needs an origin, a size and a root hash line');
  checkLine(origin, 'origin');
  // No sign, no leading zeroes (except "0" itself), no exponent: exactly one spelling per size.
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeText)) throw new CheckpointError(`checkpoint size is not a decimal number: ${JSON.stringify(sizeText)}`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw new CheckpointError(`checkpoint size ${sizeText} is too large`);
  const rootHash = decodeBase64(rootText);
  if (!rootHash || rootHash.length !== HASH_SIZE) {
    throw new CheckpointError(`checkpoint root hash is not base64 of ${HASH_SIZE} bytes: ${JSON.stringify(rootText)}`);
  }
  for (const line of extensions) checkLine(line, 'extension line');
  return { origin, size, rootHash, extensions };
}

/** Formats and signs a checkpoint: the signed note a store keeps and a witness can check. */
export function signCheckpoint(input: CheckpointInput, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpoint(input), signers);
}

export interface OpenedCheckpoint extends Checkpoint {
  readonly verifiedBy: readonly string[];
}

/**
 * Verifies a signed checkpoint (at least one known key, no bad signature from a known key; see
 * openNote), parses its body and checks it is for `origin`. Throws NoteError or CheckpointError.
 */
export function openCheckpoint(
  signed: string,
  verifiers: readonly (NoteVerifier | string)[],
  origin: string,
): OpenedCheckpoint {
  const note = openNote(signed, verifiers);
  const checkpoint = parseCheckpoint(note.text);
  if (checkpoint.origin !== origin) {
    throw new CheckpointError(`checkpoint is for origin ${JSON.stringify(checkpoint.origin)}, expected ${JSON.stringify(origin)}`);
  }
  return { ...checkpoint, verifiedBy: note.verifiedBy };
}
