// @ts-check
// "Ask for mentoring" on a person, shared by the network and the people pages: the server offers it (a cohort id) only
// where the caller is a learner of a cohort the person could mentor in; the request is the circles page's own.
import { api } from "../../lib/api.js";
import { el } from "../../lib/dom.js";
import { errorMessage } from "../../lib/alerts.js";

/**
 * A button that asks the person for mentoring in the cohort the server named, and says what happened in `status`.
 * @param {{userId: string, displayName: string}} person
 * @param {string} cohortId
 * @param {HTMLElement} status  a live region next to the button
 */
export function askMentoringButton(person, cohortId, status) {
  const button = el("button", { className: "button", text: "Ask for mentoring" });
  button.type = "button";
  button.setAttribute("aria-label", `Ask for mentoring: ${person.displayName}`);
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "Asking…";
    try {
      await api(`/api/cohorts/${encodeURIComponent(cohortId)}/mentor-requests`, { method: "POST", body: { mentorId: person.userId, message: "" } });
      status.textContent = `Asked ${person.displayName} for mentoring. You will hear when they answer.`;
      button.remove();
    } catch (error) {
      button.disabled = false;
      status.textContent = errorMessage(error, "Could not ask for mentoring.");
    }
  });
  return button;
}

/** @param {{cohortId: string, name: string}[]} cohorts */
export function cohortNames(cohorts) {
  return cohorts.map((c) => c.name).join(", ");
}
