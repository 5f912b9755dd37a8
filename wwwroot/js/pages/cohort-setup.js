// @ts-check
// A cohort's set-up page (?cohort=), for admins and the cohort's coaches: its details, its members by role (change a
// role, whom someone reports to, remove, move a learner to another cohort), inviting one person, and inviting from a
// CSV file: a preview of every row (its errors, or what it will do) before the import, which writes all rows or none.
import { api, ApiError } from "../lib/api.js";
import { $, el } from "../lib/dom.js";
import { clearFieldErrors, showFieldErrors } from "../lib/forms.js";
import { errorMessage, showStatus } from "../lib/alerts.js";
import { tableBlock } from "../lib/tables.js";
import { mountPageShell } from "../lib/page-shell.js";

const shell = mountPageShell();
const cohortId = new URLSearchParams(location.search).get("cohort") ?? "";
const base = `/api/cohorts/${encodeURIComponent(cohortId)}`;
const status = $("setup-status");
const errorBox = $("setup-error");
const roles = ["Learner", "Coach", "Manager", "Observer"];
const roleNames = { Learner: "learner", Coach: "coach", Manager: "manager", Observer: "observer" };

/** @type {any} */
let me = null;
/** @type {any} */
let cohort = null;
/** @type {any[]} */
let members = [];
/** Other cohorts the caller runs, to move learners to. @type {any[]} */
let otherCohorts = [];
/** The file last previewed, sent again as it is on Import. @type {ArrayBuffer | null} */
let previewed = null;

/** @param {string} text */
function say(text) {
  showStatus(status, text);
  status.hidden = text === "";
}

/** @param {unknown} error @param {string} fallback */
function fail(error, fallback) {
  errorBox.textContent = errorMessage(error, fallback);
}

/** Roles the caller may give: coaches appoint no coaches. */
const givableRoles = () => (me.isAdmin ? roles : roles.filter((r) => r !== "Coach"));

/** @param {string} value @param {string} text */
function option(value, text) {
  return Object.assign(el("option", { text }), { value });
}

/**
 * A control and its button, named for the person they act on ("Role of Ada Lovelace", "Save role for Ada Lovelace").
 * @param {HTMLSelectElement} select @param {string} buttonText @param {string} name @param {() => Promise<void>} act
 */
function selectWithButton(select, buttonText, name, act) {
  const button = el("button", { className: "button small", text: buttonText }, el("span", { className: "visually-hidden", text: ` for ${name}` }));
  button.type = "button";
  button.addEventListener("click", async () => {
    errorBox.textContent = "";
    button.disabled = true;
    try {
      await act();
    } catch (error) {
      fail(error, "That did not work.");
      select.focus();
    } finally {
      button.disabled = false;
    }
  });
  return el("div", { className: "inline-control" }, select, button);
}

function roleCell(member) {
  const select = el("select");
  select.setAttribute("aria-label", `Role of ${member.displayName}`);
  const choices = member.role === "Coach" && !me.isAdmin ? ["Coach"] : givableRoles();
  select.append(...choices.map((r) => option(r, roleNames[r])));
  select.value = member.role;
  return selectWithButton(select, "Save role", member.displayName, async () => {
    await api(`${base}/members/${encodeURIComponent(member.userId)}`, { method: "PUT", body: { role: select.value } });
    await showMembers();
    say(`${member.displayName} is now ${roleNames[select.value]}.`);
  });
}

function managerCell(member) {
  const select = el("select");
  select.setAttribute("aria-label", `Manager of ${member.displayName}`);
  select.append(option("", "No manager"),
    ...members.filter((m) => m.userId !== member.userId).map((m) => option(m.userId, m.displayName)));
  // A manager outside the cohort (set by an admin) is shown as it is.
  if (member.managerId && !members.some((m) => m.userId === member.managerId)) {
    select.append(option(member.managerId, "Someone outside this cohort"));
  }
  select.value = member.managerId ?? "";
  return selectWithButton(select, "Save manager", member.displayName, async () => {
    await api(`${base}/members/${encodeURIComponent(member.userId)}/manager`, { method: "PUT", body: { managerId: select.value || null } });
    await showMembers();
    const manager = members.find((m) => m.userId === select.value);
    say(manager ? `${member.displayName} now reports to ${manager.displayName}.` : `${member.displayName} has no manager set.`);
  });
}

