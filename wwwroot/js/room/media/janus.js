// @ts-check
// The Janus HTTP API as Roundtable's same-origin proxy (/media/janus) offers it: a session, its plugin handles, one
// long poll for everything Janus pushes, and a keepalive. Requests that Janus answers later ("ack" now, an event with
// the same transaction later) resolve when that event arrives. Nothing here knows about rooms; videoroom.js does.

/**
 * One message Janus sends (a reply or a pushed event), as its API documents it.
 * @typedef {object} JanusMessage
 * @property {string} janus  "success" | "ack" | "error" | "event" | "webrtcup" | "media" | "slowlink" | "hangup" | "detached" | "trickle" | "keepalive" | "timeout"
 * @property {string} [transaction]
 * @property {number | string} [sender]  the handle the event is about
 * @property {number | string} [session_id]
 * @property {{id: number | string}} [data]
 * @property {{code: number, reason: string}} [error]
 * @property {{plugin: string, data: any}} [plugindata]
 * @property {RTCSessionDescriptionInit} [jsep]
 * @property {string} [reason]
 */

/** Janus's answer was an error (its own or the plugin's), or the proxy refused the request. */
export class JanusError extends Error {
  /** @param {string} message @param {number} code  Janus's or the plugin's error code, or the HTTP status */
  constructor(message, code) {
    super(message);
    this.code = code;
  }

  /** The session is gone on Janus's side (timed out, or Janus restarted): only a new session helps. */
  get sessionLost() {
    return this.code === NO_SUCH_SESSION;
  }
}

const NO_SUCH_SESSION = 458;

// Why 25 s: Janus drops a session after session_timeout (60 s by default) without a request; a long poll counts, but
// one may be stuck behind a network drop, so a keepalive of its own keeps the session within half the timeout.
const KEEPALIVE_MS = 25_000;
const MAX_EVENTS = 10;

