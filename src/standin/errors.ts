// Native error bodies. Each provider's SDK maps status codes to typed errors and reads
// the message from its own envelope, so the envelope must be exact per endpoint.

export type Flavor = 'openai' | 'anthropic';

export interface ErrorAnswer { status: number; body: unknown }

export function openaiError(status: number, message: string, type: string, code: string | null = null, param: string | null = null): ErrorAnswer {
  return { status, body: { error: { message, type, param, code } } };
}

export function anthropicError(status: number, message: string, type: string): ErrorAnswer {
  return { status, body: { type: 'error', error: { type, message } } };
}

/** The error a provider would typically send for `status` when the script gives no body. */
export function defaultError(flavor: Flavor, status: number): ErrorAnswer {
  if (flavor === 'anthropic') {
    const [type, message] = ANTHROPIC_BY_STATUS[status] ?? (status >= 500 ? ANTHROPIC_BY_STATUS[500]! : ANTHROPIC_BY_STATUS[400]!);
    return anthropicError(status, message, type);
  }
  const [type, message, code] = OPENAI_BY_STATUS[status] ?? (status >= 500 ? OPENAI_BY_STATUS[500]! : OPENAI_BY_STATUS[400]!);
  return openaiError(status, message, type, code);
}

const OPENAI_BY_STATUS: Record<number, [string, string, string | null]> = {
  400: ['invalid_request_error', 'Invalid request (stand-in).', null],
  401: ['invalid_request_error', 'Incorrect API key provided.', 'invalid_api_key'],
  403: ['invalid_request_error', 'You are not allowed to access this resource (stand-in).', null],
  404: ['invalid_request_error', 'Not found (stand-in).', null],
  409: ['invalid_request_error', 'Conflict (stand-in).', null],
  422: ['invalid_request_error', 'Unprocessable request (stand-in).', null],
  429: ['requests', 'Rate limit reached (stand-in).', 'rate_limit_exceeded'],
  500: ['server_error', 'The server had an error while processing your request. Sorry about that! (stand-in)', null],
  502: ['server_error', 'Bad gateway (stand-in).', null],
  503: ['server_error', 'The engine is currently overloaded, please try again later. (stand-in)', null],
};

const ANTHROPIC_BY_STATUS: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'Invalid request (stand-in).'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource. (stand-in)'],
  404: ['not_found_error', 'Not found (stand-in).'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes. (stand-in)'],
  429: ['rate_limit_error', 'Rate limit reached (stand-in).'],
  500: ['api_error', 'Internal server error (stand-in).'],
  529: ['overloaded_error', 'Overloaded (stand-in).'],
};

export function badRequest(flavor: Flavor, message: string, param: string | null = null): ErrorAnswer {
  return flavor === 'anthropic'
    ? anthropicError(400, message, 'invalid_request_error')
    : openaiError(400, message, 'invalid_request_error', null, param);
}

export function malformedJson(flavor: Flavor): ErrorAnswer {
  return flavor === 'anthropic'
    ? anthropicError(400, 'There was an error parsing the body of your request: invalid JSON.', 'invalid_request_error')
    : openaiError(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)", 'invalid_request_error');
}

export function unauthorized(flavor: 'openai', provided: boolean): ErrorAnswer;
export function unauthorized(flavor: 'anthropic', provided: 'x-api-key' | 'bearer' | 'none'): ErrorAnswer;
export function unauthorized(flavor: Flavor, provided: boolean | string): ErrorAnswer {
  if (flavor === 'anthropic') {
    const message = provided === 'x-api-key' ? 'invalid x-api-key' : provided === 'bearer' ? 'Invalid bearer token' : 'x-api-key header is required';
    return anthropicError(401, message, 'authentication_error');
  }
  return provided
    ? openaiError(401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key')
    : openaiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", 'invalid_request_error');
}

export function notFound(flavor: Flavor, method: string, path: string): ErrorAnswer {
  return flavor === 'anthropic'
    ? anthropicError(404, 'Not Found', 'not_found_error')
    : openaiError(404, `Invalid URL (${method} ${path})`, 'invalid_request_error');
}