function actionsCell(member) {
  const cell = el("div", { className: "inline-control" });
  if (member.role === "Learner" && otherCohorts.length > 0) {
    const select = el("select");
    select.setAttribute("aria-label", `Cohort to move ${member.displayName} to`);
    select.append(...otherCohorts.map((c) => option(c.id, c.name)));
    cell.append(selectWithButton(select, "Move", member.displayName, async () => {
      const to = otherCohorts.find((c) => c.id === select.value);
      await api(`${base}/members/${encodeURIComponent(member.userId)}/move`, { method: "POST", body: { toCohortId: select.value } });
      await showMembers();
      say(`${member.displayName} moved to ${to?.name ?? "the other cohort"}.`);
    }));
  }
  if (member.invited) {
    // A new invitation link replaces the old one (which may have expired or been lost).
    const resend = el("button", { className: "button small", text: "Resend invitation" }, el("span", { className: "visually-hidden", text: ` to ${member.displayName}` }));
    resend.type = "button";
    resend.addEventListener("click", async () => {
      errorBox.textContent = "";
      try {
        await api(`/api/users/${encodeURIComponent(member.userId)}/invitation`, { method: "POST" });
        say(`A new invitation is on its way to ${member.email ?? member.displayName}.`);
      } catch (error) {
        fail(error, "Could not send the invitation again.");
      }
    });
    cell.append(resend);
  }
  if (me.isAdmin || member.role !== "Coach") {
    const remove = el("button", { className: "button small danger", text: "Remove" }, el("span", { className: "visually-hidden", text: ` ${member.displayName}` }));
    remove.type = "button";
    remove.addEventListener("click", async () => {
      errorBox.textContent = "";
      try {
        await api(`${base}/members/${encodeURIComponent(member.userId)}`, { method: "DELETE" });
        await showMembers();
        say(`${member.displayName} was removed from the cohort.`);
        $("members-heading").focus();
      } catch (error) {
        fail(error, "Could not remove them.");
      }
    });
    cell.append(remove);
  }
  return cell;
}

const memberTable = tableBlock({ caption: "Members", fileName: "members" });

async function showMembers() {
  members = await api(`${base}/members`);
  const managerName = (m) => members.find((x) => x.userId === m.managerId)?.displayName ?? (m.managerId ? "Someone outside this cohort" : "");
  memberTable.show([
    { label: "Name", header: true, text: (m) => m.displayName + (m.invited ? " (invited)" : "") },
    { label: "Email", text: (m) => m.email ?? "" },
    { label: "Role", text: (m) => roleNames[m.role] ?? m.role, render: roleCell },
    { label: "Manager", text: managerName, render: managerCell },
    { label: "Actions", text: () => "", render: actionsCell },
  ], members);
  if (!$("members").contains(memberTable.element)) {
    $("members").replaceChildren(memberTable.element);
  }
}

// ---- details and invitations ---------------------------------------------------------------------

/**
 * Runs a form's request: field errors beside their fields (focus on the first), anything else in the page's alert.
 * @param {HTMLFormElement} form @param {() => Promise<void>} send @param {string} fallback
 */
async function submitting(form, send, fallback) {
  clearFieldErrors(form);
  errorBox.textContent = "";
  const button = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
  button.disabled = true;
  try {
    await send();
  } catch (error) {
    const first = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
    first?.focus();
    fail(error, fallback);
  } finally {
    button.disabled = false;
  }
}

function showDetails() {
  $("page-heading").textContent = `Set up ${cohort.name}`;
  document.title = `${cohort.name} · Cohort set-up · Roundtable`;
  /** @type {HTMLInputElement} */ ($("cohort-name")).value = cohort.name;
  /** @type {HTMLInputElement} */ ($("cohort-start")).value = cohort.startDate ?? "";
  /** @type {HTMLInputElement} */ ($("cohort-end")).value = cohort.endDate ?? "";
  if (me.isAdmin) {
    const link = el("a", { text: `Program: ${cohort.programName}` });
    link.href = `/programs.html?program=${encodeURIComponent(cohort.programId)}`;
    $("program-link").replaceChildren("· ", link);
  }
}

function setUpForms() {
  const details = /** @type {HTMLFormElement} */ ($("details-form"));
  details.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(details, async () => {
      const value = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id)).value || null;
      cohort = await api(base, { method: "PUT", body: { name: value("cohort-name") ?? "", startDate: value("cohort-start"), endDate: value("cohort-end") } });
      showDetails();
      say("Details saved.");
    }, "Could not save the details.");
  });

  const roleSelect = /** @type {HTMLSelectElement} */ ($("invite-role"));
  roleSelect.append(...givableRoles().map((r) => option(r.toLowerCase(), roleNames[r])));
  const invite = /** @type {HTMLFormElement} */ ($("invite-form"));
  invite.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(invite, async () => {
      const value = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id)).value;
      const row = await api(`${base}/invitations`, {
        method: "POST",
        body: { email: value("invite-email"), name: value("invite-name"), role: roleSelect.value, managerEmail: value("invite-manager") },
      });
      invite.reset();
      await showMembers();
      say(`${row.email}: ${row.does}.`);
    }, "Could not invite them.");
  });

  const csv = /** @type {HTMLFormElement} */ ($("csv-form"));
  csv.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(csv, async () => {
      const file = /** @type {HTMLInputElement} */ ($("csv-file")).files?.[0];
      if (!file) {
        throw new ApiError(400, { detail: "Choose a CSV file first.", errors: { file: ["Choose a CSV file first."] } });
      }
      previewed = await file.arrayBuffer();
      showPreview(await sendFile("preview", previewed));
    }, "Could not read the file.");
  });
  $("import-button").addEventListener("click", importFile);
}

