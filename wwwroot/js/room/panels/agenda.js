// @ts-check
// The agenda panel: topics and presentation slots in order, the current item, and the room's timer. The timer is shown
// in the room's header bar and the current item on the stage (while nobody presents); the list and the coach's
// controls are the Agenda tab.
// The timer is counted down here, once a second, against the server's clock: the end is the server's start time
// plus the duration, and the server's "now" is estimated from the snapshot's serverNow and each event's time.
import { api } from "../../lib/api.js";
import { el, serverHtml, $ } from "../../lib/dom.js";
import { clockOffset, formatRemaining, observeServerTime, serverNow } from "../server-clock.js";
import { StageMethod } from "./stage.js";
import { alertBox } from "../../lib/alerts.js";

/** The room event types this feature's events carry ("type"), as the server names them. */
export const AgendaEvent = Object.freeze({
  AgendaAdvanced: "AgendaAdvanced",
  AgendaItemAdded: "AgendaItemAdded",
  AgendaItemMoved: "AgendaItemMoved",
  AgendaItemRemoved: "AgendaItemRemoved",
  TimerExtended: "TimerExtended",
  TimerStarted: "TimerStarted",
  TimerStopped: "TimerStopped",
});

/** This feature's RoomHub methods (the room id is the first argument). */
export const AgendaMethod = Object.freeze({
  AddAgendaTopic: "AddAgendaTopic",
  AddPresentationSlot: "AddPresentationSlot",
  AdvanceAgenda: "AdvanceAgenda",
  ExtendTimer: "ExtendTimer",
  MoveAgendaItem: "MoveAgendaItem",
  RemoveAgendaItem: "RemoveAgendaItem",
  StartTimer: "StartTimer",
  StopTimer: "StopTimer",
});

/** @type {import("./panel.js").PanelContext} set by mount, before any other hook */
let ctx;
/** @type {{items: any[], currentItemId: string | null, timer: any}} */
const agenda = { items: [], currentItemId: null, timer: null };
/** @type {ReturnType<typeof setTimeout> | undefined} */
let tick;
let announcedMinute = false;
let announcedZero = false;
const nodes = {};

function endsAt(timer) {
  return Date.parse(timer.startedAt) + timer.durationSeconds * 1000;
}

function remainingMs() {
  return agenda.timer ? Math.max(0, endsAt(agenda.timer) - serverNow()) : 0;
}

function titleOf(item) {
  return item.kind === "Presentation" ? `Presentation: ${item.presenterName}` : firstLine(item.markdown ?? "");
}

