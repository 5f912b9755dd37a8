// @ts-check
// The live room: the hub connection, joining and catching up, the chat and the people present; each feature's
// panel (panels/index.js) gets the room's snapshot and events through the hooks of panels/panel.js.
import { api, ApiError, redirectToSignIn } from "../lib/api.js";
import { RoomLog } from "./room-log.js";
import { Composer } from "./composer.js";
import { el, serverHtml, $ } from "../lib/dom.js";
import { formatTime, formatWhen, statusBadge } from "../lib/format.js";
import { panels } from "./panels/index.js";
import { HubPath, PROTOCOL_VERSION, RoomClientMethod, RoomEvent, RoomHubMethod } from "./protocol.js";
import { AttentionStrip, containerFor, RoomTabs, wireFullScreen } from "./layout.js";
import { applyDeleted, applyEdited, decorateMessage, forgetMessages, refreshMenus, startChatEdits } from "./chat-edits.js";
import { renderPeople } from "./people.js";
import { pinServerTime } from "./server-clock.js";
import { ReplayLog } from "./replay/replay-log.js";
import { ReplayTimeline } from "./replay/timeline.js";

const roleLabels = { Learner: "learner", Coach: "coach", Manager: "manager", Admin: "admin" };
const roleOrder = { Coach: 0, Admin: 1, Manager: 2, Learner: 3 };

const roomId = new URLSearchParams(location.search).get("id") ?? "";

const room = {
  title: "",
  status: "Scheduled",
  userId: null,
  role: null,
  participants: new Map(),
  // Names seen in this room, for events that carry only a user id.
  names: new Map(),
  // How long after sending authors may edit or delete their messages (from the join).
  messageEditSeconds: 0,
};

const log = new RoomLog(applyEvent);
// Chat messages from others that arrived while the Chat tab was not shown: a running total (the tab's badge shows how
// many came since the tab was last seen).
let unread = 0;
// Whether breakout groups are open (or have been, this session): learners see the Breakouts tab only then.
let breakoutsSeen = false;
// The side panel's tabs and the coach attention strip, drawn from what panels report (see panel.js).
const tabs = new RoomTabs({ onShown: tabShown });
const attention = new AttentionStrip({
  tabs,
  admit: (userId) => invokeForPeople("AdmitParticipant", userId),
  decline: (userId) => invokeForPeople("DeclineParticipant", userId),
  error: showRoomError,
});
/** @type {import("@microsoft/signalr").HubConnection} set by startRoom */
let connection;
let joined = false;
let catchingUp = false;
let catchUpAgain = false;
/** @type {ReturnType<typeof setTimeout> | null} */
let restartTimer = null;
let restartAttempt = 0;
let leaving = false;
// Set when the server refused this page for good (not a member, wrong protocol): retrying cannot help.
let refused = false;
// Set when the page replays an ended roundtable (room.html?id=…&replay): the same panels, fed from the log up to the
// moment shown; nothing acts, nothing is announced, and the clock stands at that moment.
let replaying = false;
const REPLAY_REFUSAL = "This is a replay: nothing can be changed from here.";

/** Calls one hook (see panels/index.js) on every panel that has it. */
function toPanels(hook, ...args) {
  for (const panel of panels) {
    panel[hook]?.(...args);
  }
}

// ---- rendering --------------------------------------------------------------------------------

function setConnectionState(state) {
  const labels = { connecting: "Connecting…", connected: "Connected", reconnecting: "Reconnecting…", offline: "Offline" };
  const indicator = $("connection");
  indicator.dataset.state = state;
  indicator.textContent = labels[state];
  composer.setConnected(state === "connected");
}

function showRoomError(message) {
  $("room-error").textContent = message;
}

function announce(text) {
  if (replaying) {
    return;
  }
  // Cleared first so the same text twice is still announced.
  const announcer = $("announcer");
  announcer.textContent = "";
  setTimeout(() => { announcer.textContent = text; }, 100);
}

/** When the roundtable is scheduled for, and whether it was cancelled, as /api/roundtables/{id} says. */
const scheduled = { start: "", cancelled: false };

