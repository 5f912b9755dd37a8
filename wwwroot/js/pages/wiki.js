// @ts-check
// A cohort's wiki. With no query: the cohorts whose wiki one may read. ?cohort=<id>: its pages, recently changed first,
// and a form for a new page (?create=<title> fills its title in, as a link to a page not written yet does).
// &page=<id>: the page, with edit (live preview), rename and the pages that link here; &view=history: every version,
// to view, compare or revert to; &view=compare&from=&to=: the line-by-line differences; &version=<n>: one old version.
// All Markdown is rendered and sanitised by the server; this page inserts only that HTML and sets everything else as text.
import { api, ApiError } from "../lib/api.js";
import { el, uid, serverHtml, $ } from "../lib/dom.js";
import { field, clearFieldErrors, showFieldErrors } from "../lib/forms.js";
import { formatDateTime } from "../lib/format.js";
import { mountPageShell } from "../lib/page-shell.js";
import { errorMessage } from "../lib/alerts.js";
import { markdownPreview } from "../lib/markdown-preview.js";

const shell = mountPageShell();

// As WikiOptions on the server, which has the last word.
const maxBytes = 32 * 1024;

const params = new URLSearchParams(location.search);
const cohortId = params.get("cohort");
const pageId = params.get("page");
const view = params.get("view");

const content = $("wiki-content");
const changeLabels = { Created: "Created", Edited: "Edited", Renamed: "Renamed", Reverted: "Reverted" };

/** @param {Record<string, string | number>} query */
const wikiUrl = (query) => `/wiki.html?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`;
const pagePath = (id) => `/api/cohorts/${encodeURIComponent(cohortId ?? "")}/wiki/${encodeURIComponent(id)}`;

function setTitle(text) {
  $("wiki-title").textContent = text;
  document.title = `${text} · Roundtable`;
}

function setBack(href, text) {
  const link = el("a", { text });
  link.href = href;
  $("wiki-back").replaceChildren(link);
}

function setStatus(text) {
  const status = $("wiki-status");
  status.textContent = text;
  status.hidden = text === "";
}

function showError(error, fallback) {
  $("wiki-error").textContent = error ? errorMessage(error, fallback) : "";
}

function timeEl(iso) {
  const time = el("time", { text: formatDateTime(iso) });
  time.dateTime = iso;
  return time;
}

function link(href, text) {
  const a = el("a", { text });
  a.href = href;
  return a;
}

function section(headingText, ...children) {
  const heading = el("h2", { text: headingText });
  heading.id = uid("wiki-section");
  const region = el("section", {}, heading, ...children);
  region.setAttribute("aria-labelledby", heading.id);
  return region;
}

function button(text, className = "button") {
  const b = el("button", { className, text });
  b.type = "button";
  return b;
}

/** A labelled Markdown textarea with its error line, its size against the limit and a preview the server renders as one types. */
function markdownField(labelText, value) {
  const textarea = el("textarea");
  textarea.name = "markdown";
  textarea.rows = 12;
  textarea.value = value;
  const wrap = field(labelText, textarea, "Markdown. Link to another page of this wiki with [[Page name]].");
  const error = el("p", { className: "field-error" });
  error.id = `${textarea.id}-error`;
  error.hidden = true;
  const { size, region } = markdownPreview(textarea, { headingLevel: 3, className: "wiki-preview", maxBytes });
  wrap.append(error, size, region);
  return { wrap, textarea };
}

/** A labelled one-line input named as the server's field, with its error line. */
function textField(labelText, name, value, maxLength) {
  const input = el("input");
  input.name = name;
  input.value = value;
  input.maxLength = maxLength;
  input.autocomplete = "off";
  const wrap = field(labelText, input);
  const error = el("p", { className: "field-error" });
  error.id = `${input.id}-error`;
  error.hidden = true;
  wrap.append(error);
  return { wrap, input };
}

// ---- cohorts and pages ----------------------------------------------------------------------------

async function showCohorts() {
  setTitle("Wiki");
  const cohorts = await api("/api/wiki");
  const list = el("ul", { className: "roundtables" }, ...cohorts.map((c) => el("li", { className: "roundtable" },
    link(wikiUrl({ cohort: c.id }), c.name), el("span", { className: "meta", text: ` ${c.pages} ${c.pages === 1 ? "page" : "pages"}` }))));
  content.replaceChildren(section("Cohorts", cohorts.length ? list : el("p", { className: "hint", text: "You are not in a cohort yet." })));
}

