/**
 * The poisoning scan of one tool, prompt or resource-template definition: the ways a server can
 * steer a model through the text it offers (descriptions, schema strings, defaults) rather than
 * through the results of calls. Pure and offline; the proxy runs it on every new or changed
 * definition, `portcullis tools scan` on every configured server. Each check, its heuristic and
 * its false-positive risks are in docs/mcp-inventory.md.
 *
 * The injection model (indirect threshold) is not enough on its own here: a tool description is
 * instructions to the model by design ("Use this tool when you need to..."), which a model
 * trained on documents and tool results scores as injection. So it reads only strings that
 * carry steering wording (a phrase rule or a cue), and its hit is reported for those: the model
 * widens what the phrase rules catch (paraphrases) without flagging every honest usage note.
 */
import { detectInjection } from '../../detect/injection/index.ts';
import { definitionContent, MAX_DEFINITION_DEPTH, type DefinitionKind, type McpDefinition } from './definition.ts';
import { findLinks, judgeLink } from './links.ts';
import { matchPhrases, type PhraseHit, type PhraseType } from './phrases.ts';
import { excerpt, IDENTIFIER_HIDDEN, printable, reveal, type Revealed } from './text.ts';

// Cross-server name collisions are part of the scan's contract; they live in collisions.ts.
export { findNameCollisions, type NameCollision } from './collisions.ts';
import { jsonDepth, jsonStrings, MAX_WALK_DEPTH, pathText, propertyOf, type JsonString } from './walk.ts';

export type PoisonType = PhraseType | 'INVISIBLE_TEXT' | 'EXFILTRATION_URL' | 'OVERSIZED_DEFINITION';

export interface PoisonFinding {
  readonly type: PoisonType;
  /** Where: `description`, `inputSchema.properties.path.description`, `arguments[0].description`... */
  readonly field: string;
  /** Confidence in [0, 1]. */
  readonly score: number;
  /** Why, with at most ~60 characters quoted (made printable). */
  readonly detail: string;
}

/** A tool offered by some server. */
export interface ToolRef {
  readonly server: string;
  readonly name: string;
}

/** What the injection model returns (detectInjection's result, narrowed to what is read here). */
export type InjectionCheck = (text: string) => { readonly score: number; readonly detected: boolean; readonly findings: readonly { readonly type: string; readonly start: number }[] };

export interface ScanContext {
  /**
   * Every tool known to the gateway, on every server (this one's included: they are recognized
   * as siblings, whose mention is normal). Shadowing is a mention of another server's tool.
   */
  readonly otherTools: readonly ToolRef[];
  /** The injection check; detectInjection at the indirect threshold unless a test replaces it. */
  readonly injection?: InjectionCheck;
}

/** Characters of one string, and of one definition, the injection model reads; past them only the linear checks run. */
export const MODEL_CHARS_PER_STRING = 32_768;
export const MODEL_CHARS_PER_DEFINITION = 131_072;
/** A single string longer than this is reported: no one reviews it, and it crowds the model's context. */
export const MAX_STRING_CHARS = 16_384;

/** Members whose strings are schema structure, not text anyone is meant to read. */
const STRUCTURAL = new Set(['type', 'format', '$schema', '$id', '$ref', 'required', 'mimeType', 'contentEncoding', 'contentMediaType']);
/** Arguments that say where something is sent: a default value there is a destination nobody chose. */
const DESTINATION = /^(?:to|cc|bcc|recipients?|emails?|emailaddress|webhook\w*|callback\w*|notify\w*|forward\w*|upload\w*|destination\w*|(?:report|reply|send|copy|forward)to|sink)$/;
/** Argument names that ask the model for a secret (normalized: lowercase letters and digits only). */
const SECRET_ARGUMENT = /^(?:.*(?:apikey|password|passwd|passphrase|secret|privatekey|accesstoken|authtoken|refreshtoken|sessiontoken|bearertoken|sshkey|mnemonic|seedphrase|credentials?)|token)$/;
/** Words that are not tool names in "when the X tool is used". */
const NOT_A_NAME = new Set(['this', 'that', 'these', 'those', 'the', 'a', 'an', 'any', 'each', 'every', 'same', 'current', 'other', 'another', 'first', 'next', 'previous', 'following', 'above', 'below', 'your', 'my', 'our', 'its', 'their', 'which', 'what', 'such', 'said', 'main', 'given', 'specified', 'selected', 'corresponding', 'appropriate', 'relevant', 'it', 'one', 'new', 'original', 'tool', 'tools']);

