import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import type { Logger } from '../../src/observe/log.ts';
import type { Approval } from '../../src/policy/state/types.ts';
import { notifyApprovalWebhook } from '../../src/policy/webhook.ts';

const approval: Approval = {
  id: 'apr_123', binding: 'b'.repeat(64), agentId: 'treasury-agent-prod', tool: 'transfer_funds',
  argumentsText: '{"amount": 9000, "iban": "DE89370400440532013000"}', ruleIds: ['approve-large-transfer'],
  reason: 'transfers above 5,000 need a human approver', createdAt: Date.parse('2026-11-29T10:00:00Z'),
  expiresAt: Date.parse('2026-11-29T10:15:00Z'), status: 'pending',
};

function logger() {
  const warnings: unknown[] = [];
  return { warnings, logger: { warn: (fields: unknown, msg: string) => void warnings.push({ fields, msg }) } as unknown as Logger };
}

describe('approval webhook', () => {
  test('posts who, what and why, with the configured headers, and never the arguments', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const { warnings, logger: log } = logger();
    notifyApprovalWebhook({ url, headers: { authorization: 'Bearer hook-token' }, timeoutMs: 2000 }, log)(approval);
    for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    server.close();
    assert.equal(received.length, 1);
    assert.equal(received[0]?.headers.authorization, 'Bearer hook-token');
    assert.deepEqual(JSON.parse(received[0]!.body), {
      type: 'approval.requested', id: 'apr_123', agent: 'treasury-agent-prod', tool: 'transfer_funds',
      rules: ['approve-large-transfer'], reason: 'transfers above 5,000 need a human approver',
      createdAt: '2026-11-29T10:00:00.000Z', expiresAt: '2026-11-29T10:15:00.000Z', review: '/admin/approvals/apr_123',
    });
    assert.ok(!received[0]!.body.includes('9000') && !received[0]!.body.includes('DE89'), 'arguments stay out of the webhook');
    assert.deepEqual(warnings, []);
  });

  test('says which arguments a tool result or document chose, by name, and whether only it asked for the call', async () => {
    const received: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        received.push(body);
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    notifyApprovalWebhook({ url, headers: {}, timeoutMs: 2000 }, logger().logger)({ ...approval, untrustedArgs: ['iban'], untrustedAction: true });
    for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    server.close();
    const payload = JSON.parse(received[0]!) as Record<string, unknown>;
    assert.deepEqual([payload['untrustedArgs'], payload['untrustedAction']], [['iban'], true]);
    assert.ok(!received[0]!.includes('DE89'));
  });

  test('an unreachable webhook is logged by approval id, without details of the call', async () => {
    const { warnings, logger: log } = logger();
    notifyApprovalWebhook({ url: 'http://127.0.0.1:9/hook', headers: {}, timeoutMs: 500 }, log)(approval);
    for (let i = 0; i < 200 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(warnings.length, 1);
    assert.match(JSON.stringify(warnings[0]), /"approval":"apr_123".*approval webhook unreachable/);
    assert.ok(!JSON.stringify(warnings).includes('9000'));
  });
});
