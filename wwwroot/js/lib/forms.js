// @ts-check
// Labelled fields, and field errors beside a form's fields: each input named as the server's error key, its
// message in #<input id>-error.
import { el, uid } from "./dom.js";

/** @param {HTMLFormElement} form */
export function clearFieldErrors(form) {
  for (const input of form.querySelectorAll("input, select, textarea")) {
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

/** A field with its error line (the control named as the server names the field). */
export function checkedField(/** @type {string} */ labelText, /** @type {HTMLElement} */ control, /** @type {string | undefined} */ hint = undefined) {
  const wrap = field(labelText, control, hint);
  const error = el("p", { className: "field-error" });
  error.id = `${control.id}-error`;
  error.hidden = true;
  wrap.append(error);
  return wrap;
}

/** An input of a type, named as the server names the field. @param {string} type @param {string} name @param {string} [value] */
export function input(type, name, value = "") {
  const control = el("input");
  control.type = type;
  control.name = name;
  control.value = value;
  return control;
}

/** A select of every IANA time zone the browser knows, the chosen one (then UTC) first. */
export function zoneSelect(/** @type {string} */ name, /** @type {string} */ selected) {
  const select = el("select");
  select.name = name;
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  for (const zone of new Set([selected, "UTC", ...zones])) {
    const option = el("option", { text: zone.replaceAll("_", " ") });
    option.value = zone;
    option.selected = zone === selected;
    select.append(option);
  }
  return select;
}

/** A select of the given [value, text] options, the chosen value selected. */
export function choiceSelect(/** @type {string} */ name, /** @type {[string, string][]} */ options, /** @type {string} */ selected) {
  const select = el("select");
  select.name = name;
  for (const [value, text] of options) {
    const option = el("option", { text });
    option.value = value;
    option.selected = value === selected;
    select.append(option);
  }
  return select;
}
