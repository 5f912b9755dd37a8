// @ts-check
// The home page's "How you rate compared with your peers": per cohort, a sentence per criterion ("you rate Structure
// 0.8 higher than your peers on average"), one example from a presentation they rated, and the figures as a table
// behind a disclosure.
// Only released feedback counts, so nothing here says what anyone scored before the presenter saw it.
import { api } from "../../lib/api.js";
import { el } from "../../lib/dom.js";
import { formatDateTime, formatScore } from "../../lib/format.js";
import { dataTable } from "../../lib/tables.js";
import { figureColumns } from "../dashboard/calibration.js";

/** @param {string} name @param {{value: number|null, count: number}} leniency @param {number} minimum */
function sentence(name, leniency, minimum) {
  if (leniency.value === null) {
    return `${name}: not enough ratings yet to compare (${leniency.count} of ${minimum} presentations rated with other peers).`;
  }
  const size = formatScore(Math.abs(leniency.value));
  if (size === formatScore(0)) {
    return `You rate ${name} about the same as your peers on average (over ${leniency.count} presentations).`;
  }
  return `You rate ${name} ${size} ${leniency.value > 0 ? "higher" : "lower"} than your peers on average (over ${leniency.count} presentations).`;
}

function cohortBlock(cohort, showName) {
  const names = new Map(cohort.criteria.map((c) => [c.id, c.name]));
  const scale = new Map(cohort.criteria.map((c) => [c.id, c.scaleMax]));
  const block = el("div", { className: "calibration-cohort" });
  if (showName) {
    block.append(el("h3", { text: cohort.cohortName }));
  }
  block.append(el("ul", {}, ...cohort.figures.map((f) => el("li", { text: sentence(names.get(f.criterionId) ?? f.criterionId, f.leniency, cohort.minimumPresentations) }))));
  const example = cohort.example;
  if (example) {
    const name = names.get(example.criterionId) ?? example.criterionId;
    block.append(el("p", { className: "calibration-example",
      text: `For example, on ${example.presentationTitle} (${formatDateTime(example.at)}) you gave ${name} ${example.yourScore} of ${scale.get(example.criterionId)}; `
        + `the mean of the ${example.others} other peers was ${formatScore(example.othersMean)}.` }));
  }
  // The sentences say what matters; the figures behind them (spread, agreement, counts) are there for whoever wants them.
  block.append(el("details", { className: "calibration-figures" }, el("summary", { text: "All your figures, by criterion" }), dataTable({
    caption: `How you rate${showName ? ` in ${cohort.cohortName}` : ""}, by criterion`,
    columns: [
      { label: "Criterion", header: true, text: (row) => row.criterion },
      ...figureColumns(cohort.minimumPresentations),
    ],
    rows: cohort.figures.map((figures) => ({ criterion: names.get(figures.criterionId) ?? figures.criterionId, figures })),
  })));
  return block;
}

/**
 * Shows the section (hidden until then) once the person has rated released feedback; a failure leaves it hidden.
 * @param {HTMLElement} section @param {HTMLElement} container @param {string} userId
 */
export async function loadCalibration(section, container, userId) {
  try {
    const calibration = await api(`/api/users/${encodeURIComponent(userId)}/calibration`);
    if (calibration.cohorts.length === 0) {
      return;
    }
    container.replaceChildren(
      el("p", { className: "meta", text: "From feedback already released to the presenters: your score minus the other peers' mean on the same presentation." }),
      ...calibration.cohorts.map((cohort) => cohortBlock(cohort, calibration.cohorts.length > 1)));
    section.hidden = false;
  } catch {
    // For the person's own reflection only; the rest of the home page does not depend on it.
  }
}
