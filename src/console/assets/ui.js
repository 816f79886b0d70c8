// Shared interaction pieces: the confirm dialog for consequential acts (kill switch, tool
// approval) and short notices ("toasts") after an act.

import { el } from './dom.js';

/**
 * Asks the operator to confirm an act, optionally with a reason (required when asked for).
 * @param {{ title: string, message: string, confirmLabel: string, reason?: boolean, danger?: boolean }} options
 * @returns {Promise<{ reason: string } | null>}  null when cancelled
 */
export function confirmAction(options) {
  const dialog = /** @type {HTMLDialogElement} */ (document.getElementById('confirm'));
  const title = /** @type {HTMLElement} */ (document.getElementById('confirm-title'));
  const message = /** @type {HTMLElement} */ (document.getElementById('confirm-message'));
  const reasonRow = /** @type {HTMLElement} */ (document.getElementById('confirm-reason-row'));
  const reason = /** @type {HTMLTextAreaElement} */ (document.getElementById('confirm-reason'));
  const ok = /** @type {HTMLButtonElement} */ (document.getElementById('confirm-ok'));
  const cancel = /** @type {HTMLButtonElement} */ (document.getElementById('confirm-cancel'));
  const form = /** @type {HTMLFormElement} */ (document.getElementById('confirm-form'));
  title.textContent = options.title;
  message.textContent = options.message;
  ok.textContent = options.confirmLabel;
  ok.className = `button ${options.danger === false ? 'button-primary' : 'button-danger'}`;
  reasonRow.hidden = !options.reason;
  reason.value = '';
  reason.required = Boolean(options.reason);
  return new Promise((resolve) => {
    const done = (/** @type {{ reason: string } | null} */ result) => {
      form.removeEventListener('submit', onSubmit);
      cancel.removeEventListener('click', onCancel);
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      resolve(result);
    };
    const onSubmit = (/** @type {Event} */ event) => {
      event.preventDefault();
      if (options.reason && reason.value.trim() === '') {
        reason.focus();
        reason.setAttribute('aria-invalid', 'true');
        return;
      }
      reason.removeAttribute('aria-invalid');
      done({ reason: reason.value.trim() });
    };
    const onCancel = (/** @type {Event} */ event) => {
      event.preventDefault();
      done(null);
    };
    form.addEventListener('submit', onSubmit);
    cancel.addEventListener('click', onCancel);
    dialog.addEventListener('cancel', onCancel);
    dialog.showModal();
    (options.reason ? reason : cancel).focus();
  });
}

/**
 * A notice that fades after a few seconds.
 * @param {string} text
 * @param {'ok' | 'error'} [kind]
 */
export function toast(text, kind = 'ok') {
  const host = document.getElementById('toasts');
  if (host === null) return;
  const node = el('div', { class: `toast toast-${kind}`, text, testid: 'toast' });
  host.appendChild(node);
  setTimeout(() => node.remove(), kind === 'error' ? 8000 : 4000);
}

/**
 * Wraps `fn` so that bursts of calls run it at most once per `ms` (the last call of a burst
 * always runs). Used where live events trigger reloads: a held agent retrying in a loop must not
 * turn into a reload per retry (approval reads are recorded in the ledger).
 * @param {() => void} fn
 * @param {number} ms
 * @returns {(() => void) & { cancel: () => void }}
 */
export function coalesce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let last = 0;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  const wrapped = () => {
    if (timer !== undefined) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = setTimeout(run, wait);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}
