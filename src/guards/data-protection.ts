/**
 * Sensitive data on its way to a model. Every message of a request is scanned (not only the
 * last: an agent resends the conversation, and tool results in it carry the most data); what
 * is found becomes the exchange's findings (the policy engine's `findings`), and each finding
 * gets the action of the first `dataProtection.rules` entry that matches its type, the agent
 * and the destination. Values are replaced before the request leaves; a `block` refuses it,
 * naming the entity types and never the values. Responses are scanned for their findings, and
 * masked for the agents `dataProtection.responseRules` name (see response-masking.ts).
 */
import type { DataProtectionConfig } from '../config/data-schema.ts';
import { compileGlobs } from '../config/glob.ts';
import type { Edit } from '../core/edits.ts';
import { GatewayError } from '../core/errors.ts';
import type { Finding, Part } from '../core/exchange.ts';
import type { Guard, GuardInput, GuardVerdict, ProviderInfo } from '../core/guard.ts';
import { scanText } from '../detect/scan.ts';
import { replacementsFor, TokenVault, ValueHasher, type DataAction } from '../detect/transform.ts';
import type { Detection, Recognizer } from '../detect/types.ts';
import { RecentScans } from './recent-scans.ts';
import { ResponseMasker } from './response-masking.ts';

interface CompiledRule {
  readonly types: (type: string) => boolean;
  readonly agents: (agent: string) => boolean;
  readonly providers: (provider: string) => boolean;
  readonly unlessFlags: readonly string[];
  readonly action: DataAction;
}

const WARM_UP = 'Dr. Maria Gonzalez (DOB 03/14/1961, SSN 219-45-8812, MRN 00482913) lives at 12 Main Street, Springfield. ' +
  'Card 4539 1488 0343 6467, IBAN DE89 3704 0044 0532 0130 00, email maria.g@example.org, phone (415) 555-0132. ' +
  'api_key = "q8Zr2Lm7Np3Tw6Ys0Bd5Hc8Je2Ga4Vx9", token ghp_4f8Kq2Vx9Zr1Lm7Np3Tw6Ys0Bd5Hc8Je2Ga4, AKIAQYLPMN5HFIQR7XYZ.';

export class DataProtectionGuard implements Guard {
  readonly name = 'data-protection';
  readonly inspectsResponses: boolean;
  private readonly config: DataProtectionConfig;
  private readonly recognizers: readonly Recognizer[];
  private readonly rules: readonly CompiledRule[];
  private readonly allow: ReadonlySet<string>;
  private readonly hasher: ValueHasher;
  private readonly responseRules: readonly { readonly types: (type: string) => boolean; readonly agents: (agent: string) => boolean; readonly action: DataAction }[];
  /** What the messages an agent resends were found to hold (see recent-scans.ts). */
  private readonly recent = new RecentScans<readonly Detection[]>((found) => found.length);
  /** Per agent: its masker, or null when no response rule names it (built on first use). */
  private readonly maskers = new Map<string, ResponseMasker | null>();

  constructor(config: DataProtectionConfig, recognizers: readonly Recognizer[]) {
    this.config = config;
    this.recognizers = recognizers;
    this.inspectsResponses = config.responses;
    this.allow = new Set(config.allow);
    this.hasher = new ValueHasher(config.hashKey === undefined ? undefined : Buffer.from(config.hashKey, 'hex'));
    // First use is expensive (lexicons, the generic-secret allow-lists, compiled patterns, JIT):
    // pay it at start, not on an agent's first requests.
    for (let i = 0; i < 20; i++) this.scan(WARM_UP);
    this.rules = config.rules.map((rule) => ({
      types: compileGlobs(rule.types), agents: compileGlobs(rule.agents), providers: compileGlobs(rule.providers),
      unlessFlags: rule.unlessProviderFlags, action: rule.action,
    }));
    this.responseRules = config.responseRules.map((rule) => ({ types: compileGlobs(rule.types), agents: compileGlobs(rule.agents), action: rule.action }));
  }

  /** Findings in one text (also used for proposed tool-call arguments and by `portcullis scan`). */
  scan(text: string): Detection[] {
    return scanText(text, this.recognizers, { threshold: this.config.threshold, allow: this.allow });
  }

  /** `scan`, bound once: what the cache calls on a miss. */
  private readonly scanOne = (text: string): Detection[] => this.scan(text);

