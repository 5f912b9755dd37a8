// @ts-check
// The page an email's "Stop these emails" link opens: it unsubscribes at once (one click, no sign-in; the link's
// token names the person and the kind) and offers to undo it.
import { api, ApiError } from "../lib/api.js";
import { $ } from "../lib/dom.js";
import { mountPageShell } from "../lib/page-shell.js";

mountPageShell({ signedIn: false });
const token = new URLSearchParams(location.search).get("token") ?? "";
const status = /** @type {HTMLElement} */ ($("unsubscribe-status"));
const error = /** @type {HTMLElement} */ ($("unsubscribe-error"));
const undo = /** @type {HTMLButtonElement} */ ($("unsubscribe-undo"));

/** @param {boolean} receive */
async function choose(receive) {
  error.hidden = true;
  try {
    const answer = await api(`/api/email/unsubscribe?token=${encodeURIComponent(token)}&receive=${receive}`, { method: "POST", redirectOn401: false });
    const what = answer.label.toLowerCase();
    status.textContent = answer.receive ? `You will receive emails about: ${what} again.` : `You will no longer receive emails about: ${what}.`;
    undo.textContent = answer.receive ? "Stop them again" : "Undo: keep receiving them";
    undo.hidden = false;
    undo.onclick = () => choose(!answer.receive);
  } catch (e) {
    status.textContent = "";
    error.textContent = e instanceof ApiError ? e.message : "Something went wrong. Try again.";
    error.hidden = false;
    undo.hidden = true;
  }
}

choose(false);
