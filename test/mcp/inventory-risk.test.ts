import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { McpDefinition } from '../../src/mcp/inventory/definition.ts';
import { classifyTool, type Capability } from '../../src/mcp/inventory/risk.ts';
import { renderRiskRegister, riskLevel, riskRegister, riskRegisterJson } from '../../src/mcp/inventory/risk-register.ts';

const tool = (name: string, description = '', properties: Record<string, unknown> = {}, annotations?: Record<string, unknown>): McpDefinition =>
  ({ name, description, inputSchema: { type: 'object', properties }, ...(annotations === undefined ? {} : { annotations }) });
const caps = (definition: McpDefinition, tags?: string[]): readonly Capability[] => classifyTool('srv', definition, tags === undefined ? undefined : { tags }).capabilities;

describe('classifyTool', () => {
  it('reads annotations: read-only drops guessed writes, destructive is delete, open world is egress', () => {
    assert.deepEqual(caps(tool('summarize', 'Creates a summary of a document.', {}, { readOnlyHint: true })), ['read']);
    assert.deepEqual(caps(tool('frobnicate', '', {}, { readOnlyHint: false, destructiveHint: true })), ['write', 'delete']);
    assert.deepEqual(caps(tool('frobnicate', '', {}, { openWorldHint: true })), ['network_egress']);
    // Hints that would lower the risk are not believed over the tool's own name.
    const liar = classifyTool('srv', tool('delete_user', 'Deletes a user.', {}, { readOnlyHint: true, destructiveHint: false }));
    assert.deepEqual(liar.capabilities, ['read', 'delete']);
    assert.ok(liar.reasons.some((r) => r.includes('kept although annotations claim read-only')));
  });

  it('reads verbs in the name and the first sentence of the description', () => {
    assert.deepEqual(caps(tool('transfer_funds')), ['financial']);
    assert.deepEqual(caps(tool('runCommand')), ['execute']);
    assert.deepEqual(caps(tool('send_email')), ['network_egress']);
    assert.deepEqual(caps(tool('get_patient_record')), ['read', 'pii_phi_access']);
    assert.deepEqual(caps(tool('purge-cache')), ['delete']);
    assert.deepEqual(caps(tool('notes', 'Lists notes. Never deletes anything.')), ['read']);
    assert.deepEqual(caps(tool('echo', 'Echoes back the input string')), []);
  });

  it('reads argument names, with context for the ambiguous ones', () => {
    assert.deepEqual(caps(tool('fetch', '', { url: { type: 'string' } })), ['read', 'network_egress']);
    assert.deepEqual(caps(tool('quote', '', { amount: { type: 'number' }, currency: { type: 'string' } })), ['financial']);
    assert.deepEqual(caps(tool('db', '', { sql: { type: 'string' } })), ['execute']);
    assert.deepEqual(caps(tool('lookup', '', { patientId: { type: 'string' }, dob: { type: 'string' } })), ['read', 'pii_phi_access']);
    assert.deepEqual(caps(tool('search_nodes', 'Search for nodes in the knowledge graph based on a query', { query: { type: 'string' } })), ['read']);
    assert.deepEqual(caps(tool('report', 'Runs a read-only query against the claims database', { query: { type: 'string' } })), ['read', 'execute']);
    // A nested "to" is the end of a relation; a top-level one in a messaging tool is a recipient.
    assert.deepEqual(caps(tool('link', '', { relations: { type: 'array', items: { type: 'object', properties: { from: {}, to: {} } } } })), []);
    assert.deepEqual(caps(tool('text', 'Texts a phone number', { to: { type: 'string' }, body: { type: 'string' } })), ['network_egress']);
    assert.deepEqual(caps(tool('find_user', 'Finds a user by e-mail address', { email: { type: 'string' } })), ['read']);
    assert.deepEqual(caps(tool('invite', 'Sends an invitation', { email: { type: 'string' } })), ['network_egress']);
    assert.deepEqual(caps(tool('thumbnail', '', { image: { type: 'string', format: 'uri' } })), ['network_egress']);
  });

  it('lets catalog tags with a capability meaning replace what is derived', () => {
    const sendEmail = tool('send_email', 'Sends an e-mail', { to: { type: 'string' } }, { readOnlyHint: false });
    assert.deepEqual(caps(sendEmail, ['egress']), ['network_egress']);
    assert.deepEqual(caps(tool('lookup_claim'), ['reads_phi', 'read_only']), ['read', 'pii_phi_access']);
    assert.deepEqual(caps(tool('amend_patient_record'), ['writes_phi']), ['write', 'pii_phi_access']);
    assert.deepEqual(caps(tool('delete_file'), ['read']), ['read']);
    const explained = classifyTool('mail', sendEmail, { tags: ['egress', 'outbound'] });
    assert.match(explained.reasons[0]!, /^catalog tags of mail\/send_email \(egress, outbound\) set network_egress; derived from the definition: write, network_egress$/);
    // Tags that say nothing about capability leave the derived set alone, and say so.
    const untouched = classifyTool('emr', tool('get_patient_record'), { tags: ['chart', 'database'] });
    assert.deepEqual(untouched.capabilities, ['read', 'pii_phi_access']);
    assert.match(untouched.reasons[0]!, /name no capability/);
  });

  it('stays fast on a hostile definition (1 MB of capitals, thousands of arguments)', () => {
    const started = performance.now();
    const properties = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`ARG${'X'.repeat(50)}${i}`, { type: 'string' }]));
    classifyTool('s', { name: 'A'.repeat(100_000), description: 'A'.repeat(1_000_000), inputSchema: { type: 'object', properties } });
    assert.ok(performance.now() - started < 3000);
  });
});

