/**
 * What happens to a sensitive value on its way to a model: masked (`[US_SSN]`), partially shown
 * (a card's first 6 and last 4 at most), hashed (a keyed, stable digest: the model can still
 * tell two values apart), tokenized (a placeholder such as `<PERSON_1>` that the gateway
 * restores in what comes back, so the agent never notices), or the whole exchange blocked.
 *
 * Tokenization needs no stored state: placeholders are numbered per type in order of first
 * appearance in the request, and agents resend the whole conversation every turn, so the same
 * value gets the same placeholder in every turn of a conversation.
 */
import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

export type DataAction = 'allow' | 'mask' | 'partial' | 'hash' | 'tokenize' | 'block';

/** Placeholders as the model sees them; restoring only ever touches this exact shape. */
const PLACEHOLDER = /<([A-Z][A-Z0-9_]*)_(\d{1,6})>/g;
/** The longest unfinished placeholder a stream may have to hold back ("<CREDIT_CARD_EXPIRY_123"). */
const MAX_PLACEHOLDER = 48;

export class TokenVault {
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  placeholderFor(type: string, value: string): string {
    const key = `${type}\u0000${value}`;
    let placeholder = this.byValue.get(key);
    if (placeholder === undefined) {
      const n = (this.counts.get(type) ?? 0) + 1;
      this.counts.set(type, n);
      placeholder = `<${type}_${n}>`;
      this.byValue.set(key, placeholder);
      this.byPlaceholder.set(placeholder, value);
    }
    return placeholder;
  }

  get size(): number {
    return this.byPlaceholder.size;
  }

  /** Puts the originals back; placeholders the vault never issued stay as they are. */
  restore(text: string, inJson = false): string {
    if (this.byPlaceholder.size === 0 || !text.includes('<')) return text;
    return text.replace(PLACEHOLDER, (placeholder) => {
      const original = this.byPlaceholder.get(placeholder);
      if (original === undefined) return placeholder;
      // Inside a JSON string (tool arguments), the original must be escaped to stay valid JSON.
      return inJson ? JSON.stringify(original).slice(1, -1) : original;
    });
  }

  /** How many trailing characters could be the start of a placeholder still arriving. */
  holdBack(text: string): number {
    const open = text.lastIndexOf('<');
    if (open === -1 || text.length - open > MAX_PLACEHOLDER) return 0;
    return /^<[A-Z0-9_]*$/.test(text.slice(open)) ? text.length - open : 0;
  }
}

/** Keyed digests for the `hash` action; the key should be set per tenant so hashes are stable. */
export class ValueHasher {
  private readonly key: KeyObject;

  constructor(key?: Buffer) {
    this.key = createSecretKey(key ?? randomBytes(32));
  }

  hash(type: string, value: string): string {
    return `<${type}:${createHmac('sha256', this.key).update(value).digest('hex').slice(0, 12)}>`;
  }
}

/** What a value looks like after `partial`: cards keep at most the first 6 and last 4 digits, anything else its last 4 characters. */
export function partial(type: string, value: string): string {
  const digits = value.replace(/\D/g, '');
  if (type === 'CREDIT_CARD' && digits.length >= 13) {
    return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
  }
  const keep = value.length > 8 ? 4 : value.length > 4 ? 2 : 0;
  return `${value.slice(0, value.length - keep).replace(/[A-Za-z0-9]/g, '*')}${value.slice(value.length - keep)}`;
}

function required<T>(tool: T | undefined, action: string): T {
  if (tool === undefined) throw new Error(`the ${action} action needs its key or vault`);
  return tool;
}

export interface Transformed {
  readonly text: string;
  /** Entity types whose action is `block` (the caller refuses the exchange). */
  readonly blocked: readonly string[];
  readonly changed: boolean;
}

/** Where something was found in one text, and what it is. */
export interface Span {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

/** What replaces [start, end) of a text. */
export interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

/**
 * Each finding's action as a replacement of its span (allow and block replace nothing; block
 * is reported). Placeholders are numbered by first appearance, so findings must be in text
 * order and must not overlap (scanText guarantees both).
 */
export function replacementsFor<T extends Span>(
  text: string, findings: readonly T[], actionOf: (finding: T) => DataAction,
  tools: { readonly vault?: TokenVault; readonly hasher?: ValueHasher } = {},
): { readonly replacements: Replacement[]; readonly blocked: readonly string[] } {
  const blocked = new Set<string>();
  const replacements: Replacement[] = [];
  for (const finding of findings) {
    const value = text.slice(finding.start, finding.end);
    let replacement: string | undefined;
    switch (actionOf(finding)) {
      case 'mask': replacement = `[${finding.type}]`; break;
      case 'partial': replacement = partial(finding.type, value); break;
      case 'hash': replacement = required(tools.hasher, 'hash').hash(finding.type, value); break;
      case 'tokenize': replacement = required(tools.vault, 'tokenize').placeholderFor(finding.type, value); break;
      case 'block': blocked.add(finding.type); break;
      default: break;
    }
    if (replacement !== undefined) replacements.push({ start: finding.start, end: finding.end, value: replacement });
  }
  return { replacements, blocked: [...blocked].sort() };
}

/** Applies each finding's action to one text (see `replacementsFor`). */
export function transformText<T extends Span>(
  text: string, findings: readonly T[], actionOf: (finding: T) => DataAction,
  tools: { readonly vault?: TokenVault; readonly hasher?: ValueHasher } = {},
): Transformed {
  const { replacements, blocked } = replacementsFor(text, findings, actionOf, tools);
  let out = text;
  // Right to left, so earlier offsets stay valid.
  for (let i = replacements.length - 1; i >= 0; i--) {
    const { start, end, value } = replacements[i] as Replacement;
    out = out.slice(0, start) + value + out.slice(end);
  }
  return { text: out, blocked, changed: replacements.length > 0 };
}
