// @ts-check
// The home page's "How helpful your feedback was": per roundtable and asynchronous round in which the person gave
// peer feedback, oldest first, the mean helpfulness presenters rated it and how many ratings it rests on.
import { api } from "../../lib/api.js";
import { el } from "../../lib/dom.js";
import { formatDateTime } from "../../lib/format.js";
import { dataTable } from "../../lib/tables.js";

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** @param {number} max @returns {import("../../lib/tables.js").Column[]} */
function columns(max) {
  return [
    { label: "When", text: (r) => formatDateTime(r.at), render: (r) => Object.assign(el("time", { text: formatDateTime(r.at) }), { dateTime: r.at }) },
    { label: "Where", header: true, text: (r) => `${r.title} · ${r.cohortName}` },
    { label: "Feedback given", text: (r) => String(r.given) },
    { label: "Ratings", text: (r) => String(r.rated) },
    { label: "Mean helpfulness", text: (r) => (r.mean === null ? "Not rated yet" : `${r.mean.toFixed(1)} of ${max}`) },
  ];
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
    container.replaceChildren(summary, dataTable({
      caption: "Helpfulness of your feedback, oldest first", columns: columns(helpfulness.maxHelpfulness), rows: helpfulness.rounds,
    }));
    section.hidden = false;
  } catch {
    // For the person's own reflection only; the rest of the home page does not depend on it.
  }
}
