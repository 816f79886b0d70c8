/**
 * The `dataProtection:` section: which detectors scan what flows through the gateway, and what
 * happens to each kind of sensitive value, per agent and per destination. Absent: nothing is
 * scanned (and nothing costs anything).
 */
import { z } from 'zod';

export const DATA_ACTIONS = ['allow', 'mask', 'partial', 'hash', 'tokenize', 'block'] as const;

const globs = (what: string) => z.array(z.string().regex(/^\S+$/)).min(1).default(['*'])
  .describe(`${what}: names or globs where '*' matches any run of characters; default all`);

const entityTypes = (description: string) =>
  z.array(z.string().regex(/^[A-Z*][A-Z0-9_*]*$/, { error: 'entity types are upper case, e.g. US_SSN, SECRET_*' })).min(1).describe(description);

const ruleSchema = z.strictObject({
  types: entityTypes('Entity types (or globs: SECRET_*, *) the rule applies to'),
  action: z.enum(DATA_ACTIONS).describe(
    'allow (leave it), mask ([US_SSN]), partial (cards: first 6/last 4 at most), hash (keyed, stable), ' +
      'tokenize (<PERSON_1>, restored in responses), block (refuse the request, naming the types)',
  ),
  agents: globs('Agents the rule applies to'),
  providers: globs('Provider ids the rule applies to'),
  unlessProviderFlags: z.array(z.string().min(1)).default([])
    .describe('The rule applies only to providers lacking all of these flags, e.g. [baa]: PHI only to BAA-covered providers'),
});

export const RESPONSE_ACTIONS = ['allow', 'mask', 'partial', 'hash'] as const;

const responseRuleSchema = z.strictObject({
  types: entityTypes('Entity types (or globs) the rule applies to in model output'),
  action: z.enum(RESPONSE_ACTIONS).describe(
    'allow (leave it), mask ([US_SSN]), partial (cards: first 6/last 4 at most), hash (keyed, stable). ' +
      'No tokenize or block: the agent is the destination, and a streamed answer cannot be taken back',
  ),
  agents: globs('Agents whose responses the rule applies to'),
});

export const dataProtectionSchema = z.strictObject({
  detectors: z.array(z.enum(['pii', 'secrets'])).min(1).default(['pii', 'secrets']).describe('Detectors to run'),
  threshold: z.number().min(0).max(1).default(0.5).describe('Findings scoring below this are ignored'),
  allow: z.array(z.string().min(1)).default([])
    .describe('Exact values never treated as sensitive (test card numbers, a shared support address, ...)'),
  hashKey: z.string().regex(/^[0-9a-f]{64}$/, { error: 'expected 64 hex digits' }).optional()
    .describe('Key of the hash action (per tenant, normally "${PORTCULLIS_HASH_KEY}"); absent: a new key per start'),
  rules: z.array(ruleSchema).default([]).describe('What happens to each finding: the first rule that matches it decides'),
  responses: z.boolean().default(true).describe('Also scan model responses (findings for llm.response rules)'),
  responseRules: z.array(responseRuleSchema).default([]).describe(
    'What happens to sensitive values in model output (text, JSON and streams) before the agent sees it: the first rule that ' +
      'matches decides. Values the gateway tokenized come back restored, never masked. Streamed text is held back to the end of ' +
      'each sentence or line so that a value split across events is seen whole',
  ),
});

export type DataProtectionConfig = z.output<typeof dataProtectionSchema>;
