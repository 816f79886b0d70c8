// Activity: every exchange the gateway decided on, newest first, as it happens: who (agent),
// did what (model or MCP tool), the decision and the rules and reason behind it.

import { badge, el, formatClock, formatTime, panel, replace } from '../dom.js';

export const id = 'activity';
export const title = 'Activity';

const ACTIONS = ['allow', 'deny', 'redact', 'neutralize', 'approve', 'error'];
const MAX_ROWS = 500;

/** @typedef {import('../live.js').ActivityEvent} ActivityEvent */

/**
 * What the event was about, in a few words: the model or the MCP tool, and the route.
 * @param {ActivityEvent} event
 */
export function describeWhat(event) {
  if (event.kind === 'mcp') {
    const target = event.tool ? ` ${event.tool}` : '';
    return `mcp:${event.server ?? '?'} ${event.method ?? ''}${target}`.trim();
  }
  // An admin act: `method` names it (approval.approve, kill_switch.set...), `reason` its target.
  if (event.kind === 'admin') return `admin: ${event.method ?? event.route ?? ''}`;
  const tool = event.tool ? ` → ${event.tool}` : '';
  return `${event.model ?? event.route ?? 'llm'}${tool}`;
}

/**
 * @param {import('../app.js').Context} context
 * @param {HTMLElement} root
 */
export function render(context, root) {
  let filter = 'all';
  /** @type {Record<string, HTMLElement>} */
  const counterValues = {};
  const counters = el('div', { class: 'counters', testid: 'counters' }, ['total', ...ACTIONS].map((name) => {
    const value = el('span', { class: 'counter-value', text: '0', testid: `count-${name}` });
    counterValues[name] = value;
    return el('div', { class: `counter counter-${name}` }, [el('span', { class: 'counter-label', text: name === 'total' ? 'events' : name }), value]);
  }));
  const select = el('select', { id: 'activity-filter', testid: 'activity-filter', on: { change: () => {
    filter = select.value;
    redraw();
  } } }, ['all', ...ACTIONS].map((a) => el('option', { value: a, text: a === 'all' ? 'All decisions' : a })));
  const tbody = el('tbody', { testid: 'events-body' });
  const empty = el('p', { class: 'note note-muted', text: 'No activity yet. Events appear here as agents call through the gateway.', testid: 'events-empty' });
  const grid = el('table', { class: 'grid events', testid: 'events-table' }, [
    el('caption', { class: 'visually-hidden', text: 'Gateway activity, newest first' }),
    el('thead', {}, [el('tr', {}, ['Time', 'Agent', 'What', 'Decision', 'Rules', 'Reason', 'Status'].map((h) => el('th', { scope: 'col', text: h })))]),
    tbody,
  ]);

  replace(root, [
    el('h1', { class: 'view-title', text: title }),
    counters,
    panel('Live events', [empty, el('div', { class: 'table-wrap' }, [grid])], [
      el('label', { for: 'activity-filter', class: 'inline-label', text: 'Show' }), select,
    ], 'events-panel'),
  ]);

  /** @param {ActivityEvent} event */
  const row = (event) => el('tr', { testid: 'event-row', 'data-action': event.action, 'data-seq': event.seq, class: `row-${event.action}` }, [
    el('td', { class: 'nowrap', title: formatTime(event.time) }, [el('time', { datetime: event.time, text: formatClock(event.time) })]),
    el('td', { text: event.agent ?? '—', class: 'mono agent' }),
    el('td', { text: describeWhat(event), class: 'mono wrap what' }),
    el('td', {}, [badge(event.action)]),
    el('td', { class: 'rules' }, event.rules.length === 0 ? ['—'] : [...new Set(event.rules)].map((rule) => el('code', { class: 'rule', text: rule }))),
    el('td', { class: 'wrap reason', text: event.reason ?? (event.findings.length > 0 ? `findings: ${event.findings.join(', ')}` : '') }),
    el('td', { class: 'mono', text: event.status ?? event.outcome }),
  ]);
  /** @param {ActivityEvent} event */
  const shown = (event) => filter === 'all' || event.action === filter;

  const count = () => {
    /** @type {Record<string, number>} */
    const totals = { total: context.feed.events.length };
    for (const action of ACTIONS) totals[action] = 0;
    for (const event of context.feed.events) totals[event.action] = (totals[event.action] ?? 0) + 1;
    for (const [name, node] of Object.entries(counterValues)) node.textContent = (totals[name] ?? 0).toLocaleString();
  };
  const redraw = () => {
    const events = context.feed.events.filter(shown).slice(-MAX_ROWS).reverse();
    replace(tbody, events.map(row));
    empty.hidden = events.length > 0;
    count();
  };
  redraw();
  const unsubscribe = context.feed.onEvent((event) => {
    count();
    if (!shown(event)) return;
    // Usually the newest: put it on top without redrawing the table (keeps selection and scroll).
    const newest = tbody.firstElementChild;
    if (newest === null || Number(newest.getAttribute('data-seq')) < event.seq) tbody.insertBefore(row(event), newest);
    else return redraw();
    while (tbody.childElementCount > MAX_ROWS) tbody.lastElementChild?.remove();
    empty.hidden = true;
  });
  return unsubscribe;
}
