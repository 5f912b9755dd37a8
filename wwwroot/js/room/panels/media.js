// @ts-check
// Voice, video and screen sharing. The viewer joins from the header ("Join audio and video": choose a microphone and a
// camera, see a preview, join with the microphone off) and then has their own controls there; everyone's camera (or
// name, for audio only) is a tile on the stage, and a screen share takes the stage instead of the slides. The People
// tab says who talks, whose microphone or camera is off and how their connection is; staff mute and allow people from
// each person's menu and set the room's policy there. Who may use their microphone is the room log's decision (the
// media snapshot part and its events); this panel shows it and never offers what is not allowed. Leaving voice and
// video leaves nothing else: text-only participants are as much in the room as anyone.
import { el, $ } from "../../lib/dom.js";
import { alertBox } from "../../lib/alerts.js";
import { RoomEvent } from "../protocol.js";
import { MediaCall } from "../media/videoroom.js";
import { LocalLevel, readOwnQuality, readRemote } from "../media/stats.js";

/** The room event types this feature's events carry ("type"), as the server names them. */
export const MediaEvent = Object.freeze({
  MediaMuted: "MediaMuted",
  MediaPolicySet: "MediaPolicySet",
  MediaRoomOpened: "MediaRoomOpened",
  MediaStateReported: "MediaStateReported",
  MediaUnmuted: "MediaUnmuted",
  ScreenShareStarted: "ScreenShareStarted",
  ScreenShareStopped: "ScreenShareStopped",
});

/** This feature's RoomHub methods (the room id is the first argument). */
export const MediaMethod = Object.freeze({
  GetMediaAccess: "GetMediaAccess",
  MuteMedia: "MuteMedia",
  ReportMediaState: "ReportMediaState",
  SetMediaPolicy: "SetMediaPolicy",
  StartScreenShare: "StartScreenShare",
  StopScreenShare: "StopScreenShare",
  UnmuteMedia: "UnmuteMedia",
});

const OFF_ON_SERVER = "Voice and video are off on this server.";

/**
 * A person's media state as the room log says it.
 * @typedef {{inMedia: boolean, micOn: boolean, cameraOn: boolean, micAllowed: boolean, cameraAllowed: boolean}} PersonMedia
 */

/** @type {import("./panel.js").PanelContext} set by mount, before any other hook */
let ctx;
const state = {
  /** null until known; false when the server has no media (offReason says why). @type {boolean | null} */
  available: null,
  offReason: OFF_ON_SERVER,
  probing: false,
  muteOnEntry: false,
  coachManagedMic: false,
  /** @type {string | null} */
  screenSharer: null,
  /** @type {Map<string, PersonMedia>} */
  people: new Map(),
  // What the log's rule for micAllowed is made of, kept so an event can recompute it as the server does.
  /** @type {Set<string>} */ mutedAudio: new Set(),
  /** @type {Set<string>} */ mutedVideo: new Set(),
  /** @type {Set<string>} */ unmutedSinceJoin: new Set(),
  /** @type {string | null} */ floor: null,
  /** @type {string | null} */ presenter: null,
  /** The main room, when this page is a breakout group's room. @type {string | null} */ parentRoom: null,
};

/** The viewer's own call, while they are in voice and video. */
const own = {
  /** @type {MediaCall | null} */ call: null,
  joining: false,
  micOn: false,
  cameraOn: false,
  sharing: false,
  /** @type {string | undefined} */ micDevice: undefined,
  /** @type {string | undefined} */ cameraDevice: undefined,
  /** @type {LocalLevel | null} */ level: null,
  /** @type {ReturnType<typeof setInterval> | undefined} */ statsTimer: undefined,
  /** @type {import("../media/videoroom.js").RemoteFeed[]} */ feeds: [],
  /** Talking and connection quality by user id, from the last reading. @type {Map<string, {talking: boolean, quality: string}>} */
  live: new Map(),
  /** @type {Map<string, {lost: number, received: number}>} */ packets: new Map(),
  /** @type {MediaStream | null} */ preview: null,
  /** The join dialog's devices and preview being made ready. @type {Promise<void>} */ preparing: Promise.resolve(),
  connection: "",
};

const ui = {};

const isStaffRole = (role) => role === "Coach" || role === "Admin";
const me = () => ctx.room.userId ?? "";
const person = (userId) => state.people.get(userId);

/** The rule of the room log: staff always; a learner unless muted, or waiting for the floor, or muted on entry. */
function micAllowedFor(userId) {
  if (isStaffRole(ctx.room.participants.get(userId)?.role)) {
    return true;
  }
  return !state.mutedAudio.has(userId)
    && (!state.coachManagedMic || state.floor === userId)
    && (!state.muteOnEntry || state.unmutedSinceJoin.has(userId));
}

function cameraAllowedFor(userId) {
  return isStaffRole(ctx.room.participants.get(userId)?.role) || !state.mutedVideo.has(userId);
}

