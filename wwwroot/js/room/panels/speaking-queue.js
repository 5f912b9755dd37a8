// @ts-check
// The speaking queue: raise or lower a hand (button or Alt+H), the queue in order of raising, who has the floor;
// the coach gives the floor (to the next or anyone queued), takes it back, or clears the queue.
import { el, keepingFocus } from "../../lib/dom.js";
import { RoomEvent } from "../protocol.js";
import { alertBox } from "../../lib/alerts.js";

/** The room event types this feature's events carry ("type"), as the server names them. */
export const SpeakingQueueEvent = Object.freeze({
  FloorGiven: "FloorGiven",
  FloorTaken: "FloorTaken",
  HandLowered: "HandLowered",
  HandRaised: "HandRaised",
  QueueCleared: "QueueCleared",
});

/** This feature's RoomHub methods (the room id is the first argument). */
export const SpeakingQueueMethod = Object.freeze({
  ClearQueue: "ClearQueue",
  GiveFloor: "GiveFloor",
  GiveFloorToNext: "GiveFloorToNext",
  LowerHand: "LowerHand",
  RaiseHand: "RaiseHand",
  TakeFloor: "TakeFloor",
});

/** @type {import("./panel.js").PanelContext} set by mount, before any other hook */
let ctx;
let queue = [];
/** @type {{userId: string, displayName: string, raisedAt: string} | null} */
let speaker = null;
let busy = false;
const ui = {};

function button(text, className = "button") {
  return el("button", { className, text });
}

function mount(context) {
  ctx = context;
  ui.hand = button("Raise hand", "button primary");
  ui.hand.type = "button";
  ui.hand.setAttribute("aria-pressed", "false");
  ui.hand.setAttribute("aria-keyshortcuts", "Alt+H");
  ui.hand.setAttribute("aria-describedby", "queue-shortcut");
  ui.hand.dataset.focusKey = "hand";
  ui.hand.addEventListener("click", toggleHand);

  ui.speaker = el("p", { className: "queue-speaker" });
  ui.list = el("ol", { className: "queue-list" });
  ui.list.setAttribute("aria-labelledby", "queue-list-heading");
  ui.empty = el("p", { className: "hint", text: "Nobody is waiting to speak." });

  ui.next = button("Give floor to next");
  ui.next.addEventListener("click", () => run(SpeakingQueueMethod.GiveFloorToNext));
  ui.take = button("Take back the floor");
  ui.take.addEventListener("click", () => run(SpeakingQueueMethod.TakeFloor));
  ui.clear = button("Clear queue", "button danger");
  ui.clear.addEventListener("click", () => run(SpeakingQueueMethod.ClearQueue));
  for (const b of [ui.next, ui.take, ui.clear]) {
    b.type = "button";
  }
  ui.coach = el("div", { className: "controls" }, ui.next, ui.take, ui.clear);
  ui.error = alertBox();

  const shortcut = el("p", { className: "hint", text: "Shortcut: Alt+H raises or lowers your hand, from anywhere on the page." });
  shortcut.id = "queue-shortcut";
  const heading = el("h2", { text: "Speaking queue" });
  heading.id = "queue-heading";
  const listHeading = el("h3", { text: "Waiting to speak" });
  listHeading.id = "queue-list-heading";

  ui.section = el("section", { className: "panel queue-panel" },
    heading, ui.speaker, shortcut,
    listHeading, ui.empty, ui.list, ui.coach, ui.error);
  ui.section.setAttribute("aria-labelledby", "queue-heading");
  ctx.container.append(ui.section);
  // The hand is the viewer's own control: in the room's header bar, always in view.
  document.getElementById("own-controls")?.prepend(ui.hand);

  document.addEventListener("keydown", onKeyDown);
  render();
}

function onKeyDown(event) {
  // Alt+H alone (no Ctrl, Meta or Shift), so typing, including in text fields, never triggers it by accident.
  if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.code === "KeyH" && !event.repeat) {
    event.preventDefault();
    if (!ui.hand.disabled) {
      toggleHand();
    }
  }
}

const mine = () => queue.some((h) => h.userId === ctx.room.userId);

async function toggleHand() {
  await run(mine() ? SpeakingQueueMethod.LowerHand : SpeakingQueueMethod.RaiseHand);
}

async function run(method, ...args) {
  if (busy) {
    return;
  }
  busy = true;
  try {
    await ctx.act(ui.error, null, method, ...args);
  } finally {
    busy = false;
  }
}

