// @ts-check
// The rubrics page: a program's rubrics, read by everyone in the program. Admins and the program's coaches create
// and revise them; every save is a new version, and older versions stay readable as they were saved.
import { api, ApiError } from "../lib/api.js";
import { el, uid, $ } from "../lib/dom.js";
import { field } from "../lib/forms.js";
import { formatDateTime } from "../lib/format.js";
import { mountPageShell } from "../lib/page-shell.js";
import { alertBox } from "../lib/alerts.js";

const shell = mountPageShell();

// As RubricLimits on the server, which has the last word.
const limits = { name: 100, description: 1000, level: 300, prompt: 300, criteria: 12, prompts: 5, minLevels: 2, maxLevels: 10, maxWeight: 10 };
const newCriterionLevels = 5;

const params = new URLSearchParams(location.search);

const page = { programId: "", programName: "", mayEdit: false };

$("new-rubric").addEventListener("click", () => openEditor(null));

function rubricUrl(rubricId, version) {
  const query = new URLSearchParams({ program: page.programId });
  if (rubricId) {
    query.set("rubric", rubricId);
  }
  if (version) {
    query.set("version", String(version));
  }
  return `/rubrics.html?${query}`;
}

function setStatus(text) {
  $("rubrics-status").textContent = text;
}

function showError(error, fallback) {
  $("rubrics-error").textContent = error instanceof ApiError ? error.message : fallback;
}

function detailHeading(text) {
  const heading = el("h2", { text });
  heading.id = "rubric-detail-heading";
  heading.tabIndex = -1;
  return heading;
}

/** Shows content in the detail section and moves focus to its heading, so keyboard and screen reader users follow. */
function showDetail(...children) {
  const detail = $("rubric-detail");
  detail.replaceChildren(...children);
  detail.hidden = false;
  $("rubric-detail-heading").focus();
}

// ---- the list ---------------------------------------------------------------------------------

// The API's rubrics come as {rubric, savedByName, savedAt, versions}: one version, who saved it, when, and every
// version number the rubric has.

function savedLine(saved) {
  const when = el("time", { text: formatDateTime(saved.savedAt) });
  when.dateTime = saved.savedAt;
  return el("p", { className: "meta" }, `Version ${saved.rubric.version} · saved `, when, saved.savedByName ? ` by ${saved.savedByName}` : "");
}

function rubricItem(saved) {
  const { rubric } = saved;
  const link = el("a", { text: rubric.name });
  link.href = rubricUrl(rubric.rubricId);
  const count = rubric.criteria.length === 1 ? "1 criterion" : `${rubric.criteria.length} criteria`;
  return el("li", { className: "roundtable" }, el("div", { className: "roundtable-head" }, link, el("span", { className: "meta", text: count })), savedLine(saved));
}

async function loadList() {
  const rubrics = await api(`/api/programs/${encodeURIComponent(page.programId)}/rubrics`);
  const list = $("rubric-list");
  if (rubrics.length) {
    list.replaceChildren(...rubrics.map(rubricItem));
  } else {
    list.replaceChildren(el("li", { className: "hint", text: page.mayEdit ? "No rubrics yet: create the first one." : "No rubrics yet." }));
  }
  $("rubric-list-section").hidden = false;
}

// ---- one version, read-only -------------------------------------------------------------------

function versionLinks(saved) {
  const { rubric, versions } = saved;
  const latest = Math.max(...versions);
  const items = [...versions].reverse().map((version) => {
    const link = el("a", { text: version === latest ? `Version ${version} (latest)` : `Version ${version}` });
    link.href = rubricUrl(rubric.rubricId, version === latest ? undefined : version);
    if (version === rubric.version) {
      link.setAttribute("aria-current", "page");
    }
    return el("li", {}, link);
  });
  const label = el("span", { text: "Versions:" });
  label.id = uid("rubric-versions");
  const nav = el("nav", { className: "rubric-versions" }, label, el("ul", {}, ...items));
  nav.setAttribute("aria-labelledby", label.id);
  return nav;
}

function criterionView(criterion) {
  const weight = el("span", { className: "tag", text: `weight ${criterion.weight}` });
  const levels = el("ol", { className: "rubric-levels" }, ...criterion.levels.map((level) => el("li", { text: level })));
  levels.setAttribute("aria-label", `${criterion.name}: levels 1 to ${criterion.levels.length}`);
  const item = el("li", { className: "rubric-criterion" }, el("h4", {}, `${criterion.name} `, weight));
  if (criterion.description) {
    item.append(el("p", { text: criterion.description }));
  }
  item.append(levels);
  return item;
}

