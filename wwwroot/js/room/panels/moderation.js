// @ts-check
// Moderation: staff mute, remove and readmit people, hide and pin messages, lock the room and let people in,
// and turn learners' chat and notes editing on or off. Everyone sees pinned messages and (learners) a placeholder
// where a message was hidden; who was muted or removed only staff and the person concerned hear. Acting on one person
// or one message goes through that person's or message's one menu (personActions, messageActions); this panel keeps
// the room-wide settings and lists.
import { el, serverHtml, $ } from "../../lib/dom.js";
import { RoomEvent } from "../protocol.js";
import { alertBox } from "../../lib/alerts.js";

/** The room event types this feature's events carry ("type"), as the server names them. */
export const ModerationEvent = Object.freeze({
  LearnerChatChanged: "LearnerChatChanged",
  MessageHidden: "MessageHidden",
  MessagePinned: "MessagePinned",
  MessageUnhidden: "MessageUnhidden",
  MessageUnpinned: "MessageUnpinned",
  NotesEditingChanged: "NotesEditingChanged",
  ParticipantAdmitted: "ParticipantAdmitted",
  ParticipantDeclined: "ParticipantDeclined",
  ParticipantMuted: "ParticipantMuted",
  ParticipantReadmitted: "ParticipantReadmitted",
  ParticipantRemoved: "ParticipantRemoved",
  ParticipantUnmuted: "ParticipantUnmuted",
  ParticipantWaiting: "ParticipantWaiting",
  RoomLocked: "RoomLocked",
  RoomUnlocked: "RoomUnlocked",
});

/** This feature's RoomHub methods (the room id is the first argument). */
export const ModerationMethod = Object.freeze({
  AdmitParticipant: "AdmitParticipant",
  AskToJoin: "AskToJoin",
  DeclineParticipant: "DeclineParticipant",
  HideMessage: "HideMessage",
  LockRoom: "LockRoom",
  MuteParticipant: "MuteParticipant",
  PinMessage: "PinMessage",
  ReadmitParticipant: "ReadmitParticipant",
  RemoveParticipant: "RemoveParticipant",
  SetLearnerChat: "SetLearnerChat",
  SetNotesEditing: "SetNotesEditing",
  UnhideMessage: "UnhideMessage",
  UnlockRoom: "UnlockRoom",
  UnmuteParticipant: "UnmuteParticipant",
  UnpinMessage: "UnpinMessage",
});

/** Events about one person, which reach only staff and that person (everyone else gets a placeholder without a name). */
const NOTICES = new Set([ModerationEvent.ParticipantMuted, ModerationEvent.ParticipantUnmuted,
  ModerationEvent.ParticipantRemoved, ModerationEvent.ParticipantReadmitted]);

const WAITING = "Waiting for the coach to let you in.";
const MUTED = "The coach has muted you in this roundtable's chat.";
const CHAT_OFF = "The coach has turned off chat for learners in this roundtable.";

const state = {
  muted: new Set(),
  removed: new Map(),
  waiting: new Map(),
  hidden: new Set(),
  pinned: /** @type {number[]} */ ([]),
  locked: false,
  learnerChatLocked: false,
  notesLocked: false,
  // seq -> { displayName, html }: what pinned messages show.
  messages: new Map(),
};

/** @type {import("./panel.js").PanelContext} set by mount, before any other hook */
let ctx;
let myUserId = null;
const ui = {};

const staff = () => ctx?.isFacilitator() ?? false;
const me = () => ctx?.room.userId ?? myUserId;

function button(text, label, onClick) {
  const b = el("button", { className: "button small", text });
  b.type = "button";
  if (label) {
    b.setAttribute("aria-label", label);
  }
  b.addEventListener("click", () => onClick(b));
  return b;
}

function run(b, method, ...args) {
  return ctx.act(ui.error, b, method, ...args);
}

