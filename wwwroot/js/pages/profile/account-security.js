// @ts-check
// The profile page's "Password and sessions" section: change the password (which ends every other session), or
// sign out everywhere.
import { api, ApiError } from "../../lib/api.js";
import { clearFieldErrors, showFieldErrors } from "../../lib/forms.js";
import { $ } from "../../lib/dom.js";

const form = /** @type {HTMLFormElement} */ ($("password-form"));
const status = /** @type {HTMLElement} */ ($("password-status"));
const errorBox = /** @type {HTMLElement} */ ($("password-error"));

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const data = new FormData(form);
  const button = /** @type {HTMLButtonElement} */ (form.querySelector("button[type=submit]"));
  status.hidden = true;
  errorBox.hidden = true;
  clearFieldErrors(form);
  button.disabled = true;
  try {
    await api("/api/auth/password", {
      method: "POST",
      body: { currentPassword: data.get("currentPassword"), newPassword: data.get("newPassword") },
    });
    form.reset();
    status.textContent = "Password changed. Every other session of your account has been signed out; this one goes on.";
    status.hidden = false;
  } catch (error) {
    const firstInvalid = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
    errorBox.textContent = error instanceof ApiError ? error.message : "Something went wrong. Try again.";
    errorBox.hidden = false;
    /** @type {HTMLElement} */ (firstInvalid ?? form.querySelector("input")).focus();
  } finally {
    button.disabled = false;
  }
});

const everywhereError = /** @type {HTMLElement} */ ($("everywhere-error"));
$("sign-out-everywhere")?.addEventListener("click", async () => {
  everywhereError.hidden = true;
  try {
    await api("/api/auth/logout-everywhere", { method: "POST", redirectOn401: false });
  } catch (error) {
    // Not signed in any more is done already; anything else must not look as if it had worked.
    if (!(error instanceof ApiError && error.status === 401)) {
      everywhereError.textContent = error instanceof ApiError ? error.message : "Something went wrong. Try again.";
      everywhereError.hidden = false;
      return;
    }
  }
  location.assign("/signin.html");
});
