// @ts-check
// My circles (mentor, members, cadence, next meeting, the room), my mentorships, requests to answer, and asking for a
// mentor from the suggestions of a cohort, each with the reasons it fits.
import { api, ApiError } from "../lib/api.js";
import { el, textList, $ } from "../lib/dom.js";
import { formatDateTime, statusBadge } from "../lib/format.js";
import { checkedField, choiceSelect, clearFieldErrors, input, showFieldErrors, zoneSelect } from "../lib/forms.js";
import { mountPageShell } from "../lib/page-shell.js";

const shell = mountPageShell();


function status(text) {
  $("circles-status").textContent = text;
}

function showError(error, fallback) {
  $("circles-error").textContent = error instanceof ApiError ? error.message : fallback;
  $("circles-error").hidden = false;
}

function empty(text) {
  return el("li", { className: "hint", text });
}

const days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** "every Tuesday at 09:30 (Europe/Berlin)" or "every other Tuesday …": the circle's own clock, named. */
function cadenceText(cadence) {
  const every = cadence.everyWeeks === 2 ? "every other" : "every";
  return `${every} ${cadence.day} at ${cadence.time} (${cadence.timeZone.replaceAll("_", " ")}) for ${cadence.durationMinutes} minutes`;
}

function circleItem(circle) {
  const name = circle.mentor ? `${circle.focus} circle` : `${circle.focus} peer group`;
  const link = el("a", { text: name });
  link.href = `/room.html?id=${encodeURIComponent(circle.roomId)}`;
  const next = el("time", { text: formatDateTime(circle.nextMeeting) });
  next.dateTime = circle.nextMeeting;
  const people = circle.members.map((m) => m.displayName).join(", ");
  const part = { mentor: "you are the mentor", member: "you are a member", staff: "you coach this cohort" }[circle.myPart] ?? "";
  const item = el("li", { className: "roundtable" },
    el("div", { className: "roundtable-head" }, link, statusBadge(circle.roomStatus)),
    el("p", { className: "meta", text: `${circle.cohortName} · ${part}` }),
    el("p", {}, circle.mentor ? `Mentor: ${circle.mentor.displayName} · Members: ${people}` : `Peer group · Members: ${people}`),
    el("p", {}, `Meets ${cadenceText(circle.cadence)}. Next meeting: `, next),
    el("p", { className: "meta", text: "Coming meetings:" }),
    el("ul", { className: "meetings" }, ...circle.upcomingMeetings.map((m) => meetingItem(circle, name, m))));
  if (circle.canChangeCadence) {
    item.append(cadenceEditor(circle, name));
  }
  return item;
}

/** One coming meeting; its mentor and the cohort's coaches may call it off, or put it back on. */
function meetingItem(circle, name, meeting) {
  const when = el("time", { text: formatDateTime(meeting.start) });
  when.dateTime = meeting.start;
  const item = el("li", {}, when);
  if (meeting.skipped) {
    item.append(el("span", { className: "badge", text: "skipped" }));
  }
  if (circle.canChangeCadence) {
    const action = meeting.skipped ? "restore" : "skip";
    const button = el("button", { className: "button small", text: meeting.skipped ? "Restore" : "Skip" });
    button.type = "button";
    button.setAttribute("aria-label", `${meeting.skipped ? "Restore" : "Skip"} the meeting on ${formatDateTime(meeting.start)}`);
    button.addEventListener("click", async () => {
      try {
        await api(`/api/circles/${encodeURIComponent(circle.circleId)}/meetings/${action}`, { method: "POST", body: { start: meeting.start } });
        await load();
        status(`The ${name}'s meeting on ${formatDateTime(meeting.start)} is ${meeting.skipped ? "back on" : "skipped"}. Its people have been told.`);
        $("circles-status").focus();
      } catch (error) {
        showError(error, "Could not change that meeting.");
      }
    });
    item.append(" ", button);
  }
  return item;
}

