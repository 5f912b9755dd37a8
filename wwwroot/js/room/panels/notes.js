// @ts-check
// The notes panel: the roundtable's shared notes (edited by many at once; edits merge on the server, and an edit of
// lines someone else changed comes back as a conflict with their version), the viewer's private notes, and the notes
// of the cohort's earlier roundtables.
import { api, ApiError } from "../../lib/api.js";
import { el, serverHtml } from "../../lib/dom.js";
import { formatDateTime } from "../../lib/format.js";
import { ModerationEvent } from "./moderation.js";
import { alertBox, loadError } from "../../lib/alerts.js";

/** The room event types this feature's events carry ("type"), as the server names them. */
export const NotesEvent = Object.freeze({
  SharedNoteEdited: "SharedNoteEdited",
});

/** This feature's RoomHub methods (the room id is the first argument). */
export const NotesMethod = Object.freeze({
  EditSharedNote: "EditSharedNote",
});

const MAX_NOTE_BYTES = 32 * 1024;
const encoder = new TextEncoder();

/** @type {import("./panel.js").PanelContext} set by mount, before any other hook */
let ctx;
// The version the textarea was edited from, and its text: what the server merges against on save.
let base = { version: 0, markdown: "" };
let latest = { version: 0, markdown: "", html: "", editorName: null };
let saving = false;
let sharedEditable = true;
// The coach can turn notes editing off for learners and managers (moderation's setting).
let notesLocked = false;
/** @type {import("./panel.js").RoomModel | null} */
let lastRoom = null;
let privateBase = { version: 0, markdown: "" };
const ui = {};

function button(text, className = "button") {
  const b = el("button", { className, text });
  b.type = "button";
  return b;
}

function labelled(id, labelText, hintId) {
  const label = el("label", { text: labelText });
  label.htmlFor = id;
  const input = el("textarea");
  input.id = id;
  input.rows = 8;
  if (hintId) {
    input.setAttribute("aria-describedby", hintId);
  }
  return { label, input };
}

function region(label, className = "preview message-body notes-rendered") {
  const div = el("div", { className });
  div.setAttribute("role", "region");
  div.setAttribute("aria-label", label);
  return div;
}

function setHtml(node, html, emptyText) {
  if (html) {
    // Rendered and sanitised by the server: the only markup this panel inserts.
    serverHtml(node, html);
  } else {
    node.replaceChildren(el("p", { className: "hint", text: emptyText }));
  }
}

function tooBig(text) {
  const bytes = encoder.encode(text).length;
  return bytes > MAX_NOTE_BYTES ? `The note is ${(bytes / 1024).toFixed(1)} KB; the limit is ${MAX_NOTE_BYTES / 1024} KB. Nothing was saved.` : null;
}

// ---- shared notes -----------------------------------------------------------------------------

function dirty() {
  return ui.shared.value !== base.markdown;
}

function renderShared() {
  setHtml(ui.sharedRendered, latest.html, "No shared notes yet.");
  ui.sharedVersion.textContent = latest.version
    ? `Version ${latest.version}${latest.editorName ? `, last edited by ${latest.editorName}` : ""}.`
    : "Nobody has written shared notes yet.";
}

function takeLatest() {
  base = { version: latest.version, markdown: latest.markdown };
  ui.shared.value = latest.markdown;
  ui.remoteNotice.hidden = true;
}

function showConflict(result, mine) {
  ui.conflictMessage.textContent = result.message;
  setHtml(ui.theirs, result.note.html, "Their version is empty.");
  ui.conflict.hidden = false;
  ui.conflict.dataset.mine = mine;
  ui.conflict.dataset.theirsVersion = String(result.note.version);
  ui.conflict.dataset.theirsMarkdown = result.note.markdown;
  ui.mineBox.hidden = true;
}

function useTheirs() {
  const mine = ui.conflict.dataset.mine ?? "";
  base = { version: Number(ui.conflict.dataset.theirsVersion), markdown: ui.conflict.dataset.theirsMarkdown ?? "" };
  if (latest.version > base.version) {
    base = { version: latest.version, markdown: latest.markdown };
  }
  ui.shared.value = base.markdown;
  ui.mine.value = mine;
  ui.conflict.hidden = true;
  ui.mineBox.hidden = false;
  ui.remoteNotice.hidden = true;
  ui.sharedSaved.textContent = "Their version is in the editor. Copy your changes from “Your version” and save again.";
  ui.shared.focus();
}

