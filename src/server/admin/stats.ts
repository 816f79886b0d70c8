/**
 * Per-minute counts of each event action over the last day, for the console's activity chart
 * (`GET /admin/stats?minutes=60`). A fixed ring of minute buckets: counting an event is one
 * array increment, and memory never grows.
 */
import { EVENT_ACTIONS, type ActivityEvent, type EventAction } from './events.ts';

export const BUCKET_SECONDS = 60;
export const MAX_MINUTES = 24 * 60;
const BUCKET_MS = BUCKET_SECONDS * 1000;

type Counts = Record<EventAction, number>;

export class ActivityStats {
  /** Which minute each slot currently counts (a slot from an older lap is stale). */
  private readonly minutes = new Float64Array(MAX_MINUTES).fill(-1);
  private readonly counts: Uint32Array[] = EVENT_ACTIONS.map(() => new Uint32Array(MAX_MINUTES));

  readonly count = (event: ActivityEvent, now = Date.now()): void => {
    const minute = Math.floor(now / BUCKET_MS);
    const slot = minute % MAX_MINUTES;
    if (this.minutes[slot] !== minute) {
      this.minutes[slot] = minute;
      for (const column of this.counts) column[slot] = 0;
    }
    const column = this.counts[EVENT_ACTIONS.indexOf(event.action)];
    if (column !== undefined) column[slot] = (column[slot] ?? 0) + 1;
  };

  /** The last `minutes` buckets, oldest first, the current (partial) minute last. */
  series(minutes: number, now = Date.now()): ({ t: string } & Counts)[] {
    const current = Math.floor(now / BUCKET_MS);
    const series: ({ t: string } & Counts)[] = [];
    for (let minute = current - minutes + 1; minute <= current; minute++) {
      const slot = minute % MAX_MINUTES;
      const live = this.minutes[slot] === minute;
      const counts = Object.fromEntries(EVENT_ACTIONS.map((action, i) => [action, live ? (this.counts[i]?.[slot] ?? 0) : 0])) as Counts;
      series.push({ t: new Date(minute * BUCKET_MS).toISOString(), ...counts });
    }
    return series;
  }
}
