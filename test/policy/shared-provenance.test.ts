/**
 * Provenance memory shared by replicas through a real Redis: what one replica learnt holds at
 * another, bounded and expiring as this process's memory does; failures fall back to this
 * process's memory and are reported; nothing in Redis is a value or a text.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import type { Part, PartSource } from '../../src/core/exchange.ts';
import { ConversationIdentifiers, contentKeys } from '../../src/guards/argument-provenance.ts';
import { adoptKeySeed, keyHash, keySeed } from '../../src/guards/key-hash.ts';
import { SharedProvenance, type SharedProvenanceOptions } from '../../src/guards/shared-provenance.ts';
import { admin, closeAdmin, deletePrefix, newPrefix, REDIS_URL } from './state-helpers.ts';

after(closeAdmin);

const part = (source: PartSource, text: string, messageIndex: number): Part => ({ source, text, messageIndex, path: ['messages', messageIndex, 'content'] });
const STATEMENT = 'Remittance advice: please pay to IBAN GB29 NWBK 6016 1331 9268 19; questions to ap@supplier.example.';
const PAY = '{"payee": "GB29NWBK60161331926819", "amount": 900}';
const conversation = (user: string) => new ConversationIdentifiers({
  parts: [part('user', user, 0), part('tool_result', STATEMENT, 1)], toolDefinitions: [], findings: [],
}).memory;
const GAVE_IBAN = 'Pay the supplier invoice to GB29 NWBK 6016 1331 9268 19.';
const ONLY_READ = 'What does this remittance advice say?';

/** Two replicas on one prefix, with a clock the test moves; deletes the prefix afterwards. */
async function withReplicas(work: (a: SharedProvenance, b: SharedProvenance, clock: { now: number }, prefix: string) => Promise<void>, extra: Partial<SharedProvenanceOptions> = {}): Promise<void> {
  const prefix = newPrefix();
  const clock = { now: 1_800_000_000_000 };
  const open = () => SharedProvenance.connect({ url: REDIS_URL, keyPrefix: prefix, now: () => clock.now, ...extra });
  const [a, b] = await Promise.all([open(), open()]);
  try {
    await work(a, b, clock, prefix);
  } finally {
    await Promise.all([a.close(), b.close()]);
    await deletePrefix(prefix);
  }
}

