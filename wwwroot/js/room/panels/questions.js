// @ts-check
// Live Q&A: ask (optionally anonymously to peers), upvote once (and withdraw), sort by votes or time;
// the coach marks answered, pins and dismisses, and may review questions before the room sees them (a "Waiting for
// review" list with Approve and Dismiss). Question html was sanitised by the server; all else is text.
import { el, keepingFocus, serverHtml } from "../../lib/dom.js";
import { formatTime } from "../../lib/format.js";
import { RoomEvent } from "../protocol.js";
import { alertBox } from "../../lib/alerts.js";
import { ModerationEvent } from "./moderation.js";

/** The room event types this feature's events carry ("type"), as the server names them. */
export const QuestionsEvent = Object.freeze({
  QuestionAnswered: "QuestionAnswered",
  QuestionApproved: "QuestionApproved",
  QuestionAsked: "QuestionAsked",
  QuestionDismissed: "QuestionDismissed",
  QuestionPinned: "QuestionPinned",
  QuestionReviewChanged: "QuestionReviewChanged",
  QuestionUpvoteWithdrawn: "QuestionUpvoteWithdrawn",
  QuestionUpvoted: "QuestionUpvoted",
});

/** This feature's RoomHub methods (the room id is the first argument). */
export const QuestionsMethod = Object.freeze({
  ApproveQuestion: "ApproveQuestion",
  AskQuestion: "AskQuestion",
  DismissQuestion: "DismissQuestion",
  MarkQuestionAnswered: "MarkQuestionAnswered",
  PinQuestion: "PinQuestion",
  SetQuestionReview: "SetQuestionReview",
  UpvoteQuestion: "UpvoteQuestion",
  WithdrawQuestionUpvote: "WithdrawQuestionUpvote",
});

const MAX_BYTES = 2 * 1024;
const MUTED = "The coach has muted you, so you cannot ask questions until they unmute you. You can still upvote.";
/** @type {import("./panel.js").PanelContext} set by mount, before any other hook */
let ctx;
let byVotes = true;
const questions = new Map();
const mineIds = new Set();
// Muting silences a learner in Q&A as in chat: asking is speaking (upvoting is not, and stays).
let mutedMe = false;
// Questions from others that arrived live (not in the snapshot): what is new on the Q&A tab.
let arrived = 0;
// Whether learners' and managers' new questions wait for a coach's approval before the room sees them.
let review = false;
// After Approve or Dismiss in the review list the pressed item goes away: focus moves to the item now in its place.
let reviewFocusIndex = -1;
const ui = {};

function mount(context) {
  ctx = context;
  const heading = el("h2", { text: "Questions" });
  heading.id = "qa-heading";

  ui.input = el("textarea");
  ui.input.id = "qa-input";
  ui.input.rows = 2;
  ui.input.setAttribute("aria-describedby", "qa-hint");
  const hint = el("p", { className: "hint", text: "Markdown works; up to 2 KB. Anonymous questions show no name to other participants; the coach still sees who asked." });
  hint.id = "qa-hint";
  const label = el("label", { text: "Your question" });
  label.htmlFor = "qa-input";
  ui.anonymous = el("input");
  ui.anonymous.type = "checkbox";
  ui.anonymous.id = "qa-anonymous";
  const anonLabel = el("label", { className: "check", text: " Ask anonymously" });
  anonLabel.prepend(ui.anonymous);
  ui.ask = el("button", { className: "button primary", text: "Ask" });
  ui.ask.type = "submit";
  ui.formError = alertBox();
  ui.form = el("form", { className: "stack qa-form" }, el("div", { className: "field" }, label, hint, ui.input),
    anonLabel, el("div", { className: "controls" }, ui.ask), ui.formError);
  ui.form.noValidate = true;
  ui.form.addEventListener("submit", ask);
  ui.muted = el("p", { className: "notice qa-muted", text: MUTED });
  ui.muted.setAttribute("role", "status");
  ui.muted.hidden = true;

  ui.sort = el("button", { className: "button", text: "Sort by votes" });
  ui.sort.type = "button";
  ui.sort.setAttribute("aria-pressed", "true");
  ui.sort.addEventListener("click", () => {
    byVotes = !byVotes;
    ui.sort.setAttribute("aria-pressed", String(byVotes));
    render();
  });
  const listHeading = el("h3", { text: "Asked so far" });
  listHeading.id = "qa-list-heading";
  ui.list = el("ol", { className: "qa-list" });
  ui.list.setAttribute("aria-labelledby", "qa-list-heading");
  ui.empty = el("p", { className: "hint", text: "No questions yet." });
  const sortHint = el("p", { className: "hint", text: "Pinned questions come first; then by votes, or, with sorting by votes off, newest first." });
  ui.error = alertBox();
  ui.reviewNote = el("p", { className: "hint qa-review-note", text: "The coach reviews new questions before the room sees them." });

  // The review controls are staff's; the role is known only once the room is joined, so render shows or hides them.
  ui.reviewControls = reviewControls();
  ui.section = el("section", { className: "panel qa-panel" }, heading, ui.muted, ui.reviewNote, ui.form, ui.reviewControls,
    el("div", { className: "panel-bar" }, listHeading, ui.sort), sortHint, ui.error, ui.empty, ui.list);
  ui.section.setAttribute("aria-labelledby", "qa-heading");
  ctx.container.append(ui.section);
  render();
}

