// @ts-check
// The People list: everyone present (and whoever a panel lists besides, e.g. people waiting to be let in), each with
// their state as the panels describe it, and for staff one menu per person of what the panels offer. The list is
// rendered afresh on every change; focus inside it comes back to the same person's menu (by data-user-id).
import { el } from "../lib/dom.js";
import { menuButton } from "../lib/menu.js";

/**
 * @typedef {object} PeopleOptions
 * @property {string | null} you  the viewer's user id
 * @property {Record<string, string>} roleLabels
 * @property {(item: HTMLElement, person: any) => void} decorate  the panels' decoratePerson
 * @property {(person: any) => import("../lib/menu.js").MenuItem[]} actions  what the viewer may do to the person
 */

/**
 * @param {HTMLElement} list  the people's list (ul)
 * @param {HTMLElement} heading  the list's heading, where focus goes when the person it was on is gone
 * @param {any[]} people  {userId, displayName, role, waiting?}
 * @param {PeopleOptions} options
 */
export function renderPeople(list, heading, people, options) {
  const active = document.activeElement;
  const focused = active instanceof HTMLElement && list.contains(active)
    ? /** @type {HTMLElement | null} */ (active.closest("[data-user-id]"))
    : null;
  const focusedIndex = focused ? [...list.children].indexOf(focused) : -1;
  const error = errorBox(list);

  list.replaceChildren(...people.map((person) => personItem(person, options, error)));

  if (focused) {
    const again = [...list.querySelectorAll("li[data-user-id]")]
      .find((item) => item instanceof HTMLElement && item.dataset.userId === focused.dataset.userId);
    // The same person's menu; when they are gone, the next person's, else the list's heading: never the page's body.
    const target = again ?? list.children[Math.min(focusedIndex, list.children.length - 1)];
    const button = target?.querySelector(".menu-button");
    if (button instanceof HTMLElement) {
      button.focus();
    } else {
      heading.tabIndex = -1;
      heading.focus();
    }
  }
}

/** @param {any} person @param {PeopleOptions} options @param {HTMLElement} error */
function personItem(person, options, error) {
  const item = el("li", { className: person.waiting ? "person-row waiting" : "person-row" },
    el("span", { className: "person", text: person.displayName }));
  item.dataset.userId = person.userId;
  if (person.userId === options.you) {
    item.append(el("span", { className: "you", text: " (you)" }));
  }
  if (person.role) {
    item.append(" ", el("span", { className: `role role-${String(person.role).toLowerCase()}`, text: options.roleLabels[person.role] ?? person.role }));
  }
  options.decorate(item, person);
  if (options.actions(person).length > 0) {
    const menu = menuButton({
      label: `Actions for ${person.displayName}`,
      // A new action clears the last one's refusal.
      // Whatever removes or refuses comes last, away from the everyday actions.
      items: () => [...options.actions(person)].sort((a, b) => Number(Boolean(a.danger)) - Number(Boolean(b.danger)))
        .map((action) => ({ ...action, run: () => { error.textContent = ""; return action.run(); } })),
      onError: (text) => { error.textContent = text; },
    });
    item.prepend(menu.node);
  }
  return item;
}

/** The alert under the list where a refused action says why (made once, kept across renders). @param {HTMLElement} list */
function errorBox(list) {
  const next = list.nextElementSibling;
  if (next instanceof HTMLElement && next.classList.contains("people-error")) {
    return next;
  }
  const box = el("p", { className: "alert people-error" });
  box.setAttribute("role", "alert");
  list.after(box);
  return box;
}
