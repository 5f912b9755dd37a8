// Dates and labels shown in more than one page.

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
