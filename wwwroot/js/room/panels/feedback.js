// @ts-check
// Feedback on presentations. Coaches open a window on a presentation against one of the program's rubrics (comments
// shown to the presenter at once, or held for the coach's review), watch the peers' ratings and comments arrive,
// approve or hide any comment, put the peers' aggregate on everyone's stage, close and release. Learners rate the
// presenter while it is open in a drawer beside the stage, so the slides stay in view (and may revise), and see the
// peers' aggregate once released or put on the stage. The presenter sees the aggregate and the comments live, rates how
// helpful each comment was, flags any for the coach, assesses themselves and, after it closes, writes a reflection.
//
// Feedback is not carried by room events: FeedbackUpdated brings each audience its own view. Per presentation the
// view with the highest seq wins; a live view's entries are only those that changed (upserted by submissionId),
// while a snapshot (join or catch-up) replaces everything. Updates newer than a snapshot are replayed on top of it.
import { api } from "../../lib/api.js";
import { alertBox } from "../../lib/alerts.js";
import { el, keepingFocus, serverHtml } from "../../lib/dom.js";
import { field } from "../../lib/forms.js";
import { formatTime } from "../../lib/format.js";
import { aggregateTable, answersList, button, giverLine, helpfulnessLabels, ratingForm, scoresTable } from "./feedback-parts.js";
import { StageEvent } from "./stage.js";

/** This feature's RoomHub methods (the room id is the first argument). */
export const FeedbackMethod = Object.freeze({
  ApproveFeedback: "ApproveFeedback",
  CloseFeedback: "CloseFeedback",
  FlagFeedback: "FlagFeedback",
  ModerateFeedback: "ModerateFeedback",
  OpenFeedback: "OpenFeedback",
  RateFeedback: "RateFeedback",
  ReleaseFeedback: "ReleaseFeedback",
  ShowFeedbackOnStage: "ShowFeedbackOnStage",
  SubmitFeedback: "SubmitFeedback",
  WriteReflection: "WriteReflection",
});

const anonymityLabels = {
  Named: "Named",
  AnonymousToPresenter: "Anonymous to the presenter",
  FullyAnonymous: "Fully anonymous",
};

const moderationLabels = {
  ShownAtOnce: "Shown to the presenter at once (hide any afterwards)",
  HeldForReview: "Held for your review before the presenter sees them",
};

// How long to gather arriving feedback into one announcement.
const ANNOUNCE_AFTER_MS = 2000;

/** @type {import("./panel.js").PanelContext} set by mount, before any other hook */
let ctx;
const ui = {};
// presentationId -> { presentationId, presenterUserId, presenterName }, in the order they started.
const presentations = new Map();
let onStage = null;
// presentationId -> { seq, view, entries: Map(submissionId -> entry) }
const windows = new Map();
// presentationId -> { seq, entry }: the viewer's own submission.
const mine = new Map();
// presentationId -> the card's elements.
const cards = new Map();
// Live updates not yet known to be covered by a snapshot: replayed after one. Pruned as events arrive.
let recent = [];
let started = false;
// The seq of the last event applied (or of the snapshot).
let appliedSeq = 0;
/** @type {any[] | null} */
let rubrics = null;
/** @type {string | null} */
let pendingAnnouncement = null;
// The window whose rating form is in the drawer beside the stage, and the windows whose drawer the peer has put away
// (after sending, or by hand) until they ask for it again.
/** @type {string | null} */
let inDrawer = null;
const putAway = new Set();
let drawerOpen = false;

// ---- state ----------------------------------------------------------------------------------------

/** Which audience's updates this page takes for a presentation; the presenter ignores the peers' view of their own. */
function audienceFor(view) {
  if (ctx.isFacilitator()) {
    return "Staff";
  }
  return view.presenterUserId === ctx.room.userId ? "Presenter" : "Peers";
}

function holdWindow(seq, view, entries) {
  const held = new Map(entries);
  for (const entry of view.entries ?? []) {
    held.set(entry.submissionId, entry);
  }
  windows.set(view.presentationId, { seq, view, entries: held });
}

/** Applies one live update if it is newer than what is held; returns what it changed, for announcements. */
function applyUpdate(update) {
  const id = update.presentationId;
  const before = windows.get(id);
  const mineBefore = mine.get(id);
  if (update.mine && (!mineBefore || update.seq >= mineBefore.seq)) {
    mine.set(id, { seq: update.seq, entry: update.mine });
  }
  if (update.view && update.for === audienceFor(update.view) && (!before || update.seq >= before.seq)) {
    holdWindow(update.seq, update.view, before?.entries);
  }
  return { before: before?.view ?? null, mineBefore: mineBefore?.entry ?? null };
}

