/**
 * PDF through headless Chromium where it is installed: the HTML is written beside the PDF and
 * printed with `--print-to-pdf`. No browser library is needed at run time.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class NoChromiumError extends Error {}

/** PORTCULLIS_CHROMIUM, else Debian's /usr/bin/chromium; undefined when neither exists. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env['PORTCULLIS_CHROMIUM'], '/usr/bin/chromium'].filter((p): p is string => p !== undefined && p !== '');
  return candidates.find((p) => existsSync(p));
}

export async function writePdf(html: string, out: string): Promise<void> {
  const chromium = chromiumPath();
  if (chromium === undefined) throw new NoChromiumError('PDF needs Chromium: install it or use --out report.html');
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-report-'));
  try {
    const page = join(dir, 'report.html');
    writeFileSync(page, html);
    await run(chromium, ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${join(dir, 'profile')}`,
      '--no-pdf-header-footer', `--print-to-pdf=${resolve(out)}`, pathToFileURL(page).href], { timeout: 60_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
