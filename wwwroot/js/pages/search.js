// @ts-check
// Full-text search (?q=<words>) over what the person may read: their cohorts' wiki pages and discussions, and the
// transcripts of ended roundtables they may read (a hit opens the transcript at the message). Found words come from
// the server as marked stretches of plain text; this page sets them as text inside <mark>, never as markup.
import { api, ApiError } from "../lib/api.js";
import { el, $ } from "../lib/dom.js";
import { clearFieldErrors, showFieldErrors } from "../lib/forms.js";
import { mountPageShell } from "../lib/page-shell.js";
import { errorMessage } from "../lib/alerts.js";

const shell = mountPageShell();
const kindLabels = { wiki: "Wiki page", discussion: "Discussion", transcript: "Transcript" };

/** @param {{text: string, hit: boolean}[]} segments */
function marked(segments) {
  return segments.map((s) => (s.hit ? el("mark", { text: s.text }) : document.createTextNode(s.text)));
}

function result(r) {
  const link = el("a", {}, ...marked(r.titleSegments));
  link.href = r.link;
  return el("li", { className: "roundtable" },
    el("h3", { className: "search-title" }, link),
    el("p", { className: "meta", text: `${kindLabels[r.kind] ?? r.kind} · ${r.cohortName}` }),
    el("p", { className: "search-snippet" }, ...marked(r.snippet)));
}

async function search(q) {
  const form = /** @type {HTMLFormElement} */ ($("search-form"));
  clearFieldErrors(form);
  $("search-error").textContent = "";
  const status = $("search-status");
  status.textContent = "Searching…";
  try {
    const answer = await api(`/api/search?${new URLSearchParams({ q })}`);
    $("search-results").replaceChildren(...answer.results.map(result));
    $("search-results-section").hidden = answer.results.length === 0;
    status.textContent = answer.total === 0 ? `Nothing found for “${answer.query}”.`
      : answer.total > answer.results.length ? `${answer.total} found for “${answer.query}”; the best ${answer.results.length} are shown.`
      : `${answer.total} found for “${answer.query}”.`;
  } catch (error) {
    status.textContent = "";
    const first = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
    if (first) {
      first.focus();
    } else {
      $("search-error").textContent = errorMessage(error, "Could not search.");
    }
  }
}

async function load() {
  const input = /** @type {HTMLInputElement} */ ($("search-q"));
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    history.replaceState(null, "", `/search.html?${new URLSearchParams({ q: input.value })}`);
    search(input.value);
  });
  try {
    await shell.home();
  } catch (error) {
    $("search-error").textContent = errorMessage(error, "Could not load the page.");
    return;
  }
  const q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    await search(q);
  }
}

load();
