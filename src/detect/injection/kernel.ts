/**
 * The feature pass (features.ts, scan()) as WebAssembly: the same two loops, instruction for
 * instruction. V8 compiles the JavaScript loops to several nanoseconds a character on this
 * project's machines (a bounds and type check on every typed-array read, values kept in memory
 * for want of registers), the WebAssembly ones to about a third of that, and they run on every
 * message and every tool result. The module is assembled here from its opcodes, with the
 * JavaScript each part stands for beside it, so there is no binary file and nothing is fetched;
 * features.ts keeps the JavaScript as the reference (the training script runs it, to record
 * every feature), and test/detect/injection-kernel.test.ts checks that both give the same
 * features on every data set.
 *
 * Memory: the unit table (INFO, Uint32 per UTF-16 unit), the int8 weights, the two "seen"
 * tables of the repeat rule, the anchor filter, then per text: its UTF-16 units (written by
 * Buffer#write), the prefix sums, the word features by position, the tokens and sentence ends.
 */

const PAGE = 65536;
const INFO_AT = 0;
/** Fixed regions (byte offsets): the unit table (2^16 Uint32), the 2^bits int8 weights, the two seen tables (2^16 Int32 each), the anchor filter (2^16 bytes), the header; the per-text regions start at `fixed`. */
type Layout = ReturnType<typeof layout>;
function layout(bits: number) {
  const weights = INFO_AT + (4 << 16), gramSeen = weights + (1 << bits), wordSeen = gramSeen + (4 << 16), anchors = wordSeen + (4 << 16), header = anchors + PAGE;
  return { weights, gramSeen, wordSeen, anchors, header, fixed: header + 64 };
}

// ---- A small assembler: each helper returns the bytes of one expression or statement. ----
type Code = number[];
function uleb(n: number): number[] {
  const out: number[] = [];
  do { let b = n & 0x7f; n >>>= 7; if (n !== 0) b |= 0x80; out.push(b); } while (n !== 0);
  return out;
}
function sleb(n: number): number[] {
  n |= 0;
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}
const PARAMS = ['text', 'n', 'base', 'saltChar', 'saltUnigram', 'saltBigram', 'saltFirst', 'saltFirst2', 'twin', 'cum', 'tokenStart', 'tokenEnd', 'tokenHash', 'tokenStem', 'candidate', 'sentenceEnd'] as const;
const LOCALS = ['i', 'c', 'x', 'wordStart', 'wordH', 'stem', 'wordBits', 'prevWord', 'firstWord', 'sentenceWords', 'tokens', 'candidates', 'ends', 'flags', 'runStart', 'groups', 'lastGroupEnd', 'h', 'b', 'key', 'at', 'p', 'length', 'gram', 'lastSpace', 'sum', 'total', 't', 'wordAll', 'ptr', 'end', 'cumPtr'] as const;
type Name = (typeof PARAMS)[number] | (typeof LOCALS)[number];
const INDEX = new Map<string, number>([...PARAMS, ...LOCALS].map((name, i) => [name, i]));
const idx = (name: Name) => uleb(INDEX.get(name) as number);
const get = (name: Name): Code => [0x20, ...idx(name)];
const set = (name: Name, value: Code): Code => [...value, 0x21, ...idx(name)];
const k = (v: number): Code => [0x41, ...sleb(v)];
const op = (code: number) => (a: Code, b: Code): Code => [...a, ...b, code];
const add = op(0x6a), sub = op(0x6b), mul = op(0x6c), and = op(0x71), or = op(0x72), xor = op(0x73), shl = op(0x74), shrU = op(0x76);
const eq = op(0x46), ne = op(0x47), ltS = op(0x48), gtS = op(0x4a), leU = op(0x4d), geS = op(0x4e);
const eqz = (a: Code): Code => [...a, 0x45];
const select = (whenTrue: Code, whenFalse: Code, cond: Code): Code => [...whenTrue, ...whenFalse, ...cond, 0x1b];
const load32 = (address: Code, offset = 0): Code => [...address, 0x28, 2, ...uleb(offset)];
const load16 = (address: Code, offset = 0): Code => [...address, 0x2f, 1, ...uleb(offset)];
const load8u = (address: Code, offset = 0): Code => [...address, 0x2d, 0, ...uleb(offset)];
const load8s = (address: Code, offset = 0): Code => [...address, 0x2c, 0, ...uleb(offset)];
const store32 = (address: Code, value: Code, offset = 0): Code => [...address, ...value, 0x36, 2, ...uleb(offset)];
const block = (...body: Code[]): Code => [0x02, 0x40, ...body.flat(), 0x0b];
const loop = (...body: Code[]): Code => [0x03, 0x40, ...body.flat(), 0x0b];
const when = (cond: Code, ...body: Code[]): Code => [...cond, 0x04, 0x40, ...body.flat(), 0x0b];
const ifElse = (cond: Code, then: Code[], otherwise: Code[]): Code => [...cond, 0x04, 0x40, ...then.flat(), 0x05, ...otherwise.flat(), 0x0b];
const br = (depth: number): Code => [0x0c, depth];
const brIf = (depth: number, cond: Code): Code => [...cond, 0x0d, depth];
const inc = (name: Name, by = 1): Code => set(name, add(get(name), k(by)));
/** Element i of an Int32Array at byte address `at`. */
const int32At = (array: Name, i: Code): Code => add(get(array), shl(i, k(2)));
const infoOf = (unit: Code): Code => load32(shl(unit, k(2)), INFO_AT);

