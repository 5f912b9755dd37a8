// @ts-check
// First-run set-up: while the server has no admin, the one-time set-up token creates the first admin account.
import { api, ApiError } from "../lib/api.js";
import { clearFieldErrors, showFieldErrors } from "../lib/forms.js";
import { mountPageShell } from "../lib/page-shell.js";
import { $ } from "../lib/dom.js";

mountPageShell({ signedIn: false });

const status = $("setup-status");
const form = /** @type {HTMLFormElement} */ ($("setup-form"));
const errorBox = $("setup-error");
const done = $("setup-done");

function showClosed() {
  form.hidden = true;
  status.textContent = "This server is set up already: it has an admin account.";
  done.hidden = false;
}

async function load() {
  try {
    const { open } = await api("/api/setup", { redirectOn401: false });
    if (!open) {
      showClosed();
      return;
    }
    status.textContent = "";
    form.hidden = false;
  } catch (error) {
    status.textContent = error instanceof ApiError ? error.message : "Something went wrong. Reload the page to try again.";
  }
}

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const data = new FormData(form);
  const button = /** @type {HTMLButtonElement} */ (form.querySelector("button[type=submit]"));
  errorBox.hidden = true;
  clearFieldErrors(form);
  button.disabled = true;
  const account = { email: data.get("email"), password: data.get("password") };
  try {
    await api("/api/setup", { method: "POST", redirectOn401: false, body: { token: data.get("token"), displayName: data.get("displayName"), ...account } });
  } catch (error) {
    button.disabled = false;
    if (error instanceof ApiError && error.status === 409) {
      // Someone else finished set-up first: the form is gone, so focus goes to where one goes next.
      showClosed();
      done.querySelector("a")?.focus();
      return;
    }
    const firstInvalid = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
    errorBox.textContent = error instanceof ApiError ? error.message : "Something went wrong. Try again.";
    errorBox.hidden = false;
    (firstInvalid ?? form.querySelector("input"))?.focus();
    return;
  }
  form.hidden = true;
  $("main").focus();
  status.textContent = "The admin account is ready. Signing you in…";
  try {
    await api("/api/auth/login", { method: "POST", redirectOn401: false, body: account });
    location.assign("/");
  } catch {
    status.textContent = "The admin account is ready. Sign in with it.";
    done.hidden = false;
    done.querySelector("a")?.focus();
  }
});

load();
