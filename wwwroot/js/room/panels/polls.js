// @ts-check
// Polls: the coach opens one (a choice of 2 to 10 options, a rating from 1 to 5, or open text; optionally anonymous;
// results shown live, after voting or when closed) and closes it; everyone votes or answers (again to change it) and
// sees the results when the coach's choice lets them. The server sends a learner no results they may not see.
import { el, keepingFocus } from "../../lib/dom.js";
import { field } from "../../lib/forms.js";
import { alertBox } from "../../lib/alerts.js";

/** The room event types this feature's events carry ("type"), as the server names them. */
export const PollsEvent = Object.freeze({
  PollClosed: "PollClosed",
  PollOpened: "PollOpened",
  PollVoted: "PollVoted",
});

/** This feature's RoomHub methods (the room id is the first argument). */
export const PollsMethod = Object.freeze({
  AnswerPoll: "AnswerPoll",
  ClosePoll: "ClosePoll",
  GetPollResults: "GetPollResults",
  OpenPoll: "OpenPoll",
  VoteInPoll: "VoteInPoll",
});

/** The server's PollLimits.MaxAnswerLength. */
const maxAnswerLength = 200;

const kindLabels = { Choice: "choice", Rating: "rating 1 to 5", Text: "open text" };
const visibilityLabels = {
  Live: "results live",
  AfterVoting: "results after voting",
  WhenClosed: "results when closed",
};

/**
 * A poll's results as the server sends them (the newest, by asOf, wins).
 * @typedef {{asOf: number, counts: number[], voters?: number, average?: number | null, answers?: string[], words?: {word: string, count: number}[]}} Results
 */

/** @type {import("./panel.js").PanelContext} set by mount, before any other hook */
let ctx;
const polls = new Map();
const ui = {};
/**
 * Which element to focus once a poll is drawn: its heading after opening, its results heading after closing.
 * @type {{id: number, part: string} | null}
 */
let pendingFocus = null;

function mount(context) {
  ctx = context;
  const heading = el("h2", { text: "Polls" });
  heading.id = "polls-heading";
  ui.create = createForm();
  ui.list = el("div", { className: "poll-list" });
  ui.empty = el("p", { className: "hint", text: "No polls yet." });
  ui.error = alertBox();
  ui.section = el("section", { className: "panel polls-panel" }, heading, ui.create, ui.error, ui.empty, ui.list);
  ui.section.setAttribute("aria-labelledby", "polls-heading");
  ctx.container.append(ui.section);
  render();
}

function checkbox(text) {
  const box = el("input");
  box.type = "checkbox";
  const label = el("label", { className: "check", text: ` ${text}` });
  label.prepend(box);
  return { box, label };
}

function select(choices) {
  const control = el("select");
  for (const [value, text] of choices) {
    const option = el("option", { text });
    option.value = value;
    control.append(option);
  }
  return control;
}