function checkbox(id, text, onChange) {
  const input = el("input");
  input.type = "checkbox";
  input.id = id;
  input.addEventListener("change", async () => {
    input.disabled = true;
    ui.error.textContent = "";
    try {
      await onChange(input.checked);
    } catch (error) {
      ui.error.textContent = error.message;
      input.checked = !input.checked;
    } finally {
      input.disabled = false;
    }
  });
  const label = el("label", { text });
  label.htmlFor = id;
  return { input, row: el("div", { className: "check" }, input, label) };
}

function section(id, title) {
  const heading = el("h3", { text: title });
  heading.id = id;
  const list = el("ul", { className: "moderation-list" });
  list.setAttribute("aria-labelledby", id);
  const empty = el("p", { className: "hint" });
  return { heading, list, empty, node: el("div", {}, heading, list, empty) };
}

function mount(context) {
  ctx = context;
  ui.error = alertBox();

  const lock = checkbox("moderation-lock", "Lock the roundtable (new people wait until you let them in)",
    (on) => ctx.invoke(on ? ModerationMethod.LockRoom : ModerationMethod.UnlockRoom));
  const chat = checkbox("moderation-chat", "Learners may chat", (on) => ctx.invoke(ModerationMethod.SetLearnerChat, on));
  const notes = checkbox("moderation-notes", "Learners may edit notes", (on) => ctx.invoke(ModerationMethod.SetNotesEditing, on));
  ui.lock = lock.input;
  ui.chat = chat.input;
  ui.notes = notes.input;

  ui.waiting = section("moderation-waiting-heading", "Waiting to join");
  ui.removed = section("moderation-removed-heading", "Removed");

  const heading = el("h2", { text: "Moderation" });
  heading.id = "moderation-heading";
  ui.panel = el("section", { className: "panel moderation" }, heading, ui.error,
    el("div", { className: "moderation-settings" }, lock.row, chat.row, notes.row),
    ui.waiting.node, ui.removed.node);
  ui.panel.setAttribute("aria-labelledby", heading.id);
  ui.panel.hidden = true;
  ctx.container.append(ui.panel);

  // For everyone: pinned messages at the top of the chat, and notes about the viewer's own state.
  const pinnedHeading = el("h3", { text: "Pinned" });
  pinnedHeading.id = "pinned-heading";
  ui.pinnedList = el("ul", { className: "pinned-list" });
  ui.pinnedList.setAttribute("aria-labelledby", pinnedHeading.id);
  ui.pinned = el("section", { className: "pinned" }, pinnedHeading, ui.pinnedList);
  ui.pinned.setAttribute("aria-labelledby", pinnedHeading.id);
  ui.pinned.hidden = true;
  ui.notice = el("p", { className: "notice moderation-notice" });
  ui.notice.setAttribute("role", "status");
  ui.notice.hidden = true;
  const chatLog = $("chat-log");
  chatLog.before(ui.notice, ui.pinned);
  ui.composerNote = el("p", { className: "notice composer-note" });
  ui.composerNote.setAttribute("role", "status");
  ui.composerNote.hidden = true;
  $("composer").before(ui.composerNote);
}

function showNotice(text) {
  ui.notice.textContent = text;
  ui.notice.hidden = !text;
}

// ---- rendering --------------------------------------------------------------------------------

function renderPanel() {
  ctx.attention("waiting", [...state.waiting].map(([userId, displayName]) => ({ userId, displayName })));
  ui.panel.hidden = !staff() || ctx.room.status === "Ended";
  if (ui.panel.hidden) {
    return;
  }
  ui.lock.checked = state.locked;
  ui.chat.checked = !state.learnerChatLocked;
  ui.notes.checked = !state.notesLocked;

  const waiting = [...state.waiting.entries()];
  ui.waiting.list.replaceChildren(...waiting.map(([userId, name]) => el("li", {}, el("span", { className: "person", text: name }), " ",
    button("Admit", `Admit ${name}`, (b) => run(b, ModerationMethod.AdmitParticipant, userId)), " ",
    button("Decline", `Decline ${name}`, (b) => run(b, ModerationMethod.DeclineParticipant, userId)))));
  ui.waiting.empty.textContent = waiting.length ? "" : state.locked ? "Nobody is waiting." : "The roundtable is open: people come straight in.";

  const removed = [...state.removed.entries()];
  ui.removed.list.replaceChildren(...removed.map(([userId, name]) => el("li", {}, el("span", { className: "person", text: name }), " ",
    button("Readmit", `Readmit ${name}`, (b) => run(b, ModerationMethod.ReadmitParticipant, userId)))));
  ui.removed.empty.textContent = removed.length ? "" : "Nobody has been removed.";
}