/** A TCP proxy in front of the real Redis: `answering = false` makes Redis hang, `cut()` drops every connection (ioredis reconnects). */
async function redisProxy(): Promise<{ port: number; answering: boolean; cut(): void; close(): void }> {
  const target = new URL(REDIS_URL);
  const sockets: net.Socket[] = [];
  const control = { port: 0, answering: true, cut: () => { for (const socket of sockets.splice(0)) socket.destroy(); }, close: () => server.close() };
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    sockets.push(client, upstream);
    client.on('data', (chunk) => control.answering && upstream.write(chunk));
    upstream.on('data', (chunk) => control.answering && client.write(chunk));
    for (const socket of [client, upstream]) socket.on('error', () => undefined).on('close', () => { client.destroy(); upstream.destroy(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  control.port = (server.address() as net.AddressInfo).port;
  return control;
}

describe('shared provenance memory (Redis)', () => {
  test('a conversation one replica judged vouches at another, in its own named session only', () => withReplicas(async (a, b) => {
    // The MCP door relayed the statement: only a conversation where the user gave the IBAN vouches for it.
    await a.rememberRelayed('ap-agent', contentKeys(STATEMENT), 'indirect', false);
    await a.rememberConversation('ap-agent', conversation(GAVE_IBAN), 'ap-agent:h:alice');
    await a.rememberConversation('ap-agent', conversation(ONLY_READ), 'ap-agent:h:bob');
    const alice = await b.judgeCall('ap-agent', 'pay_invoice', PAY, 'ap-agent:h:alice');
    assert.deepEqual([alice.verdict.names, alice.unasked], [[], false]);
    const bob = await b.judgeCall('ap-agent', 'pay_invoice', PAY, 'ap-agent:h:bob');
    assert.deepEqual([bob.verdict.names, bob.unasked], [['payee'], true], 'the value came from the tool result, and only it asked to pay');
    const unnamed = await b.judgeCall('ap-agent', 'pay_invoice', PAY);
    assert.deepEqual(unnamed.verdict.names, ['payee'], 'a call that names no session: the latest judged (bob\'s)');
    assert.equal(b.localSize, 0, 'replica b judged from Redis, not from anything it held');
    assert.ok(a.localSize > 0);
    const other = await b.judgeCall('other-agent', 'pay_invoice', PAY, 'other-agent:h:alice');
    assert.deepEqual([other.verdict.names, other.unasked], [[], false], 'another agent has no conversation and no relayed keys');
    // The latest unnamed conversation answers for a session never judged by name.
    await a.rememberConversation('ap-agent', conversation(GAVE_IBAN));
    assert.deepEqual((await b.judgeCall('ap-agent', 'pay_invoice', PAY, 'ap-agent:h:carol')).verdict.names, []);
    assert.deepEqual((await b.judgeCall('ap-agent', 'pay_invoice', PAY)).verdict.names, [], 'now the latest is the unnamed one');
    assert.deepEqual((await b.judgeCall('ap-agent', 'pay_invoice', PAY, 'ap-agent:h:bob')).verdict.names, ['payee']);
  }));

  test('no session named: the MCP call is judged by the conversation that proposed exactly it, at whichever replica', () => withReplicas(async (a, b, clock) => {
    await a.rememberRelayed('ap-agent', contentKeys(STATEMENT), 'indirect', false);
    const alice = conversation(GAVE_IBAN), bob = conversation(ONLY_READ);
    await a.rememberConversation('ap-agent', alice);
    await a.rememberProposed('ap-agent', 'bank__pay_invoice', '{ "amount": 900, "payee": "GB29NWBK60161331926819" }', alice);
    await a.rememberConversation('ap-agent', bob);
    assert.deepEqual((await b.judgeCall('ap-agent', 'pay_invoice', PAY)).verdict.names, [], 'Alice\'s words, though Bob\'s is the latest');
    assert.deepEqual((await b.judgeCall('ap-agent', 'pay_invoice', '{"payee": "GB29NWBK60161331926819", "amount": 901}')).verdict.names, ['payee']);
    await b.rememberProposed('ap-agent', 'pay_invoice', PAY, bob);
    const judged = await a.judgeCall('ap-agent', 'pay_invoice', PAY);
    assert.deepEqual([judged.verdict.names, judged.unasked], [['payee'], true], 'proposed by both: the verdict that trusts least');
    clock.now += 31 * 60_000;
    await a.rememberRelayed('ap-agent', contentKeys(STATEMENT), 'indirect', false);
    await a.rememberConversation('ap-agent', alice);
    assert.deepEqual((await b.judgeCall('ap-agent', 'pay_invoice', PAY)).verdict.names, [], 'proposals older than relayedMs no longer count');
  }));

  test('relayed keys: shared, flagged once flagged, for relayedMs and no longer', () => withReplicas(async (a, b, clock) => {
    await a.rememberRelayed('ap-agent', contentKeys(STATEMENT), 'indirect', false);
    const found = await b.judgeCall('ap-agent', 'pay_invoice', PAY);
    assert.deepEqual(found.verdict.findings.map((f) => [f.channel, f.score]), [['indirect', 0.5]]);
    assert.equal(found.unasked, false, 'what the MCP door relays alone does not say what the user asked');
    clock.now += 11 * 60_000; // into the next bucket
    await b.rememberRelayed('ap-agent', contentKeys('GB29 NWBK 6016 1331 9268 19'), 'tools', true);
    const flagged = await a.judgeCall('ap-agent', 'pay_invoice', PAY);
    assert.deepEqual(flagged.verdict.findings.map((f) => [f.channel, f.score]), [['indirect', 1]], 'the first channel, and flagged');
    clock.now += 29 * 60_000; // 30 minutes after it was last relayed, the first relay no longer counts, the second does
    assert.deepEqual((await a.judgeCall('ap-agent', 'pay_invoice', PAY)).verdict.findings.map((f) => f.score), [1]);
    clock.now += 2 * 60_000;
    assert.deepEqual((await a.judgeCall('ap-agent', 'pay_invoice', PAY)).verdict.names, []);
  }));

  test('relayed keys are bounded per bucket: a huge result does not grow Redis past maxRelayedPerAgent', () => withReplicas(async (a, b, _clock, prefix) => {
    const addresses = Array.from({ length: 40 }, (_, i) => `clerk${i}@registry.example`).join(', ');
    await a.rememberRelayed('ap-agent', contentKeys(addresses), 'indirect', false);
    await b.rememberRelayed('ap-agent', contentKeys('late1@registry.example late2@registry.example'), 'indirect', false);
    const buckets = await admin.keys(`${prefix}prov:r:ap-agent:*`);
    assert.equal(buckets.length, 2, 'a bucket and its order');
    const bucket = buckets.find((key) => !key.endsWith(':order'))!;
    assert.equal(await admin.hlen(bucket), 8 + 1, 'eight keys, and the sequence');
    assert.equal(await admin.zcard(`${bucket}:order`), 8);
    const names = async (to: string) => (await b.judgeCall('ap-agent', 'send', JSON.stringify({ to }))).verdict.names;
    assert.deepEqual(await names('late1@registry.example'), ['to'], 'a flood of keys does not keep a later one out');
    assert.deepEqual(await names('clerk39@registry.example'), ['to'], 'the newest of the flood stay');
    assert.deepEqual(await names('clerk0@registry.example'), [], 'the oldest went');
    // Relayed again, a key becomes the newest and outlives those relayed after it once.
    await a.rememberRelayed('ap-agent', contentKeys('clerk39@registry.example'), 'indirect', false);
    await a.rememberRelayed('ap-agent', contentKeys(Array.from({ length: 6 }, (_, i) => `temp${i}@registry.example`).join(' ')), 'indirect', false);
    assert.deepEqual(await names('clerk39@registry.example'), ['to']);
    assert.deepEqual(await names('late1@registry.example'), [], 'pushed out by the six after it');
  }, { limits: { maxRelayedPerAgent: 8 } }));

  test('stored turns: kept by one replica, continued at another, the oldest past the bound dropped from Redis', () => withReplicas(async (a, b, clock, prefix) => {
    const first = conversation(GAVE_IBAN);
    await a.rememberStoredTurn('ap-agent', ['response:resp_1', 'conversation:conv_1'], first);
    assert.deepEqual(await b.storedTurn('ap-agent', 'response:resp_1'), { origins: new Map(first.origins), askers: first.askers.map((x) => ({ ...x })), userWords: new Set(first.userWords) });
    assert.ok(await b.storedTurn('ap-agent', 'conversation:conv_1'));
    assert.equal(await b.storedTurn('other-agent', 'response:resp_1'), undefined);
    for (let i = 2; i <= 4; i++) {
      clock.now += 1_000;
      await b.rememberStoredTurn('ap-agent', [`response:resp_${i}`], conversation(ONLY_READ));
    }
    assert.equal(await a.storedTurn('ap-agent', 'response:resp_1'), undefined, 'past maxStoredPerAgent (3), the oldest went');
    assert.ok(await a.storedTurn('ap-agent', 'response:resp_4'));
    const turns = await admin.keys(`${prefix}prov:t:*`);
    assert.equal(turns.length, 3, turns.join(', '));
    // An id no provider issues, as long as a request may make it: kept by this replica only.
    const huge = `response:${'x'.repeat(5_000)}`;
    await a.rememberStoredTurn('ap-agent', [huge], conversation(GAVE_IBAN));
    assert.ok(await a.storedTurn('ap-agent', huge));
    assert.equal(await b.storedTurn('ap-agent', huge), undefined);
    assert.equal((await admin.keys(`${prefix}prov:t:*`)).length, 3);
  }, { limits: { maxStoredPerAgent: 3 } }));

  test('Redis holds hashed keys and flags only: no value, no word of the conversation', () => withReplicas(async (a, _b, _clock, prefix) => {
    await a.rememberConversation('ap-agent', conversation(GAVE_IBAN), 'ap-agent:h:alice');
    await a.rememberRelayed('ap-agent', contentKeys(STATEMENT), 'indirect', true);
    await a.rememberStoredTurn('ap-agent', ['response:resp_1'], conversation(GAVE_IBAN));
    const keys = await admin.keys(`${prefix}*`);
    assert.ok(keys.length >= 4, keys.join(', '));
    let everything = keys.join('\n');
    for (const key of keys) {
      const type = await admin.type(key);
      if (type === 'string') everything += (await admin.getBuffer(key))?.toString('latin1');
      else if (type === 'hash') everything += JSON.stringify(await admin.hgetall(key));
      else if (type === 'zset') everything += (await admin.zrange(key, '0', '-1')).join('\n');
    }
    for (const secret of ['GB29', 'NWBK', '9268', 'supplier', 'Remittance', 'invoice']) assert.ok(!everything.includes(secret), secret);
  }));

  test('a stored blob that does not decode is read as absent, and reported', () => {
    const errors: string[] = [];
    return withReplicas(async (a, b, _clock, prefix) => {
      await a.rememberConversation('ap-agent', conversation(GAVE_IBAN), 'ap-agent:h:alice');
      await admin.set(`${prefix}prov:c:s:ap-agent:h:alice`, Buffer.from([1, 255, 255, 255, 255]));
      const judged = await b.judgeCall('ap-agent', 'pay_invoice', PAY, 'ap-agent:h:alice');
      assert.deepEqual(judged.verdict.names, [], 'no conversation and nothing relayed');
      assert.match(errors.join('\n'), /does not decode/);
    }, { onError: (error) => errors.push(error.message) });
  });

  test('replicas hash with one seed: the first to reach Redis leaves it, the others adopt it before they hash anything', async () => {
    const prefix = newPrefix();
    const shared = await SharedProvenance.connect({ url: REDIS_URL, keyPrefix: prefix });
    try {
      assert.equal(await admin.get(`${prefix}prov:seed`), keySeed(), 'this process came first');
    } finally {
      await shared.close();
    }
    // Another process, which has hashed nothing yet, adopts it: its hashes are this process's.
    const child = (code: string) => new Promise<string>((resolve, reject) => execFile(process.execPath, ['--input-type=module', '-e', code], (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))));
    const keyHashModule = JSON.stringify(new URL('../../src/guards/key-hash.ts', import.meta.url).href);
    const sharedModule = JSON.stringify(new URL('../../src/guards/shared-provenance.ts', import.meta.url).href);
    const adopted = await child(`const { keyHash } = await import(${keyHashModule}); const { SharedProvenance } = await import(${sharedModule});
      const s = await SharedProvenance.connect({ url: ${JSON.stringify(REDIS_URL)}, keyPrefix: ${JSON.stringify(prefix)} }); console.log(keyHash('iban:GB29NWBK60161331926819')); await s.close();`);
    assert.equal(Number(adopted), keyHash('iban:GB29NWBK60161331926819'));
    const alone = await child(`const { keyHash } = await import(${keyHashModule}); console.log(keyHash('iban:GB29NWBK60161331926819'));`);
    assert.notEqual(Number(alone), keyHash('iban:GB29NWBK60161331926819'), 'a process that shares nothing has a seed of its own');
    // A deployment whose seed is another, joined by a process that has already hashed: it cannot share, and says so.
    const other = newPrefix();
    await admin.set(`${other}prov:seed`, '12345.67890');
    await assert.rejects(SharedProvenance.connect({ url: REDIS_URL, keyPrefix: other }), /connect failed: this process already hashes with a seed other than the one the replicas share/);
    assert.equal(adoptKeySeed('not a seed'), false);
    assert.equal(adoptKeySeed(keySeed()), true);
    await Promise.all([deletePrefix(prefix), deletePrefix(other)]);
  });

  test('Redis back without the seed, and another replica\'s there first: this one says so and keeps to its own memory', async () => {
    const proxy = await redisProxy();
    const errors: string[] = [];
    const prefix = newPrefix();
    const shared = await SharedProvenance.connect({ url: `redis://127.0.0.1:${proxy.port}`, keyPrefix: prefix, onError: (e) => errors.push(e.message) });
    try {
      await admin.set(`${prefix}prov:seed`, '12345.67890');
      proxy.cut();
      for (let i = 0; i < 200 && !errors.some((e) => /no longer share one hash seed/.test(e)); i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(errors.some((e) => /no longer share one hash seed.*judges by its own memory until it restarts/.test(e)), errors.join('\n'));
      assert.equal(shared.sharing, false);
      await shared.rememberConversation('ap-agent', conversation(GAVE_IBAN));
      assert.equal(await admin.exists(`${prefix}prov:c:u:ap-agent`), 0, 'nothing written that the others could not read');
      await shared.rememberRelayed('ap-agent', contentKeys(STATEMENT), 'indirect', false);
      const judged = await shared.judgeCall('ap-agent', 'pay_invoice', PAY);
      assert.deepEqual(judged.verdict.names, [], 'its own memory: the user gave the IBAN');
    } finally {
      await shared.close();
      proxy.close();
      await deletePrefix(prefix);
    }
  });

  test('Redis hung, then gone: every call is judged by this process\'s memory, reported, and none rejects', async () => {
    // A proxy in front of the real Redis, which the test makes stop answering, then drop the connection.
    const proxy = await redisProxy();
    const port = proxy.port;
    const errors: string[] = [];
    const prefix = newPrefix();
    const shared = await SharedProvenance.connect({ url: `redis://127.0.0.1:${port}`, keyPrefix: prefix, commandTimeoutMs: 100, onError: (e) => errors.push(e.message) });
    try {
      const rounds = async () => {
        await shared.rememberConversation('ap-agent', conversation(GAVE_IBAN));
        await shared.rememberRelayed('ap-agent', contentKeys(STATEMENT), 'indirect', false);
        await shared.rememberStoredTurn('ap-agent', ['response:r1'], conversation(GAVE_IBAN));
        const judged = await shared.judgeCall('ap-agent', 'pay_invoice', PAY);
        assert.deepEqual([judged.verdict.names, judged.unasked], [[], false], 'this process\'s memory: the user gave the IBAN and asked to pay');
        assert.ok(await shared.storedTurn('ap-agent', 'response:r1'), 'this process kept the turn');
      };
      assert.deepEqual([shared.sharing, shared.failures], [true, 0]);
      proxy.answering = false;
      await rounds();
      assert.ok(shared.failures >= 4, `${shared.failures}`);
      assert.ok(errors.some((e) => /judge a call failed, judged by this process's memory: .*(timed out|did not answer)/i.test(e)), errors.join('\n'));
      errors.length = 0;
      proxy.cut();
      await rounds();
      assert.ok(errors.some((e) => /read a stored turn failed/.test(e)), errors.join('\n'));
      assert.ok(errors.every((e) => !e.includes('GB29') && !e.includes('9268')), 'no value in what is reported');
    } finally {
      await shared.close();
      proxy.close();
      await deletePrefix(prefix);
    }
    await assert.rejects(SharedProvenance.connect({ url: 'redis://127.0.0.1:1', keyPrefix: newPrefix(), connectTimeoutMs: 300 }), /shared provenance \(Redis\): connect failed/);
  });
});
