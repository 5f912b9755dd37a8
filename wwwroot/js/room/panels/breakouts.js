// @ts-check
// Breakout groups. In the main room: the coach forms and names groups (at random, by assigning people, by matching the
// learners' profiles, or letting learners choose) for some minutes, then broadcasts to them, moves people, extends the
// time, answers the groups' calls for help and brings everyone back; the groups' notes come back here. Whoever is put
// in a group is taken there (a prompt with a countdown and "Go now"), and taken back the same way when the groups
// close. In a group's own room: a banner with the group, the main room, the time left, the coach's broadcasts and
// "Ask for help".
import { el, keepingFocus, uid, serverHtml, $ } from "../../lib/dom.js";
import { field } from "../../lib/forms.js";
import { formatRemaining, observeServerTime, serverNow } from "../server-clock.js";
import { RoomEvent } from "../protocol.js";
import { alertBox } from "../../lib/alerts.js";

/** The room event types this feature's events carry ("type"), as the server names them. */
export const BreakoutsEvent = Object.freeze({
  BreakoutBroadcastSent: "BreakoutBroadcastSent",
  BreakoutHelpAsked: "BreakoutHelpAsked",
  BreakoutHelpCancelled: "BreakoutHelpCancelled",
  BreakoutHelpHandled: "BreakoutHelpHandled",
  BreakoutMemberMoved: "BreakoutMemberMoved",
  BreakoutRoomClosed: "BreakoutRoomClosed",
  BreakoutRoomOpened: "BreakoutRoomOpened",
  BreakoutsClosed: "BreakoutsClosed",
  BreakoutsExtended: "BreakoutsExtended",
  BreakoutsOpened: "BreakoutsOpened",
});

/** This feature's RoomHub methods (the room id is the first argument). */
export const BreakoutsMethod = Object.freeze({
  AskForBreakoutHelp: "AskForBreakoutHelp",
  BroadcastToBreakouts: "BroadcastToBreakouts",
  CancelBreakoutHelp: "CancelBreakoutHelp",
  ChooseBreakoutGroup: "ChooseBreakoutGroup",
  CloseBreakouts: "CloseBreakouts",
  ExtendBreakouts: "ExtendBreakouts",
  HandleBreakoutHelp: "HandleBreakoutHelp",
  MoveBreakoutMember: "MoveBreakoutMember",
  OpenBreakouts: "OpenBreakouts",
});

const MAX_BROADCAST_BYTES = 2 * 1024;
const MAX_NAME_LENGTH = 60;
/** How long the prompt that takes someone to their group (or back) counts down, unless the coach chose otherwise. */
const MOVE_SECONDS = 10;
/** A page that learns of a move with less time than this left (a late delivery, a catch-up) counts the whole time from now. */
const MIN_NOTICE_MS = 3000;
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
 * @typedef {{groupRoomId: string, groupName: string, byUserId: string, byName: string, at: string}} HelpRequest
 * @typedef {{strategy: string, goal: string, groups: any[], openedAt: string, endsAt: string, broadcasts: Broadcast[],
 *   help: HelpRequest[], countdownSeconds?: number}} OpenBreakouts
 * @typedef {{parentId: string, parentTitle: string, groupName: string, explanation?: string, members: Member[],
 *   endsAt: string, closed: boolean, broadcasts: Broadcast[], help?: HelpRequest | null, countdownSeconds?: number}} OwnGroup
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
/**
 * Finds the element that should have focus once the page shows what an action changed (see focusWhenShown).
 * @type {(() => HTMLElement | null | undefined) | null}
 */
let pendingFocus = null;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let pendingFocusExpiry;

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

/**
 * Moves focus to what find() returns as soon as it is on the page: after an action the element that had focus may be
 * gone (the chosen group's button, the form that opened the groups), and the change shows when its event arrives,
 * which may be before or after the hub answers. Given up after a few seconds so it never steals focus later.
 * @param {() => HTMLElement | null | undefined} find
 */
function focusWhenShown(find) {
  pendingFocus = find;
  clearTimeout(pendingFocusExpiry);
  pendingFocusExpiry = setTimeout(() => { pendingFocus = null; }, 5000);
  settleFocus();
}