function firstLine(text) {
  const line = text.split("\n").find((l) => l.trim() !== "")?.trim().replace(/^#+\s*/, "") ?? "";
  return line.length <= 60 ? line : `${line.slice(0, 60)}…`;
}

function run(button, method, ...args) {
  return ctx.act(nodes.error, button, method, ...args);
}

function controlButton(label, hiddenLabel, onClick) {
  const button = el("button", { className: "button small", text: label });
  button.type = "button";
  if (hiddenLabel) {
    button.setAttribute("aria-label", hiddenLabel);
  }
  button.addEventListener("click", () => onClick(button));
  return button;
}

function renderItems() {
  const facilitator = ctx.isFacilitator() && ctx.room.status !== "Ended";
  const count = agenda.items.length;
  nodes.empty.hidden = count > 0;
  nodes.list.replaceChildren(...agenda.items.map((item, index) => {
    const current = item.itemId === agenda.currentItemId;
    const title = titleOf(item);
    const li = el("li", { className: current ? "agenda-item current" : "agenda-item" });
    li.dataset.itemId = item.itemId;
    if (current) {
      li.setAttribute("aria-current", "step");
      li.append(el("span", { className: "now-badge", text: "Now" }), " ");
    }
    if (item.kind === "Presentation") {
      li.append(el("span", { className: "agenda-kind", text: "Presentation" }), " ",
        el("strong", { text: item.presenterName }), ` · ${item.durationMinutes} min`);
    } else {
      const body = el("div", { className: "message-body agenda-topic" });
      // Rendered and sanitised by the server when the topic was added.
      serverHtml(body, item.html ?? "", { headingBase: 2 });
      li.append(body);
    }
    if (facilitator) {
      const controls = el("div", { className: "item-controls" });
      if (index > 0) {
        controls.append(controlButton("Up", `Move up: ${title}`, (b) => moveTo(b, item, index - 1)));
      }
      if (index < count - 1) {
        controls.append(controlButton("Down", `Move down: ${title}`, (b) => moveTo(b, item, index + 1)));
      }
      if (item.kind === "Presentation") {
        controls.append(controlButton("Start presentation", `Start presentation: ${item.presenterName}`,
          (b) => run(b, StageMethod.StartPresentation, item.itemId)));
      }
      controls.append(controlButton("Remove", `Remove: ${title}`, (b) => run(b, AgendaMethod.RemoveAgendaItem, item.itemId)));
      li.append(controls);
    }
    return li;
  }));
  nodes.current.textContent = currentText();
  renderStageTopic();
}

/** The current agenda item on the stage, for when nobody presents (the stage hides it while someone does). */
function renderStageTopic() {
  const item = agenda.items.find((i) => i.itemId === agenda.currentItemId);
  nodes.stageTopic.hidden = !item;
  if (!item) {
    nodes.stageTopic.replaceChildren();
    return;
  }
  const body = el("div", { className: "message-body stage-topic-body" });
  if (item.kind === "Presentation") {
    body.append(el("p", { text: titleOf(item) }));
  } else {
    // Rendered and sanitised by the server when the topic was added.
    serverHtml(body, item.html ?? "");
  }
  nodes.stageTopic.replaceChildren(el("p", { className: "stage-label", text: "Now on the agenda" }), body);
}

function currentText() {
  const item = agenda.items.find((i) => i.itemId === agenda.currentItemId);
  return item ? `Now: ${titleOf(item)}` : "";
}

async function moveTo(button, item, position) {
  const title = titleOf(item);
  if (await run(button, AgendaMethod.MoveAgendaItem, item.itemId, position)) {
    // The list is redrawn: keep the keyboard on the moved item, on the same control while it is still there.
    focusControl(item.itemId, button.getAttribute("aria-label"))
      || focusControl(item.itemId, `Move up: ${title}`)
      || focusControl(item.itemId, `Move down: ${title}`);
  }
}

function focusControl(itemId, label) {
  const target = [...nodes.list.querySelectorAll("li")].find((li) => li.dataset.itemId === itemId)
    ?.querySelector(`button[aria-label="${CSS.escape(label)}"]`);
  target?.focus();
  return Boolean(target);
}

function renderTimer() {
  const timer = agenda.timer;
  nodes.timerBox.hidden = timer === null;
  nodes.timerStop.disabled = timer === null;
  nodes.timerExtend.disabled = timer === null;
  if (timer === null) {
    nodes.countdown.textContent = "";
    delete nodes.countdown.dataset.endsAt;
    return;
  }
  const left = remainingMs();
  nodes.countdown.textContent = formatRemaining(left);
  // The end on this page's clock, for anyone comparing two pages.
  nodes.countdown.dataset.endsAt = String(endsAt(timer) - clockOffset());
  nodes.timerFor.textContent = timer.agendaItemId
    ? `for ${titleOf(agenda.items.find((i) => i.itemId === timer.agendaItemId) ?? { markdown: "an agenda item" })}`
    : "";
  if (left <= 60_000 && left > 0 && !announcedMinute) {
    announcedMinute = true;
    ctx.announce("One minute left on the timer.");
  }
  if (left === 0 && !announcedZero) {
    announcedZero = true;
    announcedMinute = true;
    ctx.announce("Time is up.");
  }
}

function scheduleTick() {
  clearTimeout(tick);
  if (agenda.timer === null) {
    return;
  }
  renderTimer();
  if (remainingMs() > 0) {
    // On the next whole second of the countdown, so every page flips at the same moment.
    const wait = (remainingMs() % 1000) || 1000;
    tick = setTimeout(scheduleTick, wait + 5);
  }
}

function setTimer(timer, fresh) {
  agenda.timer = timer;
  if (fresh) {
    // A timer that already had under a minute (a late join) is not announced as if it just got there.
    const left = remainingMs();
    announcedMinute = timer !== null && left <= 60_000;
    announcedZero = timer !== null && left === 0;
  }
  renderTimer();
  scheduleTick();
}

function renderControls() {
  const facilitator = ctx.isFacilitator() && ctx.room.status !== "Ended";
  nodes.coach.hidden = !facilitator;
  nodes.timerControls.hidden = !facilitator;
}

function buildPresenterOptions(members) {
  const learners = members.filter((m) => m.role === "Learner").sort((a, b) => a.displayName.localeCompare(b.displayName));
  nodes.presenter.replaceChildren(...learners.map((m) => {
    const option = el("option", { text: m.displayName });
    option.value = m.userId;
    return option;
  }));
}

async function loadPresenters() {
  try {
    const roundtable = await api(`/api/roundtables/${encodeURIComponent(ctx.roomId)}`);
    buildPresenterOptions(await api(`/api/cohorts/${encodeURIComponent(roundtable.cohortId)}/members`));
  } catch {
    // Without the member list, offer the learners who are here.
    buildPresenterOptions([...(ctx.room.participants?.values() ?? [])]);
  }
}

function field(id, labelText, input) {
  input.id = id;
  return el("div", { className: "field" }, Object.assign(el("label", { text: labelText }), { htmlFor: id }), input);
}

function mount(context) {
  ctx = context;
  const section = el("section", { className: "panel agenda-panel" });
  section.setAttribute("aria-labelledby", "agenda-heading");
  const heading = el("h2", { text: "Agenda" });
  heading.id = "agenda-heading";

  nodes.current = el("p", { className: "agenda-current" });
  nodes.list = el("ol", { className: "agenda-list" });
  nodes.list.setAttribute("aria-labelledby", "agenda-heading");
  nodes.empty = el("p", { className: "hint", text: "No agenda yet." });
  nodes.error = alertBox();

  // Timer
  nodes.countdown = el("span", { className: "countdown" });
  nodes.countdown.setAttribute("role", "timer");
  nodes.countdown.setAttribute("aria-label", "Time left");
  nodes.timerFor = el("span", { className: "hint" });
  nodes.timerBox = el("p", { className: "timer" }, el("span", { text: "Timer: " }), nodes.countdown, " ", nodes.timerFor);
  nodes.timerBox.hidden = true;
  nodes.timerMinutes = Object.assign(el("input"), { type: "number", min: "1", max: "120", value: "5", inputMode: "numeric" });
  const startTimer = controlButton("Start timer", null, (b) => {
    const minutes = Number(nodes.timerMinutes.value);
    run(b, AgendaMethod.StartTimer, Number.isInteger(minutes) ? minutes : 0, agenda.currentItemId);
  });
  nodes.timerExtend = controlButton("Extend +1 min", null, (b) => run(b, AgendaMethod.ExtendTimer, 1));
  nodes.timerStop = controlButton("Stop timer", null, (b) => run(b, AgendaMethod.StopTimer));
  nodes.timerControls = el("div", { className: "timer-controls" },
    field("timer-minutes", "Timer minutes", nodes.timerMinutes), startTimer, nodes.timerExtend, nodes.timerStop);

  // Coach: next item, add topic, add slot
  const next = controlButton("Next item", null, (b) => run(b, AgendaMethod.AdvanceAgenda));
  next.classList.add("primary");
  nodes.topic = Object.assign(el("textarea"), { rows: 2 });
  const topicForm = el("form", { className: "agenda-form" }, field("agenda-topic", "Topic prompt (Markdown)", nodes.topic));
  const addTopic = el("button", { className: "button", text: "Add topic" });
  addTopic.type = "submit";
  topicForm.append(addTopic);
  topicForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (await run(addTopic, AgendaMethod.AddAgendaTopic, nodes.topic.value)) {
      nodes.topic.value = "";
    }
  });

  nodes.presenter = el("select");
  nodes.slotMinutes = Object.assign(el("input"), { type: "number", min: "1", max: "120", value: "5", inputMode: "numeric" });
  const slotForm = el("form", { className: "agenda-form" },
    field("agenda-presenter", "Presenter", nodes.presenter), field("agenda-slot-minutes", "Slot minutes", nodes.slotMinutes));
  const addSlot = el("button", { className: "button", text: "Add presentation slot" });
  addSlot.type = "submit";
  slotForm.append(addSlot);
  slotForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const minutes = Number(nodes.slotMinutes.value);
    run(addSlot, AgendaMethod.AddPresentationSlot, nodes.presenter.value, Number.isInteger(minutes) ? minutes : 0);
  });

  nodes.coach = el("div", { className: "agenda-coach" }, el("div", { className: "controls" }, next), topicForm, slotForm);
  nodes.coach.hidden = true;
  nodes.timerControls.hidden = true;

  section.append(heading, nodes.current, nodes.list, nodes.empty, nodes.timerControls, nodes.coach, nodes.error);
  ctx.container.append(section);
  // Everyone watches the clock: the timer sits in the header bar, always in view.
  $("room-timer").append(nodes.timerBox);
  nodes.stageTopic = $("stage-topic");
}