function renderView(saved) {
  const { rubric } = saved;
  const latest = rubric.version === Math.max(...saved.versions);
  const parts = [detailHeading(rubric.name), savedLine(saved), versionLinks(saved)];
  if (!latest) {
    const back = el("a", { text: "Show the latest version" });
    back.href = rubricUrl(rubric.rubricId);
    parts.push(el("div", { className: "notice" },
      el("p", { text: `This is version ${rubric.version}, kept as it was saved; it cannot be changed.` }), el("p", {}, back)));
  }
  if (rubric.description) {
    parts.push(el("p", { text: rubric.description }));
  }
  parts.push(el("h3", { text: "Criteria" }), el("ol", { className: "rubric-criteria" }, ...rubric.criteria.map(criterionView)));
  parts.push(el("h3", { text: "Open prompts" }));
  parts.push(rubric.prompts.length
    ? el("ul", {}, ...rubric.prompts.map((prompt) => el("li", { text: prompt.text })))
    : el("p", { className: "hint", text: "No open prompts." }));
  if (page.mayEdit && latest) {
    const edit = el("button", { className: "button", text: "Edit rubric" });
    edit.type = "button";
    edit.addEventListener("click", () => openEditor(saved));
    parts.push(el("p", {}, edit));
  }
  showDetail(...parts);
}

async function showRubric(rubricId, version) {
  const path = version
    ? `/api/rubrics/${encodeURIComponent(rubricId)}/versions/${encodeURIComponent(version)}`
    : `/api/rubrics/${encodeURIComponent(rubricId)}`;
  renderView(await api(path));
}

// ---- the editor -------------------------------------------------------------------------------

/**
 * The form's state while editing. Fields write into it as people type; adding, removing and moving criteria or
 * prompts change it and draw the form again.
 */
/**
 * @typedef {{name: string, description: string, criteria: any[], prompts: {id: string | null, text: string}[]}} Draft
 * @typedef {{message: HTMLElement, controls: HTMLInputElement[], focusTarget: HTMLElement}} ErrorSlot
 * @type {{saved: any, draft: Draft | null, slots: Map<string, ErrorSlot>, form: HTMLFormElement | null}}
 */
const editor = { saved: null, draft: null, slots: new Map(), form: null };

/** The draft being edited: the form's controls exist only while the editor is open. */
const openDraft = () => /** @type {Draft} */ (editor.draft);

function blankCriterion() {
  return { id: null, name: "", description: "", levels: Array(newCriterionLevels).fill(""), weight: 1 };
}

function draftOf(rubric) {
  if (!rubric) {
    return { name: "", description: "", criteria: [blankCriterion()], prompts: [] };
  }
  return {
    name: rubric.name,
    description: rubric.description,
    criteria: rubric.criteria.map((c) => ({ id: c.id, name: c.name, description: c.description, levels: [...c.levels], weight: c.weight })),
    prompts: rubric.prompts.map((p) => ({ id: p.id, text: p.text })),
  };
}

function visuallyHidden(text) {
  return el("span", { className: "visually-hidden", text });
}

/**
 * A message beside a field for the server's errors under that key (e.g. "criteria[0].levels"), described by its
 * controls; focus goes to focusTarget when it is the first error.
 */
function errorSlot(key, controls, focusTarget = controls[0]) {
  const message = el("p", { className: "field-error" });
  message.id = uid("rubric-error");
  message.hidden = true;
  for (const control of controls) {
    control.setAttribute("aria-describedby", [control.getAttribute("aria-describedby"), message.id].filter(Boolean).join(" "));
  }
  editor.slots.set(key, { message, controls, focusTarget });
  return message;
}

/** A labelled input or textarea bound to owner[key], with an optional hint and its error slot. */
/**
 * @param {string} labelText
 * @param {Record<string, any>} owner
 * @param {string} key
 * @param {{multiline?: boolean, maxLength: number, hint?: string, errorKey: string, focusKey?: string}} options
 */
function textField(labelText, owner, key, { multiline = false, maxLength, hint, errorKey, focusKey }) {
  const control = multiline ? el("textarea") : el("input");
  control.maxLength = maxLength;
  control.value = owner[key] ?? "";
  if (control instanceof HTMLTextAreaElement) {
    control.rows = 2;
  } else {
    control.type = "text";
  }
  if (focusKey) {
    control.dataset.focusKey = focusKey;
  }
  control.addEventListener("input", () => { owner[key] = control.value; });
  const wrap = field(labelText, control, hint);
  if (errorKey) {
    wrap.append(errorSlot(errorKey, [control]));
  }
  return wrap;
}

