import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from '../../src/ledger/checkpoint.ts';
import { EMPTY_ROOT, leafHash } from '../../src/ledger/merkle.ts';
import { MAX_SIGNATURES, NoteError, generateKeys, openNote, parseSigner, parseVerifier, signNote } from '../../src/ledger/note.ts';

interface NoteVector {
  privateKey: string;
  verifierKey: string;
  text: string;
  signed: string;
}
const vector = (JSON.parse(readFileSync(join(import.meta.dirname, 'vectors', 'rfc6962-and-signed-note.json'), 'utf8')) as { signedNote: NoteVector })
  .signedNote;

function reason(r: NoteError['reason']) {
  return (error: unknown) => error instanceof NoteError && error.reason === r;
}

describe('signed notes: the Go reference example', () => {
  it('signing the text with the private key reproduces the signed note byte for byte', () => {
    const signer = parseSigner(vector.privateKey);
    assert.equal(signer.name, 'PeterNeumann');
    assert.equal(signer.keyHash, 0xc74f20a3);
    assert.equal(signer.verifierKey, vector.verifierKey);
    assert.equal(signNote(vector.text, [signer]), vector.signed);
    assert.ok(vector.signed.includes('\n\n\u2014 PeterNeumann '));
  });

  it('the verifier key opens it', () => {
    const opened = openNote(vector.signed, [vector.verifierKey]);
    assert.equal(opened.text, vector.text);
    assert.deepEqual(opened.verifiedBy, ['PeterNeumann']);
    assert.deepEqual(openNote(Buffer.from(vector.signed, 'utf8'), [parseVerifier(vector.verifierKey)]).verifiedBy, ['PeterNeumann']);
  });

  it('a changed text or signature is rejected', () => {
    const changedText = vector.signed.replace('cryptography', 'Cryptography');
    assert.throws(() => openNote(changedText, [vector.verifierKey]), reason('bad-signature'));
    const sigStart = vector.signed.lastIndexOf(' ') + 1 + 8; // past the base64 of the key ID
    const flipped = `${vector.signed.slice(0, sigStart)}${vector.signed[sigStart] === 'A' ? 'B' : 'A'}${vector.signed.slice(sigStart + 1)}`;
    assert.throws(() => openNote(flipped, [vector.verifierKey]), reason('bad-signature'));
  });
});

