import { api, ApiError, safeReturnUrl } from "./api.js";
import { clearFieldErrors, showFieldErrors } from "./forms.js";

const returnUrl = safeReturnUrl(new URLSearchParams(location.search).get("returnUrl") ?? "/");

async function submit(form, errorBox, path, body) {
  const button = form.querySelector("button[type=submit]");
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
    (firstInvalid ?? form.querySelector("input")).focus();
  }
}

const signinForm = document.getElementById("signin-form");
signinForm.addEventListener("submit", (e) => {
  e.preventDefault();
  const data = new FormData(signinForm);
  submit(signinForm, document.getElementById("signin-error"), "/api/auth/login", {
    email: data.get("email"),
    password: data.get("password"),
  });
});

const registerForm = document.getElementById("register-form");
registerForm.addEventListener("submit", (e) => {
  e.preventDefault();
  const data = new FormData(registerForm);
  submit(registerForm, document.getElementById("register-error"), "/api/auth/register", {
    email: data.get("email"),
    displayName: data.get("displayName"),
    password: data.get("password"),
  });
});

// A new server with no admin yet: point to the first-run set-up.
api("/api/setup", { redirectOn401: false })
  .then(({ open }) => { document.getElementById("setup-notice").hidden = !open; })
  .catch(() => {});
