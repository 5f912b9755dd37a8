// @ts-check
// The discussions page. ?cohort=<id>[&circle=<id>] lists a cohort's (or one of its circles') threads, pinned first,
// with the person's unread counts, and offers a form to start one; ?thread=<id> shows one thread: the opening post and
// its replies (one level of nesting), quotes, reactions as toggle buttons, edit (with every earlier version), remove,
// follow, and for the cohort's staff pin and lock. Post bodies are the server's sanitised HTML; everything else a
// person wrote is set as text. Both stay current while open: changes arrive over the notifications hub (a thread page
// gets the thread as its reader sees it), keeping the reader's draft, focus and place; new replies are announced politely.
import { api, ApiError } from "../lib/api.js";
import { el, uid, serverHtml, keepingFocus, $ } from "../lib/dom.js";
import { clearFieldErrors, showFieldErrors } from "../lib/forms.js";
import { formatDateTime } from "../lib/format.js";
import { mountPageShell } from "../lib/page-shell.js";
import { markdownPreview } from "../lib/markdown-preview.js";
import { NotificationsClientMethod, NotificationsHubMethod } from "../room/protocol.js";
import { connectNotifications } from "../lib/notifications-hub.js";

const shell = mountPageShell();
const params = new URLSearchParams(location.search);
// As DiscussionReactions on the server: the fixed set, in its order.
const reactions = [
  ["thumbs-up", "👍", "Thumbs up"], ["heart", "❤️", "Heart"], ["tada", "🎉", "Celebrate"],
  ["smile", "😄", "Smile"], ["thinking", "🤔", "Thinking"], ["eyes", "👀", "Looking"],
];

/** @type {string} */
let myId = "";

function setStatus(text) {
  $("discussions-status").textContent = text;
}

function showError(error, fallback) {
  $("discussions-error").textContent = error instanceof ApiError ? error.message : fallback;
}

function clearError() {
  $("discussions-error").textContent = "";
}

function timeEl(iso) {
  const time = el("time", { text: formatDateTime(iso) });
  time.dateTime = iso;
  return time;
}

/**
 * A button; with pressed, a toggle (aria-pressed); key lets it keep focus across re-renders.
 * @param {string} text @param {() => unknown} onClick
 * @param {{className?: string, key?: string, pressed?: boolean}} [options]
 */
function button(text, onClick, { className = "button small", key = "", pressed = undefined } = {}) {
  const node = el("button", { className, text });
  node.type = "button";
  if (key) {
    node.dataset.focusKey = key;
  }
  if (pressed !== undefined) {
    node.setAttribute("aria-pressed", String(pressed));
  }
  node.addEventListener("click", onClick);
  return node;
}

const listUrl = (cohortId, circleId) =>
  `/discussions.html?cohort=${encodeURIComponent(cohortId)}${circleId ? `&circle=${encodeURIComponent(circleId)}` : ""}`;

const threadUrl = (threadId) => `/discussions.html?thread=${encodeURIComponent(threadId)}`;

/**
 * Watches a thread or a list over the notifications hub: watch() asks for it (again after a reconnect), then catchUp()
 * fetches anything missed while not watching.
 * @param {Record<string, (...args: any[]) => void>} handlers
 * @param {(connection: any) => Promise<unknown>} watch
 * @param {() => Promise<unknown>} catchUp
 */
const watchLive = (handlers, watch, catchUp) => connectNotifications(handlers, async (connection) => {
  await watch(connection);
  await catchUp();
});

// ---- Markdown preview -------------------------------------------------------------------------------

/** A live preview of a Markdown textarea, rendered by the server as the person types; placed after the textarea's field. */
const livePreview = (textarea) => markdownPreview(textarea, { className: "discussion-preview" }).region;

// ---- The list ---------------------------------------------------------------------------------------

function threadItem(thread) {
  const link = el("a", { text: thread.title });
  link.href = threadUrl(thread.id);
  link.dataset.focusKey = `thread-${thread.id}`;
  const head = el("div", { className: "roundtable-head" }, link);
  if (thread.pinned) {
    head.append(el("span", { className: "badge", text: "Pinned" }));
  }
  if (thread.locked) {
    head.append(el("span", { className: "badge", text: "Locked" }));
  }
  if (thread.unread > 0) {
    head.append(el("span", { className: "badge unread", text: `${thread.unread} unread` }));
  }
  const replies = thread.replies === 1 ? "1 reply" : `${thread.replies} replies`;
  return el("li", { className: "roundtable" }, head,
    el("p", { className: "meta" }, `${thread.authorName} · ${replies} · last post `, timeEl(thread.lastPostAt)));
}

