/**
 * Argument provenance: who supplied the values of a tool call the model proposes. An indirect
 * prompt injection wins when the model acts on a third party's words: it pays the account an
 * e-mail gave, shares a file with the address a review named, posts to the host a web page
 * chose. Whatever the injection's wording, and whether or not the detector saw it, the call then
 * carries an identifier (an e-mail address, a URL or host, an account, card, phone or IBAN
 * number, a wallet, a @handle: see detect/identifiers.ts) that only untrusted content put in
 * front of the model: a tool result, a retrieved document (or one pasted into a message), a
 * tool's description. Never the operator's system prompt, never the user's own words.
 *
 * Each such identifier is an UNTRUSTED_ARGUMENT finding of the call (over the value, in the
 * arguments text; channel: where it came from), and the top-level names of the arguments that
 * carry one are `untrusted_args` in policy conditions. Whether that is wrong is the operator's
 * call per tool and argument: "reply to the sender" takes the sender's address from a tool
 * result too, so a policy asks for approval, or denies only where a tool result must never
 * choose the target (a payee, a recipient outside the organisation, a host to upload to).
 *
 * Read from the request the response answers: an agent sends its whole conversation with every
 * request, so the values the model could have read are all there. The model's own earlier turns
 * count as no one's: what it repeated from a tool result is still the tool result's.
 */
import type { Exchange, Finding, FindingChannel, PartSource } from '../core/exchange.ts';
import { identifiers, keysOf, onlyByItsDigits } from '../detect/identifiers.ts';
import { embeddedDocuments } from '../detect/injection/embedded.ts';
import { readsAsEnglish } from '../detect/injection/language.ts';
import { PROMPT_INJECTION } from '../policy/findings.ts';
import { parseArguments } from '../policy/event.ts';
import { actionVerbsIn, type Asker, untrustedAction, wordKeysOutside } from './action-provenance.ts';
import { keyHash } from './key-hash.ts';
import { INVISIBLE_TEXT } from './neutralize.ts';
import { namesRecord } from './record-references.ts';

export const UNTRUSTED_ARGUMENT = 'UNTRUSTED_ARGUMENT';
/** A value only untrusted content supplied; the whole score when that content was itself flagged as an injection. */
const SUPPLIED = 0.5;
const SUPPLIED_BY_FLAGGED = 1;
/** Where untrusted text sits, as policy's channels name it; the other sources are trusted (system, user) or no one's (assistant). */
const UNTRUSTED: Partial<Record<PartSource, FindingChannel>> = { tool_result: 'indirect', retrieved_document: 'documents', tool_description: 'tools' };
/** Deeper arguments, and more values than this, are not read: a call that big is data, and its targets sit near the top. */
const MAX_DEPTH = 32;
const MAX_VALUES = 10_000;

export interface Origin {
  /** The system prompt or a user's message has it. */
  trusted: boolean;
  /** The first untrusted channel that has it. */
  channel?: FindingChannel;
  /** An untrusted text that has it was flagged as a prompt injection (or hides text). */
  flagged: boolean;
}

export interface ArgumentVerdict {
  /** Top-level names of the arguments that carry a value only untrusted content supplied, in order. */
  readonly names: string[];
  readonly findings: Finding[];
}

const NOTHING: ArgumentVerdict = Object.freeze({ names: [], findings: [] }) as ArgumentVerdict;

/** How a text is read: untrusted content (a tool result, a document, a description), the operator's system prompt, or a user's message. */
export type Reading = 'content' | 'operator' | 'user';

/**
 * What provenance reads of a text, as hashed keys (key-hash.ts) and verbs: what the gateway
 * remembers of the texts it read lately (so that a conversation resent every turn costs only
 * its new turns), never the addresses, numbers and words themselves.
 * - `own`: the identifiers of its author's words; `pasted`: those inside the documents pasted or
 *   retrieved into a message (a quoted e-mail, a fenced file, a `Context:` block:
 *   detect/injection/embedded.ts), which are a third party's words, not its author's;
 * - `verbs`: the action verbs (stems) a third party wrote: all of untrusted content, a message's
 *   pasted documents (action-provenance.ts);
 * - `words`: the user's own words (hashed stems; a user's message only): what the user asked for.
 */
export interface TextKeys {
  readonly own: readonly number[];
  readonly pasted: readonly number[];
  readonly verbs: readonly string[];
  /** The words around the state words among `verbs` (action-provenance.ts). */
  readonly near: readonly number[];
  readonly words: readonly number[];
}
export type ReadKeys = (text: string, reading: Reading) => TextKeys;
/** What a text's keys weigh in a RecentScans cache, beyond its entry. */
export const keyWeight = (keys: TextKeys): number => (keys.own.length + keys.pasted.length + keys.words.length + keys.verbs.length + keys.near.length) >> 4;