async function showPages() {
  const wiki = await api(`/api/cohorts/${encodeURIComponent(cohortId ?? "")}/wiki`);
  setTitle(`Wiki: ${wiki.cohortName}`);
  setBack("/wiki.html", "All wikis");
  const pages = wiki.pages.length
    ? el("ul", { className: "roundtables wiki-pages" }, ...wiki.pages.map((p) => el("li", { className: "roundtable" },
      link(wikiUrl({ cohort: cohortId ?? "", page: p.id }), p.title),
      el("p", { className: "meta" }, `Version ${p.version}, changed `, timeEl(p.updatedAt), ` by ${p.updatedByName}`))))
    : el("p", { className: "hint", text: "No pages yet." });
  const parts = [section("Pages", pages)];
  if (wiki.mayEdit) {
    parts.unshift(section("Write a new page", createForm(params.get("create") ?? "")));
    if (!params.get("create")) {
      parts.reverse();
    }
  }
  content.replaceChildren(...parts);
  if (params.get("create")) {
    /** @type {HTMLTextAreaElement | null} */ (content.querySelector("textarea"))?.focus();
  }
}

function createForm(title) {
  const form = el("form", { className: "stack wiki-form" });
  form.noValidate = true;
  const titleField = textField("Title", "title", title, 120);
  const text = markdownField("Text", "");
  const submit = el("button", { className: "button primary", text: "Create page" });
  submit.type = "submit";
  form.append(titleField.wrap, text.wrap, el("p", {}, submit));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    showError(null, "");
    submit.disabled = true;
    try {
      const page = await api(`/api/cohorts/${encodeURIComponent(cohortId ?? "")}/wiki`, {
        method: "POST", body: { title: titleField.input.value, markdown: text.textarea.value },
      });
      location.assign(wikiUrl({ cohort: page.cohortId, page: page.id }));
    } catch (error) {
      const first = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
      if (first) {
        first.focus();
      } else {
        showError(error, "Could not create the page.");
      }
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// ---- one page ---------------------------------------------------------------------------------------

async function showPage() {
  showPageDto(await api(pagePath(pageId ?? "")));
}

function pageMeta(page) {
  const meta = el("p", { className: "meta" }, `Version ${page.version}, last changed `, timeEl(page.updatedAt), ` by ${page.updatedByName}.`);
  if (page.sourceRoundtableId) {
    meta.append(" Published from the shared notes of ",
      link(`/summary.html?id=${encodeURIComponent(page.sourceRoundtableId)}`, page.sourceRoundtableTitle ?? "a roundtable"), ".");
  }
  return meta;
}

function showPageDto(page, statusText = "") {
  setTitle(page.title);
  setBack(wikiUrl({ cohort: page.cohortId }), `All pages of ${page.cohortName}`);
  const body = el("div", { className: "message-body wiki-body" });
  serverHtml(body, page.html, { headingBase: 1 });
  const article = el("article", { className: "wiki-page" }, pageMeta(page), body);
  article.setAttribute("aria-labelledby", "wiki-title");
  const actions = el("div", { className: "wiki-actions" });
  const editArea = el("div");
  if (page.mayEdit) {
    const edit = button("Edit", "button primary");
    edit.addEventListener("click", () => {
      editArea.replaceChildren(editForm(page, article, actions, editArea));
      actions.hidden = true;
      article.hidden = true;
      /** @type {HTMLTextAreaElement} */ (editArea.querySelector("textarea")).focus();
    });
    actions.append(edit);
  }
  actions.append(link(wikiUrl({ cohort: page.cohortId, page: page.id, view: "history" }), "History"));
  const backlinks = page.backlinks.length
    ? el("ul", {}, ...page.backlinks.map((b) => el("li", {}, link(wikiUrl({ cohort: page.cohortId, page: b.id }), b.title))))
    : el("p", { className: "hint", text: "No page links here yet." });
  const parts = [actions, editArea, article, section("Pages that link here", backlinks)];
  if (page.mayEdit) {
    parts.push(section("Rename", renameForm(page)));
  }
  content.replaceChildren(...parts);
  setStatus(statusText);
}

function editForm(page, article, actions, editArea) {
  let baseVersion = page.version;
  const form = el("form", { className: "stack wiki-form" });
  form.noValidate = true;
  const heading = el("h2", { text: `Edit “${page.title}”` });
  const text = markdownField("Text", page.markdown);
  const summary = textField("What changed (optional)", "summary", "", 300);
  const conflict = el("div", { className: "alert wiki-conflict" });
  conflict.setAttribute("role", "alert");
  conflict.hidden = true;
  const save = el("button", { className: "button primary", text: "Save" });
  save.type = "submit";
  const cancel = button("Cancel");
  cancel.addEventListener("click", () => {
    editArea.replaceChildren();
    actions.hidden = false;
    article.hidden = false;
    /** @type {HTMLButtonElement} */ (actions.querySelector("button")).focus();
  });
  form.append(heading, conflict, text.wrap, summary.wrap, el("p", { className: "wiki-actions" }, save, cancel));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    showError(null, "");
    save.disabled = true;
    try {
      const saved = await api(pagePath(page.id), { method: "PUT", body: { baseVersion, markdown: text.textarea.value, summary: summary.input.value } });
      showPageDto(saved, `Saved as version ${saved.version}.`);
      /** @type {HTMLButtonElement | null} */ (content.querySelector(".wiki-actions button"))?.focus();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // Someone saved first: show the page as it is now beside this text, which stays in the editor.
        const now = await api(pagePath(page.id));
        baseVersion = now.version;
        const theirs = el("pre", { className: "wiki-theirs", text: now.markdown });
        theirs.tabIndex = 0;
        theirs.setAttribute("aria-label", `The page as it is now, version ${now.version}`);
        conflict.replaceChildren(
          el("p", { text: `${error.message} Your text is still in the editor; the page as it is now (version ${now.version}, by ${now.updatedByName}) is below. Merge in what changed, then save again.` }),
          theirs);
        conflict.hidden = false;
      } else {
        const first = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
        if (first) {
          first.focus();
        } else {
          showError(error, "Could not save the page.");
        }
      }
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

function renameForm(page) {
  const form = el("form", { className: "stack wiki-form" });
  form.noValidate = true;
  const title = textField("New title", "title", page.title, 120);
  const submit = el("button", { className: "button", text: "Rename page" });
  submit.type = "submit";
  form.append(title.wrap, el("p", {}, submit));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    showError(null, "");
    try {
      const renamed = await api(`${pagePath(page.id)}/title`, { method: "PUT", body: { baseVersion: page.version, title: title.input.value } });
      showPageDto(renamed, `Renamed to “${renamed.title}”.`);
    } catch (error) {
      const first = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
      if (first) {
        first.focus();
      } else {
        showError(error, "Could not rename the page.");
      }
    }
  });
  return form;
}

// ---- history, old versions and comparing ---------------------------------------------------------------

async function showHistory() {
  const [page, versions] = await Promise.all([api(pagePath(pageId ?? "")), api(`${pagePath(pageId ?? "")}/versions`)]);
  setTitle(`History: ${page.title}`);
  setBack(wikiUrl({ cohort: page.cohortId, page: page.id }), `Back to “${page.title}”`);
  const parts = [];
  if (versions.length > 1) {
    parts.push(section("Compare two versions", compareForm(page, versions)));
  }
  const rows = versions.map((v) => {
    const actions = el("td", {}, link(wikiUrl({ cohort: page.cohortId, page: page.id, version: v.version }), `View version ${v.version}`));
    if (page.mayEdit && v.version !== page.version) {
      const revert = button(`Revert to version ${v.version}`, "button small");
      revert.addEventListener("click", () => revertTo(page, v.version));
      actions.append(" ", revert);
    }
    const change = v.change === "Reverted" ? `Reverted to version ${v.revertedTo}` : changeLabels[v.change] ?? v.change;
    return el("tr", {},
      el("th", { text: String(v.version) }),
      el("td", { text: change }),
      el("td", { text: v.title }),
      el("td", { text: v.summary }),
      el("td", { text: v.authorName }),
      el("td", {}, timeEl(v.at)),
      actions);
  });
  rows.forEach((row) => row.firstElementChild?.setAttribute("scope", "row"));
  const head = el("tr", {}, ...["Version", "Change", "Title", "Summary", "By", "When", "Actions"].map((text) => {
    const th = el("th", { text });
    th.scope = "col";
    return th;
  }));
  const table = el("table", { className: "data-table" }, el("caption", { text: `Versions of “${page.title}”, newest first` }), el("thead", {}, head), el("tbody", {}, ...rows));
  parts.push(section("Versions", el("div", { className: "table-scroll" }, table)));
  content.replaceChildren(...parts);
}

function compareForm(page, versions) {
  const form = el("form", { className: "wiki-compare" });
  const pick = (labelText, name, selected) => {
    const select = el("select");
    select.name = name;
    for (const v of versions) {
      const option = el("option", { text: `Version ${v.version}` });
      option.value = String(v.version);
      option.selected = v.version === selected;
      select.append(option);
    }
    return { wrap: field(labelText, select), select };
  };
  const from = pick("From version", "from", versions[1].version);
  const to = pick("To version", "to", versions[0].version);
  const submit = el("button", { className: "button", text: "Compare" });
  submit.type = "submit";
  form.append(from.wrap, to.wrap, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.assign(wikiUrl({ cohort: page.cohortId, page: page.id, view: "compare", from: from.select.value, to: to.select.value }));
  });
  return form;
}