function recompute(userId) {
  const entry = state.people.get(userId) ?? { inMedia: false, micOn: false, cameraOn: false, micAllowed: true, cameraAllowed: true };
  state.people.set(userId, { ...entry, micAllowed: micAllowedFor(userId), cameraAllowed: cameraAllowedFor(userId) });
}

function recomputeAll() {
  const ids = new Set([...state.people.keys(), ...ctx.room.participants.keys()]);
  for (const id of ids) {
    recompute(id);
  }
}

// ---- building -------------------------------------------------------------------------------

function button(text, className = "button") {
  const b = el("button", { className, text });
  b.type = "button";
  return b;
}

function mount(context) {
  ctx = context;
  const controls = $("own-controls");

  ui.off = el("p", { className: "hint media-off", text: OFF_ON_SERVER });
  ui.off.hidden = true;
  ui.join = button("Join audio and video", "button");
  ui.join.hidden = true;
  ui.join.addEventListener("click", openJoinDialog);

  ui.mic = button("Microphone off");
  ui.mic.id = "media-mic";
  ui.mic.addEventListener("click", toggleMic);
  ui.camera = button("Camera off");
  ui.camera.id = "media-camera";
  ui.camera.addEventListener("click", toggleCamera);
  ui.screen = button("Share screen");
  ui.screen.id = "media-screen";
  ui.screen.addEventListener("click", toggleScreen);
  ui.leave = button("Leave audio and video");
  ui.leave.addEventListener("click", () => leaveMedia({ focusJoin: true }));
  // Why the microphone cannot be switched on, or what just changed it: read out as it changes.
  ui.why = el("span", { className: "media-why" });
  ui.why.id = "media-why";
  ui.why.setAttribute("role", "status");
  ui.mic.setAttribute("aria-describedby", ui.why.id);
  ui.own = el("div", { className: "media-controls" }, ui.mic, ui.camera, ui.screen, ui.leave);
  ui.own.setAttribute("role", "group");
  ui.own.setAttribute("aria-label", "Your audio and video");
  ui.own.hidden = true;
  ui.error = alertBox();
  ui.error.classList.add("media-error");
  const back = $("back-link");
  controls.insertBefore(el("div", { className: "media-bar" }, ui.off, ui.join, ui.own, ui.why, ui.error), back);

  buildJoinDialog();

  // The screen share takes the stage's place of the slides.
  ui.screenRegion = el("figure", { className: "screen-share" });
  ui.screenRegion.hidden = true;
  ui.screenVideo = /** @type {HTMLVideoElement} */ (el("video"));
  ui.screenVideo.muted = true;
  ui.screenVideo.playsInline = true;
  ui.screenCaption = el("figcaption");
  ui.screenRegion.append(ui.screenVideo, ui.screenCaption);
  ui.screenRegion.setAttribute("aria-label", "Shared screen");
  ui.screenRegion.setAttribute("role", "region");
  $("stage-content").before(ui.screenRegion);
  ui.tiles = $("media-tiles");
  ui.tiles.setAttribute("role", "list");
  ui.tiles.setAttribute("aria-label", "Audio and video");

  // Staff's room-wide switches, at the top of People.
  ui.policy = el("fieldset", { className: "media-policy" }, el("legend", { text: "Audio and video" }));
  ui.muteOnEntry = policySwitch("media-mute-on-entry", "Everyone muted on entry");
  ui.coachManaged = policySwitch("media-coach-managed", "Microphone goes with the floor");
  ui.policyError = alertBox();
  ui.policy.append(ui.muteOnEntry.row, ui.coachManaged.row, ui.policyError);
  ui.policy.hidden = true;
  $("people-heading").after(ui.policy);

  window.addEventListener("pagehide", () => {
    if (own.call) {
      carryCall();
    }
    own.call?.leave();
  });
  render();
}

function policySwitch(id, text) {
  const input = el("input");
  input.type = "checkbox";
  input.id = id;
  input.setAttribute("role", "switch");
  input.addEventListener("change", async () => {
    ui.policyError.textContent = "";
    try {
      await ctx.invoke(MediaMethod.SetMediaPolicy, ui.muteOnEntry.input.checked, ui.coachManaged.input.checked);
    } catch (error) {
      ui.policyError.textContent = error.message;
      input.checked = !input.checked;
    }
  });
  const label = el("label", { text });
  label.htmlFor = id;
  return { input, row: el("div", { className: "check" }, input, label) };
}

