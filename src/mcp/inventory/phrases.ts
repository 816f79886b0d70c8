/**
 * The phrase rules of the poisoning scan: wordings typical of published tool-poisoning attacks
 * (Invariant Labs' "tool poisoning" and "shadowing" write-ups and their variants), chosen to be
 * rare in honest tool documentation. All of them run as one RE2 set (one linear pass over the
 * text, whatever the number of rules); only the rules that matched are then located, chunk by
 * chunk, to quote where. See docs/mcp-inventory.md for each rule's false-positive risks.
 */
import { RE2JS, RE2Set } from 're2js';

export type PhraseType = 'HIDDEN_INSTRUCTIONS' | 'TOOL_SHADOWING' | 'SENSITIVE_PATH' | 'SECRET_REFERENCE';

export interface PhraseRule {
  readonly id: string;
  /** The finding the rule supports; 'cue' rules only corroborate the injection model. */
  readonly type: PhraseType | 'cue';
  readonly score: number;
  readonly reason: string;
  readonly pattern: string;
  /** Group 1 names a tool: the match counts only if that name is someone else's tool (see poisoning.ts). */
  readonly namesTool?: true;
}

export interface PhraseHit {
  readonly rule: PhraseRule;
  /** Offset of the first match in the text, or -1 when it could not be located (a match longer than a chunk overlap). */
  readonly start: number;
  /** Group 1 (a tool name) and whether group 2 (the word "tool") took part. */
  readonly name?: string;
  readonly saysTool?: boolean;
}

const SECRET = String.raw`(?:api[\s_-]?keys?|access[\s_-]?tokens?|auth(?:entication|orization)?[\s_-]?tokens?|bearer\s+tokens?|refresh[\s_-]?tokens?|session\s+(?:tokens?|cookies?)|secret[\s_-]?keys?|client[\s_-]?secrets?|private[\s_-]?keys?|passwords?|passphrases?|seed\s+phrases?|mnemonics?|recovery\s+phrases?|ssh\s+keys?|credentials|secrets|personal\s+access\s+tokens?)`;
const ARGUMENT = String.raw`(?:as|in|into|inside|via|through|to)\s+(?:the\s+|a\s+)?[` + '`' + String.raw`'"]?[\w-]{1,40}[` + '`' + String.raw`'"]?\s*(?:arguments?|parameters?|params?|fields?|inputs?|variables?)\b`;
const QUOTE = '[`\'"]?';
const TRIGGER = String.raw`\b(?:when(?:ever)?|if|each\s+time|every\s+time|after|before|once)\s+`;
const TOOL_NAME = String.raw`${QUOTE}([\w./-]{2,64})${QUOTE}`;

