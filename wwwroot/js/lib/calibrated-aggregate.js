// @ts-check
// The peers' aggregate beside the calibrated one (each peer's known leniency taken off), shown where a presenter reads
// their feedback (their presentation history, a roundtable's summary, an asynchronous presentation) when the cohort's
// coaches chose to. The server computes both; this draws them the same way on every page.
import { el } from "./dom.js";
import { formatScore as score } from "./format.js";
import { dataTable } from "./tables.js";

const calibratedCaption = "Peer aggregate: raw, and calibrated (each peer's usual leniency on the criterion removed)";

/**
 * @param {any} calibrated
 * @param {string} [fileName] the CSV download's name, where the page offers one
 */
function calibratedTable(calibrated, fileName) {
  const rows = [...calibrated.criteria.filter((c) => c.count > 0),
    { name: "Overall (weighted)", raw: calibrated.rawOverall, calibrated: calibrated.calibratedOverall, count: null, adjusted: null }];
  return dataTable({
    caption: calibratedCaption,
    fileName,
    columns: [
      { label: "Criterion", header: true, text: (c) => c.name },
      { label: "Raw mean (as given)", text: (c) => score(c.raw) },
      { label: "Calibrated mean", text: (c) => score(c.calibrated) },
      { label: "Peers adjusted", text: (c) => (c.count === null ? "" : `${c.adjusted} of ${c.count}`) },
    ],
    rows,
  });
}

/**
 * What calibration did, as Core/Feedback/Calibration.cs does it: a peer's leniency on a criterion is taken off where
 * it rests on enough presentations (against the coach's scores first, else against the other peers'), and the result
 * stays on the scale.
 * @param {number} minimum
 */
function calibrationNote(minimum) {
  return `What calibration did: each peer's usual leniency on a criterion was taken off their score (against the coach's scores where known, else against the other peers'), within the scale; a peer with fewer than ${minimum} presentations rated beside others on that criterion counts as given.`;
}

/**
 * The heading, the words that say which mean is which, the table, and the line that says what calibration did.
 * @param {any} calibrated the server's calibrated aggregate
 * @param {{ heading?: "h2" | "h3" | "h4", presenter?: boolean, fileName?: string }} [options] heading: its tag; presenter: the
 *   reader is the presenter (others are told this is what the presenter sees)
 * @returns {HTMLElement[]}
 */
export function calibratedAggregate(calibrated, { heading = "h3", presenter = true, fileName } = {}) {
  const whose = presenter ? "your peers" : "the peers";
  const explained = `Raw: the mean of the scores as ${whose} gave them. Calibrated: each peer's usual leniency on that criterion (how far above or below the other raters they score, where known) is taken off first.`;
  return [
    el(heading, { text: "Raw and calibrated peer aggregate" }),
    el("p", { className: "hint", text: presenter ? explained : `What the presenter sees, as the cohort's coaches chose. ${explained}` }),
    calibratedTable(calibrated, fileName),
    el("p", { className: "hint", text: calibrationNote(calibrated.minimumPresentations) }),
  ];
}
