/**
 * Anthropic's document and search_result blocks are read as retrieved documents (request.ts):
 * each text the model reads in one is a part, at the path an edit must splice, and blocks with
 * no text here (PDFs, URLs) give none.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMessagesRequest } from '../../src/protocols/anthropic-messages/request.ts';

const request = (content: unknown[]) => ({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content }] });
const read = (content: unknown[]) => decodeMessagesRequest(request(content)).parts.map((p) => ({ source: p.source, text: p.text, path: p.path.join('/') }));

test('document blocks: plain text, text blocks, title and context; search results; PDFs and URLs give nothing', () => {
  assert.deepEqual(read([
    { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Refunds within 30 days.' }, title: 'Refunds', context: 'From the help centre' },
    { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'First page.' }, { type: 'image', source: {} }, { type: 'text', text: 'Second page.' }] } },
    { type: 'search_result', source: 'https://help.example.com', title: 'Help', content: [{ type: 'text', text: 'Shipping takes 3 days.' }] },
    { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
    { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
    { type: 'text', text: 'Question?' },
  ]), [
    { source: 'retrieved_document', text: 'Refunds', path: 'messages/0/content/0/title' },
    { source: 'retrieved_document', text: 'From the help centre', path: 'messages/0/content/0/context' },
    { source: 'retrieved_document', text: 'Refunds within 30 days.', path: 'messages/0/content/0/source/data' },
    { source: 'retrieved_document', text: 'First page.', path: 'messages/0/content/1/source/content/0/text' },
    { source: 'retrieved_document', text: 'Second page.', path: 'messages/0/content/1/source/content/2/text' },
    { source: 'retrieved_document', text: 'Help', path: 'messages/0/content/2/title' },
    { source: 'retrieved_document', text: 'Shipping takes 3 days.', path: 'messages/0/content/2/content/0/text' },
    { source: 'user', text: 'Question?', path: 'messages/0/content/5/text' },
  ]);
});

test('search results a tool returns are part of its result', () => {
  const parts = decodeMessagesRequest(request([{ type: 'tool_result', tool_use_id: 't1', content: [
    { type: 'search_result', source: 'https://kb.example', title: 'KB', content: [{ type: 'text', text: 'Answer text.' }] },
    { type: 'text', text: 'Done.' },
  ] }])).parts;
  assert.deepEqual(parts.map((p) => [p.source, p.text, p.toolCallId, p.path.join('/')]), [
    ['tool_result', 'KB', 't1', 'messages/0/content/0/content/0/title'],
    ['tool_result', 'Answer text.', 't1', 'messages/0/content/0/content/0/content/0/text'],
    ['tool_result', 'Done.', 't1', 'messages/0/content/0/content/1/text'],
  ]);
});
