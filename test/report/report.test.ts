import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { stringify } from 'yaml';
import { DEMO_POLICY } from '../../src/config/demo-policy.ts';
import { loadConfig } from '../../src/config/load.ts';
import { coverUp, snapshotLedger } from '../../src/demo/ledger-check.ts';
import { DEMO_SCENARIOS } from '../../src/demo/scenarios/index.ts';
import { startDemo } from '../../src/demo/setup.ts';
import { openCheckpoint } from '../../src/ledger/checkpoint.ts';
import { openStore } from '../../src/ledger/index.ts';
import { leafHash, verifyInclusion } from '../../src/ledger/merkle.ts';
import { trustedVerifierKeys } from '../../src/ledger/secrets.ts';
import { buildReport, type Report } from '../../src/report/build.ts';
import { renderHtml } from '../../src/report/render-html.ts';

// A report built from the ledger the demo's scenarios write: every Annex A row, numbers equal
// to counts read straight from the SQLite file (not through the evidence code), proofs that
// verify against the signed checkpoint, JSON and HTML saying the same, and the page rendering
// in headless Chromium. A tampered copy of the ledger gets no report.

const run = promisify(execFile);
const MAIN = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
const CHROMIUM = '/usr/bin/chromium';

/** Records as stored, decoded without the report's code. */
function rawRecords(path: string): { idx: number; json: Record<string, unknown> }[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const rows = db.prepare('SELECT idx, bytes FROM records ORDER BY idx').all() as { idx: number; bytes: Uint8Array }[];
    return rows.map((row) => ({ idx: Number(row.idx), json: JSON.parse(Buffer.from(row.bytes).toString('utf8')) as Record<string, unknown> }));
  } finally {
    db.close();
  }
}

type RawDecision = { event: string; action: string; rules: string[]; approval?: { id: string; status: string }; untrustedArgs?: string[]; untrustedAction?: boolean };
const decisions = (r: { json: Record<string, unknown> }) => (r.json['decisions'] as RawDecision[] | undefined) ?? [];