describe('signed notes: keys', () => {
  it('generated keys sign and verify, and carry their name and key hash', () => {
    const keys = generateKeys('example.com/ledger');
    assert.match(keys.privateKey, /^PRIVATE\+KEY\+example\.com\/ledger\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    assert.match(keys.verifierKey, /^example\.com\/ledger\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    const signer = parseSigner(`${keys.privateKey}\n`);
    assert.equal(signer.verifierKey, keys.verifierKey);
    assert.equal(parseVerifier(keys.verifierKey).keyHash, signer.keyHash);
    const note = signNote('hello\n', [signer]);
    assert.deepEqual(openNote(note, [keys.verifierKey]).verifiedBy, ['example.com/ledger']);
    assert.notEqual(generateKeys('example.com/ledger').privateKey, keys.privateKey);
  });

  it('rejects malformed or mislabelled key texts', () => {
    const [, , name, hash, key] = vector.privateKey.split('+') as string[];
    const vkey = vector.verifierKey.split('+').slice(2).join('+');
    const bad = [
      `PRIVATE+KEY+${name}+00000000+${key}`, // hash not of this key
      `PRIVATE+KEY+Other+${hash}+${key}`, // name not of this key
      `PRIVATE+KEY+${name}+${hash}`, // no key
      `PRIVATE+KEY+${name}+c74f20a+${key}`, // 7 hex digits
      `PRIVATE+KEY+${name}+${hash}+AgEK`, // unknown key type
      `KEY+${name}+${hash}+${key}`,
    ];
    for (const text of bad) assert.throws(() => parseSigner(text), reason('bad-key'), text);
    const badVerifiers = [
      `Peter+c74f20a3+${vkey}`,
      `PeterNeumann+c74f20a4+${vkey}`,
      `Peter Neumann+c74f20a3+${vkey}`,
      `PeterNeumann+c74f20a3+${vkey.slice(0, -4)}`,
      `PeterNeumann+c74f20a3+${vkey.replace('/', '_')}`, // url-safe base64
      'PeterNeumann+c74f20a3',
    ];
    for (const text of badVerifiers) assert.throws(() => parseVerifier(text), reason('bad-key'), text);
    assert.throws(() => generateKeys('has space'), reason('bad-key'));
    assert.throws(() => generateKeys('a+b'), reason('bad-key'));
    assert.throws(() => generateKeys(''), reason('bad-key'));
  });
});

describe('signed notes: format rules', () => {
  const alice = parseSigner(generateKeys('alice.example').privateKey);
  const bob = parseSigner(generateKeys('bob.example').privateKey);
  const known = [alice.verifierKey, bob.verifierKey];

  it('keeps blank lines inside the text and signs with several keys in order', () => {
    const text = 'first\n\nthird\n';
    const note = signNote(text, [alice, bob]);
    assert.match(note, /^first\n\nthird\n\n\u2014 alice\.example \S+\n\u2014 bob\.example \S+\n$/);
    const opened = openNote(note, known);
    assert.equal(opened.text, text);
    assert.deepEqual(opened.verifiedBy, ['alice.example', 'bob.example']);
    assert.deepEqual(openNote(note, [bob.verifierKey]).unverified, [{ name: 'alice.example', keyHash: alice.keyHash }]);
  });

  it('refuses to sign text that could not be opened', () => {
    assert.throws(() => signNote('no newline', [alice]), reason('malformed'));
    assert.throws(() => signNote('tab\there\n', [alice]), reason('malformed'));
    assert.throws(() => signNote('crlf\r\n', [alice]), reason('malformed'));
    assert.throws(() => signNote('ok\n', []), reason('malformed'));
    assert.throws(() => signNote('ok\n', [alice, alice]), /duplicate signer/);
  });

  it('rejects malformed notes', () => {
    const good = signNote('text\n', [alice]);
    const sigLine = good.slice('text\n\n'.length);
    const malformed = {
      'no blank line': `text\n${sigLine}`,
      'no final newline': good.slice(0, -1),
      'no signatures': 'text\n\n',
      'hyphen instead of em dash': good.replace('\u2014', '-'),
      'missing space after name': good.replace('alice.example ', 'alice.example'),
      'empty name': good.replace('alice.example', ''),
      'bad base64': good.replace(/ (\S+)\n$/, ' $1!\n'),
      'url-safe base64': `text\n\n\u2014 alice.example ${'_'.repeat(4)}\n`,
      'too short signature': 'text\n\n\u2014 alice.example AAAA\n',
      'control character': good.replace('text', 'te\u0007xt'),
      'carriage return': good.replace('text\n', 'text\r\n'),
      'trailing blank line': `${good}\n`,
      'lone surrogate': good.replace('text', 'te\ud800xt'),
    };
    for (const [what, note] of Object.entries(malformed)) {
      assert.throws(() => openNote(note, known), reason('malformed'), what);
    }
    assert.throws(() => openNote(Buffer.from([0x74, 0xff, 0x0a, 0x0a]), known), reason('malformed'), 'invalid UTF-8');
  });

  it('caps the number of signatures, and accepts at least 16', () => {
    const extra = (n: number) => Array.from({ length: n }, (_, i) => `\u2014 other${i}.example AAAAAAAA\n`).join('');
    const base = signNote('text\n', [alice]);
    assert.deepEqual(openNote(base + extra(15), known).verifiedBy, ['alice.example']);
    assert.throws(() => openNote(base + extra(MAX_SIGNATURES), known), /more than 100 signatures/);
  });

  it('ignores unknown keys, but needs one known key to verify', () => {
    const note = signNote('text\n', [alice]);
    assert.throws(() => openNote(note, [bob.verifierKey]), reason('unverified'));
    // Same name, other key (so another key hash): unknown, ignored, not a failure if another verifies.
    const impostor = parseSigner(generateKeys('bob.example').privateKey);
    const mixed = signNote('text\n', [alice, impostor]);
    assert.deepEqual(openNote(mixed, known).verifiedBy, ['alice.example']);
  });

  it('rejects the whole note when a known key signature is bad, even if another verifies', () => {
    const note = signNote('text\n', [alice, bob]);
    const lines = note.split('\n');
    const bobLine = lines[3] as string;
    const forged = signNote('other\n', [bob]).split('\n')[2] as string;
    assert.notEqual(bobLine, forged);
    const tampered = note.replace(bobLine, forged);
    assert.throws(() => openNote(tampered, known), reason('bad-signature'));
  });
});

describe('checkpoints', () => {
  const root = leafHash(Buffer.from('root'));
  const signer = parseSigner(generateKeys('example.com/log').privateKey);

  it('formats the body as origin, size, base64 root and extension lines', () => {
    const body = formatCheckpoint({ origin: 'example.com/log', size: 20852163, rootHash: root });
    assert.equal(body, `example.com/log\n20852163\n${root.toString('base64')}\n`);
    const withExt = formatCheckpoint({ origin: 'o', size: 0, rootHash: EMPTY_ROOT, extensions: ['ext one'] });
    assert.equal(withExt, `o\n0\n${EMPTY_ROOT.toString('base64')}\next one\n`);
    assert.deepEqual(parseCheckpoint(withExt), { origin: 'o', size: 0, rootHash: EMPTY_ROOT, extensions: ['ext one'] });
  });

  it('parses the spec example body', () => {
    const parsed = parseCheckpoint('example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n');
    assert.equal(parsed.origin, 'example.com/behind-the-sofa');
    assert.equal(parsed.size, 20852163);
    assert.equal(parsed.rootHash.toString('base64'), 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
  });

  it('rejects anything but the one canonical spelling', () => {
    const b64 = root.toString('base64');
    const bad = [
      `o\n1\n${b64}`, // no final newline
      `o\n1\n`, // no root line
      `\n1\n${b64}\n`, // empty origin
      `o\n01\n${b64}\n`, // leading zero
      `o\n+1\n${b64}\n`,
      `o\n1e3\n${b64}\n`,
      `o\n-1\n${b64}\n`,
      `o\n99999999999999999999\n${b64}\n`, // beyond 2^53
      `o\n1\n${b64.replace('=', '')}\n`, // unpadded
      `o\n1\n${Buffer.alloc(31).toString('base64')}\n`, // 31-byte root
      `o\n1\n${b64}\n\n`, // empty extension line
      `o\r\n1\n${b64}\n`,
    ];
    for (const body of bad) assert.throws(() => parseCheckpoint(body), /checkpoint/, JSON.stringify(body));
    assert.throws(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash: root }), /origin/);
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1.5, rootHash: root }), /size/);
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: Buffer.alloc(20) }), /32 bytes/);
    assert.throws(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: root, extensions: [''] }), /extension/);
  });

  it('signs and opens a checkpoint, checking the origin', () => {
    const note = signCheckpoint({ origin: 'example.com/log', size: 7, rootHash: root }, [signer]);
    const opened = openCheckpoint(note, [signer.verifierKey], 'example.com/log');
    assert.equal(opened.size, 7);
    assert.deepEqual(opened.rootHash, root);
    assert.deepEqual(opened.verifiedBy, ['example.com/log']);
    assert.throws(() => openCheckpoint(note, [signer.verifierKey], 'example.com/other'), /origin "example.com\/log", expected/);
    const notACheckpoint = signNote('just text\n', [signer]);
    assert.throws(() => openCheckpoint(notACheckpoint, [signer.verifierKey], 'just text'), /checkpoint/);
  });
});
