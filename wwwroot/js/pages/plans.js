// @ts-check
// The plans page. Coaches assign planning exercises and follow every learner's status; learners write a plan, carry it
// out, write how it went and revise when asked; managers read their reports' work and give feedback (the cohort's coaches
// do, for a learner with no manager). One learner's work on one exercise opens with ?exercise=<id>&learner=<id>. All
// Markdown is rendered and sanitised by the server; this page inserts only that HTML and sets everything else as text.
import { api, ApiError } from "../lib/api.js";
import { el, serverHtml, $ } from "../lib/dom.js";
import { field, clearFieldErrors, showFieldErrors } from "../lib/forms.js";
import { formatDateTime } from "../lib/format.js";
import { dataTable } from "../lib/tables.js";
import { mountPageShell } from "../lib/page-shell.js";
import { markdownPreview } from "../lib/markdown-preview.js";
import { planStatusBadge, planStatusLabels, planUrl } from "../lib/plan-status.js";

const shell = mountPageShell();

// As PlanLimits on the server, which has the last word.
const limits = { plan: 32 * 1024, reflection: 32 * 1024, feedback: 8 * 1024, prompt: 8 * 1024 };

const params = new URLSearchParams(location.search);


const kindLabels = { Plan: "Plan", Reflection: "Reflection", Feedback: "Feedback" };

function setStatus(text) {
  $("plans-status").textContent = text;
}

function showError(error, fallback) {
  $("plans-error").textContent = error instanceof ApiError ? error.message : fallback;
}


function timeEl(iso) {
  const time = el("time", { text: formatDateTime(iso) });
  time.dateTime = iso;
  return time;
}


/** Server-sanitised HTML in a box of its own. */
function rendered(html, className = "message-body") {
  const body = el("div", { className });
  serverHtml(body, html, { headingBase: 3 });
  return body;
}

// ---- Markdown with a live preview -----------------------------------------------------------------

/** Beside a Markdown textarea: its size against the limit, and a preview the server renders as the person types. */
function livePreview(textarea, label, maxBytes) {
  const live = markdownPreview(textarea, { heading: `Preview of the ${label.toLowerCase()}`, className: "plan-preview", maxBytes });
  return { elements: [live.size, live.region], tooLong: live.tooLong };
}

/** A labelled Markdown textarea with its error line, size and live preview. */
function markdownField({ label, name, value = "", maxBytes }) {
  const textarea = el("textarea");
  textarea.name = name;
  textarea.rows = 6;
  textarea.value = value;
  const wrap = field(label, textarea);
  const error = el("p", { className: "field-error" });
  error.id = `${textarea.id}-error`;
  error.hidden = true;
  const live = livePreview(textarea, label, maxBytes);
  wrap.append(error, ...live.elements);
  return { wrap, textarea, error, tooLong: live.tooLong };
}

/**
 * A form that sends Markdown with the version it was written from. A refusal is shown beside the text and keeps it, so
 * nothing typed is lost; on success the work is shown again as the server has it.
 * @param {{heading: string, label: string, name: string, value?: string, maxBytes: number, submitText: string,
 *   extra?: HTMLElement[], send: (markdown: string) => Promise<void>}} options
 */