function settleFocus() {
  const target = pendingFocus?.();
  if (target && !target.hidden && target.isConnected) {
    pendingFocus = null;
    target.focus();
  }
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
  ui.groupCount.addEventListener("input", () => {
    renderNames();
    renderAssignments();
  });
  ui.names = el("fieldset", { className: "breakout-names" });
  ui.minutes = numberInput(1, 120, 10);
  ui.moveSeconds = numberInput(5, 120, MOVE_SECONDS);
  ui.assignments = el("div", { className: "breakout-assignments" });
  const submit = el("button", { className: "button primary", text: "Open breakout groups" });
  submit.type = "submit";
  ui.formError = alertBox();
  const form = el("form", { className: "stack breakout-form" }, el("h3", { text: "Form groups" }), fieldset, ui.goal,
    field("Number of groups", ui.groupCount, "2 to 20."), ui.names, field("Minutes", ui.minutes, "1 to 120; you can extend them."),
    field("Seconds before people are taken to their group", ui.moveSeconds, "5 to 120; the same when they are taken back."),
    ui.assignments, el("div", { className: "controls" }, submit), ui.formError);
  form.noValidate = true;
  renderNames();
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
    const names = groupNames();
    if (names.some((name) => name.length > MAX_NAME_LENGTH)) {
      ui.formError.textContent = `A group's name is at most ${MAX_NAME_LENGTH} characters; shorten it.`;
      return;
    }
    const opened = await ctx.act(ui.formError, submit, BreakoutsMethod.OpenBreakouts, {
      strategy, groupCount: Number(ui.groupCount.value), minutes: Number(ui.minutes.value), assignments,
      goal: strategy === "Matching" ? chosen(ui.goal) : null, names, countdownSeconds: Number(ui.moveSeconds.value),
    });
    if (opened) {
      // The form goes away with the groups open; the panel's heading leads to them.
      focusWhenShown(() => (open ? ui.heading : null));
    }
  });
  return form;
}

function groupCount() {
  return Math.min(Math.max(Number(ui.groupCount.value) || 2, 2), 20);
}

/** The names typed for the groups, in order ("" where left blank: the server calls it "Group n"). */
function groupNames() {
  return [...ui.names.querySelectorAll("input")].map((input) => input.value.trim());
}

/** The name group index will have: as typed, else "Group n". @param {number} index */
function nameOfGroup(index) {
  return groupNames()[index] || `Group ${index + 1}`;
}

/** A name field per group, "Group 1", "Group 2", ... to start with, keeping what was typed. */
function renderNames() {
  const previous = groupNames();
  const count = groupCount();
  const inputs = Array.from({ length: count }, (_, g) => {
    const input = Object.assign(el("input"), { type: "text", value: previous[g] ?? `Group ${g + 1}`, maxLength: MAX_NAME_LENGTH });
    input.dataset.focusKey = `name-${g}`;
    input.addEventListener("input", renderAssignmentNames);
    return field(`Name of group ${g + 1}`, input);
  });
  keepingFocus(ui.names, () => ui.names.replaceChildren(el("legend", { text: "Group names" }), ...inputs));
}

