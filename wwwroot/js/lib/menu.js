// @ts-check
// One menu button (the WAI-ARIA menu button pattern): a button that opens a list of actions. Enter, Space or
// ArrowDown open it on the first item (ArrowUp on the last); arrows, Home and End move; Enter or Space runs an item;
// Escape closes it and returns to the button, Tab closes it and moves on; a click outside closes it. The items are
// asked for each time it opens, so they always match the state of the moment.
import { el, uid } from "./dom.js";

/**
 * @typedef {object} MenuItem
 * @property {string} label  what the item says
 * @property {() => any} run  does it (a returned promise's rejection is reported through onError)
 * @property {boolean} [danger]  removes or refuses something
 */

/** @type {{close: () => void} | null} the one menu open on the page */
let openMenu = null;

/**
 * Builds a menu button and its menu, inside a wrapper to place where the actions belong.
 * @param {{label: string, items: () => MenuItem[], onError?: (message: string) => void, focusKey?: string,
 *   empty?: string}} options  label names the button for assistive technology ("Actions for Noor");
 *   empty is what the menu says when there is nothing to do at the moment
 * @returns {{node: HTMLElement, button: HTMLButtonElement, close: () => void}}
 */
export function menuButton({ label, items, onError, focusKey, empty = "Nothing to do here now" }) {
  const button = el("button", { className: "menu-button", text: "⋯" });
  button.type = "button";
  button.id = uid("menu-button");
  button.setAttribute("aria-label", label);
  button.setAttribute("aria-haspopup", "menu");
  button.setAttribute("aria-expanded", "false");
  if (focusKey) {
    button.dataset.focusKey = focusKey;
  }
  const menu = el("ul", { className: "menu" });
  menu.id = uid("menu");
  menu.setAttribute("role", "menu");
  menu.setAttribute("aria-labelledby", button.id);
  menu.hidden = true;
  button.setAttribute("aria-controls", menu.id);
  const node = el("div", { className: "menu-wrap" }, button, menu);

  /** @returns {HTMLElement[]} */
  const entries = () => [...menu.querySelectorAll("[role=menuitem]")].filter((n) => n instanceof HTMLElement);

  function focusItem(index) {
    const all = entries();
    if (all.length > 0) {
      all[(index + all.length) % all.length].focus();
    }
  }

  function onOutside(event) {
    if (!(event.target instanceof Node) || !node.contains(event.target)) {
      close();
    }
  }

  function close() {
    if (menu.hidden) {
      return;
    }
    menu.hidden = true;
    menu.classList.remove("menu-up");
    button.setAttribute("aria-expanded", "false");
    document.removeEventListener("pointerdown", onOutside, true);
    document.removeEventListener("scroll", place, true);
    window.removeEventListener("resize", place);
    if (openMenu?.close === close) {
      openMenu = null;
    }
  }

  /** @param {"first" | "last"} where */
  function open(where) {
    openMenu?.close();
    const list = items();
    menu.replaceChildren(...(list.length ? list.map(itemNode) : [emptyNode()]));
    menu.hidden = false;
    button.setAttribute("aria-expanded", "true");
    openMenu = { close };
    document.addEventListener("pointerdown", onOutside, true);
    document.addEventListener("scroll", place, true);
    window.addEventListener("resize", place);
    place();
    focusItem(where === "first" ? 0 : -1);
  }

  // The menu is placed against the window, not inside its panel: a panel that scrolls inside itself (the chat log)
  // would otherwise cut it off. It opens below the button, or above when the window has no room below, and follows
  // the button while the panel scrolls; it closes when the button scrolls out of sight.
  function place() {
    if (menu.hidden) {
      return;
    }
    const at = button.getBoundingClientRect();
    const view = visibleArea(node);
    if (at.bottom < view.top || at.top > view.bottom) {
      close();
      return;
    }
    const height = menu.offsetHeight;
    const width = menu.offsetWidth;
    const up = at.bottom + 2 + height > window.innerHeight && at.top - 2 - height >= 0;
    menu.classList.toggle("menu-up", up);
    menu.style.top = `${up ? at.top - 2 - height : at.bottom + 2}px`;
    menu.style.left = `${Math.max(4, Math.min(at.right - width, window.innerWidth - width - 4))}px`;
  }

  /** @param {MenuItem} item */
  function itemNode(item) {
    const entry = el("button", { className: item.danger ? "menu-item danger" : "menu-item", text: item.label });
    entry.type = "button";
    entry.setAttribute("role", "menuitem");
    entry.tabIndex = -1;
    entry.addEventListener("click", () => {
      close();
      button.focus();
      Promise.resolve()
        .then(() => item.run())
        .catch((/** @type {any} */ error) => onError?.(error?.message ?? "That did not work; try again."));
    });
    return structure(entry);
  }

  function emptyNode() {
    const entry = el("span", { className: "menu-item", text: empty });
    entry.setAttribute("role", "menuitem");
    entry.setAttribute("aria-disabled", "true");
    entry.tabIndex = -1;
    return structure(entry);
  }

  menu.addEventListener("keydown", (event) => {
    const all = entries();
    const at = all.indexOf(/** @type {HTMLElement} */ (document.activeElement));
    switch (event.key) {
      case "ArrowDown":
        focusItem(at + 1);
        break;
      case "ArrowUp":
        focusItem(at - 1);
        break;
      case "Home":
        focusItem(0);
        break;
      case "End":
        focusItem(-1);
        break;
      case "Escape":
        close();
        button.focus();
        break;
      case "Tab":
        // Back on the button first, so the browser moves on from there.
        button.focus();
        close();
        return;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  });
  menu.addEventListener("focusout", (event) => {
    if (!(event.relatedTarget instanceof Node) || !node.contains(event.relatedTarget)) {
      close();
    }
  });

  button.addEventListener("click", () => {
    if (menu.hidden) {
      open("first");
    } else {
      close();
    }
  });
  button.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      open(event.key === "ArrowDown" ? "first" : "last");
    } else if (event.key === "Escape" && !menu.hidden) {
      event.preventDefault();
      close();
    }
  });
  return { node, button, close };
}

/** A list item that is only structure, so the menu's items are its children as far as assistive technology goes. @param {HTMLElement} entry */
function structure(entry) {
  const li = el("li", {}, entry);
  li.setAttribute("role", "none");
  return li;
}

/**
 * The part of the window in which a node can be seen: the window cut down by every ancestor that scrolls.
 * @param {HTMLElement} node
 */
function visibleArea(node) {
  let top = 0;
  let bottom = window.innerHeight;
  for (let n = node.parentElement; n; n = n.parentElement) {
    const overflow = getComputedStyle(n).overflowY;
    if (overflow === "auto" || overflow === "scroll" || overflow === "hidden") {
      const box = n.getBoundingClientRect();
      top = Math.max(top, box.top);
      bottom = Math.min(bottom, box.bottom);
    }
  }
  return { top, bottom };
}