const listPath = (cohortId, circleId) =>
  `/api/cohorts/${encodeURIComponent(cohortId)}/discussions${circleId ? `?circleId=${encodeURIComponent(circleId)}` : ""}`;

/** @param {any[]} threads */
function showThreads(threads) {
  const items = $("threads");
  keepingFocus(items, () => items.replaceChildren(...(threads.length
    ? threads.map(threadItem)
    : [el("li", { className: "hint", text: "No threads here yet." })])));
}

/** Fetches the list again after a change pushed by the server; says which threads are new. @param {Set<string>} known */
async function refreshList(cohortId, circleId, known) {
  const list = await api(listPath(cohortId, circleId));
  showThreads(list.threads);
  const started = list.threads.filter((t) => !known.has(t.id));
  list.threads.forEach((t) => known.add(t.id));
  if (started.length) {
    $("thread-live").textContent = started.length === 1 ? `New thread: ${started[0].title}.` : `${started.length} new threads.`;
  }
}

async function showList(cohorts, cohortId, circleId) {
  const list = await api(listPath(cohortId, circleId));
  const cohortChoice = /** @type {HTMLSelectElement} */ ($("cohort-choice"));
  cohortChoice.replaceChildren(...cohorts.map((c) => new Option(c.name, c.id, false, c.id === cohortId)));
  cohortChoice.addEventListener("change", () => location.assign(listUrl(cohortChoice.value, null)));
  const placeChoice = /** @type {HTMLSelectElement} */ ($("place-choice"));
  placeChoice.replaceChildren(...list.places.map((p) => new Option(p.name, p.circleId ?? "", false, (p.circleId ?? null) === (circleId ?? null))));
  placeChoice.addEventListener("change", () => location.assign(listUrl(cohortId, placeChoice.value || null)));
  showThreads(list.threads);
  const known = new Set(list.threads.map((t) => t.id));
  const form = /** @type {HTMLFormElement} */ ($("start-form"));
  form.hidden = !list.mayStart;
  if (list.mayStart) {
    const markdown = /** @type {HTMLTextAreaElement} */ ($("start-markdown"));
    markdown.closest(".field")?.after(livePreview(markdown));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      clearError();
      const title = /** @type {HTMLInputElement} */ ($("start-title"));
      try {
        const thread = await api(`/api/cohorts/${encodeURIComponent(cohortId)}/discussions`, {
          method: "POST", body: { title: title.value, markdown: markdown.value, circleId },
        });
        location.assign(threadUrl(thread.id));
      } catch (error) {
        const first = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
        showError(error, "Could not start the thread.");
        (first ?? title).focus();
      }
    });
  }
  $("list-section").hidden = false;
  setStatus(list.threads.length ? `${list.cohortName}: ${list.threads.length} threads.` : `${list.cohortName}: no threads yet.`);
  const refresh = () => refreshList(cohortId, circleId, known);
  watchLive(
    { [NotificationsClientMethod.DiscussionsChanged]: () => refresh().catch(() => {}) },
    (connection) => connection.invoke(NotificationsHubMethod.WatchDiscussions, cohortId, circleId ?? null),
    refresh);
}

// ---- One thread -------------------------------------------------------------------------------------

/** @type {any} */
let thread = null;
/** What the reply form answers: a reply to reply to (one level) and a post quoted. */
const replying = { parent: /** @type {any} */ (null), quote: /** @type {any} */ (null) };
/** The number of the last post read when the thread was opened: later posts by others are marked new. */
let readWhenOpened = 0;
/** Whether a post's edit form is open: a change pushed meanwhile waits in pendingLive until it closes. */
let editing = false;
/** @type {any} */
let pendingLive = null;

/**
 * Shows a thread the server answered with, unless an edit form is open: then it waits in pendingLive (like a pushed
 * change) so the edit in progress is never thrown away. True when shown now.
 */
