// @ts-check
// The home page's "How helpful your feedback was": per roundtable and asynchronous round in which the person gave
// peer feedback, oldest first, the mean helpfulness presenters rated it and how many ratings that rests on.
import { api } from "../../lib/api.js";
import { el } from "../../lib/dom.js";
import { formatDateTime } from "../../lib/format.js";

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function headerCell(text) {
  const th = el("th", { text });
  th.scope = "col";
  return th;
}

/** @param {any} round @param {number} max */
function row(round, max) {
  const when = el("time", { text: formatDateTime(round.at) });
  when.dateTime = round.at;
  const where = el("th", { text: round.title }, el("span", { className: "meta", text: ` · ${round.cohortName}` }));
  where.scope = "row";
  const mean = round.mean === null ? "Not rated yet" : `${round.mean.toFixed(1)} of ${max}`;
  return el("tr", {}, el("td", {}, when), where, el("td", { text: String(round.given) }),
    el("td", { text: String(round.rated) }), el("td", { className: "helpfulness-mean", text: mean }));
}

/**
 * Shows the section (hidden until then) once the person has given feedback anywhere; a failure leaves it hidden.
 * @param {HTMLElement} section @param {HTMLElement} container @param {string} userId
 */
export async function loadFeedbackHelpfulness(section, container, userId) {
  try {
    const helpfulness = await api(`/api/users/${encodeURIComponent(userId)}/feedback-helpfulness`);
    if (helpfulness.rounds.length === 0) {
      return;
    }
    const rated = helpfulness.rounds.reduce((sum, r) => sum + r.rated, 0);
    const summary = el("p", { className: "meta",
      text: `Presenters rate each piece of feedback from 1 (not helpful) to ${helpfulness.maxHelpfulness} (very helpful); ${plural(rated, "rating")} so far.` });
    const table = el("table", { className: "feedback-table helpfulness-table" },
      el("caption", { className: "visually-hidden", text: "Helpfulness of your feedback, oldest first" }),
      el("thead", {}, el("tr", {}, ...["When", "Where", "Feedback given", "Ratings", "Mean helpfulness"].map(headerCell))),
      el("tbody", {}, ...helpfulness.rounds.map((r) => row(r, helpfulness.maxHelpfulness))));
    container.replaceChildren(summary, el("div", { className: "table-scroll" }, table));
    section.hidden = false;
  } catch {
    // Advice for the person only; the rest of the home page does not depend on it.
  }
}
