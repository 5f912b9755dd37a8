// @ts-check
// Choosing a password through a one-time emailed link: an invitation's first password (invite.html) or a new one after
// "Forgot your password?" (reset-password.html). The token leaves the address bar at once, so it is not kept in the
// history or shown to anyone looking over a shoulder. Once set, the person is signed in and goes to the home page.
import { api, ApiError } from "../lib/api.js";
import { clearFieldErrors, showFieldErrors } from "../lib/forms.js";
import { mountPageShell } from "../lib/page-shell.js";
import { $ } from "../lib/dom.js";

mountPageShell({ signedIn: false });

const invitation = document.body.dataset.purpose === "invitation";
const token = new URLSearchParams(location.search).get("token") ?? "";
history.replaceState(null, "", location.pathname);

const status = $("choose-status");
const form = /** @type {HTMLFormElement} */ ($("choose-form"));
const errorBox = $("choose-error");

/** @param {string} message */
function showUnusable(message) {
  form.hidden = true;
  status.textContent = message;
  $("choose-other").hidden = false;
  $("main").focus();
}

async function load() {
  if (!token) {
    showUnusable("This page needs the link from your email. Open the link in the email again.");
    return;
  }
  if (!invitation) {
    status.textContent = "Choose the new password for your account. Every other place you were signed in will be signed out.";
    form.hidden = false;
    return;
  }
  try {
    const whose = await api("/api/auth/invitation", { method: "POST", body: { token }, redirectOn401: false });
    status.textContent = "";
    $("choose-whose").textContent = `Choose a password for the account of ${whose.displayName} (${whose.email}).`;
    form.hidden = false;
  } catch (error) {
    showUnusable(error instanceof ApiError ? error.message : "Something went wrong. Reload the page to try again.");
  }
}

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const data = new FormData(form);
  const button = /** @type {HTMLButtonElement} */ (form.querySelector("button[type=submit]"));
  errorBox.hidden = true;
  clearFieldErrors(form);
  if (data.get("newPassword") !== data.get("confirm")) {
    showFieldErrors(form, { confirm: ["The two passwords are not the same."] })?.focus();
    return;
  }
  button.disabled = true;
  try {
    await api(invitation ? "/api/auth/invitation/accept" : "/api/auth/password-reset/complete", {
      method: "POST",
      body: { token, newPassword: data.get("newPassword") },
      redirectOn401: false,
    });
    location.assign("/");
  } catch (error) {
    button.disabled = false;
    if (error instanceof ApiError && error.errors.token) {
      showUnusable(error.errors.token[0]);
      return;
    }
    const firstInvalid = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
    errorBox.textContent = error instanceof ApiError ? error.message : "Something went wrong. Try again.";
    errorBox.hidden = false;
    (firstInvalid ?? form.querySelector("input"))?.focus();
  }
});

load();
