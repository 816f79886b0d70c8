/**
 * Strict standard base64 (RFC 4648 §4) for signed notes and checkpoints. Buffer.from(s, 'base64')
 * silently skips bad characters and accepts url-safe letters and missing padding; a verifier must
 * not accept two spellings of the same signed text, so only the canonical encoding is allowed.
 */

const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The decoded bytes, or undefined if `text` is not canonical standard base64. */
export function decodeBase64(text: string): Buffer | undefined {
  if (!CANONICAL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Rejects non-zero padding bits ("AB==" and "AA==" would otherwise both mean 0x00).
  return bytes.toString('base64') === text ? bytes : undefined;
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
