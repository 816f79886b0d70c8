import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../config/load.ts';
import type { LedgerConfig } from '../config/ledger-schema.ts';
import { openLedger, openStore } from '../ledger/index.ts';
import { inclusionProofAsync } from '../ledger/merkle-proof.ts';
import { generateKeys } from '../ledger/note.ts';
import { decodeRecord } from '../ledger/record.ts';
import { trustedVerifierKeys } from '../ledger/secrets.ts';
import type { LedgerStore, RecordFilter, StoredCheckpoint, StoredRecord } from '../ledger/types.ts';
import { verifyLedger } from '../ledger/verify.ts';
import { renderRecords } from './audit-render.ts';
import { CONFIG_OPTION, parseCommandLine, UsageError } from './usage.ts';

const USAGE = [
  'usage: portcullis audit verify [-c portcullis.yaml] [--external checkpoints.jsonl]...',
  '       portcullis audit show|tail [-c file] [--agent id] [--rule id] [--type t] [--since time] [--until time] [--limit n] [--json]',
  '       portcullis audit proof <index> [-c file]',
  '       portcullis audit export --format jsonl [-c file] [--from index]',
  '       portcullis audit checkpoint [-c file]',
  '       portcullis audit erase <index>... [-c file]     delete captured payloads (erasure request); records stay',
  '       portcullis audit keygen <name>',
].join('\n');

const OPTIONS = {
  ...CONFIG_OPTION,
  external: { type: 'string', multiple: true },
  agent: { type: 'string' }, rule: { type: 'string' }, type: { type: 'string' },
  since: { type: 'string' }, until: { type: 'string' }, limit: { type: 'string' },
  json: { type: 'boolean', default: false }, format: { type: 'string' }, from: { type: 'string' },
} as const;

/** `portcullis audit ...`: verify the ledger, read it, prove a record's inclusion, export it. */
export async function runAudit(args: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine('audit', args, OPTIONS);
  const [sub, arg] = positionals;
  if (sub === 'keygen') {
    if (arg === undefined) throw new UsageError(USAGE);
    const keys = generateKeys(arg);
    console.log(`signingKey: ${keys.privateKey}\nverifierKey: ${keys.verifierKey}`);
    console.log('# Keep the signing key secret (e.g. PORTCULLIS_LEDGER_KEY); give the verifier key to auditors.');
    return;
  }
  const ledger = loadConfig(values.config).ledger;
  if (ledger === undefined) throw new UsageError(`${values.config}: no ledger is configured`);
  // Opening a missing SQLite file would create an empty ledger, and "verify" would say OK.
  if (ledger.store === 'sqlite' && !existsSync(ledger.path)) throw new UsageError(`no ledger at ${ledger.path}`);
  const store = await openStore(ledger);
  try {
    switch (sub) {
      case 'verify':
        return await verify(store, ledger, values.external ?? []);
      case 'show':
      case 'tail': {
        const filter = filterFrom(values);
        const limit = values.limit === undefined ? (sub === 'tail' ? 20 : 1000) : positiveInt(values.limit, '--limit');
        const found = await store.query(filter, limit);
        console.log(values.json ? found.map((r) => JSON.stringify({ index: r.index, ...decodeRecord(r.bytes) })).join('\n') : renderRecords(found));
        return;
      }
      case 'proof':
        return await proof(store, positiveInt(arg ?? '', 'the index', true));
      case 'export':
        if (values.format !== 'jsonl') throw new UsageError('audit export: --format jsonl is the format supported');
        return await exportJsonl(store, values.from === undefined ? 0 : positiveInt(values.from, '--from', true));
      case 'erase':
        return await erase(ledger, positionals.slice(1).map((i) => positiveInt(i, 'an index', true)));
      case 'checkpoint': {
        const latest = (await store.checkpoints()).at(-1);
        if (latest === undefined) throw new UsageError('no signed checkpoint yet');
        process.stdout.write(latest.note);
        return;
      }
      default:
        throw new UsageError(USAGE);
    }
  } finally {
    await store.close();
  }
}

/** Deletes payloads and records the erasure itself, so the act is as auditable as what it erased. */
async function erase(ledger: LedgerConfig, indices: number[]): Promise<void> {
  if (indices.length === 0) throw new UsageError('audit erase: name the record indices whose payloads to delete');
  const opened = await openLedger(ledger);
  try {
    const deleted = await opened.store.deletePayloads({ indices });
    await opened.record({ type: 'admin.erasure', time: Date.now(), outcome: 'success', ruleIds: [], fields: { indices, deleted } });
    console.log(`deleted ${deleted} payload(s); the records stay and the ledger still verifies`);
  } finally {
    await opened.close();
  }
}

