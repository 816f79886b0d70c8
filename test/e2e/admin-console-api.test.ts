import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { dataProtectionSchema } from '../../src/config/data-schema.ts';
import { ledgerSchema } from '../../src/config/ledger-schema.ts';
import type { Config } from '../../src/config/schema.ts';
import { openLedger, type Ledger } from '../../src/ledger/index.ts';
import { decodeRecord } from '../../src/ledger/record.ts';
import { compilePolicy } from '../../src/policy/compile.ts';
import { newAgentKey } from '../../src/server/auth.ts';
import { notePolicyLoad } from '../../src/server/admin/policy.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { connectClient, mcpConfig, stdioServer, tempLockfile } from '../helpers/mcp.ts';

// The admin API the operator console reads and drives, against the real gateway, the stand-in
// model, the repo's EMR MCP server and a real SQLite ledger: roles, console sessions and the
// CSRF rule, one-time logins, the live activity stream, the read endpoints with real values,
// tool approval, and the ledger record of every admin act.

const EMR = join(import.meta.dirname, '../../examples/mcp/emr-server.ts');
const SECRET_PROMPT = 'Patient SSN 219-45-8812 asks about claim CLM-100001';
const fn = (name: string) => ({ type: 'function' as const, function: { name, parameters: { type: 'object', properties: {} } } });

interface Call {
  key?: string;
  cookie?: string;
  csrf?: boolean;
  body?: unknown;
  headers?: Record<string, string>;
}

