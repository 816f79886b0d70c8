/**
 * What a tool can do, for the risk register (ISO/IEC 42001 clause 6.1.2: the blast radius of
 * each integration). Capabilities are derived from four sources, in decreasing trust:
 * 1. The tool catalog's capability tags (config), when any of them means a capability: explicit
 *    tags REPLACE everything derived below. An operator who writes `tags: [egress]` has said what
 *    the tool does; mixing in guesses would make the register impossible to correct.
 * 2. Annotations, which are the server's own hints (the MCP spec warns they are untrusted):
 *    readOnlyHint true -> read, and write/delete guessed from text are dropped (but not those
 *    the tool's NAME states: a "delete_user" that claims to be read-only keeps delete, with a
 *    note); readOnlyHint false -> write; destructiveHint true -> delete (may destroy data,
 *    overwrites included); openWorldHint true -> network_egress. Absent hints assume nothing.
 * 3. The input schema's property names (`url`, `amount`, `sql`, `patient_id`...).
 * 4. Verbs in the name, and in the first sentence of the description (channel nouns such as
 *    `email` or `sql` only in the name).
 */
import type { McpDefinition } from './definition.ts';
import { jsonStrings } from './walk.ts';

export type Capability = 'read' | 'write' | 'delete' | 'execute' | 'network_egress' | 'financial' | 'pii_phi_access';

export const CAPABILITIES: readonly Capability[] = ['read', 'write', 'delete', 'execute', 'network_egress', 'financial', 'pii_phi_access'];

export interface ToolClassification {
  /** In CAPABILITIES order. */
  readonly capabilities: readonly Capability[];
  /** One line per signal that added (or removed) a capability. */
  readonly reasons: readonly string[];
}

/** Words of names and descriptions, by capability (matched after light stemming: "deletes", "deleting"). */
const VERBS: Readonly<Record<Capability, readonly string[]>> = {
  read: ['get', 'list', 'read', 'search', 'find', 'fetch', 'lookup', 'look', 'view', 'show', 'describe', 'open', 'retrieve', 'query', 'count', 'inspect', 'check', 'stat', 'browse', 'download', 'export', 'return', 'summarize', 'compare', 'listing'],
  write: ['create', 'update', 'write', 'edit', 'set', 'add', 'insert', 'put', 'patch', 'modify', 'rename', 'move', 'append', 'save', 'upload', 'post', 'submit', 'book', 'amend', 'register', 'assign', 'toggle', 'enable', 'disable', 'change', 'replace', 'merge', 'commit', 'push', 'publish', 'import', 'store', 'copy', 'apply', 'approve', 'cancel', 'reset', 'overwrite', 'mark', 'schedule', 'archive', 'upsert', 'make'],
  delete: ['delete', 'remove', 'drop', 'destroy', 'purge', 'erase', 'truncate', 'wipe', 'unlink', 'rm', 'clear', 'revoke', 'terminate', 'kill', 'uninstall'],
  execute: ['exec', 'execute', 'run', 'eval', 'evaluate', 'shell', 'spawn', 'launch', 'deploy', 'script', 'compile', 'install', 'bash', 'powershell', 'sql'],
  network_egress: ['send', 'post', 'email', 'mail', 'sms', 'notify', 'publish', 'upload', 'share', 'tweet', 'webhook', 'http', 'curl', 'wget', 'forward', 'broadcast', 'invite', 'slack', 'fax', 'reply'],
  financial: ['transfer', 'pay', 'payment', 'charge', 'refund', 'invoice', 'payout', 'withdraw', 'deposit', 'purchase', 'buy', 'sell', 'trade', 'wire', 'transaction', 'bill', 'billing', 'checkout', 'remit', 'disburse'],
  pii_phi_access: ['patient', 'emr', 'ehr', 'fhir', 'phi', 'pii', 'ssn', 'medical', 'demographic', 'diagnosis', 'prescription', 'medication', 'clinical'],
};

