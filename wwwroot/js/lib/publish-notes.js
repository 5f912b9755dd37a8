// @ts-check
// "Publish notes to the wiki": a button that turns a roundtable's shared notes into a page of its cohort's wiki (or a
// new version of the page published from it before), then links to that page.
import { api } from "./api.js";
import { el } from "./dom.js";
import { errorMessage } from "./alerts.js";

/**
 * @param {string} roundtableId
 * @returns {HTMLElement}
 */
export function publishNotesButton(roundtableId) {
  const button = el("button", { className: "button", text: "Publish notes to the wiki" });
  button.type = "button";
  const outcome = el("p", { className: "publish-outcome" });
  outcome.setAttribute("role", "status");
  button.addEventListener("click", async () => {
    button.disabled = true;
    outcome.replaceChildren("Publishing…");
    try {
      const page = await api(`/api/roundtables/${encodeURIComponent(roundtableId)}/wiki`, { method: "POST", body: {} });
      const link = el("a", { text: page.title });
      link.href = `/wiki.html?cohort=${encodeURIComponent(page.cohortId)}&page=${encodeURIComponent(page.id)}`;
      outcome.replaceChildren(page.version === 1 ? "Published as the wiki page " : `The wiki page is at version ${page.version}: `, link);
    } catch (error) {
      outcome.replaceChildren(el("span", { className: "field-error", text: errorMessage(error, "Could not publish the notes.") }));
    } finally {
      button.disabled = false;
    }
  });
  return el("div", { className: "publish-notes" }, button, outcome);
}
