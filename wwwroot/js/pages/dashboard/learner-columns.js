// @ts-check
// A learner's figures (one LearnerRow) as columns: the cohort table's columns, and the fields of a learner's own
// "at a glance" on the presentations page. text() is what is shown and exported; sort() orders the cohort table.
import { el } from "../../lib/dom.js";
import { formatDuration, formatScore, timeSpanSeconds } from "../../lib/format.js";
import { sparkline } from "../../lib/charts.js";

const attendanceText = (row) => `${row.sessionsJoined} of ${row.sessionsHeld}`;

function attendanceCell(row) {
  const cell = el("span", { className: "with-visual" }, el("span", { text: attendanceText(row) }));
  if (row.sessionsHeld > 0) {
    const bar = el("progress");
    bar.max = row.sessionsHeld;
    bar.value = row.sessionsJoined;
    // The words beside it say the same.
    bar.setAttribute("aria-hidden", "true");
    cell.append(bar);
  }
  return cell;
}

function overallCell(row) {
  const cell = el("span", { className: "with-visual" }, el("span", { text: formatScore(row.feedbackReceivedOverall) }));
  if (row.trend.length > 0) {
    const values = row.trend.map((p) => p.overall);
    cell.append(sparkline(values, `Peer overall by presentation, oldest first: ${values.map(formatScore).join(", ")}`));
  }
  return cell;
}

const helpfulnessText = (row) =>
  row.helpfulnessEarned === null || row.helpfulnessEarned === undefined
    ? "—"
    : `${formatScore(row.helpfulnessEarned)} (${row.helpfulnessRatings} ${row.helpfulnessRatings === 1 ? "rating" : "ratings"})`;

/** A learner row's flags in words. @param {{flags: {explanation: string}[]}} row */
export const flagsText = (row) => (row.flags.length ? row.flags.map((f) => f.explanation).join(" ") : "None");

function flagsCell(row) {
  return row.flags.length
    ? el("ul", { className: "flag-list" }, ...row.flags.map((f) => el("li", { text: f.explanation })))
    : flagsText(row);
}

const count = (key, label) => ({ key, label, text: (row) => String(row[key]), sort: (row) => row[key] });

/** Every figure but the learner's name. */
export const figureColumns = [
  { key: "attendance", label: "Attendance (sessions)", text: attendanceText, render: attendanceCell,
    sort: (row) => (row.sessionsHeld > 0 ? row.sessionsJoined / row.sessionsHeld : 0) },
  { key: "timePresent", label: "Time present", text: (row) => formatDuration(row.timePresent), sort: (row) => timeSpanSeconds(row.timePresent) },
  count("presentationsGiven", "Presentations"),
  { key: "overall", label: "Peer overall", text: (row) => formatScore(row.feedbackReceivedOverall), render: overallCell,
    sort: (row) => row.feedbackReceivedOverall },
  count("feedbackGiven", "Feedback given"),
  { key: "helpfulness", label: "Helpfulness earned", text: helpfulnessText, sort: (row) => row.helpfulnessEarned },
  count("messages", "Messages"),
  count("handsRaised", "Hands raised"),
  count("questionsAsked", "Questions"),
  count("pollAnswers", "Poll answers"),
  { key: "plans", label: "Plans done", text: (row) => `${row.plansDone ?? 0} of ${row.plansAssigned ?? 0}`,
    sort: (row) => (row.plansAssigned > 0 ? row.plansDone / row.plansAssigned : 0) },
  count("plansOverdue", "Plans overdue"),
  { key: "flags", label: "Flags", text: flagsText, render: flagsCell, sort: (row) => row.flags.length },
];
