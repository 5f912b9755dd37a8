// @ts-check
// Chat messages after they are sent: each message's one menu (its author's Edit and Delete while the edit window
// lasts, then whatever the panels offer, e.g. the coach's Hide and Pin), the author's inline editor, and the marks
// "(edited)" and "message deleted" as the room's MessageEdited and MessageDeleted events arrive.
import { el, serverHtml, uid } from "../lib/dom.js";
import { formatTime } from "../lib/format.js";
import { menuButton } from "../lib/menu.js";
import { serverNow } from "./server-clock.js";
import { RoomHubMethod } from "./protocol.js";

/**
 * A chat message as this page knows it.
 * @typedef {object} ChatMessage
 * @property {number} seq
 * @property {string} userId
 * @property {string} displayName
 * @property {string} [markdown]  its source, as its author wrote it (known for messages seen since joining)
 * @property {string} html  server-sanitised
 * @property {string} at  when it was sent (ISO 8601)
 * @property {string | null} [editedAt]
 * @property {boolean} [deleted]
 */

/**
 * What the chat needs from the room page.
 * @typedef {object} ChatEditsContext
 * @property {import("./panels/panel.js").RoomModel & {messageEditSeconds?: number}} room
 * @property {(method: string, ...args: any[]) => Promise<any>} invoke  a RoomHub method for this room (errors as readable messages)
 * @property {(message: ChatMessage) => import("../lib/menu.js").MenuItem[]} panelActions  what the panels offer on a message
 * @property {(item: HTMLElement, message: ChatMessage) => void} redecorate  lets the panels decorate a changed message again
 */

/** @type {ChatEditsContext} */
let ctx;
/** @type {Map<number, ChatMessage>} */
const messages = new Map();
/** @type {Map<number, ReturnType<typeof setTimeout>>} when each own message's window closes */
const windowEnds = new Map();

/** @param {ChatEditsContext} context */
export function startChatEdits(context) {
  ctx = context;
}

/**
 * Forgets every message: the chat is drawn again from a snapshot (a replay going back to an earlier moment must not
 * keep what it knew of a later one, such as an edit).
 */
export function forgetMessages() {
  messages.clear();
  for (const timer of windowEnds.values()) {
    clearTimeout(timer);
  }
  windowEnds.clear();
}

/**
 * Marks a rendered message as edited or deleted and gives it its menu.
 * @param {HTMLElement} item
 * @param {ChatMessage} message
 */
export function decorateMessage(item, message) {
  messages.set(message.seq, { ...messages.get(message.seq), ...message });
  mark(item, message);
  refreshMenu(item, message.seq);
}

/**
 * Applies MessageEdited to the message (if it is shown) and to what the page knows of it.
 * @param {HTMLElement | null} item
 * @param {{messageSeq: number, markdown: string, html: string}} event
 * @param {string} at
 */
export function applyEdited(item, event, at) {
  const known = messages.get(event.messageSeq);
  if (!known) {
    return;
  }
  const message = { ...known, markdown: event.markdown, html: event.html, editedAt: at };
  messages.set(message.seq, message);
  if (item) {
    // Empty for a viewer who may not see it (hidden by the coach): the panels keep their placeholder.
    serverHtml(/** @type {HTMLElement} */ (item.querySelector(".message-body")), event.html);
    mark(item, message);
    ctx.redecorate(item, message);
  }
}

/**
 * Applies MessageDeleted: the message shows "message deleted" and has no menu any more.
 * @param {HTMLElement | null} item
 * @param {number} seq
 */
export function applyDeleted(item, seq) {
  const known = messages.get(seq);
  if (!known) {
    return;
  }
  const message = { ...known, markdown: "", html: "", deleted: true };
  messages.set(seq, message);
  if (item) {
    const hadFocus = item.contains(document.activeElement);
    item.querySelector(".message-editor")?.remove();
    mark(item, message);
    refreshMenu(item, seq);
    if (hadFocus) {
      // The menu it had is gone: the chat itself, never the page's body.
      document.getElementById("chat-log")?.focus();
    }
  }
}

/** Re-evaluates every shown message's menu (the room's status or the viewer's role changed). */
export function refreshMenus() {
  for (const item of document.querySelectorAll("#chat-log li[data-seq]")) {
    if (item instanceof HTMLElement) {
      refreshMenu(item, Number(item.dataset.seq));
    }
  }
}

/** @param {HTMLElement} item @param {ChatMessage} message */
function mark(item, message) {
  const meta = item.querySelector(".meta");
  const body = /** @type {HTMLElement} */ (item.querySelector(".message-body"));
  if (message.deleted) {
    item.classList.add("deleted");
    body.hidden = false;
    body.replaceChildren(el("p", { className: "deleted-placeholder", text: "message deleted" }));
    meta?.querySelector(".edited")?.remove();
    return;
  }
  if (message.editedAt && meta && !meta.querySelector(".edited")) {
    meta.append(" ", el("span", { className: "edited", text: "(edited)" }));
  }
}