async function saveShared() {
  if (saving || !sharedEditable) {
    return;
  }
  ui.sharedError.textContent = "";
  const sent = ui.shared.value;
  const problem = tooBig(sent);
  if (problem) {
    ui.sharedError.textContent = problem;
    return;
  }
  saving = true;
  ui.shared.readOnly = true;
  ui.sharedSave.disabled = true;
  ui.sharedSaved.textContent = "Saving…";
  try {
    const result = await ctx.invoke(NotesMethod.EditSharedNote, base.version, sent);
    if (result.outcome === "Conflict") {
      ui.sharedSaved.textContent = "Not saved.";
      showConflict(result, sent);
      ctx.announce("Not saved: someone changed the same lines.");
      return;
    }
    base = { version: result.note.version, markdown: result.note.markdown };
    if (result.note.version > latest.version) {
      latest = result.note;
      renderShared();
    }
    if (latest.version > base.version) {
      base = { version: latest.version, markdown: latest.markdown };
    }
    ui.shared.value = base.markdown;
    ui.remoteNotice.hidden = true;
    ui.conflict.hidden = true;
    const text = result.outcome === "Merged"
      ? `Saved and merged with others' changes (version ${result.note.version}).`
      : result.outcome === "Unchanged" ? "Nothing to save: no changes." : `Saved (version ${result.note.version}).`;
    ui.sharedSaved.textContent = text;
  } catch (error) {
    ui.sharedSaved.textContent = "Not saved.";
    ui.sharedError.textContent = error.message;
  } finally {
    saving = false;
    ui.shared.readOnly = !sharedEditable;
    ui.sharedSave.disabled = !sharedEditable;
  }
}

function onRemoteEdit(event) {
  latest = { version: event.version, markdown: event.markdown, html: event.html, editorName: event.editorName };
  renderShared();
  if (saving) {
    return;
  }
  if (!dirty()) {
    takeLatest();
  } else if (event.editorUserId !== ctx.room.userId) {
    ui.remoteNotice.textContent = `Updated by ${event.editorName} — your changes will be merged on save.`;
    ui.remoteNotice.hidden = false;
  }
  if (event.editorUserId !== ctx.room.userId) {
    ctx.announce(`${event.editorName} updated the shared notes.`);
  }
}

function buildShared() {
  const hintId = "notes-shared-hint";
  const { label, input } = labelled("notes-shared-input", "Shared notes (Markdown)", `${hintId} notes-shared-version`);
  ui.shared = input;
  ui.sharedVersion = el("p", { className: "hint" });
  ui.sharedVersion.id = "notes-shared-version";
  ui.sharedSave = button("Save shared notes", "button primary");
  ui.sharedSaved = el("p", { className: "hint" });
  ui.sharedSaved.setAttribute("role", "status");
  ui.remoteNotice = el("p", { className: "notice" });
  ui.remoteNotice.setAttribute("role", "status");
  ui.remoteNotice.hidden = true;
  ui.sharedError = alertBox();

  ui.conflictMessage = el("p");
  ui.theirs = region("Their version");
  const useTheirsButton = button("Use theirs and re-apply mine");
  useTheirsButton.addEventListener("click", useTheirs);
  ui.conflict = alertBox();
  ui.conflict.classList.add("notes-conflict");
  ui.conflict.append(ui.conflictMessage, ui.theirs, useTheirsButton);
  ui.conflict.hidden = true;

  const mine = labelled("notes-mine", "Your version (not saved; copy your changes from here)");
  ui.mine = mine.input;
  ui.mine.readOnly = true;
  const dismiss = button("Done re-applying");
  dismiss.addEventListener("click", () => { ui.mineBox.hidden = true; ui.shared.focus(); });
  ui.mineBox = el("div", { className: "notes-mine" }, mine.label, mine.input, dismiss);
  ui.mineBox.hidden = true;

  ui.sharedRendered = region("Shared notes, rendered");
  const exportLink = el("a", { text: "Download the shared notes (.md file)" });
  exportLink.href = `/api/roundtables/${encodeURIComponent(ctx.roomId)}/notes.md`;

  ui.sharedSave.addEventListener("click", saveShared);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      saveShared();
    }
  });
  input.addEventListener("input", () => { ui.sharedSaved.textContent = dirty() ? "Unsaved changes." : ""; });

  const heading = el("h3", { text: "Shared notes" });
  heading.id = "notes-shared-heading";
  const hint = el("p", { className: "hint", text: "Everyone in the roundtable can edit these. Ctrl+Enter saves." });
  hint.id = hintId;
  const section = el("section", { className: "notes-section" },
    heading, hint, label, input, ui.sharedVersion, ui.remoteNotice,
    el("div", { className: "notes-actions" }, ui.sharedSave, ui.sharedSaved),
    ui.sharedError, ui.conflict, ui.mineBox, ui.sharedRendered, el("p", {}, exportLink));
  section.setAttribute("aria-labelledby", heading.id);
  return section;
}

