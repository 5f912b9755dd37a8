// @ts-check
// Breakout groups. In the main room: the coach forms groups (at random, by assigning people, by matching the learners'
// profiles, or letting learners choose) for some minutes, then broadcasts to them, moves people, extends the time and
// brings everyone back; learners see their group and go to its room; the groups' notes come back here. In a group's
// own room: a banner with the group, the main room, the time left and the coach's broadcasts, and the page follows a
// move or the return live.
import { el, keepingFocus, uid, serverHtml, $ } from "../../lib/dom.js";
import { field } from "../../lib/forms.js";
import { formatRemaining, observeServerTime, serverNow } from "../server-clock.js";
import { RoomEvent } from "../protocol.js";
import { alertBox } from "../../lib/alerts.js";

/** The room event types this feature's events carry ("type"), as the server names them. */
export const BreakoutsEvent = Object.freeze({
  BreakoutBroadcastSent: "BreakoutBroadcastSent",
  BreakoutMemberMoved: "BreakoutMemberMoved",
  BreakoutRoomClosed: "BreakoutRoomClosed",
  BreakoutRoomOpened: "BreakoutRoomOpened",
  BreakoutsClosed: "BreakoutsClosed",
  BreakoutsExtended: "BreakoutsExtended",
  BreakoutsOpened: "BreakoutsOpened",
});

/** This feature's RoomHub methods (the room id is the first argument). */
export const BreakoutsMethod = Object.freeze({
  BroadcastToBreakouts: "BroadcastToBreakouts",
  ChooseBreakoutGroup: "ChooseBreakoutGroup",
  CloseBreakouts: "CloseBreakouts",
  ExtendBreakouts: "ExtendBreakouts",
  MoveBreakoutMember: "MoveBreakoutMember",
  OpenBreakouts: "OpenBreakouts",
});

const MAX_BROADCAST_BYTES = 2 * 1024;
const strategies = [
  ["Random", "At random, in balanced sizes"],
  ["Manual", "I assign people"],
  ["Choose", "Learners choose their group"],
  ["Matching", "By matching"],
];
const goals = [
  ["Complementary", "Complementary skills: one offers what another wants"],
  ["SharedWants", "Shared wants: they want to develop the same skills"],
];
/** @type {Record<string, string>} */
const goalWords = { Complementary: "complementary skills", SharedWants: "shared wants" };

/** @type {import("./panel.js").PanelContext} set by mount, before any other hook */
let ctx;
/**
 * @typedef {{byName: string, html: string, at: string}} Broadcast
 * @typedef {{userId: string, displayName: string}} Member
 * @typedef {{strategy: string, goal: string, groups: any[], openedAt: string, endsAt: string, broadcasts: Broadcast[]}} OpenBreakouts
 * @typedef {{parentId: string, parentTitle: string, groupName: string, explanation?: string, members: Member[],
 *   endsAt: string, closed: boolean, broadcasts: Broadcast[]}} OwnGroup
 */
/** The main room's open breakouts (groups, endsAt, strategy), or null. @type {OpenBreakouts | null} */
let open = null;
/** @type {any[]} */
let returned = [];
/** Set when this page is a group's own room. @type {OwnGroup | null} */
let ownGroup = null;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let tick;
let announcedEnd = false;
const ui = {};

const roomLink = (roomId) => `/room.html?id=${encodeURIComponent(roomId)}`;

function button(text, className = "button") {
  const b = el("button", { className, text });
  b.type = "button";
  return b;
}

function numberInput(min, max, value) {
  return Object.assign(el("input"), { type: "number", min: String(min), max: String(max), value: String(value), inputMode: "numeric" });
}

function remainingMs(endsAt) {
  return Math.max(0, Date.parse(endsAt) - serverNow());
}

// ---- the coach's form --------------------------------------------------------------------------

/** A fieldset of labelled radios, the first checked; `onChange` runs when the choice changes. */
function radioGroup(legendText, choices, onChange) {
  const fieldset = el("fieldset", { className: "breakout-strategy" }, el("legend", { text: legendText }));
  const name = uid("choice");
  for (const [value, label] of choices) {
    const radio = Object.assign(el("input"), { type: "radio", name, value, checked: value === choices[0][0] });
    if (onChange) {
      radio.addEventListener("change", onChange);
    }
    const wrap = el("label", { className: "check", text: ` ${label}` });
    wrap.prepend(radio);
    fieldset.append(wrap);
  }
  return fieldset;
}