function buildJoinDialog() {
  const dialog = /** @type {HTMLDialogElement} */ (el("dialog", { className: "media-join" }));
  dialog.setAttribute("aria-labelledby", "media-join-heading");
  const heading = el("h2", { text: "Join audio and video" });
  heading.id = "media-join-heading";
  ui.micSelect = /** @type {HTMLSelectElement} */ (el("select"));
  ui.micSelect.id = "media-join-mic";
  ui.cameraSelect = /** @type {HTMLSelectElement} */ (el("select"));
  ui.cameraSelect.id = "media-join-camera";
  ui.preview = /** @type {HTMLVideoElement} */ (el("video", { className: "media-preview" }));
  ui.preview.muted = true;
  ui.preview.playsInline = true;
  ui.preview.setAttribute("aria-label", "Camera preview");
  ui.previewNote = el("p", { className: "hint" });
  ui.previewNote.setAttribute("role", "status");
  const micLabel = Object.assign(el("label", { text: "Microphone" }), { htmlFor: ui.micSelect.id });
  const cameraLabel = Object.assign(el("label", { text: "Camera" }), { htmlFor: ui.cameraSelect.id });
  const note = el("p", { className: "hint", text: "You join with your microphone off; switch it on when you want to speak." });
  ui.joinNow = button("Join", "button primary");
  ui.joinNow.addEventListener("click", joinFromDialog);
  const cancel = button("Cancel");
  cancel.addEventListener("click", () => dialog.close());
  ui.joinError = alertBox();
  dialog.append(heading, el("div", { className: "field" }, micLabel, ui.micSelect), el("div", { className: "field" }, cameraLabel, ui.cameraSelect),
    ui.preview, ui.previewNote, note, el("div", { className: "controls" }, ui.joinNow, cancel), ui.joinError);
  dialog.addEventListener("close", () => {
    if (!own.joining) {
      stopPreview();
    }
    if (!own.call) {
      ui.join.focus();
    }
  });
  ui.micSelect.addEventListener("change", () => { own.micDevice = ui.micSelect.value || undefined; });
  ui.cameraSelect.addEventListener("change", () => {
    own.cameraDevice = ui.cameraSelect.value || undefined;
    own.preparing = own.preparing.then(showPreview);
  });
  ui.dialog = dialog;
  document.body.append(dialog);
}

// ---- joining --------------------------------------------------------------------------------

function openJoinDialog() {
  ui.joinError.textContent = "";
  ui.preview.hidden = true;
  ui.previewNote.textContent = "Starting the camera…";
  ui.dialog.showModal();
  // Join waits for this, so it never starts before the chosen devices are ready.
  own.preparing = prepareDevices();
}

async function prepareDevices() {
  try {
    // Asking once for both makes the device names readable (they are blank until the page may use the devices).
    const probe = await navigator.mediaDevices.getUserMedia({ audio: true, video: true }).catch(() => navigator.mediaDevices.getUserMedia({ audio: true }));
    probe.getTracks().forEach((t) => t.stop());
  } catch {
    ui.joinError.textContent = "The browser did not allow the microphone. Allow it in the address bar and try again.";
  }
  const devices = await navigator.mediaDevices.enumerateDevices();
  fillSelect(ui.micSelect, devices.filter((d) => d.kind === "audioinput"), "Microphone", own.micDevice, null);
  fillSelect(ui.cameraSelect, devices.filter((d) => d.kind === "videoinput"), "Camera", own.cameraDevice, "No camera");
  own.micDevice = ui.micSelect.value || undefined;
  own.cameraDevice = ui.cameraSelect.value || undefined;
  await showPreview();
}

/** @param {HTMLSelectElement} select @param {MediaDeviceInfo[]} devices @param {string} kind @param {string | undefined} chosen @param {string | null} none */
function fillSelect(select, devices, kind, chosen, none) {
  const options = devices.map((d, i) => Object.assign(el("option", { text: d.label || `${kind} ${i + 1}` }), { value: d.deviceId }));
  if (none) {
    options.push(Object.assign(el("option", { text: none }), { value: "" }));
  }
  select.replaceChildren(...options);
  if (chosen !== undefined && options.some((o) => o.value === chosen)) {
    select.value = chosen;
  }
}

async function showPreview() {
  stopPreview();
  if (!own.cameraDevice) {
    ui.preview.hidden = true;
    ui.previewNote.textContent = "No camera: others will see your name.";
    return;
  }
  try {
    own.preview = await navigator.mediaDevices.getUserMedia({ video: { deviceId: { exact: own.cameraDevice }, width: 320, height: 240 } });
    ui.preview.srcObject = own.preview;
    ui.preview.play().catch(() => {});
    ui.preview.hidden = false;
    ui.previewNote.textContent = "This is what others will see.";
  } catch {
    ui.preview.hidden = true;
    ui.previewNote.textContent = "This camera could not be started; choose another or join without one.";
  }
}

function stopPreview() {
  own.preview?.getTracks().forEach((t) => t.stop());
  own.preview = null;
  ui.preview.srcObject = null;
}

async function joinFromDialog() {
  if (own.joining) {
    return;
  }
  own.joining = true;
  ui.joinNow.disabled = true;
  ui.joinError.textContent = "";
  try {
    await own.preparing;
    const audio = await navigator.mediaDevices.getUserMedia({ audio: own.micDevice ? { deviceId: { exact: own.micDevice } } : true })
      .then((s) => s.getAudioTracks()[0]).catch(() => null);
    const video = own.preview?.getVideoTracks()[0] ?? null;
    own.preview = null;
    ui.preview.srcObject = null;
    await startCall(audio, video);
    ui.dialog.close();
    ui.mic.focus();
    ctx.announce("You joined audio and video. Your microphone is off.");
  } catch (error) {
    ui.joinError.textContent = error.message || "Could not join audio and video; try again.";
    await leaveMedia({ report: false });
  } finally {
    own.joining = false;
    ui.joinNow.disabled = false;
  }
}

