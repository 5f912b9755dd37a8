// @ts-check
// The home page's notifications: the latest, newest first, with unread ones marked and a button to mark each read.
// New ones arrive live over the notifications hub and are announced politely; after a reconnect the list is fetched
// again, so nothing that arrived meanwhile is missed.
import { api, ApiError } from "../../lib/api.js";
import { el } from "../../lib/dom.js";
import { formatDateTime } from "../../lib/format.js";
import { NotificationsClientMethod } from "../../room/protocol.js";
import { connectNotifications } from "../../lib/notifications-hub.js";
import { loadError } from "../../lib/alerts.js";

function countText(unread) {
  return unread === 0 ? "No unread notifications." : `${unread} unread ${unread === 1 ? "notification" : "notifications"}.`;
}

/**
 * The list with its unread count and its live region; start() loads it and listens for new ones.
 * @param {{list: HTMLElement, count: HTMLElement, live: HTMLElement}} elements
 * @returns {{start: () => Promise<void>}}
 */
export function notificationsList({ list, count, live }) {
  let unread = 0;
  const shown = new Set();

  const setUnread = (value) => {
    unread = Math.max(0, value);
    count.textContent = countText(unread);
  };

  function item(n) {
    const link = el("a", { text: n.text });
    link.href = n.link;
    const when = el("time", { text: formatDateTime(n.at) });
    when.dateTime = n.at;
    const meta = el("p", { className: "meta" }, when);
    const li = el("li", { className: n.read ? "notification" : "notification unread" }, link, meta);
    if (!n.read) {
      meta.prepend(el("strong", { text: "New" }), " · ");
      const button = el("button", { className: "button small", text: "Mark as read" }, el("span", { className: "visually-hidden", text: `: ${n.text}` }));
      button.type = "button";
      button.addEventListener("click", async () => {
        try {
          await api(`/api/notifications/${encodeURIComponent(n.id)}/read`, { method: "POST" });
          const read = item({ ...n, read: true });
          li.replaceWith(read);
          read.querySelector("a")?.focus();
          setUnread(unread - 1);
        } catch (error) {
          live.textContent = error instanceof ApiError ? error.message : "Could not mark it read.";
        }
      });
      meta.append(" · ", button);
    }
    return li;
  }

  async function load() {
    try {
      const { unread: fresh, items } = await api("/api/notifications");
      shown.clear();
      items.forEach((n) => shown.add(n.id));
      list.replaceChildren(...(items.length ? items.map(item) : [el("li", { className: "hint", text: "Nothing yet." })]));
      setUnread(fresh);
    } catch (error) {
      list.replaceChildren(loadError(error, "Could not load your notifications.", "li"));
    }
  }

  function arrived(n) {
    if (shown.has(n.id)) {
      return;
    }
    shown.add(n.id);
    list.querySelector(".hint")?.remove();
    list.prepend(item(n));
    setUnread(unread + 1);
    live.textContent = `New notification: ${n.text}`;
  }

  // After the connection starts (and after each reconnect) the list is fetched again: anything that arrived meanwhile.
  const connect = () => connectNotifications({ [NotificationsClientMethod.NotificationArrived]: arrived }, load);

  return { start: () => load().then(connect) };
}