/** Staff only: the review switch and the questions waiting for review. */
function reviewControls() {
  ui.reviewToggle = el("input");
  ui.reviewToggle.type = "checkbox";
  ui.reviewToggle.id = "qa-review";
  ui.reviewToggle.addEventListener("change", async () => {
    const on = ui.reviewToggle.checked;
    if (!await ctx.act(ui.reviewError, null, QuestionsMethod.SetQuestionReview, on)) {
      ui.reviewToggle.checked = review;
    }
  });
  const toggleLabel = el("label", { className: "check", text: " Review questions before the room sees them" });
  toggleLabel.prepend(ui.reviewToggle);
  const reviewHeading = el("h3", { text: "Waiting for review" });
  reviewHeading.id = "qa-review-heading";
  // Where focus goes when the last waiting question is approved or dismissed.
  reviewHeading.tabIndex = -1;
  ui.reviewHeading = reviewHeading;
  ui.reviewList = el("ol", { className: "qa-list qa-review-list" });
  ui.reviewList.setAttribute("aria-labelledby", "qa-review-heading");
  ui.reviewEmpty = el("p", { className: "hint", text: "No questions are waiting." });
  ui.reviewError = alertBox();
  ui.reviewBox = el("div", { className: "qa-review" }, reviewHeading, ui.reviewEmpty, ui.reviewList);
  return el("div", { className: "stack qa-review-controls" }, toggleLabel, ui.reviewError, ui.reviewBox);
}

async function ask(event) {
  event.preventDefault();
  const markdown = ui.input.value;
  ui.formError.textContent = "";
  if (!markdown.trim()) {
    ui.formError.textContent = "Write your question first.";
    ui.input.focus();
    return;
  }
  if (new TextEncoder().encode(markdown).length > MAX_BYTES) {
    ui.formError.textContent = "The question is over the 2 KB limit; shorten it.";
    ui.input.focus();
    return;
  }
  ui.ask.disabled = true;
  try {
    const id = await ctx.invoke(QuestionsMethod.AskQuestion, markdown, ui.anonymous.checked);
    mineIds.add(id);
    const q = questions.get(id);
    if (q) {
      q.askedByViewer = true;
    }
    ui.input.value = "";
    ui.anonymous.checked = false;
    ctx.announce(questions.get(id)?.awaitingReview
      ? "Your question was sent; the room sees it once the coach approves it."
      : "Your question was asked.");
    render();
  } catch (error) {
    ui.formError.textContent = error.message;
  } finally {
    ui.ask.disabled = ctx.room.status === "Ended";
  }
}

function run(method, ...args) {
  return ctx.act(ui.error, null, method, ...args);
}

function control(text, focusKey, onClick, className = "button small") {
  const b = el("button", { className, text });
  b.type = "button";
  b.dataset.focusKey = focusKey;
  b.addEventListener("click", onClick);
  return b;
}

function askerText(q) {
  if (q.askedByViewer || mineIds.has(q.id)) {
    return q.anonymous ? "You asked (anonymous to others)" : "You asked";
  }
  if (q.displayName) {
    return q.anonymous ? `${q.displayName} (anonymous to others)` : q.displayName;
  }
  return "Anonymous";
}