function showAnswer(detail) {
  if (editing) {
    if (!pendingLive || detail.version > pendingLive.version) {
      pendingLive = detail;
    }
    return false;
  }
  render(detail);
  return true;
}

async function act(path, method, body, fallback, announce) {
  clearError();
  try {
    const detail = await api(`/api/discussions/${encodeURIComponent(thread.id)}${path}`, { method, body });
    showAnswer(detail);
    if (announce) {
      $("thread-live").textContent = announce;
    }
    return true;
  } catch (error) {
    showError(error, fallback);
    return false;
  }
}

function reactionButtons(post) {
  const group = el("div", { className: "reactions" });
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", `Reactions to ${post.authorName}'s post`);
  for (const [key, symbol, label] of reactions) {
    const mine = post.reactions.find((r) => r.emoji === key);
    const count = mine?.count ?? 0;
    const node = button(count ? `${symbol} ${count}` : symbol, () =>
      act(`/posts/${encodeURIComponent(post.id)}/reactions`, "POST", { emoji: key }, "Could not react."),
    { className: "button small reaction", key: `react-${post.id}-${key}`, pressed: Boolean(mine?.mine) });
    node.setAttribute("aria-label", `${label}, ${count}`);
    node.disabled = !thread.mayReact;
    group.append(node);
  }
  return group;
}

function postHistory(post) {
  const summary = el("summary", { text: `Earlier versions (${post.history.length})` });
  const versions = [...post.history].reverse().map((version) => {
    const body = el("div", { className: "message-body" });
    serverHtml(body, version.html, { headingBase: 5 });
    const label = el("p", { className: "meta" }, `Version ${version.revision + 1}, from `, timeEl(version.at));
    if (version.title) {
      label.append(` · title “${version.title}”`);
    }
    return el("li", {}, label, body);
  });
  return el("details", { className: "post-history" }, summary, el("ol", {}, ...versions));
}

function editForm(article, post) {
  const form = el("form", { className: "stack discussion-form" });
  form.noValidate = true;
  const fields = [];
  /** @type {HTMLInputElement | null} */
  let title = null;
  if (post.number === 1) {
    title = el("input");
    title.name = "title";
    title.id = uid("edit-title");
    title.value = thread.title;
    const label = el("label", { text: "Title" });
    label.htmlFor = title.id;
    const error = el("p", { className: "field-error" });
    error.id = `${title.id}-error`;
    error.hidden = true;
    fields.push(el("div", { className: "field" }, label, title, error));
  }
  const text = el("textarea");
  text.name = "markdown";
  text.id = uid("edit-markdown");
  text.rows = 5;
  text.value = post.markdown;
  const label = el("label", { text: "Edit the post (Markdown)" });
  label.htmlFor = text.id;
  const error = el("p", { className: "field-error" });
  error.id = `${text.id}-error`;
  error.hidden = true;
  fields.push(el("div", { className: "field" }, label, text, error));
  const cancel = button("Cancel", () => {
    editing = false;
    render(thread);
    showPendingLive();
  }, { className: "button" });
  const save = el("button", { className: "button primary", text: "Save" });
  save.type = "submit";
  form.append(...fields, el("p", { className: "actions" }, save, " ", cancel));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    clearError();
    try {
      const body = { baseRevision: post.revision, markdown: text.value, title: title?.value };
      const saved = await api(`/api/discussions/${encodeURIComponent(thread.id)}/posts/${encodeURIComponent(post.id)}`, { method: "PUT", body });
      editing = false;
      render(saved);
      showPendingLive();
      $("thread-live").textContent = "Saved.";
      document.getElementById(`post-${post.id}`)?.focus();
    } catch (error) {
      const first = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
      showError(error, "Could not save the post.");
      (first ?? text).focus();
    }
  });
  article.querySelector(".post-content")?.replaceWith(form);
  editing = true;
  (title ?? text).focus();
}

