// @ts-check
// A presenter's history: their figures in each cohort at a glance, then every presentation with its peers' aggregate by
// criterion over time, the coach's rating, the comments and the presenter's reflection. ?user=<id> shows someone
// else's (their coach, manager or an admin).
import { api, ApiError } from "../lib/api.js";
import { el, serverHtml, $ } from "../lib/dom.js";
import { formatDateTime, formatScore as score } from "../lib/format.js";
import { lineChart } from "../lib/charts.js";
import { dataTable } from "../lib/tables.js";
import { figureColumns } from "./dashboard/learner-columns.js";
import { mountPageShell } from "../lib/page-shell.js";
import { calibratedAggregate } from "../lib/calibrated-aggregate.js";
import { loadError, showStatus, errorMessage } from "../lib/alerts.js";

const shell = mountPageShell();

/** Criteria across every presentation, by id, in the order first seen (ids stay the same across rubric versions). */
function criteriaOf(items) {
  const criteria = new Map();
  for (const item of items) {
    for (const c of item.feedback?.rubric.criteria ?? []) {
      if (!criteria.has(c.id)) {
        criteria.set(c.id, c.name);
      }
    }
  }
  return criteria;
}

/** The summary table: one row per presentation, the mean of each criterion and the weighted overall. */
function summaryTable(items, criteria) {
  const aggregate = (item) => item.feedback?.aggregate;
  const mean = (item, id) => aggregate(item)?.criteria.find((c) => c.criterionId === id)?.mean;
  const columns = [
    { label: "Date", header: true, text: (item) => formatDateTime(item.startedAt) },
    { label: "Roundtable", text: (item) => item.roundtableTitle },
    { label: "Peers", text: (item) => (aggregate(item) ? String(aggregate(item).submissions) : "—") },
    { label: "Overall", text: (item) => score(aggregate(item)?.overall) },
    ...[...criteria].map(([id, name]) => ({ label: name, text: (item) => score(mean(item, id)) })),
  ];
  return dataTable({ caption: "Peer feedback by presentation (means on each criterion's scale)", fileName: "presentations.csv", columns, rows: items });
}

/** The overall score over time as a line; the table above says the same in words. */
function trendChart(items) {
  const points = items
    .map((item) => ({ at: item.startedAt, overall: item.feedback?.aggregate?.overall }))
    .filter((p) => typeof p.overall === "number");
  if (points.length < 2) {
    return null;
  }
  const max = Math.max(5, ...items.flatMap((i) => i.feedback?.rubric.criteria.map((c) => c.levels.length) ?? []));
  const summary = points.map((p) => `${formatDateTime(p.at)}: ${score(p.overall)}`).join("; ");
  return lineChart({
    label: `Overall peer score over time, on a scale of 1 to ${max}. ${summary}`,
    caption: "Overall peer score per presentation, oldest first.",
    count: points.length,
    series: [{ name: "Overall", points: points.map((p, i) => ({ at: i, value: p.overall })) }],
    min: 1,
    max,
  });
}

/** Server-rendered, sanitised HTML (answers, reflections). */
function rendered(html) {
  const div = el("div", { className: "message-body" });
  serverHtml(div, html, { headingBase: 3 });
  return div;
}

function entryItem(entry, prompts) {
  const who = entry.displayName ?? "Anonymous peer";
  const item = el("li", { className: "feedback-entry" }, el("p", { className: "meta", text: who }));
  for (const answer of entry.answers) {
    item.append(el("p", { className: "prompt", text: prompts.get(answer.promptId) ?? "" }), rendered(answer.html));
  }
  return item;
}

/**
 * One presentation in full.
 * @param {any} item
 * @param {number} index
 * @param {boolean} mine the reader is its presenter
 */
