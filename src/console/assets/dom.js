// DOM helpers for the console. Everything shown comes from the gateway, and much of it is
// attacker-influenced (tool names, agent-proposed arguments, reasons quoting them), so text is
// only ever set through textContent and attributes through setAttribute: no innerHTML anywhere.

/**
 * @typedef {string | number | Node | null | undefined | false} Child
 * @typedef {{ class?: string, text?: string | number, testid?: string, on?: Record<string, (event: Event) => void>, [attr: string]: unknown }} Props
 */

/**
 * Creates an element. `props.class`, `props.text` and `props.testid` are shortcuts; `props.on`
 * attaches listeners; any other prop becomes an attribute (booleans toggle it).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props} [props]
 * @param {Child[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = String(value);
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'testid') node.setAttribute('data-testid', String(value));
    else if (key === 'on') {
      for (const [type, listener] of Object.entries(/** @type {Record<string, EventListener>} */ (value))) node.addEventListener(type, listener);
    } else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/**
 * @param {Node} parent
 * @param {Child[]} children
 */
export function append(parent, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** @param {Node} node */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/**
 * Replaces a node's children.
 * @param {Node} node
 * @param {Child[]} children
 */
export function replace(node, children) {
  clear(node);
  append(node, children);
}

/**
 * A Date from an ISO string, epoch milliseconds, or epoch seconds (small numbers).
 * @param {string | number} value
 */
function toDate(value) {
  return new Date(typeof value === 'number' && value < 1e11 ? value * 1000 : value);
}

/** @param {string | number | undefined | null} value */
export function formatTime(value) {
  if (value === undefined || value === null || value === '') return '—';
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString(undefined, { hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** @param {string | number | undefined | null} value */
export function formatClock(value) {
  if (value === undefined || value === null || value === '') return '—';
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleTimeString(undefined, { hour12: false });
}

/** @param {number | undefined | null} value */
export function formatNumber(value) {
  return typeof value === 'number' ? value.toLocaleString() : '—';
}

/**
 * A decision badge: the class carries the colour, the text carries the meaning (never colour alone).
 * @param {string | undefined} action
 */
export function badge(action, testid = 'decision') {
  const known = ['allow', 'deny', 'redact', 'neutralize', 'approve', 'error', 'approved', 'quarantined', 'changed', 'unpinned', 'pending', 'denied', 'expired', 'engaged', 'released', 'verified', 'failed'];
  const kind = action !== undefined && known.includes(action) ? action : 'unknown';
  return el('span', { class: `badge badge-${kind}`, text: action ?? '—', testid });
}

/** A short message in a view: loading, empty, or an error. */
export function note(text, kind = 'muted') {
  return el('p', { class: `note note-${kind}`, text, role: kind === 'error' ? 'alert' : undefined });
}

/**
 * A section with a heading and optional actions at the heading's right.
 * @param {string} title
 * @param {Child[]} body
 * @param {Child[]} [actions]
 * @param {string} [testid]
 */
export function panel(title, body, actions = [], testid) {
  const id = `panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return el('section', { class: 'panel', 'aria-labelledby': id, testid }, [
    el('header', { class: 'panel-head' }, [el('h2', { id, text: title }), el('div', { class: 'panel-actions' }, actions)]),
    el('div', { class: 'panel-body' }, body),
  ]);
}

/**
 * A table from column headings and rows of cells.
 * @param {string[]} headings
 * @param {Child[][]} rows
 * @param {{ testid?: string, rowTestid?: string, caption?: string }} [options]
 */
export function table(headings, rows, options = {}) {
  return el('table', { class: 'grid', testid: options.testid }, [
    options.caption ? el('caption', { class: 'visually-hidden', text: options.caption }) : null,
    el('thead', {}, [el('tr', {}, headings.map((h) => el('th', { scope: 'col', text: h })))]),
    el('tbody', {}, rows.map((cells) => el('tr', { testid: options.rowTestid }, cells.map((cell) => el('td', {}, [cell]))))),
  ]);
}
