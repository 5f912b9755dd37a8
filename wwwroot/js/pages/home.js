// @ts-check
// The home page: what is live now (with Join), the person's people if they manage anyone, what is coming up (with its
// time zone), what is past (with transcript and summary), their cohorts, rubric links, notifications and private notes;
// the cohorts they may ask to join; how helpful presenters rated the feedback they gave.
import { el, $ } from "../lib/dom.js";
import { formatDateTime, formatWhen } from "../lib/format.js";
import { loadMyNotes } from "./home/my-notes.js";
import { loadAsyncReviews } from "./home/async-presentations.js";
import { loadDiscussions } from "./home/discussions.js";
import { loadMyPeople } from "./home/my-people.js";
import { loadFeedbackHelpfulness } from "./home/feedback-helpfulness.js";
import { loadCalibration } from "./home/calibration.js";
import { loadJoin } from "./home/join.js";
import { notificationsList } from "./home/notifications.js";
import { mountPageShell } from "../lib/page-shell.js";
import { showStatus, errorMessage } from "../lib/alerts.js";

const shell = mountPageShell({ navigation: true });

const roleLabels = { Learner: "learner", Coach: "coach", Manager: "manager", Admin: "admin", Observer: "observer" };

const roomUrl = (rt) => `/room.html?id=${encodeURIComponent(rt.id)}`;

/** A link whose visible text is short ("Join", "Summary") and whose name also says which roundtable. */
function namedLink(text, href, title, className = "") {
  const link = el("a", { className, text }, el("span", { className: "visually-hidden", text: ` ${text === "Join" ? "" : "of "}${title}` }));
  link.href = href;
  return link;
}

function timeElement(iso, text) {
  const time = el("time", { text });
  time.dateTime = iso;
  return time;
}

function liveItem({ rt, cohort }) {
  const started = rt.startedAt ?? rt.scheduledStart;
  return el("li", { className: "roundtable live" },
    el("div", { className: "roundtable-head" }, el("strong", { text: rt.title }), namedLink("Join", roomUrl(rt), rt.title, "button primary join")),
    el("p", { className: "meta" }, `${cohort.name} · live since `, timeElement(started, formatWhen(started))));
}

function upcomingItem({ rt, cohort }) {
  const link = el("a", { text: rt.title });
  link.href = roomUrl(rt);
  return el("li", { className: "roundtable" }, el("div", { className: "roundtable-head" }, link),
    el("p", { className: "meta" }, timeElement(rt.scheduledStart, formatWhen(rt.scheduledStart)), ` · ${rt.durationMinutes} min · ${cohort.name}`));
}

function pastItem({ rt, cohort }) {
  const link = el("a", { text: rt.title });
  link.href = roomUrl(rt);
  const ended = rt.endedAt ?? rt.scheduledStart;
  const transcript = namedLink("Transcript", `/api/roundtables/${encodeURIComponent(rt.id)}/transcript?format=html`, rt.title);
  const summary = namedLink("Summary", `/summary.html?id=${encodeURIComponent(rt.id)}`, rt.title);
  return el("li", { className: "roundtable" }, el("div", { className: "roundtable-head" }, link),
    el("p", { className: "meta" }, timeElement(ended, formatDateTime(ended)), ` · ${cohort.name} · `, transcript, " · ", summary));
}

/**
 * Fills one of the page's roundtable lists, or says there is nothing in it.
 * @param {string} id @param {any[]} items @param {(item: any) => HTMLElement} render @param {string} emptyText
 */
function showRoundtables(id, items, render, emptyText) {
  $(id).replaceChildren(items.length
    ? el("ul", { className: "roundtables" }, ...items.map(render))
    : el("p", { className: "hint", text: emptyText }));
}

/** Every session of every cohort, split into live now, upcoming (soonest first) and past (latest first). */
function showSchedule(cohorts) {
  const all = cohorts.flatMap(({ cohort, roundtables }) => roundtables.map((rt) => ({ rt, cohort })));
  const time = (iso) => new Date(iso).getTime();
  const live = all.filter(({ rt }) => rt.status === "Live");
  const upcoming = all.filter(({ rt }) => rt.status === "Scheduled" && !rt.cancelled).sort((a, b) => time(a.rt.scheduledStart) - time(b.rt.scheduledStart));
  const past = all.filter(({ rt }) => rt.status === "Ended")
    .sort((a, b) => time(b.rt.endedAt ?? b.rt.scheduledStart) - time(a.rt.endedAt ?? a.rt.scheduledStart));
  showRoundtables("live-now", live, liveItem, "Nothing is live right now.");
  showRoundtables("upcoming", upcoming, upcomingItem, "Nothing scheduled yet.");
  showRoundtables("past", past, pastItem, "No roundtable has ended yet.");
}

/** Coaches and admins see the cohort's dashboard. */
const runsCohort = (cohort) => cohort.myRole === "Coach" || cohort.myRole === "Admin";

function cohortSection({ cohort }, index) {
  const headingId = `cohort-${index}`;
  const heading = el("h3", { text: cohort.name });
  heading.id = headingId;
  const role = cohort.myRole ? ` · you are ${roleLabels[cohort.myRole] ?? cohort.myRole}` : "";
  const meta = el("p", { className: "meta", text: `${cohort.programName}${role}` });
  if (runsCohort(cohort)) {
    const dashboard = el("a", { text: "Dashboard" });
    dashboard.href = `/dashboard.html?cohort=${encodeURIComponent(cohort.id)}`;
    const matching = el("a", { text: "Matching" });
    matching.href = `/matching.html?cohort=${encodeURIComponent(cohort.id)}`;
    const setUp = el("a", { text: "Set up" }, el("span", { className: "visually-hidden", text: ` ${cohort.name}` }));
    setUp.href = `/cohort-setup.html?cohort=${encodeURIComponent(cohort.id)}`;
    meta.append(" · ", dashboard, " · ", matching, " · ", setUp);
  }
  const schedule = el("a", { text: "Schedule" });
  schedule.href = `/schedule.html?cohort=${encodeURIComponent(cohort.id)}`;
  meta.append(" · ", schedule);
  const section = el("section", { className: "cohort" }, heading, meta);
  section.setAttribute("aria-labelledby", headingId);
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
    showSchedule(home.cohorts);
    $("cohorts").replaceChildren(...home.cohorts.map(cohortSection));
    $("cohorts-section").hidden = home.cohorts.length === 0;
    showRubricLinks(home.cohorts);
    loadFeedbackHelpfulness($("helpfulness-section"), $("helpfulness"), home.user.id);
    loadCalibration($("calibration-section"), $("calibration"), home.user.id);
    status.textContent = home.cohorts.length ? "" : "You are not in any cohort yet.";
    status.hidden = home.cohorts.length > 0;
  } catch (error) {
    showStatus(status, errorMessage(error, "Could not load your roundtables."), { error: true });
  }
}

load();
loadMyPeople($("my-people-section"), $("my-people"));
loadMyNotes($("my-notes"));
loadAsyncReviews($("async-reviews-section"), $("async-reviews"));
loadDiscussions($("discussions"));
loadJoin({ section: $("join-section"), list: $("join"), status: $("join-status"), reviewLink: $("access-requests-link") });
notificationsList({ list: $("notifications"), count: $("notifications-count"), live: $("notifications-live") }).start();