/** Findings for one definition, most serious first; one per type and field. */
export function scanDefinition(server: { readonly id: string }, kind: DefinitionKind, definition: McpDefinition, context: ScanContext = { otherTools: [] }): PoisonFinding[] {
  const findings = new Findings();
  const names = new ToolNames(server.id, typeof definition.name === 'string' ? definition.name : '', context.otherTools);
  const injection = context.injection ?? ((text: string) => detectInjection(text, 'indirect'));
  let modelBudget = MODEL_CHARS_PER_DEFINITION;

  const depth = jsonDepth(definition, MAX_WALK_DEPTH);
  if (depth > MAX_DEFINITION_DEPTH) {
    const unscanned = depth > MAX_WALK_DEPTH ? `, and what lies below ${MAX_WALK_DEPTH} levels is not scanned` : '';
    findings.add('OVERSIZED_DEFINITION', '', 0.6, `nested more than ${MAX_DEFINITION_DEPTH} levels deep: it cannot be pinned${unscanned}`);
  }

  // Hidden characters are looked for everywhere, _meta and icons included; nobody should need them.
  const revealed = new Map<string, Revealed>();
  const revealOnce = (text: string) => revealed.get(text) ?? revealed.set(text, reveal(text)).get(text)!;
  for (const item of jsonStrings(definition)) checkInvisible(item, revealOnce(item.text), findings);

  // The other checks read what the model reads: the pinned fields.
  for (const item of jsonStrings(definitionContent(kind, definition))) {
    if (item.isKey) {
      checkArgumentName(item, findings);
      continue;
    }
    if (STRUCTURAL.has(item.member) || item.text.length < 3) continue;
    const field = pathText(item.path);
    const text = revealOnce(item.text).text;
    if (item.text.length > MAX_STRING_CHARS) findings.add('OVERSIZED_DEFINITION', field, 0.5, `${item.text.length} characters long: too long to review${item.text.length > MODEL_CHARS_PER_STRING ? `; the injection model read only the first ${MODEL_CHARS_PER_STRING}` : ''}`);
    let steering = false;
    for (const hit of matchPhrases(text)) steering = checkPhrase(hit, text, field, names, findings) || steering;
    if (item.member !== 'uriTemplate') checkLinks(text, field, isDestinationDefault(item), findings);
    names.mentionIn(text, field, findings);

    // Without steering wording a model hit would not be reported: the model is not asked.
    if (!steering || modelBudget <= 0 || item.text.length < 20) continue;
    const read = item.text.slice(0, Math.min(MODEL_CHARS_PER_STRING, modelBudget));
    modelBudget -= read.length;
    const result = injection(read);
    const passage = result.findings.find((f) => f.type === 'PROMPT_INJECTION');
    if (result.detected) findings.add('HIDDEN_INSTRUCTIONS', field, result.score, `the injection model scores it ${result.score.toFixed(2)}`, excerpt(read, passage?.start ?? 0));
  }
  return findings.list();
}

