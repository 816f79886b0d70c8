import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { rawRequest, startHarness, type Harness } from '../helpers/harness.ts';

/**
 * Hostile and broken input: each gets a precise error in the provider's shape, nothing
 * reaches the provider, and the gateway keeps serving afterwards.
 */
describe('bad input', () => {
  let h: Harness;
  let auth: Record<string, string>;
  before(async () => {
    h = await startHarness({
      configure(config) {
        config.server.limits.maxBodyBytes = 64 * 1024;
        config.server.limits.maxMessages = 50;
        config.server.timeouts.headersMs = 1000;
      },
    });
    auth = { authorization: `Bearer ${h.agentKey}`, 'content-type': 'application/json' };
  });
  after(() => h.close());

  async function expectError(path: string, init: Parameters<typeof rawRequest>[2], status: number, code: string) {
    const upstreamBefore = h.standin.requests.length;
    const res = await rawRequest(h.url, path, init);
    assert.equal(res.status, status, res.text);
    assert.equal(res.json?.error?.code, code, res.text);
    assert.equal(typeof res.json?.error?.message, 'string');
    assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(res.text), 'an error goes out with its exact length');
    assert.equal(h.standin.requests.length, upstreamBefore, 'nothing may reach the provider');
    await stillServing();
    return res;
  }

  async function stillServing() {
    const ok = await h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: 'ping' }] });
    assert.equal(ok.choices[0]?.message.content, 'Stand-in reply to: ping');
  }

  it('refuses malformed JSON, naming the position but not echoing the body', async () => {
    let res = await expectError('/v1/chat/completions', { headers: auth, body: '{"model": "standin-gpt", "messages": [secret-text' }, 400, 'invalid_json');
    assert.match(res.json.error.message, /^request body is not valid JSON: Unexpected token/);
    assert.ok(!res.text.includes('secret-text'));
    res = await expectError('/v1/chat/completions', { headers: auth, body: '{"model": "standin-gpt",}' }, 400, 'invalid_json');
    assert.match(res.json.error.message, /at position 24 \(line 1 column 25\)/);
  });

  it('refuses a wrong content type with 415', async () => {
    await expectError('/v1/chat/completions', { headers: { ...auth, 'content-type': 'text/plain' }, body: '{}' }, 415, 'unsupported_content_type');
  });

  it('refuses wrong types with a message naming the field', async () => {
    let res = await expectError('/v1/chat/completions', { headers: auth, body: JSON.stringify({ model: 42, messages: [] }) }, 400, 'invalid_request_body');
    assert.match(res.json.error.message, /'model'/);
    res = await expectError('/v1/chat/completions', { headers: auth, body: JSON.stringify({ model: 'standin-gpt', messages: 'hi' }) }, 400, 'invalid_request_body');
    assert.match(res.json.error.message, /'messages' must be an array/);
    res = await expectError('/v1/chat/completions', { headers: auth, body: JSON.stringify({ model: 'standin-gpt', messages: [{ role: 'wizard', content: 'x' }] }) }, 400, 'invalid_request_body');
    assert.match(res.json.error.message, /messages\[0\]\.role/);
    const anthropic = await rawRequest(h.url, '/v1/messages', { headers: auth, body: '[1,2,3]' });
    assert.equal(anthropic.status, 400);
    assert.equal(anthropic.json?.type, 'error');
    assert.equal(anthropic.json?.error?.type, 'invalid_request_error');
    assert.match(anthropic.json?.error?.message, /request body must be a JSON object/);
  });

  it('refuses a body over the size limit, declared or streamed without a length', async () => {
    const huge = JSON.stringify({ model: 'standin-gpt', messages: [{ role: 'user', content: 'x'.repeat(100_000) }] });
    await expectError('/v1/chat/completions', { headers: auth, body: huge }, 413, 'request_too_large');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { ...auth, 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write('x'.repeat(8192));
      req.end();
    });
    assert.equal(status, 413);
    await stillServing();
  });

  it('refuses deep nesting without overflowing the stack', async () => {
    const deep = `{"model":"standin-gpt","messages":[{"role":"user","content":"x","extra":${'['.repeat(5000)}${']'.repeat(5000)}}]}`;
    const res = await expectError('/v1/chat/completions', { headers: auth, body: deep }, 400, 'json_too_deep');
    assert.match(res.json.error.message, /64 levels/);
  });

  it('refuses invalid UTF-8 instead of passing mangled text on', async () => {
    const body = Buffer.concat([Buffer.from('{"model":"standin-gpt","messages":[{"role":"user","content":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}]}')]);
    await expectError('/v1/chat/completions', { headers: auth, body }, 400, 'invalid_utf8');
  });

  it('refuses more messages than the limit', async () => {
    const messages = Array.from({ length: 51 }, () => ({ role: 'user', content: 'x' }));
    await expectError('/v1/chat/completions', { headers: auth, body: JSON.stringify({ model: 'standin-gpt', messages }) }, 400, 'too_many_messages');
  });

  it('answers 401 with no key and with a bogus key, in OpenAI shape', async () => {
    await expectError('/v1/chat/completions', { headers: { 'content-type': 'application/json' }, body: '{}' }, 401, 'missing_api_key');
    await expectError('/v1/chat/completions', { headers: { ...auth, authorization: `Bearer ${'k'.repeat(5000)}` }, body: '{}' }, 401, 'invalid_api_key');
    await assert.rejects(h.openai({ apiKey: 'pcs_bogus' }).chat.completions.create({ model: 'standin-gpt', messages: [] }), OpenAI.AuthenticationError);
  });

  it('answers 403 for a model outside the allow-list with code model_not_allowed', async () => {
    await assert.rejects(
      h.openai().chat.completions.create({ model: 'standin-mini', messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => error instanceof OpenAI.PermissionDeniedError && error.code === 'model_not_allowed',
    );
  });

  it('answers a malformed percent-encoding in a path with 400', async () => {
    await expectError('/v1/models/%E0%A4%A', { method: 'GET', headers: auth }, 400, 'invalid_path');
  });

  it('answers unknown routes with 404 and wrong methods with 405', async () => {
    await expectError('/v1/embeddings', { headers: auth, body: '{}' }, 404, 'unknown_route');
    await expectError('/v1/chat/completions', { method: 'GET', headers: auth }, 405, 'method_not_allowed');
  });

  it('drops a client that sends headers and then stalls', async () => {
    const closed = await new Promise<number>((resolve) => {
      const started = Date.now();
      const { port } = new URL(h.url);
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${h.agentKey}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"model"`);
      });
      socket.on('data', () => undefined);
      socket.on('close', () => resolve(Date.now() - started));
      socket.on('error', () => undefined);
    });
    assert.ok(closed < 5000, `slow client held for ${closed} ms`);
    await stillServing();
  });

  it('handles a client that vanishes mid-body', async () => {
    await new Promise<void>((resolve) => {
      const { port } = new URL(h.url);
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${h.agentKey}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"mo`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 20);
      });
    });
    await stillServing();
  });
});