function renderComposerNote() {
  let text = "";
  if (!staff() && me() && ctx.room.status !== "Ended") {
    text = state.muted.has(me()) ? MUTED : state.learnerChatLocked ? CHAT_OFF : "";
  }
  ui.composerNote.textContent = text;
  ui.composerNote.hidden = !text;
}

function setBody(body, html) {
  // Server-sanitised HTML (MessagePosted.Html), the only markup inserted.
  serverHtml(body, html, { headingBase: 2 });
}

function decorateMessage(item, message) {
  if (message.deleted) {
    state.messages.delete(message.seq);
    return;
  }
  if (message.html !== undefined && message.html !== "") {
    state.messages.set(message.seq, { displayName: message.displayName, html: message.html });
  } else if (!state.messages.has(message.seq)) {
    state.messages.set(message.seq, { displayName: message.displayName, html: "" });
  }
  refreshMessage(item, message.seq);
}

function refreshMessage(item, seq) {
  if (!item || item.classList.contains("deleted")) {
    return;
  }
  item.querySelectorAll(".meta .flag").forEach((n) => n.remove());
  const body = item.querySelector(".message-body");
  const hidden = state.hidden.has(seq);
  const known = state.messages.get(seq);
  if (!staff()) {
    if (hidden || !known?.html) {
      body.replaceChildren(el("p", { className: "hidden-placeholder", text: "Message hidden by the coach" }));
    } else if (body.querySelector(".hidden-placeholder")) {
      setBody(body, known.html);
    }
    return;
  }
  const meta = item.querySelector(".meta");
  if (hidden) {
    meta.append(" ", el("span", { className: "flag", text: "hidden" }));
  }
  if (state.pinned.includes(seq)) {
    meta.append(" ", el("span", { className: "flag", text: "pinned" }));
  }
}

/** Staff's part of a message's menu: hide or show it again; pin or unpin it while the room is open. */
function messageActions(message) {
  if (!staff() || message.deleted) {
    return [];
  }
  const seq = message.seq;
  const actions = [state.hidden.has(seq)
    ? { label: "Unhide", run: () => ctx.invoke(ModerationMethod.UnhideMessage, seq) }
    : { label: "Hide", run: () => ctx.invoke(ModerationMethod.HideMessage, seq) }];
  if (ctx.room.status !== "Ended") {
    actions.push(state.pinned.includes(seq)
      ? { label: "Unpin", run: () => ctx.invoke(ModerationMethod.UnpinMessage, seq) }
      : { label: "Pin", run: () => ctx.invoke(ModerationMethod.PinMessage, seq) });
  }
  return actions;
}

function renderPinned() {
  ui.pinned.hidden = state.pinned.length === 0;
  ui.pinnedList.replaceChildren(...state.pinned.map((seq) => {
    const message = state.messages.get(seq);
    const body = el("div", { className: "message-body" });
    if (!message || (!staff() && (state.hidden.has(seq) || !message.html))) {
      body.append(el("p", { className: "hidden-placeholder", text: message ? "Message hidden by the coach" : "An earlier message (see the transcript)" }));
    } else {
      setBody(body, message.html);
    }
    const item = el("li", {}, el("p", { className: "meta" }, el("strong", { text: message?.displayName ?? "Message" })), body);
    if (staff() && ctx.room.status !== "Ended") {
      item.append(button("Unpin", `Unpin post by ${message?.displayName ?? "someone"}`, (b) => run(b, ModerationMethod.UnpinMessage, seq)));
    }
    return item;
  }));
}

function renderAll() {
  renderPanel();
  renderComposerNote();
  renderPinned();
}

