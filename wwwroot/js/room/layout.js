// @ts-check
// The room page's frame: the side panel's tabs (an ARIA tablist with a badge and a shortcut per tab), the coach
// attention strip of the header, and the stage's full screen button. The room page (room.js) owns what goes in them.
import { el, $ } from "../lib/dom.js";

/**
 * The side panel's tabs, in order; the shortcut is Alt+Shift and the tab's number (Alt+number alone switches the
 * browser's own tabs in Chrome on Linux, so the page would never see it there).
 * @type {{id: import("./panels/panel.js").RoomTab, label: string}[]}
 */
export const roomTabs = [
  { id: "chat", label: "Chat" },
  { id: "people", label: "People" },
  { id: "qa", label: "Q&A" },
  { id: "polls", label: "Polls" },
  { id: "notes", label: "Notes" },
  { id: "feedback", label: "Feedback" },
  { id: "agenda", label: "Agenda" },
  { id: "breakouts", label: "Breakouts" },
];

/** Where a panel's section goes: the stage's content, or its tab's panel. */
export function containerFor(tab) {
  return tab === "stage" ? $("stage-content") : $(`tab-${tab ?? "chat"}`);
}

/**
 * The side panel's tablist. A tab's badge counts what is new on it since it was last seen: a panel reports a count
 * (a running total or a current state), the badge shows how far it is above what the viewer last saw, and is cleared
 * when the tab is shown.
 */
export class RoomTabs {
  /** @param {{onShown?: (tab: string) => void}} options */
  constructor({ onShown } = {}) {
    this.onShown = onShown ?? (() => {});
    this.selected = "chat";
    /** @type {Map<string, {button: HTMLButtonElement, badge: HTMLElement, spoken: HTMLElement, panel: HTMLElement, label: string, count: number, seen: number}>} */
    this.tabs = new Map();
    const list = $("room-tabs");
    roomTabs.forEach(({ id, label }, index) => {
      const shortcut = `Alt+Shift+${index + 1}`;
      // The count shows as a badge; its words ("People, 2 new") are the tab's name, so its visible text stays in it.
      const badge = el("span", { className: "tab-badge" });
      badge.setAttribute("aria-hidden", "true");
      badge.hidden = true;
      const spoken = el("span", { className: "visually-hidden" });
      const button = /** @type {HTMLButtonElement} */ (el("button", { className: "room-tab" }, el("span", { text: label }), badge, spoken));
      button.type = "button";
      button.id = `tab-${id}-button`;
      button.setAttribute("role", "tab");
      button.setAttribute("aria-controls", `tab-${id}`);
      button.setAttribute("aria-keyshortcuts", shortcut);
      button.title = `${label} (${shortcut})`;
      button.addEventListener("click", () => this.select(id));
      const panel = $(`tab-${id}`);
      panel.setAttribute("aria-labelledby", button.id);
      list.append(button);
      this.tabs.set(id, { button, badge, spoken, panel, label, count: 0, seen: 0 });
    });
    list.addEventListener("keydown", (e) => this.onArrowKey(e));
    document.addEventListener("keydown", (e) => this.onShortcut(e));
    this.select("chat");
  }

  /** The tabs a keyboard can reach, in order. */
  visible() {
    return [...this.tabs.entries()].filter(([, t]) => !t.button.hidden).map(([id]) => id);
  }

  /**
   * Shows a tab's panel (and, with focus, moves the keyboard to the tab).
   * @param {string} id
   * @param {{focus?: boolean}} [options]
   */
  select(id, { focus = false } = {}) {
    const chosen = this.tabs.get(id);
    if (!chosen || chosen.button.hidden) {
      return;
    }
    this.selected = id;
    for (const [tabId, tab] of this.tabs) {
      const on = tabId === id;
      tab.button.setAttribute("aria-selected", String(on));
      // Roving tabindex: one stop for the whole tablist, on the selected tab.
      tab.button.tabIndex = on ? 0 : -1;
      tab.panel.hidden = !on;
    }
    chosen.seen = chosen.count;
    this.renderBadge(id);
    if (focus) {
      chosen.button.focus();
    }
    this.onShown(id);
  }

  /** @param {string} id @param {number} count */
  badge(id, count) {
    const tab = this.tabs.get(id);
    if (!tab || tab.count === count) {
      return;
    }
    tab.count = count;
    // What the viewer has seen: all of it while the tab is shown; never more than is there now, so after a hand is
    // lowered and another raised the badge says 1 new, and a running total (new questions) counts from the last look.
    tab.seen = id === this.selected ? count : Math.min(tab.seen, count);
    this.renderBadge(id);
  }

  /** @param {string} id @param {boolean} shown */
  show(id, shown) {
    const tab = this.tabs.get(id);
    if (!tab || tab.button.hidden === !shown) {
      return;
    }
    tab.button.hidden = !shown;
    if (!shown && this.selected === id) {
      this.select("chat");
    }
  }

  renderBadge(id) {
    const tab = /** @type {any} */ (this.tabs.get(id));
    const fresh = tab.count - tab.seen;
    const shown = fresh > 0;
    tab.badge.hidden = !shown;
    tab.badge.textContent = shown ? String(fresh) : "";
    tab.spoken.textContent = shown ? `, ${fresh} new` : "";
  }