/** "Change when it meets": a disclosure with the cadence form, for the circle's mentor and the cohort's coaches. */
function cadenceEditor(circle, name) {
  const toggle = el("button", { className: "button small", text: "Change when it meets" });
  toggle.type = "button";
  toggle.setAttribute("aria-label", `Change when it meets: ${name}`);
  toggle.setAttribute("aria-expanded", "false");
  const form = /** @type {HTMLFormElement} */ (el("form", { className: "cadence-form" }));
  form.hidden = true;
  form.noValidate = true;
  form.setAttribute("aria-label", `When the ${name} meets`);
  const c = circle.cadence;
  const duration = input("number", "durationMinutes", String(c.durationMinutes));
  duration.min = "15";
  duration.max = "240";
  duration.inputMode = "numeric";
  const save = el("button", { className: "button primary small", text: "Save" });
  save.type = "submit";
  const cancel = el("button", { className: "button small", text: "Cancel" });
  cancel.type = "button";
  form.append(
    checkedField("Day", choiceSelect("day", days.map((d) => [d, d]), c.day)),
    checkedField("Time", input("time", "time", c.time), "On the clock of the time zone below."),
    checkedField("Time zone", zoneSelect("timeZone", c.timeZone)),
    checkedField("Minutes", duration),
    checkedField("Repeats", choiceSelect("everyWeeks", [["1", "Every week"], ["2", "Every two weeks"]], String(c.everyWeeks))),
    checkedField("From (optional)", input("date", "startsOn", c.startsOn ?? ""), "No meeting before this date; a fortnight is counted from it."),
    el("div", { className: "proposal-actions" }, save, cancel));
  const show = (/** @type {boolean} */ open) => {
    form.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
  };
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    show(open);
    if (open) {
      /** @type {HTMLElement} */ (form.querySelector("select, input")).focus();
    }
  });
  cancel.addEventListener("click", () => {
    show(false);
    toggle.focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const data = new FormData(form);
    try {
      const changed = await api(`/api/circles/${encodeURIComponent(circle.circleId)}/cadence`, {
        method: "PUT",
        body: {
          day: data.get("day"),
          time: data.get("time"),
          timeZone: data.get("timeZone"),
          durationMinutes: Number(data.get("durationMinutes")) || null,
          everyWeeks: Number(data.get("everyWeeks")),
          startsOn: data.get("startsOn") || null,
        },
      });
      await load();
      status(`The ${name} now meets ${cadenceText(changed.cadence)}; next on ${formatDateTime(changed.nextMeeting)}. Its people have been told.`);
      $("circles-status").focus();
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.errors).length) {
        showFieldErrors(form, error.errors)?.focus();
      }
      showError(error, "Could not change when the circle meets.");
    }
  });
  return el("div", { className: "cadence-editor" }, toggle, form);
}

function mentorshipItem(me) {
  return (m) => {
    const mentoring = m.mentor.userId === me;
    const text = mentoring ? `You mentor ${m.learner.displayName}` : `${m.mentor.displayName} mentors you`;
    return el("li", { className: "roundtable" }, el("p", { text }), textList(m.reasons));
  };
}

function incomingItem(request) {
  const accept = el("button", { className: "button primary small", text: "Accept" });
  const decline = el("button", { className: "button small", text: "Decline" });
  accept.setAttribute("aria-label", `Accept ${request.learner.displayName}`);
  decline.setAttribute("aria-label", `Decline ${request.learner.displayName}`);
  for (const [button, yes] of /** @type {[HTMLButtonElement, boolean][]} */ ([[accept, true], [decline, false]])) {
    button.type = "button";
    button.addEventListener("click", () => answer(request, yes));
  }
  const item = el("li", { className: "roundtable" }, el("p", { text: `${request.learner.displayName} asks you to mentor them.` }));
  if (request.message) {
    item.append(el("p", { className: "meta", text: `“${request.message}”` }));
  }
  item.append(textList(request.reasons), el("div", { className: "proposal-actions" }, accept, decline));
  return item;
}

async function answer(request, accept) {
  try {
    await api(`/api/mentor-requests/${encodeURIComponent(request.requestId)}/answer`, { method: "POST", body: { accept } });
    await load();
    status(accept ? `You now mentor ${request.learner.displayName}.` : `You declined ${request.learner.displayName}.`);
    $("incoming-heading").focus();
  } catch (error) {
    showError(error, "Could not answer the request.");
  }
}

function outgoingItem(request) {
  const state = { Pending: "waiting for an answer", Accepted: "accepted", Declined: "declined" }[request.status] ?? request.status;
  return el("li", { className: "roundtable", text: `To ${request.mentor.displayName}: ${state}` });
}