function replaceAll(views, mineList, seq) {
  windows.clear();
  for (const view of views) {
    holdWindow(seq, view, null);
  }
  mine.clear();
  for (const entry of mineList) {
    mine.set(entry.presentationId, { seq, entry });
  }
  started = true;
  recent = recent.filter((update) => update.seq > seq);
  for (const update of recent) {
    applyUpdate(update);
  }
  renderAll();
}

function addPresentation(p) {
  presentations.set(p.presentationId, {
    presentationId: p.presentationId, presenterUserId: p.presenterUserId, presenterName: p.presenterName,
  });
}

// ---- announcements --------------------------------------------------------------------------------

/** Gathers arrivals for a couple of seconds and says the latest once, so a burst of feedback is one announcement. */
function announceSoon(text) {
  const waiting = pendingAnnouncement !== null;
  pendingAnnouncement = text;
  if (!waiting) {
    setTimeout(() => {
      ctx.announce(pendingAnnouncement ?? "");
      pendingAnnouncement = null;
    }, ANNOUNCE_AFTER_MS);
  }
}

function whose(view) {
  return view.presenterUserId === ctx.room.userId ? "your presentation" : `${view.presenterName}'s presentation`;
}

function announceChanges(id, { before, mineBefore }) {
  const view = windows.get(id)?.view;
  if (view && view !== before) {
    if (!before) {
      ctx.announce(`Feedback is open on ${whose(view)}.`);
    } else if (view.onStage && !before.onStage) {
      ctx.announce(`The peers' ratings of ${whose(view)} are on the stage.`);
    } else if (view.released && !before.released) {
      ctx.announce(`The peers' ratings of ${whose(view)} are released.`);
    } else if (view.closed && !before.closed) {
      ctx.announce(`Feedback on ${whose(view)} has closed.`);
    } else if (audienceFor(view) !== "Peers" && (view.submitted ?? 0) > (before.submitted ?? 0)) {
      announceSoon(`New feedback on ${whose(view)}: ${progressText(view)}.`);
    }
  }
  const entry = mine.get(id)?.entry;
  if (entry?.helpfulness && entry.helpfulness !== mineBefore?.helpfulness) {
    ctx.announce(`The presenter rated your feedback: ${helpfulnessLabels[entry.helpfulness]}.`);
  }
}

// ---- rendering ------------------------------------------------------------------------------------

function progressText(view) {
  const expected = view.expected ?? 0;
  return `${view.submitted ?? 0} of ${expected} ${expected === 1 ? "peer" : "peers"} gave feedback`;
}

function statusText(view) {
  const state = view.released ? "Released to peers" : view.closed ? "Closed" : "Open";
  const closes = !view.closed && view.closesAt ? ` · closes by itself at ${formatTime(view.closesAt)}` : "";
  const held = view.moderation === "HeldForReview" ? " · comments held for review" : "";
  return `${state} · ${view.rubric.name} (version ${view.rubric.version}) · ${anonymityLabels[view.anonymity] ?? view.anonymity}${held}${closes}`;
}

async function run(card, button, method, ...args) {
  const key = document.activeElement === button ? button.dataset.focusKey : undefined;
  const accepted = await ctx.act(card.error, button, method, card.id, ...args);
  // Disabled while the call ran, the button lost the keyboard: back to it, or to the control that took its place.
  if (key && (document.activeElement === null || document.activeElement === document.body)) {
    const again = [...card.node.querySelectorAll("[data-focus-key]")]
      .find((node) => node instanceof HTMLElement && node.dataset.focusKey === key && node.checkVisibility());
    if (again instanceof HTMLElement) {
      again.focus();
    }
  }
  return accepted;
}

