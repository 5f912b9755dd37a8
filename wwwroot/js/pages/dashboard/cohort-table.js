// @ts-check
// The cohort at a glance: a row per learner, sorted by any column (buttons in the headers), filtered by name or to
// those who need attention, refilled in place on each refresh with sort, filter and focus kept. A second table gives
// each shown learner's mean on every criterion.
import { el, keepingFocus } from "../../lib/dom.js";
import { field } from "../../lib/forms.js";
import { formatScore } from "../../lib/format.js";
import { tableBlock } from "../../lib/tables.js";
import { figureColumns } from "./learner-columns.js";

function nameCell(row) {
  const link = el("a", { text: row.displayName });
  link.href = `/presentations.html?user=${encodeURIComponent(row.userId)}`;
  link.dataset.focusKey = `learner-${row.userId}`;
  return link;
}

const columns = [
  { key: "name", label: "Learner", header: true, text: (row) => row.displayName, render: nameCell, sort: (row) => row.displayName },
  ...figureColumns,
];

const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

/** Ascending or descending by the column's sort value; rows without a value go last either way, then by name. */
function compareBy(column, descending) {
  return (a, b) => {
    const x = column.sort(a), y = column.sort(b);
    const missing = Number(x === null || x === undefined) - Number(y === null || y === undefined);
    if (missing !== 0) {
      return missing;
    }
    const order = typeof x === "string" ? collator.compare(x, y) : x - y;
    return (descending ? -order : order) || collator.compare(a.displayName, b.displayName);
  };
}

/** The criteria the rows were rated on, by id, in the order first seen. */
function criteriaOf(rows) {
  const criteria = new Map();
  for (const row of rows) {
    for (const c of row.feedbackReceivedByCriterion) {
      criteria.set(c.criterionId, c.name);
    }
  }
  return criteria;
}

function criterionColumns(rows) {
  const mean = (row, id) => row.feedbackReceivedByCriterion.find((c) => c.criterionId === id);
  return [
    { label: "Learner", header: true, text: (row) => row.displayName },
    ...[...criteriaOf(rows)].map(([id, name]) => ({
      label: name,
      text: (row) => {
        const m = mean(row, id);
        return m ? `${formatScore(m.mean)} (${m.ratings})` : "—";
      },
    })),
  ];
}

/**
 * Builds the section's controls and tables inside container; update(dashboard) fills them.
 * @param {HTMLElement} container
 * @param {string} fileStem
 */
export function cohortTable(container, fileStem) {
  /** @type {{dashboard: any, sortKey: string, descending: boolean, query: string, attentionOnly: boolean}} */
  const state = { dashboard: null, sortKey: "name", descending: false, query: "", attentionOnly: false };

  const search = el("input");
  search.type = "search";
  search.autocomplete = "off";
  const attention = el("input");
  attention.type = "checkbox";
  const attentionLabel = el("label", { className: "check", text: "Needs attention only" });
  attentionLabel.prepend(attention);
  const shown = el("p", { className: "meta" });
  const filters = el("div", { className: "table-filters" }, field("Filter by name", search), attentionLabel);

  const sortHeader = (column) => {
    const th = el("th");
    th.scope = "col";
    const active = column.key === state.sortKey;
    if (active) {
      th.setAttribute("aria-sort", state.descending ? "descending" : "ascending");
    }
    const button = el("button", { className: "sort-button", text: column.label },
      el("span", { className: "sort-mark", text: active ? (state.descending ? " ▼" : " ▲") : "" }));
    button.type = "button";
    button.dataset.focusKey = `sort-${column.key}`;
    button.querySelector(".sort-mark")?.setAttribute("aria-hidden", "true");
    button.addEventListener("click", () => {
      state.descending = active ? !state.descending : false;
      state.sortKey = column.key;
      render();
    });
    th.append(button);
    return th;
  };

  const learners = tableBlock({ caption: "Learners of the cohort", fileName: `${fileStem}-learners.csv`, headerCell: sortHeader });
  const criteria = tableBlock({ caption: "Peer feedback received by criterion: mean (ratings)", fileName: `${fileStem}-criteria.csv` });
  const noCriteria = el("p", { className: "hint", text: "No peer feedback received yet by the learners shown." });
  container.replaceChildren(filters, shown, learners.element, el("h3", { text: "By criterion" }), criteria.element, noCriteria);

  function visible() {
    const query = state.query.trim().toLocaleLowerCase();
    const column = columns.find((c) => c.key === state.sortKey);
    return state.dashboard.learners
      .filter((row) => (!query || row.displayName.toLocaleLowerCase().includes(query)) && (!state.attentionOnly || row.flags.length > 0))
      .sort(compareBy(column, state.descending));
  }

  function render() {
    if (!state.dashboard) {
      return;
    }
    keepingFocus(container, () => {
      const rows = visible();
      const total = state.dashboard.learners.length;
      shown.textContent = rows.length === total ? `${total} learners.` : `Showing ${rows.length} of ${total} learners.`;
      learners.show(columns, rows);
      const rated = rows.filter((row) => row.feedbackReceivedByCriterion.length > 0);
      criteria.show(criterionColumns(rated), rated);
      criteria.element.hidden = rated.length === 0;
      noCriteria.hidden = rated.length > 0;
    });
  }

  search.addEventListener("input", () => {
    state.query = search.value;
    render();
  });
  attention.addEventListener("change", () => {
    state.attentionOnly = attention.checked;
    render();
  });

  return {
    update(dashboard) {
      state.dashboard = dashboard;
      render();
    },
  };
}
