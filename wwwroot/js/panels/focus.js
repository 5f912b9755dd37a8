// Panels re-render their lists; a control that had focus gets it back in its new element, keyed by data-focus-key.
// Also the page-unique ids and labelled fields the panels' forms are wired up with.
import { el } from "../format.js";


/** Runs render() and moves focus to the element with the same data-focus-key inside root, if one had it before. */
export function keepingFocus(root, render) {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && root.contains(active) ? active.dataset.focusKey : undefined;
  render();
  if (key && !root.contains(active)) {
    const again = [...root.querySelectorAll("[data-focus-key]")].find((node) => node.dataset.focusKey === key);
    again?.focus();
  }
}

let counter = 0;

/** A page-unique id for label/aria wiring. */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A labelled control (and an optional hint it is described by), in a .field wrapper, wired up with fresh ids. */
export function field(labelText, control, hintText) {
  control.id = uid("field");
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