function cardFor(view) {
  const id = view.presentationId;
  // Built once per window (its rubric never changes), so what is typed in its forms survives every update.
  if (cards.has(id)) {
    return cards.get(id);
  }
  const card = {
    id, items: new Map(), flagDrafts: new Map(),
    heading: el("h3"), status: el("p", { className: "meta" }), controls: el("div", { className: "controls" }),
    summary: el("div", { className: "feedback-summary" }), apart: el("div", { className: "feedback-apart" }),
    commentsHeading: el("h4", { text: "Comments" }), comments: el("ul", { className: "feedback-comments" }),
    noComments: el("p", { className: "hint", text: "No comments yet." }),
    mineNote: el("p", { className: "feedback-mine" }), closedNote: el("p", { className: "hint" }),
    reflection: el("div", { className: "feedback-reflection" }), error: alertBox(),
  };
  card.heading.id = `feedback-heading-${id}`;
  card.commentsHeading.id = `feedback-comments-${id}`;
  card.comments.setAttribute("aria-labelledby", card.commentsHeading.id);
  card.close = button("Close feedback", "button danger");
  card.close.dataset.focusKey = `feedback-${id}-close`;
  card.close.addEventListener("click", () => run(card, card.close, FeedbackMethod.CloseFeedback));
  card.release = button("Release to peers", "button");
  card.release.dataset.focusKey = `feedback-${id}-release`;
  card.release.addEventListener("click", () => run(card, card.release, FeedbackMethod.ReleaseFeedback));
  card.releaseHeld = button("Release all held comments", "button");
  card.releaseHeld.dataset.focusKey = `feedback-${id}-release-held`;
  card.releaseHeld.addEventListener("click", () => run(card, card.releaseHeld, FeedbackMethod.ApproveFeedback, null));
  card.stage = button("Show results on the stage", "button");
  card.stage.dataset.focusKey = `feedback-${id}-stage`;
  card.stage.addEventListener("click", () =>
    run(card, card.stage, FeedbackMethod.ShowFeedbackOnStage, !windows.get(id)?.view.onStage));
  card.controls.append(card.close, card.release, card.releaseHeld, card.stage);
  // Peers are here to give feedback; staff and the presenter mostly watch it arrive, so theirs is folded away.
  const peer = audienceFor(view) === "Peers";
  card.form = ratingForm(view.rubric, formHeading(view), async (scores, answers, submit, errorBox) => {
    const sent = await ctx.act(errorBox, submit, FeedbackMethod.SubmitFeedback,
      { presentationId: id, scores, answers, selfAssessment: view.presenterUserId === ctx.room.userId });
    if (sent && inDrawer === id) {
      ctx.announce("Your feedback is sent; you can revise it until feedback closes.");
      putDrawerAway(id);
    }
    return sent;
  }, !peer, peer ? "h2" : "h4", (text) => api(
    `/api/roundtables/${encodeURIComponent(ctx.roomId)}/feedback/${encodeURIComponent(id)}/comment-advice`, { method: "POST", body: { text } }));
  card.formSlot = el("div", {}, card.form.node);
  // Shown while the form is in the drawer: whether it was sent, and the way back to it.
  card.giveStatus = el("p", { className: "feedback-sent" });
  card.giveStatus.setAttribute("role", "status");
  card.reopen = button("Edit your feedback", "button primary");
  card.reopen.dataset.focusKey = `feedback-${id}-reopen`;
  card.reopen.addEventListener("click", () => openDrawer(id));
  card.give = el("div", { className: "feedback-give" }, card.giveStatus, card.reopen);
  card.reflectionForm = reflectionEditor(card);
  card.node = el("article", { className: "feedback-card" }, card.heading, card.status, card.controls, card.summary,
    card.apart, card.commentsHeading, card.noComments, card.comments, card.give, card.formSlot, card.mineNote, card.closedNote,
    card.reflection, card.error);
  card.node.setAttribute("aria-labelledby", card.heading.id);
  cards.set(id, card);
  return card;
}

function formHeading(view) {
  if (ctx.isFacilitator()) {
    return "Your rating as coach";
  }
  return view.presenterUserId === ctx.room.userId ? "Your self-assessment" : "Your feedback";
}

/** Who may give feedback here: staff (as coach), the presenter (self-assessment) and learners (as peers). */
function canGive(view) {
  return ctx.isFacilitator() || view.presenterUserId === ctx.room.userId || ctx.room.role === "Learner";
}

function renderCard(id) {
  const held = windows.get(id);
  if (!held) {
    return;
  }
  // An ended roundtable takes no more feedback, though no update says so.
  const view = ctx.room.status === "Ended" && !held.view.closed ? { ...held.view, closed: true } : held.view;
  const card = cardFor(view);
  const audience = audienceFor(view);
  const staff = audience === "Staff";
  keepingFocus(card.node, () => {
    card.heading.textContent = view.presenterUserId === ctx.room.userId
      ? "Feedback on your presentation" : `Feedback on ${view.presenterName}'s presentation`;
    card.status.textContent = statusText(view);
    card.close.hidden = view.closed;
    card.release.hidden = view.released;
    const heldCount = [...held.entries.values()].filter((e) => e.held).length;
    card.releaseHeld.hidden = heldCount === 0;
    card.releaseHeld.textContent = `Release all held comments (${heldCount})`;
    card.controls.hidden = !staff || (view.closed && view.released && heldCount === 0 && !view.onStage && ctx.room.status === "Ended");
    card.stage.textContent = view.onStage ? "Take results off the stage" : "Show results on the stage";
    card.stage.hidden = ctx.room.status === "Ended" && !view.onStage;

    renderSummary(card, view, audience);
    renderApart(card, held, audience);
    renderComments(card, held, audience);
    renderGiving(card, view);
    renderReflection(card, view, audience);
  });
}

