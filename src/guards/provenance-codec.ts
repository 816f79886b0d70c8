/**
 * A conversation's provenance memory (ConversationMemory: who wrote each hashed key, which
 * untrusted texts asked for which actions, the user's hashed words) as bytes, for replicas that
 * share it through Redis (shared-provenance.ts). It holds what the memory holds: hashed keys,
 * action verbs of the tool-name lexicon and flags, never a value or a text.
 *
 * Layout, little-endian: a version byte; the origins (u32 count, then per key its hash as a
 * float64, keyHash's 52 bits, and a flags byte: trusted, flagged, channel); the user's words
 * (u32 count, float64 each); the askers (u32 count, then per asker its verbs, u16 count of
 * u16-length UTF-8 strings, its near words, u32 count of float64, and a flags byte). A blob
 * that does not parse exactly (another version, cut short, bytes left over, a count past what
 * the bytes can hold) decodes to undefined: bytes from a store are input like any other.
 */
import { FINDING_CHANNELS, type FindingChannel } from '../core/exchange.ts';
import type { Asker } from './action-provenance.ts';
import type { ConversationMemory, Origin } from './argument-provenance.ts';

const VERSION = 1;
const TRUSTED = 1, FLAGGED = 2;
/** The channel sits in the flags byte's upper bits: 0 for none, else its index in FINDING_CHANNELS + 1. */
const CHANNEL_SHIFT = 2;

const channelBits = (channel: FindingChannel | undefined) => (channel === undefined ? 0 : FINDING_CHANNELS.indexOf(channel) + 1) << CHANNEL_SHIFT;
const channelOf = (flags: number): FindingChannel | undefined | null => {
  const index = flags >> CHANNEL_SHIFT;
  if (index === 0) return undefined;
  return FINDING_CHANNELS[index - 1] ?? null;
};

export function encodeConversation(conversation: ConversationMemory): Buffer {
  const verbs = conversation.askers.map((asker) => asker.verbs.map((verb) => Buffer.from(verb, 'utf8')));
  let size = 1 + 4 + 9 * conversation.origins.size + 4 + 8 * conversation.userWords.size + 4;
  conversation.askers.forEach((asker, i) => {
    size += 2 + 4 + 8 * asker.near.length + 1;
    for (const verb of verbs[i]!) size += 2 + verb.length;
  });
  const out = Buffer.allocUnsafe(size);
  let at = out.writeUInt8(VERSION, 0);
  at = out.writeUInt32LE(conversation.origins.size, at);
  for (const [key, origin] of conversation.origins) {
    at = out.writeDoubleLE(key, at);
    at = out.writeUInt8((origin.trusted ? TRUSTED : 0) | (origin.flagged ? FLAGGED : 0) | channelBits(origin.channel), at);
  }
  at = out.writeUInt32LE(conversation.userWords.size, at);
  for (const word of conversation.userWords) at = out.writeDoubleLE(word, at);
  at = out.writeUInt32LE(conversation.askers.length, at);
  conversation.askers.forEach((asker, i) => {
    at = out.writeUInt16LE(verbs[i]!.length, at);
    for (const verb of verbs[i]!) {
      at = out.writeUInt16LE(verb.length, at);
      at += verb.copy(out, at);
    }
    at = out.writeUInt32LE(asker.near.length, at);
    for (const word of asker.near) at = out.writeDoubleLE(word, at);
    at = out.writeUInt8((asker.flagged ? FLAGGED : 0) | channelBits(asker.channel), at);
  });
  return out;
}

/** Thrown inside decodeConversation only: the blob does not parse. */
class Malformed extends Error {}

export function decodeConversation(bytes: Buffer): ConversationMemory | undefined {
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new Malformed();
  };
  const u8 = () => (need(1), bytes.readUInt8((at += 1) - 1));
  const u16 = () => (need(2), bytes.readUInt16LE((at += 2) - 2));
  const u32 = () => (need(4), bytes.readUInt32LE((at += 4) - 4));
  const f64 = () => (need(8), bytes.readDoubleLE((at += 8) - 8));
  /** A count of items of at least `each` bytes, refused when the bytes left cannot hold them (before anything is allocated). */
  const count = (read: () => number, each: number) => {
    const n = read();
    need(n * each);
    return n;
  };
  const channel = (flags: number) => {
    const found = channelOf(flags);
    if (found === null) throw new Malformed();
    return found;
  };
  try {
    if (u8() !== VERSION) return undefined;
    const origins = new Map<number, Origin>();
    for (let n = count(u32, 9); n > 0; n--) {
      const key = f64();
      const flags = u8();
      const found = channel(flags);
      origins.set(key, { trusted: (flags & TRUSTED) !== 0, flagged: (flags & FLAGGED) !== 0, ...(found === undefined ? {} : { channel: found }) });
    }
    const userWords = new Set<number>();
    for (let n = count(u32, 8); n > 0; n--) userWords.add(f64());
    const askers: Asker[] = [];
    for (let n = count(u32, 7); n > 0; n--) {
      const verbs: string[] = [];
      for (let v = count(u16, 2); v > 0; v--) {
        const length = count(u16, 1);
        verbs.push(bytes.toString('utf8', at, (at += length)));
      }
      const near: number[] = [];
      for (let w = count(u32, 8); w > 0; w--) near.push(f64());
      const flags = u8();
      const found = channel(flags);
      // An asker is an untrusted text: it always has a channel.
      if (found === undefined) return undefined;
      askers.push({ verbs, near, channel: found, flagged: (flags & FLAGGED) !== 0 });
    }
    return at === bytes.length ? { origins, askers, userWords } : undefined;
  } catch (error) {
    if (error instanceof Malformed) return undefined;
    throw error;
  }
}