/**
 * A button whose visible text is before + after, and whose name has which item it acts on in between.
 * @param {[string, string]} text
 * @param {string} which
 * @param {() => void} onClick
 * @param {{disabled?: boolean, focusKey?: string}} [options]
 */
function smallButton([before, after], which, onClick, { disabled = false, focusKey } = {}) {
  const button = el("button", { className: "button small" });
  button.type = "button";
  // Seen "Move up", heard "Move criterion 2 up".
  button.append(before, visuallyHidden(which), after);
  button.disabled = disabled;
  if (focusKey) {
    button.dataset.focusKey = focusKey;
  }
  button.addEventListener("click", onClick);
  return button;
}

/** Draws the form again from the draft, then puts focus on the control with the given key. */
function redraw(focusKey, announcement) {
  renderEditor();
  const target = [.../** @type {NodeListOf<HTMLElement>} */ (/** @type {HTMLFormElement} */ (editor.form).querySelectorAll("[data-focus-key]"))].find((node) => node.dataset.focusKey === focusKey);
  (target ?? $("rubric-detail-heading")).focus();
  if (announcement) {
    setStatus(announcement);
  }
}

function moveCriterion(from, to) {
  const criteria = openDraft().criteria;
  const [moved] = criteria.splice(from, 1);
  criteria.splice(to, 0, moved);
  const direction = to < from ? "up" : "down";
  // Keep focus on the same button when it is still usable, else on the other one.
  const stillUsable = direction === "up" ? to > 0 : to < criteria.length - 1;
  redraw(`criterion-${to}-${stillUsable ? direction : direction === "up" ? "down" : "up"}`,
    `${moved.name || "Criterion"} moved to position ${to + 1}.`);
}

function levelsControl(criterion, index) {
  const select = el("select");
  select.dataset.focusKey = `criterion-${index}-levels`;
  for (let n = limits.minLevels; n <= limits.maxLevels; n++) {
    const option = el("option", { text: String(n) });
    option.value = String(n);
    select.append(option);
  }
  select.value = String(criterion.levels.length);
  select.addEventListener("change", () => {
    const count = Number(select.value);
    criterion.levels = Array.from({ length: count }, (_, i) => criterion.levels[i] ?? "");
    redraw(`criterion-${index}-levels`, `${count} levels.`);
  });
  const descriptors = criterion.levels.map((text, i) => {
    const input = el("input");
    input.type = "text";
    input.maxLength = limits.level;
    input.value = text;
    input.addEventListener("input", () => { criterion.levels[i] = input.value; });
    const edge = i === 0 ? " (lowest)" : i === criterion.levels.length - 1 ? " (highest)" : "";
    return { input, wrap: field(`Level ${i + 1}${edge}`, input) };
  });
  const legend = el("legend", { text: "What each level means" });
  const group = el("fieldset", { className: "rubric-level-fields" }, legend, ...descriptors.map((d) => d.wrap));
  const error = errorSlot(`criteria[${index}].levels`, [select, ...descriptors.map((d) => d.input)]);
  return [field("Number of levels", select), group, error];
}

function weightControl(criterion, index) {
  const input = el("input");
  input.type = "number";
  input.min = "0.5";
  input.max = String(limits.maxWeight);
  input.step = "0.5";
  input.inputMode = "decimal";
  input.value = criterion.weight ?? "";
  input.addEventListener("input", () => { criterion.weight = input.value === "" ? null : Number(input.value); });
  const wrap = field("Weight", input, "How much it counts next to the others: 1 is usual, 2 counts double.");
  wrap.classList.add("rubric-weight");
  wrap.append(errorSlot(`criteria[${index}].weight`, [input]));
  return wrap;
}

