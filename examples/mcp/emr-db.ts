/**
 * The EMR database: one writable connection for the tools that write, and a separate
 * read-only connection for the free-form SQL tool, so that no SQL a model writes can change
 * the data whatever slips past the statement check.
 */
import { randomUUID } from 'node:crypto';
import { constants, DatabaseSync } from 'node:sqlite';
import { seedIfEmpty } from './emr-data.ts';

/** Most rows query_emr_database returns; the rest are reported as truncated, not sent. */
export const ROW_CAP = 500;

export interface EmrDatabase {
  readonly db: DatabaseSync;
  readonly reader: DatabaseSync;
  /** Where the data lives: the file path, or ':memory:'. */
  readonly location: string;
  readonly seeded: boolean;
  close(): void;
}

/**
 * Opens (and seeds if empty) the database at `path`, or a private in-memory one. An in-memory
 * database is opened through a shared-cache URI with a random name: a plain ':memory:' would
 * give the read-only connection a second, empty database.
 */
export function openEmr(path: string | undefined): EmrDatabase {
  const inMemory = path === undefined || path === '' || path === ':memory:';
  const target = inMemory ? `file:portcullis-emr-${randomUUID()}?mode=memory&cache=shared` : path;
  // A busy timeout: another process (a second server, a probe) may hold the file for a moment.
  const db = new DatabaseSync(target, { timeout: 5000 });
  if (!inMemory) db.exec('PRAGMA journal_mode = WAL'); // readers never block the writer tools
  const seeded = seedIfEmpty(db);
  const reader = new DatabaseSync(target, { readOnly: true, timeout: 5000 });
  // Second line of defence after the lexical check: only reading is authorised (no writes,
  // no ATTACH, no PRAGMA statements), and no recursive CTE, which could loop forever.
  reader.setAuthorizer((action) =>
    action === constants.SQLITE_SELECT || action === constants.SQLITE_READ || action === constants.SQLITE_FUNCTION
      ? constants.SQLITE_OK : constants.SQLITE_DENY);
  return {
    db, reader, seeded, location: inMemory ? ':memory:' : path,
    close() {
      reader.close();
      db.close();
    },
  };
}

export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
  row_count: number;
  truncated: boolean;
  row_cap: number;
}

/** Runs one SELECT on the read-only connection; a refusal or an SQL error is thrown as an Error. */
export function readOnlyQuery(reader: DatabaseSync, sql: string, cap = ROW_CAP): QueryResult {
  const refusal = singleSelectRefusal(sql);
  if (refusal) throw new Error(refusal);
  const statement = reader.prepare(sql);
  const columns = statement.columns().map((c) => c.name);
  const rows: Record<string, unknown>[] = [];
  let truncated = false;
  // iterate() rather than all(): a cross join must not be materialised just to be cut down.
  // Leaving the loop early resets the statement, so it holds no lock on the tables.
  for (const row of statement.iterate()) {
    if (rows.length === cap) {
      truncated = true;
      break;
    }
    rows.push(plain(row as Record<string, unknown>));
  }
  return { columns, rows, row_count: rows.length, truncated, row_cap: cap };
}

/** node:sqlite rows have a null prototype and blobs are bytes: make both JSON-friendly. */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = value instanceof Uint8Array ? `x'${Buffer.from(value).toString('hex')}'` : value;
  }
  return out;
}

/**
 * Why `sql` is not exactly one SELECT statement (a WITH ... SELECT counts), or undefined if it
 * is. node:sqlite's prepare() silently ignores everything after the first statement, so a
 * second statement must be caught here rather than left to SQLite. Strings, quoted
 * identifiers and comments are skipped so that a ';' or a keyword inside them does not count.
 */
export function singleSelectRefusal(sql: string): string | undefined {
  let code = '';
  let i = 0;
  let endOfStatement = -1;
  while (i < sql.length) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? sql.length : eol + 1;
      code += ' ';
    } else if (c === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close === -1) return 'refused: unterminated comment';
      i = close + 2;
      code += ' ';
    } else if (c === "'" || c === '"' || c === '`' || c === '[') {
      const closer = c === '[' ? ']' : c;
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (sql[j] !== closer) continue;
        // A doubled quote ('it''s') is an escaped quote, not the end of the string.
        if (closer !== ']' && sql[j + 1] === closer) j++;
        else break;
      }
      if (j >= sql.length) return 'refused: unterminated string or quoted identifier';
      i = j + 1;
      code += ' _ ';
    } else if (c === ';') {
      if (endOfStatement === -1) endOfStatement = code.length;
      code += ';';
      i++;
    } else {
      code += c;
      i++;
    }
  }
  const statement = (endOfStatement === -1 ? code : code.slice(0, endOfStatement)).trim();
  const rest = endOfStatement === -1 ? '' : code.slice(endOfStatement).replaceAll(';', '').trim();
  if (statement === '') return 'refused: empty query';
  if (rest !== '') return 'refused: only a single SQL statement is allowed';
  const first = /^[A-Za-z]+/.exec(statement)?.[0]?.toUpperCase();
  if (first !== 'SELECT' && first !== 'WITH') return `refused: only SELECT statements are allowed, not ${first ?? 'this statement'}`;
  return undefined;
}
