// @ts-check
// A manager's home: each person who reports to them, how they are doing in each cohort they learn in, and their
// planning exercises with status and due date (overdue first to the eye: the badge says so).
import { api } from "../../lib/api.js";
import { el } from "../../lib/dom.js";
import { formatDateTime } from "../../lib/format.js";
import { loadError } from "../../lib/alerts.js";
import { planStatusBadge, planUrl } from "../../lib/plan-status.js";

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Autumn 2026 cohort: 3 of 4 sessions joined · 1 presentation · 5 feedback given · plans 1 of 2 done, 1 overdue". */
function progressLine(c) {
  const plans = c.plansAssigned
    ? ` · plans ${c.plansDone} of ${c.plansAssigned} done${c.plansOverdue ? `, ${c.plansOverdue} overdue` : ""}`
    : "";
  return el("li", { text: `${c.cohortName}: ${c.sessionsJoined} of ${plural(c.sessionsHeld, "session")} joined · `
    + `${plural(c.presentationsGiven, "presentation")} · ${c.feedbackGiven} feedback given${plans}` });
}

function planItem({ exercise, plan }) {
  const link = el("a", { text: exercise.title });
  link.href = planUrl(exercise.id, plan.learnerId);
  const due = el("time", { text: formatDateTime(exercise.dueAt) });
  due.dateTime = exercise.dueAt;
  return el("li", { className: "roundtable" },
    el("div", { className: "roundtable-head" }, link, planStatusBadge(plan.status)),
    el("p", { className: "meta" }, "Due ", due, ` · ${exercise.cohortName}`));
}

function personSection(person, plans, index) {
  const heading = el("h3", { text: person.displayName });
  heading.id = `person-${index}`;
  const section = el("section", { className: "person" }, heading);
  section.setAttribute("aria-labelledby", heading.id);
  section.append(person.cohorts.length
    ? el("ul", { className: "progress-lines" }, ...person.cohorts.map(progressLine))
    : el("p", { className: "hint", text: "Not learning in any cohort." }));
  const theirs = plans.filter((p) => p.plan.learnerId === person.userId);
  section.append(theirs.length
    ? el("ul", { className: "roundtables" }, ...theirs.map(planItem))
    : el("p", { className: "hint", text: "No planning exercises yet." }));
  return section;
}

/**
 * Shows section (hidden until then) with the people who report to the signed-in person, if there are any.
 * @param {HTMLElement} section @param {HTMLElement} container
 */
export async function loadMyPeople(section, container) {
  try {
    const [people, plans] = await Promise.all([api("/api/my-reports/progress"), api("/api/my-reports/plans")]);
    section.hidden = people.length === 0;
    container.replaceChildren(...people.map((person, i) => personSection(person, plans, i)));
  } catch (error) {
    section.hidden = false;
    container.replaceChildren(loadError(error, "Could not load your people's progress."));
  }
}
