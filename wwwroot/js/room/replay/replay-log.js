// @ts-check
// An ended roundtable's replay as the server sends it (GET /api/roundtables/{id}/replay), and what rebuilds one moment
// of it: the nearest snapshot at or before the moment, then the events after it up to the moment, each followed by the
// feedback updates it caused (the order they reached a live page in). Pure: no DOM, no network.

/**
 * One step of rebuilding a moment: an event for every panel's apply, or a feedback update for their feedback hook.
 * @typedef {{envelope: import("../panels/panel.js").RoomEventEnvelope, update?: undefined} | {update: any, envelope?: undefined}} ReplayStep
 */

/**
 * A place on the timeline worth jumping to.
 * @typedef {{seq: number, at: string, kind: string, label: string}} ReplayMarker
 */

/** Quiet stretches longer than this play as this long (at 1×), so a long pause does not stall a replay. */
export const LONGEST_PAUSE_MS = 3000;

export class ReplayLog {
  /**
   * @param {{events: import("../panels/panel.js").RoomEventEnvelope[], checkpoints: any[], checkpointEvery: number,
   *   feedbackUpdates: any[], markers: ReplayMarker[]}} replay  events gap-free from seq 1; checkpoints (snapshots, at
   *   least one at or before the first moment shown) and updates in seq order
   */
  constructor(replay) {
    this.events = replay.events;
    this.checkpoints = replay.checkpoints;
    this.checkpointEvery = replay.checkpointEvery;
    this.updates = replay.feedbackUpdates;
    this.markers = replay.markers;
    /** Whether every snapshot is here (the replay opens with the one it needs first; the rest follow). */
    this.complete = false;
  }

  /** Every snapshot of the replay, once they arrive. @param {any[]} checkpoints  in seq order */
  addCheckpoints(checkpoints) {
    this.checkpoints = checkpoints;
    this.complete = true;
  }

  /**
   * Whether rebuilding moment seq now would apply more events than a snapshot's interval, because its snapshot has
   * not arrived yet (worth waiting for: it comes in one response, while the events would be applied one by one).
   * @param {number} seq
   */
  waitsForCheckpoints(seq) {
    const checkpoint = this.#nearest(this.clamp(seq));
    return !this.complete && (!checkpoint || this.clamp(seq) - checkpoint.seq > this.checkpointEvery);
  }

  /** The snapshot at or before moment seq, of those here. @param {number} seq */
  #nearest(seq) {
    return this.checkpoints[lastAtOrBefore(this.checkpoints, seq)] ?? null;
  }

  /** The last moment: the seq of the room's last event (0 for an empty log). */
  get lastSeq() {
    return this.events.length === 0 ? 0 : this.events[this.events.length - 1].seq;
  }

  /** A seq made a moment of this replay: a whole number from 0 to the last seq. @param {number} seq */
  clamp(seq) {
    return Number.isFinite(seq) ? Math.min(Math.max(Math.round(seq), 0), this.lastSeq) : 0;
  }

  /** When the moment after event seq was (the first event's time for moment 0; "" when nothing happened). @param {number} seq */
  timeAt(seq) {
    const index = Math.max(this.clamp(seq) - 1, 0);
    return this.events[index]?.at ?? "";
  }

  /**
   * How long a player waits after moment seq before the next, at 1×: the real time between the two events, with
   * quiet stretches shortened to LONGEST_PAUSE_MS.
   * @param {number} seq
   */
  pauseAfter(seq) {
    const from = Date.parse(this.timeAt(seq));
    const to = Date.parse(this.timeAt(seq + 1));
    return Number.isNaN(from) || Number.isNaN(to) ? 0 : Math.min(Math.max(to - from, 0), LONGEST_PAUSE_MS);
  }

  /**
   * What rebuilds moment seq: the snapshot to start from and the steps after it.
   * @param {number} seq
   * @returns {{seq: number, checkpoint: any, steps: ReplayStep[]}}
   */
  at(seq) {
    const target = this.clamp(seq);
    const checkpoint = this.#nearest(target) ?? this.checkpoints[0];
    // Copies: panels keep what they are given and change it as later events arrive (a live page's snapshot is used
    // once), and this replay hands the same moment out again and again.
    return structuredClone({ seq: target, checkpoint, steps: this.#steps(checkpoint.seq, target) });
  }

  /**
   * What takes a room shown at moment from on to a later moment to, as a live page would have gone: the steps in
   * between; null when starting again from a snapshot is shorter (or to is not later).
   * @param {number} from
   * @param {number} seq
   * @returns {{seq: number, steps: ReplayStep[]} | null}
   */
  onward(from, seq) {
    const target = this.clamp(seq);
    const checkpoint = this.#nearest(target);
    return target > from && from >= (checkpoint?.seq ?? 0) ? structuredClone({ seq: target, steps: this.#steps(from, target) }) : null;
  }

  /** The events after moment from up to moment to, each followed by the feedback updates it caused. */
  #steps(/** @type {number} */ from, /** @type {number} */ to) {
    /** @type {ReplayStep[]} */
    const steps = [];
    let u = lastAtOrBefore(this.updates, from) + 1;
    // Events are gap-free from seq 1: event n sits at index n - 1.
    for (let index = from; index < to; index++) {
      const envelope = this.events[index];
      steps.push({ envelope });
      for (; u < this.updates.length && this.updates[u].seq <= envelope.seq; u++) {
        steps.push({ update: this.updates[u] });
      }
    }
    return steps;
  }
}

/**
 * The index of the last item whose seq is at most seq (-1 when none is).
 * @param {{seq: number}[]} items  in seq order
 * @param {number} seq
 */
function lastAtOrBefore(items, seq) {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (items[middle].seq <= seq) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