function renderStatus() {
  const focused = document.activeElement;
  // Before it starts, the room says when (in the person's zone, named); a cancelled one says so.
  const when = room.status === "Scheduled" && scheduled.start && !scheduled.cancelled ? ` · starts ${formatWhen(scheduled.start)}` : "";
  $("room-status").replaceChildren(statusBadge(scheduled.cancelled ? "Cancelled" : room.status), when);
  const facilitator = room.role === "Coach" || room.role === "Admin";
  // A circle's room meets every week: once a meeting ended, its mentor starts the next one in the same room.
  const meetsAgain = room.kind === "Circle" && room.status === "Ended";
  $("facilitator-controls").hidden = replaying || !facilitator || (room.status === "Ended" && !meetsAgain);
  $("start-button").hidden = room.status !== "Scheduled" && !meetsAgain;
  $("start-button").textContent = meetsAgain ? "Start the next meeting" : "Start roundtable";
  $("end-button").hidden = room.status !== "Live";
  const ended = room.status === "Ended";
  $("ended-note").hidden = !ended;
  composer.setEnded(ended || replaying);
  toPanels("status", room);
  attention.setStaff(facilitator && !replaying);
  tabs.show("breakouts", facilitator || breakoutsSeen);
  // Start and End hide themselves once pressed: the keyboard goes on to what comes next, not to the page.
  if ((focused === $("start-button") || focused === $("end-button")) && focused.closest("[hidden]")) {
    const end = $("end-button");
    (end.closest("[hidden]") ? $("room-title") : end).focus();
  }
  refreshMenus();
}

function tabShown(tab) {
  if (tab === "chat") {
    const chat = $("chat-log");
    chat.scrollTop = chat.scrollHeight;
  }
}

/** Tells the reports of panels that count on the People tab apart from the tab's own badge: hands and waiting. */
function peopleBadge() {
  tabs.badge("people", (attention.values.get("hands")?.length ?? 0) + (attention.values.get("waiting")?.length ?? 0));
}

function renderParticipants() {
  const people = [...room.participants.values()].sort((a, b) =>
    (roleOrder[a.role] ?? 9) - (roleOrder[b.role] ?? 9) || a.displayName.localeCompare(b.displayName));
  // Each person with their state (the panels' decoratePerson) and, for staff, one menu of what the panels offer.
  renderPeople($("participants"), $("people-heading"), [...people, ...panels.flatMap((panel) => panel.morePeople?.() ?? [])], {
    you: room.userId,
    roleLabels,
    decorate: (item, person) => toPanels("decoratePerson", item, person),
    actions: (person) => room.role === "Coach" || room.role === "Admin"
      ? panels.flatMap((panel) => panel.personActions?.(person) ?? [])
      : [],
  });
  $("people-heading").textContent = `People here (${people.length})`;
}

function scrollLogIfFollowing(append) {
  const chat = $("chat-log");
  const following = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 80;
  append($("chat-messages"));
  if (following) {
    chat.scrollTop = chat.scrollHeight;
  }
}

function timeElement(at) {
  const time = el("time", { text: formatTime(at) });
  time.dateTime = at;
  return time;
}

function messageItem(message) {
  const { seq, userId, displayName, html, at } = message;
  const body = el("div", { className: "message-body" });
  // The server sanitised this HTML; it is the only markup the page ever inserts.
  serverHtml(body, html, { headingBase: 2 });
  const item = el("li", { className: userId === room.userId ? "message mine" : "message" },
    el("p", { className: "meta" }, el("strong", { className: "author", text: displayName }), " ", timeElement(at)),
    body);
  item.dataset.seq = String(seq);
  toPanels("decorateMessage", item, message);
  // Last: the one menu offers what the panels offer on the message as decorated.
  decorateMessage(item, message);
  return item;
}

/** What the panels offer on a chat message, for its one menu. */
function panelMessageActions(message) {
  return panels.flatMap((panel) => panel.messageActions?.(message) ?? []);
}

/** @returns {HTMLElement | null} */
function messageElement(seq) {
  return $("chat-log").querySelector(`li[data-seq="${Number(seq)}"]`);
}