/** Argument names (normalized: lowercase letters and digits; or one of their words), by capability. */
const ARGUMENTS: Readonly<Partial<Record<Capability, readonly string[]>>> = {
  network_egress: ['url', 'endpoint', 'webhook', 'callback', 'recipient', 'recipients', 'cc', 'bcc', 'host', 'hostname'],
  financial: ['amount', 'currency', 'iban', 'payee', 'bic', 'swift', 'accountnumber', 'routingnumber', 'cardnumber', 'cvv', 'price', 'payment', 'refund', 'invoice'],
  execute: ['sql', 'command', 'cmd', 'script', 'shell', 'bash'],
  pii_phi_access: ['patient', 'patientid', 'mrn', 'ssn', 'dob', 'dateofbirth', 'birthdate', 'diagnosis', 'medicalrecord', 'memberid', 'insuranceid', 'socialsecurity', 'passport', 'driverslicense', 'nationalid', 'taxid'],
};

/**
 * Catalog tags with a capability meaning: the capability names themselves and the project's own
 * vocabulary (examples/*.yaml). Other tags (`chart`, `database`) say nothing about capability.
 */
export const TAG_CAPABILITIES: Readonly<Record<string, readonly Capability[]>> = {
  read: ['read'], read_only: ['read'], readonly: ['read'], reads_web: ['read', 'network_egress'], public_reference: ['read'],
  write: ['write'], writes: ['write'],
  delete: ['delete'], deletes: ['delete'], destructive: ['delete'],
  execute: ['execute'], executes: ['execute'], code_execution: ['execute'], shell: ['execute'],
  network_egress: ['network_egress'], egress: ['network_egress'], network: ['network_egress'],
  financial: ['financial'], moves_money: ['financial'], payments: ['financial'],
  pii_phi_access: ['pii_phi_access'], phi: ['pii_phi_access'], pii: ['pii_phi_access'],
  reads_phi: ['read', 'pii_phi_access'], reads_pii: ['read', 'pii_phi_access'], writes_phi: ['write', 'pii_phi_access'], writes_pii: ['write', 'pii_phi_access'],
  patient_contact: ['network_egress', 'pii_phi_access'],
};

const MAX_DESCRIPTION = 4096;

/** Nouns that name a channel or a language: telling in a tool's name, but "finds a user by email" does not send mail. */
const NAME_ONLY = new Set(['email', 'mail', 'sms', 'slack', 'webhook', 'http', 'fax', 'sql', 'script', 'bash', 'powershell', 'shell']);

const VERB_INDEX = new Map<string, Capability[]>();
for (const capability of CAPABILITIES) for (const word of VERBS[capability]) VERB_INDEX.set(word, [...(VERB_INDEX.get(word) ?? []), capability]);

/** `send_email`, `getUser`, `get-env`, "Reads files." -> lowercase words. */
export function words(text: string): string[] {
  // Each pattern looks at a fixed number of characters per position: linear on hostile input.
  return text.replace(/\be-mail/gi, 'email').replace(/([a-z0-9])(?=[A-Z])/g, '$1 ').replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
}

/** A word as written and with common endings removed ("sends" -> "send", "writing" -> "write"). */
function forms(word: string): string[] {
  return [word, word.replace(/s$/, ''), word.replace(/es$/, ''), word.replace(/ed$/, ''), word.replace(/d$/, ''), word.replace(/ing$/, ''), word.replace(/ing$/, 'e')];
}

/** The capabilities a word stands for, in the first of its forms that is a known word. */
function verbCapabilities(word: string): readonly Capability[] {
  for (const form of forms(word)) {
    const found = VERB_INDEX.get(form);
    if (found !== undefined) return found;
  }
  return [];
}

class Derivation {
  readonly found = new Map<Capability, string[]>();
  add(capability: Capability, reason: string): void {
    const reasons = this.found.get(capability);
    if (reasons === undefined) this.found.set(capability, [reason]);
    else if (!reasons.includes(reason)) reasons.push(reason);
  }
}

/**
 * The capabilities of a tool. `server` names it in the reasons; `override.tags` are its tool
 * catalog tags (`policy.catalog.tagsOf(name, server)`), which replace what is derived when any
 * of them has a capability meaning (TAG_CAPABILITIES).
 */