// Moving to a breakout group (or back, or to another group), or reloading, loads another room page: the call goes
// with the person. What they had on is kept in this tab's session storage for a short while, and the next page joins
// with it when it is the same room or one of the same breakout family; leaving for another roundtable does not.
const CARRY_KEY = "roundtable.media.carry";
const CARRY_FOR_MS = 120_000;

function carryCall() {
  try {
    sessionStorage.setItem(CARRY_KEY, JSON.stringify({
      at: Date.now(), micDevice: own.micDevice ?? "", cameraDevice: own.cameraDevice ?? "", mic: own.micOn, camera: own.cameraOn,
      rooms: family(),
    }));
  } catch {
    // Storage full or off: the person presses Join again.
  }
}

/** This room and, for a breakout group's room, the main room it belongs to. */
function family() {
  return [ctx.roomId, state.parentRoom].filter((r) => typeof r === "string" && r.length > 0);
}

/** On a room page with media, joins again with what the person had on in the page they came from. */
async function resumeCarriedCall() {
  /** @type {{at: number, micDevice: string, cameraDevice: string, mic: boolean, camera: boolean, rooms: string[]} | null} */
  let carried = null;
  try {
    carried = JSON.parse(sessionStorage.getItem(CARRY_KEY) ?? "null");
    sessionStorage.removeItem(CARRY_KEY);
  } catch {
    return;
  }
  const here = family();
  if (!carried || Date.now() - carried.at > CARRY_FOR_MS || own.call || own.joining || !carried.rooms?.some((r) => here.includes(r))) {
    return;
  }
  own.joining = true;
  try {
    own.micDevice = carried.micDevice || undefined;
    own.cameraDevice = carried.cameraDevice || undefined;
    const audio = await navigator.mediaDevices.getUserMedia({ audio: own.micDevice ? { deviceId: { exact: own.micDevice } } : true })
      .then((s) => s.getAudioTracks()[0]).catch(() => null);
    const video = carried.camera && person(me())?.cameraAllowed !== false
      ? await navigator.mediaDevices.getUserMedia({ video: { ...(own.cameraDevice ? { deviceId: { exact: own.cameraDevice } } : {}), width: 320, height: 240 } })
        .then((s) => s.getVideoTracks()[0]).catch(() => null)
      : null;
    await startCall(audio, video);
    if (carried.mic && person(me())?.micAllowed) {
      await setMic(true);
    }
    ctx.announce(`You are in audio and video here too. ${own.micOn ? "Microphone on" : "Microphone off"}.`);
  } catch (error) {
    ui.error.textContent = error.message || "Could not join audio and video here; press Join audio and video.";
    await leaveMedia({ report: false });
  } finally {
    own.joining = false;
  }
}

/** A fresh GetMediaAccess; a refusal by the hub is final (not in the room, removed), a dropped connection is not. */
async function getAccess() {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await ctx.invoke(MediaMethod.GetMediaAccess);
    } catch (error) {
      // ctx.invoke turns refusals into sentences and anything else into the generic one: only that is worth a retry.
      if (!/That did not work/.test(error.message) || attempt >= 30 || !own.call) {
        throw Object.assign(error, { final: !/That did not work/.test(error.message) });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** attempt, 5000)));
    }
  }
}

/** @param {MediaStreamTrack | null} audio @param {MediaStreamTrack | null} video */
async function startCall(audio, video) {
  const call = new MediaCall({
    userId: me(),
    getAccess,
    onRemote: (feeds) => { own.feeds = feeds; renderTiles(); },
    onState: onCallState,
    onScreenEnded: () => stopSharing(),
  });
  own.call = call;
  own.micOn = false;
  own.cameraOn = video !== null;
  own.level = audio ? new LocalLevel(audio) : null;
  await call.start(audio, video, false);
  own.statsTimer = setInterval(readStats, 1000);
  await report();
  render();
}

function onCallState(callState, detail) {
  const was = own.connection;
  own.connection = callState;
  render();
  if (callState === "connected") {
    if (was === "reconnecting") {
      ctx.announce("Audio and video are back.");
    }
    if (detail === "rejoined") {
      // A new publisher on the media server: reporting in anew is what makes the server apply its mutes to it.
      ctx.invoke(MediaMethod.ReportMediaState, false, false, false).catch(() => {}).then(() => report());
    }
  } else if (callState === "closed" && detail && own.call) {
    ui.error.textContent = detail;
    leaveMedia({ report: false });
  }
}

/** Tells the room what the viewer's media is doing (others' People tab and tiles read it from the log). */
async function report() {
  await ctx.invoke(MediaMethod.ReportMediaState, own.call !== null, own.micOn, own.cameraOn).catch(() => {});
}