// ---- the menu ---------------------------------------------------------------------------------

/** @param {ChatMessage} message */
function withinWindow(message) {
  const seconds = ctx.room.messageEditSeconds ?? 0;
  return Date.parse(message.at) + seconds * 1000 > serverNow();
}

/** @param {HTMLElement} item @param {ChatMessage} message */
function ownActions(item, message) {
  const mine = message.userId === ctx.room.userId;
  if (!mine || message.deleted || ctx.room.status === "Ended" || !withinWindow(message) || message.markdown === undefined) {
    return [];
  }
  return [
    { label: "Edit", run: () => startEditing(item, message.seq) },
    { label: "Delete", danger: true, run: () => remove(message.seq) },
  ];
}

/** @param {HTMLElement} item @param {number} seq */
function refreshMenu(item, seq) {
  const message = messages.get(seq);
  if (!message) {
    return;
  }
  const items = () => {
    const now = messages.get(seq) ?? message;
    return now.deleted ? [] : [...ownActions(item, now), ...ctx.panelActions(now)];
  };
  let wrap = /** @type {HTMLElement | null} */ (item.querySelector(":scope > .menu-wrap"));
  if (items().length === 0) {
    if (wrap?.contains(document.activeElement)) {
      document.getElementById("chat-log")?.focus();
    }
    wrap?.remove();
    return;
  }
  if (!wrap) {
    const menu = menuButton({
      label: `Actions for ${message.displayName}'s post at ${formatTime(message.at)}`,
      items,
      onError: (text) => showError(item, text),
    });
    wrap = menu.node;
    // First in the item, so it floats beside the author and time.
    item.prepend(wrap);
  }
  scheduleWindowEnd(item, message);
}

/** Takes the author's Edit and Delete away when the window closes. @param {HTMLElement} item @param {ChatMessage} message */
function scheduleWindowEnd(item, message) {
  clearTimeout(windowEnds.get(message.seq));
  if (message.userId !== ctx.room.userId || message.deleted || !withinWindow(message)) {
    return;
  }
  const left = Date.parse(message.at) + (ctx.room.messageEditSeconds ?? 0) * 1000 - serverNow();
  windowEnds.set(message.seq, setTimeout(() => {
    windowEnds.delete(message.seq);
    if (item.isConnected) {
      refreshMenu(item, message.seq);
    }
  }, left + 250));
}

/** @param {HTMLElement} item @param {string} text */
function showError(item, text) {
  let error = item.querySelector(":scope > .message-error");
  if (!error) {
    error = el("p", { className: "alert message-error" });
    error.setAttribute("role", "alert");
    item.append(error);
  }
  error.textContent = text;
}

// ---- editing and deleting one's own message ---------------------------------------------------

/** @param {HTMLElement} item */
function focusMenu(item) {
  const button = item.querySelector(".menu-button");
  if (button instanceof HTMLElement) {
    button.focus();
  } else {
    document.getElementById("chat-log")?.focus();
  }
}

/** @param {HTMLElement} item @param {number} seq */
function startEditing(item, seq) {
  const message = messages.get(seq);
  const body = /** @type {HTMLElement} */ (item.querySelector(".message-body"));
  if (!message || item.querySelector(".message-editor")) {
    return;
  }
  item.querySelector(":scope > .message-error")?.remove();
  const input = el("textarea", { className: "message-edit-input" });
  input.value = message.markdown ?? "";
  input.rows = Math.min(8, Math.max(2, input.value.split("\n").length));
  input.setAttribute("aria-label", "Edit your post");
  const hint = el("p", { className: "hint", text: "Enter saves; Shift+Enter starts a new line; Escape cancels." });
  hint.id = uid("edit-hint");
  input.setAttribute("aria-describedby", hint.id);
  const error = el("p", { className: "alert" });
  error.setAttribute("role", "alert");
  const save = el("button", { className: "button small primary", text: "Save" });
  save.type = "submit";
  const cancel = el("button", { className: "button small", text: "Cancel" });
  cancel.type = "button";
  const form = el("form", { className: "message-editor" }, input, hint, el("div", { className: "controls" }, save, cancel), error);
  form.noValidate = true;

  const close = () => {
    form.remove();
    body.hidden = false;
    focusMenu(item);
  };
  const submit = async () => {
    save.disabled = true;
    error.textContent = "";
    try {
      await ctx.invoke(RoomHubMethod.EditMessage, seq, input.value);
      close();
    } catch (failure) {
      error.textContent = failure instanceof Error ? failure.message : "That did not work; try again.";
      input.focus();
    } finally {
      save.disabled = false;
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  cancel.addEventListener("click", close);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });
  body.hidden = true;
  body.after(form);
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
}

/** @param {number} seq */
async function remove(seq) {
  if (!confirm("Delete your message? Everyone will see “message deleted” in its place.")) {
    return;
  }
  await ctx.invoke(RoomHubMethod.DeleteMessage, seq);
}