function questionItem(q) {
  const time = el("time", { text: formatTime(q.at) });
  time.dateTime = q.at;
  const meta = el("p", { className: "meta" }, el("strong", { className: "author", text: askerText(q) }), " · ", time);
  for (const [flag, text] of [[q.awaitingReview && !ctx.isFacilitator(), "Waiting for review"], [q.pinned, "Pinned"], [q.answered, "Answered"], [q.dismissed, "Dismissed"]]) {
    if (flag) {
      meta.append(" ", el("span", { className: "tag", text }));
    }
  }
  const body = el("div", { className: "message-body" });
  // Sanitised by the server when the question was asked; the only markup inserted here.
  serverHtml(body, q.html, { headingBase: 3 });

  const votes = el("span", { className: "votes", text: q.votes === 1 ? "1 vote" : `${q.votes} votes` });
  const actions = el("div", { className: "controls" }, votes);
  if (!q.dismissed && !q.awaitingReview && ctx.room.status !== "Ended") {
    const upvote = control("Upvote", `up-${q.id}`, () =>
      run(q.upvotedByViewer ? QuestionsMethod.WithdrawQuestionUpvote : QuestionsMethod.UpvoteQuestion, q.id));
    upvote.setAttribute("aria-pressed", String(Boolean(q.upvotedByViewer)));
    actions.append(upvote);
    if (ctx.isFacilitator()) {
      if (!q.answered) {
        actions.append(control("Mark answered", `answered-${q.id}`, () => run(QuestionsMethod.MarkQuestionAnswered, q.id)));
      }
      const pin = control("Pin", `pin-${q.id}`, () => run(QuestionsMethod.PinQuestion, q.id, !q.pinned));
      pin.setAttribute("aria-pressed", String(Boolean(q.pinned)));
      actions.append(pin, control("Dismiss", `dismiss-${q.id}`, () => run(QuestionsMethod.DismissQuestion, q.id), "button small danger"));
    }
  }
  const item = el("li", { className: q.answered ? "question answered" : "question" }, meta, body, actions);
  item.dataset.id = String(q.id);
  return item;
}

/** A question waiting for review, in the staff's review list: Approve and Dismiss. */
function reviewItem(q, index) {
  const time = el("time", { text: formatTime(q.at) });
  time.dateTime = q.at;
  const meta = el("p", { className: "meta" }, el("strong", { className: "author", text: askerText(q) }), " · ", time);
  const body = el("div", { className: "message-body" });
  // Sanitised by the server when the question was asked; the only markup inserted here.
  serverHtml(body, q.html, { headingBase: 3 });
  const decide = (method) => async () => {
    reviewFocusIndex = index;
    if (!await run(method, q.id)) {
      reviewFocusIndex = -1;
    }
  };
  const approve = control("Approve", `approve-${q.id}`, decide(QuestionsMethod.ApproveQuestion), "button small primary");
  const dismiss = control("Dismiss", `review-dismiss-${q.id}`, decide(QuestionsMethod.DismissQuestion), "button small danger");
  approve.setAttribute("aria-describedby", `qa-review-q-${q.id}`);
  dismiss.setAttribute("aria-describedby", `qa-review-q-${q.id}`);
  body.id = `qa-review-q-${q.id}`;
  const actions = ctx.room.status === "Ended" ? el("div") : el("div", { className: "controls" }, approve, dismiss);
  const item = el("li", { className: "question waiting" }, meta, body, actions);
  item.dataset.id = String(q.id);
  return item;
}

/** Staff see questions waiting for review in their own list, not among the room's. */
function waiting() {
  return [...questions.values()].filter((q) => q.awaitingReview && !q.dismissed).sort((a, b) => a.id - b.id);
}

function sorted() {
  return [...questions.values()].filter((q) => !(ctx.isFacilitator() && q.awaitingReview)).sort((a, b) =>
    Number(b.pinned) - Number(a.pinned)
    || (byVotes ? b.votes - a.votes : 0)
    || Number(a.answered) - Number(b.answered)
    || (byVotes ? a.id - b.id : b.id - a.id));
}

function render() {
  keepingFocus(ui.section, () => {
    const ended = ctx.room.status === "Ended";
    const muted = mutedMe && !ctx.isFacilitator() && !ended;
    ui.form.hidden = ended || muted;
    ui.muted.hidden = !muted;
    const list = sorted();
    ui.empty.hidden = list.length > 0;
    ui.list.hidden = list.length === 0;
    ui.list.replaceChildren(...list.map(questionItem));
    ui.reviewNote.hidden = !review || ended || ctx.isFacilitator();
    ui.reviewControls.hidden = !ctx.isFacilitator();
    if (ctx.isFacilitator()) {
      renderReview(ended);
    }
  });
  report();
}