async function leaveMedia({ report: tell = true, focusJoin = false } = {}) {
  const call = own.call;
  own.call = null;
  clearInterval(own.statsTimer);
  own.level?.close();
  own.level = null;
  own.feeds = [];
  own.live.clear();
  own.packets.clear();
  if (own.sharing) {
    own.sharing = false;
    ctx.invoke(MediaMethod.StopScreenShare, me()).catch(() => {});
  }
  own.micOn = false;
  own.cameraOn = false;
  await call?.leave();
  if (tell && call) {
    await report();
  }
  render();
  renderTiles();
  if (focusJoin) {
    ui.join.focus();
    ctx.announce("You left audio and video. You are still in the room.");
  }
}

// ---- own controls ---------------------------------------------------------------------------

async function toggleMic() {
  if (!own.call) {
    return;
  }
  if (!own.micOn && !person(me())?.micAllowed) {
    // Pressed anyway: say why again.
    ctx.announce(`Microphone off. ${whyMicOff()}`);
    return;
  }
  await setMic(!own.micOn);
  ctx.announce(own.micOn ? "Microphone on" : "Microphone off");
}

/** @param {boolean} on */
async function setMic(on) {
  if (!own.call) {
    return;
  }
  own.micOn = on;
  await own.call.setMic(on);
  render();
  await report();
}

async function toggleCamera() {
  if (!own.call) {
    return;
  }
  if (!own.cameraOn && !person(me())?.cameraAllowed) {
    ctx.announce("Camera off. The coach turned your camera off.");
    return;
  }
  ui.error.textContent = "";
  if (own.cameraOn) {
    await own.call.setVideoTrack(null);
    own.cameraOn = false;
  } else {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { ...(own.cameraDevice ? { deviceId: { exact: own.cameraDevice } } : {}), width: 320, height: 240 },
      });
      await own.call.setVideoTrack(stream.getVideoTracks()[0]);
      own.cameraOn = true;
    } catch {
      ui.error.textContent = "The camera could not be started.";
    }
  }
  render();
  renderTiles();
  ctx.announce(own.cameraOn ? "Camera on" : "Camera off");
  await report();
}

function canShare() {
  return ctx.room.status === "Live" && (ctx.isFacilitator() || state.presenter === me());
}

async function toggleScreen() {
  if (!own.call) {
    return;
  }
  if (own.sharing) {
    await stopSharing();
    ctx.announce("You stopped sharing your screen.");
    return;
  }
  ui.error.textContent = "";
  let track;
  try {
    // Asked first, while the click still counts as the person's own gesture (the browser requires one).
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    track = stream.getVideoTracks()[0];
  } catch {
    return;
  }
  try {
    await ctx.invoke(MediaMethod.StartScreenShare);
    own.sharing = true;
    await own.call.startScreen(track);
    ctx.announce("You are sharing your screen on the stage.");
  } catch (error) {
    track.stop();
    own.sharing = false;
    ui.error.textContent = error.message;
  }
  render();
  renderTiles();
}

async function stopSharing() {
  if (!own.sharing) {
    return;
  }
  own.sharing = false;
  await own.call?.stopScreen();
  await ctx.invoke(MediaMethod.StopScreenShare, me()).catch(() => {});
  render();
  renderTiles();
}

function whyMicOff() {
  const id = me();
  if (state.mutedAudio.has(id)) {
    return "The coach muted your microphone.";
  }
  if (state.coachManagedMic && state.floor !== id) {
    return "Your microphone goes on when the coach gives you the floor.";
  }
  if (state.muteOnEntry && !state.unmutedSinceJoin.has(id)) {
    return "Everyone is muted on entry; the coach can allow your microphone.";
  }
  return "";
}

// ---- rendering ------------------------------------------------------------------------------

function render() {
  if (!ctx) {
    return;
  }
  const ended = ctx.room.status === "Ended";
  const off = state.available === false;
  const inCall = own.call !== null;
  ui.off.hidden = !off;
  ui.off.textContent = state.offReason;
  ui.join.hidden = off || state.available === null || inCall || ended;
  ui.own.hidden = !inCall;
  const allowed = person(me())?.micAllowed ?? true;
  ui.mic.textContent = own.micOn ? "Microphone on" : "Microphone off";
  ui.mic.classList.toggle("on", own.micOn);
  // Kept in the tab order (not disabled) so its reason can be heard; pressing it then says why.
  ui.mic.setAttribute("aria-disabled", String(!own.micOn && !allowed));
  ui.camera.textContent = own.cameraOn ? "Camera on" : "Camera off";
  ui.camera.classList.toggle("on", own.cameraOn);
  ui.camera.setAttribute("aria-disabled", String(!own.cameraOn && !(person(me())?.cameraAllowed ?? true)));
  ui.screen.textContent = own.sharing ? "Stop sharing" : "Share screen";
  ui.screen.hidden = !own.sharing && !canShare();
  const staff = ctx.isFacilitator() && !off && state.available !== null && !ended;
  ui.policy.hidden = !staff;
  ui.muteOnEntry.input.checked = state.muteOnEntry;
  ui.coachManaged.input.checked = state.coachManagedMic;
  // The status line: reconnecting, or why the microphone cannot be switched on (read out when it changes).
  const why = !inCall ? "" : own.connection === "reconnecting" ? "Reconnecting audio and video…" : allowed ? "" : whyMicOff();
  if (ui.why.textContent !== why) {
    ui.why.textContent = why;
  }
}

