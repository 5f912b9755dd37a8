// @ts-check
// A roundtable's summary (?id=<roundtableId>): who came and for how long, each presentation's peer aggregate per
// criterion, the polls' results, and the learners' ratings (all of them with comments for staff; others see their own).
import { api, ApiError } from "../lib/api.js";
import { el, serverHtml, $ } from "../lib/dom.js";
import { formatDateTime, formatDuration, formatPercent, formatScore, statusBadge } from "../lib/format.js";
import { dataTable, fileSlug } from "../lib/tables.js";
import { mountPageShell } from "../lib/page-shell.js";
import { showStatus, errorMessage } from "../lib/alerts.js";
import { loadSummaryDiscussion } from "./summary/discussions.js";
import { publishNotesButton } from "../lib/publish-notes.js";
import { calibratedAggregate } from "../lib/calibrated-aggregate.js";

const shell = mountPageShell();

const roundtableId = new URLSearchParams(location.search).get("id");
const roleLabels = { Learner: "Learner", Coach: "Coach", Manager: "Manager", Admin: "Admin" };

const hint = (text) => el("p", { className: "hint", text });

function attendanceTable(summary, stem) {
  return dataTable({
    caption: `Attendance: ${summary.attendance.length} ${summary.attendance.length === 1 ? "person" : "people"}`,
    fileName: `${stem}-attendance.csv`,
    rows: summary.attendance,
    columns: [
      { label: "Name", header: true, text: (a) => a.displayName },
      { label: "Role", text: (a) => roleLabels[a.role] ?? String(a.role) },
      { label: "Time present", text: (a) => formatDuration(a.timePresent) },
      { label: "First joined", text: (a) => formatDateTime(a.firstJoined) },
    ],
  });
}

/**
 * One presentation: the peers' aggregate, and beside it the calibrated one where the server gives it (to the presenter
 * and the cohort's coaches, when the coaches chose to show it).
 * @param {any} p
 * @param {number} index
 * @param {string} stem
 * @param {string} userId the reader
 */
function presentation(p, index, stem, userId) {
  const headingId = `presentation-${index}`;
  const heading = el("h3", { text: `${p.presenterName} · ${formatDateTime(p.startedAt)}` });
  heading.id = headingId;
  const section = el("section", { className: "presentation" }, heading);
  section.setAttribute("aria-labelledby", headingId);
  const aggregate = p.peerAggregate;
  if (!aggregate) {
    section.append(hint(p.released ? "No peer feedback was given." : "The peers' scores are not released yet."));
    return section;
  }
  const peers = `${aggregate.submissions} ${aggregate.submissions === 1 ? "peer" : "peers"}`;
  section.append(el("p", { text: `Overall (weighted mean): ${formatScore(aggregate.overall)} from ${peers}.` }));
  section.append(dataTable({
    caption: `Peer feedback on ${p.presenterName}'s presentation, by criterion`,
    fileName: `${stem}-${fileSlug(p.presenterName)}-feedback.csv`,
    rows: aggregate.criteria,
    columns: [
      { label: "Criterion", header: true, text: (c) => c.name },
      { label: "Mean", text: (c) => formatScore(c.mean) },
      { label: "Ratings", text: (c) => String(c.count) },
    ],
  }));
  if (p.calibrated) {
    section.append(...calibratedAggregate(p.calibrated, {
      heading: "h4", presenter: p.presenterUserId === userId, fileName: `${stem}-${fileSlug(p.presenterName)}-calibrated.csv` }));
  }
  return section;
}

function poll(result, index, stem) {
  const total = result.counts.reduce((sum, n) => sum + n, 0);
  const rows = result.options.map((option, i) => ({ option, votes: result.counts[i] ?? 0 }));
  return dataTable({
    caption: `${result.question}${result.closed ? " (closed)" : " (still open)"}`,
    fileName: `${stem}-poll-${index + 1}.csv`,
    rows,
    columns: [
      { label: "Option", header: true, text: (r) => r.option },
      { label: "Votes", text: (r) => String(r.votes) },
      { label: "Share", text: (r) => formatPercent(total ? r.votes / total : null) },
    ],
  });
}

function rating(r) {
  const item = el("li", { className: "feedback-entry" }, el("p", { className: "meta", text: `${r.displayName}: ${r.rating}` }));
  if (r.commentHtml) {
    const body = el("div", { className: "message-body" });
    // Rendered and sanitised by the server.
    serverHtml(body, r.commentHtml, { headingBase: 2 });
    item.append(body);
  }
  return item;
}

function ratings(summary) {
  if (summary.averageRating !== null && summary.averageRating !== undefined) {
    const n = summary.ratings.length;
    return [el("p", { text: `Average rating: ${formatScore(summary.averageRating)} from ${n} ${n === 1 ? "learner" : "learners"}.` }),
      el("ul", { className: "feedback-entries" }, ...summary.ratings.map(rating))];
  }
  const mine = summary.ratings[0];
  return [mine ? el("p", { text: `Your rating: ${mine.rating}.` }) : hint("No ratings to show.")];
}

function show(summary, userId) {
  const stem = fileSlug(summary.title);
  $("page-title").textContent = `Summary: ${summary.title}`;
  document.title = `Summary: ${summary.title} · Roundtable`;
  const when = [summary.startedAt && `started ${formatDateTime(summary.startedAt)}`, summary.endedAt && `ended ${formatDateTime(summary.endedAt)}`];
  const messages = `${summary.messages} ${summary.messages === 1 ? "message" : "messages"}`;
  $("summary-meta").replaceChildren(statusBadge(summary.status), ` ${[...when.filter(Boolean), messages].join(" · ")}`);
  // An ended roundtable can be watched again, moment by moment, as it happened.
  $("replay").hidden = summary.status !== "Ended";
  /** @type {HTMLAnchorElement} */ ($("replay-link")).href = `/room.html?id=${encodeURIComponent(roundtableId ?? "")}&replay`;
  $("attendance").replaceChildren(summary.attendance.length ? attendanceTable(summary, stem) : hint("No one has joined."));
  $("presentations").replaceChildren(...(summary.presentations.length
    ? summary.presentations.map((p, i) => presentation(p, i, stem, userId)) : [hint("No presentations.")]));
  $("polls").replaceChildren(...(summary.polls.length ? summary.polls.map((p, i) => poll(p, i, stem)) : [hint("No polls.")]));
  $("ratings").replaceChildren(...ratings(summary));
  $("notes-publish").replaceChildren(publishNotesButton(roundtableId ?? ""));
  $("summary").hidden = false;
}

async function load() {
  const status = $("summary-status");
  try {
    const home = await shell.home();
    if (!roundtableId) {
      throw new ApiError(404, { detail: "No roundtable was chosen. Open a summary from your home page." });
    }
    show(await api(`/api/roundtables/${encodeURIComponent(roundtableId)}/summary`), home.user.id);
    loadSummaryDiscussion($("summary-discussion"), roundtableId);
    status.hidden = true;
  } catch (error) {
    showStatus(status, errorMessage(error, "Could not load the summary."), { error: true });
  }
}

load();