function criterionFieldset(criterion, index, count) {
  const legend = el("legend", { text: `Criterion ${index + 1}` });
  const which = `criterion ${index + 1} `;
  const actions = el("div", { className: "controls" },
    smallButton(["Move ", "up"], which, () => moveCriterion(index, index - 1), { disabled: index === 0, focusKey: `criterion-${index}-up` }),
    smallButton(["Move ", "down"], which, () => moveCriterion(index, index + 1), { disabled: index === count - 1, focusKey: `criterion-${index}-down` }),
    smallButton(["Remove ", ""], which, () => {
      const [removed] = openDraft().criteria.splice(index, 1);
      const next = Math.min(index, openDraft().criteria.length - 1);
      redraw(`criterion-${next}-name`, `${removed.name || "Criterion"} removed.`);
    }, { disabled: count === 1 }));
  const name = textField("Name", criterion, "name", { maxLength: limits.name, errorKey: `criteria[${index}].name`, focusKey: `criterion-${index}-name` });
  return el("fieldset", { className: "rubric-criterion-fields" }, legend,
    name,
    textField("Description", criterion, "description", {
      multiline: true, maxLength: limits.description, hint: "What to look for (optional).", errorKey: `criteria[${index}].description`,
    }),
    ...levelsControl(criterion, index),
    weightControl(criterion, index),
    errorSlot(`criteria[${index}]`, [], name.querySelector("input")),
    actions);
}

function promptField(prompt, index) {
  const field = textField(`Prompt ${index + 1}`, prompt, "text", { maxLength: limits.prompt, errorKey: `prompts[${index}].text`, focusKey: `prompt-${index}` });
  const remove = smallButton(["Remove ", ""], `prompt ${index + 1}`, () => {
    openDraft().prompts.splice(index, 1);
    const next = Math.min(index, openDraft().prompts.length - 1);
    redraw(next >= 0 ? `prompt-${next}` : "add-prompt", "Prompt removed.");
  });
  return el("li", { className: "rubric-prompt-field" }, field, remove);
}

function renderEditor() {
  const saved = editor.saved;
  const draft = openDraft();
  editor.slots = new Map();
  const heading = detailHeading(saved ? `Edit ${saved.rubric.name}` : "New rubric");

  const alert = alertBox();
  alert.id = "rubric-form-error";

  const addCriterion = el("button", { className: "button", text: "Add criterion" });
  addCriterion.type = "button";
  addCriterion.dataset.focusKey = "add-criterion";
  addCriterion.disabled = draft.criteria.length >= limits.criteria;
  addCriterion.addEventListener("click", () => {
    draft.criteria.push(blankCriterion());
    redraw(`criterion-${draft.criteria.length - 1}-name`, `Criterion ${draft.criteria.length} added.`);
  });

  const addPrompt = el("button", { className: "button", text: "Add prompt" });
  addPrompt.type = "button";
  addPrompt.dataset.focusKey = "add-prompt";
  addPrompt.disabled = draft.prompts.length >= limits.prompts;
  addPrompt.addEventListener("click", () => {
    draft.prompts.push({ id: null, text: "" });
    redraw(`prompt-${draft.prompts.length - 1}`, `Prompt ${draft.prompts.length} added.`);
  });

  const save = el("button", { className: "button primary", text: "Save rubric" });
  save.type = "submit";
  const cancel = el("button", { className: "button", text: "Cancel" });
  cancel.type = "button";
  cancel.addEventListener("click", closeEditor);

  const form = el("form", { className: "stack rubric-editor" },
    alert,
    textField("Rubric name", draft, "name", { maxLength: limits.name, errorKey: "name", focusKey: "name" }),
    textField("Description", draft, "description", { multiline: true, maxLength: limits.description, hint: "Who it is for and how to use it (optional).", errorKey: "description" }),
    el("h3", { text: "Criteria" }),
    el("p", { className: "hint", text: `1 to ${limits.criteria} criteria, each rated on a scale of ${limits.minLevels} to ${limits.maxLevels} levels.` }),
    el("ol", { className: "rubric-criteria" }, ...draft.criteria.map((c, i) => el("li", {}, criterionFieldset(c, i, draft.criteria.length)))),
    el("div", {}, addCriterion, errorSlot("criteria", [], addCriterion)),
    el("h3", { text: "Open prompts" }),
    el("p", { className: "hint", text: `Questions answered in words, up to ${limits.prompts}.` }),
    el("ul", { className: "rubric-prompts" }, ...draft.prompts.map(promptField)),
    el("div", {}, addPrompt, errorSlot("prompts", [], addPrompt)),
    el("div", { className: "controls" }, save, cancel));
  form.noValidate = true;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    saveDraft(save);
  });
  editor.form = form;
  const detail = $("rubric-detail");
  detail.replaceChildren(heading, form);
  detail.hidden = false;
}

