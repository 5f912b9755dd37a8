// @ts-check
// Applies a room's events strictly in seq order, exactly once. Pure: no DOM, no network.
// SignalR delivers at most once and a reconnect can replay what a catch-up already brought,
// so every envelope goes through here and the page only ever sees a gap-free sequence.
/** One room's events in order: start(seq) from a snapshot, receive(envelopes) from anywhere. */
export class RoomLog {
  /** @type {number | null} */
  #lastSeq = null;
  #pending = new Map();
  #apply;

  /** @param {(envelope: object) => void} apply called once per event, in seq order */
  constructor(apply) {
    this.#apply = apply;
  }

  /** The seq of the last applied event; null until start() is called. */
  get lastSeq() {
    return this.#lastSeq;
  }

  get started() {
    return this.#lastSeq !== null;
  }

  /** How many early events wait for the ones before them. */
  get pendingCount() {
    return this.#pending.size;
  }

  /**
   * The seq after which events are missing (call Catchup(roomId, afterSeq) with it), or null when
   * nothing is missing. Events received before start() are held, not counted as a gap.
   */
  get gapAfter() {
    return this.started && this.#pending.size > 0 ? this.#lastSeq : null;
  }

  /**
   * Begins from a snapshot taken at seq; held events at or before it are dropped, later ones applied.
   * @param {number} seq
   */
  start(seq) {
    if (!Number.isInteger(seq) || seq < 0) {
      throw new RangeError(`A snapshot seq is a non-negative integer, not ${seq}.`);
    }
    this.#lastSeq = seq;
    return this.#drain();
  }

  /**
   * Takes envelopes from any source (live, catch-up); returns the ones applied now, in order.
   * @param {any[] | null | undefined} envelopes
   */
  receive(envelopes) {
    for (const envelope of envelopes ?? []) {
      const seq = envelope?.seq;
      if (!Number.isInteger(seq) || seq < 1) {
        continue;
      }
      if (this.#lastSeq !== null && seq <= this.#lastSeq) {
        continue;
      }
      if (!this.#pending.has(seq)) {
        this.#pending.set(seq, envelope);
      }
    }
    return this.#drain();
  }

  #drain() {
    const applied = [];
    if (this.#lastSeq === null) {
      return applied;
    }
    for (const seq of this.#pending.keys()) {
      if (seq <= this.#lastSeq) {
        this.#pending.delete(seq);
      }
    }
    for (let next = this.#lastSeq + 1; this.#pending.has(next); next = this.#lastSeq + 1) {
      const envelope = this.#pending.get(next);
      this.#pending.delete(next);
      this.#lastSeq = next;
      this.#apply(envelope);
      applied.push(envelope);
    }
    return applied;
  }
}
