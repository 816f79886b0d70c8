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
 * A name that takes no side (`set_lock`, `security_settings`) leaves it to its arguments:
 * `"state": "unlocked"`, `"two_step_verification": false`. Such a state is asked for like a verb,
 * in any word of its group (STATE_GROUPS), and vouched for by the user only when said of what
 * the call is about (within NEAR characters of one of its words).
 *
 * Words are compared by a crude stem (stemOf), the same on both sides: "shares", "shared" and
 * "sharing" are "share". Lexical on purpose: tool names are English words. In a text that does
 * not read as English, another language's words for an action count as the English verbs they
 * name (action-lexicon.ts): "überweisen" asks for `transfer_funds` and vouches for it.
 */
import type { FindingChannel } from '../core/exchange.ts';
import { parseArguments } from '../policy/event.ts';
import { foldWord, foreignLexicon, hasSubstringScript } from './action-lexicon.ts';
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

/**
 * States a call can set through its arguments rather than its name (`set_lock {"state":
 * "unlocked"}`, `security_settings {"two_step_verification": false}`): each group is the words a
 * text may use to ask for that state, compared by stem. Opposite states are apart, unlike in
 * ACTION_FAMILIES, since a user who asked to lock the door did not ask to unlock it. Security
 * turns on these: most attacks that plant no value switch a safeguard off or open something.
 */
const STATE_GROUPS: readonly (readonly string[])[] = [
  'off disable deactivate pause suspend mute silence waive stop remove',
  'enable activate resume unmute',
  'unlock open disarm',
  'public publish',
  'approve accept hire',
  'reject decline deny',
  'close resolve dismiss',
].map((group) => group.split(' ').map((word) => stemOf(word)));

/** A string value's word that says a state (by stem), and the group it names; "on" names a group without being a word of it (it is in every text). */
const STATE_OF: ReadonlyMap<string, readonly string[]> = new Map([
  ...STATE_GROUPS.flatMap((group) => group.map((stem) => [stem, group] as const)),
  ['on', STATE_GROUPS[1]!], ['active', STATE_GROUPS[1]!], ['inactive', STATE_GROUPS[0]!],
]);
const OFF = STATE_GROUPS[0]!, ON = STATE_GROUPS[1]!;

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

/**
 * A tool's name without the namespace its host put before it: `mail.trash` is `trash`,
 * `mcp__slack__post_message` is `post_message`. The namespace names a service ("mail" is a
 * verb too, and a user who asks about mail asked for no trashing).
 */
