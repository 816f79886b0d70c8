// The console's one way to talk to the gateway's admin API. The session lives in an HttpOnly
// cookie the browser sends by itself (same origin); state-changing requests carry the CSRF
// header the gateway requires, which a cross-site form cannot set. A 401 anywhere means the
// session is gone: the app shows the login form again.

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** @type {Set<() => void>} */
const unauthorizedListeners = new Set();

/** Called whenever the gateway answers 401 (session expired or logged out elsewhere). */
export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
}

/**
 * @param {string} path  an /admin/... path (query included)
 * @param {{ method?: 'GET' | 'POST' | 'DELETE', body?: unknown, quiet401?: boolean }} [options]
 * @returns {Promise<any>}  the parsed JSON body, or null for 204
 */
export async function api(path, options = {}) {
  const method = options.method ?? 'GET';
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (method !== 'GET') headers['x-portcullis-csrf'] = '1';
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network', 'the gateway could not be reached');
  }
  if (response.status === 204) return null;
  const text = await response.text();
  /** @type {any} */
  let json = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  if (!response.ok) {
    if (response.status === 401 && !options.quiet401) for (const listener of unauthorizedListeners) listener();
    const error = json && typeof json === 'object' ? json.error : undefined;
    throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? `the gateway answered ${response.status}`);
  }
  return json;
}

/** A message for an error caught from api(), fit to show an operator. */
export function describe(error) {
  if (error instanceof ApiError) {
    if (error.code === 'forbidden_role') return 'Your role does not allow this.';
    if (error.status === 404 && error.code === 'unknown_route') return 'The gateway does not offer this yet.';
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
