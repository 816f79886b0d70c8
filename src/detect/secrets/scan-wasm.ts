/**
 * The automaton's scan loop (automaton.ts) as a few dozen bytes of WebAssembly. The loop is two
 * table reads per character; V8 compiles the JavaScript version to ~7 ns a character (bounds
 * and type checks on each read), the WebAssembly one to ~2, and it runs on every scanned text:
 * ~10 µs less per 2 KB. The module is assembled here from its opcodes (below, with the text
 * format beside each), so there is no binary file and nothing is fetched.
 *
 * Memory: the class table (64 KB, one byte per UTF-16 unit), the transition table (Int32), the
 * hits (state, end offset; 8 bytes each, at most one per character) and the text as UTF-16
 * code units, written by Buffer#write, so offsets are the string's own.
 */

const PAGE = 65536;

// (func $scan (param $text $len $delta $cls $first $out i32) (result i32) (local $i $s $n $a i32)
const TEXT = 0, LEN = 1, DELTA = 2, CLS = 3, FIRST = 4, OUT = 5, I = 6, S = 7, N = 8, A = 9;
const get = (l: number) => [0x20, l], set = (l: number) => [0x21, l], tee = (l: number) => [0x22, l];
const BODY = [
  0x02, 0x40, //                                  block $done
  0x03, 0x40, //                                    loop $next
  ...get(I), ...get(LEN), 0x4f, 0x0d, 0x01, //        br_if $done (i >= len)
  ...get(TEXT), ...get(I), 0x41, 0x01, 0x74, 0x6a, // text + (i << 1)
  0x2f, 0x01, 0x00, //                                i32.load16_u: the code unit
  ...get(CLS), 0x6a, 0x2d, 0x00, 0x00, //             i32.load8_u cls[unit]
  ...get(S), 0x6a, 0x41, 0x01, 0x74, ...get(DELTA), 0x6a, // delta + ((s + class) << 1)
  0x2f, 0x01, 0x00, ...tee(S), //                     s = i32.load16_u
  ...get(FIRST), 0x4e, 0x04, 0x40, //                 if (s >= first)
  ...get(OUT), ...get(N), 0x41, 0x03, 0x74, 0x6a, ...tee(A), // a = out + (n << 3)
  ...get(S), 0x36, 0x02, 0x00, //                       i32.store a, s
  ...get(A), ...get(I), 0x41, 0x01, 0x6a, 0x36, 0x02, 0x04, // i32.store offset=4 a, i + 1
  ...get(N), 0x41, 0x01, 0x6a, ...set(N), //            n++
  0x0b, //                                            end
  ...get(I), 0x41, 0x01, 0x6a, ...set(I), //          i++
  0x0c, 0x00, //                                      br $next
  0x0b, //                                          end
  0x0b, //                                        end
  ...get(N), //                                   n
  0x0b,
];

const vec = (items: number[][]): number[] => [items.length, ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes];
function leb(n: number): number[] {
  const out: number[] = [];
  do { let b = n & 0x7f; n >>>= 7; if (n !== 0) b |= 0x80; out.push(b); } while (n !== 0);
  return out;
}
const name = (s: string): number[] => [s.length, ...[...s].map((c) => c.charCodeAt(0))];
const code = [0x01, 0x04, 0x7f, ...BODY]; // one local declaration: four i32
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, vec([[0x60, 6, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 1, 0x7f]])), // type: (6 × i32) -> i32
  ...section(3, vec([[0]])), //                                                        function 0 has type 0
  ...section(5, vec([[0x00, 1]])), //                                                   memory: 1 page to start
  ...section(7, vec([[...name('mem'), 0x02, 0], [...name('scan'), 0x00, 0]])), //        exports
  ...section(10, vec([[...leb(code.length), ...code]])),
]);

// The few WebAssembly APIs used, typed here: the project's TypeScript libraries do not declare them.
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Texts longer than this are scanned in JavaScript: the memory grown for one would stay. */
export const MAX_WASM_TEXT = 1 << 20;

export class WasmScanner {
  private readonly memory: WasmMemory;
  private readonly run: (text: number, len: number, delta: number, cls: number, first: number, out: number) => number;
  private readonly deltaAt: number;
  private readonly outAt: number;
  private readonly firstOutput: number;

  /** `delta` entries must fit in 16 bits (wasmScanner checks). */
  constructor(classOf: Uint8Array, delta: Int32Array, firstOutput: number) {
    const instance = new wasmApi.Instance(new wasmApi.Module(MODULE));
    this.memory = instance.exports.mem as WasmMemory;
    this.run = instance.exports.scan as WasmScanner['run'];
    this.deltaAt = PAGE;
    this.outAt = PAGE + 2 * delta.length + (delta.length & 1) * 2;
    this.firstOutput = firstOutput;
    this.reserve(0);
    new Uint8Array(this.memory.buffer, 0, PAGE).set(classOf);
    new Uint16Array(this.memory.buffer, this.deltaAt, delta.length).set(delta);
  }

  /** Grows the memory for a text of `n` code units: hits, then the text. */
  private reserve(n: number): void {
    const need = this.outAt + 8 * n + 2 * n;
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((need - have) / PAGE));
  }

  /** Every (state, end offset) where a state with outputs is reached, as automaton.ts's loop finds them. */
  scan(text: string): { states: Int32Array; count: number } {
    const n = text.length;
    this.reserve(n);
    const textAt = this.outAt + 8 * n;
    Buffer.from(this.memory.buffer, textAt, 2 * n).write(text, 'utf16le');
    const count = this.run(textAt, n, this.deltaAt, 0, this.firstOutput, this.outAt);
    return { states: new Int32Array(this.memory.buffer, this.outAt, 2 * count), count };
  }
}
