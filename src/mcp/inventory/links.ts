/**
 * URLs, e-mail addresses and bare IP addresses in definition text, and which of them look like a
 * place to send stolen data. The heuristic flags only on positive evidence, because honest tool
 * descriptions link to documentation and name their own API all the time:
 * - a raw IP address (not loopback): services worth documenting have names;
 * - a host of a paste, request-capture, webhook or tunnel service (pastebin, webhook.site, ngrok...);
 * - a path or query that names an upload, webhook, collector or callback;
 * - a placeholder in the query string (`?d={content}`): the model is to fill it with data;
 * - wording around it that sends something there ("send ... to", "forward", "upload", "in bcc");
 * - a URL or address as the `default`/`const` of an argument: used without anyone choosing it.
 * Documentation hosts (RFC 2606 example domains, json-schema.org, docs.*, github.com pages...)
 * are never flagged. Scanning is by hand, in one pass with bounded look-behind: linear time.
 */

export interface Link {
  readonly kind: 'url' | 'email' | 'ip';
  readonly start: number;
  readonly text: string;
  /** Lowercased host (or e-mail domain, or the address itself). */
  readonly host: string;
  /** A URL's path, query and fragment, as written ('' for the others). */
  readonly rest: string;
}

export interface LinkVerdict {
  readonly link: Link;
  readonly score: number;
  readonly reason: string;
}

const URL_CHAR = /[^\s"'<>`\\^|[\]]/;
const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;
const SCHEMES = new Set(['http', 'https', 'ftp', 'ftps', 'ws', 'wss', 'sftp']);

/** Every URL (with a scheme), e-mail address and bare IPv4 address in `text`, in order. */
export function findLinks(text: string): Link[] {
  const urls: Link[] = [];
  let covered = 0; // end of the last URL: its '@' and digits are not looked at again
  for (let i = text.indexOf('://'); i !== -1; i = text.indexOf('://', Math.max(i + 3, covered))) {
    let s = i;
    while (s > 0 && s > i - 8 && /[A-Za-z]/.test(text[s - 1]!)) s--;
    if (!SCHEMES.has(text.slice(s, i).toLowerCase())) continue;
    let e = i + 3;
    // Braces stay inside a URL, so a `{placeholder}` in its query is part of it.
    while (e < text.length && URL_CHAR.test(text[e]!)) e++;
    while (e > i + 3 && /[.,;:!?)\]'"]/.test(text[e - 1]!)) e--;
    const raw = text.slice(s, e);
    const afterScheme = raw.slice(i + 3 - s);
    const cut = afterScheme.search(/[/?#]/);
    urls.push({ kind: 'url', start: s, text: raw, host: hostOf(raw), rest: cut === -1 ? '' : afterScheme.slice(cut) });
    covered = e;
  }
  const inUrl = coverage(urls);
  const others: Link[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (inUrl(at)) continue;
    let s = at;
    while (s > 0 && s > at - 64 && LOCAL_CHAR.test(text[s - 1]!)) s--;
    let e = at + 1;
    while (e < text.length && e < at + 254 && DOMAIN_CHAR.test(text[e]!)) e++;
    while (e > at + 1 && text[e - 1] === '.') e--;
    const domain = text.slice(at + 1, e).toLowerCase();
    if (s === at || !/\.[a-z]{2,}$/.test(domain)) continue;
    others.push({ kind: 'email', start: s, text: text.slice(s, e), host: domain, rest: '' });
  }
  const inUrlToo = coverage(urls);
  for (let i = 0; i < text.length; i++) {
    if (!isDigit(text, i) || (i > 0 && /[\w.]/.test(text[i - 1]!))) continue;
    const ip = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w.]*\d)/.exec(text.slice(i, i + 16));
    if (ip !== null && !inUrlToo(i) && ip.slice(1).every((part) => Number(part) <= 255)) others.push({ kind: 'ip', start: i, text: ip[0], host: ip[0], rest: '' });
    while (i < text.length && /[\w.]/.test(text[i]!)) i++; // the rest of this token cannot start an address
  }
  return [...urls, ...others].sort((a, b) => a.start - b.start);
}

/** Whether a position lies inside one of the (sorted) URLs; positions must be asked in increasing order. */
function coverage(urls: readonly Link[]): (p: number) => boolean {
  let k = 0;
  return (p) => {
    while (k < urls.length && urls[k]!.start + urls[k]!.text.length <= p) k++;
    return k < urls.length && urls[k]!.start <= p;
  };
}

const isDigit = (text: string, i: number) => text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39;

function hostOf(url: string): string {
  try {
    return new URL(url.replace(/[{}]/g, '')).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return '';
  }
}

/** Hosts whose links are documentation or placeholders, never a sink. */
export function isDocumentationHost(host: string): boolean {
  if (/(^|\.)(example\.(com|org|net)|test|example|invalid|localhost)$/.test(host) || host === 'localhost') return true;
  if (/^(docs|doc|developer|developers|learn|help|support|wiki|spec|specs)\./.test(host) || host.endsWith('.readthedocs.io')) return true;
  return DOC_HOSTS.has(host) || DOC_HOSTS.has(host.replace(/^www\./, ''));
}

const DOC_HOSTS = new Set([
  'json-schema.org', 'schema.org', 'w3.org', 'ietf.org', 'datatracker.ietf.org', 'rfc-editor.org', 'modelcontextprotocol.io',
  'github.com', 'gitlab.com', 'wikipedia.org', 'en.wikipedia.org', 'npmjs.com', 'pypi.org', 'developer.mozilla.org', 'spec.openapis.org',
]);

/** Paste, request-capture, webhook-relay and tunnel services: where exfiltrated data is usually sent. */
const SINK_SUFFIXES = [
  'pastebin.com', 'paste.ee', 'hastebin.com', 'ghostbin.com', 'rentry.co', 'dpaste.org', 'transfer.sh', 'file.io', '0x0.st', 'termbin.com',
  'webhook.site', 'requestbin.com', 'requestbin.net', 'pipedream.net', 'beeceptor.com', 'hookbin.com', 'requestcatcher.com', 'mockbin.org',
  'ngrok.io', 'ngrok-free.app', 'ngrok.app', 'trycloudflare.com', 'loca.lt', 'serveo.net', 'localtunnel.me',
  'burpcollaborator.net', 'oastify.com', 'interact.sh', 'oast.pro', 'oast.live', 'oast.site', 'oast.online', 'oast.fun', 'oast.me',
  'canarytokens.com', 'dnslog.cn', 'discord.com/api/webhooks', 'hooks.slack.com', 'api.telegram.org',
];

const SINK_WORDS = /(?:^|[/._?=&-])(upload|uploads|webhook|webhooks|hook|hooks|collect|collector|exfil|exfiltrate|steal|leak|beacon|callback|ingest|dump|drop|sink|capture|receiver?)(?=$|[/._?=&-])/i;
/** Verbs that move data somewhere. Not "email" or "contact": "for help, email support@acme.com" is documentation. */
const SEND_CONTEXT = /\b(send|sends|sent|sending|post|posting|upload|uploading|forward|forwarding|submit|transmit|copy|bcc|cc|deliver|exfiltrate|leak)\b[^.\n]{0,60}$/i;
/** "... add x@y.z in bcc", "... as a recipient": the wording can also follow the address. */
const COPY_AFTER = /^[^.\n]{0,20}?\b(bcc|cc|copy|recipients?)\b/i;
const LOOPBACK = /^(127\.|0\.0\.0\.0$|::1$|localhost$)/;
const PRIVATE = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.)/;