/** The assignment choices follow the names as they are typed. */
function renderAssignmentNames() {
  for (const select of ui.assignments.querySelectorAll("select")) {
    for (const option of select.options) {
      if (option.value !== "") {
        option.textContent = nameOfGroup(Number(option.value));
      }
    }
  }
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
    const count = groupCount();
    const learners = learnersHere();
    const rows = learners.map((person, i) => {
      const select = el("select");
      select.dataset.userId = person.userId;
      select.dataset.focusKey = `assign-${person.userId}`;
      select.append(Object.assign(el("option", { text: "Main room (no group)" }), { value: "" }));
      for (let g = 0; g < count; g += 1) {
        select.append(Object.assign(el("option", { text: nameOfGroup(g) }), { value: String(g) }));
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
  back.addEventListener("click", async () => {
    if (await ctx.act(ui.toolsError, back, BreakoutsMethod.CloseBreakouts)) {
      // The tools go away with the groups; what came back from them is next.
      focusWhenShown(() => (open ? null : ui.notesHeading));
    }
  });
  ui.help = el("div", { className: "breakout-help-calls" });
  return el("div", { className: "stack breakout-tools" },
    ui.help,
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
    choose.addEventListener("click", async () => {
      if (await ctx.act(ui.error, choose, BreakoutsMethod.ChooseBreakoutGroup, group.roomId)) {
        // The chosen group's button goes; the link to it takes its place as the next step.
        focusWhenShown(() => ui.yourGroup.querySelector("a"));
      }
    });
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
    go.dataset.focusKey = "go-to-group";
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
    renderHelpCalls();
  }
  renderCountdown();
}

/** The groups' calls for help, for the coach: join the group, or mark the call handled. */
function renderHelpCalls() {
  const calls = open?.help ?? [];
  ui.help.hidden = calls.length === 0;
  const items = calls.map((call) => {
    const join = el("a", { className: "button primary", text: `Join ${call.groupName}` });
    join.href = roomLink(call.groupRoomId);
    const handled = button(`Mark ${call.groupName} handled`);
    handled.dataset.focusKey = `handled-${call.groupRoomId}`;
    handled.addEventListener("click", async () => {
      if (await ctx.act(ui.toolsError, handled, BreakoutsMethod.HandleBreakoutHelp, call.groupRoomId)) {
        // The next call waiting, or the panel's heading once none is.
        focusWhenShown(() => (open?.help.some((h) => h.groupRoomId === call.groupRoomId) ? null
          : ui.help.querySelector("button") ?? ui.heading));
      }
    });
    return el("li", { className: "breakout-help-call" },
      el("p", { text: `${call.groupName} asks for help (${call.byName}).` }), el("div", { className: "controls" }, join, handled));
  });
  const list = el("ul", { className: "breakout-help-list" }, ...items);
  list.setAttribute("aria-label", "Calls for help");
  ui.help.replaceChildren(el("h3", { text: `Calls for help (${calls.length})` }), list);
}

/** What staff must react to: the groups asking for help (the header's attention strip and the tab's badge). */
function reportHelp() {
  if (!ctx.isFacilitator() || ownGroup !== null) {
    return;
  }
  const calls = open?.help ?? [];
  ctx.attention("help", calls.map((h) => ({ groupId: h.groupRoomId, groupName: h.groupName })));
  ctx.badge("breakouts", calls.length);
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
  const banner = $("breakout-banner");
  if (banner) {
    keepingFocus(banner, renderBanner);
  }
  reportHelp();
  settleFocus();
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
  back.dataset.focusKey = "back";
  // Going back on purpose: the main room does not send them straight here again.
  const groupId = ctx.roomId;
  back.addEventListener("click", () => rememberStaying(groupId));
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
  if (!ownGroup.closed && ownGroup.members.some((m) => m.userId === ctx.room.userId)) {
    parts.push(helpControls(ownGroup));
  }
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

/** "Ask for help", or, once asked, that the coach has been asked and a way to cancel it. @param {OwnGroup} group */
function helpControls(group) {
  const asked = group.help ?? null;
  const action = button(asked ? "Cancel the call for help" : "Ask for help", asked ? "button" : "button primary");
  // The same key on both, so focus moves from one to the other as the call is made or withdrawn.
  action.dataset.focusKey = "help";
  action.addEventListener("click", async () => {
    const method = asked ? BreakoutsMethod.CancelBreakoutHelp : BreakoutsMethod.AskForBreakoutHelp;
    if (await ctx.act(ui.helpError, action, method)) {
      focusWhenShown(() => (Boolean(ownGroup?.help) === !asked ? /** @type {HTMLElement | null} */ ($("breakout-banner")?.querySelector("[data-focus-key=help]")) : null));
    }
  });
  ui.helpError = alertBox();
  const status = el("p", { className: "breakout-help-status" });
  status.textContent = asked ? `The coach has been asked to help (by ${asked.byName}).` : "";
  status.hidden = !asked;
  return el("div", { className: "breakout-help" }, status, el("div", { className: "controls" }, action), ui.helpError);
}

// ---- taking people to their group and back -----------------------------------------------------

/** @type {{roomId: string, deadline: number} | null} where the prompt takes this page, and when (server time, ms) */
let moving = null;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let moveTick;
const prompt = {};

const stayKey = (groupRoomId) => `breakouts-stay:${groupRoomId}`;

/** Someone chose to stay (or went back) rather than be in this group: its room is not pressed on them again. */
function rememberStaying(groupRoomId) {
  try {
    sessionStorage.setItem(stayKey(groupRoomId), "1");
  } catch {
    // Storage off: the prompt simply comes again.
  }
}

function choseToStay(groupRoomId) {
  try {
    return sessionStorage.getItem(stayKey(groupRoomId)) !== null;
  } catch {
    return false;
  }
}

function buildPrompt() {
  const dialog = el("dialog", { className: "breakout-prompt" });
  dialog.setAttribute("role", "alertdialog");
  prompt.title = el("h2");
  prompt.title.id = uid("breakout-prompt-title");
  prompt.reason = el("p");
  prompt.reason.id = uid("breakout-prompt-reason");
  prompt.time = el("p", { className: "breakout-prompt-time" });
  prompt.time.id = uid("breakout-prompt-time");
  dialog.setAttribute("aria-labelledby", prompt.title.id);
  dialog.setAttribute("aria-describedby", `${prompt.reason.id} ${prompt.time.id}`);
  prompt.go = button("Go now", "button primary");
  prompt.go.addEventListener("click", goNow);
  prompt.stay = button("Stay here", "button");
  prompt.stay.addEventListener("click", stayHere);
  // Escape is "Stay here" too.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stayHere();
  });
  dialog.append(prompt.title, prompt.reason, prompt.time, el("div", { className: "controls" }, prompt.go, prompt.stay));
  prompt.dialog = dialog;
  document.body.append(dialog);
}

/**
 * Takes this page to room roomId after a countdown the person can cut short ("Go now") or stop ("Stay here"). The
 * countdown runs on the server's clock from the time of the event that moved them (at), so a group's people leave
 * together; a late page (joined or caught up after that) gets the whole countdown from now.
 * @param {{roomId: string, title: string, reason: string, at?: string, group: boolean}} to
 */
function takeTo({ roomId, title, reason, at, group }) {
  // A replay shows that the groups opened; it does not take the viewer to a room that has long closed.
  if (ctx.replay) {
    return;
  }
  const total = ((ownGroup ?? open)?.countdownSeconds ?? MOVE_SECONDS) * 1000;
  const fromEvent = at ? Date.parse(at) + total : NaN;
  const deadline = moving?.roomId === roomId ? moving.deadline
    : fromEvent - serverNow() > MIN_NOTICE_MS ? fromEvent : serverNow() + total;
  moving = { roomId, deadline };
  prompt.group = group;
  prompt.title.textContent = title;
  prompt.reason.textContent = reason;
  prompt.go.disabled = false;
  if (!prompt.dialog.open) {
    prompt.dialog.showModal();
  }
  prompt.go.focus();
  countDown();
}

function countDown() {
  clearTimeout(moveTick);
  if (!moving) {
    return;
  }
  const left = moving.deadline - serverNow();
  if (left <= 0) {
    goNow();
    return;
  }
  const seconds = Math.ceil(left / 1000);
  prompt.time.textContent = `Taking you there in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  moveTick = setTimeout(countDown, (left % 1000 || 1000) + 5);
}

function goNow() {
  if (!moving) {
    return;
  }
  clearTimeout(moveTick);
  prompt.time.textContent = "Going now…";
  prompt.go.disabled = true;
  location.assign(roomLink(moving.roomId));
}

function stayHere() {
  if (moving && prompt.group) {
    rememberStaying(moving.roomId);
  }
  stopTaking();
  ctx.announce(ownGroup ? "You stay here; the link back is in the breakout banner." : "You stay here; the link to your group is in the Breakout groups panel.");
}

/** Closes the prompt (the person stayed, or what it was for is over). */
function stopTaking() {
  clearTimeout(moveTick);
  moving = null;
  if (prompt.dialog?.open) {
    prompt.dialog.close();
  }
}

/** The group this person is in, in the main room's open breakouts. */
function myGroup() {
  return open?.groups.find((g) => g.members.some((m) => m.userId === ctx.room.userId)) ?? null;
}

/** Whoever is in a group is taken there, unless they chose to stay; why they go is said in the prompt. @param {string} [at] */
function takeToMyGroup(reason, at) {
  const mine = myGroup();
  if (!mine) {
    stopTaking();
    return;
  }
  if (!at && choseToStay(mine.roomId)) {
    return;
  }
  takeTo({ roomId: mine.roomId, title: `Going to ${mine.name}`, reason, at, group: true });
}

// ---- hooks -------------------------------------------------------------------------------------

function mount(context) {
  ctx = context;
  const heading = el("h2", { text: "Breakout groups" });
  heading.id = "breakouts-heading";
  // The target of the staff's "Skip to breakout groups" link.
  heading.tabIndex = -1;
  ui.heading = heading;
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
  // Where focus goes once everyone is back.
  notesHeading.tabIndex = -1;
  ui.notesHeading = notesHeading;
  ui.notes = el("div", { className: "breakout-notes" }, notesHeading, ui.notesList);
  ui.section = el("section", { className: "panel breakouts-panel" }, heading, ui.idle, ui.form, ui.openBox, ui.error, ui.notes);
  ui.section.setAttribute("aria-labelledby", "breakouts-heading");
  ctx.container.append(ui.section);
  buildPrompt();
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
  if (ownGroup === null && open !== null) {
    // Joined (or came back) while the groups are open: whoever is in one goes there.
    takeToMyGroup(`Breakout groups are open and you are in ${myGroup()?.name}.`);
  }
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
        takeTo({ roomId: event.toRoomId, title: `Going to ${event.toGroupName}`, reason: `The coach moved you to ${event.toGroupName}.`, at, group: true });
      }
      break;
    case BreakoutsEvent.BreakoutHelpAsked:
      group.help = { groupRoomId: event.groupRoomId, groupName: event.groupName, byUserId: event.byUserId, byName: event.byName, at };
      ctx.announce(event.byUserId === ctx.room.userId ? "The coach has been asked to help." : `${event.byName} asked the coach to help.`);
      break;
    case BreakoutsEvent.BreakoutHelpCancelled:
      group.help = null;
      ctx.announce("The call for help was withdrawn.");
      break;
    case BreakoutsEvent.BreakoutHelpHandled:
      group.help = null;
      ctx.announce("The coach has answered the call for help.");
      break;
    case BreakoutsEvent.BreakoutRoomClosed:
      group.closed = true;
      takeTo({ roomId: event.parentId, title: `Going back to ${group.parentTitle}`,
        reason: "The coach brought everyone back from the breakout groups.", at, group: false });
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
      open = { strategy: event.strategy, goal: event.goal, groups: event.groups, openedAt: at, endsAt: event.endsAt, broadcasts: [], help: [],
        countdownSeconds: event.countdownSeconds };
      const mine = myGroup();
      if (mine) {
        takeToMyGroup(`Breakout groups are open and you are in ${mine.name}.`, at);
      } else {
        ctx.announce("Breakout groups are open.");
      }
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
      if (event.userId === ctx.room.userId && event.byUserId !== ctx.room.userId) {
        takeToMyGroup(`The coach put you in ${event.toGroupName}.`, at);
      } else if (event.userId === ctx.room.userId) {
        ctx.announce(`You are now in ${event.toGroupName}.`);
      }
      break;
    case BreakoutsEvent.BreakoutHelpAsked:
      current.help = [...current.help.filter((h) => h.groupRoomId !== event.groupRoomId),
        { groupRoomId: event.groupRoomId, groupName: event.groupName, byUserId: event.byUserId, byName: event.byName, at }];
      if (ctx.isFacilitator()) {
        ctx.announce(`${event.groupName} asks for help.`);
      }
      break;
    case BreakoutsEvent.BreakoutHelpCancelled:
    case BreakoutsEvent.BreakoutHelpHandled:
      current.help = current.help.filter((h) => h.groupRoomId !== event.groupRoomId);
      break;
    case BreakoutsEvent.BreakoutsExtended:
      current.endsAt = event.endsAt;
      ctx.announce(`Breakout time extended: ${formatRemaining(remainingMs(event.endsAt))} left.`);
      break;
    case BreakoutsEvent.BreakoutsClosed:
      open = null;
      stopTaking();
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
