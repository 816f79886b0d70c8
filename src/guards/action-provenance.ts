/**
 * Action provenance: who asked for the action a proposed call takes. Argument provenance
 * (argument-provenance.ts) sees an injection through the values it plants, but some carry none:
 * "delete all my e-mails", "unlock the front door", "merge the pull request". Those still leave a
 * trace in words: the action the model takes is one a tool result or document asked for, and
 * the user never did. The user asked what is in the inbox; an e-mail asked to delete it.
 *
 * So a call's action is untrusted when the verb of its tool's name (`delete` in
 * `delete_emails`, `send` in `gmail_send_message`: the first word of the name that is one of
 * ACTION_FAMILIES) is written, in any inflection ("deleted", "deleting"), in a tool result, a
 * retrieved document or a document pasted into a message, and the user's own words hold neither
 * a word of the name nor a verb of the same family ("pay" for `transfer_funds`). Only the user's: the operator's system prompt says what the agent may do,
 * not what anyone asked of it now. A name without such a verb (`lookup_claim`, `get_weather`)
 * has no action to ask for.
 *
 * Words are compared by a crude stem (stemOf), the same on both sides: "shares", "shared" and
 * "sharing" are "share". Lexical on purpose, and English: tool names are. A user who asks in
 * another language names no word of an English tool name, and a tool result in it rarely holds
 * the English verb: the call is then not flagged either way.
 */
import type { FindingChannel } from '../core/exchange.ts';
import { keyHash } from './key-hash.ts';

/**
 * Verbs of actions that change something or send something somewhere, as tool names spell them,
 * in families of verbs a user may say for the same action: a user who asks to "pay" the
 * invoice has asked for `transfer_funds`, one who asks to "reply" for `send_email`. A verb may
 * be in two families ("move" files, or money). Reads (get, list, search, read, fetch, lookup) are
 * not here: nobody needs to be asked to read. Nor are "text" and "call", which are mostly nouns
 * in what users write ("the text of the e-mail", "after the call").
 */
const ACTION_FAMILIES: readonly (readonly string[])[] = [
  'send forward reply email mail message dm fax notify post publish comment',
  'transfer pay payout wire withdraw deposit refund charge redeem convert swap stake bridge move settle',
  'delete erase purge destroy wipe drop archive remove trash cancel',
  'share invite grant add revoke assign promote demote ban block unblock mute follow unfollow subscribe unsubscribe',
  'buy purchase order book reserve schedule reschedule cancel',
  'update modify change set reset configure enable disable edit write rename move copy mark flag lock unlock open close apply',
  'run execute exec launch start stop kill restart deploy release install uninstall merge push sync submit create make issue upload ' +
    'download export import print',
].map((family) => family.split(' '));

/**
 * Verbs that only read. A name whose first verb is one of them takes no action, whatever nouns
 * follow it: `search_messages`, `list_orders`, `get_issue` (message, order and issue are verbs too).
 */
const READ_VERBS: ReadonlySet<string> = new Set(
  'get list search read fetch find lookup look view show check query count describe summarize inspect browse retrieve preview scan watch monitor load'
    .split(' ').map((verb) => stemOf(verb)),
);

/** Words of a name that say nothing of what it does. */
const FILLER: ReadonlySet<string> = new Set(['to', 'the', 'my', 'by', 'from', 'with', 'for', 'of', 'and', 'or', 'in', 'on', 'at', 'an', 'mcp']);

/** Longer words are no verb of ACTION_FAMILIES in any inflection ("unsubscribing" is 13). */
const MAX_VERB_WORD = 14;

/**
 * A lower-case word's stem as both sides of the comparison take it: without -ing, -ed, -es or
 * -s, a final e dropped and a doubled last consonant made single (share, shares, shared,
 * sharing: "shar"; stop, stopped: "stop"; cancel, cancelled: "cancel"; call, called: "cal").
 */
export function stemOf(word: string): string {
  let stem = word;
  if (stem.length > 5 && stem.endsWith('ing')) stem = stem.slice(0, -3);
  else if (stem.length > 4 && stem.endsWith('ed')) stem = stem.slice(0, -2);
  else if (stem.length > 4 && stem.endsWith('es')) stem = stem.slice(0, -2);
  else if (stem.length > 3 && stem.endsWith('s') && !stem.endsWith('ss')) stem = stem.slice(0, -1);
  if (stem.length > 3 && stem.endsWith('e')) stem = stem.slice(0, -1);
  const last = stem.at(-1) as string;
  return stem.length > 3 && last === stem.at(-2) && !'aeious'.includes(last) ? stem.slice(0, -1) : stem;
}