function renderSummary(card, view, audience) {
  const parts = [];
  if (view.aggregate) {
    parts.push(el("p", { className: "feedback-progress", text: `${progressText(view)}.` }));
    parts.push(aggregateTable(view.rubric, view.aggregate));
  } else if (audience === "Peers") {
    parts.push(el("p", { className: "hint", text: view.closed
      ? "The coach can release the peers' ratings to everyone."
      : "The peers' ratings are shown here once the coach releases them." }));
  }
  card.summary.replaceChildren(...parts);
}

/** The coach's rating and (for staff) the presenter's self-assessment, kept apart from the peers'. */
function renderApart(card, held, audience) {
  const parts = [];
  for (const entry of held.entries.values()) {
    const apart = entry.kind === "Coach" || (entry.kind === "Self" && audience === "Staff");
    if (!apart) {
      continue;
    }
    const caption = entry.kind === "Coach" ? `Coach's rating: ${entry.displayName ?? "coach"}` : "The presenter's self-assessment";
    parts.push(el("div", { className: "feedback-entry" },
      scoresTable(held.view.rubric, entry.scores, caption), ...answersList(held.view.rubric, entry.answers)));
  }
  card.apart.replaceChildren(...parts);
}

function renderComments(card, held, audience) {
  const shown = audience !== "Peers";
  const peers = [...held.entries.values()].filter((e) => e.kind === "Peer").sort((a, b) => a.submissionId - b.submissionId);
  card.commentsHeading.hidden = !shown;
  card.comments.hidden = !shown || peers.length === 0;
  card.noComments.hidden = !shown || peers.length > 0;
  if (!shown) {
    return;
  }
  const items = peers.map((entry) => {
    const kept = card.items.get(entry.submissionId);
    if (kept?.entry === entry) {
      return kept.node;
    }
    const node = commentItem(card, held.view, entry, audience);
    card.items.set(entry.submissionId, { entry, node });
    return node;
  });
  card.comments.replaceChildren(...items);
}

function commentItem(card, view, entry, audience) {
  const staff = audience === "Staff";
  const item = el("li", { className: `feedback-comment${entry.flagged ? " flagged" : ""}${entry.hidden ? " hidden-comment" : ""}${entry.held ? " held-comment" : ""}` },
    giverLine(entry));
  if (staff && entry.scores) {
    const line = view.rubric.criteria.map((c) => `${c.name} ${entry.scores[c.id] ?? "–"}`).join(" · ");
    item.append(el("p", { className: "feedback-scores", text: `Scores: ${line}` }));
  }
  if (entry.hidden && !staff) {
    item.append(el("p", { className: "hidden-placeholder", text: "The coach hid this comment." }));
    return item;
  }
  item.append(...answersList(view.rubric, entry.answers));
  if (entry.answers.length === 0) {
    item.append(el("p", { className: "hint", text: "Scores only, no comments." }));
  }
  if (entry.helpfulness) {
    const whoRated = audience === "Presenter" ? "You rated this" : "The presenter rated this";
    item.append(el("p", { className: "meta", text: `${whoRated}: ${helpfulnessLabels[entry.helpfulness]}` }));
  }
  if (staff) {
    item.append(...moderation(card, entry));
  } else if (audience === "Presenter") {
    item.append(helpfulnessControl(card, entry), ...flagControl(card, entry));
  }
  return item;
}

