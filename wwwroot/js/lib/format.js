// @ts-check
// Dates, labels and form fields shown in more than one page.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

/** @param {string} iso */
export function formatDateTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : dateTime.format(d);
}

// "Tue 8 Dec, 14:00 CET": when something is scheduled, with the viewer's time zone named, as people in other zones join.
const whenWithZone = new Intl.DateTimeFormat(undefined, {
  weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
});

/** @param {string} iso */
export function formatWhen(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : whenWithZone.format(d);
}

/** @param {string} iso */
export function formatTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : timeOnly.format(d);
}

/** @type {Record<string, string>} */
const statusLabels = { Scheduled: "Scheduled", Live: "Live now", Ended: "Ended" };

/** A status badge; the text carries the meaning, the colour only repeats it. @param {string} status */
export function statusBadge(status) {
  const badge = document.createElement("span");
  badge.className = `badge status-${String(status).toLowerCase()}`;
  badge.textContent = statusLabels[status] ?? String(status);
  return badge;
}

const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const wholePercent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 0 });

/** A mean score with one decimal, or a dash when there is none. @param {number | null | undefined} value */
export function formatScore(value) {
  return value === null || value === undefined ? "—" : oneDecimal.format(value);
}

/** A share (0 to 1) as a whole percentage, or a dash. @param {number | null | undefined} value */
export function formatPercent(value) {
  return value === null || value === undefined ? "—" : wholePercent.format(value);
}

/** Seconds in a .NET TimeSpan as JSON ("[d.]hh:mm:ss[.fffffff]"). @param {unknown} value */
export function timeSpanSeconds(value) {
  const match = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.\d+)?$/.exec(String(value ?? ""));
  if (!match) {
    return 0;
  }
  const [, minus, days, hours, minutes, seconds] = match;
  const total = ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds);
  return minus ? -total : total;
}

/** A TimeSpan as hours, minutes and seconds: "1:05:09". @param {unknown} value */
export function formatDuration(value) {
  const total = Math.max(0, timeSpanSeconds(value));
  const two = (n) => String(n).padStart(2, "0");
  return `${Math.floor(total / 3600)}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}`;
}
