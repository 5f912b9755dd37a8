// @ts-check
// The program's improvement view: its weakest criteria (a table, a chart of their means per session and the chart's
// table), the health of each held session, and its cohorts side by side. Every table has its CSV download.
import { el } from "../../lib/dom.js";
import { formatDateTime, formatPercent, formatScore } from "../../lib/format.js";
import { lineChart } from "../../lib/charts.js";
import { dataTable } from "../../lib/tables.js";

/** The chart follows this many of the weakest criteria; the table lists them all. */
const chartedCriteria = 3;

const heading = (text) => el("h3", { text });
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

function weakestTable(criteria, stem) {
  return dataTable({
    caption: "Criteria by mean peer score, weakest first",
    fileName: `${stem}-criteria.csv`,
    rows: criteria,
    columns: [
      { label: "Criterion", header: true, text: (c) => c.name },
      { label: "Mean", text: (c) => formatScore(c.mean) },
      { label: "Ratings", text: (c) => String(c.ratings) },
      { label: "Sessions", text: (c) => String(c.bySession.length) },
    ],
  });
}

/** The weakest criteria's means per session: the sessions any of them were rated in, oldest first. */
function bySession(criteria) {
  const sessions = new Map();
  for (const c of criteria) {
    for (const s of c.bySession) {
      sessions.set(s.roundtableId, s);
    }
  }
  return [...sessions.values()].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}

function weakestChart(criteria, stem) {
  const charted = criteria.slice(0, chartedCriteria);
  const sessions = bySession(charted);
  const meanIn = (c, session) => c.bySession.find((s) => s.roundtableId === session.roundtableId)?.mean;
  const max = Math.max(5, Math.ceil(Math.max(...charted.map((c) => c.mean))));
  const series = charted.map((c) => ({
    name: c.name,
    points: sessions.map((s, at) => ({ at, value: meanIn(c, s) })).filter((p) => typeof p.value === "number"),
  }));
  const words = charted.map((c) => `${c.name}: ${sessions.map((s) => meanIn(c, s)).filter((m) => typeof m === "number").map(formatScore).join(", ")}`);
  const chart = lineChart({
    label: `Mean peer score per session of the ${plural(charted.length, "weakest criterion", "weakest criteria")}, oldest session first. ${words.join("; ")}`,
    caption: "The weakest criteria's mean per session, oldest first; the table below gives the same means.",
    count: sessions.length,
    series,
    min: 1,
    max,
  });
  const table = dataTable({
    caption: "The weakest criteria's mean per session",
    fileName: `${stem}-weakest-by-session.csv`,
    rows: sessions,
    columns: [
      { label: "Session", header: true, text: (s) => s.title },
      { label: "Held", text: (s) => formatDateTime(s.at) },
      ...charted.map((c) => ({ label: c.name, text: (s) => formatScore(meanIn(c, s)) })),
    ],
  });
  return [chart, table];
}

function sessionLink(session) {
  const link = el("a", { text: session.title });
  link.href = `/summary.html?id=${encodeURIComponent(session.roundtableId)}`;
  return link;
}

const marks = (s) => [s.lowParticipation && "Low participation", s.lowRating && "Low rating"].filter(Boolean).join("; ") || "None";

function sessionsTable(sessions, stem) {
  return dataTable({
    caption: "Held sessions, oldest first",
    fileName: `${stem}-sessions.csv`,
    rows: sessions,
    columns: [
      { label: "Session", header: true, text: (s) => s.title, render: sessionLink },
      { label: "Held", text: (s) => formatDateTime(s.at) },
      { label: "Attendance (learners)", text: (s) => `${s.attended} of ${s.expected}` },
      { label: "Messages per attendee", text: (s) => formatScore(s.messagesPerAttendee) },
      { label: "Average rating", text: (s) => formatScore(s.averageRating) },
      { label: "Ratings", text: (s) => String(s.ratings) },
      { label: "Peer overall", text: (s) => formatScore(s.peerOverall) },
      { label: "Needs a look", text: marks },
    ],
  });
}

function cohortsTable(cohorts, stem) {
  return dataTable({
    caption: "Cohorts of the program",
    fileName: `${stem}-cohorts.csv`,
    rows: cohorts,
    columns: [
      { label: "Cohort", header: true, text: (c) => c.name },
      { label: "Learners", text: (c) => String(c.learners) },
      { label: "Sessions held", text: (c) => String(c.sessionsHeld) },
      { label: "Attendance rate", text: (c) => formatPercent(c.attendanceRate) },
      { label: "Peer overall", text: (c) => formatScore(c.peerOverall) },
      { label: "Average session rating", text: (c) => formatScore(c.averageSessionRating) },
    ],
  });
}

/**
 * The section's content for a ProgramImprovement; stem starts each CSV file's name.
 * @param {any} improvement
 * @param {string} stem
 * @returns {HTMLElement[]}
 */
export function improvementContent(improvement, stem) {
  /** @type {HTMLElement[]} */
  const nodes = [heading("Weakest criteria")];
  if (improvement.weakestCriteria.length === 0) {
    nodes.push(el("p", { className: "hint", text: "No peer feedback in the program yet." }));
  } else {
    nodes.push(weakestTable(improvement.weakestCriteria, stem), ...weakestChart(improvement.weakestCriteria, stem));
  }
  nodes.push(heading("Sessions"), el("p", { className: "hint", text:
    "Low participation: under 60% of the cohort's learners came, or under one message per attendee. Low rating: learners rated it under 3 on average." }));
  nodes.push(improvement.sessions.length ? sessionsTable(improvement.sessions, stem) : el("p", { className: "hint", text: "No session held yet." }));
  nodes.push(heading("Cohorts"), cohortsTable(improvement.cohorts, stem));
  return nodes;
}