/** A coach's actions on one comment. They share one focus key: after any of them the keyboard is on the comment's next one. */
function moderation(card, entry) {
  const key = `feedback-${card.id}-${entry.submissionId}`;
  const hide = button("Hide");
  hide.dataset.focusKey = `${key}-moderate`;
  hide.addEventListener("click", () => run(card, hide, FeedbackMethod.ModerateFeedback, entry.submissionId, true));
  if (entry.held) {
    const approve = button("Approve");
    approve.dataset.focusKey = `${key}-moderate`;
    approve.addEventListener("click", () => run(card, approve, FeedbackMethod.ApproveFeedback, [entry.submissionId]));
    return [
      el("p", {}, el("span", { className: "flag held", text: "Held" }), el("span", { text: " for your review: the presenter has not seen these words." })),
      el("div", { className: "moderation-actions" }, approve, hide),
    ];
  }
  if (entry.hidden) {
    const show = button("Show again");
    show.dataset.focusKey = `${key}-moderate`;
    show.addEventListener("click", () => run(card, show, FeedbackMethod.ModerateFeedback, entry.submissionId, false));
    return [el("p", { className: "hidden-placeholder", text: "Hidden from the presenter." }), el("div", { className: "moderation-actions" }, show)];
  }
  if (!entry.flagged) {
    return entry.answers.length > 0 ? [el("div", { className: "moderation-actions" }, hide)] : [];
  }
  const keep = button("Keep");
  keep.dataset.focusKey = `${key}-moderate`;
  keep.addEventListener("click", () => run(card, keep, FeedbackMethod.ModerateFeedback, entry.submissionId, false));
  const reason = entry.flagReason ? `: ${entry.flagReason}` : "";
  return [
    el("p", {}, el("span", { className: "flag", text: "Flagged" }), el("span", { text: ` by the presenter${reason}` })),
    el("div", { className: "moderation-actions" }, hide, keep),
  ];
}

/** Three toggle buttons: one press rates, the pressed one shows the rating given. */
function helpfulnessControl(card, entry) {
  const group = el("div", { className: "helpfulness" });
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", "How helpful was this?");
  for (const value of [1, 2, 3]) {
    const choice = button(helpfulnessLabels[value]);
    choice.setAttribute("aria-pressed", String(entry.helpfulness === value));
    choice.dataset.focusKey = `feedback-${card.id}-${entry.submissionId}-helpful-${value}`;
    choice.addEventListener("click", () => run(card, choice, FeedbackMethod.RateFeedback, entry.submissionId, value));
    group.append(choice);
  }
  return group;
}

function flagControl(card, entry) {
  if (entry.flagged) {
    return [el("p", { className: "meta" }, el("span", { className: "flag", text: "Flagged for the coach" }))];
  }
  const key = `feedback-${card.id}-${entry.submissionId}`;
  const draft = card.flagDrafts.get(entry.submissionId) ?? { open: false, reason: "" };
  const open = button("Flag for the coach");
  open.dataset.focusKey = `${key}-flag`;
  open.setAttribute("aria-expanded", String(draft.open));
  const reason = Object.assign(el("input"), { maxLength: 300, value: draft.reason });
  reason.dataset.focusKey = `${key}-reason`;
  const send = el("button", { className: "button small", text: "Send flag" });
  send.type = "submit";
  const cancel = button("Cancel");
  const form = el("form", { className: "feedback-flag" }, field("Why should the coach look at it?", reason), el("div", { className: "controls" }, send, cancel));
  form.hidden = !draft.open;
  const setOpen = (value) => {
    draft.open = value;
    card.flagDrafts.set(entry.submissionId, draft);
    form.hidden = !value;
    open.setAttribute("aria-expanded", String(value));
  };
  open.addEventListener("click", () => {
    setOpen(!draft.open);
    if (draft.open) {
      reason.focus();
    }
  });
  cancel.addEventListener("click", () => {
    setOpen(false);
    open.focus();
  });
  reason.addEventListener("input", () => { draft.reason = reason.value; });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await run(card, send, FeedbackMethod.FlagFeedback, entry.submissionId, reason.value)) {
      card.flagDrafts.delete(entry.submissionId);
    }
  });
  return [el("div", { className: "moderation-actions" }, open), form];
}

function renderGiving(card, view) {
  const entry = mine.get(view.presentationId)?.entry ?? null;
  const giving = canGive(view) && !(view.closed && !entry);
  card.form.node.hidden = !giving;
  card.form.fill(entry);
  card.form.setState({ closed: view.closed, sent: entry !== null });
  card.closedNote.hidden = !(canGive(view) && view.closed && !entry);
  card.closedNote.textContent = ctx.isFacilitator() ? "Feedback closed before you rated it."
    : view.presenterUserId === ctx.room.userId ? "Feedback closed before you assessed yourself." : "Feedback closed before you gave any.";
  const notes = [];
  if (entry?.held) {
    notes.push("Your comments wait for the coach's review before the presenter sees them.");
  }
  if (entry?.hidden) {
    notes.push("The coach hid your comments from the presenter.");
  }
  if (entry?.helpfulness) {
    notes.push(`The presenter rated your feedback: ${helpfulnessLabels[entry.helpfulness]}.`);
  }
  card.mineNote.textContent = notes.join(" ");
  card.mineNote.hidden = notes.length === 0;
}

