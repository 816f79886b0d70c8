/**
 * The `injection:` section: where the prompt-injection detector looks and how a flagged tool
 * result is neutralized when policy says so. Absent: nothing is scored (and nothing costs
 * anything). What happens to a flagged request is policy's call (`findings.injection`).
 */
import { z } from 'zod';

export const INJECTION_SOURCES = ['system', 'user', 'assistant', 'tool_result', 'retrieved_document', 'tool_description'] as const;
export const NEUTRALIZE_STYLES = ['notice', 'spotlight', 'datamark'] as const;
export const LINK_ACTIONS = ['remove', 'flag', 'off'] as const;

/** A host name, or a glob of them ("*.hospital.example"): lower case, as URLs are compared. */
const hostGlob = z.string().min(1).regex(/^[a-z0-9*.:\[\]-]+$/, 'a lower-case host name or glob, e.g. "*.hospital.example"');

const threshold = (input: string) => z.number().gt(0).max(1).optional()
  .describe(`Score at or above which ${input} is flagged; absent: the detector's calibrated default`);

export const injectionSchema = z.strictObject({
  thresholds: z.strictObject({
    direct: threshold('direct input (user and assistant messages) that reads as English; also the others\' when directOtherLanguages is absent'),
    directOtherLanguages: threshold('direct input that does not read as English'),
    system: threshold('the system message (the operator\'s prompt)'),
    indirect: threshold('indirect input (tool results, retrieved documents)'),
  }).prefault({}).describe('Operating thresholds; benign tool output looks unlike chat, and English requests unlike those in other languages, so each has its own'),
  scan: z.array(z.enum(INJECTION_SOURCES)).min(1).default(['system', 'user', 'tool_result', 'retrieved_document', 'tool_description'])
    .describe('Which messages of a request are scored (every message of the conversation, not only the last); tool_description: the descriptions of the tools the agent offers, parameters included'),
  guarded: z.boolean().default(true).describe(
    'Read the system prompt for what it withholds (a code, private facts, topics it must not discuss): a user message ' +
      'that asks for it under a pretext (an extraction trick, a claimed authority, a fiction, urgency) is a prompt injection, ' +
      'and a secret value of the prompt in the model\'s answer (as it is, spelled out or backwards) is replaced by a notice ' +
      'before the agent sees it, streams included (PROMPT_SECRET_LEAK)',
  ),
  responses: z.boolean().default(false).describe('Also score model output (findings for llm.response rules)'),
  links: z.strictObject({
    action: z.enum(LINK_ACTIONS).default('remove').describe(
      'Images in model output that would send data to a host not allowed (fetched by the agent\'s client as soon as it ' +
        'shows the answer: the zero-click exfiltration of indirect injection): remove (replace each with a notice, in ' +
        'JSON and streamed answers, and report EXFIL_LINK), flag (report EXFIL_LINK only, for llm.response rules), or off',
    ),
    allowedHosts: z.array(hostGlob).default([]).describe('Hosts model output may load images from with data in the URL'),
  }).prefault({}).describe('Exfiltration through images in model output'),
  neutralize: z.enum(NEUTRALIZE_STYLES).default('spotlight').describe(
    'What a neutralize decision does to a tool result: notice (replace each flagged passage with a notice), ' +
      'spotlight (that, and fence the result as untrusted data), datamark (that, and mark every word gap in it)',
  ),
});

export type InjectionConfig = z.output<typeof injectionSchema>;
export type LinkAction = (typeof LINK_ACTIONS)[number];
export type NeutralizeStyle = (typeof NEUTRALIZE_STYLES)[number];