const NO_KEYS: readonly number[] = Object.freeze([]);
const NO_VERBS: readonly string[] = Object.freeze([]);

export const readKeys: ReadKeys = (text, reading) => {
  const spans = reading === 'content' ? [] : embeddedDocuments(text);
  const own: number[] = [], pasted: number[] = [];
  let span = 0;
  for (const { start, keys, parts } of identifiers(text)) {
    while (span < spans.length && spans[span]![1] <= start) span++;
    const into = span < spans.length && spans[span]![0] <= start ? pasted : own;
    for (const key of keys) into.push(keyHash(key));
    for (const key of parts) into.push(keyHash(key));
  }
  const verbs: string[] = [];
  const near = new Set<number>();
  // Another language's words for an action are looked for only where the text is not English.
  const foreign = !readsAsEnglish(text);
  if (reading === 'content') actionVerbsIn(text, 0, text.length, verbs, near, foreign);
  else for (const [start, end] of spans) actionVerbsIn(text, start, end, verbs, near, foreign);
  return {
    own, pasted: pasted.length === 0 ? NO_KEYS : pasted, verbs: verbs.length === 0 ? NO_VERBS : verbs,
    near: near.size === 0 ? NO_KEYS : [...near],
    words: reading === 'user' ? wordKeysOutside(text, spans, foreign) : NO_KEYS,
  };
};

/** The identifiers of untrusted content, as hashed keys (what the MCP door remembers of what it relays). */
export const contentKeys = (text: string): number[] => {
  const keys: number[] = [];
  for (const id of identifiers(text)) {
    for (const key of id.keys) keys.push(keyHash(key));
    for (const key of id.parts) keys.push(keyHash(key));
  }
  return keys;
};

/**
 * Argument names that say the value is an account to grant access to or a place to ship to, not
 * a person's name or a record picked from a lookup: a value of one is also looked up whole, when
 * it holds no identifier (`"username": "dev-helper"`, `"shipping_address": "1209 Orange St,
 * Wilmington DE 19801"`). Recipients, members and payees are left to their identifiers (an
 * address, an account number): the names beside them come from lookups as often as from users.
 */
const TARGET_NAME = /(?:^|[_\-.])(?:usernames?|handles?|logins?|collaborators?|grantees?|guests?|shipping|addresse?s?|destination|dest)(?:$|[_\-.])/i;
/** Names of where something comes from ("from_address", "source_path"): never a target. */
const SOURCE_NAME = /(?:^|[_\-.])(?:from|source|src|sender|origin)(?:$|[_\-.])/i;
/** A whole value shorter than this is a word any text holds; longer, it is prose, not a name. */
const MIN_WHOLE = 4;
const MAX_WHOLE = 200;
const SPACES = /\s+/g;

/** A value or text as compared whole: lower case, each run of white space one space. */
const canonicalText = (text: string) => text.toLowerCase().replace(SPACES, ' ');

/**
 * The identifiers of one request's conversation, by hashed canonical key, with who wrote them;
 * and, for action provenance, which untrusted texts wrote which action verbs and what the user's
 * own words were.
 */
export class ConversationIdentifiers {
  private readonly origins = new Map<number, Origin>();
  private readonly request: Pick<Exchange, 'parts' | 'toolDefinitions' | 'findings'>;
  /** The untrusted texts that wrote an action verb, in order (action provenance). */
  private readonly askers: Asker[];
  /** The user's own words, hashed stems (action provenance). */
  private readonly userWords: Set<number>;
  /**
   * The conversation's texts as compared whole (canonicalText): the system prompt's and the
   * user's own words (`trusted`), and the untrusted ones, documents pasted into messages among
   * them. Read when a whole value is first looked up.
   */
  private texts?: { readonly trusted: string; readonly untrusted: readonly { readonly text: string; readonly channel: FindingChannel; readonly flagged: boolean }[] };

