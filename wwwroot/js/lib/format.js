// @ts-check
// Dates, labels and form fields shown in more than one page.

// Every time is shown in the person's time zone, named ("Tue 8 Dec, 10:00 CET"): the one they chose in their settings
// (remembered in this browser as soon as a page learns it from /api/me or /api/home), else the browser's own.
const zoneKey = "roundtable.timeZone";

/** @param {string | null | undefined} zone */
function validZone(zone) {
  if (!zone) {
    return undefined;
  }
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

/** @returns {string | undefined} */
function storedZone() {
  try {
    return validZone(localStorage.getItem(zoneKey));
  } catch {
    return undefined;
  }
}

/** @type {string | undefined} */
let chosenZone = storedZone();

/** @param {Intl.DateTimeFormatOptions} options */
const formatter = (options) => new Intl.DateTimeFormat(undefined, { ...options, timeZone: chosenZone, timeZoneName: "short" });

let dateTime = formatter({ year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
let timeOnly = formatter({ hour: "2-digit", minute: "2-digit" });
// "Tue 8 Dec, 14:00 CET": when something is scheduled, with the viewer's time zone named, as people in other zones join.
let whenWithZone = formatter({ weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

/** The browser's own IANA time zone. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The IANA zone times are shown in: the person's choice, else the browser's. */
export const currentTimeZone = () => chosenZone ?? browserTimeZone();

/**
 * Shows every later time in this zone (null: the browser's), and remembers it in this browser.
 * @param {string | null | undefined} zone
 */
export function setTimeZone(zone) {
  const valid = validZone(zone);
  if (valid === chosenZone) {
    return;
  }
  chosenZone = valid;
  try {
    if (valid) {
      localStorage.setItem(zoneKey, valid);
    } else {
      localStorage.removeItem(zoneKey);
    }
  } catch {
    // Storage refused (a private window): the zone still holds for this page.
  }
  dateTime = formatter({ year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  timeOnly = formatter({ hour: "2-digit", minute: "2-digit" });
  whenWithZone = formatter({ weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

/** @param {string} iso */
export function formatDateTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : dateTime.format(d);
}

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

/** The wall-clock date and time of an instant in a zone, as a datetime-local input holds it ("2026-12-08T10:00"). */
export function localInputValue(/** @type {string} */ iso, /** @type {string} */ zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** @type {Record<string, string>} */
const statusLabels = { Scheduled: "Scheduled", Live: "Live now", Ended: "Ended", Cancelled: "Cancelled" };

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