function renderReview(ended) {
  ui.reviewToggle.checked = review;
  ui.reviewToggle.disabled = ended;
  const pending = waiting();
  ui.reviewBox.hidden = !review && pending.length === 0;
  ui.reviewEmpty.hidden = pending.length > 0;
  ui.reviewList.hidden = pending.length === 0;
  ui.reviewList.replaceChildren(...pending.map(reviewItem));
  // The pressed item left the list (approved or dismissed): focus the one now in its place, or the list's heading.
  if (reviewFocusIndex >= 0 && !ui.section.contains(document.activeElement)) {
    const approves = ui.reviewList.querySelectorAll("button.primary");
    const next = approves[Math.min(reviewFocusIndex, approves.length - 1)];
    (next instanceof HTMLElement ? next : ui.reviewHeading).focus();
    reviewFocusIndex = -1;
  }
}

/**
 * The tab's badge, and for staff the attention strip's count of questions still waiting for an answer, those
 * waiting for review included.
 */
function report() {
  ctx.badge("qa", arrived);
  if (ctx.isFacilitator()) {
    ctx.attention("questions", [...questions.values()].filter((q) => !q.answered && !q.dismissed).length);
  }
}

function snapshot(snap) {
  questions.clear();
  for (const q of snap.questions ?? []) {
    questions.set(q.id, { ...q });
  }
  review = Boolean(snap.questionReview);
  mutedMe = (snap.moderation?.muted ?? []).includes(ctx.room.userId);
  render();
}

function apply({ seq, at, event }) {
  const q = questions.get(event.questionId);
  const me = event.userId === ctx.room.userId;
  switch (event.type) {
    case QuestionsEvent.QuestionAsked:
      if (!event.html) {
        return;
      }
      questions.set(seq, {
        id: seq, userId: event.userId, displayName: event.displayName, markdown: event.markdown, html: event.html,
        anonymous: event.anonymous, at, votes: 0, upvotedByViewer: false,
        askedByViewer: mineIds.has(seq) || (event.userId != null && event.userId === ctx.room.userId),
        answered: false, pinned: false, dismissed: false, awaitingReview: Boolean(event.awaitingReview),
      });
      if (event.userId !== ctx.room.userId && !mineIds.has(seq)) {
        arrived += 1;
        ctx.announce(event.awaitingReview
          ? `New question waiting for review from ${event.displayName ?? "someone anonymous"}.`
          : `New question from ${event.displayName ?? "someone anonymous"}.`);
      }
      break;
    case QuestionsEvent.QuestionApproved:
      if (q) {
        q.awaitingReview = false;
      } else if (event.question?.html) {
        // Until now this page had only a placeholder for it: the approval brings the question to the room.
        questions.set(event.questionId, { ...event.question, awaitingReview: false });
        arrived += 1;
        ctx.announce(`New question from ${event.question.displayName ?? "someone anonymous"}.`);
      } else {
        return;
      }
      break;
    case QuestionsEvent.QuestionReviewChanged:
      review = Boolean(event.on);
      break;
    case QuestionsEvent.QuestionUpvoted:
    case QuestionsEvent.QuestionUpvoteWithdrawn:
      if (!q) {
        return;
      }
      q.votes += event.type === QuestionsEvent.QuestionUpvoted ? 1 : -1;
      if (me) {
        q.upvotedByViewer = event.type === QuestionsEvent.QuestionUpvoted;
      }
      break;
    case QuestionsEvent.QuestionAnswered:
      if (!q) {
        return;
      }
      q.answered = true;
      break;
    case QuestionsEvent.QuestionPinned:
      if (!q) {
        return;
      }
      q.pinned = event.pinned;
      break;
    case QuestionsEvent.QuestionDismissed:
      if (!q) {
        return;
      }
      if (ctx.isFacilitator()) {
        q.dismissed = true;
      } else {
        questions.delete(q.id);
      }
      break;
    case ModerationEvent.ParticipantMuted:
    case ModerationEvent.ParticipantUnmuted:
      if (!me) {
        return;
      }
      mutedMe = event.type === ModerationEvent.ParticipantMuted;
      break;
    case RoomEvent.RoundtableEnded:
      break;
    default:
      return;
  }
  render();
}

function status() {
  if (ctx) {
    ui.ask.disabled = ctx.room.status === "Ended";
    render();
  }
}

/** @type {import("./panel.js").Panel} */
const panel = { tab: "qa", mount, snapshot, apply, status };
export default panel;