function noteItem(text, at) {
  return el("li", { className: "note" }, el("span", { text }), " ", timeElement(at));
}

function plainText(html) {
  // An inert document: nothing in it loads or runs.
  return new DOMParser().parseFromString(html, "text/html").body.textContent?.trim() ?? "";
}

function nameOf(userId) {
  return room.names.get(userId) ?? "Someone";
}

function renderSnapshot(snapshot) {
  room.status = snapshot.status;
  room.participants = new Map(snapshot.participants.map((p) => [p.userId, p]));
  for (const p of snapshot.participants) {
    room.names.set(p.userId, p.displayName);
  }
  for (const m of snapshot.recentMessages) {
    room.names.set(m.userId, m.displayName);
  }
  $("earlier-note").hidden = !snapshot.hasEarlierMessages;
  forgetMessages();
  const chat = $("chat-log");
  $("chat-messages").replaceChildren(...snapshot.recentMessages.map(messageItem));
  chat.scrollTop = chat.scrollHeight;
  breakoutsSeen ||= Boolean(snapshot.breakouts) || (snapshot.breakoutNotes?.length ?? 0) > 0;
  renderParticipants();
  renderStatus();
  toPanels("snapshot", snapshot);
}

/** Applies one event, in seq order (RoomLog guarantees it): the core's part, then each panel's. */
function applyEvent(envelope) {
  applyCoreEvent(envelope);
  toPanels("apply", envelope);
}

function applyCoreEvent({ seq, at, event }) {
  switch (event.type) {
    case RoomEvent.ParticipantJoined:
      room.names.set(event.userId, event.displayName);
      room.participants.set(event.userId, { userId: event.userId, displayName: event.displayName, role: event.role, joinedAt: at });
      renderParticipants();
      scrollLogIfFollowing((chat) => chat.append(noteItem(`${event.displayName} joined`, at)));
      break;
    case RoomEvent.ParticipantLeft:
      room.participants.delete(event.userId);
      renderParticipants();
      scrollLogIfFollowing((chat) => chat.append(noteItem(
        event.reason === "Disconnected" ? `${event.displayName} lost their connection` : `${event.displayName} left`, at)));
      break;
    case RoomEvent.MessagePosted:
      room.names.set(event.userId, event.displayName);
      scrollLogIfFollowing((chat) => chat.append(messageItem(
        { seq, userId: event.userId, displayName: event.displayName, markdown: event.markdown, html: event.html, at })));
      // The chat log (role="log") reads new messages out by itself; a message while another tab is shown counts as
      // unread there, and is still read out.
      if (event.userId !== room.userId && tabs.selected !== "chat" && !replaying) {
        tabs.badge("chat", ++unread);
        announce(`${event.displayName}: ${plainText(event.html)}`);
      }
      break;
    case RoomEvent.MessageEdited:
      applyEdited(messageElement(event.messageSeq), event, at);
      break;
    case RoomEvent.MessageDeleted:
      applyDeleted(messageElement(event.messageSeq), event.messageSeq);
      break;
    case RoomEvent.RoundtableStarted:
      if (room.status === "Ended" && !replaying) {
        // The next meeting of a circle's room: join again, as a page does when it opens a live room.
        join().catch(joinFailed);
      }
      room.status = "Live";
      renderStatus();
      scrollLogIfFollowing((chat) => chat.append(noteItem(`${nameOf(event.userId)} started the roundtable`, at)));
      announce("The roundtable has started.");
      break;
    case RoomEvent.RoundtableEnded:
      room.status = "Ended";
      room.participants.clear();
      renderParticipants();
      renderStatus();
      scrollLogIfFollowing((chat) => chat.append(noteItem(`${nameOf(event.userId)} ended the roundtable`, at)));
      announce("The roundtable has ended. The chat is now read-only.");
      break;
    case "BreakoutsOpened":
      breakoutsSeen = true;
      renderStatus();
      break;
    default:
      // A newer server may send event types this page does not know; their seq still counts.
      break;
  }
}

// ---- connection -------------------------------------------------------------------------------

