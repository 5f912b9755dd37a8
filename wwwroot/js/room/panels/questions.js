// @ts-check
// Live Q&A: ask (optionally anonymously to peers), upvote once (and withdraw), sort by votes or time;
// the coach marks answered, pins and dismisses. Question html was sanitised by the server; all else is text.
import { el, keepingFocus, serverHtml } from "../../lib/dom.js";
import { formatTime } from "../../lib/format.js";
import { RoomEvent } from "../protocol.js";
import { alertBox } from "../../lib/alerts.js";
import { ModerationEvent } from "./moderation.js";

/** The room event types this feature's events carry ("type"), as the server names them. */
export const QuestionsEvent = Object.freeze({
  QuestionAnswered: "QuestionAnswered",
  QuestionAsked: "QuestionAsked",
  QuestionDismissed: "QuestionDismissed",
  QuestionPinned: "QuestionPinned",
  QuestionUpvoteWithdrawn: "QuestionUpvoteWithdrawn",
  QuestionUpvoted: "QuestionUpvoted",
});

/** This feature's RoomHub methods (the room id is the first argument). */
export const QuestionsMethod = Object.freeze({
  AskQuestion: "AskQuestion",
  DismissQuestion: "DismissQuestion",
  MarkQuestionAnswered: "MarkQuestionAnswered",
  PinQuestion: "PinQuestion",
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

  ui.section = el("section", { className: "panel qa-panel" }, heading, ui.muted, ui.form,
    el("div", { className: "panel-bar" }, listHeading, ui.sort), sortHint, ui.error, ui.empty, ui.list);
  ui.section.setAttribute("aria-labelledby", "qa-heading");
  ctx.container.append(ui.section);
  render();
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
    ctx.announce("Your question was asked.");
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
  for (const [flag, text] of [[q.pinned, "Pinned"], [q.answered, "Answered"], [q.dismissed, "Dismissed"]]) {
    if (flag) {
      meta.append(" ", el("span", { className: "tag", text }));
    }
  }
  const body = el("div", { className: "message-body" });
  // Sanitised by the server when the question was asked; the only markup inserted here.
  serverHtml(body, q.html, { headingBase: 3 });

  const votes = el("span", { className: "votes", text: q.votes === 1 ? "1 vote" : `${q.votes} votes` });
  const actions = el("div", { className: "controls" }, votes);
  if (!q.dismissed && ctx.room.status !== "Ended") {
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

function sorted() {
  return [...questions.values()].sort((a, b) =>
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
  });
  report();
}

/** The tab's badge, and for staff the attention strip's count of questions still waiting for an answer. */
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
        answered: false, pinned: false, dismissed: false,
      });
      if (event.userId !== ctx.room.userId && !mineIds.has(seq)) {
        arrived += 1;
        ctx.announce(`New question from ${event.displayName ?? "someone anonymous"}.`);
      }
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