export interface KernelBits {
  readonly WORD: number; readonly SPACE: number; readonly B64: number; readonly HEX: number; readonly LETTER: number; readonly LEET: number;
  readonly RARE: number; readonly STOP: number; readonly BREAK: number; readonly ESCAPE: number;
  readonly SEED: number; readonly FNV: number; readonly GOLDEN: number; readonly BITS: number; readonly REPEAT: number;
  /** Scan flags. */
  readonly SEGMENT: number; readonly LEETSPEAK: number;
}

function program(z: KernelBits, regions: Layout): Code {
  const { weights: WEIGHTS_AT, gramSeen: GRAM_SEEN_AT, wordSeen: WORD_SEEN_AT, anchors: ANCHORS_AT, header: HEADER_AT } = regions;
  const bucket = (h: Code): Code => shrU(mul(h, k(z.GOLDEN)), k(32 - z.BITS));
  const step = (h: Code, c: Code): Code => mul(xor(h, c), k(z.FNV));
  const has = (bits: number): Code => ne(and(get('x'), k(bits)), k(0));
  // h = hash ^ salt, b = bucket(h);
  // if (at - seen[key] > REPEAT) { seen[key] = at; sum += w[b]; total++; if (twin) { sum += w[bucket(h ^ twin)]; total++ } }
  // (key = b & 0xffff, as a byte offset)
  const emit = (hash: Code, salt: Name, seenAt: number): Code => [
    ...set('h', xor(hash, get(salt))), ...set('b', bucket(get('h'))),
    ...set('key', shl(and(get('b'), k(0xffff)), k(2))),
    ...when(gtS(sub(get('at'), load32(get('key'), seenAt)), k(z.REPEAT)),
      store32(get('key'), get('at'), seenAt),
      set('sum', add(get('sum'), load8s(get('b'), WEIGHTS_AT))),
      inc('total'),
      when(get('twin'),
        set('sum', add(get('sum'), load8s(bucket(xor(get('h'), get('twin'))), WEIGHTS_AT))),
        inc('total'))),
  ];
  const flag = (bits: number): Code => set('flags', or(get('flags'), k(bits)));

  const closeWord: Code[] = [
    // const length = i - wordStart, p = i - 1, at = base + p
    set('length', sub(get('i'), get('wordStart'))), set('p', sub(get('i'), k(1))), set('at', add(get('base'), get('p'))),
    // the token: start, end, hash, stem (0 for words under 5 units)
    store32(int32At('tokenStart', get('tokens')), get('wordStart')),
    store32(int32At('tokenEnd', get('tokens')), get('i')),
    store32(int32At('tokenHash', get('tokens')), get('wordH')),
    store32(int32At('tokenStem', get('tokens')), select(get('stem'), k(0), geS(get('length'), k(5)))),
    // if (anchors[wordH & 0xffff] + (length >= 5 ? anchors[stem & 0xffff] : 0) !== 0) candidateTokens[candidates++] = tokens
    when(add(load8u(and(get('wordH'), k(0xffff)), ANCHORS_AT), select(load8u(and(get('stem'), k(0xffff)), ANCHORS_AT), k(0), geS(get('length'), k(5)))),
      store32(int32At('candidate', get('candidates')), get('tokens')), inc('candidates')),
    inc('tokens'),
    emit(get('wordH'), 'saltUnigram', WORD_SEEN_AT),
    when(ne(get('prevWord'), k(0)), emit(step(get('prevWord'), get('wordH')), 'saltBigram', WORD_SEEN_AT)),
    when(ltS(get('sentenceWords'), k(2)),
      ifElse(eqz(get('sentenceWords')),
        [set('firstWord', or(get('wordH'), k(1))), emit(get('wordH'), 'saltFirst', WORD_SEEN_AT)],
        [emit(step(get('firstWord'), get('wordH')), 'saltFirst2', WORD_SEEN_AT)])),
    inc('sentenceWords'), set('prevWord', or(get('wordH'), k(1))), set('wordStart', k(-1)),
    when(eq(and(get('wordBits'), k(z.LETTER | z.LEET)), k(z.LETTER | z.LEET)), flag(z.LEETSPEAK)),
    when(geS(sub(get('i'), get('runStart')), k(16)), flag(z.SEGMENT)),
    // hex pairs or binary bytes: a word of 2 or 8 hex digits, then one space; three in a row
    when(and(and(or(eq(get('length'), k(2)), eq(get('length'), k(8))), eq(get('c'), k(0x20))), ne(and(get('wordAll'), k(z.HEX)), k(0))),
      set('groups', select(add(get('groups'), k(1)), k(1), eq(sub(get('i'), get('length')), add(get('lastGroupEnd'), k(1))))),
      set('lastGroupEnd', get('i')),
      when(geS(get('groups'), k(3)), flag(z.SEGMENT))),
  ];

  // The 4-gram ending at the current unit: gram = gram << 8 | its byte; its bucket, counted unless seen.
  const gram: Code[] = [
    set('gram', or(shl(get('gram'), k(8)), and(get('x'), k(0xff)))),
    set('at', add(get('base'), get('i'))), emit(get('gram'), 'saltChar', GRAM_SEEN_AT),
  ];
  // cum[2i] = sum, cum[2i + 1] = total
  const cum: Code[] = [store32(get('cumPtr'), get('sum')), store32(get('cumPtr'), get('total'), 4)];
  const next: Code[] = [inc('i'), inc('ptr', 2), inc('cumPtr', 8), set('c', load16(get('ptr'))), set('x', infoOf(get('c')))];

  const body = [
    set('c', load16(get('ptr'))), set('x', infoOf(get('c'))),
    ...block(loop(
      // A word: its units in an inner loop, which knows it is inside a word.
      when(has(z.WORD),
        set('wordStart', get('i')), set('wordH', k(z.SEED)), set('wordBits', get('x')), set('wordAll', get('x')),
        block(loop(
          set('wordH', step(get('wordH'), get('c'))),
          when(eq(sub(get('i'), get('wordStart')), k(4)), set('stem', get('wordH'))),
          ...cum,
          ...gram,
          ...next,
          brIf(1, eqz(has(z.WORD))),
          set('wordBits', or(get('wordBits'), get('x'))), set('wordAll', and(get('wordAll'), get('x'))),
          br(0))),
        set('lastSpace', k(0)),
        ...closeWord),
      // A unit outside words (the one after a word, or u[n] = 0 that ends the text).
      ...cum,
      brIf(1, eq(get('ptr'), get('end'))),
      when(has(z.RARE),
        // sentence ends: a line break or CJK stop, or . ! ? before whitespace or the end
        when(or(has(z.BREAK), and(has(z.STOP), leU(load16(get('ptr'), 2), k(0x20)))),
          store32(int32At('sentenceEnd', get('ends')), add(get('i'), k(1))), inc('ends'), set('sentenceWords', k(0))),
        // an escape may start: '%' before a hex digit, '\\' before an 'x'
        when(has(z.ESCAPE),
          set('t', load16(get('ptr'), 2)),
          when(select(ne(and(infoOf(get('t')), k(z.HEX)), k(0)), eq(or(get('t'), k(0x20)), k(0x78)), eq(get('c'), k(0x25))), flag(z.SEGMENT)))),
      // a run of 16 base64 characters (letters, digits, + / - _; a word counts whole, at its end)
      ifElse(eqz(has(z.B64)),
        [set('runStart', add(get('i'), k(1)))],
        [when(geS(sub(add(get('i'), k(1)), get('runStart')), k(16)), flag(z.SEGMENT))]),
      // whitespace runs collapse to one space; then the 4-gram ending here
      ifElse(has(z.SPACE),
        [when(eqz(get('lastSpace')), set('lastSpace', k(1)), ...gram)],
        [set('lastSpace', k(0)), ...gram]),
      ...next,
      br(0))),
  ];

  return [
    set('wordStart', k(-1)), set('wordH', k(z.SEED)), set('lastGroupEnd', k(-2)), set('lastSpace', k(1)),
    set('ptr', get('text')), set('end', add(get('text'), shl(get('n'), k(1)))), set('cumPtr', get('cum')),
    ...body,
    store32(k(HEADER_AT), get('tokens')), store32(k(HEADER_AT + 4), get('candidates')), store32(k(HEADER_AT + 8), get('ends')),
    get('flags'),
  ].flat();
}

