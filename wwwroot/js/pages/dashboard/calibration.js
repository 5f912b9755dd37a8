// @ts-check
// Rater calibration on the cohort dashboard: per learner and criterion, how far above or below the other raters they
// score, how much of the scale they use and how well they agree, each with the presentations it rests on; and the
// coaches' choice to show presenters a calibrated aggregate beside the raw one. The wording of a figure is shared with
// the learner's own view on the home page.
import { api, ApiError } from "../../lib/api.js";
import { el } from "../../lib/dom.js";
import { formatPercent, formatScore } from "../../lib/format.js";
import { dataTable } from "../../lib/tables.js";

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A signed difference with one decimal: "+0.8", "−1.2", "0.0". @param {number} value */
export function signed(value) {
  const text = formatScore(Math.abs(value));
  return text === formatScore(0) ? text : `${value > 0 ? "+" : "−"}${text}`;
}

/**
 * A figure's cell text: its value and the count it rests on, or why there is none.
 * @param {{value: number|null, count: number}} figure @param {number} minimum @param {(v: number) => string} format
 */
export function figureText(figure, minimum, format) {
  if (figure.count === 0) {
    return "None to compare";
  }
  if (figure.value === null) {
    return figure.count < minimum ? `Not enough ratings yet (${figure.count} of ${minimum})` : "—";
  }
  return `${format(figure.value)} (${plural(figure.count, "presentation")})`;
}

/**
 * The figures of one rater on one criterion as columns (the table's first columns come from the caller).
 * @param {number} minimum @returns {import("../../lib/tables.js").Column[]}
 */
export function figureColumns(minimum) {
  const cell = (key, format) => (row) => (row.figures ? figureText(row.figures[key], minimum, format) : "");
  return [
    { label: "Leniency against peers", text: cell("leniency", signed) },
    { label: "Leniency against the coach", text: cell("leniencyVsCoach", signed) },
    { label: "Spread (standard deviation)", text: cell("spread", formatScore) },
    { label: "Share of the scale used", text: cell("scaleUsed", formatPercent) },
    { label: "Mean difference from peers", text: cell("meanAbsoluteDifference", formatScore) },
    { label: "Correlation with peers", text: cell("correlation", (v) => v.toFixed(2)) },
  ];
}

/** One row per learner and criterion they rated; a learner with nothing released yet gets one row saying so. */
function rowsOf(calibration) {
  const names = new Map(calibration.criteria.map((c) => [c.id, c.name]));
  return calibration.learners.flatMap((learner) => learner.criteria.length === 0
    ? [{ learner: learner.displayName, criterion: "No released ratings yet", figures: null }]
    : learner.criteria.map((figures) => ({ learner: learner.displayName, criterion: names.get(figures.criterionId) ?? figures.criterionId, figures })));
}

/** The coaches' switch: presenters see a calibrated aggregate beside the raw one, or only the raw one. */
function choiceControl(calibration) {
  const box = el("input");
  box.type = "checkbox";
  box.id = "calibrated-aggregate-choice";
  box.checked = calibration.calibratedAggregateShown;
  box.setAttribute("aria-describedby", "calibrated-aggregate-hint");
  const label = el("label", { text: "Show presenters a calibrated aggregate beside the raw one" });
  label.htmlFor = box.id;
  const hint = el("p", { className: "hint",
    text: "Calibrated: each peer's known leniency on a criterion is taken off their score before the mean. The raw aggregate is always shown too." });
  hint.id = "calibrated-aggregate-hint";
  const status = el("p", { className: "meta" });
  status.setAttribute("role", "status");
  // Saves run one after another, in the order chosen; the box stays enabled so keyboard focus stays on it.
  let saving = Promise.resolve();
  const save = async (shown) => {
    status.textContent = "Saving…";
    try {
      await api(`/api/cohorts/${encodeURIComponent(calibration.cohortId)}/calibration/calibrated-aggregate`, { method: "PUT", body: { shown } });
      status.textContent = shown ? "Presenters now see the calibrated aggregate beside the raw one." : "Presenters now see the raw aggregate only.";
    } catch (error) {
      box.checked = !shown;
      status.textContent = `Not saved: ${error instanceof ApiError ? error.message : "the server could not be reached"}.`;
    }
  };
  box.addEventListener("change", () => {
    const shown = box.checked;
    saving = saving.then(() => save(shown));
  });
  return el("div", { className: "calibration-choice" }, el("div", { className: "check" }, box, label), hint, status);
}

/** Fills the dashboard's calibration section; a failure says so there and leaves the rest of the page alone. */
export async function loadCalibration(container, status, cohortId, stem) {
  try {
    const calibration = await api(`/api/cohorts/${encodeURIComponent(cohortId)}/calibration`);
    const rows = rowsOf(calibration);
    container.replaceChildren(
      el("p", { className: "hint", text: `From released feedback only, live and asynchronous. Leniency: the mean of (the learner's score − the other peers' mean) on the same presentation; a figure needs ${plural(calibration.minimumPresentations, "presentation")}.` }),
      dataTable({
        caption: "Rater calibration by learner and criterion",
        fileName: `${stem}-calibration.csv`,
        columns: [
          { label: "Learner", header: true, text: (row) => row.learner },
          { label: "Criterion", text: (row) => row.criterion },
          ...figureColumns(calibration.minimumPresentations),
        ],
        rows,
      }),
      choiceControl(calibration));
    status.hidden = true;
  } catch (error) {
    status.textContent = error instanceof ApiError ? error.message : "Could not load the rater calibration.";
  }
}
