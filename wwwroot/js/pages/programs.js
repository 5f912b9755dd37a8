// @ts-check
// The programs page (admins): every program, a new one, and for the chosen one (?program=) its details, archiving,
// the template its new cohorts copy (agenda, default rubric, planning exercise), the dashboard's thresholds and its
// cohorts, with a new cohort.
import { api, ApiError } from "../lib/api.js";
import { $, el } from "../lib/dom.js";
import { clearFieldErrors, showFieldErrors } from "../lib/forms.js";
import { errorMessage, showStatus } from "../lib/alerts.js";
import { mountPageShell } from "../lib/page-shell.js";

const shell = mountPageShell();
const params = new URLSearchParams(location.search);
const programId = params.get("program");
const status = $("programs-status");
const errorBox = $("programs-error");

/** @param {string} text */
function say(text) {
  showStatus(status, text);
  status.hidden = false;
}

/**
 * Runs a form's request: field errors beside their fields (focus on the first), anything else in the page's alert.
 * @param {HTMLFormElement} form @param {() => Promise<void>} send @param {string} fallback
 */
async function submitting(form, send, fallback) {
  clearFieldErrors(form);
  for (const control of form.querySelectorAll("textarea, select")) {
    control.removeAttribute("aria-invalid");
  }
  errorBox.textContent = "";
  const button = /** @type {HTMLButtonElement | null} */ (form.querySelector('button[type="submit"]'));
  if (button) {
    button.disabled = true;
  }
  try {
    await send();
  } catch (error) {
    const first = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
    for (const [field, messages] of Object.entries(error instanceof ApiError ? error.errors : {})) {
      // showFieldErrors marks inputs; selects and text areas are marked here.
      const control = form.querySelector(`[name="${CSS.escape(field)}" i]`);
      if (control && !(control instanceof HTMLInputElement)) {
        control.setAttribute("aria-invalid", "true");
        const message = form.querySelector(`#${control.id}-error`);
        if (message instanceof HTMLElement) {
          message.textContent = messages.join(" ");
          message.hidden = false;
        }
      }
    }
    if (first) {
      first.focus();
    }
    errorBox.textContent = errorMessage(error, fallback);
  } finally {
    if (button) {
      button.disabled = false;
    }
  }
}

// ---- the list ------------------------------------------------------------------------------------

async function showList() {
  const archived = /** @type {HTMLInputElement} */ ($("show-archived")).checked;
  const programs = await api(`/api/programs${archived ? "?includeArchived=true" : ""}`);
  $("program-list").replaceChildren(...programs.map((p) => {
    const link = el("a", { text: p.name });
    link.href = `/programs.html?program=${encodeURIComponent(p.id)}`;
    /** @type {(Node | string)[]} */
    const parts = [link];
    if (p.archived) {
      parts.push(" ", el("span", { className: "tag", text: "archived" }));
    }
    if (p.description) {
      parts.push(el("p", { className: "meta", text: p.description }));
    }
    return el("li", {}, ...parts);
  }));
  if (programs.length === 0) {
    $("program-list").replaceChildren(el("li", { className: "hint", text: "No programs yet." }));
  }
}

function setUpList() {
  $("list-section").hidden = false;
  $("show-archived").addEventListener("change", () => showList().catch((e) => { errorBox.textContent = errorMessage(e, "Could not load the programs."); }));
  const form = /** @type {HTMLFormElement} */ ($("create-form"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(form, async () => {
      const created = await api("/api/programs", {
        method: "POST",
        body: { name: /** @type {HTMLInputElement} */ ($("create-name")).value, description: /** @type {HTMLTextAreaElement} */ ($("create-description")).value },
      });
      location.assign(`/programs.html?program=${encodeURIComponent(created.id)}`);
    }, "Could not create the program.");
  });
}

// ---- one program ---------------------------------------------------------------------------------

/** @type {any} */
let setup = null;

