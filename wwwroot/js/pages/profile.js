// @ts-check
// My profile: skills offered and wanted (with levels), goals in Markdown, free slots and mentoring capacity. Every
// save is a new version on the server; a save from an older version is refused (409) and the page says so.
import { api, ApiError } from "../lib/api.js";
import { el, uid, serverHtml, $ } from "../lib/dom.js";
import { mountPageShell } from "../lib/page-shell.js";
import "./profile/account-security.js";

const shell = mountPageShell();

// As ProfileLimits on the server, which has the last word.
const limits = { tags: 15, tagLength: 40 };
const levels = ["1 beginner", "2 intermediate", "3 advanced", "4 expert"];
const days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const parts = ["Morning", "Afternoon"];

let version = 0;

/** One skill row: name, level and a remove button, each labelled with the row's number. */
function skillRow(list, kind, tag) {
  const index = list.children.length;
  const noun = kind === "offers" ? "Skill offered" : "Skill wanted";
  const name = el("input");
  name.type = "text";
  name.maxLength = limits.tagLength;
  name.value = tag?.name ?? "";
  name.className = "skill-name";
  const level = el("select", { className: "skill-level" }, ...levels.map((text, i) => {
    const option = el("option", { text });
    option.value = String(i + 1);
    return option;
  }));
  level.value = String(tag?.level ?? (kind === "offers" ? 3 : 1));
  const nameLabel = el("label", { text: `${noun} ${index + 1}` });
  const levelLabel = el("label", { text: kind === "offers" ? "My level" : "My level now" });
  name.id = uid("skill");
  level.id = uid("level");
  nameLabel.htmlFor = name.id;
  levelLabel.htmlFor = level.id;
  const nameError = el("p", { className: "field-error" });
  nameError.id = `${name.id}-error`;
  nameError.hidden = true;
  const levelError = el("p", { className: "field-error" });
  levelError.id = `${level.id}-error`;
  levelError.hidden = true;
  name.setAttribute("aria-describedby", nameError.id);
  level.setAttribute("aria-describedby", levelError.id);
  const remove = el("button", { className: "button small", text: "Remove" });
  remove.type = "button";
  const row = el("li", { className: "skill-row" },
    el("div", { className: "field" }, nameLabel, name, nameError),
    el("div", { className: "field" }, levelLabel, level, levelError),
    remove);
  remove.setAttribute("aria-label", `Remove ${noun.toLowerCase()} ${index + 1}`);
  remove.addEventListener("click", () => {
    const rows = [...list.children];
    const at = rows.indexOf(row);
    row.remove();
    renumber(list, kind);
    const next = list.children[Math.min(at, list.children.length - 1)];
    (next?.querySelector("input") ?? $(kind === "offers" ? "add-offer" : "add-want")).focus();
  });
  list.append(row);
  return name;
}

function renumber(list, kind) {
  const noun = kind === "offers" ? "Skill offered" : "Skill wanted";
  [...list.children].forEach((row, i) => {
    row.querySelector("label").textContent = `${noun} ${i + 1}`;
    row.querySelector("button").setAttribute("aria-label", `Remove ${noun.toLowerCase()} ${i + 1}`);
  });
}

function addSkill(kind) {
  const list = $(kind);
  if (list.children.length >= limits.tags) {
    showStatus(`At most ${limits.tags} skills in a list.`);
    return;
  }
  skillRow(list, kind, null).focus();
}

$("add-offer").addEventListener("click", () => addSkill("offers"));
$("add-want").addEventListener("click", () => addSkill("wants"));

function availabilityTable(slots) {
  const free = new Set(slots.map((s) => `${s.day}:${s.part}`));
  $("availability").replaceChildren(...days.map((day) => {
    const th = el("th", { text: day });
    th.scope = "row";
    return el("tr", {}, th, ...parts.map((part) => {
      const box = el("input");
      box.type = "checkbox";
      box.dataset.day = day;
      box.dataset.part = part;
      box.checked = free.has(`${day}:${part}`);
      box.setAttribute("aria-label", `${day} ${part.toLowerCase()}`);
      return el("td", {}, box);
    }));
  }));
}

