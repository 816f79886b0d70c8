/**
 * Browser-borne attacks on a local MCP endpoint (a web page posting to localhost, DNS
 * rebinding) are stopped by the Origin and Host headers, as the MCP transport spec asks.
 * Non-browser clients send no Origin and are let through to key authentication.
 */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * No Origin (not a browser), a configured origin, or the endpoint's own origin on a loopback
 * name (a page served from the gateway's own address; the Host check still refuses rebinding).
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[], host?: string): boolean {
  if (origin === undefined) return true;
  if (allowed.some((entry) => new URL(entry).origin === origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return host !== undefined && url.host === host && LOOPBACK_NAMES.has(url.hostname);
}

/** On a loopback listener only loopback names (and configured hosts) may reach it; elsewhere configured hosts, if any are. */
export function hostAllowed(host: string | undefined, listenHost: string, allowed: readonly string[]): boolean {
  if (host === undefined) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0] ?? '';
  if (allowed.includes(name) || allowed.includes(host)) return true;
  if (LOOPBACK_NAMES.has(listenHost)) return LOOPBACK_NAMES.has(name);
  return allowed.length === 0 || name === listenHost;
}