function buildForm() {
  const fieldset = radioGroup("How to form the groups", strategies, renderStrategyOptions);
  ui.strategy = fieldset;
  ui.goal = radioGroup("Match for", goals);
  ui.goal.hidden = true;
  const goalHint = el("p", { className: "hint", text: "From the learners' profiles, in balanced sizes. Learners with no skills on their profile are still placed." });
  goalHint.id = uid("hint");
  ui.goal.setAttribute("aria-describedby", goalHint.id);
  ui.goal.append(goalHint);
  ui.groupCount = numberInput(2, 20, 2);
  ui.groupCount.addEventListener("input", renderAssignments);
  ui.minutes = numberInput(1, 120, 10);
  ui.assignments = el("div", { className: "breakout-assignments" });
  const submit = el("button", { className: "button primary", text: "Open breakout groups" });
  submit.type = "submit";
  ui.formError = alertBox();
  const form = el("form", { className: "stack breakout-form" }, el("h3", { text: "Form groups" }), fieldset, ui.goal,
    field("Number of groups", ui.groupCount, "2 to 20."), field("Minutes", ui.minutes, "1 to 120; you can extend them."),
    ui.assignments, el("div", { className: "controls" }, submit), ui.formError);
  form.noValidate = true;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const strategy = chosenStrategy();
    const assignments = {};
    if (strategy === "Manual") {
      for (const select of ui.assignments.querySelectorAll("select")) {
        if (select.value !== "") {
          assignments[select.dataset.userId] = Number(select.value);
        }
      }
    }
    await ctx.act(ui.formError, submit, BreakoutsMethod.OpenBreakouts, {
      strategy, groupCount: Number(ui.groupCount.value), minutes: Number(ui.minutes.value), assignments,
      goal: strategy === "Matching" ? chosen(ui.goal) : null,
    });
  });
  return form;
}

function chosen(fieldset) {
  return fieldset.querySelector("input:checked")?.value;
}

function chosenStrategy() {
  return chosen(ui.strategy) ?? "Random";
}

/** What the chosen strategy asks for: the goal of matching, or who goes where. */
function renderStrategyOptions() {
  ui.goal.hidden = chosenStrategy() !== "Matching";
  renderAssignments();
}