async function revertTo(page, version) {
  if (!confirm(`Revert “${page.title}” to version ${version}? This adds a new version with that text; no version is lost.`)) {
    return;
  }
  showError(null, "");
  try {
    const reverted = await api(`${pagePath(page.id)}/revert`, { method: "POST", body: { baseVersion: page.version, toVersion: version } });
    history.replaceState(null, "", wikiUrl({ cohort: reverted.cohortId, page: reverted.id }));
    showPageDto(reverted, `Reverted to version ${version}: the page is now at version ${reverted.version}.`);
    $("main").focus();
  } catch (error) {
    showError(error, "Could not revert the page.");
  }
}

async function showVersion(version) {
  const [page, old] = await Promise.all([api(pagePath(pageId ?? "")), api(`${pagePath(pageId ?? "")}/versions/${encodeURIComponent(version)}`)]);
  setTitle(`${old.title}, version ${old.version}`);
  setBack(wikiUrl({ cohort: page.cohortId, page: page.id, view: "history" }), `History of “${page.title}”`);
  const body = el("div", { className: "message-body wiki-body" });
  serverHtml(body, old.html, { headingBase: 1 });
  content.replaceChildren(
    el("p", { className: "meta" }, `Written by ${old.authorName}, `, timeEl(old.at), old.version === page.version ? ". This is the current version." : ". An earlier version; ",
      ...(old.version === page.version ? [] : [link(wikiUrl({ cohort: page.cohortId, page: page.id }), "see the page as it is now"), "."])),
    el("article", { className: "wiki-page" }, body));
}