/** The message of a HubException, meant for people; anything else gets a generic sentence. */
function hubErrorMessage(error, fallback) {
  const match = /HubException: ([\s\S]*)$/.exec(error?.message ?? "");
  return match ? match[1] : fallback;
}

function isRefusal(error) {
  const message = error?.message ?? "";
  // Being throttled is a refusal of this attempt only.
  return /HubException: /.test(message) && !/HubException: Slow down/.test(message);
}

/** A refused join ends the page's attempts; a join cut short by the network is simply tried again. */
async function joinFailed(error) {
  if (isRefusal(error)) {
    // A panel may take a refusal over (e.g. a locked room's waiting list) and keep the connection.
    if (panels.some((panel) => panel.joinRefused?.(hubErrorMessage(error, "")))) {
      return;
    }
    refused = true;
    showRoomError(hubErrorMessage(error, ""));
  }
  await connection.stop();
}

function onRoomEvents(envelopes) {
  if (!log.started) {
    toPanels("beforeJoin", envelopes ?? []);
  }
  log.receive((envelopes ?? []).filter((e) => e.roomId === roomId));
  if (log.gapAfter !== null) {
    catchUp().catch(() => {});
  }
}

async function catchUp() {
  if (catchingUp) {
    catchUpAgain = true;
    return;
  }
  catchingUp = true;
  try {
    do {
      catchUpAgain = false;
      for (;;) {
        const result = await connection.invoke(RoomHubMethod.Catchup, roomId, log.lastSeq);
        log.receive(result.events);
        toPanels("feedbackSnapshot", result.feedback ?? [], result.myFeedback ?? [], log.lastSeq);
        if (!result.hasMore || result.events.length === 0) {
          break;
        }
      }
    } while (catchUpAgain);
  } finally {
    catchingUp = false;
  }
}

async function join() {
  joined = false;
  const result = await connection.invoke(RoomHubMethod.Join, { roomId, protocolVersion: PROTOCOL_VERSION });
  room.userId = result.userId;
  room.role = result.role;
  room.messageEditSeconds = result.messageEditSeconds ?? 0;
  setTitle(result.title);
  if (log.started) {
    // Back after a drop: the log fills in whatever happened meanwhile, each event exactly once.
    await catchUp();
  } else {
    renderSnapshot(result.snapshot);
    log.start(result.snapshot.seq);
  }
  renderStatus();
  joined = true;
  restartAttempt = 0;
  showRoomError("");
  setConnectionState("connected");
}

async function connectAndJoin() {
  clearTimeout(restartTimer ?? undefined);
  restartTimer = null;
  if (connection.state !== signalR.HubConnectionState.Disconnected) {
    return;
  }
  setConnectionState("connecting");
  try {
    await connection.start();
  } catch (error) {
    if (/\b401\b|Unauthorized/.test(error?.message ?? "")) {
      redirectToSignIn();
      return;
    }
    setConnectionState("offline");
    scheduleRestart();
    return;
  }
  try {
    await join();
  } catch (error) {
    await joinFailed(error);
  }
}

function scheduleRestart() {
  if (restartTimer !== null) {
    return;
  }
  const delay = Math.min(1000 * 2 ** restartAttempt, 15000);
  restartAttempt += 1;
  restartTimer = setTimeout(() => { restartTimer = null; connectAndJoin(); }, delay);
}

function createConnection() {
  const built = new signalR.HubConnectionBuilder()
    .withUrl(HubPath.room)
    // Keep trying while the page is open; the indicator says what is going on.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(500 * 2 ** ctx.previousRetryCount, 10000) })
    .configureLogging(signalR.LogLevel.None)
    .build();
  built.on(RoomClientMethod.RoomEvents, onRoomEvents);
  built.on(RoomClientMethod.FeedbackUpdated, (update) => update?.roomId === roomId && toPanels("feedback", update));
  built.onreconnecting(() => {
    joined = false;
    setConnectionState("reconnecting");
  });
  built.onreconnected(() => {
    join().catch(joinFailed);
  });
  built.onclose(() => {
    joined = false;
    setConnectionState("offline");
    if (!leaving && !refused) {
      scheduleRestart();
    }
  });
  return built;
}