// ---- private notes ----------------------------------------------------------------------------

const notePath = (roundtableId) => `/api/roundtables/${encodeURIComponent(roundtableId)}/my-note`;

function showPrivate(note) {
  privateBase = { version: note.version, markdown: note.markdown };
  ui.private.value = note.markdown;
  setHtml(ui.privateRendered, note.html, "Nothing written yet.");
  ui.privateSaved.textContent = note.updatedAt ? `Saved ${formatDateTime(note.updatedAt)}.` : "";
  ui.privateReload.hidden = true;
}

async function loadPrivate() {
  try {
    showPrivate(await api(notePath(ctx.roomId)));
  } catch (error) {
    ui.privateError.textContent = error instanceof ApiError ? error.message : "Could not load your note.";
  }
}

async function savePrivate() {
  ui.privateError.textContent = "";
  const problem = tooBig(ui.private.value);
  if (problem) {
    ui.privateError.textContent = problem;
    return;
  }
  ui.privateSave.disabled = true;
  ui.privateSaved.textContent = "Saving…";
  try {
    showPrivate(await api(notePath(ctx.roomId), { method: "PUT", body: { baseVersion: privateBase.version, markdown: ui.private.value } }));
  } catch (error) {
    ui.privateSaved.textContent = "Not saved.";
    ui.privateError.textContent = error instanceof ApiError ? error.message : "Could not save your note.";
    ui.privateReload.hidden = !(error instanceof ApiError && error.status === 409);
  } finally {
    ui.privateSave.disabled = false;
  }
}

function buildPrivate() {
  const { label, input } = labelled("notes-private-input", "My private notes (Markdown)", "notes-private-hint");
  ui.private = input;
  ui.privateSave = button("Save my notes", "button primary");
  ui.privateSaved = el("p", { className: "hint" });
  ui.privateSaved.setAttribute("role", "status");
  ui.privateError = alertBox();
  ui.privateReload = button("Load the saved note");
  ui.privateReload.hidden = true;
  ui.privateReload.addEventListener("click", loadPrivate);
  ui.privateRendered = region("My private notes, rendered");
  ui.privateSave.addEventListener("click", savePrivate);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      savePrivate();
    }
  });
  input.addEventListener("input", () => {
    ui.privateSaved.textContent = input.value !== privateBase.markdown ? "Unsaved changes." : "";
  });
  const hint = el("p", { className: "hint", text: "Only you can see these, now and after the roundtable. Ctrl+Enter saves." });
  hint.id = "notes-private-hint";
  const heading = el("h3", { text: "My private notes" });
  heading.id = "notes-private-heading";
  const section = el("section", { className: "notes-section" }, heading, hint, label, input,
    el("div", { className: "notes-actions" }, ui.privateSave, ui.privateSaved), ui.privateError, ui.privateReload, ui.privateRendered);
  section.setAttribute("aria-labelledby", heading.id);
  return section;
}

// ---- earlier notes ----------------------------------------------------------------------------

