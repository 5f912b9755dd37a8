// @ts-check
// The summary page's "Discussion": continue the roundtable's discussion in its thread, and once the session has ended
// open a thread per agenda topic quoting what was said during it.
import { api } from "../../lib/api.js";
import { el } from "../../lib/dom.js";
import { loadError } from "../../lib/alerts.js";

const open = (roundtableId, topic) =>
  `/discussions.html?roundtable=${encodeURIComponent(roundtableId)}${topic ? `&topic=${encodeURIComponent(topic)}` : ""}`;

/** Fills container with the roundtable's discussion links. @param {HTMLElement} container @param {string} roundtableId */
export async function loadSummaryDiscussion(container, roundtableId) {
  try {
    const discussions = await api(`/api/roundtables/${encodeURIComponent(roundtableId)}/discussions`);
    const parts = [];
    if (discussions.started || discussions.mayStart) {
      const link = el("a", { text: "Continue the discussion" });
      link.href = open(roundtableId, null);
      parts.push(el("p", {}, link));
    } else {
      parts.push(el("p", { className: "hint", text: "Nobody has started this roundtable's discussion yet." }));
    }
    const topics = discussions.topics.filter((t) => t.started || discussions.mayStart);
    if (topics.length) {
      parts.push(el("p", { text: "Each agenda topic can have its own thread, quoting what was said in the chat during it:" }));
      parts.push(el("ul", { className: "link-list" }, ...topics.map((topic) => {
        const link = el("a", { text: `Discuss “${topic.label}”` });
        link.href = open(roundtableId, topic.agendaItemId);
        const said = `${topic.messages} ${topic.messages === 1 ? "message" : "messages"}${topic.started ? " · thread started" : ""}`;
        return el("li", {}, link, el("span", { className: "meta", text: ` (${said})` }));
      })));
    }
    container.replaceChildren(...parts);
  } catch (error) {
    container.replaceChildren(loadError(error, "Could not load the roundtable's discussion."));
  }
}
