/** A value now, or later: synchronous paths stay synchronous. */
export type Awaitable<T> = T | Promise<T>;

/**
 * Continues with `next` synchronously when `value` is already there, asynchronously only
 * when it is a Promise. The in-process state store answers synchronously, so a decision
 * costs no microtask unless Redis (or an approval webhook) is involved.
 */
export function andThen<T, U>(value: Awaitable<T>, next: (value: T) => Awaitable<U>): Awaitable<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** Runs `step` over items in order, each waiting for the previous one only if it was asynchronous. */
export function eachInOrder<T>(items: readonly T[], step: (item: T) => Awaitable<void>, from = 0): Awaitable<void> {
  for (let i = from; i < items.length; i++) {
    const done = step(items[i] as T);
    if (done instanceof Promise) return done.then(() => eachInOrder(items, step, i + 1));
  }
  return undefined;
}