function workForm({ heading, label, name, value, maxBytes, submitText, extra = [], send }) {
  const md = markdownField({ label, name, value, maxBytes });
  const submit = el("button", { className: "button primary", text: submitText });
  submit.type = "submit";
  const titleEl = el("h3", { text: heading });
  const form = el("form", { className: "stack plan-form" }, titleEl, md.wrap, ...extra, el("p", {}, submit));
  form.noValidate = true;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    md.error.hidden = true;
    md.textarea.removeAttribute("aria-invalid");
    const fail = (message) => {
      md.error.textContent = message;
      md.error.hidden = false;
      md.textarea.setAttribute("aria-invalid", "true");
      md.textarea.focus();
    };
    if (!md.textarea.value.trim()) {
      fail(`Write the ${name}; it cannot be empty.`);
      return;
    }
    if (md.tooLong()) {
      fail(`The ${name} is longer than ${maxBytes / 1024} KB; shorten it.`);
      return;
    }
    submit.disabled = true;
    try {
      await send(md.textarea.value);
    } catch (error) {
      fail(error instanceof ApiError ? error.message : `Could not save the ${name}. Your text is still here; try again.`);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// ---- one learner's work ---------------------------------------------------------------------------

const latest = (entries, kind) => entries.filter((e) => e.kind === kind).at(-1);

function entryMeta(entry) {
  return el("p", { className: "meta" }, `${kindLabels[entry.kind]}, version ${entry.number} · `, timeEl(entry.at), ` · ${entry.byName}`,
    entry.revisionRequested ? " · asked for a revision" : "");
}

function workBlock(title, entry, emptyText) {
  const heading = el("h3", { text: title });
  return el("div", { className: "plan-block" }, heading, entry ? entryMeta(entry) : "", entry ? rendered(entry.html) : el("p", { className: "hint", text: emptyText }));
}

function historyList(entries) {
  if (entries.length === 0) {
    return el("p", { className: "hint", text: "Nothing saved yet." });
  }
  return el("ol", { className: "plan-history" }, ...entries.map((entry) => {
    const summary = el("summary", {}, `${kindLabels[entry.kind]}, version ${entry.number} · `, timeEl(entry.at), ` · ${entry.byName}`,
      entry.revisionRequested ? " · asked for a revision" : "");
    return el("li", {}, el("details", {}, summary, rendered(entry.html)));
  }));
}

async function save(detail, path, body, what) {
  const updated = await api(path, { method: path.endsWith("/feedback") ? "POST" : "PUT", body });
  showDetail(updated, { focusHeading: false });
  // Focus was on the button that is now gone: the heading keeps the person where they were.
  $("plan-detail-heading").focus();
  setStatus(`${what} saved. Status: ${planStatusLabels[updated.plan.status]}.`);
  await showLists().catch((error) => showError(error, "Could not refresh the lists."));
}

function showDetail(detail, { focusHeading = true } = {}) {
  const { exercise, plan, entries } = detail;
  const path = `/api/plan-exercises/${encodeURIComponent(exercise.id)}/plans/${encodeURIComponent(plan.learnerId)}`;
  const heading = el("h2", { text: `${exercise.title}: ${plan.learnerName}` });
  heading.id = "plan-detail-heading";
  heading.tabIndex = -1;
  const meta = el("p", { className: "meta" }, `${exercise.cohortName} · due `, timeEl(exercise.dueAt), ` · set by ${exercise.assignedByName}`,
    exercise.roundtableTitle ? ` after “${exercise.roundtableTitle}”` : "");
  const status = el("p", {}, "Status: ", planStatusBadge(plan.status));
  const prompt = el("div", { className: "plan-block" }, el("h3", { text: "The exercise" }), rendered(exercise.promptHtml));

  const planEntry = latest(entries, "Plan");
  const reflectionEntry = latest(entries, "Reflection");
  const feedback = entries.filter((e) => e.kind === "Feedback");
  /** @type {(HTMLElement | string)[]} */
  const parts = [heading, meta, status, prompt,
    workBlock("Plan", planEntry, detail.mayWrite ? "You have not written your plan yet." : "No plan yet."),
    workBlock("How it went", reflectionEntry, planEntry ? "No reflection yet: it comes after carrying out the plan." : "The reflection comes after the plan.")];

  const feedbackBlock = el("div", { className: "plan-block" }, el("h3", { text: "Feedback" }),
    el("p", { className: "meta", text: `Reviewed by ${detail.reviewers}.` }));
  feedbackBlock.append(feedback.length
    ? el("ul", { className: "feedback-entries" }, ...feedback.map((f) => el("li", { className: "feedback-entry" }, entryMeta(f), rendered(f.html))))
    : el("p", { className: "hint", text: "No feedback yet." }));
  parts.push(feedbackBlock);

  if (detail.mayWrite) {
    parts.push(workForm({
      heading: planEntry ? "Revise your plan" : "Write your plan",
      label: "Plan", name: "plan", value: planEntry?.markdown ?? "", maxBytes: limits.plan, submitText: "Save plan",
      send: (markdown) => save(detail, `${path}/plan`, { baseVersion: plan.version, markdown }, "Plan"),
    }));
    if (planEntry) {
      parts.push(workForm({
        heading: reflectionEntry ? "Revise how it went" : "Write how it went",
        label: "Reflection", name: "reflection", value: reflectionEntry?.markdown ?? "", maxBytes: limits.reflection, submitText: "Save reflection",
        send: (markdown) => save(detail, `${path}/reflection`, { baseVersion: plan.version, markdown }, "Reflection"),
      }));
    }
  }
  if (detail.mayGiveFeedback && planEntry) {
    const revision = el("input");
    revision.type = "checkbox";
    revision.name = "requestRevision";
    const revisionLabel = el("label", { className: "check" }, revision, "Ask for a revision");
    parts.push(workForm({
      heading: "Give feedback", label: "Feedback", name: "feedback", maxBytes: limits.feedback, submitText: "Send feedback", extra: [revisionLabel],
      send: (markdown) => save(detail, `${path}/feedback`, { baseVersion: plan.version, markdown, requestRevision: revision.checked }, "Feedback"),
    }));
  }
  parts.push(el("h3", { text: "Version history" }), historyList(entries));

  const section = $("plan-detail");
  section.replaceChildren(...parts);
  section.hidden = false;
  if (focusHeading) {
    heading.focus();
  }
}

// ---- lists ----------------------------------------------------------------------------------------

function summaryItem({ exercise, plan }, showLearner) {
  const link = el("a", { text: showLearner ? `${plan.learnerName}: ${exercise.title}` : exercise.title });
  link.href = planUrl(exercise.id, plan.learnerId);
  return el("li", { className: "roundtable" },
    el("div", { className: "roundtable-head" }, link, planStatusBadge(plan.status)),
    el("p", { className: "meta" }, `${exercise.cohortName} · due `, timeEl(exercise.dueAt)));
}

function showList(sectionId, listId, items, showLearner, emptyText) {
  $(listId).replaceChildren(...(items.length ? items.map((item) => summaryItem(item, showLearner)) : [el("li", { className: "hint", text: emptyText })]));
  $(sectionId).hidden = false;
}

// ---- the coach's side -----------------------------------------------------------------------------

const statusColumns = [
  { label: "Learner", header: true, text: (row) => row.learnerName, render: (row) => {
    const link = el("a", { text: row.learnerName });
    link.href = planUrl(row.exerciseId, row.learnerId);
    return link;
  } },
  { label: "Status", text: (row) => planStatusLabels[row.status], render: (row) => planStatusBadge(row.status) },
  { label: "Plan versions", text: (row) => String(row.planVersions) },
  { label: "Reflection versions", text: (row) => String(row.reflectionVersions) },
  { label: "Last saved", text: (row) => (row.updatedAt ? formatDateTime(row.updatedAt) : "—") },
];

async function showExerciseTables(cohorts) {
  const blocks = [];
  for (const cohort of cohorts) {
    const exercises = await api(`/api/cohorts/${encodeURIComponent(cohort.id)}/plan-exercises`);
    for (const { exercise, learners } of exercises) {
      const caption = `${exercise.title} (${cohort.name}, due ${formatDateTime(exercise.dueAt)})`;
      const meta = el("p", { className: "meta" }, `${cohort.name} · due `, timeEl(exercise.dueAt), ` · set by ${exercise.assignedByName}`,
        exercise.roundtableTitle ? ` after “${exercise.roundtableTitle}”` : "");
      blocks.push(el("div", { className: "exercise-status" }, el("h4", { text: exercise.title }), meta,
        rendered(exercise.promptHtml, "message-body plan-prompt"),
        dataTable({ caption, columns: statusColumns, rows: learners })));
    }
  }
  $("exercise-tables").replaceChildren(el("h3", { text: "Where each learner stands" }),
    ...(blocks.length ? blocks : [el("p", { className: "hint", text: "No planning exercises set yet." })]));
}

function option(value, text) {
  const o = el("option", { text });
  o.value = value;
  return o;
}

async function fillCohortChoices(home) {
  const cohortId = /** @type {HTMLSelectElement} */ ($("assign-cohort")).value;
  const entry = home.cohorts.find((c) => c.cohort.id === cohortId);
  $("assign-roundtable").replaceChildren(option("", "None"),
    ...(entry?.roundtables ?? []).map((rt) => option(rt.id, `${rt.title} (${formatDateTime(rt.scheduledStart)})`)));
  const [members, template] = await Promise.all([
    api(`/api/cohorts/${encodeURIComponent(cohortId)}/members`),
    api(`/api/cohorts/${encodeURIComponent(cohortId)}/template`).catch(() => null),
  ]);
  prefillFromTemplate(template?.exercise ?? null);
  const learners = members.filter((m) => m.role === "Learner");
  $("learner-choices").replaceChildren(...learners.map((m) => {
    const box = el("input");
    box.type = "checkbox";
    box.name = "learnerIds";
    box.value = m.userId;
    return el("label", { className: "check" }, box, m.displayName);
  }));
}

// What the form holds from the last cohort's template, so a switch of cohort replaces it but never what was typed.
/** @type {{title: string, prompt: string, due: string}} */
let prefilled = { title: "", prompt: "", due: "" };

/** Fills the assignment form with the cohort's exercise template, where the coach has not typed anything of their own. */
function prefillFromTemplate(exercise) {
  const title = /** @type {HTMLInputElement} */ ($("assign-title"));
  const prompt = /** @type {HTMLTextAreaElement} */ ($("assign-prompt"));
  const due = /** @type {HTMLInputElement} */ ($("assign-due"));
  const next = { title: exercise?.title ?? "", prompt: exercise?.instructions ?? "", due: exercise ? localInputValue(exercise.daysUntilDue) : "" };
  const untouched = (input, key) => input.value === "" || input.value === prefilled[key];
  if (untouched(title, "title")) {
    title.value = next.title;
  }
  if (untouched(prompt, "prompt")) {
    prompt.value = next.prompt;
    prompt.dispatchEvent(new Event("input"));
  }
  if (untouched(due, "due")) {
    due.value = next.due;
  }
  prefilled = next;
}

/** A datetime-local value that many days from now, at 17:00 on this computer's clock. */
function localInputValue(days) {
  const at = new Date();
  at.setDate(at.getDate() + days);
  at.setHours(17, 0, 0, 0);
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

function setUpAssignForm(home, cohorts) {
  const form = /** @type {HTMLFormElement} */ ($("assign-form"));
  $("assign-cohort").replaceChildren(...cohorts.map((c) => option(c.id, c.name)));
  $("assign-cohort").addEventListener("change", () => fillCohortChoices(home).catch((e) => showError(e, "Could not load the cohort's learners.")));
  const prompt = /** @type {HTMLTextAreaElement} */ ($("assign-prompt"));
  prompt.closest(".field")?.append(...livePreview(prompt, "Prompt", limits.prompt).elements);
  for (const radio of form.querySelectorAll('input[name="audience"]')) {
    radio.addEventListener("change", () => { $("learner-choices").hidden = form.audience.value !== "chosen"; });
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    for (const control of form.querySelectorAll("textarea, select")) {
      control.removeAttribute("aria-invalid");
    }
    $("plans-error").textContent = "";
    const due = form.dueAt.value ? new Date(form.dueAt.value) : null;
    const chosen = [.../** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll('input[name="learnerIds"]:checked'))].map((b) => b.value);
    const body = {
      title: /** @type {HTMLInputElement} */ ($("assign-title")).value,
      promptMarkdown: prompt.value,
      dueAt: due && !Number.isNaN(due.getTime()) ? due.toISOString() : null,
      roundtableId: form.roundtableId.value || null,
      learnerIds: form.audience.value === "chosen" ? chosen : null,
    };
    if (form.audience.value === "chosen" && chosen.length === 0) {
      const error = $("assign-learners-error");
      error.textContent = "Choose at least one learner, or assign it to the whole cohort.";
      error.hidden = false;
      /** @type {HTMLInputElement | null} */ (form.querySelector('input[name="learnerIds"]'))?.focus();
      return;
    }
    try {
      const exercise = await api(`/api/cohorts/${encodeURIComponent(form.cohortId.value)}/plan-exercises`, { method: "POST", body });
      setStatus(`Assigned “${exercise.title}” to ${exercise.learners} ${exercise.learners === 1 ? "learner" : "learners"}.`);
      /** @type {HTMLInputElement} */ ($("assign-title")).value = "";
      prompt.value = "";
      prompt.dispatchEvent(new Event("input"));
      await showExerciseTables(page.runs);
    } catch (error) {
      if (error instanceof ApiError && error.errors) {
        const first = showFieldErrors(form, error.errors);
        if (error.errors.learnerIds) {
          $("assign-learners-error").textContent = error.errors.learnerIds.join(" ");
          $("assign-learners-error").hidden = false;
        }
        (first ?? $("assign-title")).focus();
      }
      showError(error, "Could not assign the exercise.");
    }
  });
  return fillCohortChoices(home);
}

// ---- start ----------------------------------------------------------------------------------------

/** @type {{home: any, runs: any[]}} */
const page = { home: null, runs: [] };

/** The caller's own exercises, their reports' and, for coaches, every exercise's table, as they stand now. */
async function showLists() {
  const [mine, reports] = await Promise.all([api("/api/my-plans"), api("/api/my-reports/plans")]);
  if (mine.length || page.home.cohorts.some((c) => c.cohort.myRole === "Learner")) {
    showList("my-plans-section", "my-plans", mine, false, "No planning exercises for you yet.");
  }
  if (reports.length) {
    showList("reports-section", "reports", reports, true, "");
  }
  if (page.runs.length) {
    await showExerciseTables(page.runs);
  }
}

async function load() {
  try {
    page.home = await shell.home();
    const exerciseId = params.get("exercise");
    const learnerId = params.get("learner");
    if (exerciseId && learnerId) {
      showDetail(await api(`/api/plan-exercises/${encodeURIComponent(exerciseId)}/plans/${encodeURIComponent(learnerId)}`));
    }
    page.runs = page.home.cohorts.filter((c) => c.cohort.myRole === "Coach" || c.cohort.myRole === "Admin").map((c) => c.cohort);
    if (page.runs.length) {
      $("coach-section").hidden = false;
      await setUpAssignForm(page.home, page.runs);
    }
    await showLists();
    setStatus("");
  } catch (error) {
    setStatus("");
    showError(error, "Could not load the plans.");
  }
}

load();
