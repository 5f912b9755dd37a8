// @ts-check
// The page shell: the site header every page mounts into its <header class="site-header"> landmark. The brand, and
// for a signed-in page the person's name and the sign-out button (wired here, nowhere else); the home page adds its
// navigation to the person's other pages.
import { api, signOut } from "./api.js";
import { el } from "./dom.js";
import { setTimeZone } from "./format.js";

/** The home page's links to the person's own pages. */
const accountLinks = [
  ["/presentations.html", "My presentations"],
  ["/plans.html", "Plans"],
  ["/async-presentations.html", "Peer feedback"],
  ["/discussions.html", "Discussions"],
  ["/wiki.html", "Wiki"],
  ["/search.html", "Search"],
  ["/profile.html", "My profile"],
  ["/circles.html", "My circles"],
  ["/network.html", "My network"],
  ["/people.html", "People"],
  ["/settings.html", "Settings"],
  ["/programs.html", "Programs"],
];

/**
 * @typedef {object} PageShell
 * @property {(user: {displayName: string, timeZone?: string | null}) => void} showUser  names the signed-in person in the header (and shows times in their zone)
 * @property {() => Promise<any>} home  loads /api/home (the person and their cohorts), names them, and returns it
 */

/**
 * @typedef {object} PageShellOptions
 * @property {boolean} [signedIn]  false on the pages used before signing in (sign-in, set-up): the brand only
 * @property {boolean} [navigation]  the links to the person's own pages (the home page)
 */

/**
 * Renders the header into the page's <header class="site-header"> element.
 * @param {PageShellOptions} [options]
 * @returns {PageShell}
 */
export function mountPageShell({ signedIn = true, navigation = false } = {}) {
  const header = /** @type {HTMLElement} */ (document.querySelector("header.site-header"));
  if (!signedIn) {
    header.replaceChildren(el("p", { className: "brand", text: "Roundtable" }));
    return { showUser() {}, home: () => api("/api/home") };
  }
  const brand = el("a", { className: "brand", text: "Roundtable" });
  brand.href = "/";
  const userName = el("span");
  userName.id = "user-name";
  const signOutButton = el("button", { className: "button link", text: "Sign out" });
  signOutButton.type = "button";
  signOutButton.id = "sign-out";
  signOutButton.addEventListener("click", signOut);
  const links = navigation ? accountLinks.map(([href, text]) => Object.assign(el("a", { text }), { href })) : [];
  // With links the account area is a navigation landmark of its own; without, a plain group.
  const account = el(navigation ? "nav" : "div", { className: "account" }, ...links, userName, signOutButton);
  if (navigation) {
    account.setAttribute("aria-label", "Account");
  }
  header.replaceChildren(brand, account);
  /** @param {{displayName: string, timeZone?: string | null}} user */
  const showUser = (user) => {
    userName.textContent = user.displayName;
    // Times on every page follow the zone the person chose (or the browser's).
    setTimeZone(user.timeZone);
  };
  return {
    showUser,
    async home() {
      const home = await api("/api/home");
      showUser(home.user);
      // "My presentations" is for those who present: learners (a manager's or coach's home has no use for it).
      const presentations = links.find((link) => link.pathname === "/presentations.html");
      if (presentations) {
        presentations.hidden = !home.cohorts.some((c) => c.cohort.myRole === "Learner");
      }
      // Setting programs up is for admins (coaches set up their cohorts from the home page's cohort list).
      const programs = links.find((link) => link.pathname === "/programs.html");
      if (programs) {
        programs.hidden = !home.user.isAdmin;
      }
      return home;
    },
  };
}