function agendaRow(item = { topic: "", minutes: 10 }) {
  const row = el("li", { className: "template-agenda-item" });
  const topic = el("input");
  topic.maxLength = 500;
  topic.autocomplete = "off";
  const minutes = el("input");
  minutes.type = "number";
  minutes.min = "1";
  minutes.max = "120";
  minutes.inputMode = "numeric";
  topic.value = item.topic;
  minutes.value = String(item.minutes);
  const topicError = el("p", { className: "field-error" });
  const minutesError = el("p", { className: "field-error" });
  topicError.hidden = minutesError.hidden = true;
  const topicLabel = el("label", { text: "Topic" });
  const minutesLabel = el("label", { text: "Minutes" });
  const remove = el("button", { className: "button small", text: "Remove" });
  remove.type = "button";
  const number = el("span", { className: "visually-hidden" });
  remove.append(number);
  remove.addEventListener("click", () => {
    const next = /** @type {HTMLElement | null} */ (row.nextElementSibling ?? row.previousElementSibling);
    row.remove();
    renumberAgenda();
    (next?.querySelector("input") ?? $("add-agenda-item")).focus();
  });
  row.append(el("div", { className: "field" }, topicLabel, topic, topicError), el("div", { className: "field minutes" }, minutesLabel, minutes, minutesError), remove);
  Object.assign(row, { parts: { topic, minutes, topicLabel, minutesLabel, topicError, minutesError, number } });
  return row;
}

/** Names, ids and labels follow the item's position, as the server's error keys do ("agendaItems[0].topic"). */
function renumberAgenda() {
  [...$("agenda-items").children].forEach((row, index) => {
    const parts = /** @type {any} */ (row).parts;
    parts.topic.name = `agendaItems[${index}].topic`;
    parts.minutes.name = `agendaItems[${index}].minutes`;
    parts.topic.id = `agenda-topic-${index}`;
    parts.minutes.id = `agenda-minutes-${index}`;
    parts.topicError.id = `agenda-topic-${index}-error`;
    parts.minutesError.id = `agenda-minutes-${index}-error`;
    parts.topicLabel.htmlFor = parts.topic.id;
    parts.minutesLabel.htmlFor = parts.minutes.id;
    parts.topicLabel.textContent = `Topic ${index + 1}`;
    parts.minutesLabel.textContent = `Minutes for topic ${index + 1}`;
    parts.number.textContent = ` topic ${index + 1}`;
  });
}

function showProgram() {
  const { program, template, rubrics, thresholds } = setup;
  $("page-heading").textContent = `Program: ${program.name}`;
  document.title = `${program.name} · Programs · Roundtable`;
  $("program-heading").textContent = program.name;
  $("archived-note").hidden = !program.archived;
  $("archive-button").textContent = program.archived ? "Bring back into use" : "Archive program";
  /** @type {HTMLInputElement} */ ($("details-name")).value = program.name;
  /** @type {HTMLTextAreaElement} */ ($("details-description")).value = program.description;
  $("agenda-items").replaceChildren(...template.agendaItems.map(agendaRow));
  renumberAgenda();
  const rubric = /** @type {HTMLSelectElement} */ ($("template-rubric"));
  rubric.replaceChildren(Object.assign(el("option", { text: "None: the coach chooses each time" }), { value: "" }),
    ...rubrics.map((r) => Object.assign(el("option", { text: r.name }), { value: r.id })));
  rubric.value = template.rubricId ?? "";
  /** @type {HTMLInputElement} */ ($("exercise-title")).value = template.exercise?.title ?? "";
  /** @type {HTMLTextAreaElement} */ ($("exercise-instructions")).value = template.exercise?.instructions ?? "";
  /** @type {HTMLInputElement} */ ($("exercise-days")).value = template.exercise ? String(template.exercise.daysUntilDue) : "7";
  /** @type {HTMLInputElement} */ ($("threshold-missed")).value = String(thresholds.missedSessionsInARow);
  /** @type {HTMLInputElement} */ ($("threshold-declining")).value = String(thresholds.decliningPresentations);
  /** @type {HTMLInputElement} */ ($("threshold-feedback")).value = String(thresholds.minFeedbackGiven);
  /** @type {HTMLInputElement} */ ($("threshold-contributions")).value = String(thresholds.minContributions);
  $("cohort-form").hidden = program.archived;
}

