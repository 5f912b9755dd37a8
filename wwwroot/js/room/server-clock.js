// @ts-check
// The server's clock as this page estimates it, for countdowns every page agrees on: the offset is the largest
// "server time minus page time" seen (the snapshot's serverNow, each event's time), since each trails the server.
/** @type {number | null} */
let offset = null;
// A replay's moment: while set, the clock stands still there (timers show what they showed then).
/** @type {number | null} */
let pinned = null;

/** Takes in a time the server stamped (ISO 8601). @param {string} iso */
export function observeServerTime(iso) {
  const server = Date.parse(iso);
  if (Number.isNaN(server)) {
    return;
  }
  const seen = server - Date.now();
  offset = offset === null ? seen : Math.max(offset, seen);
}

export function serverNow() {
  return pinned ?? Date.now() + (offset ?? 0);
}

/** Stops the clock at a replayed moment (ISO 8601). @param {string} iso */
export function pinServerTime(iso) {
  const at = Date.parse(iso);
  pinned = Number.isNaN(at) ? null : at;
}

/** Server time minus this page's time, in ms (0 until anything is seen). */
export function clockOffset() {
  return offset ?? 0;
}

/** Milliseconds as "m:ss", rounded up to the whole second. @param {number} ms */
export function formatRemaining(ms) {
  const total = Math.ceil(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}
