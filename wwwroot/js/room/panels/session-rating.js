// @ts-check
// Session rating: once the roundtable has ended, each learner who was in it rates it 1 to 5 with an optional comment
// (again to change it); staff see every rating and the average. Participants' copies of a rating event carry nothing,
// so a learner's own rating comes from the snapshot or from what this page sent.
import { el, keepingFocus, uid, serverHtml, $ } from "../../lib/dom.js";
import { field } from "../../lib/forms.js";
import { RoomEvent } from "../protocol.js";
import { alertBox } from "../../lib/alerts.js";

/** The room event types this feature's events carry ("type"), as the server names them. */
export const SessionRatingEvent = Object.freeze({
  SessionRated: "SessionRated",
});

/** This feature's RoomHub methods (the room id is the first argument). */
export const SessionRatingMethod = Object.freeze({
  RateSession: "RateSession",
});

const MAX_COMMENT_BYTES = 2 * 1024;
const labels = { 1: "Poor", 2: "Fair", 3: "Good", 4: "Very good", 5: "Excellent" };

/** @type {import("./panel.js").PanelContext} set by mount, before any other hook */
let ctx;
const ui = {};
let wasPresent = false;
/** The viewer's own rating: { rating, commentMarkdown }, or null before they rate. */
/** @type {{rating: number, commentMarkdown: string | null} | null} */
let mine = null;
let editing = false;
/** Staff: every learner's rating by user id. */
const ratings = new Map();
let reminded = false;

function ended() {
  return ctx.room.status === "Ended";
}

function canRate() {
  return ended() && wasPresent && ctx.room.role === "Learner";
}

function mount(context) {
  ctx = context;
  ui.heading = el("h2");
  ui.heading.id = "session-rating-heading";
  ui.form = ratingForm();
  ui.thanks = el("p", { className: "session-rating-thanks" });
  ui.thanks.setAttribute("role", "status");
  ui.change = el("button", { className: "button small", text: "Change rating" });
  ui.change.type = "button";
  ui.change.dataset.focusKey = "session-rating-change";
  ui.change.addEventListener("click", () => {
    editing = true;
    render();
    (ui.form.querySelector("input:checked") ?? ui.form.querySelector("input"))?.focus();
  });
  ui.done = el("div", { className: "session-rating-done" }, ui.thanks, el("div", { className: "controls" }, ui.change));
  ui.summary = el("p", { className: "session-rating-summary" });
  ui.list = el("ul", { className: "session-rating-list" });
  ui.list.setAttribute("aria-label", "Ratings");
  ui.section = el("section", { className: "panel session-rating-panel" }, ui.heading, ui.form, ui.done, ui.summary, ui.list);
  ui.section.id = "session-rating";
  ui.section.setAttribute("aria-labelledby", ui.heading.id);
  // Once the roundtable has ended, this is what is left to do: first among the panels.
  ctx.container.prepend(ui.section);
  $("back-link")?.addEventListener("click", remindBeforeLeaving);
  render();
}

function ratingForm() {
  const legend = el("legend", { text: "How was this roundtable?" });
  const fieldset = el("fieldset", {}, legend);
  for (let value = 1; value <= 5; value += 1) {
    const input = el("input");
    input.type = "radio";
    input.name = "session-rating";
    input.value = String(value);
    input.dataset.focusKey = `session-rating-${value}`;
    const label = el("label", { className: "check", text: ` ${value} — ${labels[value]}` });
    label.prepend(input);
    fieldset.append(label);
  }
  const comment = el("textarea");
  comment.name = "comment";
  comment.rows = 3;
  const submit = el("button", { className: "button primary", text: "Send rating" });
  submit.type = "submit";
  submit.dataset.focusKey = "session-rating-send";
  const error = alertBox();
  const form = el("form", { className: "stack session-rating-form" }, fieldset,
    field("Comment (optional)", comment, "What worked, what to change. Markdown works; up to 2 KB."),
    el("div", { className: "controls" }, submit), error);
  form.noValidate = true;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const chosen = /** @type {HTMLInputElement | null} */ (form.querySelector("input:checked"));
    if (!chosen) {
      error.textContent = "Choose a rating from 1 to 5.";
      fieldset.querySelector("input")?.focus();
      return;
    }
    if (new TextEncoder().encode(comment.value).length > MAX_COMMENT_BYTES) {
      error.textContent = "The comment is over the 2 KB limit; shorten it.";
      comment.focus();
      return;
    }
    const rating = Number(chosen.value);
    const text = comment.value.trim() ? comment.value : null;
    if (await ctx.act(error, submit, SessionRatingMethod.RateSession, rating, text)) {
      mine = { rating, commentMarkdown: text };
      editing = false;
      render();
      ui.change.focus();
    }
  });
  return form;
}