/** One finding per string: the kinds of hidden characters in it, and what the first smuggled text says. */
function checkInvisible(item: JsonString, revealed: Revealed, findings: Findings): void {
  const runs = revealed.invisible;
  const identifier = item.isKey || (item.member === 'name' && item.text.length <= 256);
  if (runs.length === 0) {
    // The normalizer lets a lone zero-width character pass in prose ("team\u200d"), never in a name.
    if (identifier && IDENTIFIER_HIDDEN.test(item.text)) findings.add('INVISIBLE_TEXT', pathText(item.path), 0.9, 'invisible characters in a name');
    return;
  }
  const kinds = [...new Set(runs.flatMap((run) => run.kinds))];
  const decoded = runs.find((run) => run.decoded !== '')?.decoded ?? '';
  const hidden = decoded === '' ? '' : `, hiding "${printable(decoded, 40)}"`;
  const score = kinds.includes('tag') || decoded !== '' ? 1 : 0.9;
  findings.add('INVISIBLE_TEXT', pathText(item.path), score, `${kinds.join(' and ')} characters${runs.length > 1 ? ` in ${runs.length} places` : ''}${hidden}`);
}

/** Applies one phrase hit; returns whether it counts as steering wording (for the model's corroboration). */
function checkPhrase(hit: PhraseHit, text: string, field: string, names: ToolNames, findings: Findings): boolean {
  const { rule } = hit;
  if (rule.type === 'cue') return true;
  if (rule.namesTool === true) {
    const other = names.judge(hit.name ?? '', hit.saysTool === true);
    if (other === undefined) return false;
    findings.add(rule.type, field, rule.score, `${rule.reason} (${other})`, excerpt(text, hit.start));
    return true;
  }
  findings.add(rule.type, field, rule.score, rule.reason, hit.start < 0 ? undefined : excerpt(text, hit.start));
  return true;
}

function checkLinks(text: string, field: string, asDefault: boolean, findings: Findings): void {
  for (const link of findLinks(text)) {
    const verdict = judgeLink(link, text, asDefault);
    if (verdict !== undefined) findings.add('EXFILTRATION_URL', field, verdict.score, verdict.reason, printable(link.text));
  }
}