export const PHRASE_RULES: readonly PhraseRule[] = [
  // Hidden instructions: the model is addressed directly, or told to act behind the user's back.
  { id: 'markup', type: 'HIDDEN_INSTRUCTIONS', score: 0.9, reason: 'an <IMPORTANT>-style block addressed to the model',
    pattern: String.raw`<\s*/?\s*(?:important|system|instructions?|secret|hidden|critical|admin|override|priority|sudo)\b[^<>\n]{0,40}>` },
  { id: 'chat-markup', type: 'HIDDEN_INSTRUCTIONS', score: 0.9, reason: 'chat-template markup',
    pattern: String.raw`\[/?(?:inst|system)\]|<\|(?:im_start|im_end|system|endoftext)\|>` },
  { id: 'before-use', type: 'HIDDEN_INSTRUCTIONS', score: 0.7, reason: 'a step the model must take before using the tool',
    pattern: String.raw`\b(?:before|prior\s+to)\s+(?:using|calling|invoking|running|executing)\s+(?:this|the|any|these)\s+(?:\w+\s+){0,2}?tools?\b` },
  { id: 'conceal', type: 'HIDDEN_INSTRUCTIONS', score: 0.9, reason: 'tells the model to keep something from the user',
    pattern: String.raw`\b(?:do\s+not|don'?t|never|must\s+not|should\s+not|shouldn'?t)\s+(?:ever\s+)?(?:tell|mention|inform|reveal|disclose|notify|alert|show|explain|say|report|let)\b[^.\n]{0,80}?\b(?:users?|humans?|operators?|anyone)\b` },
  { id: 'conceal-that', type: 'HIDDEN_INSTRUCTIONS', score: 0.85, reason: 'tells the model not to mention what it does',
    pattern: String.raw`\b(?:do\s+not|don'?t|never)\s+(?:tell|mention|reveal|disclose)\s+(?:that|this|it|anything)\b` },
  { id: 'conceal-without', type: 'HIDDEN_INSTRUCTIONS', score: 0.8, reason: 'tells the model to act without informing the user',
    pattern: String.raw`\bwithout\s+(?:telling|informing|notifying|alerting|letting)\s+(?:\w+\s+){0,2}?(?:users?|humans?|operators?|anyone|them)\b` },
  { id: 'conceal-keep', type: 'HIDDEN_INSTRUCTIONS', score: 0.85, reason: 'tells the model to hide something',
    pattern: String.raw`\b(?:keep|hide)\s+(?:this|it|these|that)\s+(?:\w+\s+){0,2}?(?:secret|hidden|from\s+(?:the\s+)?(?:users?|humans?))\b|\busers?\s+(?:must|should|will|does|do|need)\s*(?:not|n'?t|never)\s+(?:know|see|notice|find\s+out|be\s+(?:told|informed|aware))\b` },
  { id: 'override', type: 'HIDDEN_INSTRUCTIONS', score: 0.9, reason: 'tells the model to ignore its instructions',
    pattern: String.raw`\b(?:ignore|disregard|forget|override|bypass|supersede)\s+(?:all\s+|any\s+|every\s+)?(?:of\s+)?(?:the\s+|your\s+|my\s+|these\s+|those\s+)?(?:(?:previous|prior|above|earlier|other|existing|system|safety|original|user'?s?)\s+)*(?:instructions?|rules|guidelines|directives|prompts?|policies|restrictions|guardrails|constraints)\b` },
  { id: 'read-and-pass', type: 'HIDDEN_INSTRUCTIONS', score: 0.85, reason: 'tells the model to read something and pass it in an argument',
    pattern: String.raw`\b(?:read|cat|open|load|fetch|retrieve|collect)\b[^.\n]{0,80}?\b(?:pass|send|include|put|insert|append|attach|copy|paste|supply|embed)\b[^.\n]{0,60}?\b${ARGUMENT}` },
  { id: 'pass-its-content', type: 'HIDDEN_INSTRUCTIONS', score: 0.8, reason: "tells the model to pass a file's content along",
    pattern: String.raw`\b(?:pass|send|include|put|insert|append|attach|supply|embed|copy)\s+(?:its|their)\s+(?:(?:full|entire|complete|whole|raw)\s+)?(?:contents?|text)\b` },
  { id: 'pass-history', type: 'HIDDEN_INSTRUCTIONS', score: 0.75, reason: 'tells the model to pass the conversation along',
    pattern: String.raw`\b(?:include|attach|append|add|send|pass|forward|copy)\s+(?:a\s+|the\s+)?(?:full|entire|complete|whole|all(?:\s+(?:the|of\s+the))?|last|previous|recent)\s+(?:list\s+of\s+)?(?:(?:last|previous|recent)\s+)?(?:messages|conversation|chat\s+history|history|context|transcript)\b` },
  { id: 'model-address', type: 'HIDDEN_INSTRUCTIONS', score: 0.7, reason: "speaks about the model's own prompt",
    pattern: String.raw`\b(?:your|the)\s+(?:system\s+prompt|(?:initial|original|hidden)\s+instructions)\b|\bas\s+an?\s+(?:ai|assistant|language\s+model|llm)\b` },

  // Shadowing: instructions about what happens when some other tool is used.
  { id: 'when-tool-used', type: 'TOOL_SHADOWING', score: 0.85, reason: 'gives instructions for when another tool is used', namesTool: true,
    pattern: String.raw`${TRIGGER}(?:the\s+|a\s+|any\s+)?${TOOL_NAME}(\s+tool)\s+(?:is\s+|gets\s+|has\s+been\s+)?(?:used|called|invoked|run|executed|triggered)\b` },
  { id: 'when-using-tool', type: 'TOOL_SHADOWING', score: 0.85, reason: 'gives instructions for when another tool is used', namesTool: true,
    pattern: String.raw`${TRIGGER}(?:you\s+)?(?:use|call|invoke|run|using|calling|invoking|running)\s+(?:the\s+|a\s+|any\s+)?${TOOL_NAME}(\s+tool)?` },
  { id: 'when-name-invoked', type: 'TOOL_SHADOWING', score: 0.85, reason: 'gives instructions for when another tool is used', namesTool: true,
    pattern: String.raw`${TRIGGER}(?:\([^)\n]{0,40}\)\s*)?(?:the\s+)?${TOOL_NAME}(\s+tool)?\s+(?:is\s+|gets\s+|has\s+been\s+)(?:used|called|invoked|run|executed|triggered)\b` },
  { id: 'redirect', type: 'TOOL_SHADOWING', score: 0.75, reason: 'redirects where messages or payments go',
    pattern: String.raw`\b(?:change|set|replace|redirect|switch|swap)\s+(?:the\s+)?(?:recipient|destination|receiver|payee|beneficiary|iban|account\s+number|to\s+address|email\s+address)s?\s+(?:to|with)\b` },
  { id: 'instead-of', type: 'TOOL_SHADOWING', score: 0.75, reason: 'tells the model to use it instead of another tool', namesTool: true,
    pattern: String.raw`\b(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+(?:using\s+|calling\s+|invoking\s+)?(?:the\s+|a\s+|any\s+)?${TOOL_NAME}(\s+tools?)?` },
  { id: 'all-tools', type: 'TOOL_SHADOWING', score: 0.7, reason: 'sets rules for other tools',
    pattern: String.raw`\b(?:all|any|every|each|other)\s+(?:other\s+)?tools?\b[^.\n]{0,40}?\b(?:must|should|need\s+to|has\s+to|have\s+to|are\s+required|is\s+required)\b|\b(?:must|should)\s+(?:always\s+)?be\s+(?:called|used|invoked|run)\s+(?:before|after|instead\s+of)\s+(?:any|every|all|each)\s+(?:other\s+)?(?:tools?|calls?)\b` },
  { id: 'when-sending', type: 'TOOL_SHADOWING', score: 0.6, reason: 'changes how messages or payments are sent',
    pattern: String.raw`${TRIGGER}(?:you\s+)?(?:send|sending|email\w*|messag\w+|post|posting|transfer\w*|pay|paying)\b[^.\n]{0,40}?\b(?:always|must|should|also|make\s+sure|remember\s+to)\b` },

  // Places and things a tool has no business asking the model to touch.
  { id: 'sensitive-path', type: 'SENSITIVE_PATH', score: 0.8, reason: 'mentions a sensitive file',
    pattern: String.raw`(?:~|\$home|%userprofile%)?/?\.ssh\b|\bid_(?:rsa|dsa|ecdsa|ed25519)\b|\bauthorized_keys\b|(?:^|[\s'"` + '`' + String.raw`(/=:])\.env(?:\.[\w-]+)?(?:$|[\s'"` + '`' + String.raw`),;:])|/etc/(?:passwd|shadow|sudoers)\b|\.aws/(?:credentials|config)\b|\.kube/config\b|\.docker/config\.json|\.(?:npmrc|pypirc|netrc|pgpass|git-credentials|bash_history|zsh_history)\b|\.gnupg\b|\bmcp(?:_config)?\.json\b|\.cursor/|\bclaude_desktop_config\.json\b|\.claude(?:\.json|/)|\.config/gcloud\b|application_default_credentials\.json|\bwallet\.dat\b|(?:default|profile)[/\\]login\s+data\b|\bkeychain\b|\bprivkey\.pem\b` },
  { id: 'secret-request', type: 'SECRET_REFERENCE', score: 0.8, reason: 'asks the model for a secret',
    pattern: String.raw`\b(?:provide|pass|include|send|enter|supply|give|share|paste|read|retrieve|fetch|extract|collect|find|copy|attach|append|reveal|print|output|dump)\b[^.\n]{0,40}?\b${SECRET}\b|\b${SECRET}\b[^.\n]{0,30}?\b${ARGUMENT}` },

  // Cues: not findings alone, but what makes an injection-model hit on a tool description credible.
  { id: 'cue', type: 'cue', score: 0, reason: 'steering wording',
    pattern: String.raw`\b(?:secret(?:ly)?|silently|quietly|covertly|hidden|hide|conceal\w*|ignore|disregard|override|bypass|immediately|urgent(?:ly)?|the\s+user|the\s+(?:ai|model|llm|agent|assistant)|system\s+prompt|otherwise|confidential|exfiltrat\w*|transmit)\b` },
];