function createForm() {
  const question = el("input");
  question.maxLength = 300;
  const kind = select([["Choice", "Choice of options"], ["Rating", "Rating scale 1 to 5"], ["Text", "Open text"]]);
  const visibility = select([["Live", "Live, as votes come in"], ["AfterVoting", "To each person after they vote"], ["WhenClosed", "Only when the poll closes"]]);
  const options = el("textarea");
  options.rows = 4;
  const optionsField = field("Options", options, "One option per line, 2 to 10.");
  const multiple = checkbox("Several answers allowed");
  const anonymous = checkbox("Anonymous votes (nobody sees who voted)");
  const submit = el("button", { className: "button primary", text: "Open poll" });
  submit.type = "submit";
  const error = alertBox();
  const heading = el("h3", { text: "New poll" });
  const form = el("form", { className: "stack poll-create" }, heading,
    field("Poll question", question), field("Poll type", kind), optionsField, multiple.label,
    field("Show results", visibility, "Coaches and admins always see them; everyone does once the poll closes."),
    anonymous.label, el("div", { className: "controls" }, submit), error);
  form.noValidate = true;
  const showKind = () => {
    optionsField.hidden = kind.value !== "Choice";
    multiple.label.hidden = kind.value !== "Choice";
  };
  kind.addEventListener("change", showKind);
  form.addEventListener("reset", () => queueMicrotask(showKind));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const lines = options.value.split("\n").map((o) => o.trim()).filter((o) => o.length > 0);
    if (!question.value.trim()) {
      error.textContent = "Give the poll a question.";
      question.focus();
      return;
    }
    if (kind.value === "Choice" && (lines.length < 2 || lines.length > 10)) {
      error.textContent = "Write 2 to 10 options, one per line.";
      options.focus();
      return;
    }
    submit.disabled = true;
    try {
      const id = await ctx.invoke(PollsMethod.OpenPoll, {
        question: question.value, options: kind.value === "Choice" ? lines : [], multipleChoice: kind.value === "Choice" && multiple.box.checked,
        anonymous: anonymous.box.checked, kind: kind.value, visibility: visibility.value,
      });
      form.reset();
      focusWhenDrawn(id, "title");
    } catch (e) {
      error.textContent = e.message;
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** Focus moves to a poll's part once it is drawn (now, or when its event arrives), so it never drops to the page. */
function focusWhenDrawn(id, part) {
  pendingFocus = { id, part };
  focusPending();
}

function focusPending() {
  const target = pendingFocus && polls.get(pendingFocus.id)?.node?.querySelector(`[data-focus-key="poll-${pendingFocus.id}-${pendingFocus.part}"]`);
  if (target instanceof HTMLElement && target.isConnected) {
    pendingFocus = null;
    target.focus();
  }
}

/** Whether the viewer has voted or answered. */
function hasVoted(poll) {
  return poll.myChoices.length > 0 || Boolean(poll.myAnswer);
}

/** Takes results when they are newer than what the page holds. */
function takeResults(poll, results) {
  if (results && (!poll.results || results.asOf >= poll.results.asOf)) {
    poll.results = results;
    return true;
  }
  return false;
}

function percent(count, sum) {
  return sum === 0 ? 0 : Math.round((100 * count) / sum);
}

/** A bar that only repeats the text beside it. */
function bar(value, max) {
  const node = el("progress");
  node.max = Math.max(max, 1);
  node.value = value;
  node.setAttribute("aria-hidden", "true");
  return node;
}

function resultsHeading(poll) {
  const heading = el("h4", { text: "Results" });
  heading.tabIndex = -1;
  heading.dataset.focusKey = `poll-${poll.id}-results`;
  return heading;
}

function results(poll) {
  const box = el("div", { className: "poll-results-box" });
  if (!poll.results) {
    const when = poll.visibility === "AfterVoting" ? "Results show once you have voted." : "Results show when the coach closes the poll.";
    box.append(el("p", { className: "hint", text: when }));
    return box;
  }
  if (poll.kind === "Text") {
    box.append(textResults(poll));
    return box;
  }
  const counts = poll.results.counts;
  const sum = counts.reduce((a, b) => a + b, 0);
  const list = el("ul", { className: "poll-results" });
  list.setAttribute("aria-label", `Results: ${poll.question}`);
  poll.options.forEach((option, i) => {
    const count = counts[i] ?? 0;
    const mine = poll.myChoices.includes(i) ? " (your choice)" : "";
    list.append(el("li", {}, el("span", { text: `${option}: ${count} ${count === 1 ? "vote" : "votes"} (${percent(count, sum)}%)${mine}` }), bar(count, sum)));
  });
  box.append(list);
  if (poll.kind === "Rating") {
    const average = sum === 0 ? "no votes yet" : (counts.reduce((a, c, i) => a + c * (i + 1), 0) / sum).toFixed(2).replace(/\.?0+$/, "");
    box.append(el("p", { className: "poll-average", text: `Average: ${average}` }));
  }
  return box;
}

function textResults(poll) {
  const answers = poll.results.answers ?? [];
  const words = poll.results.words ?? [];
  const wrap = el("div", { className: "poll-text-results" });
  if (answers.length === 0) {
    wrap.append(el("p", { className: "hint", text: "No answers yet." }));
    return wrap;
  }
  const top = words[0]?.count ?? 0;
  const wordList = el("ul", { className: "poll-words" });
  wordList.setAttribute("aria-label", `Top words: ${poll.question}`);
  for (const { word, count } of words) {
    wordList.append(el("li", {}, el("span", { text: `${word}: ${count}` }), bar(count, top)));
  }
  const answerList = el("ul", { className: "poll-answers" });
  answerList.setAttribute("aria-label", `Answers: ${poll.question}`);
  answerList.append(...answers.map((text) => el("li", { text })));
  wrap.append(
    el("p", { className: "meta", text: `${answers.length} ${answers.length === 1 ? "answer" : "answers"}` }),
    el("h5", { text: "Top words" }), words.length ? wordList : el("p", { className: "hint", text: "No words to count yet." }),
    el("h5", { text: "Answers" }), answerList);
  return wrap;
}

function submitButton(poll, again, first) {
  const submit = el("button", { className: "button primary", text: hasVoted(poll) ? again : first });
  submit.type = "submit";
  submit.dataset.focusKey = `poll-${poll.id}-vote`;
  return submit;
}

/** Sends a vote or an answer; the results come back when the viewer may now see them, and focus stays on the button. */
async function send(poll, form, submit, error, method, value) {
  submit.disabled = true;
  try {
    const result = await ctx.invoke(method, poll.id, value);
    poll.myChoices = result.choices;
    poll.myAnswer = result.text ?? null;
    takeResults(poll, result.results);
    ctx.announce(poll.kind === "Text" ? "Your answer is in." : "Your vote is in.");
    renderPoll(poll);
    focusWhenDrawn(poll.id, "vote");
    reportBadge();
  } catch (e) {
    error.textContent = e.message;
    submit.disabled = false;
    submit.focus();
  }
}

function voteForm(poll) {
  const legend = el("legend", { text: poll.question });
  const fieldset = el("fieldset", {}, legend);
  const error = alertBox();
  if (poll.kind === "Text") {
    const answer = el("textarea");
    answer.rows = 2;
    answer.maxLength = maxAnswerLength;
    answer.value = poll.myAnswer ?? "";
    answer.dataset.focusKey = `poll-${poll.id}-answer`;
    fieldset.append(field("Your answer", answer, `A few words, at most ${maxAnswerLength} characters.${poll.anonymous ? " Anonymous: nobody sees who answered." : ""}`));
    const submit = submitButton(poll, "Change answer", "Send answer");
    const form = el("form", { className: "poll-vote" }, fieldset, el("div", { className: "controls" }, submit), error);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      error.textContent = "";
      if (!answer.value.trim()) {
        error.textContent = "Write an answer first.";
        answer.focus();
        return;
      }
      send(poll, form, submit, error, PollsMethod.AnswerPoll, answer.value);
    });
    return form;
  }
  const name = `poll-${poll.id}`;
  poll.options.forEach((option, i) => {
    const input = el("input");
    input.type = poll.multipleChoice ? "checkbox" : "radio";
    input.name = name;
    input.value = String(i);
    input.checked = poll.myChoices.includes(i);
    input.dataset.focusKey = `poll-${poll.id}-option-${i}`;
    const label = el("label", { className: "check", text: ` ${option}` });
    label.prepend(input);
    fieldset.append(label);
  });
  if (poll.kind === "Rating") {
    fieldset.className = "poll-scale";
    fieldset.append(el("p", { className: "hint", text: "1 is the lowest, 5 the highest." }));
  }
  const hint = poll.multipleChoice ? "Choose one or more." : "Choose one.";
  fieldset.append(el("p", { className: "hint", text: hint + (poll.anonymous ? " Anonymous: nobody sees who voted." : "") }));
  const submit = submitButton(poll, "Change vote", "Vote");
  const form = el("form", { className: "poll-vote" }, fieldset, el("div", { className: "controls" }, submit), error);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    error.textContent = "";
    const choices = [...form.querySelectorAll("input:checked")].map((input) => Number(/** @type {HTMLInputElement} */ (input).value));
    if (choices.length === 0) {
      error.textContent = "Choose an option first.";
      return;
    }
    send(poll, form, submit, error, PollsMethod.VoteInPoll, choices);
  });
  return form;
}

