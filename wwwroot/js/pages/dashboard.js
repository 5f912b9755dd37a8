// @ts-check
// The cohort dashboard (?cohort=<id>), for the cohort's coaches and admins: the cohort at a glance, who needs
// attention and why, the program's improvement view and its flag thresholds. While a session is live the cohort's
// figures are fetched again every 5 seconds and refilled in place; a change in flags is announced politely.
import { api, ApiError } from "../lib/api.js";
import { el, keepingFocus, $ } from "../lib/dom.js";
import { fileSlug } from "../lib/tables.js";
import { formatTime } from "../lib/format.js";
import { cohortTable } from "./dashboard/cohort-table.js";
import { improvementContent } from "./dashboard/improvement.js";
import { thresholdsForm } from "./dashboard/thresholds.js";
import { loadCalibration } from "./dashboard/calibration.js";
import { mountPageShell } from "../lib/page-shell.js";

const shell = mountPageShell();

const refreshEveryMs = 5000;
const cohortId = new URLSearchParams(location.search).get("cohort") ?? "";

/** @type {{table: {update(dashboard: any): void} | null, flags: Map<string, any> | null, timer: number}} */
const page = { table: null, flags: null, timer: 0 };

function learnerLink(row) {
  const link = el("a", { text: row.displayName });
  link.href = `/presentations.html?user=${encodeURIComponent(row.userId)}`;
  link.dataset.focusKey = `attention-${row.userId}`;
  return link;
}

function showAttention(learners) {
  const flagged = learners.filter((row) => row.flags.length > 0);
  keepingFocus($("attention"), () => {
    $("attention").replaceChildren(flagged.length
      ? el("ul", { className: "attention-list" }, ...flagged.map((row) => el("li", {}, learnerLink(row),
        el("ul", {}, ...row.flags.map((flag) => el("li", { text: flag.explanation }))))))
      : el("p", { text: "No learner needs attention." }));
  });
}

/** Each flagged learner's explanations, by user id, to tell when the flags change. */
function flagsOf(learners) {
  return new Map(learners.filter((row) => row.flags.length > 0)
    .map((row) => [row.userId, { name: row.displayName, text: row.flags.map((f) => f.explanation).join(" ") }]));
}

/** What changed between two sets of flags, in words; empty when nothing did. */
function flagChanges(before, after) {
  const changes = [];
  for (const [userId, now] of after) {
    if (before.get(userId)?.text !== now.text) {
      changes.push(`${now.name} needs attention: ${now.text}`);
    }
  }
  for (const [userId, then] of before) {
    if (!after.has(userId)) {
      changes.push(`${then.name} no longer needs attention.`);
    }
  }
  return changes.join(" ");
}

function announce(text) {
  // Cleared first so the same words twice are still read.
  const announcer = $("flag-announcer");
  announcer.textContent = "";
  setTimeout(() => { announcer.textContent = text; }, 100);
}

function showMeta(dashboard) {
  const live = dashboard.liveSessions > 0
    ? `${dashboard.liveSessions} live now, so these figures refresh every 5 seconds`
    : "no session live";
  const held = `${dashboard.sessionsHeld} ${dashboard.sessionsHeld === 1 ? "session" : "sessions"} held`;
  $("dashboard-meta").textContent = `${dashboard.programName} · ${held} · ${live} · as of ${formatTime(new Date().toISOString())}`;
}

function show(dashboard) {
  page.table?.update(dashboard);
  showAttention(dashboard.learners);
  showMeta(dashboard);
  const flags = flagsOf(dashboard.learners);
  const changes = page.flags ? flagChanges(page.flags, flags) : "";
  if (changes) {
    announce(changes);
  }
  page.flags = flags;
}

function schedule(dashboard) {
  clearTimeout(page.timer);
  if (dashboard.liveSessions > 0) {
    page.timer = setTimeout(refresh, refreshEveryMs);
  }
}

const fetchDashboard = () => api(`/api/cohorts/${encodeURIComponent(cohortId)}/dashboard`);

async function refresh() {
  clearTimeout(page.timer);
  try {
    const dashboard = await fetchDashboard();
    show(dashboard);
    schedule(dashboard);
  } catch {
    // The figures on screen stay; the next try may reach the server.
    $("dashboard-meta").textContent = "Could not refresh the figures; trying again in a moment.";
    page.timer = setTimeout(refresh, refreshEveryMs);
  }
}

async function loadImprovement(dashboard, stem) {
  const status = $("improvement-status");
  try {
    const improvement = await api(`/api/programs/${encodeURIComponent(dashboard.programId)}/improvement`);
    $("improvement").replaceChildren(...improvementContent(improvement, stem));
    status.hidden = true;
  } catch (error) {
    status.textContent = error instanceof ApiError ? error.message : "Could not load the program's figures.";
  }
}

function showError(error) {
  const box = $("dashboard-error");
  if (error instanceof ApiError && error.status === 403) {
    box.textContent = `Not allowed: ${error.detail || "the cohort dashboard is for the cohort's coaches and admins."}`;
    const own = el("a", { text: "My presentations" });
    own.href = "/presentations.html";
    box.after(el("p", {}, "Your own figures are on ", own, "."));
  } else if (error instanceof ApiError && error.status === 404) {
    box.textContent = "There is no such cohort, or you are not one of its members.";
  } else {
    box.textContent = error instanceof ApiError ? error.message : "Could not load the dashboard.";
  }
  box.hidden = false;
}

/**
 * Opened without a cohort (a bookmark, a typed address): the one cohort the person runs opens at once; with several,
 * they choose; with none, they are told where their own figures are.
 */
function chooseCohort(home) {
  const run = home.cohorts.map((c) => c.cohort).filter((c) => c.myRole === "Coach" || c.myRole === "Admin");
  if (run.length === 1) {
    location.replace(`/dashboard.html?cohort=${encodeURIComponent(run[0].id)}`);
    return;
  }
  if (run.length === 0) {
    showError(new ApiError(403, { detail: "the cohort dashboard is for the cohort's coaches and admins." }));
    return;
  }
  const list = el("ul", { className: "cohort-choice" }, ...run.map((cohort) => {
    const link = el("a", { text: cohort.name });
    link.href = `/dashboard.html?cohort=${encodeURIComponent(cohort.id)}`;
    return el("li", {}, link, ` · ${cohort.programName}`);
  }));
  $("page-title").after(el("p", { text: "Choose the cohort whose dashboard to open:" }), list);
}

async function load() {
  const status = $("dashboard-status");
  try {
    const home = await shell.home();
    if (!cohortId) {
      chooseCohort(home);
      status.hidden = true;
      return;
    }
    const dashboard = await fetchDashboard();
    const title = `${dashboard.cohortName}: dashboard`;
    $("page-title").textContent = title;
    document.title = `${title} · Roundtable`;
    const stem = fileSlug(dashboard.cohortName);
    page.table = cohortTable($("glance"), stem);
    const thresholds = thresholdsForm($("thresholds-form"), dashboard.programId, refresh);
    thresholds.fill(dashboard.thresholds);
    show(dashboard);
    status.hidden = true;
    $("dashboard").hidden = false;
    schedule(dashboard);
    loadCalibration($("calibration"), $("calibration-status"), cohortId, stem);
    await loadImprovement(dashboard, fileSlug(dashboard.programName));
  } catch (error) {
    status.hidden = true;
    showError(error);
  }
}

load();
