// @ts-check
// The people directory (?q=<name>&skill=<skill>): the people of the caller's programs, found by name and by a skill
// they offer or want. The server decides whose skills the caller may see and where "Ask for mentoring" is offered.
import { api, ApiError } from "../lib/api.js";
import { el, $ } from "../lib/dom.js";
import { clearFieldErrors, showFieldErrors } from "../lib/forms.js";
import { mountPageShell } from "../lib/page-shell.js";
import { errorMessage } from "../lib/alerts.js";
import { askMentoringButton, cohortNames } from "./network/ask-mentoring.js";

const shell = mountPageShell();
const levels = ["beginner", "intermediate", "advanced", "expert"];

/** @param {string} label @param {{name: string, level: number}[]} tags */
function skills(label, tags) {
  const list = el("ul", { className: "skill-tags" }, ...tags.map((t) => el("li", { text: `${t.name} (${levels[t.level - 1] ?? t.level})` })));
  list.setAttribute("aria-label", label);
  return el("div", {}, el("p", { className: "meta", text: `${label}:` }), list);
}

function personItem(person) {
  const status = el("p", { className: "meta" });
  status.setAttribute("role", "status");
  const item = el("li", { className: "network-person" }, el("h3", { text: person.displayName }));
  if (person.sharedCohorts.length > 0) {
    item.append(el("p", { className: "meta", text: `Cohorts you share: ${cohortNames(person.sharedCohorts)}` }));
  }
  if (!person.skillsVisible) {
    item.append(el("p", { className: "meta", text: "Skills are shown to the people who share a cohort with them." }));
  } else if (person.offers.length === 0 && person.wants.length === 0) {
    item.append(el("p", { className: "meta", text: "No skills listed yet." }));
  } else {
    if (person.offers.length > 0) {
      item.append(skills(`${person.displayName} offers`, person.offers));
    }
    if (person.wants.length > 0) {
      item.append(skills(`${person.displayName} wants to develop`, person.wants));
    }
  }
  if (person.askMentoringCohortId) {
    item.append(el("div", { className: "network-actions" }, askMentoringButton(person, person.askMentoringCohortId, status)));
  }
  item.append(status);
  return item;
}

async function find(q, skill) {
  const form = /** @type {HTMLFormElement} */ ($("people-form"));
  clearFieldErrors(form);
  $("people-error").textContent = "";
  const status = $("people-status");
  status.textContent = "Searching…";
  try {
    const answer = await api(`/api/people?${new URLSearchParams({ q, skill })}`);
    $("people-results").replaceChildren(...answer.people.map(personItem));
    const count = answer.people.length;
    status.textContent = count === 0 ? "No one found."
      : `${count} ${count === 1 ? "person" : "people"} found${answer.truncated ? " (the first shown: narrow the search)" : ""}.`;
  } catch (error) {
    status.textContent = "";
    const first = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
    if (first) {
      first.focus();
    } else {
      $("people-error").textContent = errorMessage(error, "Could not search.");
    }
  }
}

async function load() {
  const q = /** @type {HTMLInputElement} */ ($("people-q"));
  const skill = /** @type {HTMLInputElement} */ ($("people-skill"));
  $("people-form").addEventListener("submit", (event) => {
    event.preventDefault();
    history.replaceState(null, "", `/people.html?${new URLSearchParams({ q: q.value, skill: skill.value })}`);
    find(q.value, skill.value);
  });
  try {
    await shell.home();
  } catch (error) {
    $("people-error").textContent = errorMessage(error, "Could not load the page.");
    return;
  }
  const params = new URLSearchParams(location.search);
  q.value = params.get("q") ?? "";
  skill.value = params.get("skill") ?? "";
  await find(q.value, skill.value);
}

load();
