// The live activity feed: the recent history from GET /admin/events, then every new event from
// the SSE stream. One feed for the whole console, so switching views neither drops events nor
// opens a second stream. Events are deduplicated by `seq` because the stream may replay what
// the history already returned (and does after a reconnect with Last-Event-ID).

import { api } from './api.js';

/**
 * @typedef {{ seq: number, time: string, kind: 'llm' | 'mcp' | 'admin', requestId: string, agent?: string, route?: string,
 *   model?: string, server?: string, method?: string, tool?: string, action: string, outcome: string, status?: number,
 *   rules: string[], reason?: string, findings: string[], overheadMs?: number }} ActivityEvent
 * @typedef {'connecting' | 'live' | 'reconnecting' | 'offline'} FeedState
 */

const KEEP = 1000;

export class LiveFeed {
  constructor() {
    /** @type {ActivityEvent[]} oldest first */
    this.events = [];
    /** @type {Set<number>} */
    this.seen = new Set();
    /** @type {FeedState} */
    this.state = 'offline';
    /** @type {EventSource | undefined} */
    this.source = undefined;
    /** @type {Set<(event: ActivityEvent) => void>} */
    this.eventListeners = new Set();
    /** @type {Set<(state: FeedState) => void>} */
    this.stateListeners = new Set();
  }

  /** @param {(event: ActivityEvent) => void} listener @returns {() => void} unsubscribe */
  onEvent(listener) {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** @param {(state: FeedState) => void} listener @returns {() => void} unsubscribe */
  onState(listener) {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  async start() {
    this.stop();
    // A new sign-in may follow a gateway restart, whose sequence numbers start again at 1.
    this.events = [];
    this.seen.clear();
    this.setState('connecting');
    // Stream first, history second: nothing falls in the gap between the two.
    const source = new EventSource('/admin/events/stream');
    this.source = source;
    source.addEventListener('open', () => this.setState('live'));
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED) return this.setState('reconnecting');
      // The browser gave up (a refused reconnect): if the session ended, this brings back the
      // sign-in form (api() reports the 401); otherwise the feed shows offline.
      this.setState('offline');
      api('/admin/whoami').catch(() => undefined);
    });
    source.addEventListener('activity', (message) => {
      try {
        this.add(JSON.parse(/** @type {MessageEvent} */ (message).data));
      } catch {
        // A malformed frame is skipped; the next one still counts.
      }
    });
    try {
      const history = await api('/admin/events?limit=200');
      for (const event of Array.isArray(history?.data) ? history.data : []) this.add(event);
    } catch {
      // The stream may still work; the table shows what arrives.
    }
  }

  stop() {
    this.source?.close();
    this.source = undefined;
    this.setState('offline');
  }

  /** @param {ActivityEvent} event */
  add(event) {
    if (event === null || typeof event !== 'object' || typeof event.seq !== 'number' || this.seen.has(event.seq)) return;
    this.seen.add(event.seq);
    const last = this.events.at(-1);
    this.events.push(event);
    if (last !== undefined && last.seq > event.seq) this.events.sort((a, b) => a.seq - b.seq);
    if (this.events.length > KEEP) for (const dropped of this.events.splice(0, this.events.length - KEEP)) this.seen.delete(dropped.seq);
    for (const listener of this.eventListeners) listener(event);
  }

  /** @param {FeedState} state */
  setState(state) {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
