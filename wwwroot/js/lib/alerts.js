// @ts-check
// Messages a page shows about what just happened: an alert (role=alert, read out at once) for errors, a status line
// for progress and outcomes.
import { ApiError } from "./api.js";
import { el } from "./dom.js";

/**
 * An empty alert box, read out by screen readers whenever text is put in it.
 * @param {string} [text]
 * @returns {HTMLDivElement}
 */
export function alertBox(text) {
  const box = el("div", { className: "alert", text });
  box.setAttribute("role", "alert");
  return box;
}

/**
 * An error in place of content that could not be loaded (inside a list, an <li>).
 * @param {unknown} error
 * @param {string} fallback shown when the error is not the server's own message
 * @param {"p" | "li"} [tag]
 */
export function loadError(error, fallback, tag = "p") {
  return el(tag, { className: "alert", text: errorMessage(error, fallback) });
}

/**
 * The message of an error the server explained (an ApiError), else fallback.
 * @param {unknown} error
 * @param {string} fallback
 */
export function errorMessage(error, fallback) {
  return error instanceof ApiError ? error.message : fallback;
}

/**
 * Shows text in a page's status line; as an error, styled as an alert.
 * @param {HTMLElement} status
 * @param {string} text
 * @param {{error?: boolean}} [options]
 */
export function showStatus(status, text, { error = false } = {}) {
  status.textContent = text;
  status.classList.toggle("alert", error);
}