/** Opens the editor on a saved rubric (its latest version), or on a new one when saved is null. */
function openEditor(saved) {
  editor.saved = saved;
  editor.draft = draftOf(saved?.rubric);
  $("rubrics-error").textContent = "";
  setStatus("");
  renderEditor();
  $("rubric-detail-heading").focus();
}

function closeEditor() {
  if (editor.saved) {
    renderView(editor.saved);
  } else {
    $("rubric-detail").hidden = true;
    $("new-rubric").focus();
  }
  editor.saved = null;
  editor.draft = null;
}

function clearFieldErrors() {
  for (const { message, controls } of editor.slots.values()) {
    message.textContent = "";
    message.hidden = true;
    for (const control of controls) {
      control.removeAttribute("aria-invalid");
    }
  }
}

/** Puts each of the server's field errors beside its field; returns the first control to fix. */
function showFieldErrors(errors) {
  /** @type {HTMLElement | null} */
  let first = null;
  for (const [key, messages] of Object.entries(errors)) {
    const slot = editor.slots.get(key);
    if (!slot) {
      continue;
    }
    slot.message.textContent = messages.join(" ");
    slot.message.hidden = false;
    // An unfilled level descriptor is what to fix when there are some; otherwise the whole field.
    const empty = slot.controls.filter((c) => c.tagName === "INPUT" && c.value.trim() === "");
    for (const control of empty.length ? empty : slot.controls) {
      control.setAttribute("aria-invalid", "true");
    }
    first ??= empty[0] ?? slot.focusTarget;
  }
  return first;
}

function body(draft) {
  return {
    name: draft.name,
    description: draft.description,
    criteria: draft.criteria.map((c) => ({ id: c.id, name: c.name, description: c.description, levels: c.levels, weight: c.weight })),
    prompts: draft.prompts.map((p) => ({ id: p.id, text: p.text })),
  };
}

async function saveDraft(button) {
  const { saved, draft } = editor;
  const alert = $("rubric-form-error");
  alert.textContent = "";
  clearFieldErrors();
  button.disabled = true;
  try {
    const result = saved
      ? await api(`/api/rubrics/${encodeURIComponent(saved.rubric.rubricId)}`, { method: "PUT", body: { ...body(draft), expectedVersion: saved.rubric.version } })
      : await api(`/api/programs/${encodeURIComponent(page.programId)}/rubrics`, { method: "POST", body: body(draft) });
    editor.saved = null;
    editor.draft = null;
    history.replaceState(null, "", rubricUrl(result.rubric.rubricId));
    renderView(result);
    setStatus(`Saved ${result.rubric.name} as version ${result.rubric.version}.`);
    await loadList().catch(() => {});
  } catch (error) {
    button.disabled = false;
    const first = error instanceof ApiError ? showFieldErrors(error.errors) : null;
    alert.textContent = error instanceof ApiError ? error.message : "Could not save the rubric. Try again.";
    (first ?? button).focus();
  }
}

// ---- start ------------------------------------------------------------------------------------

function fillProgramPicker(programs) {
  const select = /** @type {HTMLSelectElement} */ ($("program-select"));
  select.replaceChildren(...programs.map((program) => {
    const option = el("option", { text: program.name });
    option.value = program.id;
    return option;
  }));
  select.value = page.programId;
  $("program-form").hidden = programs.length < 2;
}

async function start() {
  try {
    const [home, programs] = await Promise.all([shell.home(), api("/api/programs")]);
    if (programs.length === 0) {
      setStatus("You are not in any program yet.");
      return;
    }
    const chosen = programs.find((p) => p.id === params.get("program")) ?? programs[0];
    page.programId = chosen.id;
    page.programName = chosen.name;
    page.mayEdit = home.user.isAdmin
      || home.cohorts.some(({ cohort }) => cohort.programId === chosen.id && cohort.myRole === "Coach");
    if (params.get("program") !== chosen.id) {
      history.replaceState(null, "", rubricUrl());
    }
    fillProgramPicker(programs);
    document.title = `Rubrics of ${chosen.name} · Roundtable`;
    $("rubric-list-heading").textContent = `Rubrics of ${chosen.name}`;
    $("new-rubric").hidden = !page.mayEdit;
    await loadList();
    setStatus("");
    const rubricId = params.get("rubric");
    if (rubricId) {
      await showRubric(rubricId, params.get("version"));
    }
  } catch (error) {
    setStatus("");
    showError(error, "Could not load the rubrics.");
  }
}

start();
