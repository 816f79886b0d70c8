/**
 * The demo's last act: the ledger it just wrote verifies, here is its signed checkpoint, and
 * here is what happens when someone edits one row of the SQLite file to cover something up.
 * The verification after the edit runs the real `portcullis audit verify` command.
 */
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import type { LedgerConfig } from '../config/ledger-schema.ts';
import type { Ledger } from '../ledger/index.ts';
import { decodeRecord } from '../ledger/record.ts';
import { verifyLedger } from '../ledger/verify.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/portcullis.js', import.meta.url).pathname;

/** A config file that points `portcullis audit` at the demo's ledger (or a copy of it). */
export function writeAuditConfig(outDir: string, ledger: LedgerConfig, name = 'audit.yaml'): string {
  const file = join(outDir, name);
  writeFileSync(file, stringify({
    version: 1,
    providers: [{ id: 'standin', kind: 'openai', baseUrl: 'http://127.0.0.1:1/v1', models: ['standin-*'] }],
    ledger: { path: ledger.path, keyDir: ledger.keyDir, origin: ledger.origin },
  }));
  return file;
}

export async function showLedger(ledger: Ledger, auditConfig: string): Promise<string[]> {
  const lines: string[] = [];
  const result = await verifyLedger(ledger.store, { verifiers: [ledger.secrets.signer.verifierKey], origin: ledger.config.origin });
  const checkpoint = (await ledger.store.checkpoints()).at(-1);
  lines.push(result.ok
    ? `Ledger: ${result.size} records, ${result.checkpoints} signed checkpoints, verified (${ledger.config.path})`
    : `Ledger verification FAILED: ${result.problem}`);
  if (checkpoint !== undefined) lines.push('Latest signed checkpoint (C2SP tlog-checkpoint, Ed25519):', ...checkpoint.note.trimEnd().split('\n').map((l) => `  ${l}`));
  return lines;
}

/**
 * A consistent copy of a live SQLite ledger (what is committed, WAL included), taken while the
 * gateway keeps writing to the original. Returns the copy's path.
 */
export function snapshotLedger(path: string, copy: string): string {
  for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
  const db = new DatabaseSync(path);
  try {
    db.prepare('VACUUM INTO ?').run(copy);
  } finally {
    db.close();
  }
  return copy;
}

/**
 * Rewrites the record of the blocked export so it reads "allow": the cover-up a database
 * administrator might attempt. Returns the index edited.
 */
export function coverUp(path: string): number | undefined {
  const db = new DatabaseSync(path);
  try {
    const rows = db.prepare('SELECT idx, bytes FROM records ORDER BY idx').all() as { idx: number; bytes: Uint8Array }[];
    const target = rows.find((row) => JSON.stringify(decodeRecord(row.bytes)['decisions'] ?? '').includes('"action":"deny"'));
    if (target === undefined) return undefined;
    const edited = Buffer.from(target.bytes).toString('utf8').replaceAll('"action":"deny"', '"action":"allow"');
    db.prepare('UPDATE records SET bytes = ? WHERE idx = ?').run(Buffer.from(edited), target.idx);
    return Number(target.idx);
  } finally {
    db.close();
  }
}

/** Runs `portcullis audit verify` and returns its output and exit code. */
export async function auditVerify(auditConfig: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--no-warnings', BIN, 'audit', 'verify', '-c', auditConfig]);
    return { code: 0, output: (stdout + stderr).trim() };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: (e.stdout + e.stderr).trim() };
  }
}