export function withoutNamespace(toolName: string): string {
  const dot = toolName.lastIndexOf('.'), separator = toolName.lastIndexOf('__');
  const cut = Math.max(dot === -1 ? 0 : dot + 1, separator === -1 ? 0 : separator + 2);
  return cut < toolName.length ? toolName.slice(cut) : toolName;
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

/** A letter of a word: ASCII, or of the Latin-1 and Latin Extended blocks (ä, é, ł, ş), × and ÷ aside. */
const isLetter = (code: number) => ((code | 0x20) >= 97 && (code | 0x20) <= 122) || (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7);

/**
 * Calls `visit` with each Latin-script word of text[start, end), lower case and folded
 * (foldWord: "Überweisen" is "uberweisen"); with `wanted`, only the words whose prefixKey it
 * holds, the rest skipped without being copied.
 */
function eachWord(text: string, start: number, end: number, visit: (word: string, at: number) => void, wanted?: ReadonlySet<number>): void {
  let from = -1;
  for (let i = start; i <= end; i++) {
    if (i < end && isLetter(text.charCodeAt(i))) {
      if (from === -1) from = i;
    } else if (from !== -1) {
      if (wanted === undefined || (i - from >= 2 && i - from <= MAX_VERB_WORD && wanted.has(prefixKey(text, from, i - from)))) visit(foldWord(text.slice(from, i)), from);
      from = -1;
    }
  }
}

/**
 * A word's first three letters (both of a two-letter word), lower case, as one number. A stem is
 * a prefix of its word, so a word whose key no stem has is no verb; three letters pass far fewer
 * words than two ("of" is not "off", "account" not "accept").
 */
const prefixKey = (text: string, at: number, length: number) =>
  ((text.charCodeAt(at) | 0x20) << 16) | ((text.charCodeAt(at + 1) | 0x20) << 8) | (length > 2 ? text.charCodeAt(at + 2) | 0x20 : 0);

/** The stems a text's scan looks for: every action verb and every state word. */
const ASKED_STEMS: ReadonlySet<string> = new Set([...VERB_STEMS.keys(), ...STATE_GROUPS.flat()]);

/** The prefixKey of every stem in ASKED_STEMS: the words a text's scan looks at. */
const VERB_PREFIXES: ReadonlySet<number> = new Set([...ASKED_STEMS].map((stem) => prefixKey(stem, 0, stem.length)));

/** The stems of every word of STATE_GROUPS. */
const STATE_STEMS: ReadonlySet<string> = new Set(STATE_GROUPS.flat());

/** Words this many characters either side of a state word are what it was said of ("disable two-step verification"). */
const NEAR = 60;

/** The words of other languages for the same actions and states (action-lexicon.ts). */
const FOREIGN = foreignLexicon(stemOf);

/**
 * The English stems a word asks for (one, its own stem, for an English word; those its
 * concept maps to for another language's, `foreign`), among ASKED_STEMS.
 */
function askedBy(word: string, foreign: boolean): readonly string[] {
  const stem = stemOf(word);
  if (ASKED_STEMS.has(stem)) return [stem];
  return foreign ? FOREIGN.latin(word)?.filter((s) => ASKED_STEMS.has(s)) ?? NONE : NONE;
}
const NONE: readonly string[] = Object.freeze([]);

/**
 * The stems of the action verbs and state words written in text[start, end), each once; with
 * `near`, also the hashed stems (wordKey) of the words around each state word. `foreign`: the
 * text does not read as English, and another language's words for them count too.
 */
export function actionVerbsIn(text: string, start = 0, end = text.length, into: string[] = [], near?: Set<number>, foreign = false): string[] {
  const take = (stems: readonly string[], at: number, length: number) => {
    for (const stem of stems) if (!into.includes(stem)) into.push(stem);
    if (near !== undefined && at >= 0 && stems.some((stem) => STATE_STEMS.has(stem))) {
      eachWord(text, Math.max(start, at - NEAR), Math.min(end, at + length + NEAR), (other) => near.add(wordKey(stemOf(other))));
    }
  };
  eachWord(text, start, end, (word, at) => take(askedBy(word, foreign), at, word.length), foreign ? undefined : VERB_PREFIXES);
  // Terms found as substrings (CJK, Arabic, Hindi) say what was asked, not what it was said of (no `near`).
  if (foreign && hasSubstringScript(text, start, end)) FOREIGN.bySubstring(text.slice(start, end), (stems) => take(stems.filter((s) => ASKED_STEMS.has(s)), -1, 0));
  return into;
}

/** A state word's stem and a word said near it, hashed: "turn off the alarm" holds (off, alarm). */
export const saidNearKey = (state: string, word: string) => keyHash(`\u0002${state}\u0000${word}`);
/**
 * Said near anything: a state another language's word asks for. Its nouns are not the call's
 * English words ("la puerta" is no `door`), so a user who asks for it in that language vouches
 * for it whatever it was said of.
 */
const ANYTHING = '\u0003';

/**
 * The hashed stems (wordKey) of the words of text outside `skip` (sorted, disjoint spans), each
 * once; and for each state word among them, a saidNearKey with each word around it: a user
 * vouches for a state only with what they said it of ("are any windows open?" asks to open no
 * door). `foreign`: the text does not read as English, and another language's words for an
 * action or state count as the English verbs they map to (and a state as said of anything).
 */
export function wordKeysOutside(text: string, skip: readonly (readonly [number, number])[], foreign = false): number[] {
  const keys = new Set<number>();
  const said = (stems: readonly string[]) => {
    for (const stem of stems) {
      keys.add(wordKey(stem));
      if (STATE_STEMS.has(stem)) keys.add(saidNearKey(stem, ANYTHING));
    }
  };
  let from = 0;
  for (const [start, end] of [...skip, [text.length, text.length] as const]) {
    if (start > from) {
      const own = from;
      eachWord(text, own, start, (word, at) => {
        const stem = stemOf(word);
        keys.add(wordKey(stem));
        if (STATE_STEMS.has(stem)) {
          eachWord(text, Math.max(own, at - NEAR), Math.min(start, at + word.length + NEAR), (other) => keys.add(saidNearKey(stem, stemOf(other))));
        } else if (foreign) {
          const stems = FOREIGN.latin(word);
          if (stems !== undefined) said(stems);
        }
      });
      if (foreign && hasSubstringScript(text, own, start)) FOREIGN.bySubstring(text.slice(own, start), said);
    }
    from = Math.max(from, end);
  }
  return [...keys];
}

/** The words of a tool's name as the user might say them: `payment` also as `pay`. */
const userForms = (words: readonly string[]) => words.flatMap((word) => (word.endsWith('ment') && word.length > 6 ? [word, word.slice(0, -4)] : [word]));

/** Who asked for an action: an untrusted text that wrote one of the verbs. */
export interface Asker {
  readonly verbs: readonly string[];
  /** The words around its state words (wordKey): what it asked to switch on or off. */
  readonly near: readonly number[];
  readonly channel: FindingChannel;
  /** That text was flagged as a prompt injection (or hides text). */
  readonly flagged: boolean;
}

/**
 * Where the action of a call to `toolName` was asked for, when only untrusted content asked for
 * it: the first untrusted text that wrote the verb of the tool's name when the user's words
 * (`userWords`, wordKey and saidNearKey) name no word of the tool; or, for a state its arguments
 * set (settingsOf), the first that asked for that state in any of its group's words (a boolean's:
 * near a word of its key) when the user never said one of them near a word of the call. Else
 * undefined.
 */
export function untrustedAction(toolName: string, argumentsText: string, askers: readonly Asker[], userWords: ReadonlySet<number>): Asker | undefined {
  if (askers.length === 0) return undefined;
  const said = (stem: string) => userWords.has(wordKey(stem));
  const nameOnly = nameWords(withoutNamespace(toolName));
  const verb = actionStem(nameOnly);
  if (verb !== undefined) {
    const asker = askers.find((a) => a.verbs.includes(verb));
    if (asker !== undefined && !userForms(nameOnly).some((word) => said(stemOf(word))) && !(VERB_STEMS.get(verb) ?? []).some(said)) return asker;
  }
  const { states, words } = settingsOf(argumentsText);
  if (states.length === 0) return undefined;
  const callWords = [...new Set([...nameOnly.map(stemOf), ...words])].filter((stem) => !STATE_OF.has(stem));
  for (const { group, of: keyWords } of states) {
    if (group.some((state) => userWords.has(saidNearKey(state, ANYTHING)) || callWords.some((word) => userWords.has(saidNearKey(state, word))))) continue;
    // A key that is only a state word (`enabled: false`) says nothing of what: the call's other words do.
    const of = keyWords?.length === 0 ? callWords.map(wordKey) : keyWords;
    const asker = askers.find((a) => a.verbs.some((stem) => group.includes(stem)) && (of === undefined || of.some((key) => a.near.includes(key))));
    if (asker !== undefined) return asker;
  }
  return undefined;
}

/**
 * A state a call's arguments set: its group of words, and for a boolean, the words of its key
 * (wordKey), one of which the asking text must write near the state word: "disable two-step
 * verification" asks for `two_step_verification: false`, a "disable" anywhere does not.
 */
export interface StateSet {
  readonly group: readonly string[];
  readonly of?: readonly number[];
}

/** Arguments longer than this are no settings call; their states are not read. */
const MAX_STATE_ARGUMENTS = 4096;
/** A value that sets a state is a word or three ("unlocked", "Closed Lost"), not a message that says one. */
const MAX_STATE_VALUE = 32;

/** What a settings call says: the states its arguments set, and the stems of its keys' and short values' words. */
export interface Settings {
  readonly states: readonly StateSet[];
  readonly words: readonly string[];
}
const NO_SETTINGS: Settings = Object.freeze({ states: [], words: [] });

/**
 * The state groups a call's arguments set: a short string value that says a state ("unlocked",
 * "off", "Closed Lost"; no ids: "off_b6_433" is an offer), and a boolean switched (false: off,
 * true: on; the other way under a key that itself says off, `disable_alerts: true`), with its
 * key's words. Top-level and nested object members, not arrays. The words of its keys and of its
 * short values ("front_door") are what the call is about, for a user who asked for that state.
 */
export function settingsOf(argumentsText: string): Settings {
  if (argumentsText.length > MAX_STATE_ARGUMENTS) return NO_SETTINGS;
  // Read as rules read them: a call whose arguments are no JSON object (or repeat a key) is refused anyway.
  const parsed = parseArguments(argumentsText);
  if ('error' in parsed) return NO_SETTINGS;
  const states: StateSet[] = [];
  const words = new Set<string>();
  const add = (group: readonly string[] | undefined) => { if (group !== undefined && !states.some((set) => set.group === group)) states.push({ group }); };
  const visit = (value: unknown, depth: number) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || depth > 3) return;
    for (const [key, member] of Object.entries(value)) {
      const keyWords = nameWords(key);
      for (const word of keyWords) words.add(stemOf(word));
      if (typeof member === 'boolean') {
        const group = keyWords.some((word) => OFF.includes(stemOf(word))) !== member ? ON : OFF;
        // Its key's own state word ("disable" in disable_alerts) is no word it was said of.
        const of = keyWords.map(stemOf).filter((stem) => stem.length >= 3 && !STATE_OF.has(stem)).map(wordKey);
        states.push({ group, of });
      } else if (typeof member === 'string' && member.length <= MAX_STATE_VALUE && !/[0-9]/.test(member)) {
        for (const word of nameWords(member)) words.add(stemOf(word));
        // Split on anything but letters, not as a name is: "on" is a state here, not filler.
        const valueWords = member.toLowerCase().split(/[^a-z]+/).filter((word) => word !== '');
        if (valueWords.length <= 3) for (const word of valueWords) add(STATE_OF.get(stemOf(word)));
      } else visit(member, depth + 1);
    }
  };
  visit(parsed.args, 0);
  return states.length === 0 ? NO_SETTINGS : { states, words: [...words] };
}
