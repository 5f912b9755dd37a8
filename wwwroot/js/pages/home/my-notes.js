// @ts-check
// The home page's "My notes": every private note of the signed-in person, newest first, with its roundtable.
import { api } from "../../lib/api.js";
import { el, serverHtml } from "../../lib/dom.js";
import { formatDateTime } from "../../lib/format.js";
import { loadError } from "../../lib/alerts.js";

function noteItem(note) {
  const link = el("a", { text: note.title });
  link.href = `/room.html?id=${encodeURIComponent(note.roundtableId)}`;
  const when = el("time", { text: formatDateTime(note.updatedAt) });
  when.dateTime = note.updatedAt;
  const body = el("div", { className: "message-body" });
  // Rendered and sanitised by the server.
  serverHtml(body, note.html, { headingBase: 3 });
  return el("li", { className: "roundtable" },
    el("h3", { className: "roundtable-head" }, link),
    el("p", { className: "meta" }, "Saved ", when),
    body);
}

/** Fills container with the person's notes, or says why it could not. @param {HTMLElement} container */
export async function loadMyNotes(container) {
  try {
    const notes = await api("/api/my-notes");
    container.replaceChildren(notes.length
      ? el("ul", { className: "roundtables" }, ...notes.map(noteItem))
      : el("p", { className: "hint", text: "No private notes yet. Write some in a roundtable's Notes panel." }));
  } catch (error) {
    container.replaceChildren(loadError(error, "Could not load your notes."));
  }
}