async function showCompare(from, to) {
  const [page, diff] = await Promise.all([
    api(pagePath(pageId ?? "")),
    api(`${pagePath(pageId ?? "")}/diff?${new URLSearchParams({ from, to })}`),
  ]);
  setTitle(`Compare versions: ${page.title}`);
  setBack(wikiUrl({ cohort: page.cohortId, page: page.id, view: "history" }), `History of “${page.title}”`);
  const marks = { Added: ["+", "Added"], Removed: ["−", "Removed"], Same: ["", "Unchanged"] };
  const head = el("tr", {}, ...["Change", `Line in version ${diff.from}`, `Line in version ${diff.to}`, "Text"].map((text) => {
    const th = el("th", { text });
    th.scope = "col";
    return th;
  }));
  const rows = diff.lines.map((line) => {
    const [sign, word] = marks[line.kind] ?? ["", line.kind];
    return el("tr", { className: `diff-${line.kind.toLowerCase()}` },
      el("td", { className: "diff-mark", text: sign ? `${sign} ${word}` : word }),
      el("td", { text: line.fromLine == null ? "" : String(line.fromLine) }),
      el("td", { text: line.toLine == null ? "" : String(line.toLine) }),
      el("td", {}, el("code", { className: "diff-text", text: line.text })));
  });
  const titles = diff.fromTitle === diff.toTitle ? "" : ` The title changed from “${diff.fromTitle}” to “${diff.toTitle}”.`;
  const table = el("table", { className: "data-table wiki-diff" },
    el("caption", { text: `Changes from version ${diff.from} to version ${diff.to}` }), el("thead", {}, head), el("tbody", {}, ...rows));
  content.replaceChildren(
    el("p", { className: "meta", text: `${diff.added} ${diff.added === 1 ? "line" : "lines"} added, ${diff.removed} ${diff.removed === 1 ? "line" : "lines"} removed.${titles}` }),
    el("div", { className: "table-scroll" }, table));
}

async function load() {
  try {
    await shell.home();
    if (!cohortId) {
      await showCohorts();
    } else if (!pageId) {
      await showPages();
    } else if (view === "history") {
      await showHistory();
    } else if (view === "compare") {
      await showCompare(params.get("from") ?? "", params.get("to") ?? "");
    } else if (params.get("version")) {
      await showVersion(params.get("version") ?? "");
    } else {
      await showPage();
    }
    setStatus("");
  } catch (error) {
    setStatus("");
    showError(error, "Could not load the wiki.");
  }
}

load();