function reflectionEditor(card) {
  const input = Object.assign(el("textarea"), { rows: 4 });
  const save = el("button", { className: "button primary", text: "Save reflection" });
  save.type = "submit";
  const error = alertBox();
  const form = el("form", { className: "feedback-reflection-form" },
    field("Reflection (Markdown)", input, "What do you take away from this feedback? You can rewrite it later."),
    el("div", { className: "controls" }, save), error);
  let dirty = false;
  input.addEventListener("input", () => { dirty = true; });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await ctx.act(error, save, FeedbackMethod.WriteReflection, card.id, input.value)) {
      dirty = false;
      ctx.announce("Your reflection is saved.");
    }
  });
  return {
    node: form,
    fill(markdown) {
      if (!dirty) {
        input.value = markdown ?? "";
      }
    },
  };
}

function renderReflection(card, view, audience) {
  const presenter = audience === "Presenter";
  const parts = [];
  if (presenter || view.reflection) {
    parts.push(el("h4", { text: presenter ? "Your reflection" : `${view.presenterName}'s reflection` }));
  }
  if (view.reflection) {
    const body = el("div", { className: "message-body feedback-reflection-saved" });
    // Rendered and sanitised by the server when the reflection was saved.
    serverHtml(body, view.reflection.html, { headingBase: 4 });
    body.setAttribute("role", "region");
    body.setAttribute("aria-label", presenter ? "Your saved reflection" : `${view.presenterName}'s reflection`);
    parts.push(body, el("p", { className: "meta", text: `Saved at ${formatTime(view.reflection.at)}` }));
  }
  if (presenter && !view.closed) {
    parts.push(el("p", { className: "hint", text: "Once feedback closes, write down here what you take away from it." }));
  }
  if (presenter && view.closed) {
    card.reflectionForm.fill(view.reflection?.markdown);
    parts.push(card.reflectionForm.node);
  }
  card.reflection.replaceChildren(...parts);
}

function renderAll() {
  if (!ctx) {
    return;
  }
  const ids = [...windows.values()].sort((a, b) => Date.parse(b.view.openedAt) - Date.parse(a.view.openedAt)).map((w) => w.view.presentationId);
  for (const id of ids) {
    renderCard(id);
  }
  keepingFocus(ui.section, () => {
    ui.list.replaceChildren(...ids.map((id) => cards.get(id).node));
  });
  ui.empty.hidden = ids.length > 0;
  renderOpenForm();
  renderDrawer();
  renderStagePart();
  reportProgress();
  const open = [...windows.values()].map((w) => w.view).find((view) => !view.closed);
  ctx.badge("feedback", open ? 1 : 0);
}

// ---- the drawer beside the stage (peers) ----------------------------------------------------------

/** A learner rates another's presentation beside the stage while feedback on it is open. */
function ratesInDrawer(view) {
  return !ctx.isFacilitator() && ctx.room.role === "Learner" && view.presenterUserId !== ctx.room.userId
    && !view.closed && ctx.room.status !== "Ended";
}

/** Puts the newest open window's form in the drawer (and any other back in its card), open unless put away. */
function renderDrawer() {
  const view = [...windows.values()].map((w) => w.view).filter(ratesInDrawer)
    .sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt))[0] ?? null;
  const id = view?.presentationId ?? null;
  if (inDrawer !== id) {
    const leaving = inDrawer === null ? null : cards.get(inDrawer);
    const hadFocus = leaving?.form.node.contains(document.activeElement) ?? false;
    leaving?.formSlot.append(leaving.form.node);
    inDrawer = id;
    if (id !== null) {
      ui.drawerWhose.textContent = `On ${view.presenterName}'s presentation`;
      ui.drawerBody.replaceChildren(cards.get(id).form.node);
    }
    if (hadFocus && leaving) {
      // Moving the form took the keyboard's place away: back to the card's heading.
      leaving.heading.tabIndex = -1;
      leaving.heading.focus();
    }
  }
  const open = id !== null && !putAway.has(id);
  if (drawerOpen !== open) {
    drawerOpen = open;
    ctx.showStageSide(open);
  }
  for (const card of cards.values()) {
    const here = card.id === inDrawer;
    card.give.hidden = !here;
    if (!here) {
      continue;
    }
    const sent = mine.has(card.id);
    const text = sent ? "Sent — you can revise until feedback closes." : "Feedback is open: rate it in the form beside the stage.";
    if (card.giveStatus.textContent !== text) {
      card.giveStatus.textContent = text;
    }
    card.reopen.textContent = sent ? "Edit your feedback" : "Rate now";
    card.reopen.hidden = open;
  }
}

function putDrawerAway(id) {
  putAway.add(id);
  renderDrawer();
  const card = cards.get(id);
  // Back to where the form can be opened again (visible once the Feedback tab is).
  card?.reopen.focus();
}

