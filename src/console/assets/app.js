// The console's entry point: sign-in (admin key, or the one-time token in a #login= link),
// the left navigation, and switching between views by the address's fragment (#/approvals).

import { api, describe, onUnauthorized } from './api.js';
import { el, replace } from './dom.js';
import { LiveFeed } from './live.js';
import { coalesce } from './ui.js';
import * as activity from './views/events.js';
import * as approvals from './views/approvals.js';
import * as agents from './views/agents.js';
import * as tools from './views/tools.js';
import * as ledger from './views/ledger.js';
import * as policy from './views/policy.js';
import * as charts from './views/charts.js';

/**
 * What a view gets. `can` follows the roles of the admin API: `admin` may do everything,
 * `approver` may read and decide approvals, `auditor` may only read. `setPending` updates the
 * pending-approvals count in the navigation.
 * @typedef {{ id: string, role: string, can: (right: 'decide' | 'admin') => boolean, feed: LiveFeed,
 *   setPending: (count: number) => void }} Context
 * @typedef {{ id: string, title: string, render: (context: Context, root: HTMLElement) => (() => void) | void }} View
 */

/** @type {View[]} */
const VIEWS = [activity, approvals, agents, tools, ledger, policy, charts];
const feed = new LiveFeed();
/** @type {Context | undefined} */
let context;
/** @type {(() => void) | void} */
let disposeView;
/** @type {ReturnType<typeof setInterval> | undefined} */
let pendingTimer;

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

async function boot() {
  const token = takeLoginToken();
  if (token !== undefined) {
    try {
      await api('/admin/session', { method: 'POST', body: { oneTimeToken: token }, quiet401: true });
    } catch (error) {
      return showLogin(error instanceof Error && 'status' in error && error.status === 401
        ? 'This sign-in link has expired or was already used. Sign in with an admin key.'
        : describe(error));
    }
  }
  try {
    const who = await api('/admin/whoami', { quiet401: true });
    showShell(who);
  } catch (error) {
    showLogin(error instanceof Error && 'status' in error && error.status === 401 ? undefined : describe(error));
  }
}

/**
 * Reads the one-time token from `#login=<token>` and removes it from the address bar at once,
 * so it is neither kept in history nor shown over someone's shoulder. Fragments never reach
 * the server in a URL, so the token travels only in the POST body.
 * @returns {string | undefined}
 */
function takeLoginToken() {
  const match = /^#login=([^&]+)/.exec(location.hash);
  if (match === null) return undefined;
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  try {
    return decodeURIComponent(match[1] ?? '');
  } catch {
    return undefined;
  }
}

/** @param {string} [error] */
function showLogin(error) {
  teardown();
  $('boot').hidden = true;
  $('shell').hidden = true;
  $('login').hidden = false;
  const message = $('login-error');
  message.hidden = error === undefined;
  message.textContent = error ?? '';
  /** @type {HTMLInputElement} */ ($('login-key')).focus();
}

/** @param {{ id: string, role: string }} who */
function showShell(who) {
  $('boot').hidden = true;
  $('login').hidden = true;
  $('shell').hidden = false;
  const rights = { admin: ['decide', 'admin'], approver: ['decide'], auditor: [] };
  const granted = /** @type {Record<string, string[]>} */ (rights)[who.role] ?? [];
  context = { id: who.id, role: who.role, can: (right) => granted.includes(right), feed, setPending };
  replace($('whoami'), [el('span', { class: 'whoami-id', text: who.id }), el('span', { class: `role role-${who.role}`, text: who.role, testid: 'role' })]);
  renderNav();
  feed.start();
  refreshPending();
  // Events drive the count; the slow poll only catches expiries.
  pendingTimer = setInterval(refreshPending, 60_000);
  route();
}

function teardown() {
  if (typeof disposeView === 'function') disposeView();
  disposeView = undefined;
  feed.stop();
  clearInterval(pendingTimer);
  context = undefined;
}

function renderNav() {
  replace($('nav'), VIEWS.map((view) => el('li', {}, [
    el('a', { href: `#/${view.id}`, class: 'nav-link', 'data-view': view.id, testid: `nav-${view.id}` }, [
      el('span', { text: view.title }),
      view.id === 'approvals' ? el('span', { class: 'count', id: 'pending-count', testid: 'pending-count', hidden: true }) : null,
    ]),
  ])));
}

function route() {
  if (context === undefined) return;
  const id = /^#\/([a-z]+)/.exec(location.hash)?.[1] ?? 'activity';
  const view = VIEWS.find((v) => v.id === id) ?? VIEWS[0];
  if (view === undefined) return;
  for (const link of document.querySelectorAll('.nav-link')) {
    if (link.getAttribute('data-view') === view.id) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (typeof disposeView === 'function') disposeView();
  const root = $('view');
  replace(root, []);
  root.setAttribute('data-view', view.id);
  document.title = `${view.title} · Portcullis console`;
  disposeView = view.render(context, root);
}

/** The pending-approvals count beside "Approvals" in the navigation. */
async function refreshPending() {
  try {
    const pending = await api('/admin/approvals?status=pending');
    setPending(Array.isArray(pending?.data) ? pending.data.length : 0);
  } catch {
    // The approvals view shows its own errors.
  }
}
const refreshPendingSoon = coalesce(refreshPending, 2000);

/** @param {number} count */
function setPending(count) {
  const badge = document.getElementById('pending-count');
  if (badge === null) return;
  badge.textContent = String(count);
  badge.hidden = count === 0;
  badge.setAttribute('aria-label', `${count} pending`);
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ ($('login-key'));
  const key = input.value.trim();
  if (key === '') return showLogin('Enter an admin key.');
  try {
    await api('/admin/session', { method: 'POST', body: { key }, quiet401: true });
    input.value = '';
    showShell(await api('/admin/whoami'));
  } catch (error) {
    showLogin(error instanceof Error && 'status' in error && error.status === 401 ? 'That key is not an admin key of this gateway.' : describe(error));
  }
});

$('logout').addEventListener('click', async () => {
  try {
    await api('/admin/session', { method: 'DELETE', quiet401: true });
  } catch {
    // Signed out locally either way.
  }
  showLogin();
});

// New events that may change the pending count (a call held, an approval decided); the
// approvals view, when open, keeps the count itself.
feed.onEvent((event) => {
  if ((event.action === 'approve' || event.kind === 'admin') && document.getElementById('view')?.getAttribute('data-view') !== 'approvals') refreshPendingSoon();
});
feed.onState((state) => {
  const labels = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline' };
  const node = document.getElementById('feed-state');
  if (node === null) return;
  node.textContent = labels[state];
  node.className = `feed-state feed-${state}`;
});
onUnauthorized(() => showLogin('Your session ended. Sign in again.'));
window.addEventListener('hashchange', route);
boot();
