// @ts-check
// The home page's "Discussions": per cohort, how many threads and posts the person has not read yet, each a link to
// that cohort's discussions.
import { api } from "../../lib/api.js";
import { el } from "../../lib/dom.js";
import { loadError } from "../../lib/alerts.js";

function placeItem(place) {
  const link = el("a", { text: place.cohortName });
  link.href = `/discussions.html?cohort=${encodeURIComponent(place.cohortId)}`;
  const unread = place.posts === 0
    ? "nothing unread"
    : `${place.posts} unread ${place.posts === 1 ? "post" : "posts"} in ${place.threads} ${place.threads === 1 ? "thread" : "threads"}`;
  return el("li", {}, link, " · ", el("span", { className: place.posts ? "badge unread" : "meta", text: unread }));
}

/** Fills container with the person's unread discussions per cohort, or says why it could not. @param {HTMLElement} container */
export async function loadDiscussions(container) {
  try {
    const places = await api("/api/me/unread-discussions");
    container.replaceChildren(places.length
      ? el("ul", { className: "link-list discussion-unread" }, ...places.map(placeItem))
      : el("p", { className: "hint", text: "Discussions open once you are in a cohort." }));
  } catch (error) {
    container.replaceChildren(loadError(error, "Could not load your discussions."));
  }
}
