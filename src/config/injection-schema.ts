/**
 * The `injection:` section: where the prompt-injection detector looks and how a flagged tool
 * result is neutralized when policy says so. Absent: nothing is scored (and nothing costs
 * anything). What happens to a flagged request is policy's call (`findings.injection`).
 */
import { z } from 'zod';

export const INJECTION_SOURCES = ['system', 'user', 'assistant', 'tool_result', 'retrieved_document', 'tool_description'] as const;
export const NEUTRALIZE_STYLES = ['notice', 'spotlight', 'datamark'] as const;

const threshold = (input: string) => z.number().gt(0).max(1).optional()
  .describe(`Score at or above which ${input} is flagged; absent: the detector's calibrated default`);

export const injectionSchema = z.strictObject({
  thresholds: z.strictObject({
    direct: threshold('direct input (system and user messages)'),
    indirect: threshold('indirect input (tool results, retrieved documents)'),
  }).prefault({}).describe('Operating thresholds; benign tool output looks unlike chat, so each input has its own'),
  scan: z.array(z.enum(INJECTION_SOURCES)).min(1).default(['system', 'user', 'tool_result', 'retrieved_document', 'tool_description'])
    .describe('Which messages of a request are scored (every message of the conversation, not only the last); tool_description: the descriptions of the tools the agent offers, parameters included'),
  responses: z.boolean().default(false).describe('Also score model output (findings for llm.response rules)'),
  neutralize: z.enum(NEUTRALIZE_STYLES).default('spotlight').describe(
    'What a neutralize decision does to a tool result: notice (replace each flagged passage with a notice), ' +
      'spotlight (that, and fence the result as untrusted data), datamark (that, and mark every word gap in it)',
  ),
});

export type InjectionConfig = z.output<typeof injectionSchema>;
export type NeutralizeStyle = (typeof NEUTRALIZE_STYLES)[number];