function renderPoll(poll) {
  const title = el("h3", { text: poll.question });
  title.tabIndex = -1;
  title.dataset.focusKey = `poll-${poll.id}-title`;
  const answers = poll.kind === "Choice" ? (poll.multipleChoice ? "several answers" : "one answer") : kindLabels[poll.kind];
  const tags = el("p", { className: "meta" },
    poll.closed ? el("span", { className: "tag", text: "Closed" }) : el("span", { className: "tag", text: "Open" }),
    ` · ${answers}${poll.anonymous ? " · anonymous" : ""}${poll.visibility !== "Live" && !poll.closed ? ` · ${visibilityLabels[poll.visibility]}` : ""}`);
  poll.resultsNode = results(poll);
  /** @type {HTMLElement[]} */
  const parts = [title, tags];
  if (!poll.closed && ctx.room.status !== "Ended") {
    parts.push(voteForm(poll));
  }
  parts.push(resultsHeading(poll), poll.resultsNode);
  if (ctx.isFacilitator() && !poll.closed && ctx.room.status !== "Ended") {
    const close = el("button", { className: "button danger", text: "Close poll" });
    close.type = "button";
    close.dataset.focusKey = `poll-${poll.id}-close`;
    close.addEventListener("click", async () => {
      ui.error.textContent = "";
      try {
        await ctx.invoke(PollsMethod.ClosePoll, poll.id);
        focusWhenDrawn(poll.id, "results");
      } catch (e) {
        ui.error.textContent = e.message;
      }
    });
    parts.push(el("div", { className: "controls" }, close));
  }
  const node = el("article", { className: poll.closed ? "poll closed" : "poll" }, ...parts);
  node.dataset.id = String(poll.id);
  keepingFocus(ui.section, () => {
    if (poll.node?.isConnected) {
      poll.node.replaceWith(node);
    }
    poll.node = node;
  });
}

