// @ts-check
// Settings about time: the zone every time is shown in (the browser's until chosen), and the person's calendar feed
// (an address their calendar app subscribes to; renewing it or stopping it makes the old address stop working).
import { api } from "../../lib/api.js";
import { el, $ } from "../../lib/dom.js";
import { browserTimeZone, setTimeZone } from "../../lib/format.js";
import { errorMessage, showStatus } from "../../lib/alerts.js";

/** @param {{timeZone?: string | null}} me */
export function mountTimeZoneSection(me) {
  const select = /** @type {HTMLSelectElement} */ ($("time-zone"));
  const status = $("time-zone-status");
  const current = me.timeZone ?? browserTimeZone();
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  select.replaceChildren(...[...new Set([current, "UTC", ...zones])].map((zone) => {
    const option = el("option", { text: zone.replaceAll("_", " ") });
    option.value = zone;
    option.selected = zone === current;
    return option;
  }));
  $("time-zone-hint").textContent = me.timeZone
    ? `Times are shown in ${me.timeZone.replaceAll("_", " ")}.`
    : `You have not chosen a time zone: times are shown in this browser's, ${current.replaceAll("_", " ")}.`;
  select.disabled = false;
  const form = /** @type {HTMLFormElement} */ ($("time-zone-form"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const user = await api("/api/me/time-zone", { method: "PUT", body: { timeZone: select.value } });
      setTimeZone(user.timeZone);
      $("time-zone-hint").textContent = `Times are shown in ${user.timeZone.replaceAll("_", " ")}.`;
      showStatus(status, `Saved: times are now shown in ${user.timeZone.replaceAll("_", " ")}.`);
    } catch (error) {
      showStatus(status, errorMessage(error, "Could not save the time zone."), { error: true });
    }
  });
}

export async function mountCalendarFeedSection() {
  const status = $("feed-status");
  const addresses = $("feed-addresses");
  const create = /** @type {HTMLButtonElement} */ ($("feed-create"));
  const stop = /** @type {HTMLButtonElement} */ ($("feed-stop"));
  /** @param {{active: boolean, httpsUrl?: string | null, webcalUrl?: string | null}} feed */
  const show = (feed) => {
    create.textContent = feed.active ? "Make a new address" : "Make my calendar address";
    stop.hidden = !feed.active;
    if (feed.httpsUrl && feed.webcalUrl) {
      const subscribe = el("a", { text: "Subscribe in my calendar app" });
      subscribe.href = feed.webcalUrl;
      const address = el("input");
      address.type = "text";
      address.readOnly = true;
      address.value = feed.httpsUrl;
      address.id = "feed-url";
      const label = el("label", { text: "Address to paste into a calendar (keep it to yourself)" });
      label.htmlFor = address.id;
      addresses.replaceChildren(el("p", {}, subscribe), el("div", { className: "field" }, label, address));
    } else {
      addresses.replaceChildren(el("p", { className: "hint", text: feed.active
        ? "Your calendar address works. For safety it is shown only when made: make a new one to see it (the old one then stops working)."
        : "You have no calendar address." }));
    }
  };
  create.addEventListener("click", async () => {
    try {
      show(await api("/api/me/calendar-feed", { method: "POST" }));
      showStatus(status, "Your calendar address is ready; any earlier one no longer works.");
    } catch (error) {
      showStatus(status, errorMessage(error, "Could not make the address."), { error: true });
    }
  });
  stop.addEventListener("click", async () => {
    try {
      await api("/api/me/calendar-feed", { method: "DELETE" });
      show({ active: false });
      showStatus(status, "Your calendar address no longer works.");
      create.focus();
    } catch (error) {
      showStatus(status, errorMessage(error, "Could not stop the address."), { error: true });
    }
  });
  try {
    show(await api("/api/me/calendar-feed"));
  } catch (error) {
    showStatus(status, errorMessage(error, "Could not load your calendar address."), { error: true });
  }
}