/** Whether a string is (an item of) the `default` or `const` of an argument whose name is a destination (`to`, `webhook`...). */
function isDestinationDefault(item: JsonString): boolean {
  let path = item.path;
  while (path !== undefined && typeof path.segment === 'number') path = path.parent;
  if (path === undefined || (path.segment !== 'default' && path.segment !== 'const')) return false;
  const property = propertyOf(path);
  return property !== undefined && DESTINATION.test(property.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** An argument whose very name asks for a secret (`apiKey`, `password`): the model will go looking for one. */
function checkArgumentName(item: JsonString, findings: Findings): void {
  if (item.path?.parent?.segment !== 'properties' || rootOf(item) !== 'inputSchema') return;
  const normalized = item.text.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (SECRET_ARGUMENT.test(normalized)) findings.add('SECRET_REFERENCE', pathText(item.path), 0.6, `the argument '${printable(item.text, 40)}' asks the model for a secret`);
}

function rootOf(item: JsonString): string | number | undefined {
  let path = item.path;
  while (path?.parent !== undefined) path = path.parent;
  return path?.segment;
}

const MAX_NAME = 128;
const MAX_PREFIXED_NAME = 256;

/** The tool names a definition might refer to, split into its own server's (siblings) and others'. */
class ToolNames {
  private readonly self: string;
  private readonly siblings = new Set<string>();
  /** Lowercased name of another server's tool -> "a tool of server 'x'". */
  private readonly others = new Map<string, string>();

  constructor(serverId: string, self: string, tools: readonly ToolRef[]) {
    this.self = self.toLowerCase();
    for (const tool of tools) if (tool.server === serverId) this.siblings.add(tool.name.toLowerCase());
    for (const tool of tools) {
      const name = tool.name.toLowerCase();
      if (tool.server !== serverId && name !== this.self && !this.siblings.has(name) && !this.others.has(name)) this.others.set(name, `'${printable(tool.name, 40)}', a tool of server '${printable(tool.server, 40)}'`);
    }
  }

  /** Who a name in "when the X tool is used" refers to, when it is not this tool or a sibling (undefined). */
  judge(raw: string, saysTool: boolean): string | undefined {
    const name = raw.toLowerCase().replace(/[.\-]+$/, '');
    if (name === this.self || this.siblings.has(name) || NOT_A_NAME.has(name)) return undefined;
    // An unknown name still counts when it is called a tool or looks like an identifier (`send_message`).
    return this.known(name) ?? (saysTool || isDistinctive(raw) ? `'${printable(raw, 40)}'` : undefined);
  }

  /** Another server's tool a token names, also under a client's prefix (`mcp_mail_send_email`). */
  private known(token: string): string | undefined {
    // Tool names are at most 128 characters (MCP spec); a longer token is no mention, and
    // looking at its every suffix would cost time quadratic in its length.
    if (token.length > MAX_PREFIXED_NAME) return undefined;
    const exact = this.others.get(token);
    if (exact !== undefined || token.length < 4) return exact;
    for (let i = Math.max(1, token.length - MAX_NAME); i < token.length - 2; i++) {
      const c = token[i - 1];
      if (c !== '_' && c !== '-' && c !== '.') continue;
      const suffix = token.slice(i);
      const found = this.others.get(suffix);
      if (found !== undefined && isDistinctive(suffix)) return found;
    }
    return undefined;
  }

  /**
   * Mentions of another server's tool anywhere in the text. Names that are ordinary words
   * ("add", "search") count only when quoted or followed by "tool"; distinctive ones
   * (`send_email`, `getUser`) count anywhere.
   */
  mentionIn(text: string, field: string, findings: Findings): void {
    if (this.others.size === 0) return;
    const token = /[A-Za-z0-9_.-]+/g;
    for (let m = token.exec(text); m !== null; m = token.exec(text)) {
      if (m[0].length > MAX_PREFIXED_NAME) continue;
      const written = m[0].replace(/[.\-]+$/, '');
      const word = written.toLowerCase();
      const other = this.known(word);
      if (other === undefined || word === this.self || this.siblings.has(word)) continue;
      const quoted = /[`'"]/.test(text[m.index - 1] ?? '') || /^\s+tool\b/i.test(text.slice(m.index + m[0].length, m.index + m[0].length + 6));
      if (!isDistinctive(written) && !quoted) continue;
      findings.add('TOOL_SHADOWING', field, 0.8, `mentions ${other}`, excerpt(text, m.index));
      return;
    }
  }
}

/** A name unlikely to occur as an ordinary word: has a separator, a digit or an inner capital. */
function isDistinctive(name: string): boolean {
  return name.length >= 4 && /[_.\-\d]|[a-z][A-Z]/.test(name);
}

/** One finding per type and field: the highest score, the distinct reasons (up to three), the first quote. */
class Findings {
  private readonly byKey = new Map<string, { type: PoisonType; field: string; score: number; reasons: string[]; quote: string | undefined }>();

  add(type: PoisonType, field: string, score: number, reason: string, quote?: string): void {
    const key = `${type}\u0000${field}`;
    const found = this.byKey.get(key);
    if (found === undefined) {
      this.byKey.set(key, { type, field, score, reasons: [reason], quote });
      return;
    }
    if (!found.reasons.includes(reason) && found.reasons.length < 3) found.reasons.push(reason);
    found.score = Math.max(found.score, score);
    // The first quote stays: phrase hits come before the model's and quote the revealed text.
    found.quote ??= quote;
  }

  list(): PoisonFinding[] {
    return [...this.byKey.values()]
      .map(({ type, field, score, reasons, quote }) => ({ type, field, score: Math.round(score * 1000) / 1000, detail: quote === undefined || quote === '' ? reasons.join('; ') : `${reasons.join('; ')}: "${quote}"` }))
      .sort((a, b) => b.score - a.score || a.field.localeCompare(b.field) || a.type.localeCompare(b.type));
  }
}
