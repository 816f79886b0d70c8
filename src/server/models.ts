import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../core/errors.ts';
import { renderAnthropicError } from '../protocols/anthropic-errors.ts';
import { renderOpenAIError } from '../protocols/openai-errors.ts';
import type { GatewayCore } from './core.ts';
import type { ExchangeRecord } from './record.ts';
import { sendError, sendJson } from './respond.ts';

/** Models the calling agent may use that some provider lists by name, in config order. */
function visibleModels(core: GatewayCore, agentId: string): { id: string; provider: string }[] {
  const seen = new Set<string>();
  const models: { id: string; provider: string }[] = [];
  for (const provider of core.providers.providers) {
    for (const id of provider.listedModels) {
      if (seen.has(id) || !core.modelAccess.allows(agentId, id)) continue;
      seen.add(id);
      models.push({ id, provider: provider.id });
    }
  }
  return models;
}

// A fixed timestamp: the gateway does not know when a provider released a model.
const CREATED = 1_700_000_000;

/**
 * `GET /v1/models[/{id}]`, filtered to what the agent may call. Answers in Anthropic's shape
 * when the client speaks Anthropic (it sends `anthropic-version`), else in OpenAI's.
 */
export function handleModels(core: GatewayCore, req: IncomingMessage, res: ServerResponse, record: ExchangeRecord, id?: string): void {
  const anthropic = req.headers['anthropic-version'] !== undefined;
  const protocol = { renderError: anthropic ? renderAnthropicError : renderOpenAIError };
  try {
    record.principal = core.agents.authenticate(req.headers);
  } catch (error) {
    record.outcome = 'rejected';
    return sendError(res, protocol, error as GatewayError, record);
  }
  record.outcome = 'forwarded';
  const models = visibleModels(core, record.principal.agentId);
  type Listed = { id: string; provider: string };
  const shape: (m: Listed) => object = anthropic
    ? (m) => ({ type: 'model', id: m.id, display_name: m.id, created_at: new Date(CREATED * 1000).toISOString() })
    : (m) => ({ id: m.id, object: 'model', created: CREATED, owned_by: m.provider });
  if (id !== undefined) {
    const model = models.find((m) => m.id === id);
    if (model) return sendJson(res, 200, shape(model), record);
    record.outcome = 'rejected';
    return sendError(res, protocol, new GatewayError('not_found', 'model_not_found', `model '${id}' does not exist or is not available to this agent`), record);
  }
  const data = models.map(shape);
  if (!anthropic) return sendJson(res, 200, { object: 'list', data }, record);
  sendJson(res, 200, { data, has_more: false, first_id: models[0]?.id ?? null, last_id: models.at(-1)?.id ?? null }, record);
}
