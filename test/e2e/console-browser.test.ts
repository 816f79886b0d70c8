import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { consoleLoginUrl } from '../../src/demo/console-login.ts';
import { DEMO_SCENARIOS } from '../../src/demo/scenarios/index.ts';
import { startDemo, type DemoSetup } from '../../src/demo/setup.ts';
import { newAgentKey } from '../../src/server/auth.ts';

// The operator console in a real browser: Debian's headless Chromium driven by playwright-core
// (which never downloads a browser of its own), against the demo's gateway with the demo's
// scenarios run through it by the official SDKs. Screenshots of each step are kept in
// test/artifacts/console/ (gitignored) for a person to look at.

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts', 'console');
const skip = existsSync(CHROMIUM) ? false : `needs Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`;
const TRANSFER = [{ type: 'function' as const, function: { name: 'transfer_funds', parameters: { type: 'object', properties: {} } } }];

// Generous timeouts: the whole suite shares a 2-core machine with this browser; a hang must
// still fail rather than stall CI.
describe('operator console in headless Chromium', { skip, timeout: 240_000 }, () => {
  let out: string;
  let demo: DemoSetup;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Script errors and CSP violations the page reported: there must be none. */
  const pageProblems: string[] = [];
  // A second person with read-only rights, signing in with a key rather than a link.
  const auditor = newAgentKey();
  let shot = 0;
  const screenshot = async (name: string) => {
    shot += 1;
    await page.screenshot({ path: join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  const view = async (id: string) => {
    await page.getByTestId(`nav-${id}`).click();
    await page.locator(`#view[data-view="${id}"]`).waitFor();
  };

  before(async () => {
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    out = mkdtempSync(join(tmpdir(), 'portcullis-console-'));
    demo = await startDemo(out, { configure: (config) => config.admins.push({ id: 'audit-desk', keyHash: auditor.keyHash, role: 'auditor' }) });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() === 404) pageProblems.push(`404: ${new URL(response.url()).pathname}`);
    });
    page.on('console', (message) => {
      // Failed loads are reported above with their path (401 is the signed-out answer, expected).
      if (message.type() === 'error' && !/^Failed to load resource/.test(message.text())) pageProblems.push(`console: ${message.text()}`);
    });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await demo?.close();
    if (out !== undefined) rmSync(out, { recursive: true, force: true });
  });

  test('a one-time link signs in once and leaves the address bar', async () => {
    const link = consoleLoginUrl(demo.gateway, demo.url);
    await page.goto(link);
    await page.getByTestId('whoami').getByText('demo-approver').waitFor();
    assert.equal(await page.getByTestId('role').textContent(), 'admin');
    assert.doesNotMatch(page.url(), /login=/, 'the token is removed from the address bar');
    await page.getByTestId('feed-state').getByText('Live').waitFor();
    await screenshot('signed-in');

    // The same link a second time (another browser profile): the token was spent.
    const other = await browser.newContext();
    try {
      const second = await other.newPage();
      await second.goto(link);
      await second.getByTestId('login').waitFor({ state: 'visible' });
      assert.match(await second.getByTestId('login-error').textContent() ?? '', /expired or was already used/);
    } finally {
      await other.close();
    }
  });

  test("the demo's scenarios run and their blocked calls appear live, without a reload", async () => {
    await view('activity');
    // A marker a reload would wipe: the rows must arrive over the event stream.
    await page.evaluate(() => { (globalThis as unknown as { marker: number }).marker = 42; });
    await demo.runner.run(DEMO_SCENARIOS, demo.url, demo.keys);
    const blocked = page.getByTestId('event-row').filter({ hasText: 'hipaa-no-bulk-phi-export' }).first();
    await blocked.waitFor();
    assert.equal(await blocked.getAttribute('data-action'), 'deny');
    assert.match(await blocked.textContent() ?? '', /healthcare-claims-agent-prod/);
    await page.getByTestId('event-row').filter({ hasText: 'no-egress-after-injection' }).first().waitFor();
    assert.equal(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker), 42, 'the page was not reloaded');
    assert.ok(Number(await page.getByTestId('count-deny').textContent()) >= 3, 'the deny counter follows the stream');
    await screenshot('activity-after-scenarios');

    // Event fields are attacker-influenced: a tool name made of markup is shown as text.
    const hostile = '<img src=x onerror="document.title=\'pwned\'">';
    const agent = new OpenAI({ apiKey: demo.keys.agents['demo-agent'], baseURL: `${demo.url}/v1`, maxRetries: 0 });
    await agent.chat.completions.create({
      model: 'standin-gpt', messages: [{ role: 'user', content: 'hello' }],
      tools: [{ type: 'function', function: { name: hostile, parameters: { type: 'object', properties: {} } } }],
    });
    await page.getByTestId('event-row').filter({ hasText: hostile }).first().waitFor();
    assert.equal(await page.locator('#view img').count(), 0);
    assert.notEqual(await page.title(), 'pwned');
  });

  test('a held transfer is approved in the console and the agent proceeds', async () => {
    const treasury = new OpenAI({ apiKey: demo.keys.agents['treasury-agent-prod'], baseURL: `${demo.url}/v1`, maxRetries: 0, timeout: 10_000 });
    const args = '{"amount": 7500, "payee": "northwind-freight"}';
    let held = 0;
    // The agent as such agents are written: while its call is held, it waits and asks again.
    const agent = (async () => {
      for (let attempt = 0; attempt < 120; attempt++) {
        const completion = await treasury.chat.completions.create({
          model: 'standin-gpt', tools: TRANSFER, messages: [{ role: 'user', content: `Pay invoice 912: transfer_funds ${args}` }],
        });
        const message = completion.choices[0]?.message;
        if (message?.tool_calls?.length) return message.tool_calls[0];
        if (!/pending approval apr_/.test(message?.content ?? '')) throw new Error(`the agent was refused: ${message?.content}`);
        held += 1;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error('the call was never approved');
    })();

    await view('approvals');
    const card = page.getByTestId('approval-card').filter({ hasText: 'northwind-freight' });
    await card.waitFor();
    assert.equal(await card.getByTestId('approval-tool').textContent(), 'transfer_funds');
    assert.match(await card.getByTestId('approval-args').textContent() ?? '', /"amount": 7500/);
    assert.equal(await card.getByTestId('approval-untrusted-args').count(), 0, 'the user gave this payee');
    // The demo's transfer to the bank details a statement named: the approver is told what to check.
    const fromStatement = page.getByTestId('approval-card').filter({ hasText: 'GB29NWBK60161331926819' });
    assert.equal(await fromStatement.getByTestId('approval-untrusted-args').textContent(), 'payee supplied by a tool result or document');
    assert.match(await fromStatement.getByTestId('approval-untrusted-action').textContent() ?? '', /^only a tool result or document/);
    assert.ok(held >= 1, 'the agent was held');
    await card.getByTestId('approval-note').fill('invoice 912 checked with the vendor');
    await screenshot('approval-pending');
    await card.getByTestId('approve').click();

    const call = await agent;
    assert.equal(call?.type === 'function' && call.function.name, 'transfer_funds');
    assert.deepEqual(call?.type === 'function' && JSON.parse(call.function.arguments), { amount: 7500, payee: 'northwind-freight' });
    await card.waitFor({ state: 'detached' });
    await page.getByTestId('decided-row').filter({ hasText: 'invoice 912 checked with the vendor' }).waitFor();
    await screenshot('approval-decided');

    await view('activity');
    const proceeded = page.getByTestId('event-row').filter({ hasText: 'transfer_funds' }).and(page.locator('[data-action="allow"]')).first();
    await proceeded.waitFor();
    await screenshot('activity-agent-proceeded');
  });

  test('the other views render for an admin: agents, tools, ledger, policy, decisions', async () => {
    await view('agents');
    await page.getByTestId('agent-row').filter({ hasText: 'healthcare-claims-agent-prod' }).waitFor();
    const claimsDenied = await page.getByTestId('agent-row').filter({ hasText: 'healthcare-claims-agent-prod' }).getByTestId('agent-denied').textContent();
    assert.ok(Number(claimsDenied) >= 1, 'the claims agent has denials');
    await screenshot('agents');

    await view('tools');
    // The demo's rug pull: lookup_claim changed after it was approved and is quarantined.
    const changed = page.getByTestId('tool-row').filter({ hasText: 'lookup_claim' });
    await changed.waitFor();
    assert.equal(await changed.getByTestId('tool-status').textContent(), 'changed');
    await screenshot('tools');
    // An admin who has reviewed the new definition approves it; the scan's findings are named
    // in the confirmation.
    await changed.getByTestId('tool-approve').click();
    await page.getByTestId('confirm-dialog').getByText('HIDDEN_INSTRUCTIONS').waitFor();
    await page.getByTestId('confirm-ok').click();
    await changed.getByTestId('tool-status').getByText('approved').waitFor();
    await screenshot('tools-approved');

    await view('ledger');
    await page.getByTestId('ledger-size').waitFor();
    await page.getByTestId('verify').click();
    assert.equal(await page.getByTestId('verify-badge').textContent(), 'verified');
    await screenshot('ledger-verified');

    await view('policy');
    await page.getByTestId('policy-version').getByText('sha256:').waitFor();
    await page.getByTestId('show-source').click();
    await page.getByTestId('policy-source').getByText('approve-large-transfer').waitFor();
    await screenshot('policy');

    await view('charts');
    await page.getByTestId('chart-svg').waitFor();
    assert.ok(await page.locator('[data-testid="chart-svg"] rect.fill-deny').count() >= 1, 'denials are drawn');
    await screenshot('decisions-chart');
  });

  test('the kill switch is engaged from the console with a reason, and the agent is refused', async () => {
    await view('agents');
    const row = page.getByTestId('agent-row').filter({ hasText: 'demo-agent' });
    await row.getByTestId('kill-agent').click();
    await page.getByTestId('confirm-reason').fill('incident 42: runaway loop');
    await screenshot('kill-switch-confirm');
    await page.getByTestId('confirm-ok').click();
    await row.getByTestId('kill-state').getByText('engaged').waitFor();
    const agent = new OpenAI({ apiKey: demo.keys.agents['demo-agent'], baseURL: `${demo.url}/v1`, maxRetries: 0, timeout: 10_000 });
    await assert.rejects(agent.chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: 'hello' }] }),
      (e) => e instanceof OpenAI.PermissionDeniedError && /incident 42/.test(e.message));
    await screenshot('kill-switch-engaged');
    await row.getByTestId('kill-agent').click();
    await page.getByTestId('confirm-reason').fill('loop fixed');
    await page.getByTestId('confirm-ok').click();
    await row.getByTestId('kill-state').getByText('released').waitFor();
    const reply = await agent.chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: 'hello' }] });
    assert.ok(reply.choices[0]?.message.content);
  });

  test('an auditor signs in with a key and sees no approve, deny or kill-switch controls', async () => {
    const other = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    try {
      const reader = await other.newPage();
      await reader.goto(`${demo.url}/console`);
      await reader.getByTestId('login').waitFor({ state: 'visible' });
      await reader.screenshot({ path: join(ARTIFACTS, `${String(++shot).padStart(2, '0')}-login.png`) });
      await reader.getByTestId('login-key').fill('pcs_not-an-admin-key');
      await reader.getByTestId('login-submit').click();
      await reader.getByTestId('login-error').getByText('not an admin key').waitFor();
      await reader.getByTestId('login-key').fill(auditor.key);
      await reader.getByTestId('login-submit').click();
      assert.equal(await reader.getByTestId('role').textContent(), 'auditor');
      await reader.getByTestId('event-row').first().waitFor();
      await reader.getByTestId('nav-agents').click();
      await reader.getByTestId('agent-row').first().waitFor();
      assert.equal(await reader.getByTestId('kill-agent').count(), 0);
      assert.equal(await reader.getByTestId('kill-global').count(), 0);
      // A call held now is visible to the auditor, without the buttons to decide it.
      const treasury = new OpenAI({ apiKey: demo.keys.agents['treasury-agent-prod'], baseURL: `${demo.url}/v1`, maxRetries: 0 });
      await treasury.chat.completions.create({ model: 'standin-gpt', tools: TRANSFER, messages: [{ role: 'user', content: 'transfer_funds {"amount": 6100, "payee": "harbor-supply"}' }] });
      await reader.getByTestId('nav-approvals').click();
      await reader.getByTestId('approval-card').filter({ hasText: 'harbor-supply' }).waitFor();
      assert.equal(await reader.getByTestId('approve').count(), 0);
      assert.equal(await reader.getByTestId('deny').count(), 0);
      await reader.screenshot({ path: join(ARTIFACTS, `${String(++shot).padStart(2, '0')}-auditor-approvals.png`), fullPage: true });
      // Signing out ends the session on the gateway, not only in this browser.
      const session = (await other.cookies()).find((c) => c.name === 'portcullis_console');
      assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
      const asBrowser = () => fetch(`${demo.url}/admin/whoami`, { headers: { cookie: `portcullis_console=${session.value}` } });
      assert.equal((await asBrowser()).status, 200);
      await reader.getByTestId('logout').click();
      await reader.getByTestId('login').waitFor({ state: 'visible' });
      assert.equal((await asBrowser()).status, 401);
    } finally {
      await other.close();
    }
  });

  test('an approver denies the held call with a reason, and the agent is refused with it', async () => {
    await view('approvals');
    const card = page.getByTestId('approval-card').filter({ hasText: 'harbor-supply' });
    await card.getByTestId('approval-note').fill('harbor-supply is not an approved vendor');
    await card.getByTestId('deny').click();
    await card.waitFor({ state: 'detached' });
    await page.getByTestId('decided-row').filter({ hasText: 'harbor-supply is not an approved vendor' }).waitFor();
    const treasury = new OpenAI({ apiKey: demo.keys.agents['treasury-agent-prod'], baseURL: `${demo.url}/v1`, maxRetries: 0 });
    const retry = await treasury.chat.completions.create({ model: 'standin-gpt', tools: TRANSFER, messages: [{ role: 'user', content: 'transfer_funds {"amount": 6100, "payee": "harbor-supply"}' }] });
    assert.equal(retry.choices[0]?.message.tool_calls, undefined);
    assert.match(retry.choices[0]?.message.content ?? '', /was denied by demo-approver/);
    await screenshot('approval-denied');
  });

  test('the page reported no script errors and no CSP violations', () => {
    assert.deepEqual(pageProblems, []);
  });
});