async function verify(store: LedgerStore, ledger: LedgerConfig, externalFiles: readonly string[]): Promise<void> {
  const verifiers = trustedVerifierKeys(ledger);
  if (verifiers.length === 0) throw new UsageError('audit verify: no verifier key: set ledger.signingKey or ledger.verifierKeys, or run where the key file is');
  const external = externalFiles.flatMap(readCheckpointFile);
  const result = await verifyLedger(store, { verifiers, origin: ledger.origin, external });
  if (result.ok) {
    console.log(`OK: ${result.size} records, root ${result.rootHash.toString('base64')}, ${result.checkpoints} signed checkpoints verified` +
      (result.covered < result.size ? ` (records from ${result.covered} on are not yet under a checkpoint)` : ''));
    return;
  }
  const where = result.firstBadIndex === undefined ? '' : ` at index ${result.firstBadIndex}`;
  console.error(`FAILED${where}: ${result.problem}`);
  process.exitCode = 1;
}

/** A checkpoint file as the gateway writes it (JSON lines with a `note`), or one bare signed note. */
function readCheckpointFile(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  if (!text.trimStart().startsWith('{')) return [text];
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => (JSON.parse(line) as { note: string }).note);
}

async function latestCheckpoint(store: LedgerStore): Promise<StoredCheckpoint> {
  const latest = (await store.checkpoints()).at(-1);
  if (latest === undefined) throw new UsageError('no signed checkpoint yet: proofs are given against a signed checkpoint');
  return latest;
}

async function proof(store: LedgerStore, index: number): Promise<void> {
  const checkpoint = await latestCheckpoint(store);
  if (index >= checkpoint.size) throw new UsageError(`record ${index} is not yet under a signed checkpoint (size ${checkpoint.size})`);
  const [record] = await store.read(index, index + 1);
  const hashes = await inclusionProofAsync(index, checkpoint.size, (from, to) => store.leafHashes(from, to));
  console.log(JSON.stringify(proofDocument(record as StoredRecord, checkpoint, hashes), null, 2));
}

function proofDocument(record: StoredRecord, checkpoint: StoredCheckpoint, hashes: readonly Buffer[]) {
  return {
    index: record.index,
    record: decodeRecord(record.bytes),
    leafHash: record.leafHash.toString('base64'),
    inclusion: { treeSize: checkpoint.size, rootHash: checkpoint.rootHash.toString('base64'), hashes: hashes.map((h) => h.toString('base64')) },
    checkpoint: checkpoint.note,
  };
}

/** One JSON line per record, each with its inclusion proof against the latest checkpoint (for a SIEM). */
async function exportJsonl(store: LedgerStore, from: number): Promise<void> {
  const checkpoint = await latestCheckpoint(store);
  const leaves = await store.leafHashes(0, checkpoint.size);
  const get = (a: number, b: number) => Promise.resolve(leaves.slice(a, b));
  for (let start = from; start < checkpoint.size; start += 1000) {
    const batch = await store.read(start, Math.min(start + 1000, checkpoint.size));
    const lines: string[] = [];
    for (const record of batch) {
      const document = proofDocument(record, checkpoint, await inclusionProofAsync(record.index, checkpoint.size, get));
      lines.push(JSON.stringify({ ...document, checkpoint: undefined, checkpointSize: checkpoint.size }));
    }
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  }
  process.stdout.write(`${JSON.stringify({ checkpoint: checkpoint.note })}\n`);
}

function filterFrom(values: { agent?: string; rule?: string; type?: string; since?: string; until?: string }): RecordFilter {
  const time = (text: string | undefined, name: string) => {
    if (text === undefined) return undefined;
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) throw new UsageError(`audit: ${name} must be a date or time, e.g. 2026-11-29T10:00:00Z`);
    return ms;
  };
  const since = time(values.since, '--since');
  const until = time(values.until, '--until');
  return {
    ...(values.agent === undefined ? {} : { principal: values.agent }),
    ...(values.rule === undefined ? {} : { ruleId: values.rule }),
    ...(values.type === undefined ? {} : { type: values.type }),
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
  };
}

function positiveInt(text: string, name: string, zeroAllowed = false): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < (zeroAllowed ? 0 : 1)) throw new UsageError(`audit: ${name} must be a whole number`);
  return n;
}