function nameOf(userId) {
  return ctx.room.participants.get(userId)?.displayName ?? ctx.nameOf(userId);
}

/** The stage's tiles (the viewer's own first, then everyone else in the call) and the shared screen. */
function renderTiles() {
  const tiles = [];
  /** @type {{userId: string, video: MediaStreamTrack | null, audio: MediaStreamTrack | null, mine: boolean}[]} */
  const shown = [];
  /** @type {{userId: string, track: MediaStreamTrack} | null} */
  let screen = null;
  if (own.call) {
    shown.push({ userId: me(), video: own.cameraOn ? own.call.videoTrack : null, audio: null, mine: true });
    if (own.sharing && own.call.screenTrack) {
      screen = { userId: me(), track: own.call.screenTrack };
    }
    for (const feed of own.feeds) {
      if (feed.screen) {
        screen = feed.video ? { userId: feed.userId, track: feed.video } : screen;
      } else {
        shown.push({ userId: feed.userId, video: feed.video, audio: feed.audio, mine: false });
      }
    }
  }
  const existing = new Map([...ui.tiles.querySelectorAll(".media-tile")].map((t) => [/** @type {HTMLElement} */ (t).dataset.userId, t]));
  for (const entry of shown) {
    const tile = /** @type {HTMLElement} */ (existing.get(entry.userId) ?? newTile(entry.userId));
    updateTile(tile, entry);
    tiles.push(tile);
  }
  ui.tiles.replaceChildren(...tiles);

  ui.screenRegion.hidden = screen === null;
  $("stage").toggleAttribute("data-screen", screen !== null);
  if (screen) {
    if (!(ui.screenVideo.srcObject instanceof MediaStream) || ui.screenVideo.srcObject.getVideoTracks()[0] !== screen.track) {
      ui.screenVideo.srcObject = new MediaStream([screen.track]);
      ui.screenVideo.play().catch(() => {});
    }
    ui.screenCaption.textContent = screen.userId === me() ? "Your screen" : `${nameOf(screen.userId)}'s screen`;
    ui.screenVideo.dataset.userId = screen.userId;
  } else {
    ui.screenVideo.srcObject = null;
  }
}

function newTile(userId) {
  const tile = el("figure", { className: "media-tile" });
  tile.dataset.userId = userId;
  tile.setAttribute("role", "listitem");
  const video = /** @type {HTMLVideoElement} */ (el("video"));
  video.playsInline = true;
  video.muted = true;
  video.dataset.userId = userId;
  const audio = /** @type {HTMLAudioElement} */ (el("audio"));
  audio.dataset.userId = userId;
  const caption = el("figcaption");
  tile.append(video, audio, caption);
  return tile;
}

/** @param {HTMLElement} tile @param {{userId: string, video: MediaStreamTrack | null, audio: MediaStreamTrack | null, mine: boolean}} entry */
function updateTile(tile, entry) {
  const video = /** @type {HTMLVideoElement} */ (tile.querySelector("video"));
  const audio = /** @type {HTMLAudioElement} */ (tile.querySelector("audio"));
  const caption = /** @type {HTMLElement} */ (tile.querySelector("figcaption"));
  const media = person(entry.userId);
  const cameraOn = entry.mine ? own.cameraOn : media?.cameraOn ?? entry.video !== null;
  const showVideo = entry.video !== null && cameraOn;
  setTrack(video, showVideo ? entry.video : null);
  video.hidden = !showVideo;
  setTrack(audio, entry.audio);
  tile.classList.toggle("name-only", !showVideo);
  const micOn = entry.mine ? own.micOn : media?.micOn ?? false;
  const talking = own.live.get(entry.userId)?.talking ?? false;
  tile.classList.toggle("talking", talking && micOn);
  const name = entry.mine ? `${nameOf(entry.userId)} (you)` : nameOf(entry.userId);
  caption.textContent = `${name}${micOn ? "" : ", microphone off"}`;
}

/** @param {HTMLMediaElement} element @param {MediaStreamTrack | null} track */
function setTrack(element, track) {
  const current = element.srcObject instanceof MediaStream ? element.srcObject.getTracks()[0] ?? null : null;
  if (current === track) {
    return;
  }
  element.srcObject = track ? new MediaStream([track]) : null;
  // Played by hand rather than with autoplay: the page starts them after the person's own click on Join.
  if (track) {
    element.play().catch(() => {});
  }
}

// ---- live readings --------------------------------------------------------------------------

async function readStats() {
  const call = own.call;
  if (!call) {
    return;
  }
  const before = JSON.stringify([...own.live]);
  const readings = call.subscriberPc ? await readRemote(call.subscriberPc, own.feeds, own.packets).catch(() => new Map()) : new Map();
  const mine = call.publisherPc ? await readOwnQuality(call.publisherPc).catch(() => "good") : "good";
  own.live = new Map([...readings].map(([userId, r]) => [userId, { talking: r.talking, quality: r.quality }]));
  own.live.set(me(), { talking: own.micOn && (own.level?.talking() ?? false), quality: mine });
  if (JSON.stringify([...own.live]) !== before) {
    renderTiles();
    showLive();
  }
}