export function classifyTool(server: string, tool: McpDefinition, override?: { readonly tags?: readonly string[] }): ToolClassification {
  const derived = derive(tool);
  const tags = override?.tags ?? [];
  const mapped = new Set<Capability>(tags.flatMap((tag) => TAG_CAPABILITIES[tag] ?? []));
  if (mapped.size === 0) {
    const reasons = CAPABILITIES.flatMap((c) => (derived.found.get(c) ?? []).map((reason) => `${c}: ${reason}`));
    const ignored = tags.length > 0 ? [`catalog tags ${tags.join(', ')} name no capability; derived from the definition`] : [];
    return { capabilities: CAPABILITIES.filter((c) => derived.found.has(c)), reasons: [...ignored, ...reasons] };
  }
  const capabilities = CAPABILITIES.filter((c) => mapped.has(c));
  const guessed = CAPABILITIES.filter((c) => derived.found.has(c));
  return {
    capabilities,
    reasons: [`catalog tags of ${server}/${tool.name} (${tags.join(', ')}) set ${capabilities.join(', ')}; derived from the definition: ${guessed.length === 0 ? 'nothing' : guessed.join(', ')}`],
  };
}

function derive(tool: McpDefinition): Derivation {
  const d = new Derivation();
  const nameWords = words(typeof tool.name === 'string' ? tool.name : '');
  // What a tool does is said up front; a description past this is not read (it is also a poisoning finding).
  const description = typeof tool.description === 'string' ? tool.description.slice(0, MAX_DESCRIPTION) : '';
  const firstSentence = description.split(/(?<=[.!?])\s|\n/, 1)[0] ?? '';
  const context = new Set(words(`${tool.name} ${description}`).flatMap(forms));
  for (const word of nameWords) for (const c of verbCapabilities(word)) d.add(c, `the name says '${word}'`);
  for (const word of words(firstSentence)) {
    if (!forms(word).some((form) => NAME_ONLY.has(form))) for (const c of verbCapabilities(word)) d.add(c, `the description says '${word}'`);
  }
  argumentCapabilities(tool.inputSchema, context, d);

  const annotations = (typeof tool.annotations === 'object' && tool.annotations !== null ? tool.annotations : {}) as Record<string, unknown>;
  if (annotations['readOnlyHint'] === true) {
    d.add('read', 'annotations: readOnlyHint');
    for (const c of ['write', 'delete'] as const) {
      const fromName = nameWords.some((w) => verbCapabilities(w).includes(c));
      if (fromName) d.add(c, 'kept although annotations claim read-only');
      else d.found.delete(c);
    }
  } else {
    if (annotations['readOnlyHint'] === false) d.add('write', 'annotations: readOnlyHint false (may modify its environment)');
    if (annotations['destructiveHint'] === true) d.add('delete', 'annotations: destructiveHint (may destroy or overwrite data)');
  }
  if (annotations['openWorldHint'] === true) d.add('network_egress', 'annotations: openWorldHint');
  return d;
}

/**
 * Capabilities from argument names. Some names are ambiguous and count only with context:
 * `query` is SQL only next to database words (else a search string), `code` is code only next
 * to run/execute words (else a country or status code), `to`, `email` and `phone` are
 * recipients only in a tool about sending messages (else the end of a relation, or a lookup
 * key), and `to` only as a top-level argument.
 */
function argumentCapabilities(schema: unknown, context: ReadonlySet<string>, d: Derivation): void {
  const about = (...ws: string[]) => ws.some((w) => context.has(w));
  for (const item of jsonStrings(schema)) {
    const path = item.path;
    if (!item.isKey || path?.parent?.segment !== 'properties') continue;
    const name = item.text.toLowerCase().replace(/[^a-z0-9]/g, '');
    const parts = words(item.text);
    const note = `the argument '${item.text.slice(0, 40)}'`;
    for (const [capability, names] of Object.entries(ARGUMENTS) as [Capability, readonly string[]][]) {
      if (names.includes(name) || parts.some((w) => names.includes(w))) d.add(capability, note);
    }
    if (name === 'query' && about('sql', 'database', 'db', 'select', 'cypher', 'graphql', 'table', 'tables')) d.add('execute', `${note} takes a database query`);
    if (name === 'code' && about('run', 'execute', 'exec', 'eval', 'evaluate', 'interpreter', 'python', 'javascript')) d.add('execute', `${note} takes code to run`);
    const messaging = about('send', 'sms', 'text', 'message', 'notify', 'invite', 'subject', 'reply', 'forward');
    if (((name === 'to' && path.parent.parent === undefined) || /^(emails?|emailaddress|phone|phonenumber)$/.test(name)) && messaging) d.add('network_egress', `${note} is a recipient`);
  }
  for (const item of jsonStrings(schema)) {
    if (!item.isKey && item.member === 'format' && /^(uri|url|iri|email|idn-email)$/.test(item.text)) d.add('network_egress', `an argument of format '${item.text}'`);
  }
}
