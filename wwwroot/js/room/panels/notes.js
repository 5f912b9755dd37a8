// @ts-check
// The notes panel: the roundtable's shared notes (edited by many at once; edits merge on the server, and an edit of
// lines someone else changed comes back as a conflict with their version), the viewer's private notes, and the notes
// of the cohort's earlier roundtables.
import { api, ApiError } from "../../lib/api.js";
import { el, serverHtml } from "../../lib/dom.js";
import { formatDateTime, formatTime } from "../../lib/format.js";
import { ModerationEvent } from "./moderation.js";
import { alertBox, loadError } from "../../lib/alerts.js";
import { publishNotesButton } from "../../lib/publish-notes.js";

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

function setHtml(node, html, emptyText, headingBase = 3) {
  if (html) {
    // Rendered and sanitised by the server: the only markup this panel inserts.
    serverHtml(node, html, { headingBase });
  } else {
    node.replaceChildren(el("p", { className: "hint", text: emptyText }));
  }
}

function tooBig(text) {
  const bytes = encoder.encode(text).length;
  return bytes > MAX_NOTE_BYTES ? `The note is ${(bytes / 1024).toFixed(1)} KB; the limit is ${MAX_NOTE_BYTES / 1024} KB. Nothing was saved.` : null;
}

// ---- saving as one types ------------------------------------------------------------------------

/** "Saved at 14:02" and the like, for a note's status line. @param {string} [detail] */
function savedText(detail = "") {
  return `Saved at ${formatTime(new Date().toISOString())}${detail}.`;
}

/**
 * How long typing must pause before a note saves itself. Tests that stage two people's edits in a set order stretch it
 * through sessionStorage ("notes-autosave-ms"); leaving the box still saves at once.
 */
function autosaveDelay() {
  return Number(sessionStorage.getItem("notes-autosave-ms")) || 1500;
}

/**
 * Saves input's note after typing pauses and when focus leaves the box; save() decides whether there is anything to
 * save. pending is true from the first keystroke until the save is under way.
 * @param {HTMLTextAreaElement} input
 * @param {() => void} save
 */
function autosave(input, save) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const state = {
    pending: false,
    now() {
      clearTimeout(timer);
      state.pending = false;
      save();
    },
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    state.pending = true;
    timer = setTimeout(state.now, autosaveDelay());
  });
  input.addEventListener("blur", () => {
    if (state.pending) {
      state.now();
    }
  });
  return state;
}

// ---- shared notes -----------------------------------------------------------------------------

// A save asked for while one is under way runs when it ends.
let saveAgain = false;

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
  ui.sharedSaved.textContent = "Their version is in the editor. Copy your changes from “Your version”; they save as you type.";
  ui.shared.focus();
}

/**
 * Saves the shared notes if they changed (or always, when asked with the button). The box stays editable meanwhile:
 * what is typed during a save is kept and saved next. While a conflict is shown, only the button saves.
 * @param {{explicit?: boolean}} [options]
 */
async function saveShared({ explicit = false } = {}) {
  if (!sharedEditable || (!explicit && !ui.conflict.hidden)) {
    return;
  }
  if (saving) {
    saveAgain = true;
    return;
  }
  if (!dirty() && ui.conflict.hidden) {
    // Already saved as typed (the last save's line stays); the button says so rather than sending nothing new.
    if (explicit && !ui.sharedSaved.textContent.startsWith("Saved at")) {
      ui.sharedSaved.textContent = "Nothing to save: no changes.";
    }
    return;
  }
  ui.sharedError.textContent = "";
  const sent = ui.shared.value;
  const problem = tooBig(sent);
  if (problem) {
    ui.sharedSaved.textContent = "Not saved: the note is too long.";
    ui.sharedError.textContent = problem;
    return;
  }
  // The button stays enabled (a click meanwhile saves again afterwards), so focus is never dropped from it.
  saving = true;
  ui.sharedSaved.textContent = "Saving…";
  try {
    const result = await ctx.invoke(NotesMethod.EditSharedNote, base.version, sent);
    if (result.outcome === "Conflict") {
      ui.sharedSaved.textContent = "Not saved: someone changed the same lines.";
      showConflict(result, sent);
      ctx.announce("Not saved: someone changed the same lines.");
      return;
    }
    const typedMeanwhile = ui.shared.value !== sent;
    if (result.note.version > latest.version) {
      latest = result.note;
      renderShared();
    }
    if (!typedMeanwhile) {
      // The merged text (and anything saved after it) replaces the box.
      base = latest.version > result.note.version
        ? { version: latest.version, markdown: latest.markdown }
        : { version: result.note.version, markdown: result.note.markdown };
      ui.shared.value = base.markdown;
      ui.remoteNotice.hidden = true;
    } else if (result.note.markdown === sent) {
      // Saved as sent: the newer typing is a change on top of it.
      base = { version: result.note.version, markdown: sent };
    }
    // (Merged while the person typed on: the base stays, so the next save merges their whole change again.)
    ui.conflict.hidden = true;
    ui.sharedSaved.textContent = result.outcome === "Merged"
      ? savedText(`, merged with others' changes (version ${result.note.version})`)
      : result.outcome === "Unchanged" ? "Nothing to save: no changes." : savedText(` (version ${result.note.version})`);
  } catch (error) {
    ui.sharedSaved.textContent = `Not saved: ${error.message}`;
  } finally {
    saving = false;
    if (saveAgain) {
      saveAgain = false;
      saveShared();
    }
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

  ui.sharedSave.addEventListener("click", () => saveShared({ explicit: true }));
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      saveShared({ explicit: true });
    }
  });
  input.addEventListener("input", () => {
    if (!saving && ui.conflict.hidden) {
      ui.sharedSaved.textContent = dirty() ? "Unsaved changes." : "";
    }
  });
  ui.sharedAutosave = autosave(input, () => saveShared());

  const heading = el("h3", { text: "Shared notes" });
  heading.id = "notes-shared-heading";
  const hint = el("p", { className: "hint", text: "Everyone in the roundtable can edit these. They save as you type; Ctrl+Enter saves at once." });
  hint.id = hintId;
  const section = el("section", { className: "notes-section" },
    heading, hint, label, input, ui.sharedVersion, ui.remoteNotice,
    el("div", { className: "notes-actions" }, ui.sharedSave, ui.sharedSaved),
    ui.sharedError, ui.conflict, ui.mineBox, ui.sharedRendered, el("p", {}, exportLink), publishNotesButton(ctx.roomId));
  section.setAttribute("aria-labelledby", heading.id);
  return section;
}

