// @ts-check
// Settings: which kinds of email the person receives (each box saves at once). Invitations and password resets are
// always sent, so their boxes are shown ticked and cannot be changed.
import { api, ApiError } from "../lib/api.js";
import { el, $ } from "../lib/dom.js";
import { mountPageShell } from "../lib/page-shell.js";
import { mountCalendarFeedSection, mountTimeZoneSection } from "./settings/calendar-settings.js";

const shell = mountPageShell();
const kinds = /** @type {HTMLFieldSetElement} */ ($("email-kinds"));
const status = /** @type {HTMLElement} */ ($("email-status"));
const error = /** @type {HTMLElement} */ ($("settings-error"));

/** @param {unknown} e */
function showError(e) {
  error.textContent = e instanceof ApiError ? e.message : "Something went wrong. Try again.";
  error.hidden = false;
}

/**
 * @typedef {{kind: string, label: string, optional: boolean, receive: boolean}} EmailPreference
 * @param {EmailPreference} preference
 */
function preferenceBox(preference) {
  const box = el("input");
  box.type = "checkbox";
  box.id = `email-${preference.kind}`;
  box.name = preference.kind;
  box.checked = preference.receive;
  box.disabled = !preference.optional;
  const label = el("label", { text: preference.label });
  label.htmlFor = box.id;
  const row = el("div", { className: "check" }, box, label);
  if (!preference.optional) {
    const hint = el("span", { className: "hint", text: " (always sent)" });
    hint.id = `${box.id}-hint`;
    box.setAttribute("aria-describedby", hint.id);
    label.append(hint);
  }
  box.addEventListener("change", async () => {
    error.hidden = true;
    const receive = box.checked;
    try {
      await api("/api/me/email-preferences", { method: "PUT", body: { kind: preference.kind, receive } });
      status.textContent = receive ? `You will receive emails about: ${preference.label.toLowerCase()}.` : `No more emails about: ${preference.label.toLowerCase()}.`;
    } catch (e) {
      box.checked = !receive;
      showError(e);
    }
  });
  return row;
}

async function load() {
  try {
    const [me, preferences] = await Promise.all([api("/api/me"), api("/api/me/email-preferences")]);
    shell.showUser(me);
    mountTimeZoneSection(me);
    mountCalendarFeedSection();
    $("email-address").textContent = `Emails go to ${me.email}.`;
    kinds.replaceChildren(el("legend", { text: "Send me emails about" }), .../** @type {EmailPreference[]} */ (preferences).map(preferenceBox));
  } catch (e) {
    showError(e);
  }
}

load();
