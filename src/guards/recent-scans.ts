/**
 * The results of texts scanned lately, so that a text is scanned once and not on every request
 * that carries it. An agent resends its whole conversation with every turn (system prompt,
 * earlier messages, tool results that may be tens of kilobytes): without this, turn n rescans
 * the n - 1 messages the gateway has already judged, and the detectors' cost grows with the
 * conversation instead of with what is new in it.
 *
 * A detector is a pure function of the text and of its guard's config, and a guard (with its
 * cache) is rebuilt when the config changes, so a remembered result is the result.
 *
 * - Keys are SHA-256 digests (about 1 µs for a 2 KB message, against tens of µs for a scan): the
 *   cache holds no prompt text, so a heap dump of the gateway shows no more of the agents'
 *   conversations than the requests in flight.
 * - Every key is scoped (by agent, and by whatever else the result depends on): a hit is faster
 *   than a scan, and one agent must not be able to learn by timing whether another agent sent a
 *   given text lately (the prompt-caching side channel).
 * - Bounded by weight, not only by entries: an entry weighs 1 plus what its result holds (a
 *   log of ten thousand e-mail addresses has ten thousand findings), least recently used first
 *   out; a result heavier than the whole budget is not kept.
 */
import { hash } from 'node:crypto';

const DEFAULT_MAX_WEIGHT = 16_384;

export class RecentScans<T> {
  private readonly entries = new Map<string, { readonly value: T; readonly weight: number }>();
  private totalWeight = 0;
  private readonly weightOf: (value: T) => number;
  private readonly maxWeight: number;

  /** `weightOf`: what a result holds beyond its entry (its findings), counted against `maxWeight`. */
  constructor(weightOf: (value: T) => number, maxWeight = DEFAULT_MAX_WEIGHT) {
    this.weightOf = weightOf;
    this.maxWeight = maxWeight;
  }

  /** The remembered result of `text` in `scope`, or `scan(text)`, remembered. */
  get(scope: string, text: string, scan: (text: string) => T): T {
    // The digest has a fixed length at the end, so no scope can make two keys collide.
    const key = `${scope}\u0000${hash('sha256', text, 'base64')}`;
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Most recently used last: a Map iterates in insertion order, so eviction takes the first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = scan(text);
    const weight = 1 + this.weightOf(value);
    if (weight <= this.maxWeight) {
      this.entries.set(key, { value, weight });
      this.totalWeight += weight;
      while (this.totalWeight > this.maxWeight) this.evictOldest();
    }
    return value;
  }

  /** Entries kept (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  private evictOldest(): void {
    const [key, entry] = this.entries.entries().next().value as [string, { readonly weight: number }];
    this.entries.delete(key);
    this.totalWeight -= entry.weight;
  }
}