// The browser knows before the socket does; stop at once and start again when the network is back.
window.addEventListener("offline", () => {
  setConnectionState("offline");
  connection?.stop();
});
window.addEventListener("online", () => {
  restartAttempt = 0;
  clearTimeout(restartTimer ?? undefined);
  restartTimer = null;
  if (connection && !refused) {
    connectAndJoin();
  }
});
window.addEventListener("pagehide", () => {
  leaving = true;
});

// ---- commands ---------------------------------------------------------------------------------

const composer = new Composer({
  form: $("composer"),
  input: $("composer-input"),
  size: $("composer-size"),
  error: $("composer-error"),
  previewToggle: $("preview-toggle"),
  preview: $("composer-preview"),
  sendButton: $("send-button"),
  announce,
  send: (markdown, clientMessageId) => {
    if (!joined) {
      throw new Error("offline");
    }
    return connection.invoke(RoomHubMethod.PostMessage, { roomId, markdown, clientMessageId });
  },
  renderPreview: (markdown) => connection.invoke(RoomHubMethod.PreviewMarkdown, markdown),
  errorMessage: hubErrorMessage,
});

/** A hub method for this room whose refusal is a sentence for people. */
async function invokeForPeople(method, ...args) {
  if (replaying) {
    throw new Error(REPLAY_REFUSAL);
  }
  try {
    return await connection.invoke(method, roomId, ...args);
  } catch (error) {
    throw new Error(hubErrorMessage(error, "That did not work; try again."));
  }
}

async function facilitate(method, button) {
  button.disabled = true;
  try {
    await connection.invoke(method, roomId);
  } catch (error) {
    showRoomError(hubErrorMessage(error, "That did not work. Check the connection and try again."));
  } finally {
    button.disabled = false;
  }
}

// A skip link to something in a side panel tab shows that tab first (before the browser moves the focus there).
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a.skip-link") : null;
  const panel = link ? document.querySelector(/** @type {HTMLAnchorElement} */ (link).hash)?.closest("[role=tabpanel]") : null;
  if (panel) {
    tabs.select(panel.id.replace(/^tab-/, ""));
  }
});

$("start-button").addEventListener("click", (e) => facilitate(RoomHubMethod.StartRoundtable, e.currentTarget));
$("end-button").addEventListener("click", (e) => {
  if (confirm("End the roundtable for everyone? The chat becomes read-only.")) {
    facilitate(RoomHubMethod.EndRoundtable, e.currentTarget);
  }
});

function setTitle(title) {
  room.title = title;
  $("room-title").textContent = title;
  document.title = `${title} · Roundtable`;
}

/**
 * Opens the room named in the address: loads it, connects, mounts the panels and joins.
 * @param {import("../lib/page-shell.js").PageShell} shell
 */
export async function startRoom(shell) {
  setLinks();
  try {
    const [me, roundtable] = await Promise.all([api("/api/me"), api(`/api/roundtables/${encodeURIComponent(roomId)}`)]);
    shell.showUser(me);
    setTitle(roundtable.title);
    room.status = roundtable.status;
    room.kind = roundtable.kind;
    scheduled.start = roundtable.scheduledStart;
    scheduled.cancelled = roundtable.cancelled === true;
    renderStatus();
  } catch (error) {
    setConnectionState("offline");
    showRoomError(error instanceof ApiError ? error.message : "Could not load this roundtable.");
    composer.setEnded(true);
    return;
  }
  connection = createConnection();
  wireFullScreen();
  mountPanels();
  startChatEdits({
    room,
    async invoke(method, ...args) {
      if (replaying) {
        throw new Error(REPLAY_REFUSAL);
      }
      try {
        return await connection.invoke(method, roomId, ...args);
      } catch (error) {
        throw new Error(hubErrorMessage(error, "That did not work; try again."));
      }
    },
    panelActions: panelMessageActions,
    redecorate: (item, message) => toPanels("decorateMessage", item, message),
  });
  await connectAndJoin();
}