function learnersHere() {
  return [...(ctx.room.participants?.values() ?? [])]
    .filter((p) => p.role === "Learner")
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** With "I assign people": a labelled group choice for every learner in the room, keeping what was already chosen. */
function renderAssignments() {
  if (!ui.assignments) {
    return;
  }
  keepingFocus(ui.assignments, () => {
    if (chosenStrategy() !== "Manual") {
      ui.assignments.replaceChildren();
      return;
    }
    const previous = new Map([...ui.assignments.querySelectorAll("select")].map((s) => [s.dataset.userId, s.value]));
    const count = Math.min(Math.max(Number(ui.groupCount.value) || 2, 2), 20);
    const learners = learnersHere();
    const rows = learners.map((person, i) => {
      const select = el("select");
      select.dataset.userId = person.userId;
      select.dataset.focusKey = `assign-${person.userId}`;
      select.append(Object.assign(el("option", { text: "Main room (no group)" }), { value: "" }));
      for (let g = 0; g < count; g += 1) {
        select.append(Object.assign(el("option", { text: `Group ${g + 1}` }), { value: String(g) }));
      }
      // Round-robin to start with; the coach changes what they like.
      const kept = previous.get(person.userId);
      select.value = kept !== undefined && Number(kept) < count ? kept : String(i % count);
      return field(`Group for ${person.displayName}`, select);
    });
    ui.assignments.replaceChildren(el("h4", { text: "Who goes where" }),
      ...(rows.length ? rows : [el("p", { className: "hint", text: "No learners are in the room yet." })]));
  });
}

// ---- the coach's tools while groups are open ---------------------------------------------------

function buildTools() {
  ui.broadcast = el("textarea");
  ui.broadcast.rows = 2;
  const send = button("Send to every group", "button primary");
  ui.toolsError = alertBox();
  send.addEventListener("click", async () => {
    const text = ui.broadcast.value;
    if (!text.trim()) {
      ui.toolsError.textContent = "Write the message first.";
      ui.broadcast.focus();
      return;
    }
    if (new TextEncoder().encode(text).length > MAX_BROADCAST_BYTES) {
      ui.toolsError.textContent = "A broadcast is at most 2 KB; shorten it.";
      return;
    }
    if (await ctx.act(ui.toolsError, send, BreakoutsMethod.BroadcastToBreakouts, text)) {
      ui.broadcast.value = "";
      ctx.announce("Sent to every group.");
    }
  });
  ui.movePerson = el("select");
  ui.moveTo = el("select");
  const move = button("Move");
  move.addEventListener("click", () => {
    if (ui.movePerson.value && ui.moveTo.value) {
      ctx.act(ui.toolsError, move, BreakoutsMethod.MoveBreakoutMember, ui.movePerson.value, ui.moveTo.value);
    }
  });
  ui.extendMinutes = numberInput(1, 120, 5);
  const extend = button("Extend");
  extend.addEventListener("click", () => ctx.act(ui.toolsError, extend, BreakoutsMethod.ExtendBreakouts, Number(ui.extendMinutes.value)));
  const back = button("Bring everyone back", "button danger");
  back.addEventListener("click", () => ctx.act(ui.toolsError, back, BreakoutsMethod.CloseBreakouts));
  return el("div", { className: "stack breakout-tools" },
    el("h3", { text: "Coach's tools" }),
    field("Broadcast to every group", ui.broadcast, "Markdown works; at most 2 KB."), el("div", { className: "controls" }, send),
    el("div", { className: "breakout-move" }, field("Person", ui.movePerson), field("Move to", ui.moveTo), el("div", { className: "controls" }, move)),
    el("div", { className: "breakout-move" }, field("Extra minutes", ui.extendMinutes), el("div", { className: "controls" }, extend)),
    el("div", { className: "controls" }, back), ui.toolsError);
}

function renderMoveChoices() {
  const people = new Map();
  for (const group of open?.groups ?? []) {
    for (const m of group.members) {
      people.set(m.userId, `${m.displayName} (${group.name})`);
    }
  }
  for (const p of learnersHere()) {
    if (!people.has(p.userId)) {
      people.set(p.userId, `${p.displayName} (main room)`);
    }
  }
  const keepPerson = ui.movePerson.value;
  const keepTo = ui.moveTo.value;
  ui.movePerson.replaceChildren(...[...people].sort((a, b) => a[1].localeCompare(b[1]))
    .map(([userId, label]) => Object.assign(el("option", { text: label }), { value: userId })));
  ui.moveTo.replaceChildren(...(open?.groups ?? []).map((g) => Object.assign(el("option", { text: g.name }), { value: g.roomId })));
  if (people.has(keepPerson)) {
    ui.movePerson.value = keepPerson;
  }
  if ((open?.groups ?? []).some((g) => g.roomId === keepTo)) {
    ui.moveTo.value = keepTo;
  }
}

// ---- what everyone sees ------------------------------------------------------------------------

function groupItem(group) {
  const mine = group.members.some((m) => m.userId === ctx.room.userId);
  const heading = el("h4", { text: mine ? `${group.name} (your group)` : group.name });
  const members = group.members.length
    ? el("p", { text: group.members.map((m) => m.displayName).join(", ") })
    : el("p", { className: "hint", text: "Nobody yet." });
  /** @type {HTMLElement[]} */
  const parts = [heading];
  if (group.explanation) {
    parts.push(el("p", { className: "hint breakout-why", text: group.explanation }));
  }
  parts.push(members);
  const actions = el("div", { className: "controls" });
  if (ctx.isFacilitator()) {
    const visit = el("a", { className: "button", text: `Visit ${group.name}` });
    visit.href = roomLink(group.roomId);
    actions.append(visit);
  } else if (open?.strategy === "Choose" && ctx.room.role === "Learner" && !mine) {
    const choose = button(`Choose ${group.name}`);
    choose.dataset.focusKey = `choose-${group.roomId}`;
    choose.addEventListener("click", () => ctx.act(ui.error, choose, BreakoutsMethod.ChooseBreakoutGroup, group.roomId));
    actions.append(choose);
  }
  if (actions.childElementCount) {
    parts.push(actions);
  }
  return el("li", { className: mine ? "breakout-group mine" : "breakout-group" }, ...parts);
}

function renderOpen() {
  ui.openBox.hidden = open === null;
  if (open === null) {
    return;
  }
  const mine = open.groups.find((g) => g.members.some((m) => m.userId === ctx.room.userId));
  ui.yourGroup.replaceChildren();
  if (mine) {
    const go = el("a", { className: "button primary", text: `Go to ${mine.name}` });
    go.href = roomLink(mine.roomId);
    ui.yourGroup.append(el("p", { text: `You are in ${mine.name}.` }), go);
  } else if (ctx.room.role === "Learner") {
    ui.yourGroup.append(el("p", { text: open.strategy === "Choose" ? "Choose a group below." : "You are not in a group; you stay in the main room." }));
  }
  ui.formedBy.textContent = open.strategy === "Matching" ? `Formed by matching ${goalWords[open.goal] ?? "profiles"}.` : "";
  ui.formedBy.hidden = open.strategy !== "Matching";
  ui.groups.replaceChildren(...open.groups.map(groupItem));
  ui.tools.hidden = !ctx.isFacilitator();
  if (ctx.isFacilitator()) {
    renderMoveChoices();
  }
  renderCountdown();
}

function renderReturned() {
  ui.notes.hidden = returned.length === 0;
  const rounds = returned.slice().reverse().map((round) => el("div", { className: "breakout-round" },
    ...round.notes.flatMap((n) => {
      const body = el("div", { className: "message-body" });
      if (n.html) {
        // Sanitised by the server when the group's notes were saved; the only markup inserted here.
        serverHtml(body, n.html, { headingBase: 4 });
      } else {
        body.append(el("p", { className: "hint", text: "No notes." }));
      }
      return [el("h4", { text: n.name }), body];
    })));
  ui.notesList.replaceChildren(...rounds);
}

function render() {
  if (!ctx) {
    return;
  }
  keepingFocus(ui.section, () => {
    const inGroupRoom = ownGroup !== null;
    ui.section.hidden = inGroupRoom;
    const skip = $("skip-breakouts");
    if (skip) {
      skip.hidden = inGroupRoom || !ctx.isFacilitator();
    }
    ui.form.hidden = inGroupRoom || open !== null || !ctx.isFacilitator() || ctx.room.status !== "Live";
    ui.idle.hidden = open !== null || !ui.form.hidden || returned.length > 0;
    if (!ui.form.hidden) {
      renderStrategyOptions();
    }
    renderOpen();
    renderReturned();
  });
  renderBanner();
}

// ---- countdown ---------------------------------------------------------------------------------

function endsAt() {
  return ownGroup && !ownGroup.closed ? ownGroup.endsAt : open?.endsAt ?? null;
}

function renderCountdown() {
  const end = endsAt();
  if (end === null) {
    return;
  }
  const left = remainingMs(end);
  const text = left > 0 ? `Time left: ${formatRemaining(left)}` : "Time is up: the groups are coming back to the main room.";
  for (const node of [ui.countdown, ui.bannerTime]) {
    if (node) {
      node.textContent = text;
    }
  }
  if (left === 0 && !announcedEnd) {
    announcedEnd = true;
    ctx.announce("Breakout time is up.");
  }
}

function scheduleTick() {
  clearTimeout(tick);
  const end = endsAt();
  if (end === null) {
    return;
  }
  renderCountdown();
  const left = remainingMs(end);
  if (left > 0) {
    tick = setTimeout(scheduleTick, (left % 1000 || 1000) + 5);
  }
}

function resetEnd() {
  announcedEnd = endsAt() !== null && remainingMs(endsAt()) === 0;
  scheduleTick();
}

// ---- a group's own room ------------------------------------------------------------------------

function renderBanner() {
  const banner = $("breakout-banner");
  if (!banner) {
    return;
  }
  banner.hidden = ownGroup === null;
  if (ownGroup === null) {
    return;
  }
  const back = el("a", { text: `Back to ${ownGroup.parentTitle}` });
  back.href = roomLink(ownGroup.parentId);
  ui.bannerTime = el("p", { className: "breakout-time" });
  ui.bannerTime.setAttribute("role", "timer");
  /** @type {HTMLElement[]} */
  const parts = [
    el("p", { className: "breakout-title" }, el("strong", { text: ownGroup.groupName }), ` · Breakout of ${ownGroup.parentTitle}`),
  ];
  if (ownGroup.closed) {
    parts.push(el("p", { text: "This breakout group has ended; everyone went back to the main roundtable." }));
  } else {
    parts.push(ui.bannerTime);
  }
  if (ownGroup.explanation) {
    parts.push(el("p", { className: "hint breakout-why", text: ownGroup.explanation }));
  }
  parts.push(el("p", { text: `In this group: ${ownGroup.members.map((m) => m.displayName).join(", ") || "nobody yet"}` }));
  if (ownGroup.broadcasts.length) {
    const list = el("ul", { className: "breakout-broadcasts" });
    list.setAttribute("aria-label", "From the coach");
    for (const b of ownGroup.broadcasts) {
      const body = el("div", { className: "message-body" });
      // Rendered and sanitised by the server.
      serverHtml(body, b.html, { headingBase: 2 });
      list.append(el("li", {}, el("p", { className: "meta", text: `${b.byName} to every group` }), body));
    }
    parts.push(el("h2", { className: "visually-hidden", text: "From the coach" }), list);
  }
  parts.push(el("p", {}, back));
  banner.replaceChildren(...parts);
  renderCountdown();
}

/** Takes this page to another room after saying so (the notice stays readable meanwhile). */
function goTo(roomId, notice) {
  ctx.announce(notice);
  ctx.note(notice, new Date().toISOString());
  setTimeout(() => location.assign(roomLink(roomId)), 1500);
}

// ---- hooks -------------------------------------------------------------------------------------

function mount(context) {
  ctx = context;
  const heading = el("h2", { text: "Breakout groups" });
  heading.id = "breakouts-heading";
  // The target of the staff's "Skip to breakout groups" link.
  heading.tabIndex = -1;
  ui.form = buildForm();
  ui.idle = el("p", { className: "hint", text: "No breakout groups are open." });
  ui.countdown = el("p", { className: "breakout-time" });
  ui.countdown.setAttribute("role", "timer");
  ui.yourGroup = el("div", { className: "breakout-yours" });
  ui.groups = el("ul", { className: "breakout-groups" });
  ui.groups.setAttribute("aria-label", "Breakout groups");
  ui.tools = buildTools();
  ui.error = alertBox();
  ui.formedBy = el("p", { className: "hint" });
  ui.openBox = el("div", { className: "stack" }, ui.countdown, ui.yourGroup, ui.formedBy, ui.groups, ui.tools);
  ui.notesList = el("div");
  const notesHeading = el("h3", { text: "Notes from breakout groups" });
  ui.notes = el("div", { className: "breakout-notes" }, notesHeading, ui.notesList);
  ui.section = el("section", { className: "panel breakouts-panel" }, heading, ui.idle, ui.form, ui.openBox, ui.error, ui.notes);
  ui.section.setAttribute("aria-labelledby", "breakouts-heading");
  ctx.container.append(ui.section);
  render();
}

function snapshot(snap) {
  if (snap.serverNow) {
    observeServerTime(snap.serverNow);
  }
  open = snap.breakouts ?? null;
  returned = snap.breakoutNotes ?? [];
  ownGroup = snap.breakoutRoom ?? null;
  render();
  resetEnd();
}

function applyInGroupRoom(event, at) {
  // The group's own room is known from the snapshot or its first event (BreakoutRoomOpened) before any other.
  const group = /** @type {OwnGroup} */ (ownGroup);
  switch (event.type) {
    case BreakoutsEvent.BreakoutRoomOpened:
      ownGroup = { ...event, closed: false, broadcasts: [] };
      break;
    case BreakoutsEvent.BreakoutBroadcastSent:
      group.broadcasts = [...group.broadcasts, { byName: event.byName, html: event.html, at }];
      ctx.announce(`From ${event.byName} to every group: ${new DOMParser().parseFromString(event.html, "text/html").body.textContent?.trim() ?? ""}`);
      break;
    case BreakoutsEvent.BreakoutsExtended:
      group.endsAt = event.endsAt;
      ctx.announce(`Breakout time extended: ${formatRemaining(remainingMs(event.endsAt))} left.`);
      break;
    case BreakoutsEvent.BreakoutMemberMoved:
      group.members = group.members.filter((m) => m.userId !== event.userId);
      if (event.toRoomId === ctx.roomId) {
        group.members.push({ userId: event.userId, displayName: event.displayName });
      } else if (event.userId === ctx.room.userId) {
        goTo(event.toRoomId, `You have been moved to ${event.toGroupName}. Taking you there…`);
      }
      break;
    case BreakoutsEvent.BreakoutRoomClosed:
      group.closed = true;
      goTo(event.parentId, "Everyone is going back to the main roundtable. Taking you there…");
      break;
    default:
      return false;
  }
  return true;
}

function applyInMainRoom(event, at) {
  // Broadcasts, moves and extensions come only while breakouts are open.
  const current = /** @type {OpenBreakouts} */ (open);
  switch (event.type) {
    case BreakoutsEvent.BreakoutsOpened: {
      open = { strategy: event.strategy, goal: event.goal, groups: event.groups, openedAt: at, endsAt: event.endsAt, broadcasts: [] };
      const mine = event.groups.find((g) => g.members.some((m) => m.userId === ctx.room.userId));
      ctx.announce(mine ? `Breakout groups are open. You are in ${mine.name}; the link to it is in the Breakout groups panel.` : "Breakout groups are open.");
      break;
    }
    case BreakoutsEvent.BreakoutBroadcastSent:
      current.broadcasts = [...current.broadcasts, { byName: event.byName, html: event.html, at }];
      break;
    case BreakoutsEvent.BreakoutMemberMoved:
      current.groups = current.groups.map((g) => ({
        ...g,
        members: [...g.members.filter((m) => m.userId !== event.userId),
          ...(g.roomId === event.toRoomId ? [{ userId: event.userId, displayName: event.displayName }] : [])],
      }));
      if (event.userId === ctx.room.userId) {
        ctx.announce(`You are now in ${event.toGroupName}.`);
      }
      break;
    case BreakoutsEvent.BreakoutsExtended:
      current.endsAt = event.endsAt;
      ctx.announce(`Breakout time extended: ${formatRemaining(remainingMs(event.endsAt))} left.`);
      break;
    case BreakoutsEvent.BreakoutsClosed:
      open = null;
      returned = [...returned, { closedAt: at, notes: event.notes }];
      ctx.announce("Everyone is back from the breakout groups. Their notes are in the Breakout groups panel.");
      break;
    case RoomEvent.ParticipantJoined:
    case RoomEvent.ParticipantLeft:
      // The lists of people to assign or move follow who is here.
      break;
    default:
      return false;
  }
  return true;
}

function apply({ at, event }) {
  observeServerTime(at);
  const changed = ownGroup !== null || event.type === BreakoutsEvent.BreakoutRoomOpened ? applyInGroupRoom(event, at) : applyInMainRoom(event, at);
  if (changed) {
    render();
    resetEnd();
  }
}

/** Staff's part of a learner's menu while groups are open: into any group they are not in. */
function personActions(person) {
  if (!ctx.isFacilitator() || !open || ownGroup || person.waiting || person.role !== "Learner") {
    return [];
  }
  return open.groups.filter((g) => !g.members.some((m) => m.userId === person.userId))
    .map((g) => ({ label: `Move to ${g.name}`, run: () => ctx.invoke(BreakoutsMethod.MoveBreakoutMember, person.userId, g.roomId) }));
}

/** @type {import("./panel.js").Panel} */
const panel = { tab: "breakouts", mount, snapshot, apply, status: render, personActions };
export default panel;