  /**
   * `earlier`: what was kept of the turns before this request's, when the request only adds to a
   * conversation the provider stored (Exchange.stored): read as if they were still in it.
   */
  constructor(request: Pick<Exchange, 'parts' | 'toolDefinitions' | 'findings'>, read: ReadKeys = readKeys, earlier?: ConversationMemory) {
    this.request = request;
    // Copied, not shared: add() changes an origin in place, and the earlier memory is another request's.
    for (const [key, origin] of earlier?.origins ?? []) this.origins.set(key, { ...origin });
    this.askers = [...earlier?.askers ?? []];
    this.userWords = new Set(earlier?.userWords);
    eachSource(request, (text, channel, flagged, source) => {
      if (channel !== null) {
        const { own, verbs, near } = read(text, 'content');
        this.add(own, channel, flagged);
        // A tool's description names what the tool does, its verb included: that is no one asking.
        if (verbs.length > 0 && channel !== 'tools') this.askers.push({ verbs, near, channel, flagged });
        return;
      }
      const { own, pasted, verbs, near, words } = read(text, source === 'user' ? 'user' : 'operator');
      this.add(own, null, false);
      this.add(pasted, 'documents', flagged);
      if (verbs.length > 0) this.askers.push({ verbs, near, channel: 'documents', flagged });
      for (const word of words) this.userWords.add(word);
    });
  }

  private add(keys: readonly number[], channel: FindingChannel | null, flagged: boolean): void {
    for (const key of keys) {
      let origin = this.origins.get(key);
      if (origin === undefined) this.origins.set(key, origin = { trusted: false, flagged: false });
      if (channel === null) origin.trusted = true;
      else {
        origin.channel ??= channel;
        origin.flagged ||= flagged;
      }
    }
  }

  /** What the MCP door keeps of this conversation for the agent's calls (agent-provenance.ts): hashes and verbs, no text. */
  get memory(): ConversationMemory {
    return { origins: this.origins, askers: this.askers, userWords: this.userWords };
  }

  /** The proposed call's identifiers that only untrusted content supplied (none for arguments that are no JSON object: policy refuses those). */
  judge(argumentsText: string): ArgumentVerdict {
    return judgeArguments(argumentsText, (key) => this.origins.get(key), (value) => this.wholeOrigin(value));
  }

  /** Where the action of a call to `toolName` (its verb, or a state its arguments set) was asked for, when only untrusted content asked for it (action-provenance.ts). */
  judgeAction(toolName: string, argumentsText: string): Asker | undefined {
    return untrustedAction(toolName, argumentsText, this.askers, this.userWords);
  }

  /**
   * Whom a whole value came from (a target-named argument's, without identifiers): trusted when
   * the system prompt or a user message holds it in its own words, else the first untrusted text
   * (or document pasted into a message) that does.
   */
  private wholeOrigin(value: string): Origin | undefined {
    const wanted = canonicalText(value);
    if (wanted.length < MIN_WHOLE) return undefined;
    this.texts ??= this.readTexts();
    if (this.texts.trusted.includes(wanted)) return { trusted: true, flagged: false };
    const source = this.texts.untrusted.find((t) => t.text.includes(wanted));
    return source === undefined ? undefined : { trusted: false, channel: source.channel, flagged: source.flagged };
  }

  private readTexts(): NonNullable<ConversationIdentifiers['texts']> {
    const trusted: string[] = [], untrusted: { text: string; channel: FindingChannel; flagged: boolean }[] = [];
    eachSource(this.request, (text, channel, flagged) => {
      if (channel !== null) {
        untrusted.push({ text: canonicalText(text), channel, flagged });
        return;
      }
      // A document pasted into a message is a third party's words, as for identifiers (readKeys).
      let from = 0;
      const own: string[] = [];
      for (const [start, end] of embeddedDocuments(text)) {
        own.push(text.slice(from, start));
        untrusted.push({ text: canonicalText(text.slice(start, end)), channel: 'documents', flagged });
        from = Math.max(from, end);
      }
      own.push(text.slice(from));
      trusted.push(canonicalText(own.join('\u0000')));
    });
    return { trusted: trusted.join('\u0000'), untrusted };
  }
}

/** A conversation as hashed keys with who wrote them, the action verbs untrusted texts wrote, and the user's words as hashed stems. */
export interface ConversationMemory {
  readonly origins: ReadonlyMap<number, Origin>;
  readonly askers: readonly Asker[];
  readonly userWords: ReadonlySet<number>;
}

/** Who wrote a hashed key, as far as one reader knows. */
export type KeyLookup = (key: number) => Origin | undefined;

/**
 * Whom a value of a call came from: trusted when any key of the whole value is (the value as
 * the user wrote it, its host, its last nine digits); else the first untrusted origin of any of
 * its keys or parts ("031101279:5023418876" from a routing and an account number a tool result
 * gave); else no one. A part alone never makes a value trusted: "https://evil.example/?to=" and
 * the user's own address is no address the user gave.
 */