function postArticle(post) {
  const article = el("article", { className: `post${post.removed ? " removed" : ""}` });
  article.id = `post-${post.id}`;
  article.tabIndex = -1;
  const headingId = uid("post-by");
  const by = el("h3", { className: "post-author", text: post.authorName });
  by.id = headingId;
  article.setAttribute("aria-labelledby", headingId);
  const meta = el("p", { className: "meta" }, timeEl(post.postedAt));
  if (post.editedAt) {
    meta.append(" · edited ", timeEl(post.editedAt));
  }
  if (post.number > readWhenOpened && post.authorId !== myId) {
    meta.append(" ", el("span", { className: "badge unread", text: "New" }));
  }
  const content = el("div", { className: "post-content" });
  if (post.removed) {
    content.append(el("p", { className: "hint", text: "This post was removed." }));
    article.append(by, meta, content);
    return article;
  }
  if (post.quote) {
    content.append(el("blockquote", { className: "quote" },
      el("p", { className: "meta", text: `${post.quote.authorName} wrote:` }), el("p", { text: post.quote.text })));
  }
  const body = el("div", { className: "message-body" });
  serverHtml(body, post.html, { headingBase: 3 });
  content.append(body);
  const actions = el("p", { className: "actions post-actions" });
  if (thread.mayReply && post.number > 1 && !post.parentPostId) {
    actions.append(button("Reply", () => startReply(post, null), { key: `reply-${post.id}` }), " ");
  }
  if (thread.mayReply) {
    actions.append(button("Quote", () => startReply(replying.parent, post), { key: `quote-${post.id}` }), " ");
  }
  if (post.mayEdit) {
    actions.append(button("Edit", () => editForm(article, post), { key: `edit-${post.id}` }), " ");
  }
  if (post.mayRemove) {
    actions.append(button("Remove", async () => {
      if (await act(`/posts/${encodeURIComponent(post.id)}`, "DELETE", undefined, "Could not remove the post.", "The post was removed.")) {
        document.getElementById(`post-${post.id}`)?.focus();
      }
    }, { className: "button small danger", key: `remove-${post.id}` }));
  }
  for (const node of actions.querySelectorAll("button")) {
    node.setAttribute("aria-describedby", headingId);
  }
  article.append(by, meta, content, reactionButtons(post), actions);
  if (post.history.length) {
    article.append(postHistory(post));
  }
  return article;
}

function startReply(parent, quote) {
  replying.parent = parent;
  replying.quote = quote ? { post: quote, text: quotedText(quote) } : null;
  showReplyContext();
  $("reply-markdown").focus();
}

/** The words selected in the quoted post when they are its own words; else the whole post. */
function quotedText(post) {
  const selected = window.getSelection()?.toString().trim() ?? "";
  return selected && post.markdown.includes(selected) ? selected : post.markdown;
}

function showReplyContext() {
  const context = $("reply-context");
  const parts = [];
  if (replying.parent) {
    parts.push(`Replying to ${replying.parent.authorName}.`);
  }
  if (replying.quote) {
    parts.push(`Quoting ${replying.quote.post.authorName}: “${replying.quote.text.slice(0, 80)}${replying.quote.text.length > 80 ? "…" : ""}”`);
  }
  context.textContent = parts.join(" ");
  $("reply-cancel").hidden = parts.length === 0;
}

function replyForm() {
  const form = el("form", { className: "stack discussion-form" });
  form.id = "reply-form";
  form.noValidate = true;
  const heading = el("h3", { text: "Reply" });
  const context = el("p", { className: "meta" });
  context.id = "reply-context";
  context.setAttribute("aria-live", "polite");
  const cancel = button("Reply to the thread instead", () => {
    replying.parent = null;
    replying.quote = null;
    showReplyContext();
    $("reply-markdown").focus();
  }, { className: "button link" });
  cancel.id = "reply-cancel";
  const text = el("textarea");
  text.id = "reply-markdown";
  text.dataset.focusKey = "reply-markdown";
  text.name = "markdown";
  text.rows = 4;
  const label = el("label", { text: "Your reply (Markdown; mention people with @Name)" });
  label.htmlFor = text.id;
  const error = el("p", { className: "field-error" });
  error.id = "reply-markdown-error";
  error.hidden = true;
  const field = el("div", { className: "field" }, label, text, error);
  const submit = el("button", { className: "button primary", text: "Post reply" });
  submit.type = "submit";
  form.append(heading, context, cancel, field, livePreview(text), el("p", {}, submit));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    clearError();
    try {
      const body = {
        markdown: text.value,
        parentPostId: replying.parent?.id ?? null,
        quotedPostId: replying.quote?.post.id ?? null,
        quotedText: replying.quote?.text ?? null,
      };
      const detail = await api(`/api/discussions/${encodeURIComponent(thread.id)}/replies`, { method: "POST", body });
      replying.parent = null;
      replying.quote = null;
      text.value = "";
      $("thread-live").textContent = "Your reply was posted.";
      // Someone who opened a post's edit form meanwhile keeps it, and the keyboard stays there.
      if (showAnswer(detail)) {
        $("reply-markdown").focus();
      }
    } catch (error) {
      if (error instanceof ApiError) {
        showFieldErrors(form, error.errors);
      }
      showError(error, "Could not post the reply.");
      text.focus();
    }
  });
  return form;
}