function setLinks() {
  const id = encodeURIComponent(roomId);
  const transcript = `/api/roundtables/${id}/transcript`;
  /** @type {HTMLAnchorElement} */ ($("transcript-md")).href = `${transcript}?format=markdown`;
  /** @type {HTMLAnchorElement} */ ($("transcript-html")).href = `${transcript}?format=html`;
  /** @type {HTMLAnchorElement} */ ($("earlier-link")).href = `${transcript}?format=html`;
  /** @type {HTMLAnchorElement} */ ($("discussion-link")).href = `/discussions.html?roundtable=${id}`;
  /** @type {HTMLAnchorElement} */ ($("replay-link")).href = `/room.html?id=${id}&replay`;
}

/**
 * Opens the replay of the ended roundtable named in the address (room.html?id=…&replay, ?at=seq for a moment): the
 * room's panels as a viewer of one's own role who acts on nothing, rebuilt at each moment the timeline shows.
 * @param {import("../lib/page-shell.js").PageShell} shell
 */
export async function startReplay(shell) {
  replaying = true;
  performance.mark("replay-start");
  setLinks();
  document.body.classList.add("replaying");
  $("composer").hidden = true;
  // The whole log changes at each moment; reading it out would drown everything else.
  $("chat-log").setAttribute("aria-live", "off");
  const indicator = $("connection");
  indicator.dataset.state = "replay";
  indicator.textContent = "Replay";
  /** @type {HTMLAnchorElement} */ ($("back-link")).href = `/room.html?id=${encodeURIComponent(roomId)}`;
  $("back-link").textContent = "Back to the roundtable";
  const replayPath = `/api/roundtables/${encodeURIComponent(roomId)}/replay`;
  const asked = new URLSearchParams(location.search).get("at");
  const at = asked !== null && /^\d+$/.test(asked) ? `?at=${asked}` : "";
  let replay;
  try {
    const [me, loaded] = await Promise.all([api("/api/me"), api(`${replayPath}${at}`)]);
    shell.showUser(me);
    replay = loaded;
  } catch (error) {
    showRoomError(error instanceof ApiError ? error.message : "Could not load this replay.");
    return;
  }
  setTitle(replay.roundtable.title);
  document.title = `Replay: ${replay.roundtable.title} · Roundtable`;
  room.userId = replay.userId;
  room.role = replay.role;
  room.kind = replay.roundtable.kind;
  wireFullScreen();
  mountPanels();
  startChatEdits({
    room,
    invoke: async () => {
      throw new Error(REPLAY_REFUSAL);
    },
    panelActions: panelMessageActions,
    redecorate: (item, message) => toPanels("decorateMessage", item, message),
  });
  freezeControls();
  // The replay opened with the one snapshot its first moment needs; every other snapshot is asked for now, not
  // alongside it, so the two do not share the server's time while the page waits for the first.
  const checkpoints = api(`${replayPath}/checkpoints`);
  const log = new ReplayLog(replay);
  /** Whether a moment was asked for while the snapshots it needs were on their way: shown once they are here. */
  let deferred = false;
  const timeline = new ReplayTimeline({
    log,
    render: (seq) => {
      if (log.waitsForCheckpoints(seq) && (seq < shownSeq || seq - shownSeq > log.checkpointEvery)) {
        deferred = true;
        return;
      }
      rebuild(log, seq);
    },
  });
  const showDeferred = () => {
    if (deferred) {
      deferred = false;
      rebuild(log, timeline.seq);
    }
  };
  checkpoints.then((all) => {
    log.addCheckpoints(all);
    showDeferred();
  }, () => {
    // The replay still works from the snapshots it opened with (the first is the empty room), only more slowly.
    log.addCheckpoints(log.checkpoints);
    showDeferred();
  });
  $("room-error").before(timeline.element);
  const started = log.markers.find((m) => m.kind === "Started")?.seq ?? 0;
  timeline.show(asked === null || asked === "" ? started : Number(asked));
  performance.measure("replay-open", "replay-start");
}

/** The moment the panels show; -1 before the first. */
let shownSeq = -1;