/** Fills the form with the viewer's own rating, so changing it starts from what they said. */
function fillForm() {
  for (const input of ui.form.querySelectorAll("input[type=radio]")) {
    input.checked = Number(input.value) === mine?.rating;
  }
  ui.form.querySelector("textarea").value = mine?.commentMarkdown ?? "";
}

function ratingItem(r) {
  const item = el("li", { className: "session-rating-item" },
    el("p", { className: "meta" }, el("strong", { className: "author", text: r.displayName }), ` · ${r.rating} of 5 (${labels[r.rating]})`));
  if (r.commentHtml) {
    const body = el("div", { className: "message-body" });
    // Rendered and sanitised by the server when the rating was sent.
    serverHtml(body, r.commentHtml, { headingBase: 2 });
    item.append(body);
  }
  return item;
}

function renderStaff() {
  const all = [...ratings.values()].sort((a, b) => a.at.localeCompare(b.at));
  const average = all.length === 0 ? null : all.reduce((sum, r) => sum + r.rating, 0) / all.length;
  ui.summary.textContent = average === null
    ? "No ratings yet."
    : `Average ${average.toFixed(1)} of 5 from ${all.length} ${all.length === 1 ? "rating" : "ratings"}.`;
  ui.list.replaceChildren(...all.map(ratingItem));
}

function render() {
  if (!ctx) {
    return;
  }
  const staff = ctx.isFacilitator() && ended();
  const learner = canRate();
  keepingFocus(ui.section, () => {
    ui.section.hidden = !staff && !learner;
    ui.heading.textContent = staff ? "Learners' ratings" : "Rate this roundtable";
    ui.summary.hidden = !staff;
    ui.list.hidden = !staff;
    if (staff) {
      renderStaff();
    }
    const rated = learner && mine !== null;
    ui.form.hidden = !learner || (rated && !editing);
    ui.done.hidden = !rated || editing;
    ui.thanks.textContent = rated ? `Thanks — you rated it ${mine?.rating} of 5.` : "";
    ui.form.querySelector("button[type=submit]").textContent = rated ? "Update rating" : "Send rating";
    if (!learner) {
      removeReminder();
    }
  });
}

function snapshot(snap) {
  wasPresent = snap.mySessionRating?.wasPresent ?? false;
  const own = snap.mySessionRating?.rating ?? null;
  mine = own ? { rating: own.rating, commentMarkdown: own.commentMarkdown ?? null } : null;
  editing = false;
  fillForm();
  ratings.clear();
  for (const r of snap.sessionRatings?.ratings ?? []) {
    ratings.set(r.userId, r);
  }
  render();
}

function apply({ at, event }) {
  switch (event.type) {
    case RoomEvent.ParticipantJoined:
      if (event.userId === ctx.room.userId) {
        wasPresent = true;
      }
      break;
    case SessionRatingEvent.SessionRated:
      // Participants' copy names nobody; staff's is the rating itself.
      if (event.userId) {
        ratings.set(event.userId, { ...event, at });
        render();
      }
      break;
    default:
      break;
  }
}

function status() {
  render();
}

// ---- a reminder on the way out ----------------------------------------------------------------------------------

function removeReminder() {
  ui.reminder?.remove();
  ui.reminder = null;
}

/** The first time a learner who has not rated leaves an ended roundtable by the back link, ask them (once) to rate it. */
function remindBeforeLeaving(event) {
  if (!ctx || reminded || !canRate() || mine !== null) {
    return;
  }
  reminded = true;
  event.preventDefault();
  const link = event.currentTarget;
  const rate = el("button", { className: "button small primary", text: "Rate it now" });
  rate.type = "button";
  rate.addEventListener("click", () => {
    removeReminder();
    ui.section.scrollIntoView({ block: "start" });
    ui.form.querySelector("input")?.focus();
  });
  const leave = el("a", { text: "Leave without rating" });
  leave.href = link.href;
  const text = el("p", { text: "Before you go: how was this roundtable? Your rating helps the coach." });
  text.id = uid("session-rating-reminder");
  // Focus goes to the button, which is described by the question, so a screen reader says both.
  rate.setAttribute("aria-describedby", text.id);
  ui.reminder = el("div", { className: "notice session-rating-reminder" }, text, el("div", { className: "controls" }, rate, leave));
  (link.closest("p") ?? link.parentElement)?.after(ui.reminder);
  rate.focus();
}

/** @type {import("./panel.js").Panel} */
const panel = { tab: "stage", mount, snapshot, apply, status };
export default panel;
