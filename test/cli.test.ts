import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { hashAgentKey } from '../src/server/auth.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', 'bin', 'portcullis.js');

async function cli(args: string[], node = process.execPath, viaBin = true) {
  try {
    const env = { ...process.env, OPENAI_API_KEY: 'sk-test-openai', ANTHROPIC_API_KEY: 'sk-ant-test' };
    const { stdout, stderr } = await run(node, viaBin ? [BIN, ...args] : args, { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('portcullis CLI (built bin)', () => {
  it('keys new prints a key once and the hash that matches it', async () => {
    const { code, stdout } = await cli(['keys', 'new', 'claims-bot']);
    assert.equal(code, 0);
    const key = /\b(pcs_[A-Za-z0-9_-]{43})\b/.exec(stdout)?.[1];
    assert.ok(key, stdout);
    assert.ok(stdout.includes(`keyHash: ${hashAgentKey(key)}`));
  });

  it('config check names file, line and key of an error, and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-cli-'));
    const file = join(dir, 'portcullis.yaml');
    writeFileSync(file, 'version: 1\nproviders:\n  - id: openai\n    kind: openai\n    baseUrl: not-a-url\n    models: [gpt-4o]\n');
    const { code, stderr } = await cli(['config', 'check', '-c', file]);
    assert.equal(code, 2);
    assert.match(stderr, /portcullis\.yaml:5:\d+: providers\[0\]\.baseUrl/);
  });

  it('config check accepts the example configs', async () => {
    for (const example of ['examples/portcullis.yaml']) {
      const { code, stdout, stderr } = await cli(['config', 'check', '-c', join(import.meta.dirname, '..', example)]);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /OK/);
    }
  });

  it('refuses an old Node with a one-line explanation', async () => {
    // Pretend to be Node 20 (this machine's end-of-life system Node) before the bin runs.
    const pretend = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.20.2"});' +
      'Object.defineProperty(process,"version",{value:"v20.20.2"})';
    const { code, stderr } = await cli(['--import', pretend, BIN, '--help'], process.execPath, false);
    assert.equal(code, 1);
    assert.match(stderr, /^portcullis needs Node\.js >= 22\.13 \(this is v20\.20\.2\)/);
    assert.equal(stderr.trim().split('\n').length, 1);
  });
});

