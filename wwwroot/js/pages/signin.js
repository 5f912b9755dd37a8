// @ts-check
// The sign-in page: sign in (then back to where the person was going), ask for a password-reset link, or, where the
// server allows it, create an account.
import { api, ApiError, safeReturnUrl } from "../lib/api.js";
import { clearFieldErrors, showFieldErrors } from "../lib/forms.js";
import { mountPageShell } from "../lib/page-shell.js";
import { $ } from "../lib/dom.js";

mountPageShell({ signedIn: false });

const returnUrl = safeReturnUrl(new URLSearchParams(location.search).get("returnUrl") ?? "/");

async function submit(form, errorBox, path, body) {
  const button = /** @type {HTMLButtonElement} */ (form.querySelector("button[type=submit]"));
  errorBox.hidden = true;
  clearFieldErrors(form);
  button.disabled = true;
  try {
    await api(path, { method: "POST", body, redirectOn401: false });
    location.assign(returnUrl);
  } catch (error) {
    button.disabled = false;
    const firstInvalid = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
    errorBox.textContent = error instanceof ApiError ? error.message : "Something went wrong. Try again.";
    errorBox.hidden = false;
    (firstInvalid ?? form.querySelector("input"))?.focus();
  }
}

const signinForm = /** @type {HTMLFormElement} */ ($("signin-form"));
signinForm.addEventListener("submit", (e) => {
  e.preventDefault();
  const data = new FormData(signinForm);
  submit(signinForm, $("signin-error"), "/api/auth/login", {
    email: data.get("email"),
    password: data.get("password"),
  });
});

// Registration answers the same whether or not the email already has an account, and signs nobody in: the page
// says so and hands over to the sign-in form with the email filled in.
const registerForm = /** @type {HTMLFormElement} */ ($("register-form"));
registerForm.addEventListener("submit", async (e) => {
  e.preventDefault();
  const data = new FormData(registerForm);
  const errorBox = $("register-error");
  const button = /** @type {HTMLButtonElement} */ (registerForm.querySelector("button[type=submit]"));
  errorBox.hidden = true;
  clearFieldErrors(registerForm);
  button.disabled = true;
  try {
    const answer = await api("/api/auth/register", {
      method: "POST",
      body: { email: data.get("email"), displayName: data.get("displayName"), password: data.get("password") },
      redirectOn401: false,
    });
    registerForm.reset();
    const status = $("signin-status");
    status.textContent = `${answer.message} Enter the password to sign in.`;
    status.hidden = false;
    /** @type {HTMLInputElement} */ ($("signin-email")).value = String(data.get("email") ?? "").trim();
    $("signin-password").focus();
  } catch (error) {
    const firstInvalid = error instanceof ApiError ? showFieldErrors(registerForm, error.errors) : null;
    errorBox.textContent = error instanceof ApiError ? error.message : "Something went wrong. Try again.";
    errorBox.hidden = false;
    (firstInvalid ?? registerForm.querySelector("input"))?.focus();
  } finally {
    button.disabled = false;
  }
});

// The answer is the same whether or not the address has an account; the email (if any) brings the link.
const forgotForm = /** @type {HTMLFormElement} */ ($("forgot-form"));
forgotForm.addEventListener("submit", async (e) => {
  e.preventDefault();
  const data = new FormData(forgotForm);
  const errorBox = $("forgot-error");
  const status = $("forgot-status");
  const button = /** @type {HTMLButtonElement} */ (forgotForm.querySelector("button[type=submit]"));
  errorBox.hidden = true;
  status.hidden = true;
  clearFieldErrors(forgotForm);
  button.disabled = true;
  try {
    const answer = await api("/api/auth/password-reset", { method: "POST", body: { email: data.get("email") }, redirectOn401: false });
    status.textContent = answer.message;
    status.hidden = false;
  } catch (error) {
    const firstInvalid = error instanceof ApiError ? showFieldErrors(forgotForm, error.errors) : null;
    errorBox.textContent = error instanceof ApiError ? error.message : "Something went wrong. Try again.";
    errorBox.hidden = false;
    (firstInvalid ?? forgotForm.querySelector("input"))?.focus();
  } finally {
    button.disabled = false;
  }
});

// Creating an account here is offered only where the server allows it (off unless turned on).
api("/api/auth/options", { redirectOn401: false })
  .then(({ openRegistration }) => { $("register").hidden = !openRegistration; })
  .catch(() => {});

// A new server with no admin yet: point to the first-run set-up.
api("/api/setup", { redirectOn401: false })
  .then(({ open }) => { $("setup-notice").hidden = !open; })
  .catch(() => {});
