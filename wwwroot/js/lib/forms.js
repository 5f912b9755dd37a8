// @ts-check
// Labelled fields, and field errors beside a form's fields: each input named as the server's error key, its
// message in #<input id>-error.
import { el, uid } from "./dom.js";

/** @param {HTMLFormElement} form */
export function clearFieldErrors(form) {
  for (const input of form.querySelectorAll("input")) {
    input.removeAttribute("aria-invalid");
  }
  for (const p of /** @type {NodeListOf<HTMLElement>} */ (form.querySelectorAll(".field-error"))) {
    p.textContent = "";
    p.hidden = true;
  }
}

/**
 * Validation errors keyed by field name (camelCase), e.g. {"password": ["..."]}; returns the first input to fix.
 * @param {HTMLFormElement} form
 * @param {Record<string, string[]>} errors
 * @returns {HTMLInputElement | null}
 */
export function showFieldErrors(form, errors) {
  /** @type {HTMLInputElement | null} */
  let first = null;
  for (const [field, messages] of Object.entries(errors)) {
    const input = /** @type {HTMLInputElement | null} */ (form.querySelector(`[name="${CSS.escape(field)}" i]`));
    const message = /** @type {HTMLElement | null} */ (form.querySelector(`#${input?.id}-error`));
    if (!input || !message) {
      continue;
    }
    input.setAttribute("aria-invalid", "true");
    message.textContent = messages.join(" ");
    message.hidden = false;
    first ??= input;
  }
  return first;
}

/**
 * A labelled field: the control (given an id when it has none), its label and an optional hint it is described by.
 * @param {string} labelText
 * @param {HTMLElement} control
 * @param {string} [hintText]
 */
export function field(labelText, control, hintText) {
  control.id ||= uid("field");
  const label = el("label", { text: labelText });
  label.htmlFor = control.id;
  const wrap = el("div", { className: "field" }, label);
  if (hintText) {
    const hint = el("p", { className: "hint", text: hintText });
    hint.id = uid("hint");
    control.setAttribute("aria-describedby", hint.id);
    wrap.append(hint);
  }
  wrap.append(control);
  return wrap;
}