describe('portcullis start and demo (built bin)', () => {
  it('start serves /healthz on the configured port and stops cleanly on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const { newAgentKey } = await import('../src/server/auth.ts');
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-start-'));
    const file = join(dir, 'portcullis.yaml');
    writeFileSync(file, [
      'version: 1', 'server: { host: 127.0.0.1, port: 0 }',
      'providers: [{ id: p, kind: openai, baseUrl: "http://127.0.0.1:9/v1", apiKey: "${UPSTREAM_KEY}", models: [m] }]',
      `agents: [{ id: a, team: t, env: dev, keyHash: "${newAgentKey().keyHash}", models: [m] }]`, '',
    ].join('\n'));
    const child = spawn(process.execPath, [BIN, 'start', '-c', file], { env: { ...process.env, UPSTREAM_KEY: 'sk-secret-upstream' } });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"url":"(http:[^"]+)"/.exec(output);
        if (match) resolve(match[1] as string);
      });
      child.on('exit', () => reject(new Error(`exited early: ${output}`)));
    });
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.ok(!output.includes('sk-secret-upstream'), 'the provider key must not be logged');
  });

  it('`npm run demo` (the README command) runs the scripted agent through the gateway and prints the decisions', async () => {
    const out = mkdtempSync(join(tmpdir(), 'portcullis-demo-'));
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'demo', '--', '--out', out], { cwd: join(import.meta.dirname, '..') })
      .catch((error: { stdout: string; stderr: string }) => assert.fail(`npm run demo failed: ${error.stderr}`));
    assert.equal(stderr, '');
    assert.match(stdout, /chat completion, streamed \[standin-gpt\]\s+allow\s+200/);
    assert.match(stdout, /get_weather\(\{"city":"Lisbon"\}\)/);
    assert.match(stdout, /deny model-allowlist: model_not_allowed\s+403/);
    assert.match(stdout, /rejected: invalid_api_key\s+401/);
    // The policy scenario: a bulk export withheld from a stream, a session flow rule, an approval.
    assert.match(stdout, /healthcare-claims-agent-prod\s+bulk export to an outside address \(stream\) \[standin-claude\]\s+deny tool\.call query_emr_database\s+200/);
    assert.match(stdout, /tool\.call query_emr_database -> DENY by hipaa-no-bulk-phi-export: bulk or external export.*\n\s+policy sha256:[0-9a-f]{16}/);
    assert.match(stdout, /tool\.call send_email -> DENY by no-egress-after-phi/);
    assert.match(stdout, /transfer above 5,000 \[standin-gpt\]\s+approve tool\.call transfer_funds/);
    assert.match(stdout, /approver denies it \[-\]\s+approval\.deny/);
    assert.match(stdout, /tool\.call transfer_funds -> DENY by approval:apr_[0-9a-f]+: approval apr_[0-9a-f]+ was denied by demo-approver/);
    // Argument provenance: the payee only a statement named waits for a person.
    assert.match(stdout, /a statement names new bank details; the model pays them \[standin-gpt\]\s+approve tool\.call transfer_funds/);
    assert.match(stdout, /tool\.call transfer_funds -> APPROVE by approve-payee-from-tool-output, approve-action-only-a-tool-result-asked-for, approval:apr_[0-9a-f]+: the payee of this transfer was taken from a tool result/);
    // Prompt injection: the tool result neutralized and the session tainted, then the upload withheld.
    assert.match(stdout, /tool result with a buried injection \[standin-gpt\]\s+neutralize tool\.result get_medical_history \(\+untrusted_content\)/);
    assert.match(stdout, /the model read: \[Portcullis: the text between the <untrusted-[0-9a-f]{10}> markers came from a tool/);
    assert.match(stdout, /tool\.call http_post -> DENY by no-egress-after-injection/);
    assert.match(stdout, /agent got: Summary sent\. \[image removed by Portcullis: it would have sent data to records-backup\.example\.net\]/);
    assert.match(stdout, /carries the record \(streamed\) \[standin-gpt\]\s+allow; removed 1 EXFIL_LINK\s+200/);
    assert.match(stdout, /PII in a prompt: what the provider received \[standin-gpt\]\s+allow; tokenize PERSON, US_SSN, CREDIT_CARD\s+200/);
    // MCP: a claim lookup with PHI redacted, a bulk query and an export refused, a rug pull quarantined.
    assert.match(stdout, /claim lookup over MCP \[mcp:emr\]\s+allow mcp\.call lookup_claim \(\+phi_read\)\s+ok/);
    assert.match(stdout, /mcp\.call query_emr_database -> DENY by hipaa-no-bulk-phi-export/);
    assert.match(stdout, /mcp\.call export_records -> DENY by no-egress-after-phi/);
    assert.match(stdout, /mcp\.list -> REDACT by tool-pinning: quarantined until approved .*'lookup_claim' \(changed since it was approved/);
    assert.match(stdout, /claim lookup after the change \[mcp:emr\]\s+deny mcp\.call lookup_claim/);
    assert.match(stdout, /a tool offered with a poisoned description \[standin-gpt\]\s+deny policy: policy_denied\s+403/);
    // A request for what the system prompt withholds, under a claimed authority: refused as an injection.
    assert.match(stdout, /a caller asks for what the system prompt withholds \[standin-gpt\]\s+deny policy: policy_denied\s+403/);
    assert.match(stdout, /llm\.request -> DENY by block-direct-injection: the request carries a prompt injection/);
    // Its secret, given away by the model anyway, does not reach the agent.
    assert.match(stdout, /the model gives the code word away, spelled out \(streamed\) \[standin-gpt\]\s+allow; removed 1 PROMPT_SECRET_LEAK\s+200/);
    assert.match(stdout, /agent got: Of course: the code word is \[secret of the system prompt withheld by Portcullis\]\./);
    assert.match(stdout, /31 exchanges, median gateway overhead \d+\.\d{3} ms/);
    // Data protection: the provider saw placeholders; the agent got the values back, streamed too.
    assert.match(stdout, /provider saw: Patient <PERSON_1>, SSN <US_SSN_1>, paid with card <CREDIT_CARD_1>; summarise her claim\./);
    assert.match(stdout, /the same, streamed \(Anthropic\):\n\s+agent got: Stand-in reply to: Patient Maria Gonzalez, SSN 219-45-8812, paid with card 4539 1488 0343 6467/);
    // The ledger: verified, its signed checkpoint shown, and a cover-up caught at the edited index.
    // LLM exchanges, MCP requests (the client's own initialize and listings too) and the rug pull's inventory record.
    const records = Number(/Ledger: (\d+) records, \d+ signed checkpoints, verified/.exec(stdout)?.[1]);
    assert.ok(records > 30, stdout);
    assert.match(stdout, new RegExp(`portcullis\\.local/ledger\\n\\s+${records}\\n`));
    assert.match(stdout, /portcullis\.local\/ledger\n\s+\d+\n\s+[A-Za-z0-9+/]{43}=\n\s*\n\s+\u2014 portcullis\.local\/ledger /);
    const edited = /A cover-up: record (\d+) \(a denied call\)/.exec(stdout)?.[1];
    assert.ok(edited, stdout);
    assert.match(stdout, new RegExp(`FAILED at index ${edited}: record ${edited} does not match its stored leaf hash[^\\n]*\\n\\s+\\(exit code 1\\)`));
  });
});
