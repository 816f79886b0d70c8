/**
 * A string being built together with, for each UTF-16 unit of it, the range of the original
 * text it came from. The normalizer rewrites a text many ways (drops invisible characters,
 * folds look-alikes, decodes base64 in place); a passage found in the rewritten text must
 * still be reported, and neutralized by the gateway, at its offsets in the original.
 */
export class MappedBuilder {
  private codes: Uint16Array;
  private starts: Int32Array;
  private ends: Int32Array;
  length = 0;

  constructor(capacity: number) {
    const n = Math.max(16, capacity);
    this.codes = new Uint16Array(n);
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
  }

  private grow(): void {
    const n = this.codes.length * 2;
    const codes = new Uint16Array(n), starts = new Int32Array(n), ends = new Int32Array(n);
    codes.set(this.codes); starts.set(this.starts); ends.set(this.ends);
    this.codes = codes; this.starts = starts; this.ends = ends;
  }

  /** One UTF-16 unit that stands for original[start, end). */
  push(code: number, start: number, end: number): void {
    if (this.length === this.codes.length) this.grow();
    this.codes[this.length] = code;
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  /** Every unit of `text` stands for original[start, end) (a decoded segment, a folded character). */
  pushString(text: string, start: number, end: number): void {
    for (let i = 0; i < text.length; i++) this.push(text.charCodeAt(i), start, end);
  }

  codeAt(i: number): number { return this.codes[i] as number; }
  setCode(i: number, code: number): void { this.codes[i] = code; }

  toString(): string {
    let out = '';
    for (let i = 0; i < this.length; i += 8192) out += String.fromCharCode(...this.codes.subarray(i, Math.min(this.length, i + 8192)));
    return out;
  }

  finish(): Mapped {
    return { text: this.toString(), starts: this.starts.slice(0, this.length), ends: this.ends.slice(0, this.length) };
  }
}

/** A rewritten text and where each of its units came from; null maps mean "the same offsets". */
export interface Mapped {
  readonly text: string;
  readonly starts: Int32Array | null;
  readonly ends: Int32Array | null;
}

/** The original range [start, end) that rewritten units [from, to) came from (to > from). */
export function originalRange(m: Mapped, from: number, to: number): [number, number] {
  if (m.starts === null || m.ends === null) return [from, to];
  if (to <= from) return [m.starts[from] ?? 0, m.starts[from] ?? 0];
  return [m.starts[from] as number, m.ends[to - 1] as number];
}

/**
 * Maps a text rewritten from `inner` (whose offsets point into `inner.text`) back to the
 * original that `inner` was rewritten from: the result's offsets point into the original.
 */
export function compose(outer: Mapped, inner: Mapped): Mapped {
  if (inner.starts === null || inner.ends === null) return outer;
  if (outer.starts === null || outer.ends === null) return { text: outer.text, starts: inner.starts, ends: inner.ends };
  const starts = new Int32Array(outer.text.length), ends = new Int32Array(outer.text.length);
  const last = inner.text.length === 0 ? 0 : (inner.ends[inner.text.length - 1] as number);
  const startOf = (x: number) => (x < inner.text.length ? (inner.starts as Int32Array)[x] as number : last);
  for (let i = 0; i < outer.text.length; i++) {
    const s = outer.starts[i] as number, e = outer.ends[i] as number;
    starts[i] = startOf(s);
    // A unit that stands for nothing (a space put between decoded text and its neighbours) maps to a point.
    ends[i] = e > s ? (inner.ends[e - 1] as number) : (starts[i] as number);
  }
  return { text: outer.text, starts, ends };
}