  onRequest({ exchange, principal, context }: GuardInput): GuardVerdict {
    const masker = this.maskerFor(principal.agentId);
    if (masker !== undefined) context.responseMasker = masker;
    const findings = this.findIn(exchange.parts, principal.agentId);
    if (findings.length === 0) return undefined;
    exchange.findings = [...(exchange.findings ?? []), ...findings];
    const provider = context.providerInfo;
    // One rule lookup per entity type: the counts below and the replacements both ask.
    const actions = new Map<string, DataAction>();
    const actionOf = (finding: Finding): DataAction => {
      let action = actions.get(finding.type);
      if (action === undefined) actions.set(finding.type, (action = this.actionFor(finding.type, principal.agentId, provider)));
      return action;
    };
    context.protectedData = actionCounts(findings, actionOf);
    const vault = new TokenVault();
    const edits: Edit[] = [];
    const blocked = new Set<string>();
    for (const [index, found] of Map.groupBy(findings, (f) => f.partIndex)) {
      const part = exchange.parts[index] as Part;
      const result = replacementsFor(part.text, found, actionOf, { vault, hasher: this.hasher });
      for (const type of result.blocked) blocked.add(type);
      // Splices, not a rewritten text: other guards (injection defence) splice the same part.
      for (const { start, end, value } of result.replacements) edits.push({ op: 'splice', path: part.path, start, end, value });
    }
    if (blocked.size > 0) {
      const where = provider === undefined ? '' : ` to provider '${provider.id}'`;
      return {
        deny: new GatewayError('permission', 'sensitive_data_blocked',
          `the request contains sensitive data that may not be sent${where}: ${[...blocked].join(', ')}`),
      };
    }
    if (vault.size > 0) context.restorer = vault;
    return edits.length === 0 ? undefined : { edits };
  }

  onResponse({ exchange, principal }: GuardInput): GuardVerdict {
    // A response's own findings (model output): for llm.response rules and the record.
    // Remembered too: the agent sends the answer back in its next request, where (as it read it,
    // unless values were restored or masked in it) it is then not scanned again.
    const findings = this.findIn(exchange.parts, principal.agentId);
    if (findings.length > 0) exchange.findings = [...(exchange.findings ?? []), ...findings];
    return undefined;
  }

  /** Findings in the parts; texts the agent sent lately are not scanned again. */
  private findIn(parts: readonly Part[], agent: string): Finding[] {
    const findings: Finding[] = [];
    parts.forEach((part, partIndex) => {
      // A tool's description is the tool author's text, not data about anyone: its examples
      // ("date of birth, e.g. 1990-01-31") must not block or rewrite every request offering the tool.
      if (part.source === 'tool_description') return;
      for (const d of this.recent.get(agent, part.text, this.scanOne)) findings.push({ detector: d.detector, type: d.type, partIndex, start: d.start, end: d.end, score: d.score });
    });
    return findings;
  }

  /** The masker of an agent's responses, if a response rule applies to the agent at all. */
  private maskerFor(agent: string): ResponseMasker | undefined {
    let masker = this.maskers.get(agent);
    if (masker === undefined) {
      const rules = this.responseRules.filter((rule) => rule.agents(agent));
      masker = rules.length === 0 ? null : new ResponseMasker((text) => this.scan(text),
        (type) => rules.find((rule) => rule.types(type))?.action ?? 'allow', this.hasher);
      // Agents come from the config, so this map is bounded by it.
      this.maskers.set(agent, masker);
    }
    return masker ?? undefined;
  }

  private actionFor(type: string, agent: string, provider: ProviderInfo | undefined): DataAction {
    for (const rule of this.rules) {
      if (!rule.types(type) || !rule.agents(agent) || !rule.providers(provider?.id ?? '')) continue;
      if (rule.unlessFlags.length > 0 && provider !== undefined && rule.unlessFlags.every((flag) => provider.flags.includes(flag))) continue;
      return rule.action;
    }
    return 'allow';
  }
}

/** Findings by type and the action each got ("allow" left out): the ledger's evidence of what was done. */
function actionCounts(findings: readonly Finding[], actionOf: (finding: Finding) => DataAction): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const finding of findings) {
    const action = actionOf(finding);
    if (action === 'allow') continue;
    const byAction = (counts[finding.type] ??= {});
    byAction[action] = (byAction[action] ?? 0) + 1;
  }
  return counts;
}