function render(detail) {
  // An answer or a push may arrive after a newer one: never go back.
  if (thread && detail.id === thread.id && detail.version < thread.version) {
    return;
  }
  thread = detail;
  const section = $("thread-section");
  keepingFocus(section, () => {
    const title = el("h2", { text: detail.title });
    title.id = "thread-heading";
    const back = el("a", { text: `All threads of ${detail.cohortName}` });
    back.href = listUrl(detail.cohortId, detail.circleId);
    const badges = el("p", { className: "meta" }, back);
    if (detail.pinned) {
      badges.append(" · ", el("span", { className: "badge", text: "Pinned" }));
    }
    if (detail.locked) {
      badges.append(" · ", el("span", { className: "badge", text: "Locked" }));
    }
    const controls = el("p", { className: "actions thread-actions" },
      button(detail.following ? "Following" : "Follow", () => act("/following", "PUT", { value: !detail.following }, "Could not change following.",
        detail.following ? "You no longer follow this thread." : "You follow this thread: you will be told of new replies."),
      { className: "button", key: "follow", pressed: detail.following }));
    if (detail.mayModerate) {
      controls.append(" ",
        button(detail.pinned ? "Pinned" : "Pin", () => act("/pinned", "PUT", { value: !detail.pinned }, "Could not pin the thread."), { className: "button", key: "pin", pressed: detail.pinned }),
        " ",
        button(detail.locked ? "Locked" : "Lock", () => act("/locked", "PUT", { value: !detail.locked }, "Could not lock the thread."), { className: "button", key: "lock", pressed: detail.locked }));
    }
    const posts = el("ol", { className: "posts" });
    for (const post of detail.posts.filter((p) => !p.parentPostId)) {
      const item = el("li", {}, postArticle(post));
      const children = detail.posts.filter((p) => p.parentPostId === post.id);
      if (children.length) {
        item.append(el("ol", { className: "posts nested" }, ...children.map((child) => el("li", {}, postArticle(child)))));
      }
      posts.append(item);
    }
    const existing = /** @type {HTMLFormElement | null} */ (section.querySelector("#reply-form"));
    const hint = el("p", { className: "hint", text: detail.locked ? "This thread is locked: only the cohort's coaches can reply." : "You can read this thread; observers do not post." });
    // A draft is never thrown away: a thread locked while someone writes keeps their text (the server says why it refuses).
    const keepDraft = existing && (detail.mayReply || /** @type {HTMLTextAreaElement} */ ($("reply-markdown")).value.trim() !== "");
    if (existing && keepDraft) {
      // The reply form stays where it is, with its draft, caret and focus: only what comes before it is replaced.
      for (const node of [...section.children]) {
        if (node !== existing) {
          node.remove();
        }
      }
      existing.before(title, badges, controls, posts, ...(detail.mayReply ? [] : [hint]));
    } else {
      section.replaceChildren(title, badges, controls, posts, detail.mayReply ? replyForm() : hint);
    }
    if (section.querySelector("#reply-form")) {
      showReplyContext();
    }
  });
  section.hidden = false;
  markRead(detail);
}

/** Whether marking read waits for the page to be seen again. */
let readWhenVisible = false;

