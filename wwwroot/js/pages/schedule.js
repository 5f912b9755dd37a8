// @ts-check
// A cohort's schedule: its sessions, upcoming and past, each time in the viewer's zone with an "Add to calendar" file;
// for its coaches and admins, scheduling a session or a weekly or fortnightly series in a time zone, and changing or
// cancelling one session or it and the later ones of its series.
import { api, ApiError } from "../lib/api.js";
import { el, $ } from "../lib/dom.js";
import { checkedField, clearFieldErrors, input, showFieldErrors, zoneSelect } from "../lib/forms.js";
import { currentTimeZone, formatWhen, localInputValue, statusBadge } from "../lib/format.js";
import { mountPageShell } from "../lib/page-shell.js";
import { showStatus, errorMessage } from "../lib/alerts.js";

const shell = mountPageShell();
const cohortId = new URLSearchParams(location.search).get("cohort") ?? "";
const status = $("schedule-status");

/** @type {{cohort: any, roundtables: any[], canSchedule: boolean}} */
const page = { cohort: null, roundtables: [], canSchedule: false };

function submitButton(text) {
  const button = el("button", { className: "button primary", text });
  button.type = "submit";
  return button;
}

/** Shows a refusal: beside its fields when the server named them, else in the status line. */
function showProblem(form, error) {
  if (error instanceof ApiError && Object.keys(error.errors).length) {
    showFieldErrors(form, error.errors)?.focus();
  }
  showStatus(status, errorMessage(error, "That did not work; try again."), { error: true });
}

function buildNewForm() {
  const form = /** @type {HTMLFormElement} */ ($("new-form"));
  const repeat = el("select");
  repeat.name = "repeat";
  for (const [value, text] of [["None", "Does not repeat"], ["Weekly", "Every week"], ["Fortnightly", "Every two weeks"]]) {
    const option = el("option", { text });
    option.value = value;
    repeat.append(option);
  }
  const occurrences = input("number", "occurrences", "6");
  occurrences.min = "1";
  occurrences.max = "52";
  const until = input("date", "until");
  const series = el("div", { className: "stack" },
    checkedField("Number of sessions", occurrences, "Or leave empty and give the last date."),
    checkedField("Last date", until));
  series.hidden = true;
  repeat.addEventListener("change", () => {
    series.hidden = repeat.value === "None";
  });
  const duration = input("number", "durationMinutes", "60");
  duration.min = "5";
  duration.max = "600";
  form.replaceChildren(
    checkedField("Title", input("text", "title")),
    checkedField("Starts", input("datetime-local", "start"), "The date and time in the time zone below."),
    checkedField("Time zone", zoneSelect("timeZone", currentTimeZone())),
    checkedField("Length in minutes", duration),
    checkedField("Repeats", repeat),
    series,
    submitButton("Schedule"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const data = new FormData(form);
    const repeating = data.get("repeat") !== "None";
    try {
      const result = await api(`/api/cohorts/${encodeURIComponent(cohortId)}/schedule`, {
        method: "POST",
        body: {
          title: data.get("title"),
          start: data.get("start"),
          timeZone: data.get("timeZone"),
          durationMinutes: Number(data.get("durationMinutes")) || null,
          repeat: data.get("repeat"),
          occurrences: repeating && data.get("occurrences") ? Number(data.get("occurrences")) : null,
          until: repeating && data.get("until") ? data.get("until") : null,
        },
      });
      const count = result.roundtables.length;
      showStatus(status, count === 1 ? `Scheduled “${result.roundtables[0].title}” for ${formatWhen(result.roundtables[0].scheduledStart)}.`
        : `Scheduled ${count} sessions of “${result.roundtables[0].title}”, the first on ${formatWhen(result.roundtables[0].scheduledStart)}.`);
      form.reset();
      series.hidden = true;
      await refresh();
    } catch (error) {
      showProblem(form, error);
    }
  });
}

/** Opens the form that changes one session (or it and the later ones of its series). */
function openEdit(rt) {
  const section = $("edit-section");
  const form = /** @type {HTMLFormElement} */ ($("edit-form"));
  const heading = $("edit-heading");
  heading.textContent = `Change “${rt.title}”`;
  const duration = input("number", "durationMinutes", String(rt.durationMinutes));
  duration.min = "5";
  duration.max = "600";
  /** @type {HTMLElement[]} */
  const fields = [
    checkedField("Title", input("text", "title", rt.title)),
    checkedField("Starts", input("datetime-local", "start", localInputValue(rt.scheduledStart, rt.timeZone)), "The date and time in the time zone below."),
    checkedField("Time zone", zoneSelect("timeZone", rt.timeZone)),
    checkedField("Length in minutes", duration),
  ];
  if (rt.seriesId) {
    const scope = el("fieldset", {}, el("legend", { text: "Change" }),
      ...[["this", "Only this session"], ["following", "This and the later sessions of the series"]].map(([value, text], i) => {
        const radio = input("radio", "scope", value);
        radio.id = `scope-${value}`;
        radio.checked = i === 0;
        const label = el("label", { text });
        label.htmlFor = radio.id;
        return el("div", { className: "check" }, radio, label);
      }));
    fields.push(scope);
  }
  const close = el("button", { className: "button", text: "Close" });
  close.type = "button";
  close.addEventListener("click", () => {
    section.hidden = true;
  });
  form.replaceChildren(...fields, el("div", { className: "actions" }, submitButton("Save the change"), close));
  form.onsubmit = async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const data = new FormData(form);
    try {
      const result = await api(`/api/roundtables/${encodeURIComponent(rt.id)}/schedule`, {
        method: "PUT",
        body: {
          scope: data.get("scope") ?? "this",
          title: data.get("title"),
          start: data.get("start"),
          timeZone: data.get("timeZone"),
          durationMinutes: Number(data.get("durationMinutes")) || null,
        },
      });
      section.hidden = true;
      showStatus(status, result.roundtables.length === 0 ? "Nothing changed."
        : result.roundtables.length === 1 ? `Changed “${result.roundtables[0].title}”: now ${formatWhen(result.roundtables[0].scheduledStart)}.`
        : `Changed ${result.roundtables.length} sessions of “${result.roundtables[0].title}”.`);
      await refresh();
    } catch (error) {
      showProblem(form, error);
    }
  };
  section.hidden = false;
  heading.focus();
}

