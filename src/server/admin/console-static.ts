/**
 * The operator console's static files: `GET /console/` is its index.html, `/console/<file>`
 * and `/console/<folder>/<file>` the files beside it in src/console/assets. Only names made of
 * plain characters are served (no dot-segments, no encoded slashes, no hidden files), only
 * regular files, at most one folder deep, so no request can reach outside that folder.
 *
 * The folder is found relative to this module: src/server/admin → src/console/assets when
 * running the TypeScript sources, and from dist/server/admin back to the package's
 * src/console/assets when running the build (package.json "files" ships that folder).
 */
import { lstat, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CANDIDATES = [
  fileURLToPath(new URL('../../console/assets/', import.meta.url)),
  fileURLToPath(new URL('../../../src/console/assets/', import.meta.url)),
];

export const ASSETS_DIR: string = CANDIDATES.find((dir) => existsSync(dir)) ?? CANDIDATES[0] as string;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const MAX_ASSET_BYTES = 8 * 1024 * 1024;

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
  'referrer-policy': 'no-referrer',
};

/** Serves a console path (`/console`, `/console/`, `/console/...`); answers every case itself. */
export function serveConsole(req: IncomingMessage, res: ServerResponse, path: string, requestId: string): void {
  const base = { ...SECURITY_HEADERS, 'x-portcullis-request-id': requestId };
  const plain = (status: number, text: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...base, 'content-type': 'text/plain; charset=utf-8', ...extra });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'the console accepts GET only\n', { allow: 'GET, HEAD' });
  // Relative asset URLs in index.html resolve against the folder, so the folder needs its slash.
  if (path === '/console') return plain(308, 'see /console/\n', { location: '/console/' });
  const segments = (path === '/console/' ? 'index.html' : path.slice('/console/'.length)).split('/');
  const name = segments.at(-1) ?? '';
  const type = TYPES[extname(name).toLowerCase()];
  if (segments.length > 2 || !segments.every((s) => SEGMENT.test(s) && !s.includes('..')) || type === undefined) {
    return plain(404, 'no such console file\n');
  }
  const file = join(ASSETS_DIR, ...segments);
  // lstat: a symlink is not served, so a link placed in the folder cannot point outside it.
  lstat(file)
    .then(async (info) => {
      if (!info.isFile() || info.size > MAX_ASSET_BYTES) return plain(404, 'no such console file\n');
      const body = await readFile(file);
      if (res.destroyed) return;
      res.writeHead(200, { ...base, 'content-type': type, 'content-length': String(body.length) });
      res.end(req.method === 'HEAD' ? undefined : body);
    })
    .catch(() => {
      if (!res.headersSent) plain(404, 'no such console file\n');
    });
}