function render() {
  keepingFocus(ui.section, () => {
    const raised = mine();
    ui.hand.textContent = raised ? "Lower hand" : "Raise hand";
    ui.hand.setAttribute("aria-pressed", String(raised));
    ui.hand.disabled = ctx.room.status === "Ended";

    if (speaker) {
      const you = speaker.userId === ctx.room.userId ? " (you)" : "";
      ui.speaker.replaceChildren("Speaking now: ", el("strong", { text: speaker.displayName + you }));
    } else {
      ui.speaker.replaceChildren("Nobody has the floor.");
    }

    const facilitator = ctx.isFacilitator() && ctx.room.status !== "Ended";
    ui.coach.hidden = !facilitator;
    ui.next.disabled = queue.length === 0;
    ui.clear.disabled = queue.length === 0;
    ui.take.disabled = speaker === null;
    ui.empty.hidden = queue.length > 0;
    ui.list.hidden = queue.length === 0;
    ui.list.replaceChildren(...queue.map((hand) => {
      const item = el("li", {}, el("span", { className: "person", text: hand.displayName }));
      if (hand.userId === ctx.room.userId) {
        item.append(el("span", { className: "you", text: " (you)" }));
      }
      if (facilitator) {
        const give = el("button", { className: "button small", text: "Give floor" },
          el("span", { className: "visually-hidden", text: ` to ${hand.displayName}` }));
        give.type = "button";
        give.dataset.focusKey = `give-${hand.userId}`;
        give.addEventListener("click", () => run(SpeakingQueueMethod.GiveFloor, hand.userId));
        item.append(" ", give);
      }
      return item;
    }));
  });
  ctx.attention("hands", queue.map(({ userId, displayName }) => ({ userId, displayName })));
  // People shows raised hands and who has the floor.
  ctx.renderParticipants();
}

function snapshot(snap) {
  queue = [...(snap.speakingQueue?.queue ?? [])];
  speaker = snap.speakingQueue?.speaker ?? null;
  render();
}

function positionText() {
  const index = queue.findIndex((h) => h.userId === ctx.room.userId);
  return index < 0 ? "" : ` You are number ${index + 1} in the queue.`;
}

/** Your own hand always; other people's only to the coach, who runs the queue. */
function announceHand(text, me) {
  if (me || ctx.isFacilitator()) {
    ctx.announce(text);
  }
}

function apply({ at, event }) {
  const me = event.userId === ctx.room.userId;
  switch (event.type) {
    case SpeakingQueueEvent.HandRaised:
      queue = queue.filter((h) => h.userId !== event.userId);
      queue.push({ userId: event.userId, displayName: event.displayName, raisedAt: at });
      announceHand(me ? `Your hand is raised.${positionText()}` : `${event.displayName} raised their hand.`, me);
      break;
    case SpeakingQueueEvent.HandLowered:
      queue = queue.filter((h) => h.userId !== event.userId);
      announceHand(me ? "Your hand is lowered." : `${event.displayName} lowered their hand.`, me);
      break;
    case SpeakingQueueEvent.FloorGiven:
      queue = queue.filter((h) => h.userId !== event.userId);
      speaker = { userId: event.userId, displayName: event.displayName, raisedAt: at };
      ctx.announce(me ? "You have the floor." : `${event.displayName} has the floor.`);
      break;
    case SpeakingQueueEvent.FloorTaken:
      speaker = null;
      ctx.announce(me ? "The coach took back the floor." : `${event.displayName} no longer has the floor.`);
      break;
    case SpeakingQueueEvent.QueueCleared:
      queue = [];
      ctx.announce("The speaking queue was cleared.");
      break;
    case RoomEvent.ParticipantJoined:
    case RoomEvent.ParticipantLeft:
      // Leaving the room leaves the queue (and the floor), and coming back (or a changed role) starts afresh, as on the server.
      queue = queue.filter((h) => h.userId !== event.userId);
      if (speaker?.userId === event.userId) {
        speaker = null;
      }
      break;
    case RoomEvent.RoundtableEnded:
      queue = [];
      speaker = null;
      break;
    default:
      return;
  }
  render();
}

function status() {
  if (ctx) {
    render();
  }
}

/** "1st", "2nd", "3rd", "11th", "22nd": a place in the queue. @param {number} n */
function ordinal(n) {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" })[n % 10] ?? "th";
  return `${n}${suffix}`;
}

function decoratePerson(item, person) {
  const place = queue.findIndex((h) => h.userId === person.userId);
  if (place >= 0) {
    item.append(" ", el("span", { className: "flag hand", text: `hand raised, ${ordinal(place + 1)} in the queue` }));
  }
  if (speaker?.userId === person.userId) {
    item.append(" ", el("span", { className: "flag floor", text: "has the floor" }));
  }
}

/** Staff's part of a person's menu: the floor to someone waiting to speak, or back from whoever has it. */
function personActions(person) {
  if (!ctx.isFacilitator() || ctx.room.status === "Ended" || person.waiting) {
    return [];
  }
  const actions = [];
  if (queue.some((h) => h.userId === person.userId)) {
    actions.push({ label: "Give floor", run: () => ctx.invoke(SpeakingQueueMethod.GiveFloor, person.userId) });
  }
  if (speaker?.userId === person.userId) {
    actions.push({ label: "Take back the floor", run: () => ctx.invoke(SpeakingQueueMethod.TakeFloor) });
  }
  return actions;
}

/** @type {import("./panel.js").Panel} */
const panel = { tab: "people", mount, snapshot, apply, status, decoratePerson, personActions };
export default panel;
