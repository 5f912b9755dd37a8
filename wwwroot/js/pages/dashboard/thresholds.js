// @ts-check
// The program's flag thresholds: four whole numbers saved together, each error beside its field.
import { api, ApiError } from "../../lib/api.js";
import { clearFieldErrors, showFieldErrors } from "../../lib/forms.js";

const names = ["missedSessionsInARow", "decliningPresentations", "minFeedbackGiven", "minContributions"];

/**
 * Wires the form for the program; fill(thresholds) sets its values, onSaved(thresholds) runs after a save.
 * @param {HTMLFormElement} form
 * @param {string} programId
 * @param {(thresholds: any) => void} onSaved
 */
export function thresholdsForm(form, programId, onSaved) {
  const input = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
  const errorBox = /** @type {HTMLElement} */ (form.querySelector(".alert"));
  const status = /** @type {HTMLElement} */ (form.querySelector("[role=status]"));
  const button = /** @type {HTMLButtonElement} */ (form.querySelector("button[type=submit]"));

  const fill = (thresholds) => {
    for (const name of names) {
      input(name).value = String(thresholds[name]);
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    errorBox.hidden = true;
    status.textContent = "";
    const body = {};
    const errors = {};
    for (const name of names) {
      const value = input(name).value.trim();
      if (!/^\d+$/.test(value)) {
        errors[name] = ["Enter a whole number."];
      }
      body[name] = Number(value);
    }
    let first = showFieldErrors(form, errors);
    if (first) {
      first.focus();
      return;
    }
    button.disabled = true;
    try {
      const saved = await api(`/api/programs/${encodeURIComponent(programId)}/dashboard/thresholds`, { method: "PUT", body });
      fill(saved);
      status.textContent = "Thresholds saved. Flags now follow them.";
      onSaved(saved);
    } catch (error) {
      first = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
      if (!first) {
        errorBox.textContent = error instanceof ApiError ? error.message : "Could not save the thresholds.";
        errorBox.hidden = false;
      }
      first?.focus();
    } finally {
      button.disabled = false;
    }
  });

  form.hidden = false;
  return { fill };
}