/**
 * The room at moment seq: onward from the moment shown when that is nearer (playing, scrubbing forward), else the
 * panels from the nearest snapshot at or before it and the events after the snapshot; each event is followed by the
 * feedback updates it caused, as a live page received them. Measured as "replay-rebuild" (the snapshot's part as
 * "replay-snapshot").
 * @param {ReplayLog} log
 * @param {number} seq
 */
function rebuild(log, seq) {
  const start = performance.now();
  let moment = log.onward(shownSeq, seq);
  if (!moment) {
    const fromSnapshot = log.at(seq);
    unread = 0;
    breakoutsSeen = false;
    renderSnapshot(fromSnapshot.checkpoint);
    performance.measure("replay-snapshot", { start, end: performance.now() });
    moment = fromSnapshot;
  }
  pinServerTime(log.timeAt(moment.seq));
  for (const step of moment.steps) {
    if (step.envelope) {
      applyEvent(step.envelope);
    } else {
      toPanels("feedback", step.update);
    }
  }
  shownSeq = moment.seq;
  renderStatus();
  performance.measure("replay-rebuild", { start, end: performance.now() });
}

/**
 * Every control the panels draw is disabled in a replay, now and whenever a panel draws one later (a rebuild, a
 * re-render of its own).
 */
function freezeControls() {
  const controls = "button, input, select, textarea";
  /** @param {Element} root */
  const disable = (root) => {
    for (const control of [root, ...root.querySelectorAll(controls)]) {
      if (control.matches(controls)) {
        /** @type {HTMLButtonElement} */ (control).disabled = true;
      }
    }
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      record.addedNodes.forEach((node) => node instanceof Element && disable(node));
    }
  });
  for (const area of document.querySelectorAll("#stage-content, #stage-side, #room-timer, #own-controls, #breakout-banner, .room-page .tab-panel")) {
    disable(area);
    observer.observe(area, { childList: true, subtree: true });
  }
}

/** What a panel may use: the room, the hub (errors as people-readable messages), announcements. */
function mountPanels() {
  const ctx = {
    roomId,
    room,
    replay: replaying,
    container: $("tab-chat"),
    invoke: invokeForPeople,
    /**
     * Runs a hub method for a panel: clears the panel's error element, disables the button while it runs, and
     * shows a refusal in the error element. Returns true when the server accepted it.
     */
    async act(errorElement, button, method, ...args) {
      errorElement.textContent = "";
      const hadFocus = button !== null && document.activeElement === button;
      if (button) {
        button.disabled = true;
      }
      try {
        await ctx.invoke(method, ...args);
        return true;
      } catch (error) {
        errorElement.textContent = error.message;
        return false;
      } finally {
        if (button) {
          button.disabled = false;
          // Disabling the button dropped the keyboard to the page; it comes back here unless it went somewhere else.
          const dropped = document.activeElement === null || document.activeElement === document.body;
          if (hadFocus && dropped && button.isConnected && !button.closest("[hidden]")) {
            button.focus();
          }
        }
      }
    },
    announce,
    nameOf,
    isFacilitator: () => room.role === "Coach" || room.role === "Admin",
    note(text, at) {
      scrollLogIfFollowing((chat) => chat.append(noteItem(text, at)));
    },
    messageElement,
    renderParticipants,
    badge(tab, count) {
      // What is new since a tab was last seen means nothing in a replay, where every moment is rebuilt.
      if (!replaying) {
        tabs.badge(tab, count);
      }
    },
    attention(item, value) {
      attention.set(item, value);
      if ((item === "hands" || item === "waiting") && !replaying) {
        peopleBadge();
      }
    },
    stageSide: $("stage-side"),
    showStageSide(open) {
      $("stage-side").hidden = !open;
    },
    rejoin() {
      join().catch(joinFailed);
    },
    /** Ends this page's time in the room for good (e.g. removed by the coach). */
    stop(message) {
      refused = true;
      joined = false;
      showRoomError(message);
      composer.setEnded(true);
      connection.stop();
    },
  };
  for (const panel of panels) {
    // Each panel builds its section where it belongs: the stage or its tab of the side panel.
    panel.mount?.({ ...ctx, container: containerFor(panel.tab) });
  }
}
