// Decisions over time: stacked bars per time bucket from GET /admin/stats, drawn as inline SVG
// (no chart library: the console has no build step and loads nothing from elsewhere).

import { api, describe } from '../api.js';
import { el, formatClock, note, panel, replace } from '../dom.js';

export const id = 'charts';
export const title = 'Decisions';

const SERIES = ['allow', 'redact', 'neutralize', 'approve', 'deny', 'error'];
const SVG = 'http://www.w3.org/2000/svg';
const W = 960;
const H = 280;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

/**
 * @typedef {{ t: string | number, allow: number, deny: number, redact: number, neutralize: number, approve: number, error: number }} Bucket
 */

/**
 * @param {import('../app.js').Context} context
 * @param {HTMLElement} root
 */
export function render(context, root) {
  let minutes = 60;
  const chart = el('div', { class: 'chart', testid: 'decisions-chart' });
  const range = el('select', { id: 'chart-range', testid: 'chart-range', on: { change: () => {
    minutes = Number(range.value);
    load();
  } } }, [[60, 'Last hour'], [180, 'Last 3 hours'], [1440, 'Last 24 hours']].map(([value, label]) => el('option', { value, text: label })));
  replace(root, [
    el('h1', { class: 'view-title', text: 'Decisions over time' }),
    panel('Decisions per interval', [legend(), chart], [el('label', { for: 'chart-range', class: 'inline-label', text: 'Range' }), range]),
  ]);
  let disposed = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let pending;

  async function load() {
    try {
      const stats = await api(`/admin/stats?minutes=${minutes}`);
      if (disposed) return;
      const buckets = /** @type {Bucket[]} */ (stats?.data ?? []);
      replace(chart, buckets.length === 0 ? [note('No decisions in this range yet.')] : [draw(buckets, Number(stats?.bucketSeconds ?? 60))]);
    } catch (error) {
      if (!disposed) replace(chart, [note(describe(error), 'error')]);
    }
  }

  load();
  const timer = setInterval(load, 30_000);
  // New activity redraws the chart, at most once a second.
  const unsubscribe = context.feed.onEvent(() => {
    if (pending === undefined) pending = setTimeout(() => { pending = undefined; load(); }, 1000);
  });
  return () => {
    disposed = true;
    clearInterval(timer);
    clearTimeout(pending);
    unsubscribe();
  };
}

function legend() {
  return el('ul', { class: 'legend', 'aria-label': 'Legend' }, SERIES.map((name) => el('li', {}, [el('span', { class: `swatch fill-${name}`, 'aria-hidden': 'true' }), name])));
}

/**
 * @param {string} tag
 * @param {Record<string, string | number>} attrs
 * @param {(SVGElement | string)[]} [children]
 */
function svg(tag, attrs, children = []) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  for (const child of children) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

/**
 * @param {Bucket[]} buckets oldest first
 * @param {number} bucketSeconds
 */
function draw(buckets, bucketSeconds) {
  const total = (/** @type {Bucket} */ b) => SERIES.reduce((sum, name) => sum + (Number(/** @type {any} */ (b)[name]) || 0), 0);
  const max = Math.max(1, ...buckets.map(total));
  const top = niceCeiling(max);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / buckets.length;
  const barW = Math.max(1, step * 0.8);
  const y = (/** @type {number} */ v) => PAD.top + plotH - (v / top) * plotH;
  const sum = buckets.reduce((acc, b) => acc + total(b), 0);
  const denied = buckets.reduce((acc, b) => acc + (Number(b.deny) || 0), 0);
  /** @type {SVGElement[]} */
  const parts = [svg('title', {}, [`Decisions per ${bucketSeconds} s: ${sum} in total, ${denied} denied`])];
  for (const tick of [0, top / 2, top]) {
    parts.push(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(tick), y2: y(tick), class: 'gridline' }));
    parts.push(svg('text', { x: PAD.left - 6, y: y(tick) + 4, class: 'axis', 'text-anchor': 'end' }, [String(Math.round(tick))]));
  }
  buckets.forEach((bucket, i) => {
    const x = PAD.left + i * step + (step - barW) / 2;
    let base = 0;
    for (const name of SERIES) {
      const value = Number(/** @type {any} */ (bucket)[name]) || 0;
      if (value === 0) continue;
      parts.push(svg('rect', { x, y: y(base + value), width: barW, height: Math.max(0.5, y(base) - y(base + value)), class: `fill-${name}` }, [
        svg('title', {}, [`${formatClock(bucket.t)}: ${value} ${name}`]),
      ]));
      base += value;
    }
    const every = Math.max(1, Math.ceil(buckets.length / 8));
    if (i % every === 0) parts.push(svg('text', { x: x + barW / 2, y: H - 8, class: 'axis', 'text-anchor': 'middle' }, [formatClock(bucket.t).slice(0, 5)]));
  });
  return svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'chart-svg', 'data-testid': 'chart-svg' }, parts);
}

/** A round axis maximum at or above the value (1, 2, 5 × 10^n). */
function niceCeiling(/** @type {number} */ value) {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= value) return factor * power;
  return 10 * power;
}