async function showCohorts() {
  const cohorts = await api(`/api/programs/${encodeURIComponent(programId ?? "")}/cohorts`);
  $("cohort-list").replaceChildren(...cohorts.map((c) => {
    const link = el("a", { text: `Set up ${c.name}` });
    link.href = `/cohort-setup.html?cohort=${encodeURIComponent(c.id)}`;
    const dates = c.startDate ? ` (${c.startDate}${c.endDate ? ` to ${c.endDate}` : ""})` : "";
    return el("li", {}, link, dates);
  }));
  if (cohorts.length === 0) {
    $("cohort-list").replaceChildren(el("li", { className: "hint", text: "No cohorts yet." }));
  }
}

/** @param {string} id @returns {number | null} */
function numberIn(id) {
  const text = /** @type {HTMLInputElement} */ ($(id)).value.trim();
  return text === "" ? null : Number(text);
}

function setUpProgram() {
  $("program-section").hidden = false;
  const base = `/api/programs/${encodeURIComponent(programId ?? "")}`;
  const details = /** @type {HTMLFormElement} */ ($("details-form"));
  details.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(details, async () => {
      setup.program = await api(base, {
        method: "PUT",
        body: { name: /** @type {HTMLInputElement} */ ($("details-name")).value, description: /** @type {HTMLTextAreaElement} */ ($("details-description")).value },
      });
      showProgram();
      say("Details saved.");
    }, "Could not save the details.");
  });
  $("archive-button").addEventListener("click", () => submitting(details, async () => {
    setup.program = await api(`${base}/archived`, { method: "PUT", body: { archived: !setup.program.archived } });
    showProgram();
    say(setup.program.archived ? "The program is archived." : "The program is back in use.");
  }, "Could not change whether the program is archived."));

  $("add-agenda-item").addEventListener("click", () => {
    const row = agendaRow();
    $("agenda-items").append(row);
    renumberAgenda();
    /** @type {any} */ (row).parts.topic.focus();
  });
  const template = /** @type {HTMLFormElement} */ ($("template-form"));
  template.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(template, async () => {
      const agendaItems = [...$("agenda-items").children].map((row) => {
        const parts = /** @type {any} */ (row).parts;
        return { topic: parts.topic.value, minutes: parts.minutes.value === "" ? null : Number(parts.minutes.value) };
      });
      const title = /** @type {HTMLInputElement} */ ($("exercise-title")).value;
      const instructions = /** @type {HTMLTextAreaElement} */ ($("exercise-instructions")).value;
      const exercise = title.trim() || instructions.trim() ? { title, instructions, daysUntilDue: numberIn("exercise-days") } : null;
      setup.template = await api(`${base}/template`, {
        method: "PUT",
        body: { agendaItems, rubricId: /** @type {HTMLSelectElement} */ ($("template-rubric")).value || null, exercise },
      });
      say("Template saved. Cohorts created from now on copy it.");
    }, "Could not save the template.");
  });

  const thresholds = /** @type {HTMLFormElement} */ ($("thresholds-form"));
  thresholds.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(thresholds, async () => {
      setup.thresholds = await api(`${base}/dashboard/thresholds`, {
        method: "PUT",
        body: {
          missedSessionsInARow: numberIn("threshold-missed"), decliningPresentations: numberIn("threshold-declining"),
          minFeedbackGiven: numberIn("threshold-feedback"), minContributions: numberIn("threshold-contributions"),
        },
      });
      say("Thresholds saved.");
    }, "Could not save the thresholds.");
  });

  const cohort = /** @type {HTMLFormElement} */ ($("cohort-form"));
  cohort.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(cohort, async () => {
      const value = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id)).value || null;
      const created = await api(`${base}/cohorts`, {
        method: "POST",
        body: { name: value("cohort-name") ?? "", startDate: value("cohort-start"), endDate: value("cohort-end") },
      });
      cohort.reset();
      await showCohorts();
      say(`Cohort ${created.name} created with a copy of the template.`);
    }, "Could not create the cohort.");
  });
}

async function load() {
  try {
    const home = await shell.home();
    if (!home.user.isAdmin) {
      say("Only admins set up programs. Coaches set up their cohorts from the home page.");
      return;
    }
    if (programId) {
      setup = await api(`/api/programs/${encodeURIComponent(programId)}/setup`);
      setUpProgram();
      showProgram();
      await showCohorts();
    } else {
      setUpList();
      await showList();
    }
    status.textContent = "";
    status.hidden = true;
  } catch (error) {
    say("");
    errorBox.textContent = errorMessage(error, "Could not load the programs.");
  }
}

load();
