/**
 * Console sessions: a browser signs in once (with an admin key, or a one-time login token the
 * operator was handed) and then carries an HttpOnly cookie instead of the key, so the key never
 * sits in page script or storage. Sessions and tokens live in memory only: a restart signs
 * everyone out. Ids and tokens are kept by their SHA-256, so the maps hold nothing that
 * would sign anyone in if the process memory were dumped.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AdminDirectory, AdminIdentity } from '../auth.ts';

export const SESSION_COOKIE = 'portcullis_console';
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
export const ONE_TIME_TTL_MS = 15 * 60 * 1000;
/** Logins need a valid key, so these bounds only matter against a runaway client. */
const MAX_SESSIONS = 10_000;
const MAX_TOKENS = 1_000;

interface Held {
  readonly adminId: string;
  readonly expiresAt: number;
}

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');

export class ConsoleSessions {
  private readonly admins: AdminDirectory;
  private readonly sessions = new Map<string, Held>();
  private readonly tokens = new Map<string, Held>();

  constructor(admins: AdminDirectory) {
    this.admins = admins;
  }

  /** A new session for an admin; returns the id that goes into the cookie. */
  open(adminId: string, now = Date.now()): string {
    bound(this.sessions, MAX_SESSIONS, now);
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(digest(id), { adminId, expiresAt: now + SESSION_TTL_MS });
    return id;
  }

  /** The admin a cookie's session belongs to, while it lasts. */
  lookup(headers: IncomingHttpHeaders, now = Date.now()): AdminIdentity | undefined {
    const id = cookieValue(headers.cookie, SESSION_COOKIE);
    if (id === undefined) return undefined;
    const key = digest(id);
    const held = this.sessions.get(key);
    if (held === undefined) return undefined;
    if (held.expiresAt <= now) {
      this.sessions.delete(key);
      return undefined;
    }
    return this.admins.identity(held.adminId);
  }

  /** Ends the session the cookie names, if any. */
  close(headers: IncomingHttpHeaders): void {
    const id = cookieValue(headers.cookie, SESSION_COOKIE);
    if (id !== undefined) this.sessions.delete(digest(id));
  }

  /** A login token for `adminId`: 32 random bytes, valid 15 minutes, usable once. */
  createOneTimeLogin(adminId: string, now = Date.now()): string {
    if (this.admins.identity(adminId) === undefined) throw new Error(`no admin '${adminId}' is configured`);
    bound(this.tokens, MAX_TOKENS, now);
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(digest(token), { adminId, expiresAt: now + ONE_TIME_TTL_MS });
    return token;
  }

  /** Spends a one-time token: the admin it was made for, or undefined (unknown, used or expired). */
  redeem(token: string, now = Date.now()): AdminIdentity | undefined {
    const key = digest(token);
    const held = this.tokens.get(key);
    this.tokens.delete(key);
    if (held === undefined || held.expiresAt <= now) return undefined;
    return this.admins.identity(held.adminId);
  }
}

/** Drops expired entries, then the oldest while the map is full (Maps iterate in insertion order). */
function bound(map: Map<string, Held>, max: number, now: number): void {
  if (map.size < max) return;
  for (const [key, held] of map) if (held.expiresAt <= now) map.delete(key);
  for (const key of map.keys()) {
    if (map.size < max) break;
    map.delete(key);
  }
}

/** One cookie's value from a Cookie header (`a=1; b=2`). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie of a new session; `secure` when the console is served over HTTPS. */
export function sessionCookie(id: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_TTL_MS / 1000}${secure ? '; Secure' : ''}`;
}

export function clearedCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${secure ? '; Secure' : ''}`;
}
