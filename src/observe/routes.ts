/**
 * The gateway's routes as metrics and traces name them: a small fixed set, so a path an agent
 * makes up (or an approval id in an admin path) never becomes a label value or a span name.
 */
const LLM_ROUTES = new Set(['/v1/chat/completions', '/v1/responses', '/v1/messages']);

/** Requests that are not acts worth counting or tracing: health checks, checkpoint reads, the console's files. */
export function isObserved(path: string): boolean {
  return path !== '/healthz' && path !== '/ledger/checkpoint' && path !== '/console' && !path.startsWith('/console/');
}

export function isLlmRoute(path: string): boolean {
  return LLM_ROUTES.has(path);
}

/** The route label: an LLM route, /v1/models, /admin, or "other" (unknown routes, answered 404). */
export function routeLabel(path: string): string {
  if (LLM_ROUTES.has(path)) return path;
  if (path === '/v1/models' || path.startsWith('/v1/models/')) return '/v1/models';
  if (path.startsWith('/admin/')) return '/admin';
  return 'other';
}