describe('`portcullis demo --keep-running` leaves the console open', { skip, timeout: 180_000 }, () => {
  test('prints the console link with a one-time login, serves it, and stops on Ctrl-C', async () => {
    const { spawn } = await import('node:child_process');
    const out = mkdtempSync(join(tmpdir(), 'portcullis-demo-console-'));
    const main = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
    const child = spawn(process.execPath, [main, 'demo', '--keep-running', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let browser: Browser | undefined;
    try {
      const link = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Operator console: (http:\/\/127\.0\.0\.1:\d+\/console\/#login=[A-Za-z0-9_-]{43})\n/.exec(output);
          if (match) resolve(match[1] as string);
        });
        child.on('exit', (code) => reject(new Error(`the demo exited (${code}) instead of staying up:\n${output}`)));
      });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
      const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
      await page.goto(link);
      // The scenarios ran before the link was printed: their events are there on arrival.
      await page.getByTestId('event-row').filter({ hasText: 'hipaa-no-bulk-phi-export' }).first().waitFor({ timeout: 30_000 });
      assert.equal(await page.getByTestId('role').textContent(), 'admin');
      await page.screenshot({ path: join(ARTIFACTS, 'demo-keep-running.png'), fullPage: true });
    } finally {
      await browser?.close();
      const exited = new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) resolve(child.exitCode);
        else child.on('exit', (code) => resolve(code));
      });
      child.kill('SIGINT');
      assert.equal(await exited, 0, output);
      rmSync(out, { recursive: true, force: true });
    }
    assert.match(output, /Stopping the demo gateway/);
  });
});