async function showSuggestions(cohortId) {
  const list = $("suggestions");
  try {
    const suggestions = await api(`/api/cohorts/${encodeURIComponent(cohortId)}/mentor-suggestions`);
    list.replaceChildren(...(suggestions.length ? suggestions.map((s) => suggestionItem(cohortId, s)) : [empty("No mentor with open places offers what your profile wants yet.")]));
    status(`${suggestions.length} suggested mentor${suggestions.length === 1 ? "" : "s"}.`);
  } catch (error) {
    showError(error, "Could not load suggestions.");
  }
}

function suggestionItem(cohortId, suggestion) {
  const message = el("input");
  message.type = "text";
  message.maxLength = 500;
  message.id = `message-${suggestion.mentor.userId}`;
  const label = el("label", { text: `Message to ${suggestion.mentor.displayName} (optional)` });
  label.htmlFor = message.id;
  const ask = el("button", { className: "button small", text: `Ask ${suggestion.mentor.displayName}` });
  ask.type = "button";
  ask.addEventListener("click", async () => {
    try {
      await api(`/api/cohorts/${encodeURIComponent(cohortId)}/mentor-requests`, { method: "POST", body: { mentorId: suggestion.mentor.userId, message: message.value } });
      status(`Asked ${suggestion.mentor.displayName}.`);
      await load();
    } catch (error) {
      showError(error, "Could not send the request.");
    }
  });
  const places = suggestion.openPlaces === 1 ? "1 open place" : `${suggestion.openPlaces} open places`;
  return el("li", { className: "roundtable" },
    el("div", { className: "roundtable-head" }, el("strong", { text: suggestion.mentor.displayName }), el("span", { className: "meta", text: places })),
    textList(suggestion.reasons),
    el("div", { className: "proposal-actions" }, el("div", { className: "field" }, label, message), ask));
}

$("ask-form").addEventListener("submit", (event) => {
  event.preventDefault();
  showSuggestions(/** @type {HTMLSelectElement} */ ($("ask-cohort")).value);
});

async function load() {
  $("circles-error").hidden = true;
  try {
    const [home, mine] = await Promise.all([shell.home(), api("/api/my-matching")]);
    $("my-circles").replaceChildren(...(mine.circles.length ? mine.circles.map(circleItem) : [empty("You are not in a circle yet.")]));
    $("my-mentorships").replaceChildren(...(mine.mentorships.length ? mine.mentorships.map(mentorshipItem(home.user.id)) : [empty("No mentor or mentee yet.")]));
    $("incoming").replaceChildren(...(mine.incoming.length ? mine.incoming.map(incomingItem) : [empty("Nobody is waiting for your answer.")]));
    $("outgoing").replaceChildren(...(mine.outgoing.length ? mine.outgoing.map(outgoingItem) : [empty("None yet.")]));
    const learning = home.cohorts.filter((c) => c.cohort.myRole === "Learner");
    const select = /** @type {HTMLSelectElement} */ ($("ask-cohort"));
    if (!select.options.length) {
      select.replaceChildren(...learning.map(({ cohort }) => {
        const option = el("option", { text: cohort.name });
        option.value = cohort.id;
        return option;
      }));
    }
    $("ask-section").hidden = learning.length === 0;
    await loadCoached(home.cohorts.filter((c) => c.cohort.myRole === "Coach" || c.cohort.myRole === "Admin"));
    status("");
  } catch (error) {
    status("");
    showError(error, "Could not load your circles.");
  }
}

/** The circles of the cohorts the viewer coaches (or, as an admin, runs), one cohort at a time. */
async function loadCoached(cohorts) {
  $("coached-section").hidden = cohorts.length === 0;
  if (cohorts.length === 0) {
    return;
  }
  const select = /** @type {HTMLSelectElement} */ ($("coached-cohort"));
  if (!select.options.length) {
    select.replaceChildren(...cohorts.map(({ cohort }) => {
      const option = el("option", { text: cohort.name });
      option.value = cohort.id;
      return option;
    }));
  }
  const circles = await api(`/api/cohorts/${encodeURIComponent(select.value)}/circles`);
  $("coached-circles").replaceChildren(...(circles.length ? circles.map(circleItem) : [empty("This cohort has no circles yet; form them from Matching.")]));
}

$("coached-cohort").addEventListener("change", () => load());
$("incoming-heading").tabIndex = -1;
load();
