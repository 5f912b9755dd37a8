// @ts-check
// The replay's timeline: a scrubber over the room's events (arrows step one event, Page Up/Down a twentieth of the
// session, Home/End its ends), play and pause at 1×, 2× or 8×, the moments worth jumping to, the replayed time, and
// the address of the moment shown (?at=seq), kept in the address bar and copied by one button.
import { el } from "../../lib/dom.js";
import { formatTime } from "../../lib/format.js";
import { LONGEST_PAUSE_MS } from "./replay-log.js";

const SPEEDS = [1, 2, 8];

export class ReplayTimeline {
  #log;
  #render;
  #seq = 0;
  /** @type {ReturnType<typeof setTimeout> | null} */
  #playTimer = null;
  /** @type {ReturnType<typeof setTimeout> | null} */
  #addressTimer = null;
  #scrubFrame = 0;
  #speed = 1;
  #nodes;

  /**
   * @param {{log: import("./replay-log.js").ReplayLog, render: (seq: number) => void}} options
   *   render rebuilds the room at a moment (the timeline calls it for every moment it shows)
   */
  constructor({ log, render }) {
    this.#log = log;
    this.#render = render;
    this.#nodes = this.#build();
  }

  /** The timeline's section, to put on the page. */
  get element() {
    return this.#nodes.section;
  }

  /** The moment shown. */
  get seq() {
    return this.#seq;
  }

  /** Shows a moment (clamped to the replay) and says which in the scrubber, the time and the address. @param {number} seq */
  show(seq) {
    this.#seq = this.#log.clamp(seq);
    this.#render(this.#seq);
    const { scrubber, time } = this.#nodes;
    scrubber.value = String(this.#seq);
    const at = this.#log.timeAt(this.#seq);
    const clock = at ? formatTime(at) : "before anything happened";
    scrubber.setAttribute("aria-valuetext", `${clock}, event ${this.#seq} of ${this.#log.lastSeq}`);
    time.textContent = `${clock} · event ${this.#seq} of ${this.#log.lastSeq}`;
    if (at) {
      time.dateTime = at;
    }
    this.#followAddress();
  }

  #build() {
    const heading = el("h2", { text: "Replay" });
    heading.id = "replay-heading";

    const play = el("button", { className: "button", text: "Play" });
    play.type = "button";
    play.id = "replay-play";
    play.addEventListener("click", () => (this.#playTimer === null ? this.#play() : this.#pause()));

    const speed = el("select");
    speed.id = "replay-speed";
    for (const s of SPEEDS) {
      const option = el("option", { text: `${s}×` });
      option.value = String(s);
      speed.append(option);
    }
    speed.addEventListener("change", () => {
      this.#speed = Number(speed.value) || 1;
    });

    const scrubber = el("input");
    scrubber.type = "range";
    scrubber.id = "replay-scrubber";
    scrubber.min = "0";
    scrubber.max = String(this.#log.lastSeq);
    scrubber.step = "1";
    scrubber.addEventListener("keydown", (event) => this.#key(event));
    // Dragging: one rebuild per frame, of wherever the thumb is by then.
    scrubber.addEventListener("input", () => {
      cancelAnimationFrame(this.#scrubFrame);
      this.#scrubFrame = requestAnimationFrame(() => this.show(Number(scrubber.value)));
    });

    const time = el("time");
    time.id = "replay-time";

    const copied = el("span", { className: "hint" });
    copied.setAttribute("role", "status");
    const copy = el("button", { className: "button", text: "Copy link to this moment" });
    copy.type = "button";
    copy.addEventListener("click", () => this.#copyLink(copied));

    const markers = el("ol", { className: "replay-markers" }, ...this.#log.markers.map((m) => {
      const jump = el("button", { className: "button small" }, el("time", { text: formatTime(m.at) }), ` ${m.label}`);
      jump.type = "button";
      jump.addEventListener("click", () => {
        this.#pause();
        this.show(m.seq);
      });
      return el("li", {}, jump);
    }));
    markers.setAttribute("aria-label", "Moments");

    const scrubLabel = el("label", { text: "Moment" });
    scrubLabel.htmlFor = scrubber.id;
    const speedLabel = el("label", { text: "Speed" });
    speedLabel.htmlFor = speed.id;
    const section = el("section", { className: "replay" },
      heading,
      el("div", { className: "replay-controls" },
        play, speedLabel, speed, scrubLabel, scrubber, time, copy, copied),
      el("p", {
        className: "hint",
        text: `At 1× events follow each other as they happened, except that quiet stretches longer than ${LONGEST_PAUSE_MS / 1000} seconds play as ${LONGEST_PAUSE_MS / 1000} seconds.`,
      }),
      markers);
    section.setAttribute("aria-labelledby", heading.id);
    return { section, play, scrubber, time };
  }

  /** @param {KeyboardEvent} event */
  #key(event) {
    const page = Math.max(10, Math.round(this.#log.lastSeq / 20));
    const to = {
      ArrowLeft: this.#seq - 1, ArrowDown: this.#seq - 1, ArrowRight: this.#seq + 1, ArrowUp: this.#seq + 1,
      PageDown: this.#seq - page, PageUp: this.#seq + page, Home: 0, End: this.#log.lastSeq,
    }[event.key];
    if (to === undefined) {
      return;
    }
    event.preventDefault();
    this.#pause();
    this.show(to);
  }

  #play() {
    if (this.#seq >= this.#log.lastSeq) {
      this.show(0);
    }
    this.#nodes.play.textContent = "Pause";
    const step = () => {
      if (this.#seq >= this.#log.lastSeq) {
        this.#pause();
        return;
      }
      this.#playTimer = setTimeout(() => {
        this.show(this.#seq + 1);
        step();
      }, this.#log.pauseAfter(this.#seq) / this.#speed);
    };
    step();
  }

  #pause() {
    clearTimeout(this.#playTimer ?? undefined);
    this.#playTimer = null;
    this.#nodes.play.textContent = "Play";
  }

  /** The address names the moment shown (replaced, not pushed: scrubbing is not navigating), at most a few times a second. */
  #followAddress() {
    if (this.#addressTimer !== null) {
      return;
    }
    this.#addressTimer = setTimeout(() => {
      this.#addressTimer = null;
      history.replaceState(history.state, "", this.#link());
    }, 250);
  }

  #link() {
    const url = new URL(location.href);
    url.searchParams.set("at", String(this.#seq));
    return url.toString();
  }

  /** @param {HTMLElement} status */
  async #copyLink(status) {
    const link = this.#link();
    try {
      await navigator.clipboard.writeText(link);
      status.textContent = "Link copied.";
    } catch {
      status.textContent = `Copy this link: ${link}`;
    }
  }
}
