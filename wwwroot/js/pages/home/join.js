// @ts-check
// The home page's "Join a cohort": the cohorts of programs that accept requests, each with a way to ask to join (an
// optional message to its coaches), and for those who answer requests a link to them.
import { api, ApiError } from "../../lib/api.js";
import { el, uid } from "../../lib/dom.js";
import { errorMessage, showStatus } from "../../lib/alerts.js";

/** @param {{id: string, name: string}} cohort @param {HTMLElement} status */
function askForm(cohort, status) {
  const message = el("textarea");
  message.id = uid("join-message");
  message.name = "message";
  message.rows = 2;
  message.maxLength = 1000;
  const label = el("label", { text: `Message to the coaches of ${cohort.name} (optional)` });
  label.htmlFor = message.id;
  const error = el("p", { className: "field-error" });
  error.id = `${message.id}-error`;
  error.hidden = true;
  message.setAttribute("aria-describedby", error.id);
  const button = el("button", { className: "button", text: `Ask to join ${cohort.name}` });
  button.type = "submit";
  const form = el("form", { className: "stack join-form" }, el("div", { className: "field" }, label, message, error), button);
  form.noValidate = true;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    button.disabled = true;
    error.hidden = true;
    message.removeAttribute("aria-invalid");
    try {
      await api(`/api/cohorts/${encodeURIComponent(cohort.id)}/access-requests`, { method: "POST", body: { message: message.value } });
      const sent = el("p", { className: "meta", text: "Request sent: its coaches will answer, and you will hear by notification and email." });
      form.replaceWith(sent);
      showStatus(status, `You asked to join ${cohort.name}.`);
    } catch (err) {
      button.disabled = false;
      if (err instanceof ApiError && err.errors.message) {
        error.textContent = err.errors.message.join(" ");
        error.hidden = false;
        message.setAttribute("aria-invalid", "true");
        message.focus();
        return;
      }
      showStatus(status, errorMessage(err, "Could not send the request. Try again."), { error: true });
    }
  });
  return form;
}

/** @param {any} program @param {HTMLElement} status */
function programBlock(program, status) {
  const items = program.cohorts.map((/** @type {any} */ cohort) => el("li", { className: "join-cohort" },
    el("h4", { text: cohort.name }),
    cohort.member
      ? el("p", { className: "meta", text: "You are a member." })
      : cohort.pendingRequestId
        ? el("p", { className: "meta", text: "Request sent; waiting for an answer." })
        : askForm(cohort, status)));
  return el("div", { className: "join-program" },
    el("h3", { text: program.name }),
    program.description ? el("p", { text: program.description }) : "",
    el("ul", { className: "join-cohorts" }, ...items));
}

/**
 * Fills the section when there is a cohort to ask to join, and the link when the person answers requests.
 * @param {{section: HTMLElement, list: HTMLElement, status: HTMLElement, reviewLink: HTMLElement}} parts
 */
export async function loadJoin({ section, list, status, reviewLink }) {
  try {
    const [programs, review] = await Promise.all([api("/api/access-requests/open"), api("/api/access-requests")]);
    const askable = programs.filter((/** @type {any} */ p) => p.cohorts.some((/** @type {any} */ c) => !c.member));
    list.replaceChildren(...askable.map((/** @type {any} */ p) => programBlock(p, status)));
    section.hidden = askable.length === 0;
    if (review.maySetPrograms || review.pending.length > 0) {
      const link = /** @type {HTMLAnchorElement} */ (reviewLink.querySelector("a"));
      link.textContent = review.pending.length === 1 ? "1 request to join is waiting for an answer"
        : review.pending.length > 1 ? `${review.pending.length} requests to join are waiting for an answer` : "Requests to join your cohorts";
      reviewLink.hidden = false;
    }
  } catch (error) {
    section.hidden = false;
    showStatus(status, errorMessage(error, "Could not load the cohorts you can join."), { error: true });
  }
}
