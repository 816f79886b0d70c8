// GET /v1/models and /v1/models/{id}: a fixed list, in the OpenAI or the Anthropic shape
// (chosen by the caller from the `anthropic-version` header, as both SDKs share the path).
// Completion endpoints accept any model name; this list is only what discovery reports.
import { anthropicError, openaiError } from './errors.ts';
import { errorAnswer, type Answer } from './endpoint.ts';

const MODELS = [
  { id: 'standin-gpt', display: 'Stand-in GPT' },
  { id: 'standin-mini', display: 'Stand-in Mini' },
  { id: 'standin-claude', display: 'Stand-in Claude' },
];
/** Fixed so listings are byte-for-byte deterministic (2025-01-01T00:00:00Z). */
const CREATED = 1735689600;
const CREATED_AT = '2025-01-01T00:00:00Z';

export const MODEL_IDS: readonly string[] = MODELS.map((m) => m.id);

function openaiModel(id: string): object {
  return { id, object: 'model', created: CREATED, owned_by: 'portcullis-standin' };
}

function anthropicModel(m: { id: string; display: string }): object {
  return { type: 'model', id: m.id, display_name: m.display, created_at: CREATED_AT };
}

export function listModels(anthropic: boolean): Answer {
  if (!anthropic) return { type: 'json', status: 200, body: { object: 'list', data: MODELS.map((m) => openaiModel(m.id)) } };
  return {
    type: 'json',
    status: 200,
    body: { data: MODELS.map(anthropicModel), has_more: false, first_id: MODELS[0]?.id ?? null, last_id: MODELS[MODELS.length - 1]?.id ?? null },
  };
}

export function getModel(anthropic: boolean, id: string): Answer {
  const model = MODELS.find((m) => m.id === id);
  if (model) return { type: 'json', status: 200, body: anthropic ? anthropicModel(model) : openaiModel(model.id) };
  return errorAnswer(anthropic
    ? anthropicError(404, `model: ${id}`, 'not_found_error')
    : openaiError(404, `The model '${id}' does not exist`, 'invalid_request_error', 'model_not_found', 'model'));
}