async function openEarlier(item, toggle, body) {
  const open = toggle.getAttribute("aria-expanded") === "true";
  toggle.setAttribute("aria-expanded", String(!open));
  body.hidden = open;
  if (open || body.dataset.loaded) {
    return;
  }
  body.replaceChildren(el("p", { className: "hint", text: "Loading…" }));
  try {
    const id = encodeURIComponent(item.roundtableId);
    const [shared, mine] = await Promise.all([api(`/api/roundtables/${id}/notes`), api(notePath(item.roundtableId))]);
    const sharedBody = el("div", { className: "message-body" });
    setHtml(sharedBody, shared.html, "No shared notes.");
    const mineBody = el("div", { className: "message-body" });
    setHtml(mineBody, mine.html, "No private note.");
    body.replaceChildren(el("h5", { text: "Shared notes" }), sharedBody, el("h5", { text: "My private note" }), mineBody);
    body.dataset.loaded = "true";
  } catch (error) {
    body.replaceChildren(loadError(error, "Could not load these notes."));
  }
}

function earlierItem(item, index) {
  const toggle = button(`Open notes: ${item.title}`, "button link");
  const body = el("div", { className: "notes-earlier-body" });
  body.id = `notes-earlier-${index}`;
  body.hidden = true;
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", body.id);
  toggle.addEventListener("click", () => openEarlier(item, toggle, body));
  const when = el("time", { text: formatDateTime(item.scheduledStart) });
  when.dateTime = item.scheduledStart;
  const kinds = [item.hasSharedNotes ? "shared notes" : null, item.hasMyNote ? "your note" : null].filter(Boolean).join(" and ");
  return el("li", {}, el("h4", {}, toggle), el("p", { className: "meta" }, when, ` · ${kinds}`), body);
}

async function loadEarlier() {
  try {
    const items = await api(`/api/roundtables/${encodeURIComponent(ctx.roomId)}/earlier-notes`);
    ui.earlier.replaceChildren(...(items.length
      ? [el("ul", { className: "notes-earlier" }, ...items.map(earlierItem))]
      : [el("p", { className: "hint", text: "No earlier roundtable of this cohort has notes yet." })]));
  } catch (error) {
    ui.earlier.replaceChildren(loadError(error, "Could not load earlier notes."));
  }
}

function buildEarlier() {
  const heading = el("h3", { text: "Earlier notes" });
  heading.id = "notes-earlier-heading";
  ui.earlier = el("div", {}, el("p", { className: "hint", text: "Loading…" }));
  const section = el("section", { className: "notes-section" }, heading, ui.earlier);
  section.setAttribute("aria-labelledby", heading.id);
  return section;
}

// ---- the panel --------------------------------------------------------------------------------

/** @type {import("./panel.js").Panel} */
export const notesPanel = {
  tab: "notes",
  mount(context) {
    ctx = context;
    const heading = el("h2", { text: "Notes" });
    heading.id = "notes-heading";
    const section = el("section", { className: "panel notes-panel" }, heading, buildShared(), buildPrivate(), buildEarlier());
    section.setAttribute("aria-labelledby", heading.id);
    ctx.container.append(section);
    renderShared();
    loadPrivate();
    loadEarlier();
  },

  snapshot(snap) {
    notesLocked = snap.moderation?.notesLocked ?? false;
    if (lastRoom) {
      this.status?.(lastRoom);
    }
    const note = snap.sharedNote ?? { version: 0, markdown: "", html: "", editorName: null };
    latest = { version: note.version, markdown: note.markdown, html: note.html, editorName: note.editorName };
    renderShared();
    if (!dirty() || base.version === 0) {
      takeLatest();
    }
  },

  apply({ event }) {
    if (event.type === NotesEvent.SharedNoteEdited) {
      onRemoteEdit(event);
    } else if (event.type === ModerationEvent.NotesEditingChanged) {
      notesLocked = !event.allowed;
      if (lastRoom) {
        this.status?.(lastRoom);
      }
    }
  },

  status(room) {
    lastRoom = room;
    const facilitator = room.role === "Coach" || room.role === "Admin";
    sharedEditable = facilitator || (room.status !== "Ended" && !notesLocked);
    if (!ui.shared) {
      return;
    }
    ui.shared.readOnly = !sharedEditable || saving;
    ui.sharedSave.disabled = !sharedEditable || saving;
    ui.sharedSave.hidden = !sharedEditable;
    if (sharedEditable && ui.sharedSaved.textContent.startsWith("The coach has turned off")) {
      ui.sharedSaved.textContent = "";
    }
    if (!sharedEditable) {
      ui.sharedSaved.textContent = room.status === "Ended"
        ? "The roundtable has ended; the shared notes are read-only."
        : "The coach has turned off notes editing for now; the shared notes are read-only.";
    }
  },
};