// ---- the room's events ------------------------------------------------------------------------

function snapshot(snap) {
  const m = snap.moderation;
  if (!m) {
    return;
  }
  state.muted = new Set(m.muted);
  state.removed = new Map(m.removed.map((p) => [p.userId, p.displayName]));
  state.waiting = new Map(m.waiting.map((p) => [p.userId, p.displayName]));
  state.hidden = new Set(m.hidden);
  state.pinned = m.pinned.map((p) => p.seq);
  for (const p of m.pinned) {
    state.messages.set(p.seq, { displayName: p.displayName, html: p.html });
  }
  state.locked = m.locked;
  state.learnerChatLocked = m.learnerChatLocked;
  state.notesLocked = m.notesLocked;
  showNotice("");
  for (const message of snap.recentMessages) {
    refreshMessage(ctx.messageElement(message.seq), message.seq);
  }
  renderAll();
  ctx.renderParticipants();
}

function apply({ at, event }) {
  const e = event;
  const by = () => ctx.nameOf(e.byUserId);
  if (NOTICES.has(e.type) && !e.userId) {
    // What happened to someone else: the server tells only staff and that person, and sends the rest a placeholder.
    return;
  }
  switch (e.type) {
    case RoomEvent.MessagePosted:
      return;
    case RoomEvent.MessageEdited:
      if (e.html && state.messages.has(e.messageSeq)) {
        state.messages.set(e.messageSeq, { ...state.messages.get(e.messageSeq), html: e.html });
      }
      break;
    case RoomEvent.MessageDeleted:
      state.messages.delete(e.messageSeq);
      state.pinned = state.pinned.filter((s) => s !== e.messageSeq);
      break;
    case RoomEvent.ParticipantJoined:
    case RoomEvent.ParticipantLeft:
      renderPanel();
      return;
    case ModerationEvent.ParticipantMuted:
    case ModerationEvent.ParticipantUnmuted: {
      const muted = e.type === ModerationEvent.ParticipantMuted;
      if (muted) {
        state.muted.add(e.userId);
      } else {
        state.muted.delete(e.userId);
      }
      ctx.note(`${e.displayName} was ${muted ? "muted" : "unmuted"} by ${by()}`, at);
      if (e.userId === me()) {
        ctx.announce(muted ? MUTED : "The coach unmuted you; you can send messages again.");
      }
      break;
    }
    case ModerationEvent.ParticipantRemoved:
      if (e.userId === me() && !staff()) {
        ctx.stop("You were removed from this roundtable.");
        return;
      }
      state.removed.set(e.userId, e.displayName);
      state.waiting.delete(e.userId);
      ctx.note(`${e.displayName} was removed by ${by()}`, at);
      break;
    case ModerationEvent.ParticipantReadmitted:
      state.removed.delete(e.userId);
      ctx.note(`${e.displayName} was readmitted by ${by()}`, at);
      break;
    case ModerationEvent.MessageHidden:
    case ModerationEvent.MessageUnhidden:
      if (e.type === ModerationEvent.MessageHidden) {
        state.hidden.add(e.messageSeq);
      } else {
        state.hidden.delete(e.messageSeq);
        if (e.html) {
          const known = state.messages.get(e.messageSeq);
          state.messages.set(e.messageSeq, { displayName: known?.displayName ?? "", html: e.html });
        }
      }
      refreshMessage(ctx.messageElement(e.messageSeq), e.messageSeq);
      break;
    case ModerationEvent.MessagePinned:
      state.pinned = [...state.pinned.filter((s) => s !== e.messageSeq), e.messageSeq];
      refreshMessage(ctx.messageElement(e.messageSeq), e.messageSeq);
      ctx.note(`${by()} pinned a message`, at);
      break;
    case ModerationEvent.MessageUnpinned:
      state.pinned = state.pinned.filter((s) => s !== e.messageSeq);
      refreshMessage(ctx.messageElement(e.messageSeq), e.messageSeq);
      break;
    case ModerationEvent.RoomLocked:
    case ModerationEvent.RoomUnlocked:
      state.locked = e.type === ModerationEvent.RoomLocked;
      if (!state.locked) {
        state.waiting.clear();
      }
      ctx.note(`${by()} ${state.locked ? "locked" : "unlocked"} the roundtable`, at);
      break;
    case ModerationEvent.ParticipantWaiting:
      state.waiting.set(e.userId, e.displayName);
      if (staff()) {
        ctx.announce(`${e.displayName} is waiting to join.`);
      }
      break;
    case ModerationEvent.ParticipantAdmitted:
    case ModerationEvent.ParticipantDeclined:
      state.waiting.delete(e.userId);
      break;
    case ModerationEvent.LearnerChatChanged:
      state.learnerChatLocked = !e.allowed;
      ctx.note(`${by()} turned learners' chat ${e.allowed ? "on" : "off"}`, at);
      if (!staff()) {
        ctx.announce(e.allowed ? "Chat is on again." : CHAT_OFF);
      }
      break;
    case ModerationEvent.NotesEditingChanged:
      state.notesLocked = !e.allowed;
      break;
    default:
      return;
  }
  renderAll();
  // People shows who is muted and who waits at the door.
  ctx.renderParticipants();
}