function snapshot(snap) {
  if (snap.serverNow) {
    observeServerTime(snap.serverNow);
  }
  // A copy: events change the list in place, and a snapshot may be shown again (a replay).
  agenda.items = [...(snap.agenda?.items ?? [])];
  agenda.currentItemId = snap.agenda?.currentItemId ?? null;
  renderItems();
  setTimer(snap.agenda?.timer ?? null, true);
}

function apply({ at, event }) {
  observeServerTime(at);
  switch (event.type) {
    case AgendaEvent.AgendaItemAdded:
      agenda.items.push({
        itemId: event.itemId, kind: event.kind, markdown: event.markdown, html: event.html,
        presenterUserId: event.presenterUserId, presenterName: event.presenterName, durationMinutes: event.durationMinutes,
      });
      renderItems();
      break;
    case AgendaEvent.AgendaItemRemoved:
      agenda.items = agenda.items.filter((i) => i.itemId !== event.itemId);
      if (agenda.currentItemId === event.itemId) {
        agenda.currentItemId = null;
      }
      renderItems();
      break;
    case AgendaEvent.AgendaItemMoved: {
      const index = agenda.items.findIndex((i) => i.itemId === event.itemId);
      if (index >= 0) {
        const [item] = agenda.items.splice(index, 1);
        agenda.items.splice(Math.min(Math.max(event.position, 0), agenda.items.length), 0, item);
      }
      renderItems();
      break;
    }
    case AgendaEvent.AgendaAdvanced:
      agenda.currentItemId = event.itemId ?? null;
      renderItems();
      ctx.announce(event.itemId ? `Next on the agenda: ${event.title}` : "The agenda is finished.");
      ctx.note(event.itemId ? `Next on the agenda: ${event.title}` : "The agenda is finished", at);
      break;
    case AgendaEvent.TimerStarted:
      setTimer({ startedAt: at, durationSeconds: event.durationSeconds, agendaItemId: event.agendaItemId ?? null }, true);
      ctx.announce(`Timer started: ${formatRemaining(remainingMs())}.`);
      break;
    case AgendaEvent.TimerExtended:
      if (agenda.timer) {
        setTimer({ ...agenda.timer, durationSeconds: agenda.timer.durationSeconds + event.addedSeconds }, true);
        ctx.announce(`Timer extended: ${formatRemaining(remainingMs())} left.`);
      }
      break;
    case AgendaEvent.TimerStopped:
      setTimer(null, true);
      break;
    default:
      break;
  }
}

function status() {
  renderControls();
  renderItems();
}

/** @type {import("./panel.js").Panel} */
export const agendaPanel = {
  tab: "agenda",
  mount,
  snapshot,
  apply,
  status(room) {
    if (ctx) {
      status();
      if (ctx.isFacilitator() && nodes.presenter.options.length === 0 && !nodes.loading) {
        nodes.loading = true;
        loadPresenters();
      }
    }
  },
};
