/**
 * The `ledger:` section: where the tamper-evident record of every action lives, how it is
 * signed, how durable a record must be before the agent gets its answer, and what happens when
 * it cannot be written. Absent: no ledger (the gateway says so at start).
 */
import { z } from 'zod';
import { duration, durationOr } from './policy-schema.ts';

const NOTE_KEY = /^PRIVATE\+KEY\+[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/;
const VERIFIER_KEY = /^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/;
const SECRET_HEX = /^[0-9a-f]{64}$/;

export const ledgerSchema = z.strictObject({
  store: z.enum(['sqlite', 'postgres']).default('sqlite').describe('sqlite (one gateway) or postgres (several replicas, one ledger)'),
  path: z.string().min(1).default('portcullis-ledger.sqlite')
    .describe('SQLite file (relative paths are relative to the working directory)'),
  postgres: z.strictObject({
    url: z.string().regex(/^postgres(ql)?:\/\//, { error: 'expected a postgres:// URL' }).describe('Connection URL, normally "${DATABASE_URL}"'),
    schema: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('portcullis').describe('Schema holding the ledger tables'),
  }).optional(),
  origin: z.string().regex(/^[^\s]+$/, { error: 'the origin is one word, e.g. ledger.example.com/portcullis' })
    .default('portcullis.local/ledger').describe('Checkpoint origin line: names this ledger to verifiers'),
  signingKey: z.string().regex(NOTE_KEY, { error: 'expected a signed-note private key: PRIVATE+KEY+<name>+<hash>+<key>' }).optional()
    .describe('Ed25519 checkpoint signing key (portcullis audit keygen), normally "${PORTCULLIS_LEDGER_KEY}"; absent: created in keyDir'),
  verifierKeys: z.array(z.string().regex(VERIFIER_KEY, { error: 'expected a signed-note verifier key: <name>+<hash>+<key>' })).default([])
    .describe('Extra verifier keys accepted by audit verify (e.g. of a rotated signing key)'),
  digestKey: z.string().regex(SECRET_HEX, { error: 'expected 64 hex digits (32 random bytes)' }).optional()
    .describe('HMAC key for content digests, normally "${PORTCULLIS_DIGEST_KEY}"; absent: created in keyDir'),
  keyDir: z.string().min(1).default('.portcullis/keys').describe('Where keys not given above are created (files readable by the owner only)'),
  durability: z.enum(['sync', 'async']).default('sync').describe(
    'sync: the agent gets its answer only once the record is durable; async: recorded in the background (see docs: the loss window)',
  ),
  onFailure: z.enum(['refuse', 'continue']).default('refuse')
    .describe('refuse: no ledger, no service (fail closed); continue: serve unrecorded, loudly'),
  queue: z.strictObject({
    maxRecords: z.int().min(1).max(1_000_000).default(20_000).describe('Records waiting to be written before new requests are refused'),
    batch: z.int().min(1).max(10_000).default(512).describe('Most records written in one transaction (group commit)'),
  }).prefault({}).describe('The write queue'),
  checkpoints: z.strictObject({
    everyRecords: z.int().min(1).default(1000).describe('Sign a checkpoint after this many new records'),
    every: durationOr('10s', 'Sign a checkpoint this often when records arrived'),
    file: z.string().min(1).optional().describe('Also append every signed checkpoint to this file (outside the database)'),
    syslog: z.strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.int().min(1).max(65535).default(514),
    }).optional().describe('Also send every signed checkpoint to a syslog server (RFC 5424 over UDP)'),
  }).prefault({}).describe('Signed checkpoints of the tree'),
  payloads: z.strictObject({
    capture: z.boolean().default(false).describe('Keep request and response bodies, encrypted (AES-256-GCM), beside the ledger'),
    key: z.string().regex(SECRET_HEX, { error: 'expected 64 hex digits (32 random bytes)' }).optional()
      .describe('Payload encryption key, normally "${PORTCULLIS_PAYLOAD_KEY}"; absent: created in keyDir'),
    retention: duration('How long captured payloads are kept; the records stay and still verify').optional(),
  }).prefault({}).describe('Optional encrypted payload capture, deletable without breaking verification'),
}).superRefine((ledger, ctx) => {
  if (ledger.store === 'postgres' && ledger.postgres === undefined) {
    ctx.addIssue({ code: 'custom', path: ['postgres'], message: 'store: postgres needs postgres.url' });
  }
});

export type LedgerConfig = z.output<typeof ledgerSchema>;