function status() {
  if (!ctx) {
    return;
  }
  renderAll();
}

// ---- a locked room's waiting list, from the waiting person's side -----------------------------

function joinRefused(message) {
  if (message !== WAITING) {
    return false;
  }
  showNotice("Waiting for the coach to let you in");
  ctx.invoke(ModerationMethod.AskToJoin).then((result) => {
    myUserId = result.userId;
    if (!result.waiting) {
      ctx.rejoin();
    }
  }, (error) => showNotice(error.message));
  return true;
}

function beforeJoin(envelopes) {
  for (const { event } of envelopes) {
    if (event.userId !== myUserId || !myUserId) {
      continue;
    }
    if (event.type === ModerationEvent.ParticipantAdmitted) {
      showNotice("The coach let you in. Joining…");
      ctx.rejoin();
    } else if (event.type === ModerationEvent.ParticipantDeclined) {
      showNotice("");
      ctx.stop("The coach did not let you in this time.");
    }
  }
}

function decoratePerson(item, participant) {
  if (participant.waiting) {
    item.append(" ", el("span", { className: "flag", text: "waiting to join" }));
  }
  if (state.muted.has(participant.userId)) {
    item.append(" ", el("span", { className: "flag", text: "muted" }));
  }
}

/** People at a locked room's door, listed with those present (staff only: nobody else knows of them). */
function morePeople() {
  return staff() ? [...state.waiting.entries()].map(([userId, displayName]) => ({ userId, displayName, waiting: /** @type {true} */ (true) })) : [];
}

/** Staff's part of a person's menu: let them in or not; mute or unmute and remove learners and managers. */
function personActions(person) {
  if (!staff() || ctx.room.status === "Ended") {
    return [];
  }
  const { userId, displayName } = person;
  if (person.waiting) {
    return [
      { label: "Admit", run: () => ctx.invoke(ModerationMethod.AdmitParticipant, userId) },
      { label: "Decline", danger: true, run: () => ctx.invoke(ModerationMethod.DeclineParticipant, userId) },
    ];
  }
  if (person.role !== "Learner" && person.role !== "Manager") {
    return [];
  }
  return [
    state.muted.has(userId)
      ? { label: "Unmute", run: () => ctx.invoke(ModerationMethod.UnmuteParticipant, userId) }
      : { label: "Mute", run: () => ctx.invoke(ModerationMethod.MuteParticipant, userId) },
    {
      label: "Remove",
      danger: true,
      run: async () => {
        if (confirm(`Remove ${displayName} from this roundtable? They cannot come back until you readmit them.`)) {
          await ctx.invoke(ModerationMethod.RemoveParticipant, userId);
        }
      },
    },
  ];
}

/** @type {import("./panel.js").Panel} */
const panel = { tab: "people", mount, snapshot, apply, status, decorateMessage, messageActions, decoratePerson, personActions, morePeople, joinRefused, beforeJoin };
export default panel;