describe('the admin API behind the console', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-admin-api-'));
  const lockfile = tempLockfile();
  const auditor = newAgentKey();
  const approver = newAgentKey();
  const tokensSeen: string[] = [];
  let ledger: Ledger;
  let h: Harness;
  let config: Config;

  before(async () => {
    ledger = await openLedger(ledgerSchema.parse({ path: join(dir, 'ledger.sqlite'), keyDir: join(dir, 'keys'), checkpoints: { everyRecords: 2 } }));
    h = await startHarness({
      ledger,
      configure(c) {
        config = c;
        c.admins.push({ id: 'audit-ann', keyHash: auditor.keyHash, role: 'auditor' }, { id: 'approve-bob', keyHash: approver.keyHash, role: 'approver' });
        c.dataProtection = dataProtectionSchema.parse({ detectors: ['pii'], rules: [{ types: ['US_SSN'], action: 'mask' }] });
        c.mcp = mcpConfig([stdioServer('emr', EMR)], { lockfile });
      },
    });
  });
  after(async () => {
    await h.close();
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function call(method: string, path: string, options: Call = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key !== undefined) headers['authorization'] = `Bearer ${options.key}`;
    if (options.cookie !== undefined) headers['cookie'] = options.cookie;
    if (options.csrf === true) headers['x-portcullis-csrf'] = '1';
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(h.url + path, { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text === '' ? undefined : JSON.parse(text) };
  }

  async function signIn(body: unknown) {
    const response = await call('POST', '/admin/session', { body });
    const setCookie = response.headers.get('set-cookie') ?? '';
    return { ...response, setCookie, cookie: setCookie.split(';')[0] ?? '' };
  }

  async function pendingApproval(): Promise<string> {
    const held = await h.openai({ agent: 'treasury-agent-prod' }).chat.completions.create({
      model: 'standin-gpt', tools: [fn('transfer_funds')], messages: [{ role: 'user', content: `transfer_funds {"amount": 7000, "payee": "acme-${Date.now()}"}` }],
    });
    const id = /pending approval (apr_[A-Za-z0-9]+)/.exec(held.choices[0]?.message.content ?? '')?.[1];
    assert.ok(id, 'the transfer is held for approval');
    return id;
  }

  test('roles: an auditor reads but cannot decide or stop; an approver decides but cannot stop; agent keys are refused', async () => {
    const id = await pendingApproval();
    assert.equal((await call('GET', '/admin/approvals?status=pending', { key: auditor.key })).status, 200);
    const auditorApproves = await call('POST', `/admin/approvals/${id}/approve`, { key: auditor.key, body: {} });
    assert.equal(auditorApproves.status, 403);
    assert.deepEqual([auditorApproves.json.error.code, auditorApproves.json.error.type], ['forbidden_role', 'permission_error']);
    assert.match(auditorApproves.json.error.message, /^role 'auditor' may not approve or deny approvals$/);
    const auditorKills = await call('POST', '/admin/kill-switch', { key: auditor.key, body: { engaged: true, reason: 'x' } });
    assert.equal(auditorKills.status, 403);
    const approverKills = await call('POST', '/admin/kill-switch', { key: approver.key, body: { engaged: true, reason: 'x' } });
    assert.equal(approverKills.status, 403);
    assert.match(approverKills.json.error.message, /role 'approver' may not engage or release kill switches/);
    const approved = await call('POST', `/admin/approvals/${id}/approve`, { key: approver.key, body: { note: 'checked' } });
    assert.equal(approved.status, 200);
    assert.deepEqual([approved.json.status, approved.json.decidedBy], ['approved', 'approve-bob']);
    assert.equal((await call('GET', '/admin/kill-switch', { key: approver.key })).status, 200, 'approvers still read');
    const asAgent = await call('GET', '/admin/events', { key: h.agentKey });
    assert.equal(asAgent.status, 401);
    assert.equal(asAgent.json.error.code, 'invalid_api_key');
    assert.equal((await call('GET', '/admin/agents')).status, 401, 'no credentials');
    assert.equal((await call('PUT', '/admin/kill-switch', { key: auditor.key })).status, 405);
    assert.equal((await call('GET', '/admin/nothing-here', { key: auditor.key })).status, 404);
  });

  test('console sign-in: an HttpOnly SameSite=Strict cookie, the CSRF header on changes, sign-out', async () => {
    const bad = await signIn({ key: 'pcs_not-a-key' });
    assert.equal(bad.status, 401);
    assert.equal(bad.setCookie, '');
    assert.equal((await call('POST', '/admin/session', { body: { password: 'x' } })).status, 400);

    const auditorSession = await signIn({ key: auditor.key });
    assert.equal(auditorSession.status, 200);
    assert.deepEqual(auditorSession.json, { id: 'audit-ann', role: 'auditor' });
    assert.match(auditorSession.setCookie, /^portcullis_console=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=28800$/);
    assert.deepEqual((await call('GET', '/admin/whoami', { cookie: auditorSession.cookie })).json, { id: 'audit-ann', role: 'auditor' });
    // Roles hold for cookie sessions too.
    const forbidden = await call('POST', '/admin/kill-switch', { cookie: auditorSession.cookie, csrf: true, body: { engaged: true, reason: 'x' } });
    assert.equal(forbidden.json.error.code, 'forbidden_role');

    const adminSession = await signIn({ key: h.adminKey });
    assert.equal(adminSession.json.role, 'admin');
    const noCsrf = await call('POST', '/admin/kill-switch', { cookie: adminSession.cookie, body: { agent: 'treasury-agent-prod', engaged: true, reason: 'console test' } });
    assert.equal(noCsrf.status, 403);
    assert.equal(noCsrf.json.error.code, 'csrf_required');
    const wrongCsrf = await call('POST', '/admin/kill-switch', { cookie: adminSession.cookie, headers: { 'x-portcullis-csrf': 'yes' }, body: { engaged: true, reason: 'x' } });
    assert.equal(wrongCsrf.json.error.code, 'csrf_required');
    const engaged = await call('POST', '/admin/kill-switch', { cookie: adminSession.cookie, csrf: true, body: { agent: 'treasury-agent-prod', engaged: true, reason: 'console test' } });
    assert.equal(engaged.status, 200);
    assert.equal(engaged.json.by, 'demo-approver');
    const agents = (await call('GET', '/admin/agents', { cookie: auditorSession.cookie })).json.data as { id: string; killSwitch: unknown }[];
    assert.deepEqual(agents.find((a) => a.id === 'treasury-agent-prod')?.killSwitch, { engaged: true, by: 'demo-approver', reason: 'console test' });
    await call('POST', '/admin/kill-switch', { cookie: adminSession.cookie, csrf: true, body: { agent: 'treasury-agent-prod', engaged: false, reason: 'done' } });

    assert.equal((await call('DELETE', '/admin/session', { cookie: adminSession.cookie })).json.error.code, 'csrf_required');
    const out = await call('DELETE', '/admin/session', { cookie: adminSession.cookie, csrf: true });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /^portcullis_console=; .*Max-Age=0/);
    assert.equal((await call('GET', '/admin/whoami', { cookie: adminSession.cookie })).status, 401, 'the session is over');
    assert.equal((await call('GET', '/admin/whoami', { cookie: auditorSession.cookie })).status, 200, 'other sessions are not');
    assert.equal((await call('GET', '/admin/whoami', { cookie: 'portcullis_console=forged' })).status, 401);
  });

  test('a one-time login token signs in once', async () => {
    const token = h.gateway.createOneTimeLogin('approve-bob');
    tokensSeen.push(token);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    const first = await signIn({ oneTimeToken: token });
    assert.equal(first.status, 200);
    assert.deepEqual(first.json, { id: 'approve-bob', role: 'approver' });
    assert.deepEqual((await call('GET', '/admin/whoami', { cookie: first.cookie })).json, { id: 'approve-bob', role: 'approver' });
    const again = await signIn({ oneTimeToken: token });
    assert.equal(again.status, 401);
    assert.equal(again.json.error.code, 'invalid_credentials');
    assert.throws(() => h.gateway.createOneTimeLogin('nobody'), /no admin 'nobody'/);
  });

  test('the live stream carries an SDK exchange and a denied one with its rule, and replays from Last-Event-ID', async () => {
    const stream = await openStream({ authorization: `Bearer ${auditor.key}` });
    try {
      assert.equal(stream.response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      const allowed = await h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: 'hello there' }] }).withResponse();
      const allowedId = allowed.response.headers.get('x-portcullis-request-id');
      const withheld = await h.openai({ agent: 'healthcare-claims-agent-prod' }).chat.completions.create({
        model: 'standin-gpt', tools: [fn('query_emr_database')],
        messages: [{ role: 'user', content: 'query_emr_database {"sql": "SELECT * FROM patient_records WHERE ssn IS NOT NULL"}' }],
      }).withResponse();
      const withheldId = withheld.response.headers.get('x-portcullis-request-id');
      await assert.rejects(h.openai().chat.completions.create({ model: 'standin-mini', messages: [{ role: 'user', content: 'x' }] }), OpenAI.PermissionDeniedError);

      const first = await stream.until((e) => e.requestId === allowedId);
      assert.equal(first.event, 'activity');
      assert.equal(first.id, String(first.data.seq));
      assert.deepEqual(pick(first.data, ['kind', 'agent', 'route', 'model', 'action', 'outcome', 'status']),
        { kind: 'llm', agent: 'demo-agent', route: '/v1/chat/completions', model: 'standin-gpt', action: 'allow', outcome: 'forwarded', status: 200 });
      assert.equal(typeof first.data.overheadMs, 'number');
      assert.match(first.data.time, /^\d{4}-\d\d-\d\dT/);
      const denied = await stream.until((e) => e.requestId === withheldId);
      assert.equal(denied.data.action, 'deny');
      assert.ok(denied.data.rules.includes('hipaa-no-bulk-phi-export'), JSON.stringify(denied.data));
      const refused = await stream.until((e) => e.model === 'standin-mini');
      assert.deepEqual([refused.data.action, refused.data.outcome, refused.data.status, refused.data.reason], ['deny', 'denied', 403, 'model_not_allowed']);

      // A client that reconnects with the last id it saw gets what it missed, in order.
      const replay = await openStream({ authorization: `Bearer ${auditor.key}`, 'last-event-id': String(first.data.seq) });
      try {
        const missed = await replay.until((e) => e.seq === refused.data.seq);
        assert.ok(replay.frames.every((f, i) => i === 0 || f.data.seq === replay.frames[i - 1]!.data.seq + 1), 'no gaps');
        assert.equal(replay.frames[0]?.data.seq, first.data.seq + 1);
        assert.equal(missed.data.requestId, refused.data.requestId);
      } finally {
        replay.close();
      }
    } finally {
      stream.close();
    }
  });

  test('events carry finding types, never prompt text; /admin/events returns the newest last', async () => {
    const { response } = await h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: SECRET_PROMPT }] }).withResponse();
    const id = response.headers.get('x-portcullis-request-id');
    await h.recordOf(response);
    const events = (await call('GET', '/admin/events?limit=1000', { key: auditor.key })).json.data as { seq: number; requestId: string; findings: string[]; action: string }[];
    const event = events.find((e) => e.requestId === id);
    assert.deepEqual(event?.findings, ['US_SSN']);
    assert.equal(event?.action, 'redact');
    assert.ok(events.every((e, i) => i === 0 || e.seq > events[i - 1]!.seq), 'oldest first');
    const limited = (await call('GET', '/admin/events?limit=2', { key: auditor.key })).json.data as { seq: number }[];
    assert.deepEqual(limited.map((e) => e.seq), events.slice(-2).map((e) => e.seq));
    const text = JSON.stringify(events);
    for (const secret of ['219-45-8812', 'Patient', 'hello there', 'SELECT', h.agentKey, auditor.key]) assert.ok(!text.includes(secret), secret);
    assert.equal((await call('GET', '/admin/events?limit=0', { key: auditor.key })).status, 400);
  });

  test('agents, stats, ledger and policy answer with real values', async () => {
    const agents = (await call('GET', '/admin/agents', { key: auditor.key })).json.data as Record<string, any>[];
    const demo = agents.find((a) => a.id === 'demo-agent');
    assert.ok(demo);
    assert.deepEqual(demo.models, config.agents.find((a) => a.id === 'demo-agent')?.models);
    assert.ok(demo.requests >= 3 && demo.denied >= 1 && demo.tokens > 0, JSON.stringify(demo));
    assert.ok(!Number.isNaN(Date.parse(demo.lastSeen)));
    assert.deepEqual(demo.killSwitch, { engaged: false });
    assert.ok(agents.some((a) => a.id === 'treasury-agent-prod' && a.team !== undefined && a.env !== undefined));

    const stats = (await call('GET', '/admin/stats?minutes=5', { key: auditor.key })).json;
    assert.equal(stats.bucketSeconds, 60);
    assert.equal(stats.data.length, 5);
    const total = (action: string) => stats.data.reduce((sum: number, b: Record<string, number>) => sum + (b[action] ?? 0), 0);
    assert.ok(total('allow') >= 1 && total('deny') >= 2 && total('redact') >= 1 && total('approve') >= 1, JSON.stringify(stats.data));
    assert.ok(Date.parse(stats.data[4].t) > Date.parse(stats.data[0].t));

    const status = (await call('GET', '/admin/ledger', { key: auditor.key })).json;
    assert.equal(status.store, 'sqlite');
    assert.ok(status.size > 5);
    assert.equal(typeof status.lastCheckpoint.treeSize, 'number');
    assert.match(status.lastCheckpoint.rootHash, /^[A-Za-z0-9+/]{43}=$/);
    assert.ok(!Number.isNaN(Date.parse(status.lastCheckpoint.time)));
    const verified = await call('POST', '/admin/ledger/verify', { key: auditor.key });
    assert.equal(verified.status, 200);
    assert.equal(verified.json.ok, true);
    assert.ok(verified.json.size >= status.size);

    const v1 = h.gateway.policy.current.version;
    const policy = (await call('GET', '/admin/policy', { key: auditor.key })).json;
    assert.equal(policy.version, v1);
    assert.deepEqual(policy.history.map((p: { version: string }) => p.version), [v1]);
    const source = (await call('GET', '/admin/policy/source', { key: auditor.key })).json;
    assert.equal(source.version, v1);
    assert.match(source.yaml, /id: hipaa-no-bulk-phi-export/);
    assert.ok(!source.yaml.includes('keyHash') && !source.yaml.includes('sha256:'), 'no key hashes in the policy source');

    // A reload as policy-reload.ts does it: the engine swaps policy, the history learns the new source.
    const next = structuredClone(config);
    const rule = next.policy.rules.find((r) => r.id === 'hipaa-no-bulk-phi-export')!;
    rule.reason = 'bulk PHI export is never allowed (edited)';
    h.gateway.policy.replace(compilePolicy(next));
    notePolicyLoad(h.gateway.policy, next);
    try {
      const v2 = h.gateway.policy.current.version;
      assert.notEqual(v2, v1);
      const reloaded = (await call('GET', '/admin/policy', { key: auditor.key })).json;
      assert.deepEqual(reloaded.history.map((p: { version: string }) => p.version), [v1, v2]);
      const diff = (await call('GET', `/admin/policy/diff?from=${encodeURIComponent(v1)}&to=${encodeURIComponent(v2)}`, { key: auditor.key })).json;
      assert.deepEqual([diff.from, diff.to], [v1, v2]);
      assert.match(diff.diff, new RegExp(`^--- ${v1}\n\\+\\+\\+ ${v2}\n@@ -\\d+,7 \\+\\d+,7 @@\n`));
      assert.match(diff.diff, /\n-\s+reason: .*\n\+\s+reason: bulk PHI export is never allowed \(edited\)\n/);
      assert.equal((await call('GET', '/admin/policy/diff?from=sha256:nope', { key: auditor.key })).status, 404);
    } finally {
      h.gateway.policy.replace(compilePolicy(config));
      notePolicyLoad(h.gateway.policy, config);
    }
  });

  test('tools: quarantined definitions listed with risk; only an admin approves one, which is then offered', async () => {
    const { client } = await connectClient(h.url, 'emr', h.agentKey);
    try {
      assert.deepEqual((await client.listTools()).tools, [], 'nothing is approved yet');
      const tools = (await call('GET', '/admin/tools', { key: auditor.key })).json.data as Record<string, any>[];
      const lookup = tools.find((t) => t.server === 'emr' && t.name === 'lookup_claim');
      assert.ok(lookup, JSON.stringify(tools));
      assert.equal(lookup.status, 'quarantined');
      assert.match(lookup.hash, /^sha256:[0-9a-f]{64}$/);
      assert.ok(['low', 'medium', 'high', 'critical'].includes(lookup.risk.level));
      assert.deepEqual(lookup.findings, []);
      assert.ok(tools.every((t) => t.status === 'quarantined'));

      const path = '/admin/tools/emr/lookup_claim/approve';
      assert.equal((await call('POST', path, { key: auditor.key, body: {} })).json.error.code, 'forbidden_role');
      assert.equal((await call('POST', path, { key: approver.key, body: {} })).json.error.code, 'forbidden_role');
      const stale = await call('POST', path, { key: h.adminKey, body: { hash: `sha256:${'0'.repeat(64)}` } });
      assert.equal(stale.json.error.code, 'definition_changed');
      assert.equal((await call('POST', '/admin/tools/emr/no_such_tool/approve', { key: h.adminKey })).status, 404);
      const approved = await call('POST', path, { key: h.adminKey, body: { hash: lookup.hash } });
      assert.equal(approved.status, 200);
      assert.deepEqual(approved.json, { server: 'emr', name: 'lookup_claim', hash: lookup.hash, status: 'approved', changed: true });
      const lock = readFileSync(lockfile, 'utf8');
      assert.match(lock, new RegExp(`lookup_claim:\\n\\s+hash: ${lookup.hash}\\n\\s+approvedAt: .*\\n\\s+approvedBy: demo-approver`));

      const after = (await call('GET', '/admin/tools', { key: auditor.key })).json.data as Record<string, any>[];
      assert.equal(after.find((t) => t.name === 'lookup_claim')?.status, 'approved');
      assert.deepEqual((await client.listTools()).tools.map((t) => t.name), ['lookup_claim'], 'offered at once');
      const result = await client.callTool({ name: 'lookup_claim', arguments: { claim_id: 'CLM-100001' } });
      assert.notEqual(result.isError, true);
    } finally {
      await client.close();
    }
    const mcpEvents = (await call('GET', '/admin/events?limit=1000', { key: auditor.key })).json.data as Record<string, any>[];
    const call_ = mcpEvents.findLast((e) => e.kind === 'mcp' && e.method === 'tools/call');
    assert.deepEqual(pick(call_, ['server', 'tool', 'agent', 'action', 'outcome']), { server: 'emr', tool: 'lookup_claim', agent: 'demo-agent', action: 'allow', outcome: 'forwarded' });
    assert.ok(!JSON.stringify(mcpEvents).includes('CLM-100001'), 'no arguments in events');
  });

  test('every admin act is in the ledger (refused ones too), with no key or token in it', async () => {
    await ledger.writer.flush();
    const { size } = await ledger.store.head();
    const stored = await ledger.store.read(0, size);
    const acts = stored.map((r) => decodeRecord(r.bytes)).filter((r) => r['type'] === 'admin.act');
    const seen = (action: string, outcome: string, who?: string) => acts.some((r) =>
      r['action'] === action && r['outcome'] === outcome && (who === undefined || (r['principal'] as { id?: string } | undefined)?.id === who));
    assert.ok(seen('session.login', 'success', 'audit-ann'));
    assert.ok(seen('session.login', 'success', 'approve-bob'), 'one-time login');
    assert.ok(seen('session.login', 'failure'), 'failed logins too');
    assert.ok(seen('session.logout', 'success', 'demo-approver'));
    assert.ok(seen('approval.approve', 'success', 'approve-bob'));
    assert.ok(seen('approval.approve', 'failure', 'audit-ann'), 'a refused approval attempt');
    assert.ok(seen('kill_switch.set', 'failure', 'approve-bob'), 'a refused kill switch attempt');
    assert.ok(seen('kill_switch.engage', 'success', 'demo-approver'));
    assert.ok(seen('tool.approve', 'success', 'demo-approver'));
    assert.ok(seen('ledger.verify', 'success', 'audit-ann'));
    const loginTargets = acts.filter((r) => r['action'] === 'session.login').map((r) => r['target']);
    assert.ok(loginTargets.includes('key') && loginTargets.includes('one_time_token'));
    const bytes = stored.map((r) => r.bytes.toString()).join('\n');
    for (const secret of [auditor.key, approver.key, h.adminKey, ...tokensSeen, '219-45-8812']) assert.ok(!bytes.includes(secret));
    assert.equal((await call('GET', '/admin/events', { key: auditor.key })).json.data.some((e: { kind: string; method: string }) => e.kind === 'admin' && e.method === 'tool.approve'), true);
  });

  test('console files: index, assets, safe paths, security headers', async () => {
    const redirect = await raw('/console');
    assert.deepEqual([redirect.status, redirect.headers['location']], [308, '/console/']);
    const index = await raw('/console/');
    assert.equal(index.status, 200);
    assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(index.headers['content-security-policy'], "default-src 'self'; frame-ancestors 'none'");
    assert.equal(index.headers['x-content-type-options'], 'nosniff');
    assert.equal(index.headers['cache-control'], 'no-cache');
    assert.match(index.body, /<html/i);
    const script = await raw('/console/app.js');
    assert.deepEqual([script.status, script.headers['content-type']], [200, 'text/javascript; charset=utf-8']);
    assert.equal((await raw('/console/views/agents.js')).status, 200, 'one folder deep');
    for (const path of ['/console/../package.json', '/console/%2e%2e/%2e%2e/package.json', '/console/..%2f..%2fpackage.json', '/console/views/../../x.js',
      '/console/a/b/c.js', '/console/.hidden.js', '/console/missing.js', '/console/index.ts', '/console/views']) {
      assert.equal((await raw(path)).status, 404, path);
    }
    assert.equal((await raw('/console/', 'POST')).status, 405);
  });

  /** A request exactly as written (fetch would normalise dot-segments away). */
  function raw(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(h.url + '/', { method, path }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  async function openStream(headers: Record<string, string>) {
    const controller = new AbortController();
    const response = await fetch(`${h.url}/admin/events/stream`, { headers, signal: controller.signal });
    assert.equal(response.status, 200);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const frames: { id: string; event: string; data: any }[] = [];
    let buffer = '';
    const until = async (match: (event: any) => boolean, timeoutMs = 5_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = frames.find((f) => match(f.data));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching event; saw ${frames.length}`);
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
          if (fields['data'] !== undefined) frames.push({ id: fields['id'] ?? '', event: fields['event'] ?? '', data: JSON.parse(fields['data']) });
        }
      }
    };
    return { response, frames, until, close: () => controller.abort() };
  }
});

function pick(value: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, value?.[k]]));
}

describe('the tool view of a gateway no agent has used yet', () => {
  test('lists each configured server itself, so the view fills without any agent traffic', async () => {
    const h = await startHarness({
      configure(c) {
        c.mcp = mcpConfig([stdioServer('emr', EMR)], { lockfile: tempLockfile() });
      },
    });
    try {
      const view = async () => {
        const response = await fetch(`${h.url}/admin/tools`, { headers: { authorization: `Bearer ${h.adminKey}` } });
        return ((await response.json()) as { data: { server: string; name: string; status: string }[] }).data;
      };
      let tools = await view();
      for (let i = 0; i < 100 && tools.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        tools = await view();
      }
      assert.ok(tools.some((t) => t.server === 'emr' && t.name === 'lookup_claim' && t.status === 'quarantined'), JSON.stringify(tools));
      assert.equal(h.mcpRecords.length, 0, 'no agent request was needed (nor recorded as one)');
    } finally {
      await h.close();
    }
  });
});