  /** Left/Right/Home/End move between the tabs and show the one reached (automatic activation). */
  onArrowKey(event) {
    const order = this.visible();
    const at = order.indexOf(this.selected);
    const target = { ArrowRight: order[(at + 1) % order.length], ArrowLeft: order[(at - 1 + order.length) % order.length],
      Home: order[0], End: order[order.length - 1] }[event.key];
    if (target && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      this.select(target, { focus: true });
    }
  }

  /** Alt+Shift+1..8 shows a tab from anywhere on the page; plain typing never reaches here (Alt is required). */
  onShortcut(event) {
    const match = /^Digit([1-9])$/.exec(event.code);
    if (!match || !event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey || event.repeat) {
      return;
    }
    const entry = roomTabs[Number(match[1]) - 1];
    if (entry && !this.tabs.get(entry.id)?.button.hidden) {
      event.preventDefault();
      this.select(entry.id, { focus: true });
    }
  }
}

/** The words and the tab of each attention item; the value is what a panel reported (see panel.js's Attention). */
const attentionItems = [
  { item: "hands", tab: "people", always: true, text: (v) => `Hands raised (${v?.length ?? 0})` },
  { item: "waiting", tab: "people", always: true, text: (v) => `Waiting to join (${v?.length ?? 0})` },
  { item: "questions", tab: "qa", always: true, text: (v) => `Questions (${v ?? 0})` },
  { item: "feedback", tab: "feedback", always: false, text: (v) => (v ? `Feedback: ${v.done} of ${v.total}` : "") },
  { item: "help", tab: "breakouts", always: false, text: (v) => (v?.length ? `Groups asking for help (${v.length})` : "") },
];

/**
 * The coach attention strip: what staff must react to, each one click from its tab; people waiting to join can be
 * admitted or declined right there.
 */
export class AttentionStrip {
  /**
   * @param {{tabs: RoomTabs, admit: (userId: string) => Promise<any>, decline: (userId: string) => Promise<any>,
   *   error: (message: string) => void}} options
   */
  constructor({ tabs, admit, decline, error }) {
    this.tabs = tabs;
    this.admit = admit;
    this.decline = decline;
    this.error = error;
    /** @type {Map<string, any>} */
    this.values = new Map();
    this.staff = false;
  }

  set(item, value) {
    this.values.set(item, value);
    this.render();
  }

  /** @param {boolean} staff */
  setStaff(staff) {
    this.staff = staff;
    this.render();
  }

  render() {
    const strip = $("attention");
    strip.hidden = !this.staff;
    if (!this.staff) {
      return;
    }
    const list = $("attention-items");
    const active = document.activeElement;
    const focusKey = active instanceof HTMLElement && list.contains(active) ? active.dataset.focusKey : undefined;
    const items = [];
    for (const { item, tab, always, text } of attentionItems) {
      const value = this.values.get(item);
      const words = text(value);
      if (!words || (!always && !value)) {
        continue;
      }
      const count = Array.isArray(value) ? value.length : typeof value === "number" ? value : 1;
      const open = this.button(words, `open-${item}`, () => this.tabs.select(tab, { focus: true }));
      open.classList.add("attention-item");
      if (count > 0) {
        open.classList.add("needs-you");
      }
      const li = el("li", {}, open);
      li.dataset.item = item;
      if (item === "waiting") {
        for (const person of value ?? []) {
          li.append(this.personButton("Admit", person, this.admit), this.personButton("Decline", person, this.decline));
        }
      }
      items.push(li);
    }
    list.replaceChildren(...items);
    if (focusKey) {
      const again = /** @type {HTMLElement | null} */ (list.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`));
      // A person admitted is gone from the strip: the keyboard goes to the item they were in.
      (again ?? /** @type {HTMLElement | null} */ (list.querySelector('[data-focus-key="open-waiting"]')))?.focus();
    }
  }

  button(text, focusKey, onClick) {
    const button = /** @type {HTMLButtonElement} */ (el("button", { className: "button small", text }));
    button.type = "button";
    button.dataset.focusKey = focusKey;
    button.addEventListener("click", onClick);
    return button;
  }

  personButton(verb, person, act) {
    const button = this.button(verb, `${verb}-${person.userId}`, async () => {
      // Not disabled while it runs: a disabled button drops the keyboard focus to the page.
      if (button.getAttribute("aria-disabled") === "true") {
        return;
      }
      button.setAttribute("aria-disabled", "true");
      try {
        this.error("");
        await act(person.userId);
      } catch (error) {
        this.error(error.message);
      } finally {
        button.removeAttribute("aria-disabled");
      }
    });
    button.setAttribute("aria-label", `${verb} ${person.displayName}`);
    if (verb === "Decline") {
      button.classList.add("danger");
    }
    return button;
  }
}

/** The stage's full screen button: the Fullscreen API on the stage element; Escape (the browser's) leaves it. */
export function wireFullScreen() {
  const stage = $("stage");
  const button = $("fullscreen-button");
  if (!document.fullscreenEnabled) {
    button.hidden = true;
    return;
  }
  button.addEventListener("click", async () => {
    try {
      if (document.fullscreenElement === stage) {
        await document.exitFullscreen();
      } else {
        await stage.requestFullscreen();
      }
    } catch {
      // Refused by the browser (e.g. not from a user's click): the stage stays as it is.
    }
  });
  document.addEventListener("fullscreenchange", () => {
    const on = document.fullscreenElement === stage;
    button.setAttribute("aria-pressed", String(on));
  });
}