/** Each action verb's stem, with the stems of every verb in a family with it. */
const VERB_STEMS: ReadonlyMap<string, readonly string[]> = (() => {
  const kin = new Map<string, Set<string>>();
  for (const family of ACTION_FAMILIES) {
    const stems = family.map(stemOf);
    for (const stem of stems) {
      const known = kin.get(stem) ?? new Set<string>();
      for (const other of stems) known.add(other);
      kin.set(stem, known);
    }
  }
  return new Map([...kin].map(([stem, others]) => [stem, [...others]]));
})();

/** A tool name's words, lower case: `gmail_sendMessage` → gmail, send, message; one letter and filler words left out. */
export function nameWords(toolName: string): string[] {
  return toolName.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/)
    .filter((word) => word.length >= 2 && !FILLER.has(word));
}

/** The stem of the verb of the action a tool's name takes, or undefined when it names none (or only reads). */
function actionStem(words: readonly string[]): string | undefined {
  for (const word of words) {
    const stem = stemOf(word);
    if (READ_VERBS.has(stem)) return undefined;
    if (VERB_STEMS.has(stem)) return stem;
  }
  return undefined;
}

/** A hashed word stem, in a space of its own beside identifier keys. */
export const wordKey = (stem: string) => keyHash(`\u0001${stem}`);

/**
 * Calls `visit` with each ASCII word of text[start, end), lower case; with `wanted`, only the
 * words whose first two letters (prefixKey) it holds, the rest skipped without being copied.
 */
function eachWord(text: string, start: number, end: number, visit: (word: string) => void, wanted?: ReadonlySet<number>): void {
  let from = -1;
  for (let i = start; i <= end; i++) {
    const code = i < end ? text.charCodeAt(i) | 0x20 : 0;
    if (code >= 97 && code <= 122) {
      if (from === -1) from = i;
    } else if (from !== -1) {
      if (wanted === undefined || (i - from >= 2 && i - from <= MAX_VERB_WORD && wanted.has(prefixKey(text, from)))) visit(text.slice(from, i).toLowerCase());
      from = -1;
    }
  }
}

/** A word's first two letters, lower case, as one number. */
const prefixKey = (text: string, at: number) => ((text.charCodeAt(at) | 0x20) << 8) | (text.charCodeAt(at + 1) | 0x20);

/** The first two letters of every action verb: the words a text's scan looks at. */
const VERB_PREFIXES: ReadonlySet<number> = new Set([...VERB_STEMS.keys()].map((stem) => prefixKey(stem, 0)));

/** The stems of the action verbs written in text[start, end), each once. */
export function actionVerbsIn(text: string, start = 0, end = text.length, into: string[] = []): string[] {
  eachWord(text, start, end, (word) => {
    const stem = stemOf(word);
    if (VERB_STEMS.has(stem) && !into.includes(stem)) into.push(stem);
  }, VERB_PREFIXES);
  return into;
}

/** The hashed stems (wordKey) of the words of text outside `skip` (sorted, disjoint spans), each once. */
export function wordKeysOutside(text: string, skip: readonly (readonly [number, number])[]): number[] {
  const keys = new Set<number>();
  let from = 0;
  for (const [start, end] of [...skip, [text.length, text.length] as const]) {
    if (start > from) eachWord(text, from, start, (word) => keys.add(wordKey(stemOf(word))));
    from = Math.max(from, end);
  }
  return [...keys];
}

/** The words of a tool's name as the user might say them: `payment` also as `pay`. */
const userForms = (words: readonly string[]) => words.flatMap((word) => (word.endsWith('ment') && word.length > 6 ? [word, word.slice(0, -4)] : [word]));

/** Who asked for an action: an untrusted text that wrote one of the verbs. */
export interface Asker {
  readonly verbs: readonly string[];
  readonly channel: FindingChannel;
  /** That text was flagged as a prompt injection (or hides text). */
  readonly flagged: boolean;
}

/**
 * Where the action of a call to `toolName` was asked for (the first untrusted text that wrote its
 * verb), when the user's words (`userWords`, wordKey) name no word of the tool; else undefined.
 */
export function untrustedAction(toolName: string, askers: readonly Asker[], userWords: ReadonlySet<number>): Asker | undefined {
  const words = nameWords(toolName);
  const verb = actionStem(words);
  if (verb === undefined) return undefined;
  const asker = askers.find((a) => a.verbs.includes(verb));
  if (asker === undefined) return undefined;
  const said = (stem: string) => userWords.has(wordKey(stem));
  if (userForms(words).some((word) => said(stemOf(word))) || (VERB_STEMS.get(verb) ?? []).some(said)) return undefined;
  return asker;
}