/** Only the results change: a half-made choice or answer in the form stays as it is. */
function renderResults(poll) {
  const fresh = results(poll);
  poll.resultsNode?.replaceWith(fresh);
  poll.resultsNode = fresh;
}

/** The Polls tab's badge: open polls this viewer has not voted in. */
function reportBadge() {
  const open = ctx.room.status === "Ended" ? 0 : [...polls.values()].filter((p) => !p.closed && !hasVoted(p)).length;
  ctx.badge("polls", open);
}

function render() {
  keepingFocus(ui.section, () => {
    ui.create.hidden = !ctx.isFacilitator() || ctx.room.status === "Ended";
    const list = [...polls.values()].sort((a, b) => Number(a.closed) - Number(b.closed) || b.id - a.id);
    for (const poll of list) {
      renderPoll(poll);
    }
    ui.empty.hidden = list.length > 0;
    ui.list.replaceChildren(...list.map((p) => p.node));
  });
  focusPending();
  reportBadge();
}

function snapshot(snap) {
  polls.clear();
  for (const p of snap.polls ?? []) {
    polls.set(p.id, {
      ...p, kind: p.kind ?? "Choice", visibility: p.visibility ?? "Live", myChoices: [...p.myChoices], myAnswer: p.myAnswer ?? null,
      results: p.results ?? null, fetching: false, fetchAgain: false,
    });
  }
  render();
}

/**
 * Under "after voting" the room's live events carry no results for learners, so a voter's page asks for them when a
 * vote arrives: one request at a time per poll, and one more if votes came in meanwhile.
 */
async function fetchResults(poll) {
  if (poll.fetching) {
    poll.fetchAgain = true;
    return;
  }
  poll.fetching = true;
  try {
    do {
      poll.fetchAgain = false;
      if (takeResults(poll, await ctx.invoke(PollsMethod.GetPollResults, poll.id))) {
        renderResults(poll);
      }
    } while (poll.fetchAgain);
  } catch {
    // The next vote or the close brings the results again.
  } finally {
    poll.fetching = false;
  }
}

function apply({ seq, at, event }) {
  switch (event.type) {
    case PollsEvent.PollOpened: {
      const kind = event.kind ?? "Choice";
      const visibility = event.visibility ?? "Live";
      polls.set(seq, {
        id: seq, question: event.question, options: event.options, multipleChoice: event.multipleChoice,
        anonymous: event.anonymous, at, kind, visibility, myChoices: [], myAnswer: null, closed: false, fetching: false, fetchAgain: false,
        results: visibility === "Live" || ctx.isFacilitator() ? { asOf: seq, counts: event.options.map(() => 0), answers: [], words: [] } : null,
      });
      ctx.announce(`New poll: ${event.question}`);
      render();
      break;
    }
    case PollsEvent.PollVoted: {
      const poll = polls.get(event.pollId);
      if (!poll) {
        return;
      }
      // A view that may not show results carries no choices or text, not even the viewer's own: keep what the page knows.
      if (event.userId && event.userId === ctx.room.userId) {
        if (event.choices.length > 0) {
          poll.myChoices = event.choices;
        }
        if (event.text) {
          poll.myAnswer = event.text;
        }
      }
      const seen = event.results ?? (poll.kind !== "Text" && event.counts.length === poll.options.length ? { asOf: seq, counts: event.counts } : null);
      if (seen) {
        if (takeResults(poll, seen)) {
          renderResults(poll);
        }
      } else if (hasVoted(poll) && poll.visibility === "AfterVoting") {
        fetchResults(poll);
      }
      reportBadge();
      break;
    }
    case PollsEvent.PollClosed: {
      const poll = polls.get(event.pollId);
      if (!poll) {
        return;
      }
      poll.closed = true;
      poll.results = event.results ?? { asOf: seq, counts: event.counts, answers: event.answers ?? [], words: [] };
      ctx.announce(`Poll closed: ${poll.question}`);
      render();
      break;
    }
    default:
      break;
  }
}

function status() {
  if (ctx) {
    render();
  }
}

/** @type {import("./panel.js").Panel} */
const panel = { tab: "polls", mount, snapshot, apply, status };
export default panel;
