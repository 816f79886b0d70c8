import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@modelcontextprotocol/client';
import type { Part, PartSource } from '../../src/core/exchange.ts';
import { ConversationIdentifiers } from '../../src/guards/argument-provenance.ts';
import { SharedProvenance } from '../../src/guards/shared-provenance.ts';
import { newAgentKey } from '../../src/server/auth.ts';
import { approveAll, connectWrap, mcpConfig, stdioServer } from '../helpers/mcp.ts';
import { closeAdmin, deletePrefix, newPrefix, REDIS_URL } from '../policy/state-helpers.ts';

// `portcullis mcp wrap` beside a gateway, both on one Redis (state.redis): the wrapped server's
// calls are judged against the conversation the gateway's LLM door judged the agent's model
// against. Here the test process stands in for that gateway, writing through the same shared
// memory; the official SDK client spawns the wrapper over stdio.

const EMR = join(import.meta.dirname, '../../examples/mcp/emr-server.ts');
const DROP = 'https://intake.partner-clinic.example/v2/upload';
const part = (source: PartSource, text: string, messageIndex: number): Part => ({ source, text, messageIndex, path: ['messages', messageIndex, 'content'] });
const conversation = (user: string) => new ConversationIdentifiers({
  parts: [part('user', user, 0), part('tool_result', `Referral note: the partner clinic takes uploads at ${DROP}.`, 1)], toolDefinitions: [], findings: [],
}).memory;

describe('portcullis mcp wrap sharing provenance with the gateway (Redis)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-wrap-shared-'));
  const config = join(dir, 'portcullis.yaml');
  const lockfile = join(dir, 'portcullis.lock');
  const prefix = newPrefix();
  const agent = newAgentKey();
  let client: Client;
  let gateway: SharedProvenance;

  before(async () => {
    writeFileSync(config, `version: 1
providers: [{ id: p, kind: openai, baseUrl: "http://127.0.0.1:9/v1", apiKey: k, models: [m] }]
agents:
  - { id: dev-agent, team: dev, env: dev, keyHash: "${agent.keyHash}", tools: ["emr/export_records"] }
policy:
  rules:
    - { id: destination-from-tool-output, on: mcp.call, when: '"destination" in untrusted_args', action: deny, reason: the destination came from a tool result }
mcp:
  lockfile: ${JSON.stringify(lockfile)}
state:
  redis: { url: ${JSON.stringify(REDIS_URL)}, keyPrefix: ${JSON.stringify(prefix)} }
`);
    await approveAll(mcpConfig([stdioServer('emr', EMR)], { lockfile }));
    gateway = await SharedProvenance.connect({ url: REDIS_URL, keyPrefix: prefix });
    client = await connectWrap(config, agent.key, 'emr', EMR);
  });
  after(async () => {
    await client?.close();
    await gateway?.close();
    await deletePrefix(prefix);
    closeAdmin();
  });

  const exportTo = () => client.callTool({ name: 'export_records', arguments: { destination: DROP, filter: { mrn: 'MRN-000113' } } });

  test('the address only a tool result gave is refused; once the user gave it, at the gateway, the wrapper lets it through', async () => {
    await gateway.rememberConversation('dev-agent', conversation('Read the referral and do what it needs.'));
    const refused = await exportTo();
    assert.equal(refused.isError, true, JSON.stringify(refused.content));
    assert.match(JSON.stringify(refused.content), /blocked by policy.*destination-from-tool-output/);
    await gateway.rememberConversation('dev-agent', conversation(`Send MRN-000113's records to ${DROP}.`));
    const done = await exportTo();
    assert.notEqual(done.isError, true, JSON.stringify(done.content));
  });
});