let transactions = 0;
function transactionId() {
  transactions += 1;
  return `${Date.now().toString(36)}-${transactions}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A Janus session over the proxy. Call create(), then attach() handles; destroy() ends it. */
export class JanusSession {
  /**
   * @param {string} base  the proxy's path, e.g. "/media/janus"
   * @param {{onLost?: (error: Error) => void}} [options]  onLost: the session died (the long poll found it gone)
   */
  constructor(base, { onLost } = {}) {
    this.base = base.replace(/\/$/, "");
    /** @type {string | null} */
    this.id = null;
    this.onLost = onLost ?? (() => {});
    /** @type {Map<string, {resolve: (m: JanusMessage) => void, reject: (e: Error) => void}>} */
    this.pending = new Map();
    /** @type {Map<string, JanusHandle>} */
    this.handles = new Map();
    this.closed = false;
    /** @type {ReturnType<typeof setInterval> | undefined} */
    this.keepalive = undefined;
    this.polling = new AbortController();
  }

  async create() {
    const reply = await this.post("", { janus: "create" });
    this.id = String(reply.data?.id);
    this.keepalive = setInterval(() => this.check(), KEEPALIVE_MS);
    this.poll();
    return this;
  }

  /**
   * A keepalive, which also finds out whether Janus still has the session: only its "no such session" counts as lost
   * (a request that fails because the network is down says nothing about the session).
   */
  async check() {
    try {
      await this.post(`/${this.id}`, { janus: "keepalive" });
    } catch (error) {
      if (error instanceof JanusError && error.sessionLost) {
        this.lost(error);
      }
    }
  }

  /**
   * Attaches a handle to the VideoRoom plugin.
   * @param {{onEvent?: (message: JanusMessage) => void}} [options]  every event Janus pushes about this handle
   * @returns {Promise<JanusHandle>}
   */
  async attach({ onEvent } = {}) {
    const reply = await this.post(`/${this.id}`, { janus: "attach", plugin: "janus.plugin.videoroom" });
    const handle = new JanusHandle(this, String(reply.data?.id), onEvent ?? (() => {}));
    this.handles.set(handle.id, handle);
    return handle;
  }

  /**
   * Ends the session on Janus and stops polling. False when Janus could not be told (the network is down): the session
   * and its publishers stay there until told again or until Janus times the session out.
   * @returns {Promise<boolean>}
   */
  async destroy() {
    this.stop();
    if (this.id === null) {
      return true;
    }
    try {
      await this.post(`/${this.id}`, { janus: "destroy" }, { force: true });
      return true;
    } catch (error) {
      return error instanceof JanusError && error.code !== 0 && error.code < 500 && error.code !== 403;
    }
  }

  /** Stops the poll and the keepalive; pending requests fail. */
  stop() {
    this.closed = true;
    clearInterval(this.keepalive);
    this.polling.abort();
    for (const { reject } of this.pending.values()) {
      reject(new JanusError("The media session ended.", 0));
    }
    this.pending.clear();
  }

  /** @param {Error} error */
  lost(error) {
    if (this.closed) {
      return;
    }
    this.stop();
    this.onLost(error);
  }

  /**
   * One request; resolves with Janus's reply, or with the event that completes an asynchronous one.
   * @param {string} path  "", "/<session>" or "/<session>/<handle>"
   * @param {Record<string, any>} body
   * @param {{awaitEvent?: boolean, force?: boolean}} [options]  awaitEvent: an "ack" is followed by an event carrying the answer
   * @returns {Promise<JanusMessage>}
   */
  async post(path, body, { awaitEvent = false, force = false } = {}) {
    if (this.closed && !force) {
      throw new JanusError("The media session ended.", 0);
    }
    const transaction = transactionId();
    /** @type {Promise<JanusMessage> | null} */
    const later = awaitEvent ? new Promise((resolve, reject) => this.pending.set(transaction, { resolve, reject })) : null;
    // A late event must not count as unhandled when the request itself failed first.
    later?.catch(() => {});
    let reply;
    try {
      reply = await send(`${this.base}${path}`, { method: "POST", body: JSON.stringify({ ...body, transaction }) });
    } catch (error) {
      this.pending.delete(transaction);
      throw error;
    }
    if (reply.janus === "error") {
      this.pending.delete(transaction);
      throw new JanusError(reply.error?.reason ?? "Janus refused the request.", reply.error?.code ?? 0);
    }
    if (later && reply.janus === "ack") {
      return pluginResult(await later);
    }
    this.pending.delete(transaction);
    return later ? pluginResult(reply) : reply;
  }

  /** The long poll: one GET at a time, for as long as the session lives. */
  async poll() {
    while (!this.closed) {
      let messages;
      try {
        const reply = await send(`${this.base}/${this.id}?maxev=${MAX_EVENTS}`, { method: "GET", signal: this.polling.signal });
        messages = Array.isArray(reply) ? reply : [reply];
      } catch (error) {
        if (this.closed) {
          return;
        }
        if (error instanceof JanusError && error.sessionLost) {
          this.lost(error);
          return;
        }
        // The network is down or the server restarts: try again shortly; the keepalive says when the session is lost.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      for (const message of messages) {
        this.dispatch(message);
      }
    }
  }

  /** @param {JanusMessage} message */
  dispatch(message) {
    if (message.janus === "keepalive") {
      return;
    }
    if (message.janus === "error" && message.error?.code === NO_SUCH_SESSION) {
      this.lost(new JanusError(message.error.reason, NO_SUCH_SESSION));
      return;
    }
    if (message.janus === "timeout") {
      this.lost(new JanusError("The media session timed out.", NO_SUCH_SESSION));
      return;
    }
    const waiting = message.transaction ? this.pending.get(message.transaction) : undefined;
    if (waiting && message.janus !== "ack") {
      this.pending.delete(/** @type {string} */ (message.transaction));
      waiting.resolve(message);
      return;
    }
    const handle = message.sender !== undefined ? this.handles.get(String(message.sender)) : undefined;
    handle?.onEvent(message);
  }
}

/** One plugin handle of a session: messages to the plugin, ICE candidates, hangup, detach. */
export class JanusHandle {
  /** @param {JanusSession} session @param {string} id @param {(message: JanusMessage) => void} onEvent */
  constructor(session, id, onEvent) {
    this.session = session;
    this.id = id;
    this.onEvent = onEvent;
  }

  get path() {
    return `/${this.session.id}/${this.id}`;
  }

  /**
   * A request to the VideoRoom plugin; resolves with the plugin's answer (data) and any JSEP it carries.
   * @param {Record<string, any>} body
   * @param {RTCSessionDescriptionInit} [jsep]
   * @returns {Promise<{data: any, jsep?: RTCSessionDescriptionInit}>}
   */
  async message(body, jsep) {
    const reply = await this.session.post(this.path, { janus: "message", body, ...(jsep ? { jsep } : {}) }, { awaitEvent: true });
    return { data: reply.plugindata?.data ?? {}, jsep: reply.jsep };
  }

  /** @param {RTCIceCandidate | null} candidate  null: gathering is complete */
  trickle(candidate) {
    const body = candidate
      ? { janus: "trickle", candidate: { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex } }
      : { janus: "trickle", candidate: { completed: true } };
    return this.session.post(this.path, body).catch(() => {});
  }

  async detach() {
    this.session.handles.delete(this.id);
    await this.session.post(this.path, { janus: "detach" }).catch(() => {});
  }
}

/**
 * The plugin's answer in an event, or the error it carries.
 * @param {JanusMessage} message
 */
function pluginResult(message) {
  if (message.janus === "error") {
    throw new JanusError(message.error?.reason ?? "Janus refused the request.", message.error?.code ?? 0);
  }
  const data = message.plugindata?.data;
  if (data?.error_code) {
    throw new JanusError(data.error ?? "The video room refused the request.", data.error_code);
  }
  return message;
}

/**
 * One HTTP exchange with the proxy; a refusal (403 problem details, 401) or a non-JSON answer is an error.
 * @param {string} url
 * @param {{method: string, body?: string, signal?: AbortSignal}} init
 * @returns {Promise<any>}
 */
async function send(url, { method, body, signal }) {
  const response = await fetch(url, {
    method,
    body,
    signal,
    credentials: "same-origin",
    headers: body ? { "Content-Type": "application/json" } : {},
  });
  const text = await response.text();
  /** @type {any} */
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Handled below: not JSON at all.
  }
  if (!response.ok) {
    throw new JanusError(json?.detail ?? json?.title ?? `The media server answered ${response.status}.`, response.status);
  }
  if (json === null) {
    throw new JanusError("The media server's answer was not understood.", response.status);
  }
  return json;
}