function fill(profile) {
  version = profile.version;
  for (const kind of ["offers", "wants"]) {
    $(kind).replaceChildren();
    for (const tag of profile[kind]) {
      skillRow($(kind), kind, tag);
    }
  }
  /** @type {HTMLTextAreaElement} */ ($("goals")).value = profile.goalsMarkdown ?? "";
  /** @type {HTMLInputElement} */ ($("capacity")).value = String(profile.mentorCapacity ?? 0);
  availabilityTable(profile.availability ?? []);
  // The server rendered and sanitised the goals; nothing the person typed is inserted as markup here.
  const saved = $("goals-saved");
  serverHtml(saved, profile.goalsHtml ?? "", { headingBase: 2 });
  $("goals-saved-section").hidden = !profile.goalsHtml;
}

function readForm() {
  const tags = (kind) => [...$(kind).children].map((row) => ({
    name: /** @type {HTMLInputElement} */ (row.querySelector(".skill-name")).value,
    level: Number(/** @type {HTMLSelectElement} */ (row.querySelector(".skill-level")).value),
  }));
  const capacity = /** @type {HTMLInputElement} */ ($("capacity")).value.trim();
  return {
    offers: tags("offers"),
    wants: tags("wants"),
    goalsMarkdown: /** @type {HTMLTextAreaElement} */ ($("goals")).value,
    availability: [.../** @type {NodeListOf<HTMLInputElement>} */ ($("availability").querySelectorAll("input:checked"))].map((b) => ({ day: b.dataset.day, part: b.dataset.part })),
    mentorCapacity: capacity === "" ? 0 : Number(capacity),
    expectedVersion: version,
  };
}

function showStatus(text) {
  $("profile-status").textContent = text;
}

function clearErrors() {
  for (const p of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("#profile-form .field-error"))) {
    p.textContent = "";
    p.hidden = true;
  }
  for (const input of document.querySelectorAll("#profile-form [aria-invalid]")) {
    input.removeAttribute("aria-invalid");
  }
  $("profile-error").hidden = true;
}

/** The server's error keys: offers[0].name, wants[1].level, goalsMarkdown, mentorCapacity, availability, offers. */
function controlFor(key) {
  const row = /^(offers|wants)\[(\d+)\]\.(name|level)$/.exec(key);
  if (row) {
    const item = $(row[1]).children[Number(row[2])];
    return item?.querySelector(row[3] === "name" ? ".skill-name" : ".skill-level");
  }
  return { goalsMarkdown: $("goals"), mentorCapacity: $("capacity") }[key] ?? null;
}

function showErrors(errors) {
  /** @type {HTMLElement | null} */
  let first = null;
  for (const [key, messages] of Object.entries(errors)) {
    const control = controlFor(key);
    const target = control ? $(`${control.id}-error`) : $(`${key}-error`);
    if (!target) {
      continue;
    }
    target.textContent = messages.join(" ");
    target.hidden = false;
    control?.setAttribute("aria-invalid", "true");
    first ??= control ?? target.closest("fieldset")?.querySelector("input, select, button");
  }
  return first;
}

$("profile-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors();
  showStatus("Saving…");
  try {
    const saved = await api("/api/profile", { method: "PUT", body: readForm() });
    fill(saved);
    showStatus(`Saved: version ${saved.version}.`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) {
      showStatus("Not saved: some fields need attention.");
      showErrors(error.errors)?.focus();
    } else {
      showStatus("Not saved.");
      $("profile-error").textContent = error instanceof ApiError ? error.message : "Could not save your profile.";
      $("profile-error").hidden = false;
    }
  }
});

async function load() {
  try {
    const [, profile] = await Promise.all([shell.home(), api("/api/profile")]);
    fill(profile);
    $("profile-form").hidden = false;
    showStatus(profile.version ? `Version ${profile.version}.` : "You have not saved a profile yet.");
  } catch (error) {
    showStatus("");
    $("profile-error").textContent = error instanceof ApiError ? error.message : "Could not load your profile.";
    $("profile-error").hidden = false;
  }
}

load();