/** Texts longer than this are located chunk by chunk, overlapping by more than any bounded match. */
const CHUNK = 4096;
const OVERLAP = 512;

let compiled: { set: RE2Set; rules: RE2JS[] } | undefined;

function compile(): { set: RE2Set; rules: RE2JS[] } {
  if (compiled !== undefined) return compiled;
  const set = new RE2Set(RE2Set.UNANCHORED, RE2JS.CASE_INSENSITIVE, 4 << 20);
  for (const rule of PHRASE_RULES) set.add(rule.pattern);
  set.compile();
  compiled = { set, rules: PHRASE_RULES.map((rule) => RE2JS.compile(rule.pattern, RE2JS.CASE_INSENSITIVE)) };
  return compiled;
}

/** Rules naming a tool may match a harmless name first ("before using this tool"): keep looking, up to this many. */
const MAX_NAMED_HITS = 16;

/**
 * The hits of every rule that matches `text` (already revealed: see text.ts): the first for
 * most rules, up to MAX_NAMED_HITS for rules that name a tool. Linear in the text.
 */
export function matchPhrases(text: string): PhraseHit[] {
  const { set, rules } = compile();
  const pending = new Set(set.match(text));
  if (pending.size === 0) return [];
  const hits: PhraseHit[] = [];
  const found = new Map<number, number>();
  const seen = new Set<string>();
  const whole = text.length <= CHUNK;
  for (let from = 0; pending.size > 0 && from < text.length; from += CHUNK - OVERLAP) {
    const chunk = whole ? text : text.slice(from, from + CHUNK);
    const present = whole ? [...pending] : set.match(chunk).filter((id) => pending.has(id));
    for (const id of present) {
      const rule = PHRASE_RULES[id]!;
      const m = rules[id]!.matcher(chunk);
      while (m.find()) {
        const start = from + m.start();
        // Chunks overlap: a match in the overlap is met twice.
        if (seen.has(`${id}:${start}`)) continue;
        seen.add(`${id}:${start}`);
        hits.push(rule.namesTool ? { rule, start, name: m.group(1) ?? '', saysTool: m.group(2) !== null } : { rule, start });
        const count = (found.get(id) ?? 0) + 1;
        found.set(id, count);
        if (!rule.namesTool || count >= MAX_NAMED_HITS) {
          pending.delete(id);
          break;
        }
      }
    }
    if (whole) break;
  }
  // A match longer than the chunk overlap is known to exist but not where: report it unlocated.
  for (const id of pending) if (!found.has(id)) hits.push({ rule: PHRASE_RULES[id]!, start: -1 });
  return hits;
}

/**
 * Whether a text has the wording of an instruction to a model (any rule but the tool-naming
 * ones, which need to know the other servers' tools): the corroboration the injection model's
 * verdict needs before a tool's documentation, imperative by nature, is called poisoned.
 */
export function hasSteeringWording(text: string): boolean {
  return matchPhrases(text).some((hit) => hit.rule.namesTool !== true);
}