function originOf(keys: readonly string[], parts: readonly string[], lookup: KeyLookup): Origin | undefined {
  let found: Origin | undefined;
  for (const key of keys) {
    const origin = lookup(keyHash(key));
    if (origin === undefined) continue;
    if (origin.trusted) return origin;
    found ??= origin;
  }
  for (const key of parts) {
    if (found !== undefined) break;
    const origin = lookup(keyHash(key));
    if (origin !== undefined && !origin.trusted) found = origin;
  }
  return found;
}

/**
 * The identifiers of a call's arguments that only untrusted content supplied, by `lookup`; and,
 * where `wholeOrigin` is given, the whole values of target-named arguments that hold none.
 * Nothing for arguments that are no JSON object (policy refuses those).
 */
export function judgeArguments(argumentsText: string, lookup: KeyLookup, wholeOrigin?: (value: string) => Origin | undefined): ArgumentVerdict {
  const parsed = parseArguments(argumentsText);
  if ('error' in parsed) return NOTHING;
  const names: string[] = [], findings: Finding[] = [];
  const report = (name: string, raw: string, origin: Origin | undefined): void => {
    if (origin === undefined || origin.trusted) return;
    if (!names.includes(name)) names.push(name);
    // Located where the arguments text spells it so (an escaped '/' does not: then over the whole text).
    const at = argumentsText.indexOf(raw);
    const [start, end] = at === -1 ? [0, argumentsText.length] : [at, at + raw.length];
    findings.push({
      detector: 'provenance', type: UNTRUSTED_ARGUMENT, partIndex: -1, start, end,
      score: origin.flagged ? SUPPLIED_BY_FLAGGED : SUPPLIED, channel: origin.channel as FindingChannel,
    });
  };
  let budget = MAX_VALUES;
  const visit = (name: string, value: unknown, depth: number, key: string): void => {
    if (budget <= 0 || depth > MAX_DEPTH) return;
    if (typeof value === 'string') {
      budget--;
      const ids = identifiers(value);
      const record = ids.length > 0 && namesRecord(key, name);
      for (const id of ids) {
        const raw = value.slice(id.start, id.end);
        // The number of the record the call acts on, taken from the result that listed it (record-references.ts).
        if (record && onlyByItsDigits(raw)) continue;
        report(name, raw, originOf(id.keys, id.parts, lookup));
      }
      if (wholeOrigin !== undefined && ids.length === 0 && value.length >= MIN_WHOLE && value.length <= MAX_WHOLE && isTargetName(key, name)) {
        report(name, value, wholeOrigin(value.trim()));
      }
    } else if (typeof value === 'number') {
      budget--;
      // An account or record number the model wrote as a JSON number.
      if (Number.isInteger(value) && !namesRecord(key, name)) { const digits = String(Math.abs(value)); report(name, digits, originOf(keysOf(digits), [], lookup)); }
    } else if (Array.isArray(value)) {
      for (const item of value) visit(name, item, depth + 1, key);
    } else if (typeof value === 'object' && value !== null) {
      for (const [inner, item] of Object.entries(value)) visit(name, item, depth + 1, inner);
    }
  };
  for (const [name, value] of Object.entries(parsed.args)) visit(name, value, 0, name);
  return findings.length === 0 ? NOTHING : { names, findings };
}

/** Whether an argument (its own key, or the top-level name it sits under) names a target. */
const isTargetName = (key: string, name: string) =>
  !SOURCE_NAME.test(key) && !SOURCE_NAME.test(name) && (TARGET_NAME.test(key) || TARGET_NAME.test(name));

/** The parts in which a prompt injection or hidden text was found: what they supply scores as flagged. */
export function flaggedParts(findings: readonly Finding[]): Set<number> {
  const flagged = new Set<number>();
  for (const f of findings) if (f.type === PROMPT_INJECTION || f.type === INVISIBLE_TEXT) flagged.add(f.partIndex);
  return flagged;
}

/**
 * Each text of a request that may supply a value, with who wrote it: the system prompt and user
 * messages (channel null: trusted, their pasted documents told apart by the caller), tool
 * results, retrieved documents and tool descriptions (decoded as parts or not: a poisoned one
 * names where to send), and whether a prompt-injection or invisible-text finding was made in it.
 */
function eachSource(
  request: Pick<Exchange, 'parts' | 'toolDefinitions' | 'findings'>, visit: (text: string, channel: FindingChannel | null, flagged: boolean, source: PartSource) => void,
): void {
  const flagged = flaggedParts(request.findings ?? []);
  request.parts.forEach((part, index) => {
    const channel = part.source === 'system' || part.source === 'user' ? null : UNTRUSTED[part.source];
    if (channel !== undefined) visit(part.text, channel, flagged.has(index), part.source);
  });
  for (const tool of request.toolDefinitions) visit(tool.description, 'tools', false, 'tool_description');
}
