// @ts-check
// The home page: the person's cohorts and roundtables, rubric links, notifications and private notes.
import { el, $ } from "../lib/dom.js";
import { formatDateTime, statusBadge } from "../lib/format.js";
import { loadMyNotes } from "./home/my-notes.js";
import { notificationsList } from "./home/notifications.js";
import { mountPageShell } from "../lib/page-shell.js";
import { showStatus, errorMessage } from "../lib/alerts.js";

const shell = mountPageShell({ navigation: true });

const roleLabels = { Learner: "learner", Coach: "coach", Manager: "manager", Admin: "admin" };

function roundtableItem(rt) {
  const link = el("a", { text: rt.title });
  link.href = `/room.html?id=${encodeURIComponent(rt.id)}`;
  const when = el("time", { text: formatDateTime(rt.scheduledStart) });
  when.dateTime = rt.scheduledStart;
  const meta = el("p", { className: "meta" }, when, ` · ${rt.durationMinutes} min`);
  if (rt.status === "Ended") {
    const summary = el("a", { text: "Summary" }, el("span", { className: "visually-hidden", text: ` of ${rt.title}` }));
    summary.href = `/summary.html?id=${encodeURIComponent(rt.id)}`;
    meta.append(" · ", summary);
  }
  return el("li", { className: "roundtable" }, el("div", { className: "roundtable-head" }, link, statusBadge(rt.status)), meta);
}

/** Coaches and admins see the cohort's dashboard. */
const runsCohort = (cohort) => cohort.myRole === "Coach" || cohort.myRole === "Admin";

function cohortSection({ cohort, roundtables }, index) {
  const headingId = `cohort-${index}`;
  const heading = el("h2", { text: cohort.name });
  heading.id = headingId;
  const role = cohort.myRole ? ` · you are ${roleLabels[cohort.myRole] ?? cohort.myRole}` : "";
  const meta = el("p", { className: "meta", text: `${cohort.programName}${role}` });
  if (runsCohort(cohort)) {
    const dashboard = el("a", { text: "Dashboard" });
    dashboard.href = `/dashboard.html?cohort=${encodeURIComponent(cohort.id)}`;
    const matching = el("a", { text: "Matching" });
    matching.href = `/matching.html?cohort=${encodeURIComponent(cohort.id)}`;
    meta.append(" · ", dashboard, " · ", matching);
  }
  const section = el("section", { className: "cohort" }, heading, meta);
  section.setAttribute("aria-labelledby", headingId);
  section.append(roundtables.length
    ? el("ul", { className: "roundtables" }, ...roundtables.map(roundtableItem))
    : el("p", { text: "No roundtables scheduled yet." }));
  return section;
}

/** A link to the rubrics of each program the person coaches in (admins: every program they see here). */
function showRubricLinks(cohorts) {
  const programs = new Map();
  for (const { cohort } of cohorts) {
    if (runsCohort(cohort)) {
      programs.set(cohort.programId, cohort.programName);
    }
  }
  const links = [...programs].map(([id, name]) => {
    const link = el("a", { text: `Rubrics of ${name}` });
    link.href = `/rubrics.html?program=${encodeURIComponent(id)}`;
    return el("li", {}, link);
  });
  $("rubric-links").replaceChildren(...links);
  $("rubric-links-section").hidden = links.length === 0;
}

async function load() {
  const status = $("home-status");
  try {
    const home = await shell.home();
    $("cohorts").replaceChildren(...home.cohorts.map(cohortSection));
    showRubricLinks(home.cohorts);
    status.textContent = home.cohorts.length ? "" : "You are not in any cohort yet.";
    status.hidden = home.cohorts.length > 0;
  } catch (error) {
    showStatus(status, errorMessage(error, "Could not load your roundtables."), { error: true });
  }
}

load();
loadMyNotes($("my-notes"));
notificationsList({ list: $("notifications"), count: $("notifications-count"), live: $("notifications-live") }).start();