async function markRead(detail) {
  if (detail.lastNumber <= detail.readUpTo) {
    return;
  }
  // Replies that arrive while the page is in the background are read when the person comes back to it.
  if (document.visibilityState !== "visible") {
    if (!readWhenVisible) {
      readWhenVisible = true;
      document.addEventListener("visibilitychange", () => {
        readWhenVisible = false;
        markRead(thread);
      }, { once: true });
    }
    return;
  }
  try {
    const read = await api(`/api/discussions/${encodeURIComponent(detail.id)}/read`, { method: "POST", body: { lastNumber: detail.lastNumber } });
    thread.readUpTo = read.readUpTo;
  } catch {
    // Unread state is a convenience: the thread is shown either way.
  }
}

/** Where the reader is: the focused element, or else the first post in view; and how far from the top of the window. */
function readerPlace(section) {
  const active = document.activeElement;
  const anchor = active instanceof HTMLElement && section.contains(active) ? active
    : [...section.querySelectorAll("article.post")].find((post) => post.getBoundingClientRect().bottom > 0);
  if (!(anchor instanceof HTMLElement)) {
    return null;
  }
  const find = anchor.id ? () => document.getElementById(anchor.id)
    : anchor.dataset.focusKey ? () => section.querySelector(`[data-focus-key="${CSS.escape(anchor.dataset.focusKey ?? "")}"]`)
      : () => (anchor.isConnected ? anchor : null);
  return { find, top: anchor.getBoundingClientRect().top };
}

/** Shows a thread the server pushed, keeping the reader where they were; announces replies by others, without moving focus. */
function showLive(detail) {
  // The same version is what the page shows already (often the echo of the reader's own action): drawing it again
  // would only disturb the reader.
  if (!thread || detail.id !== thread.id || detail.version <= thread.version) {
    return;
  }
  if (editing) {
    if (!pendingLive || detail.version > pendingLive.version) {
      pendingLive = detail;
    }
    return;
  }
  const known = new Set(thread.posts.map((p) => p.id));
  const arrived = detail.posts.filter((p) => !known.has(p.id) && p.authorId !== myId);
  const section = $("thread-section");
  const place = readerPlace(section);
  render(detail);
  const again = place?.find();
  if (place && again instanceof HTMLElement) {
    window.scrollBy(0, again.getBoundingClientRect().top - place.top);
  }
  if (arrived.length) {
    $("thread-live").textContent = arrived.length === 1
      ? `New reply from ${arrived[0].authorName}.`
      : `${arrived.length} new replies, the latest from ${arrived[arrived.length - 1].authorName}.`;
  }
}

/** A change that arrived while an edit form was open, shown once it closes. */
function showPendingLive() {
  const pending = pendingLive;
  pendingLive = null;
  if (pending) {
    showLive(pending);
  }
}

async function showThread(threadId) {
  const detail = await api(`/api/discussions/${encodeURIComponent(threadId)}`);
  readWhenOpened = detail.readUpTo;
  document.title = `${detail.title} · Discussions · Roundtable`;
  render(detail);
  setStatus("");
  watchLive(
    { [NotificationsClientMethod.ThreadChanged]: showLive },
    (connection) => connection.invoke(NotificationsHubMethod.WatchThread, detail.id),
    async () => showLive(await api(`/api/discussions/${encodeURIComponent(detail.id)}`)));
}

/** "Continue the discussion": the roundtable's thread (or a topic's), started by the server on first use. */
async function openRoundtableThread(roundtableId, topic) {
  setStatus("Opening the discussion…");
  const { threadId } = await api(`/api/roundtables/${encodeURIComponent(roundtableId)}/discussion`, {
    method: "POST", body: { agendaItemId: topic ?? null },
  });
  window.history.replaceState(null, "", threadUrl(threadId));
  await showThread(threadId);
}

async function main() {
  try {
    const home = await shell.home();
    myId = home.user.id;
    const cohorts = home.cohorts.map((c) => c.cohort);
    const roundtableId = params.get("roundtable");
    if (roundtableId) {
      await openRoundtableThread(roundtableId, params.get("topic"));
      return;
    }
    const threadId = params.get("thread");
    if (threadId) {
      await showThread(threadId);
      return;
    }
    const cohortId = params.get("cohort") ?? cohorts[0]?.id;
    if (!cohortId) {
      setStatus("You are not in any cohort yet, so there is nothing to discuss here.");
      return;
    }
    await showList(cohorts, cohortId, params.get("circle"));
  } catch (error) {
    setStatus("");
    showError(error, "Could not load the discussions.");
  }
}

main();
