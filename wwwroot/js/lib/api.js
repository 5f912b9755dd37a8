// @ts-check
// The one way the pages talk HTTP to the server: JSON in and out, problem details surfaced as ApiError.

/** A refusal or failure the server explained with problem details (or a network error, status 0). */
export class ApiError extends Error {
  /** @param {number} status @param {{title?: string, detail?: string, errors?: Record<string, string[]>}} problem */
  constructor(status, problem) {
    super(problem.detail || problem.title || `The server answered ${status}.`);
    this.status = status;
    this.title = problem.title || "Something went wrong";
    this.detail = problem.detail || "";
    this.errors = problem.errors || {};
  }
}

/** Sends the browser to the sign-in page, to come back here afterwards. */
export function redirectToSignIn() {
  const here = location.pathname + location.search;
  location.assign(`/signin.html?returnUrl=${encodeURIComponent(here)}`);
}

/**
 * A return URL from the query string, kept to this site so sign-in cannot bounce anyone elsewhere. Parsed the way
 * the browser will follow it (dropping tabs and newlines, reading "\" as "/"), so "/%09/evil.example" or
 * "/\evil.example" cannot turn into another host. Returns an absolute URL on this origin: unlike a path, it
 * cannot be read as "//host" once a dot segment is gone.
 * @param {unknown} value
 * @returns {string}
 */
export function safeReturnUrl(value) {
  const home = new URL("/", location.origin).href;
  if (typeof value !== "string" || !value.startsWith("/")) {
    return home;
  }
  let url;
  try {
    url = new URL(value, location.origin);
  } catch {
    return home;
  }
  return url.origin === location.origin ? url.href : home;
}

/**
 * @param {string} path
 * @param {{method?: string, body?: unknown, redirectOn401?: boolean}} [options]
 * @returns {Promise<any>} the JSON the server answered (null when none)
 */
export async function api(path, { method = "GET", body, redirectOn401 = true } = {}) {
  /** @type {RequestInit & {headers: Record<string, string>}} */
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, { title: "Network error", detail: "The server could not be reached. Check your connection and try again." });
  }
  if (response.status === 401 && redirectOn401) {
    redirectToSignIn();
    // The page is leaving; callers should not go on to show an error.
    return new Promise(() => {});
  }
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    throw new ApiError(response.status, data ?? {});
  }
  return data;
}

/** Ends this browser's session and goes to the sign-in page. */
export async function signOut() {
  try {
    await api("/api/auth/logout", { method: "POST", redirectOn401: false });
  } catch {
    // Signed out already, or the server is away: the sign-in page is the right place either way.
  }
  location.assign("/signin.html");
}