/** @param {"preview" | "import"} what @param {ArrayBuffer} content */
async function sendFile(what, content) {
  const response = await fetch(`${base}/invitations/${what}`, {
    method: "POST", credentials: "same-origin", headers: { "Content-Type": "text/csv", Accept: "application/json" }, body: content,
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, data);
  }
  return data;
}

const previewTable = tableBlock({ caption: "What each row of the file will do" });

/** @param {any} preview */
function showPreview(preview) {
  $("preview-section").hidden = false;
  const importButton = /** @type {HTMLButtonElement} */ ($("import-button"));
  importButton.hidden = !preview.canImport;
  if (preview.fileErrors.length > 0) {
    $("preview-summary").replaceChildren(el("span", { className: "alert", text: preview.fileErrors.join(" ") }));
    $("preview-table").replaceChildren();
    errorBox.textContent = `The file cannot be imported: ${preview.fileErrors.join(" ")}`;
    $("preview-heading").focus();
    return;
  }
  const counts = [
    [preview.invitations, "new invitation", "new invitations"], [preview.enrolments, "account added", "accounts added"],
    [preview.roleChanges, "role changed", "roles changed"], [preview.managerChanges, "manager set", "managers set"],
    [preview.unchanged, "unchanged", "unchanged"],
  ].filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  const summary = preview.rowsWithErrors > 0
    ? `${preview.rowsWithErrors} of ${preview.rows.length} rows have errors. Nothing has been imported: fix the file and preview it again.`
    : `${preview.rows.length} rows, no errors: ${counts.join(", ") || "nothing to change"}. Nothing is written until you import.`;
  $("preview-summary").textContent = summary;
  previewTable.show([
    { label: "Row", header: true, text: (r) => String(r.row) },
    { label: "Email", text: (r) => r.email },
    { label: "Name", text: (r) => r.name },
    { label: "Role", text: (r) => r.role },
    { label: "Manager", text: (r) => r.managerEmail },
    {
      label: "Result",
      text: (r) => (r.errors.length ? `Error: ${r.errors.map((e) => e.message).join(" ")}` : r.does),
      render: (r) => (r.errors.length
        ? el("ul", { className: "row-errors" }, ...r.errors.map((e) => el("li", { text: `Error: ${e.message}` })))
        : r.does),
    },
  ], preview.rows);
  $("preview-table").replaceChildren(previewTable.element);
  if (preview.rowsWithErrors > 0) {
    errorBox.textContent = summary;
  } else {
    say(summary);
  }
  $("preview-heading").focus();
}

async function importFile() {
  if (!previewed) {
    return;
  }
  errorBox.textContent = "";
  const button = /** @type {HTMLButtonElement} */ ($("import-button"));
  button.disabled = true;
  try {
    const result = await sendFile("import", previewed);
    await showMembers();
    const written = result.invitations + result.enrolments + result.roleChanges + result.managerChanges;
    $("preview-section").hidden = true;
    say(written === 0
      ? `Imported: every row was already in place, nothing changed.`
      : `Imported: ${result.invitations} invited, ${result.enrolments} added, ${result.roleChanges} roles changed, ${result.managerChanges} managers set.`);
    $("members-heading").focus();
  } catch (error) {
    fail(error, "Could not import the file.");
  } finally {
    button.disabled = false;
  }
}

async function load() {
  try {
    const home = await shell.home();
    me = home.user;
    cohort = await api(base);
    if (cohort.myRole !== "Coach" && cohort.myRole !== "Admin") {
      say("Only the cohort's coaches and admins set it up.");
      return;
    }
    otherCohorts = home.cohorts.map((c) => c.cohort).filter((c) => c.id !== cohortId && (c.myRole === "Coach" || c.myRole === "Admin"));
    $("members-heading").tabIndex = -1;
    showDetails();
    setUpForms();
    await showMembers();
    $("setup-content").hidden = false;
    say("");
  } catch (error) {
    say("");
    fail(error, "Could not load the cohort.");
  }
}

load();