describe('riskLevel', () => {
  it('applies the documented rules in order', () => {
    assert.deepEqual(riskLevel(['read', 'pii_phi_access', 'network_egress']).level, 'critical');
    assert.deepEqual(riskLevel(['execute', 'network_egress']).level, 'critical');
    for (const c of ['delete', 'execute', 'financial'] as const) assert.equal(riskLevel(['read', c]).level, 'high');
    assert.equal(riskLevel(['write', 'pii_phi_access']).level, 'high');
    for (const c of ['write', 'network_egress', 'pii_phi_access'] as const) assert.equal(riskLevel(['read', c]).level, 'medium');
    assert.deepEqual(riskLevel([]), { level: 'medium', reason: 'unclassified: no capability could be derived' });
    assert.equal(riskLevel(['read']).level, 'low');
  });
});

describe('riskRegister', () => {
  const tools = [
    { server: 'emr', tool: tool('lookup_claim', 'Looks up a claim by id', { claim_id: { type: 'string' } }, { readOnlyHint: true }) },
    { server: 'mail', tool: tool('send_email', 'Sends an e-mail', { to: { type: 'string' }, subject: { type: 'string' } }, { readOnlyHint: false, openWorldHint: true }) },
    { server: 'files', tool: tool('read_text_file', 'Read a file as text', { path: { type: 'string' } }, { readOnlyHint: true }) },
    { server: 'misc', tool: tool('echo', 'Echoes back the input string', {}) },
  ];
  const allow: Record<string, string[]> = { claims: ['emr/lookup_claim', 'mail/send_email'], reader: ['files/read_text_file'], tinkerer: ['files/read_text_file', 'misc/echo'], nobody: [] };
  const register = riskRegister(tools, Object.keys(allow), {
    admits: (agent, name, server) => allow[agent]!.includes(`${server}/${name}`),
    tagsOf: (name) => (name === 'lookup_claim' ? ['reads_phi', 'read_only'] : []),
  });

  it('classifies every tool, catalog tags included, worst first', () => {
    assert.deepEqual(register.tools.map((t) => [`${t.server}/${t.name}`, t.level, t.capabilities.join(',')]), [
      ['emr/lookup_claim', 'medium', 'read,pii_phi_access'],
      ['mail/send_email', 'medium', 'write,network_egress'],
      ['misc/echo', 'medium', ''],
      ['files/read_text_file', 'low', 'read'],
    ]);
  });

  it("judges an agent on the union of its tools' capabilities: PHI reader + mailer is critical", () => {
    const claims = register.agents.find((a) => a.agent === 'claims')!;
    assert.equal(claims.level, 'critical');
    assert.equal(claims.levelReason, 'PII/PHI access with network egress');
    assert.deepEqual(claims.via, { read: ['emr/lookup_claim'], write: ['mail/send_email'], network_egress: ['mail/send_email'], pii_phi_access: ['emr/lookup_claim'] });
    assert.deepEqual(register.agents.map((a) => [a.agent, a.level]), [['claims', 'critical'], ['tinkerer', 'medium'], ['nobody', 'low'], ['reader', 'low']]);
    assert.match(register.agents.find((a) => a.agent === 'tinkerer')!.levelReason, /^misc\/echo: unclassified/);
  });

  it('renders a text register and a versioned JSON one', () => {
    const text = renderRiskRegister(register);
    assert.match(text, /^Tools \(4\)\nSERVER +TOOL +RISK +CAPABILITIES\n-+/);
    assert.match(text, /\nclaims +critical +read, write, network_egress, pii_phi_access +2\n/);
    assert.match(text, /network_egress via mail\/send_email/);
    const json = JSON.parse(riskRegisterJson(register)) as { version: number; levels: Record<string, string>; tools: unknown[]; agents: { agent: string }[] };
    assert.equal(json.version, 1);
    assert.deepEqual(Object.keys(json.levels), ['critical', 'high', 'medium', 'low']);
    assert.equal(json.tools.length, 4);
    assert.equal(json.agents[0]!.agent, 'claims');
  });

  it('never prints hidden characters from a tool name', () => {
    const hostile = riskRegister([{ server: 's', tool: tool('del\u202eete_all\u001b[2J') }], [], { admits: () => false });
    assert.doesNotMatch(renderRiskRegister(hostile), /[\u202e\u001b]/);
  });
});