async function cancel(rt, scope) {
  try {
    const result = await api(`/api/roundtables/${encodeURIComponent(rt.id)}/cancel`, { method: "POST", body: { scope } });
    showStatus(status, result.roundtables.length === 1 ? `Cancelled “${rt.title}” on ${formatWhen(rt.scheduledStart)}.`
      : `Cancelled ${result.roundtables.length} sessions of “${rt.title}”.`);
    await refresh();
  } catch (error) {
    showStatus(status, errorMessage(error, "Could not cancel it; try again."), { error: true });
  }
}

/** A button whose visible text is short and whose name says which session. */
function actionButton(text, rt, onClick) {
  const button = el("button", { className: "button", text }, el("span", { className: "visually-hidden", text: ` ${rt.title}, ${formatWhen(rt.scheduledStart)}` }));
  button.type = "button";
  button.addEventListener("click", onClick);
  return button;
}

function sessionItem(rt) {
  const when = el("time", { text: formatWhen(rt.scheduledStart) });
  when.dateTime = rt.scheduledStart;
  const title = el("a", { text: rt.title });
  title.href = `/room.html?id=${encodeURIComponent(rt.id)}`;
  const badge = statusBadge(rt.cancelled ? "Cancelled" : rt.status);
  const meta = el("p", { className: "meta" }, when, ` · ${rt.durationMinutes} min`, rt.seriesId ? " · part of a series" : "", " ", badge);
  const actions = el("div", { className: "actions" });
  if (!rt.cancelled) {
    const ics = el("a", { className: "button", text: "Add to calendar" }, el("span", { className: "visually-hidden", text: ` ${rt.title}, ${formatWhen(rt.scheduledStart)}` }));
    ics.href = `/api/roundtables/${encodeURIComponent(rt.id)}/calendar.ics`;
    ics.setAttribute("download", "");
    actions.append(ics);
  }
  if (page.canSchedule && !rt.cancelled && rt.status === "Scheduled") {
    actions.append(actionButton("Change", rt, () => openEdit(rt)), actionButton("Cancel", rt, () => cancel(rt, "this")));
    if (rt.seriesId) {
      actions.append(actionButton("Cancel this and later", rt, () => cancel(rt, "following")));
    }
  }
  return el("li", { className: "roundtable" }, el("div", { className: "roundtable-head" }, title), meta, actions);
}

function show(id, items, emptyText) {
  $(id).replaceChildren(items.length ? el("ul", { className: "roundtables" }, ...items.map(sessionItem)) : el("p", { className: "hint", text: emptyText }));
}

async function refresh() {
  page.roundtables = await api(`/api/cohorts/${encodeURIComponent(cohortId)}/roundtables`);
  const time = (rt) => new Date(rt.scheduledStart).getTime();
  const upcoming = page.roundtables.filter((rt) => !rt.cancelled && rt.status !== "Ended").sort((a, b) => time(a) - time(b));
  const past = page.roundtables.filter((rt) => rt.cancelled || rt.status === "Ended").sort((a, b) => time(b) - time(a));
  show("upcoming", upcoming, "Nothing is scheduled yet.");
  show("past", past, "Nothing has happened yet.");
}

async function load() {
  try {
    const [, cohort] = await Promise.all([shell.home(), api(`/api/cohorts/${encodeURIComponent(cohortId)}`)]);
    page.cohort = cohort;
    page.canSchedule = cohort.myRole === "Coach" || cohort.myRole === "Admin";
    $("page-title").textContent = `Schedule · ${cohort.name}`;
    document.title = `Schedule · ${cohort.name} · Roundtable`;
    $("schedule-zone").textContent = `Times are shown in ${currentTimeZone().replaceAll("_", " ")}; change that in Settings.`;
    if (page.canSchedule) {
      buildNewForm();
      $("new-section").hidden = false;
    }
    await refresh();
    showStatus(status, "");
  } catch (error) {
    showStatus(status, errorMessage(error, "Could not load the schedule."), { error: true });
  }
}

load();