function openDrawer(id) {
  putAway.delete(id);
  renderDrawer();
  cards.get(id)?.form.first()?.focus();
}

// ---- the aggregate on the stage, and progress for staff -------------------------------------------

/** The peers' aggregate a coach put on the stage, in the stage (#stage, else the stage panel) for everyone. */
function renderStagePart() {
  const held = [...windows.values()].find((w) => w.view.onStage && w.view.aggregate);
  ui.stagePart.hidden = !held;
  if (!held) {
    return;
  }
  const home = document.getElementById("stage") ?? document.querySelector(".stage-panel") ?? ui.section;
  if (ui.stagePart.parentElement !== home) {
    home.append(ui.stagePart);
  }
  const view = held.view;
  ui.stageHeading.textContent = `Peer ratings of ${view.presenterName}'s presentation`;
  ui.stageBody.replaceChildren(el("p", { className: "feedback-progress", text: `${progressText(view)}.` }),
    aggregateTable(view.rubric, view.aggregate, "Peer ratings on the stage"));
}

/** Staff see in the header how many peers have rated the open window. */
function reportProgress() {
  if (!ctx.isFacilitator()) {
    return;
  }
  const open = [...windows.values()].map((w) => w.view).filter((v) => !v.closed && ctx.room.status !== "Ended")
    .sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt))[0];
  ctx.attention("feedback", open ? { done: open.submitted ?? 0, total: open.expected ?? 0 } : null);
}

// ---- opening feedback (staff) ---------------------------------------------------------------------

function renderOpenForm() {
  const facilitator = ctx.isFacilitator() && ctx.room.status !== "Ended";
  const candidates = [...presentations.values()].filter((p) => !windows.has(p.presentationId)).reverse();
  ui.open.hidden = !facilitator || candidates.length === 0;
  ui.openHint.hidden = !facilitator || candidates.length > 0 || windows.size > 0;
  if (ui.open.hidden) {
    return;
  }
  const chosen = ui.presentation.value;
  ui.presentation.replaceChildren(...candidates.map((p) => {
    const option = el("option", { text: p.presentationId === onStage ? `${p.presenterName} (on stage)` : p.presenterName });
    option.value = p.presentationId;
    return option;
  }));
  const keep = candidates.find((p) => p.presentationId === chosen) ?? candidates.find((p) => p.presentationId === onStage);
  if (keep) {
    ui.presentation.value = keep.presentationId;
  }
  if (rubrics === null) {
    loadRubrics();
  }
}

async function loadRubrics() {
  rubrics = [];
  /** @type {any[]} */
  let list;
  /** @type {string | null} */
  let preferred = null;
  try {
    const roundtable = await api(`/api/roundtables/${encodeURIComponent(ctx.roomId)}`);
    const cohort = await api(`/api/cohorts/${encodeURIComponent(roundtable.cohortId)}`);
    list = (await api(`/api/programs/${encodeURIComponent(cohort.programId)}/rubrics`)).map((saved) => saved.rubric);
    // The cohort's template names the rubric its feedback uses unless the coach chooses another.
    preferred = (await api(`/api/cohorts/${encodeURIComponent(roundtable.cohortId)}/template`)).rubricId ?? null;
  } catch (error) {
    ui.openError.textContent = `The program's rubrics could not be loaded: ${error.message}`;
    rubrics = null;
    return;
  }
  rubrics = list;
  ui.rubric.replaceChildren(...list.map((r) => {
    const option = el("option", { text: `${r.name} (version ${r.version})` });
    option.value = r.rubricId;
    return option;
  }));
  if (preferred && list.some((r) => r.rubricId === preferred)) {
    ui.rubric.value = preferred;
  }
  ui.noRubrics.hidden = list.length > 0;
}