function assemble(z: KernelBits, regions: Layout): Uint8Array {
  const body = program(z, regions);
  const code = [...uleb(1), ...uleb(LOCALS.length), 0x7f, ...body, 0x0b]; // one run of i32 locals
  const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
  const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
  const name = (s: string): number[] => [s.length, ...[...s].map((c) => c.charCodeAt(0))];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...uleb(PARAMS.length), ...PARAMS.map(() => 0x7f), 1, 0x7f]])), // type: (i32 x 16) -> i32
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, ...uleb(Math.ceil(regions.fixed / PAGE) + 1)]])), // memory: the fixed regions and a page
    ...section(7, vec([[...name('mem'), 0x02, 0], [...name('scan'), 0x00, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

// The few WebAssembly APIs used, typed here: the project's TypeScript libraries do not declare them.
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The arrays the kernel fills (views of its memory, valid until the next reserve()). */
export interface KernelViews {
  readonly units: Uint16Array;
  readonly unitBytes: Buffer;
  readonly cum: Int32Array;
  readonly tokenStart: Int32Array;
  readonly tokenEnd: Int32Array;
  readonly tokenHash: Int32Array;
  readonly tokenStem: Int32Array;
  readonly candidateTokens: Int32Array;
  readonly sentenceEnd: Int32Array;
}

export class Kernel {
  private readonly memory: WasmMemory;
  private readonly run: (...args: number[]) => number;
  private capacity = 0;
  private at = { text: 0, cum: 0, tokenStart: 0, tokenEnd: 0, tokenHash: 0, tokenStem: 0, candidate: 0, sentenceEnd: 0 };
  views!: KernelViews;
  private weights: Int8Array | null = null;
  private anchorsVersion = -1;
  private header = new Int32Array(0);

  private readonly never: number;
  private readonly layout: Layout;

  constructor(bits: KernelBits, info: Uint32Array, never: number) {
    this.never = never;
    this.layout = layout(bits.BITS);
    if (wasmApi === undefined) throw new Error('no WebAssembly');
    const instance = new wasmApi.Instance(new wasmApi.Module(assemble(bits, this.layout)));
    this.memory = instance.exports.mem as WasmMemory;
    this.run = instance.exports.scan as Kernel['run'];
    this.reserve(4096);
    new Uint32Array(this.memory.buffer, INFO_AT, 1 << 16).set(info);
    this.forget();
  }

  /** Resets the repeat rule's tables (when the clock restarts). */
  forget(): void {
    new Int32Array(this.memory.buffer, this.layout.gramSeen, 1 << 16).fill(this.never);
    new Int32Array(this.memory.buffer, this.layout.wordSeen, 1 << 16).fill(this.never);
  }

  /** Room for a text of n units; returns the views (new ones when the memory grew). */
  reserve(n: number): KernelViews {
    if (n + 1 <= this.capacity) return this.views;
    let capacity = Math.max(4096, this.capacity);
    while (capacity < n + 1) capacity *= 2;
    const tokens = (capacity >> 1) + 2;
    let offset = this.layout.fixed;
    const region = (bytes: number) => { const at = offset; offset += (bytes + 7) & ~7; return at; };
    const at = {
      text: region(2 * capacity), cum: region(8 * capacity),
      tokenStart: region(4 * tokens), tokenEnd: region(4 * tokens), tokenHash: region(4 * tokens), tokenStem: region(4 * tokens), candidate: region(4 * tokens),
      sentenceEnd: region(4 * capacity),
    };
    const have = this.memory.buffer.byteLength;
    if (offset > have) this.memory.grow(Math.ceil((offset - have) / PAGE));
    this.capacity = capacity;
    this.at = at;
    const buffer = this.memory.buffer;
    this.views = {
      units: new Uint16Array(buffer, at.text, capacity), unitBytes: Buffer.from(buffer, at.text, 2 * capacity),
      cum: new Int32Array(buffer, at.cum, 2 * capacity),
      tokenStart: new Int32Array(buffer, at.tokenStart, tokens), tokenEnd: new Int32Array(buffer, at.tokenEnd, tokens),
      tokenHash: new Int32Array(buffer, at.tokenHash, tokens), tokenStem: new Int32Array(buffer, at.tokenStem, tokens),
      candidateTokens: new Int32Array(buffer, at.candidate, tokens), sentenceEnd: new Int32Array(buffer, at.sentenceEnd, capacity),
    };
    this.header = new Int32Array(buffer, this.layout.header, 4);
    return this.views;
  }

  /**
   * Scans the n units already written to views.units (units[n] = 0). Returns the Scan flags and
   * the counts; the arrays are in the views.
   */
  scan(n: number, salts: readonly number[], twin: number, base: number, weights: Int8Array, anchors: Uint8Array, anchorsVersion: number): { flags: number; tokens: number; candidates: number; ends: number } {
    if (weights !== this.weights) { new Int8Array(this.memory.buffer, this.layout.weights, weights.length).set(weights); this.weights = weights; }
    if (anchorsVersion !== this.anchorsVersion) { new Uint8Array(this.memory.buffer, this.layout.anchors, PAGE).set(anchors); this.anchorsVersion = anchorsVersion; }
    const a = this.at;
    const flags = this.run(a.text, n, base, salts[0]!, salts[1]!, salts[2]!, salts[3]!, salts[4]!, twin, a.cum, a.tokenStart, a.tokenEnd, a.tokenHash, a.tokenStem, a.candidate, a.sentenceEnd);
    const h = this.header;
    return { flags, tokens: h[0]!, candidates: h[1]!, ends: h[2]! };
  }
}