// ---- private notes ----------------------------------------------------------------------------

const notePath = (roundtableId) => `/api/roundtables/${encodeURIComponent(roundtableId)}/my-note`;

let privateSaving = false;
let privateSaveAgain = false;

function privateDirty() {
  return ui.private.value !== privateBase.markdown;
}

function showPrivate(note, { keepText = false } = {}) {
  privateBase = { version: note.version, markdown: note.markdown };
  if (!keepText) {
    ui.private.value = note.markdown;
  }
  setHtml(ui.privateRendered, note.html, "Nothing written yet.");
  ui.privateReload.hidden = true;
}

async function loadPrivate() {
  try {
    const note = await api(notePath(ctx.roomId));
    showPrivate(note);
    ui.privateError.textContent = "";
    ui.privateSaved.textContent = note.updatedAt ? `Saved ${formatDateTime(note.updatedAt)}.` : "";
  } catch (error) {
    ui.privateError.textContent = error instanceof ApiError ? error.message : "Could not load your note.";
  }
}

/**
 * Saves the private note if it changed (or always, with the button); typing goes on meanwhile. After a refused save
 * because the note changed elsewhere, only the button (or loading the saved note) goes on.
 * @param {{explicit?: boolean}} [options]
 */
async function savePrivate({ explicit = false } = {}) {
  if (privateSaving) {
    privateSaveAgain = true;
    return;
  }
  if (!explicit && (!privateDirty() || !ui.privateReload.hidden)) {
    return;
  }
  ui.privateError.textContent = "";
  const sent = ui.private.value;
  const problem = tooBig(sent);
  if (problem) {
    ui.privateSaved.textContent = "Not saved: the note is too long.";
    ui.privateError.textContent = problem;
    return;
  }
  privateSaving = true;
  ui.privateSaved.textContent = "Saving…";
  try {
    const note = await api(notePath(ctx.roomId), { method: "PUT", body: { baseVersion: privateBase.version, markdown: sent } });
    showPrivate(note, { keepText: ui.private.value !== sent });
    ui.privateSaved.textContent = savedText();
  } catch (error) {
    const reason = error instanceof ApiError ? error.message : "Could not save your note.";
    ui.privateSaved.textContent = `Not saved: ${reason}`;
    ui.privateReload.hidden = !(error instanceof ApiError && error.status === 409);
  } finally {
    privateSaving = false;
    if (privateSaveAgain) {
      privateSaveAgain = false;
      savePrivate();
    }
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
  ui.privateSave.addEventListener("click", () => savePrivate({ explicit: true }));
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      savePrivate({ explicit: true });
    }
  });
  input.addEventListener("input", () => {
    if (!privateSaving) {
      ui.privateSaved.textContent = privateDirty() ? "Unsaved changes." : "";
    }
  });
  ui.privateAutosave = autosave(input, () => savePrivate());
  const hint = el("p", { className: "hint", text: "Only you can see these, now and after the roundtable. They save as you type; Ctrl+Enter saves at once." });
  hint.id = "notes-private-hint";
  const heading = el("h3", { text: "My private notes" });
  heading.id = "notes-private-heading";
  const section = el("section", { className: "notes-section" }, heading, hint, label, input,
    el("div", { className: "notes-actions" }, ui.privateSave, ui.privateSaved), ui.privateError, ui.privateReload, ui.privateRendered);
  section.setAttribute("aria-labelledby", heading.id);
  return section;
}

/** True while a note has changes that are not saved yet: typed, being saved, or refused. */
function unsavedNotes() {
  // A refused save leaves the base where it was, so the note stays dirty until it is saved.
  const shared = sharedEditable && (dirty() || saving || ui.sharedAutosave.pending);
  return shared || privateDirty() || privateSaving || ui.privateAutosave.pending;
}

/** Asks the browser to warn before the page is left with notes not saved (the browser words the question). */
function warnBeforeLeaving(/** @type {BeforeUnloadEvent} */ event) {
  if (ui.shared && unsavedNotes()) {
    event.preventDefault();
    event.returnValue = "";
  }
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
    setHtml(sharedBody, shared.html, "No shared notes.", 5);
    const mineBody = el("div", { className: "message-body" });
    setHtml(mineBody, mine.html, "No private note.", 5);
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
    window.addEventListener("beforeunload", warnBeforeLeaving);
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
    ui.shared.readOnly = !sharedEditable;
    ui.sharedSave.disabled = !sharedEditable;
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
