// @ts-check
// Data tables built from columns and rows. A column's text(row) is both what its cell shows and what the table's CSV
// download holds, so the file has exactly the numbers on the screen.
import { el, uid } from "./dom.js";

/**
 * @typedef {{ label: string, text: (row: any) => string, render?: (row: any) => (Node|string), header?: boolean }} Column
 * header: the column's cells head their rows (th scope=row). render: the cell's content when more than its text.
 */

/** @param {Column} column */
function plainHeader(column) {
  const th = el("th", { text: column.label });
  th.scope = "col";
  return th;
}

/** @param {Column[]} columns @param {any} row */
function tableRow(columns, row) {
  return el("tr", {}, ...columns.map((column) => {
    const cell = el(column.header ? "th" : "td");
    if (column.header) {
      cell.scope = "row";
    }
    cell.append(column.render ? column.render(row) : column.text(row));
    return cell;
  }));
}

/**
 * One RFC 4180 cell: quoted when it holds a comma, quote or line break, quotes doubled. Text a spreadsheet would run
 * as a formula (starting with = + - @, a tab or a carriage return) gets a leading single quote.
 * @param {unknown} value
 */
export function csvCell(value) {
  let text = String(value ?? "");
  if (/^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** @param {Column[]} columns @param {any[]} rows */
export function toCsv(columns, rows) {
  const lines = [columns.map((c) => c.label), ...rows.map((row) => columns.map((c) => c.text(row)))];
  return lines.map((cells) => cells.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function downloadCsv(fileName, text) {
  // The byte-order mark tells spreadsheet programs the file is UTF-8.
  const url = URL.createObjectURL(new Blob(["\uFEFF", text], { type: "text/csv;charset=utf-8" }));
  const link = el("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name from a title: "Autumn 2026 cohort" → "autumn-2026-cohort". @param {string} text */
export function fileSlug(text) {
  return String(text).toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "table";
}

/**
 * A captioned table in its scrolling box, with a "Download CSV" button when given a file name. show(columns, rows)
 * fills or refills it; the button exports what it shows at the moment of the click. headerCell builds a column's
 * header cell (for sort buttons).
 * @param {{caption: string, fileName?: string, headerCell?: (column: Column) => HTMLElement}} options
 * @returns {{element: HTMLElement, table: HTMLTableElement, show: (columns: Column[], rows: any[]) => void}}
 */
export function tableBlock({ caption, fileName, headerCell = plainHeader }) {
  const head = el("thead");
  const body = el("tbody");
  const captionElement = el("caption", { text: caption });
  captionElement.id = uid("caption");
  const table = el("table", { className: "data-table" }, captionElement, head, body);
  // A table wider than the screen scrolls sideways; the box takes focus so the keyboard can scroll it too.
  const scroll = el("div", { className: "table-scroll" }, table);
  scroll.setAttribute("role", "region");
  scroll.setAttribute("aria-labelledby", captionElement.id);
  scroll.tabIndex = 0;
  const element = el("div", { className: "table-block" }, scroll);
  /** @type {{columns: Column[], rows: any[]}} */
  let shown = { columns: [], rows: [] };
  if (fileName) {
    const button = el("button", { className: "button small", text: "Download CSV" }, el("span", { className: "visually-hidden", text: ` (${caption})` }));
    button.type = "button";
    button.dataset.focusKey = `csv-${fileName}`;
    button.addEventListener("click", () => downloadCsv(fileName, toCsv(shown.columns, shown.rows)));
    element.append(button);
  }
  return {
    element,
    table,
    show(columns, rows) {
      shown = { columns, rows };
      head.replaceChildren(el("tr", {}, ...columns.map(headerCell)));
      body.replaceChildren(...rows.map((row) => tableRow(columns, row)));
    },
  };
}

/**
 * A table shown once.
 * @param {{caption: string, fileName?: string, columns: Column[], rows: any[]}} options
 */
export function dataTable({ caption, fileName, columns, rows }) {
  const block = tableBlock({ caption, fileName });
  block.show(columns, rows);
  return block.element;
}
