// @ts-check
// Polls: the coach opens one (2 to 10 options, one or several choices, optionally anonymous) and closes it;
// everyone votes (again to change the vote) and sees live counts.
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
  ClosePoll: "ClosePoll",
  OpenPoll: "OpenPoll",
  VoteInPoll: "VoteInPoll",
});

/** @type {import("./panel.js").PanelContext} set by mount, before any other hook */
let ctx;
const polls = new Map();
const ui = {};

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

function createForm() {
  const question = el("input");
  question.maxLength = 300;
  const options = el("textarea");
  options.rows = 4;
  const multiple = checkbox("Several answers allowed");
  const anonymous = checkbox("Anonymous votes (nobody sees who voted)");
  const submit = el("button", { className: "button primary", text: "Open poll" });
  submit.type = "submit";
  const error = alertBox();
  const heading = el("h3", { text: "New poll" });
  const form = el("form", { className: "stack poll-create" }, heading,
    field("Poll question", question),
    field("Options", options, "One option per line, 2 to 10."),
    multiple.label, anonymous.label, el("div", { className: "controls" }, submit), error);
  form.noValidate = true;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const lines = options.value.split("\n").map((o) => o.trim()).filter((o) => o.length > 0);
    if (!question.value.trim()) {
      error.textContent = "Give the poll a question.";
      question.focus();
      return;
    }
    if (lines.length < 2 || lines.length > 10) {
      error.textContent = "Write 2 to 10 options, one per line.";
      options.focus();
      return;
    }
    submit.disabled = true;
    try {
      await ctx.invoke(PollsMethod.OpenPoll, { question: question.value, options: lines, multipleChoice: multiple.box.checked, anonymous: anonymous.box.checked });
      form.reset();
    } catch (e) {
      error.textContent = e.message;
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function total(poll) {
  return poll.counts.reduce((a, b) => a + b, 0);
}

function results(poll) {
  const sum = total(poll);
  const list = el("ul", { className: "poll-results" });
  list.setAttribute("aria-label", `Results: ${poll.question}`);
  poll.options.forEach((option, i) => {
    const count = poll.counts[i] ?? 0;
    const percent = sum === 0 ? 0 : Math.round((100 * count) / sum);
    const bar = el("progress");
    bar.max = Math.max(sum, 1);
    bar.value = count;
    // The text says it all; the bar only repeats it.
    bar.setAttribute("aria-hidden", "true");
    const mine = poll.myChoices.includes(i) ? " (your choice)" : "";
    list.append(el("li", {}, el("span", { text: `${option}: ${count} ${count === 1 ? "vote" : "votes"} (${percent}%)${mine}` }), bar));
  });
  return list;
}

function voteForm(poll) {
  const legend = el("legend", { text: poll.question });
  const fieldset = el("fieldset", {}, legend);
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
  const hint = poll.multipleChoice ? "Choose one or more." : "Choose one.";
  fieldset.append(el("p", { className: "hint", text: hint + (poll.anonymous ? " Anonymous: nobody sees who voted." : "") }));
  const submit = el("button", { className: "button primary", text: poll.myChoices.length ? "Change vote" : "Vote" });
  submit.type = "submit";
  submit.dataset.focusKey = `poll-${poll.id}-vote`;
  const error = alertBox();
  const form = el("form", { className: "poll-vote" }, fieldset, el("div", { className: "controls" }, submit), error);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const choices = [...form.querySelectorAll("input:checked")].map((input) => Number(/** @type {HTMLInputElement} */ (input).value));
    if (choices.length === 0) {
      error.textContent = "Choose an option first.";
      return;
    }
    submit.disabled = true;
    try {
      const result = await ctx.invoke(PollsMethod.VoteInPoll, poll.id, choices);
      poll.myChoices = result.choices;
      ctx.announce("Your vote is in.");
      renderPoll(poll);
    } catch (e) {
      error.textContent = e.message;
      submit.disabled = false;
    }
  });
  return form;
}

function renderPoll(poll) {
  const title = el("h3", { text: poll.question });
  const tags = el("p", { className: "meta" },
    poll.closed ? el("span", { className: "tag", text: "Closed" }) : el("span", { className: "tag", text: "Open" }),
    ` · ${poll.multipleChoice ? "several answers" : "one answer"}${poll.anonymous ? " · anonymous" : ""}`);
  poll.resultsNode = results(poll);
  /** @type {HTMLElement[]} */
  const parts = [title, tags];
  if (!poll.closed && ctx.room.status !== "Ended") {
    parts.push(voteForm(poll));
  }
  parts.push(el("h4", { text: "Results" }), poll.resultsNode);
  if (ctx.isFacilitator() && !poll.closed && ctx.room.status !== "Ended") {
    const close = el("button", { className: "button danger", text: "Close poll" });
    close.type = "button";
    close.dataset.focusKey = `poll-${poll.id}-close`;
    close.addEventListener("click", async () => {
      ui.error.textContent = "";
      try {
        await ctx.invoke(PollsMethod.ClosePoll, poll.id);
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
  ctx.badge("polls", [...polls.values()].filter((p) => !p.closed).length);
}

function snapshot(snap) {
  polls.clear();
  for (const p of snap.polls ?? []) {
    polls.set(p.id, { ...p, counts: [...p.counts], myChoices: [...p.myChoices] });
  }
  render();
}

function apply({ seq, at, event }) {
  switch (event.type) {
    case PollsEvent.PollOpened:
      polls.set(seq, {
        id: seq, question: event.question, options: event.options, multipleChoice: event.multipleChoice,
        anonymous: event.anonymous, at, counts: event.options.map(() => 0), myChoices: [], closed: false,
      });
      ctx.announce(`New poll: ${event.question}`);
      render();
      break;
    case PollsEvent.PollVoted: {
      const poll = polls.get(event.pollId);
      if (!poll) {
        return;
      }
      poll.counts = event.counts;
      if (event.userId && event.userId === ctx.room.userId) {
        poll.myChoices = event.choices;
      }
      // Only the results change: a half-made choice in the vote form stays as it is.
      const fresh = results(poll);
      poll.resultsNode?.replaceWith(fresh);
      poll.resultsNode = fresh;
      break;
    }
    case PollsEvent.PollClosed: {
      const poll = polls.get(event.pollId);
      if (!poll) {
        return;
      }
      poll.closed = true;
      poll.counts = event.counts;
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