function detail(item, index, mine) {
  const feedback = item.feedback;
  const headingId = `presentation-${index}`;
  const heading = el("h2", { text: `${item.roundtableTitle} · ${formatDateTime(item.startedAt)}` });
  heading.id = headingId;
  const section = el("section", { className: "presentation" }, heading);
  section.setAttribute("aria-labelledby", headingId);
  if (!feedback) {
    section.append(el("p", { className: "hint", text: "No feedback was opened on this presentation." }));
    return section;
  }
  section.append(el("p", { className: "meta", text: `${feedback.rubric.name}, version ${feedback.rubric.version}` }));
  if (item.calibrated) {
    section.append(...calibratedAggregate(item.calibrated, { presenter: mine }));
  }
  const prompts = new Map(feedback.rubric.prompts.map((p) => [p.id, p.text]));
  const entries = feedback.entries ?? [];
  const coach = entries.filter((e) => e.kind === "Coach");
  const self = entries.find((e) => e.kind === "Self");
  const scale = new Map(feedback.rubric.criteria.map((c) => [c.id, c.levels.length]));
  const ratings = (entry) => el("p", { className: "meta", text: Object.entries(entry.scores ?? {})
    .map(([id, s]) => `${feedback.rubric.criteria.find((c) => c.id === id)?.name ?? id}: ${s} of ${scale.get(id)}`).join(" · ") });
  for (const entry of coach) {
    section.append(el("h3", { text: `Coach's rating (${entry.displayName ?? "coach"})` }), ratings(entry));
  }
  if (self) {
    section.append(el("h3", { text: "Self-assessment" }), ratings(self));
  }
  const comments = entries.filter((e) => e.kind === "Peer" && !e.hidden && e.answers.length > 0);
  section.append(el("h3", { text: `Comments (${comments.length})` }));
  section.append(comments.length ? el("ul", { className: "feedback-entries" }, ...comments.map((e) => entryItem(e, prompts)))
    : el("p", { className: "hint", text: "No comments." }));
  section.append(el("h3", { text: "Reflection" }));
  section.append(feedback.reflection ? rendered(feedback.reflection.html) : el("p", { className: "hint", text: "No reflection written yet." }));
  return section;
}

/** The learner's figures in one cohort, as a list of terms; flags only where the viewer is shown them. */
function glanceOf(cohort, row, index) {
  const headingId = `glance-${index}`;
  const heading = el("h3", { text: cohort.name });
  heading.id = headingId;
  const figures = el("dl", { className: "figures" }, ...figureColumns
    .filter((column) => column.key !== "flags" || row.flags.length > 0)
    .map((column) => el("div", {}, el("dt", { text: column.label }), el("dd", {}, column.render ? column.render(row) : column.text(row)))));
  const section = el("section", { className: "glance" }, heading, figures);
  section.setAttribute("aria-labelledby", headingId);
  return section;
}

/**
 * "At a glance" for each cohort the person learns in: their own cohorts, or for a coach, manager or admin the cohorts
 * they support (a cohort where the person is not a learner answers 404 and is left out).
 */
async function loadGlance(home, userId, mine) {
  const container = $("glance");
  const cohorts = home.cohorts.map((c) => c.cohort).filter((c) => (mine ? c.myRole === "Learner" : c.myRole !== "Learner"));
  try {
    const rows = await Promise.all(cohorts.map((cohort) =>
      api(`/api/cohorts/${encodeURIComponent(cohort.id)}/learners/${encodeURIComponent(userId)}/progress`)
        .then((row) => ({ cohort, row }), (error) => {
          if (error instanceof ApiError && error.status === 404) {
            return null;
          }
          throw error;
        })));
    const found = rows.filter(Boolean);
    container.replaceChildren(...found.map(({ cohort, row }, i) => glanceOf(cohort, row, i)));
    $("glance-section").hidden = found.length === 0;
  } catch (error) {
    container.replaceChildren(loadError(error, "Could not load the figures."));
    $("glance-section").hidden = false;
  }
}

async function load() {
  const status = $("history-status");
  try {
    const home = await shell.home();
    const userId = new URLSearchParams(location.search).get("user") || home.user.id;
    const mine = userId === home.user.id;
    loadGlance(home, userId, mine);
    const history = await api(`/api/users/${encodeURIComponent(userId)}/presentations`);
    const title = mine ? "My presentations" : `Presentations by ${history.displayName}`;
    $("page-title").textContent = title;
    document.title = `${title} · Roundtable`;
    const items = history.presentations;
    const container = $("history");
    if (items.length === 0) {
      status.textContent = mine ? "You have not presented yet." : "No presentations yet.";
      return;
    }
    status.textContent = "";
    status.hidden = true;
    const criteria = criteriaOf(items);
    const chart = trendChart(items);
    container.replaceChildren(summaryTable(items, criteria), ...(chart ? [chart] : []), ...items.map((item, i) => detail(item, i, mine)));
  } catch (error) {
    showStatus(status, errorMessage(error, "Could not load the presentations."), { error: true });
  }
}

load();
