// @ts-check
// Requests to join a cohort: the cohort's coaches and admins approve (the person becomes a learner) or decline, with an
// optional reason; admins also choose which programs accept requests. Everything a person wrote is set as text.
import { api } from "../lib/api.js";
import { el, uid, $ } from "../lib/dom.js";
import { formatWhen } from "../lib/format.js";
import { mountPageShell } from "../lib/page-shell.js";
import { errorMessage, showStatus } from "../lib/alerts.js";

const shell = mountPageShell();
const status = $("requests-status");

/** @param {any} program */
function programToggle(program) {
  const box = el("input");
  box.type = "checkbox";
  box.id = uid("program");
  box.checked = program.accepting;
  const label = el("label", { className: "check" }, box, `${program.name} accepts requests to join`);
  label.htmlFor = box.id;
  box.addEventListener("change", async () => {
    box.disabled = true;
    try {
      const saved = await api(`/api/programs/${encodeURIComponent(program.id)}/access-requests`, { method: "PUT", body: { accepting: box.checked } });
      showStatus(status, saved.accepting ? `${program.name} now accepts requests to join.` : `${program.name} no longer accepts requests to join.`);
    } catch (error) {
      box.checked = !box.checked;
      showStatus(status, errorMessage(error, "Could not save the setting."), { error: true });
    } finally {
      box.disabled = false;
    }
  });
  return el("p", {}, label);
}

/** @param {any} request */
function requestItem(request) {
  const when = el("time", { text: formatWhen(request.requestedAt) });
  when.dateTime = request.requestedAt;
  const approve = el("button", { className: "button primary", text: `Approve ${request.userName}` });
  approve.type = "button";
  const reason = el("input");
  reason.type = "text";
  reason.id = uid("reason");
  reason.name = "reason";
  reason.maxLength = 500;
  const reasonLabel = el("label", { text: `Reason for declining ${request.userName} (optional)` });
  reasonLabel.htmlFor = reason.id;
  const decline = el("button", { className: "button", text: `Decline ${request.userName}` });
  decline.type = "submit";
  const declineForm = el("form", { className: "stack" }, el("div", { className: "field" }, reasonLabel, reason), decline);
  declineForm.noValidate = true;

  const item = el("li", { className: "request" },
    el("h3", { text: `${request.userName} asks to join ${request.cohortName}` }),
    el("p", { className: "meta" }, `${request.userEmail} · ${request.programName} · asked `, when),
    request.message ? el("p", { className: "request-message", text: request.message }) : el("p", { className: "hint", text: "No message." }),
    el("div", { className: "request-actions" }, approve, declineForm));

  /** @param {string} path @param {object | undefined} body @param {string} done */
  async function answer(path, body, done) {
    approve.disabled = true;
    decline.disabled = true;
    try {
      await api(`/api/access-requests/${encodeURIComponent(request.id)}/${path}`, { method: "POST", body });
      item.remove();
      showStatus(status, done);
      showEmpty();
      // The buttons are gone: the list's heading keeps the person in place.
      $("pending-heading").focus();
    } catch (error) {
      approve.disabled = false;
      decline.disabled = false;
      showStatus(status, errorMessage(error, "Could not answer the request. Reload and try again."), { error: true });
    }
  }
  approve.addEventListener("click", () => answer("approve", undefined, `Approved: ${request.userName} is now a learner of ${request.cohortName}.`));
  declineForm.addEventListener("submit", (e) => {
    e.preventDefault();
    answer("decline", { reason: reason.value }, `Declined ${request.userName}'s request to join ${request.cohortName}.`);
  });
  return item;
}

function showEmpty() {
  const list = $("pending");
  if (!list.querySelector(".request")) {
    list.replaceChildren(el("li", { className: "hint", text: "No requests are waiting." }));
  }
}

async function load() {
  try {
    shell.home().catch(() => {});
    const review = await api("/api/access-requests");
    $("programs").replaceChildren(...review.programs.map(programToggle));
    $("programs-section").hidden = !review.maySetPrograms;
    $("pending").replaceChildren(...review.pending.map(requestItem));
    showEmpty();
    showStatus(status, "");
  } catch (error) {
    showStatus(status, errorMessage(error, "Could not load the requests."), { error: true });
  }
}

load();