function openForm() {
  ui.presentation = el("select");
  ui.rubric = el("select");
  ui.anonymity = el("select", {}, ...Object.entries(anonymityLabels).map(([value, text]) => Object.assign(el("option", { text }), { value })));
  ui.anonymity.value = "AnonymousToPresenter";
  ui.moderation = el("select", {}, ...Object.entries(moderationLabels).map(([value, text]) => Object.assign(el("option", { text }), { value })));
  ui.minutes = Object.assign(el("input"), { type: "number", min: "1", max: "1440", inputMode: "numeric" });
  ui.noRubrics = el("p", { className: "hint", text: "This program has no rubrics yet." });
  ui.noRubrics.hidden = true;
  ui.openError = alertBox();
  const submit = el("button", { className: "button primary", text: "Open feedback" });
  submit.type = "submit";
  const form = el("form", { className: "feedback-open" }, el("h3", { text: "Open feedback" }),
    field("Presentation", ui.presentation), field("Rubric", ui.rubric), ui.noRubrics,
    field("Names", ui.anonymity, "Who sees who gave which feedback. Coaches see names unless fully anonymous."),
    field("Peers' comments", ui.moderation, "Either way you can hide any comment; scores always count at once."),
    field("Close by itself after (minutes)", ui.minutes, "Optional; leave empty to close it yourself."),
    el("div", { className: "controls" }, submit), ui.openError);
  form.noValidate = true;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const minutes = ui.minutes.value.trim() === "" ? null : Number(ui.minutes.value);
    if (!ui.rubric.value) {
      ui.openError.textContent = "Choose a rubric first.";
      return;
    }
    ctx.act(ui.openError, submit, FeedbackMethod.OpenFeedback, {
      presentationId: ui.presentation.value, rubricId: ui.rubric.value, anonymity: ui.anonymity.value, moderation: ui.moderation.value,
      autoCloseMinutes: Number.isInteger(minutes) ? minutes : minutes === null ? null : 0,
    });
  });
  return form;
}

// ---- hooks ----------------------------------------------------------------------------------------

function mount(context) {
  ctx = context;
  const heading = el("h2", { text: "Feedback" });
  heading.id = "feedback-heading";
  ui.open = openForm();
  ui.open.hidden = true;
  ui.openHint = el("p", { className: "hint", text: "Start a presentation to open feedback on it." });
  ui.openHint.hidden = true;
  ui.empty = el("p", { className: "hint", text: "No feedback has been opened yet." });
  ui.list = el("div", { className: "feedback-list" });
  ui.section = el("section", { className: "panel feedback-panel" }, heading, ui.open, ui.openHint, ui.empty, ui.list);
  ui.section.setAttribute("aria-labelledby", heading.id);
  ctx.container.append(ui.section);

  // The drawer beside the stage: the form of the window being rated moves in and out of it.
  ui.drawerWhose = el("p", { className: "meta" });
  ui.drawerBody = el("div");
  const putAwayButton = button("Hide the form");
  putAwayButton.addEventListener("click", () => {
    if (inDrawer !== null) {
      putDrawerAway(inDrawer);
    }
  });
  ctx.stageSide.append(el("div", { className: "feedback-drawer" },
    el("div", { className: "feedback-drawer-bar" }, ui.drawerWhose, putAwayButton), ui.drawerBody));

  // The aggregate on the stage: a part of the stage (data-stage-part) that this panel fills and shows.
  ui.stageHeading = el("h3");
  ui.stageHeading.id = "feedback-stage-heading";
  ui.stageBody = el("div");
  ui.stagePart = el("section", { className: "feedback-on-stage" }, ui.stageHeading, ui.stageBody);
  ui.stagePart.dataset.stagePart = "feedback";
  ui.stagePart.setAttribute("aria-labelledby", ui.stageHeading.id);
  ui.stagePart.hidden = true;
}

function snapshot(snap) {
  appliedSeq = snap.seq;
  presentations.clear();
  for (const p of snap.presentations ?? []) {
    addPresentation(p);
  }
  if (snap.stage) {
    addPresentation(snap.stage);
  }
  onStage = snap.stage?.presentationId ?? null;
  replaceAll(snap.feedback ?? [], snap.myFeedback ?? [], snap.seq);
}

function apply({ seq, event }) {
  appliedSeq = seq;
  recent = recent.filter((update) => update.seq > seq);
  switch (event.type) {
    case StageEvent.PresentationStarted:
      addPresentation(event);
      onStage = event.presentationId;
      renderOpenForm();
      break;
    case StageEvent.PresentationEnded:
      if (onStage === event.presentationId) {
        onStage = null;
        renderOpenForm();
      }
      break;
    default:
      break;
  }
}

function feedback(update) {
  // Kept until the events it follows are applied (a snapshot taken before them does not hold it yet); one that follows
  // only events already applied is held by any later snapshot, so keeping it would only bring it back into an earlier
  // moment (a replay rebuilt backwards).
  if (!started || update.seq > appliedSeq) {
    recent.push(update);
  }
  if (!started) {
    return;
  }
  const changes = applyUpdate(update);
  renderAll();
  announceChanges(update.presentationId, changes);
}

/** @type {import("./panel.js").Panel} */
export const feedbackPanel = {
  tab: "feedback",
  mount,
  snapshot,
  apply,
  feedback,
  feedbackSnapshot: replaceAll,
  status() {
    if (ctx && started) {
      renderAll();
    }
  },
};