describe('portcullis report from the demo ledger', () => {
  let out: string;
  let configFile: string;
  let ledgerPath: string;
  let report: Report;

  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'portcullis-report-'));
    const demo = await startDemo(out);
    try {
      await demo.runner.run(DEMO_SCENARIOS, demo.url, demo.keys);
      await demo.ledger.writer.flush();
    } finally {
      await demo.close();
    }
    ledgerPath = demo.ledgerPath;
    configFile = join(out, 'report.yaml');
    writeFileSync(configFile, stringify({
      version: 1,
      providers: [{ id: 'standin', kind: 'openai', baseUrl: 'http://127.0.0.1:1/v1', models: ['standin-*'] }],
      policy: DEMO_POLICY,
      ledger: { path: ledgerPath, keyDir: demo.ledger.config.keyDir, origin: demo.ledger.config.origin },
    }));
    const config = loadConfig(configFile);
    const store = await openStore(config.ledger!);
    try {
      report = await buildReport({ store, ledger: config.ledger!, config, framework: 'iso42001', toolRisk: { notes: ['not under test'] }, configFile });
    } finally {
      await store.close();
    }
  });

  after(() => {
    if (out !== undefined) rmSync(out, { recursive: true, force: true });
  });

  const evidence = (id: string) => {
    const found = report.evidence.find((e) => e.id === id);
    assert.ok(found, `evidence ${id}`);
    return found;
  };

  test('the statement of applicability has all 38 Annex A controls and the clauses', () => {
    assert.equal(report.applicability.length, 38);
    assert.equal(new Set(report.applicability.map((r) => r.id)).size, 38);
    assert.deepEqual(report.clauses.map((c) => c.id), ['6.1.2', '6.1.3', '8.1', '9.1', '10.2']);
    const logs = report.applicability.find((r) => r.id === 'A.6.2.8');
    assert.equal(logs?.evidenceKind, 'direct');
    assert.ok(report.notCovered.some((n) => n.id === 'A.5.2'), 'impact assessments are listed as not covered');
    // The demo policy tags three rules A.9.4: their decisions are linked to the row.
    const intended = report.applicability.find((r) => r.id === 'A.9.4');
    assert.deepEqual(intended?.rules.map((r) => r.rule).sort(), ['hipaa-no-bulk-phi-export', 'no-egress-after-injection', 'no-egress-after-phi']);
  });

  test('the numbers equal counts read straight from the ledger file', () => {
    const raw = rawRecords(ledgerPath);
    assert.ok(raw.length > 20, 'the demo wrote records');
    assert.equal(report.scope.records, raw.length, 'every record is under the final checkpoint');
    const ofType = (type: string) => raw.filter((r) => r.json['type'] === type);
    assert.equal(evidence('exchanges').total, ofType('llm.exchange').length);
    assert.deepEqual(evidence('exchanges').indices, ofType('llm.exchange').map((r) => r.idx));
    assert.equal(evidence('mcp-requests').total, ofType('mcp.request').length);
    assert.equal(evidence('admin-acts').total, ofType('admin.act').length + ofType('admin.erasure').length);
    const all = raw.flatMap((r) => decisions(r).map((d) => ({ ...d, idx: r.idx })));
    assert.equal(evidence('policy-decisions').total, all.length);
    const denies = all.filter((d) => d.action === 'deny');
    assert.ok(denies.length >= 5, 'the demo denies several calls');
    assert.equal(evidence('denials-by-rule').total, denies.length);
    assert.equal(evidence('denials-by-rule').breakdown.find((b) => b.label === 'hipaa-no-bulk-phi-export')?.count,
      denies.filter((d) => d.rules[0] === 'hipaa-no-bulk-phi-export').length);
    const calls = all.filter((d) => d.event === 'tool.call' || d.event === 'mcp.call');
    assert.equal(evidence('tool-calls').total, calls.length);
    assert.equal(evidence('tool-calls').breakdown.find((b) => b.label === 'held for approval')?.count, calls.filter((d) => d.action === 'approve').length);
    // The demo's statement with swapped bank details: a call whose payee only a tool result supplied.
    const untrusted = calls.filter((d) => (d.untrustedArgs?.length ?? 0) > 0).length;
    assert.ok(untrusted >= 1, 'the demo records a call with untrusted arguments');
    assert.equal(evidence('tool-calls').figures?.find((f) => f.label.startsWith('calls with a value only'))?.value, `${((100 * untrusted) / calls.length).toFixed(1)}% (${untrusted}/${calls.length})`);
    // The same statement asked for the transfer; the user had asked for something else (and the medical record for an upload).
    const unasked = calls.filter((d) => d.untrustedAction === true).length;
    assert.ok(unasked >= 1, 'the demo records a call whose action only a tool result asked for');
    assert.equal(evidence('tool-calls').figures?.find((f) => f.label.startsWith('calls whose action only'))?.value, `${((100 * unasked) / calls.length).toFixed(1)}% (${unasked}/${calls.length})`);
    const injected = raw.filter((r) => {
      const f = (r.json['findings'] ?? {}) as Record<string, number>;
      return (f['PROMPT_INJECTION'] ?? 0) > 0 || (f['INVISIBLE_TEXT'] ?? 0) > 0 || decisions(r).some((d) => d.action === 'neutralize');
    });
    assert.ok(injected.length > 0);
    assert.equal(evidence('injections').total, injected.length);
    // A secret of a system prompt the gateway took out of an answer (the demo's code word).
    const leaked = raw.filter((r) => ((r.json['responseFindings'] ?? {}) as Record<string, number>)['PROMPT_SECRET_LEAK'] ?? 0);
    assert.ok(leaked.length > 0);
    assert.equal(evidence('injections').figures?.find((f) => f.label.startsWith('answers that gave away a secret'))?.value, String(leaked.length));
    const ssn = raw.reduce((n, r) => n + ((r.json['findings'] as Record<string, number> | undefined)?.['US_SSN'] ?? 0), 0);
    assert.equal(evidence('sensitive-data').breakdown.find((b) => b.label === 'US_SSN')?.count, ssn);
    // What data protection did to them: the demo tokenizes SSNs toward its providers.
    const tokenizedSsn = raw.reduce((n, r) => n + ((r.json['protected'] as Record<string, Record<string, number>> | undefined)?.['US_SSN']?.['tokenize'] ?? 0), 0);
    assert.ok(tokenizedSsn > 0, 'the demo ledger records SSNs tokenized');
    assert.equal(evidence('redactions').breakdown.find((b) => b.label === 'US_SSN: tokenize')?.count, tokenizedSsn);
    const requested = new Set(all.filter((d) => d.approval?.status === 'pending').map((d) => d.approval!.id));
    const deniedByPerson = ofType('admin.act').filter((r) => r.json['action'] === 'approval.deny' && r.json['outcome'] === 'success');
    assert.equal(report.oversight.find((o) => o.label === 'approvals requested')?.value, requested.size);
    assert.equal(report.oversight.find((o) => o.label === 'denied by a person')?.value, deniedByPerson.length);
    assert.deepEqual(report.oversight.find((o) => o.label === 'denied by a person')?.indices, deniedByPerson.map((r) => r.idx));
    assert.equal(report.oversight.find((o) => o.label === 'kill switch events')?.value,
      ofType('admin.act').filter((r) => String(r.json['action']).startsWith('kill_switch.')).length);
  });

  test('the gateway\'s start keeps the policy it ran, and it hashes to the version every decision names', () => {
    const start = report.policyHistory.find((c) => c.type === 'gateway.start');
    assert.equal(start?.text, 'verified');
    const start0 = rawRecords(ledgerPath).find((r) => r.json['type'] === 'gateway.start');
    assert.ok(typeof (start0?.json['policy'] as { policy?: unknown } | undefined)?.policy === 'object', 'the record holds the rules themselves');
  });

  test('every sample\'s inclusion proof verifies against the signed checkpoint', () => {
    const config = loadConfig(configFile);
    const opened = openCheckpoint(report.attestation.checkpoint.note, trustedVerifierKeys(config.ledger!), config.ledger!.origin);
    assert.equal(opened.size, report.attestation.checkpoint.size);
    assert.equal(opened.rootHash.toString('base64'), report.attestation.checkpoint.rootHash);
    const samples = new Set(report.evidence.flatMap((e) => e.samples));
    assert.ok(samples.size >= 5);
    assert.deepEqual(report.proofs.map((p) => p.index).sort((a, b) => a - b), [...samples].sort((a, b) => a - b));
    for (const proof of report.proofs) {
      const bytes = Buffer.from(readRecordBytes(ledgerPath, proof.index));
      assert.equal(leafHash(bytes).toString('base64'), proof.leafHash);
      assert.ok(verifyInclusion(proof.index, opened.size, leafHash(bytes), proof.hashes.map((h) => Buffer.from(h, 'base64')), opened.rootHash),
        `record ${proof.index} is in the signed tree`);
    }
    assert.equal(report.attestation.verified, true);
  });

  test('the CLI\'s JSON and HTML say the same thing', async () => {
    const json = join(out, 'report.json');
    const html = join(out, 'report.html');
    for (const file of [json, html]) {
      const { stdout } = await run(process.execPath, ['--no-warnings', MAIN, 'report', '--framework', 'iso42001', '-c', configFile, '--out', file]);
      assert.match(stdout, /38 controls/);
    }
    const fromJson = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const page = readFileSync(html, 'utf8');
    assert.equal(fromJson.applicability.length, 38);
    for (const row of fromJson.applicability) assert.ok(page.includes(`data-control="${row.id}"`), row.id);
    for (const e of fromJson.evidence) {
      const section = new RegExp(`data-query="${e.id}"><h3>[^<]*: <span data-total>${e.total}</span>`);
      assert.match(page, section, `${e.id} shows ${e.total} in the HTML`);
    }
    assert.deepEqual(fromJson.evidence.map((e) => [e.id, e.total]), report.evidence.map((e) => [e.id, e.total]));
    assert.ok(page.includes(fromJson.attestation.checkpoint.rootHash));
    assert.doesNotMatch(page, /<script/i, 'no scripts');
  });

  test('the HTML renders in headless Chromium with every row visible', { skip: existsSync(CHROMIUM) ? false : `needs ${CHROMIUM}` }, async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
    try {
      const page = await browser.newPage();
      await page.setContent(renderHtml(report));
      assert.equal(await page.locator('[data-section="applicability"] td[data-control]').count(), 38);
      for (const id of ['A.2.2', 'A.6.2.8', 'A.10.4']) assert.ok(await page.locator(`td[data-control="${id}"]`).isVisible(), id);
      assert.ok(await page.locator('[data-verified="true"]').isVisible());
      assert.equal(await page.locator('[data-section="proofs"] td[data-proof]').count(), report.proofs.length);
      const total = await page.locator('[data-query="exchanges"] [data-total]').textContent();
      assert.equal(total, String(evidence('exchanges').total));
    } finally {
      await browser.close();
    }
  });

  test('PDF through headless Chromium', { skip: existsSync(CHROMIUM) ? false : `needs ${CHROMIUM}` }, async () => {
    const pdf = join(out, 'report.pdf');
    await run(process.execPath, ['--no-warnings', MAIN, 'report', '--framework', 'hipaa', '-c', configFile, '--format', 'pdf', '--out', pdf], { timeout: 90_000 });
    assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
  });

  test('a tampered ledger gets no report (exit 1), unless --allow-unverified stamps it', async () => {
    const copy = snapshotLedger(ledgerPath, join(out, 'tampered.sqlite'));
    const edited = coverUp(copy);
    assert.notEqual(edited, undefined, 'a denial was rewritten to allow');
    const config = loadConfig(configFile);
    const tamperedConfig = join(out, 'tampered.yaml');
    writeFileSync(tamperedConfig, stringify({
      version: 1, providers: [{ id: 'standin', kind: 'openai', baseUrl: 'http://127.0.0.1:1/v1', models: ['standin-*'] }],
      ledger: { path: copy, keyDir: config.ledger!.keyDir, origin: config.ledger!.origin },
    }));
    const outFile = join(out, 'tampered.html');
    const failed = await run(process.execPath, ['--no-warnings', MAIN, 'report', '--framework', 'pci', '-c', tamperedConfig, '--out', outFile])
      .then(() => assert.fail('report should refuse'), (error: { code: number; stderr: string }) => error);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, new RegExp(`does not verify.*FAILED at index ${edited}`));
    assert.equal(existsSync(outFile), false);
    await run(process.execPath, ['--no-warnings', MAIN, 'report', '--framework', 'pci', '-c', tamperedConfig, '--out', outFile, '--allow-unverified']);
    assert.match(readFileSync(outFile, 'utf8'), /UNVERIFIED LEDGER/);
  });
});

function readRecordBytes(path: string, index: number): Uint8Array {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return (db.prepare('SELECT bytes FROM records WHERE idx = ?').get(index) as { bytes: Uint8Array }).bytes;
  } finally {
    db.close();
  }
}
