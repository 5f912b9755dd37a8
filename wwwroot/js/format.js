// Dates, labels and form fields shown in more than one page.
import { uid } from "./panels/focus.js";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

export function formatDateTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : dateTime.format(d);
}

export function formatTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : timeOnly.format(d);
}

const statusLabels = { Scheduled: "Scheduled", Live: "Live now", Ended: "Ended" };

/** A status badge; the text carries the meaning, the colour only repeats it. */
export function statusBadge(status) {
  const badge = document.createElement("span");
  badge.className = `badge status-${String(status).toLowerCase()}`;
  badge.textContent = statusLabels[status] ?? String(status);
  return badge;
}

/** Creates an element with text set as text, never as markup. */
export function el(tag, { className, text } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  node.append(...children);
  return node;
}

/** A labelled field: the control (given an id when it has none), its label and an optional hint it is described by. */
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