/**
 * Talking and connection quality change every second: they are updated in place in People, which is re-rendered only
 * when someone's state changes (a re-render would close a menu a coach has open).
 */
function showLive() {
  for (const row of document.querySelectorAll("#participants li[data-user-id]")) {
    const userId = /** @type {HTMLElement} */ (row).dataset.userId ?? "";
    const live = own.live.get(userId);
    const talking = /** @type {HTMLElement | null} */ (row.querySelector(".flag.talking"));
    const quality = /** @type {HTMLElement | null} */ (row.querySelector(".flag.quality"));
    if (talking) {
      talking.hidden = !(live?.talking && (userId === me() ? own.micOn : person(userId)?.micOn));
    }
    if (quality) {
      quality.hidden = !live;
      quality.className = `flag quality quality-${live?.quality ?? "good"}`;
      quality.textContent = `connection ${live?.quality ?? "good"}`;
    }
  }
}

// ---- the log --------------------------------------------------------------------------------

/**
 * A room opens its media room on the first GetMediaAccess, so a snapshot without one does not say whether the server
 * has media at all: asking once does (the token it hands out simply expires).
 */
async function probe() {
  if (state.probing || state.available !== null || ctx.room.status === "Ended") {
    return;
  }
  state.probing = true;
  try {
    const access = await ctx.invoke(MediaMethod.GetMediaAccess);
    state.available = Boolean(access?.available);
    if (!state.available) {
      state.offReason = access?.reason || OFF_ON_SERVER;
    }
  } catch {
    // Not in the room yet (waiting to be let in) or offline: the next snapshot asks again.
  } finally {
    state.probing = false;
  }
  render();
}

function snapshot(snap) {
  const media = snap.media;
  state.available = media?.available ? true : state.available;
  state.muteOnEntry = Boolean(media?.muteOnEntry);
  state.coachManagedMic = Boolean(media?.coachManagedMic);
  state.screenSharer = media?.screenSharer ?? null;
  state.floor = snap.speakingQueue?.speaker?.userId ?? null;
  state.presenter = snap.stage?.presenterUserId ?? null;
  state.parentRoom = snap.breakoutRoom?.parentId ?? null;
  state.people = new Map();
  state.mutedAudio.clear();
  state.mutedVideo.clear();
  state.unmutedSinceJoin.clear();
  for (const [userId, p] of Object.entries(media?.people ?? {})) {
    state.people.set(userId, { inMedia: Boolean(p.inMedia), micOn: Boolean(p.micOn), cameraOn: Boolean(p.cameraOn),
      micAllowed: p.micAllowed !== false, cameraAllowed: p.cameraAllowed !== false });
    // What the snapshot's "allowed" says, taken apart into what the rule is made of: a learner not allowed while the
    // floor does not explain it was muted (by the coach or on entry: the same to them, and "Allow microphone" lifts both).
    const staff = isStaffRole(ctx.room.participants.get(userId)?.role);
    if (!staff && p.micAllowed === false && !(state.coachManagedMic && state.floor !== userId)) {
      state.mutedAudio.add(userId);
    }
    if (p.micAllowed !== false && state.muteOnEntry) {
      state.unmutedSinceJoin.add(userId);
    }
    if (!staff && p.cameraAllowed === false) {
      state.mutedVideo.add(userId);
    }
  }
  recomputeAll();
  render();
  enforceOwn();
  probe();
  if (state.available) {
    resumeCarriedCall();
  }
}

