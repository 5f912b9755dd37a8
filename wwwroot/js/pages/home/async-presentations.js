// @ts-check
// The home page's "To review": presentations peers asked this person to review, with how many are still due.
import { api } from "../../lib/api.js";
import { el } from "../../lib/dom.js";
import { formatDateTime } from "../../lib/format.js";

/**
 * Fills the list and shows the section when there is anything to review (a failure leaves it hidden: the page says it).
 * @param {HTMLElement} section
 * @param {HTMLElement} list
 */
export async function loadAsyncReviews(section, list) {
  try {
    const overview = await api("/api/async-presentations");
    const open = overview.toReview.filter((p) => !p.released);
    if (open.length === 0) {
      return;
    }
    const count = el("p", { className: "meta", text: `${overview.openToReview} of ${open.length} still to review` });
    count.id = "async-reviews-count";
    list.replaceChildren(count, el("ul", { className: "roundtables" }, ...open.map((p) => {
      const link = el("a", { text: p.title });
      link.href = `/async-presentations.html?presentation=${encodeURIComponent(p.id)}`;
      const due = el("time", { text: formatDateTime(p.deadline) });
      due.dateTime = p.deadline;
      return el("li", { className: "roundtable" }, el("h3", { className: "roundtable-head" }, link),
        el("p", { className: "meta" }, `by ${p.presenterName} · due `, due, p.myReviewGiven ? " · reviewed" : " · to review"));
    })));
    section.hidden = false;
  } catch {
    // The page it links to says what went wrong; the home page stays quiet.
  }
}