/** `?d={content}`, `?q=${data}`, `?x=<text>`, `?s=%s`: a query the model is meant to fill in. */
function hasPlaceholder(rest: string): boolean {
  const q = rest.indexOf('?');
  if (q === -1) return false;
  const query = rest.slice(q);
  const open = query.indexOf('{');
  return (open !== -1 && query.indexOf('}', open) !== -1) || query.includes('%s') || /<[a-z_]{1,20}>/i.test(query);
}

/**
 * Whether a link looks like an exfiltration endpoint (undefined when it does not). `asDefault`:
 * the text is an argument's default or const value rather than prose.
 */
export function judgeLink(link: Link, text: string, asDefault: boolean): LinkVerdict | undefined {
  const host = link.host;
  if (host === '' || LOOPBACK.test(host)) return undefined;
  const before = text.slice(Math.max(0, link.start - 80), link.start);
  const after = text.slice(link.start + link.text.length, link.start + link.text.length + 40);
  const sendsThere = SEND_CONTEXT.test(before) || COPY_AFTER.test(after);
  const verdicts: [number, string][] = [];
  const isIp = link.kind === 'ip' || /^[\d.]+$|:/.test(host);
  if (isIp) verdicts.push(PRIVATE.test(host) ? [0.6, 'a raw private IP address'] : [0.85, 'a raw IP address']);
  else if (isDocumentationHost(host)) return undefined;
  if (link.kind === 'url') {
    const lower = link.text.toLowerCase();
    if (SINK_SUFFIXES.some((sink) => host === sink || host.endsWith(`.${sink}`) || lower.includes(`//${sink}`) || lower.includes(`.${sink}`))) {
      verdicts.push([0.9, 'a paste, webhook or tunnel service']);
    }
    if (SINK_WORDS.test(link.rest)) verdicts.push([0.6, 'an upload, webhook or collector endpoint']);
    if (hasPlaceholder(link.rest)) verdicts.push([0.85, 'a placeholder for data in its query string']);
  }
  if (sendsThere) verdicts.push([link.kind === 'email' ? 0.9 : 0.8, 'wording that sends something there']);
  if (asDefault) verdicts.push([0.7, 'a default destination no one chose']);
  if (verdicts.length === 0) return undefined;
  verdicts.sort((a, b) => b[0] - a[0]);
  return { link, score: verdicts[0]![0], reason: verdicts.map(([, reason]) => reason).join('; ') };
}