function apply({ event }) {
  const id = event.userId;
  const video = String(event.kind ?? "").toLowerCase() === "video";
  const mine = id === me();
  switch (event.type) {
    case MediaEvent.MediaPolicySet:
      state.muteOnEntry = Boolean(event.muteOnEntry);
      state.coachManagedMic = Boolean(event.coachManagedMic);
      recomputeAll();
      ctx.announce(state.coachManagedMic ? "Microphones now go with the floor." : "Microphone policy changed.");
      break;
    case MediaEvent.MediaMuted:
      (video ? state.mutedVideo : state.mutedAudio).add(id);
      if (!video) {
        state.unmutedSinceJoin.delete(id);
      }
      recompute(id);
      if (mine) {
        ctx.announce(video ? "The coach turned your camera off." : "The coach muted your microphone.");
      }
      break;
    case MediaEvent.MediaUnmuted:
      (video ? state.mutedVideo : state.mutedAudio).delete(id);
      if (!video) {
        state.unmutedSinceJoin.add(id);
      }
      recompute(id);
      if (mine) {
        ctx.announce(video ? "The coach allowed your camera." : "The coach allowed your microphone. Switch it on when you want to speak.");
      }
      break;
    case MediaEvent.MediaStateReported: {
      const entry = state.people.get(id) ?? { inMedia: false, micOn: false, cameraOn: false, micAllowed: true, cameraAllowed: true };
      state.people.set(id, { ...entry, inMedia: Boolean(event.inMedia), micOn: Boolean(event.micOn), cameraOn: Boolean(event.cameraOn) });
      recompute(id);
      break;
    }
    case MediaEvent.ScreenShareStarted:
      state.screenSharer = id;
      if (!mine) {
        ctx.announce(`${nameOf(id)} is sharing their screen on the stage.`);
      }
      break;
    case MediaEvent.ScreenShareStopped:
      if (state.screenSharer === id) {
        state.screenSharer = null;
      }
      if (mine && own.sharing) {
        stopSharing();
        ctx.announce("Your screen share was stopped.");
      }
      break;
    case MediaEvent.MediaRoomOpened:
      state.available = true;
      break;
    case "FloorGiven":
      state.floor = id;
      recomputeAll();
      if (mine && state.coachManagedMic && own.call) {
        setMic(true);
        ctx.announce("You have the floor: your microphone is on.");
      }
      break;
    case "FloorTaken":
      if (mine && state.coachManagedMic && own.call) {
        ctx.announce("The floor was taken back: your microphone is off.");
      }
      state.floor = null;
      recomputeAll();
      break;
    case "PresentationStarted":
      state.presenter = event.presenterUserId ?? null;
      break;
    case "PresentationEnded":
      state.presenter = null;
      break;
    case RoomEvent.ParticipantJoined:
      // Joining anew: muted on entry again and not in the call, as the server counts it; back after a drop, the
      // viewer's browser says again that it is in the call.
      state.unmutedSinceJoin.delete(id);
      recompute(id);
      if (mine && own.call) {
        report();
      }
      break;
    case RoomEvent.ParticipantLeft: {
      const entry = state.people.get(id);
      if (entry) {
        state.people.set(id, { ...entry, inMedia: false });
      }
      if (state.floor === id) {
        state.floor = null;
      }
      // What is tied to being here ends with leaving, as on the server.
      state.unmutedSinceJoin.delete(id);
      if (state.screenSharer === id) {
        state.screenSharer = null;
      }
      recompute(id);
      break;
    }
    case "ParticipantRemoved":
      if (mine) {
        leaveMedia({ report: false });
      }
      break;
    case RoomEvent.RoundtableEnded:
      leaveMedia({ report: false });
      break;
    default:
      return;
  }
  render();
  renderTiles();
  enforceOwn();
  ctx.renderParticipants();
}

/** What the log allows wins: a microphone or camera that is no longer allowed goes off (the server mutes it anyway). */
function enforceOwn() {
  const mine = person(me());
  if (!own.call || !mine) {
    return;
  }
  if (own.micOn && !mine.micAllowed) {
    // The status line says why (render); an announcement would say it twice.
    setMic(false);
  }
  if (own.cameraOn && !mine.cameraAllowed) {
    toggleCamera();
  }
}

function status() {
  if (ctx) {
    recomputeAll();
    render();
  }
}

/** People: talking, microphone and camera off, connection quality, for each person in the call. */
function decoratePerson(item, p) {
  const media = person(p.userId);
  const inCall = p.userId === me() ? own.call !== null : media?.inMedia;
  if (!inCall) {
    return;
  }
  const micOn = p.userId === me() ? own.micOn : media?.micOn;
  const cameraOn = p.userId === me() ? own.cameraOn : media?.cameraOn;
  const talking = el("span", { className: "flag talking", text: "talking" });
  const quality = el("span", { className: "flag quality" });
  item.append(" ", talking, " ", el("span", { className: "flag media-state", text: micOn ? "mic on" : "mic off" }),
    " ", el("span", { className: "flag media-state", text: cameraOn ? "camera on" : "camera off" }), " ", quality);
  // Filled in by showLive, now and at every reading.
  queueMicrotask(showLive);
}

/** Staff's part of a person's menu: their microphone and camera. */
function personActions(p) {
  if (!ctx.isFacilitator() || ctx.room.status === "Ended" || p.waiting || !state.available || p.userId === me()
    || isStaffRole(p.role)) {
    return [];
  }
  const media = person(p.userId);
  const micAllowed = media?.micAllowed ?? true;
  const cameraAllowed = media?.cameraAllowed ?? true;
  return [
    micAllowed
      ? { label: "Mute microphone", run: () => ctx.invoke(MediaMethod.MuteMedia, p.userId, "audio") }
      : { label: "Allow microphone", run: () => ctx.invoke(MediaMethod.UnmuteMedia, p.userId, "audio") },
    cameraAllowed
      ? { label: "Turn camera off", run: () => ctx.invoke(MediaMethod.MuteMedia, p.userId, "video") }
      : { label: "Allow camera", run: () => ctx.invoke(MediaMethod.UnmuteMedia, p.userId, "video") },
  ];
}

/** @type {import("./panel.js").Panel} */
const panel = { tab: "people", mount, snapshot, apply, status, decoratePerson, personActions };
export default panel;
