// @ts-check
// One person's place in a room's Janus VideoRoom: their camera publisher (audio transceiver first, then video, so the
// mids are "0" and "1" as the server's moderation expects), an optional screen publisher, and one multistream
// subscriber handle that receives every other publisher's streams. After a network drop the long poll and the peer
// connections usually recover by themselves; when the session or a peer connection is lost, the call asks for fresh
// access (a new token) and joins again, with the same local tracks.
import { JanusError, JanusSession } from "./janus.js";

/**
 * What the hub's GetMediaAccess answers.
 * @typedef {object} MediaAccess
 * @property {boolean} available
 * @property {string | null} reason
 * @property {string} janusRoom
 * @property {string} token
 * @property {string} publisherId
 * @property {string} screenPublisherId
 * @property {string} proxyPath
 * @property {RTCIceServer[]} [iceServers]
 * @property {boolean} micAllowed
 * @property {boolean} cameraAllowed
 */

/**
 * A remote person's feed as received: whose it is and the tracks that arrive.
 * @typedef {object} RemoteFeed
 * @property {string} feedId  the Janus publisher id
 * @property {string} userId  whose feed (from the publisher's display, which this client sets to the user id)
 * @property {boolean} screen  a screen share rather than a camera
 * @property {MediaStreamTrack | null} audio
 * @property {MediaStreamTrack | null} video
 * @property {string[]} mids  the subscriber connection's mids carrying it
 */

/** A publisher's display: the user id, marked for a screen share, so others know whose feed it is. */
const SCREEN_PREFIX = "screen:";

/** @param {string} display */
export function feedOwner(display) {
  return display.startsWith(SCREEN_PREFIX)
    ? { userId: display.slice(SCREEN_PREFIX.length), screen: true }
    : { userId: display, screen: false };
}

// The VideoRoom's error code for a publisher that is not (or no longer) in the room.
const NO_SUCH_FEED = 428;

// A peer connection that stays "disconnected" this long is treated as failed: ICE rarely comes back after that.
const DISCONNECTED_GRACE_MS = 4000;

export class MediaCall {
  /**
   * @param {object} options
   * @param {string} options.userId
   * @param {() => Promise<MediaAccess>} options.getAccess  a fresh GetMediaAccess (a new token each call)
   * @param {(feeds: RemoteFeed[]) => void} options.onRemote  the remote feeds changed
   * @param {(state: "connecting" | "connected" | "reconnecting" | "closed", detail?: string) => void} options.onState
   * @param {() => void} [options.onScreenEnded]  the screen share stopped by itself (the browser's own stop button)
   */
  constructor({ userId, getAccess, onRemote, onState, onScreenEnded }) {
    this.userId = userId;
    this.getAccess = getAccess;
    this.onRemote = onRemote;
    this.onState = onState;
    this.onScreenEnded = onScreenEnded ?? (() => {});
    /** @type {MediaStreamTrack | null} */
    this.audioTrack = null;
    /** @type {MediaStreamTrack | null} */
    this.videoTrack = null;
    /** @type {MediaStreamTrack | null} */
    this.screenTrack = null;
    this.micOn = false;
    this.closed = false;
    this.recovering = false;
    /** @type {MediaAccess | null} */
    this.access = null;
    /** @type {JanusSession | null} */
    this.session = null;
    /** @type {import("./janus.js").JanusHandle | null} */
    this.publisher = null;
    /** @type {RTCPeerConnection | null} */
    this.publisherPc = null;
    /** @type {import("./janus.js").JanusHandle | null} */
    this.screen = null;
    /** @type {RTCPeerConnection | null} */
    this.screenPc = null;
    /** @type {import("./janus.js").JanusHandle | null} */
    this.subscriber = null;
    /** @type {RTCPeerConnection | null} */
    this.subscriberPc = null;
    this.subscriberJoined = false;
    /** Given by Janus to the publisher; subscriptions carry it. @type {string | number | undefined} */
    this.privateId = undefined;
    /** Publishers in the room other than this person's own: feed id -> display. @type {Map<string, string>} */
    this.publishers = new Map();
    /** The subscription as Janus last described it: its streams by subscriber mid. @type {any[]} */
    this.subStreams = [];
    /** Feeds asked for on the subscriber handle. @type {Set<string>} */
    this.subscribed = new Set();
    /** Subscriber work runs one step at a time (Janus renegotiates one offer at a time). */
    this.subQueue = Promise.resolve();
    this.generation = 0;
    this.recoveries = 0;
    /** Sessions whose destroy did not reach Janus. @type {Set<JanusSession>} */
    this.stale = new Set();
    /** When the call joined (performance.now()), for the time to the first remote audio. */
    this.joinedAt = 0;
  }

  /**
   * Joins: the camera publisher with these tracks (either may be null), then the others' feeds.
   * @param {MediaStreamTrack | null} audio
   * @param {MediaStreamTrack | null} video
   * @param {boolean} micOn
   */
  async start(audio, video, micOn) {
    this.audioTrack = audio;
    this.videoTrack = video;
    this.micOn = micOn;
    this.onState("connecting");
    await this.connect();
  }

  async connect() {
    const generation = ++this.generation;
    // A session that could not be ended during a drop still holds this person's publisher id on Janus: end it first.
    for (const stale of [...this.stale]) {
      if (await stale.destroy()) {
        this.stale.delete(stale);
      }
    }
    const access = await this.getAccess();
    if (!access.available) {
      throw Object.assign(new Error(access.reason ?? "Voice and video are off on this server."), { final: true });
    }
    if (this.closed || generation !== this.generation) {
      return;
    }
    this.access = access;
    const session = new JanusSession(access.proxyPath, { onLost: () => this.recover("session") });
    this.session = session;
    await session.create();
    this.publisher = await session.attach({ onEvent: (m) => this.onPublisherEvent(m) });
    const { data } = await this.publisher.message({
      request: "join", ptype: "publisher", room: access.janusRoom, id: access.publisherId, token: access.token, display: this.userId,
    });
    this.joinedAt = performance.now();
    // Rooms may require it: it ties the subscriptions to this person's publisher.
    this.privateId = data.private_id;
    this.publisherPc = this.peerConnection(this.publisher);
    this.publisherPc.addTransceiver(this.audioTrack ?? "audio", { direction: "sendonly" });
    this.publisherPc.addTransceiver(this.videoTrack ?? "video", { direction: "sendonly" });
    await this.setMic(this.micOn);
    const offer = await this.publisherPc.createOffer();
    await this.publisherPc.setLocalDescription(offer);
    const published = await this.publisher.message({ request: "publish" }, offer);
    if (published.jsep) {
      await this.publisherPc.setRemoteDescription(published.jsep);
    }
    this.addPublishers(data.publishers ?? []);
    if (this.screenTrack && this.screenTrack.readyState === "live") {
      // Back after a drop: the share goes on if the room still counts it as this person's (leaving the room ends it).
      await this.publishScreen(this.screenTrack).catch(() => this.stopScreen().finally(() => this.onScreenEnded()));
    }
    this.onState("connected", this.recoveries > 0 ? "rejoined" : undefined);
  }

  /**
   * A peer connection that trickles its candidates to a handle and recovers the call when it fails.
   * @param {import("./janus.js").JanusHandle} handle
   */
  peerConnection(handle) {
    const pc = new RTCPeerConnection({ iceServers: this.access?.iceServers ?? [] });
    pc.addEventListener("icecandidate", (e) => { handle.trickle(e.candidate); });
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let grace;
    pc.addEventListener("connectionstatechange", () => {
      clearTimeout(grace);
      if (pc.connectionState === "failed") {
        this.recover("connection");
      } else if (pc.connectionState === "disconnected") {
        // Janus may have dropped the session (then only a new one helps): ask now rather than at the next keepalive.
        this.session?.check();
        grace = setTimeout(() => pc.connectionState === "disconnected" && this.recover("connection"), DISCONNECTED_GRACE_MS);
      }
    });
    return pc;
  }

  /** @param {import("./janus.js").JanusMessage} message */
  onPublisherEvent(message) {
    if (message.janus === "hangup" || message.janus === "detached") {
      // Janus dropped this publisher (kicked, or its connection failed there).
      this.recover("hangup");
      return;
    }
    const data = message.plugindata?.data;
    if (!data) {
      return;
    }
    if (data.publishers) {
      this.addPublishers(data.publishers);
    }
    const gone = data.unpublished ?? data.leaving ?? data.kicked;
    if (gone !== undefined && gone !== "ok") {
      this.removePublisher(String(gone));
    }
    if (data.leaving === "ok" || data.unpublished === "ok") {
      // This person's own publisher was made to leave (kicked).
      this.recover("kicked");
    }
  }

  /** @param {{id: string | number, display?: string}[]} list */
  addPublishers(list) {
    const own = new Set([this.access?.publisherId, this.access?.screenPublisherId].map(String));
    const fresh = [];
    for (const p of list) {
      const id = String(p.id);
      if (own.has(id)) {
        continue;
      }
      this.publishers.set(id, p.display ?? "");
      if (!this.subscribed.has(id)) {
        fresh.push(id);
      }
    }
    if (fresh.length > 0) {
      this.subscribe(fresh);
    }
  }

  /** @param {string} feedId */
  removePublisher(feedId) {
    this.publishers.delete(feedId);
    this.subscribed.delete(feedId);
    // Janus renegotiates the subscription itself (autoupdate); the feed's tile goes now.
    this.subStreams = this.subStreams.filter((s) => String(s.feed_id) !== feedId);
    this.reportRemote();
  }

  /** @param {string[]} feedIds */
  subscribe(feedIds) {
    for (const id of feedIds) {
      this.subscribed.add(id);
    }
    const generation = this.generation;
    this.subQueue = this.subQueue.then(async () => {
      if (this.closed || generation !== this.generation || !this.session || !this.access) {
        return;
      }
      const streams = feedIds.filter((id) => this.publishers.has(id)).map((feed) => ({ feed }));
      if (streams.length === 0) {
        return;
      }
      if (!this.subscriber) {
        this.subscriber = await this.session.attach({ onEvent: (m) => this.onSubscriberEvent(m) });
        this.subscriberPc = this.peerConnection(this.subscriber);
        this.subscriberPc.addEventListener("track", () => this.reportRemote());
        const { data, jsep } = await this.subscriber.message({
          request: "join", ptype: "subscriber", room: this.access.janusRoom, private_id: this.privateId, streams,
        });
        this.subscriberJoined = true;
        await this.onSubscriberOffer(data, jsep);
      } else {
        // "update" (not "subscribe"): the one request the proxy lets through for changing a subscription.
        const { data, jsep } = await this.subscriber.message({ request: "update", subscribe: streams });
        await this.onSubscriberOffer(data, jsep);
      }
    }).catch((error) => {
      if (this.closed || generation !== this.generation || (error instanceof JanusError && error.code === 0)) {
        return;
      }
      const gone = error instanceof JanusError && error.code === NO_SUCH_FEED ? /\(([^)]*)\)/.exec(error.message)?.[1] : undefined;
      if (gone !== undefined) {
        // That publisher left between its announcement and this request: subscribe to the others.
        this.removePublisher(gone);
        const rest = feedIds.filter((id) => id !== gone && this.publishers.has(id));
        if (this.subscriber && !this.subscriberJoined) {
          // The handle never joined: start again with a fresh one.
          this.subscriber.detach();
          this.subscriber = null;
          this.subscriberPc?.close();
          this.subscriberPc = null;
        }
        if (rest.length > 0) {
          this.subscribe(rest);
        }
        return;
      }
      this.recover("subscribe");
    });
  }

  /** @param {import("./janus.js").JanusMessage} message */
  onSubscriberEvent(message) {
    if (message.janus === "hangup") {
      this.recover("hangup");
      return;
    }
    const data = message.plugindata?.data;
    if (data && (data.streams || message.jsep)) {
      // A renegotiation Janus started itself (a publisher left, or a postponed update is ready).
      const generation = this.generation;
      this.subQueue = this.subQueue.then(() => generation === this.generation ? this.onSubscriberOffer(data, message.jsep) : undefined)
        .catch(() => this.recover("subscribe"));
    }
  }

  /**
   * Takes the subscription's layout and answers Janus's offer.
   * @param {any} data @param {RTCSessionDescriptionInit | undefined} jsep
   */
  async onSubscriberOffer(data, jsep) {
    if (Array.isArray(data.streams)) {
      this.subStreams = data.streams;
    }
    if (jsep && this.subscriber && this.subscriberPc) {
      await this.subscriberPc.setRemoteDescription(jsep);
      const answer = await this.subscriberPc.createAnswer();
      await this.subscriberPc.setLocalDescription(answer);
      await this.subscriber.message({ request: "start" }, answer);
    }
    this.reportRemote();
  }

  /** The remote feeds as they stand: each active stream of the subscription with the track that carries it. */
  remoteFeeds() {
    /** @type {Map<string, RemoteFeed>} */
    const feeds = new Map();
    const transceivers = this.subscriberPc?.getTransceivers() ?? [];
    for (const stream of this.subStreams) {
      if (stream.active === false || stream.feed_id === undefined || (stream.type !== "audio" && stream.type !== "video")) {
        continue;
      }
      const feedId = String(stream.feed_id);
      const owner = feedOwner(String(stream.feed_display ?? this.publishers.get(feedId) ?? ""));
      if (!owner.userId || !this.publishers.has(feedId)) {
        continue;
      }
      const feed = feeds.get(feedId) ?? { feedId, ...owner, audio: null, video: null, mids: [] };
      const track = transceivers.find((t) => t.mid === String(stream.mid))?.receiver.track ?? null;
      feed[stream.type] = track;
      feed.mids.push(String(stream.mid));
      feeds.set(feedId, feed);
    }
    return [...feeds.values()];
  }

  reportRemote() {
    this.onRemote(this.remoteFeeds());
  }

  /** Microphone on or off: off sends nothing at all (no track), so nobody receives even silence. @param {boolean} on */
  async setMic(on) {
    this.micOn = on;
    if (this.audioTrack) {
      this.audioTrack.enabled = on;
    }
    const sender = this.publisherPc?.getTransceivers()[0]?.sender;
    if (sender) {
      await sender.replaceTrack(on ? this.audioTrack : null);
    }
  }

  /** A new microphone track (another device). @param {MediaStreamTrack | null} track */
  async setAudioTrack(track) {
    this.audioTrack?.stop();
    this.audioTrack = track;
    await this.setMic(this.micOn);
  }

  /** The camera's track, or null to send no video. @param {MediaStreamTrack | null} track */
  async setVideoTrack(track) {
    if (this.videoTrack && this.videoTrack !== track) {
      this.videoTrack.stop();
    }
    this.videoTrack = track;
    const sender = this.publisherPc?.getTransceivers()[1]?.sender;
    if (sender) {
      await sender.replaceTrack(track);
    }
  }

  /** Publishes a screen as this person's second feed. @param {MediaStreamTrack} track */
  async startScreen(track) {
    this.screenTrack = track;
    track.addEventListener("ended", () => {
      if (this.screenTrack === track) {
        this.stopScreen().finally(() => this.onScreenEnded());
      }
    });
    if (this.session) {
      await this.publishScreen(track);
    }
  }

  /** @param {MediaStreamTrack} track */
  async publishScreen(track) {
    if (!this.session) {
      return;
    }
    // A fresh token: the one the camera joined with may have expired by now.
    const access = await this.getAccess();
    this.screen = await this.session.attach({
      // Janus dropped the screen feed (the coach stopped it, or its connection failed): the share ends, the call goes on.
      onEvent: (m) => {
        if ((m.janus === "hangup" || m.plugindata?.data?.leaving === "ok") && this.screenTrack) {
          this.stopScreen().finally(() => this.onScreenEnded());
        }
      },
    });
    await this.screen.message({
      request: "join", ptype: "publisher", room: access.janusRoom, id: access.screenPublisherId, token: access.token,
      display: SCREEN_PREFIX + this.userId,
    });
    this.screenPc = this.peerConnection(this.screen);
    this.screenPc.addTransceiver(track, { direction: "sendonly" });
    const offer = await this.screenPc.createOffer();
    await this.screenPc.setLocalDescription(offer);
    const { jsep } = await this.screen.message({ request: "publish" }, offer);
    if (jsep) {
      await this.screenPc.setRemoteDescription(jsep);
    }
  }

  async stopScreen() {
    const track = this.screenTrack;
    this.screenTrack = null;
    track?.stop();
    const handle = this.screen;
    this.screen = null;
    this.screenPc?.close();
    this.screenPc = null;
    if (handle) {
      await handle.message({ request: "leave" }).catch(() => {});
      await handle.detach();
    }
  }

  /**
   * Something broke (session gone, a connection failed, kicked): drop it all and join again with fresh access, trying
   * again with growing pauses until it works or the call is left. A refusal of access ends the call.
   * @param {string} why
   */
  async recover(why) {
    if (this.closed || this.recovering) {
      return;
    }
    this.recovering = true;
    this.recoveries += 1;
    this.onState("reconnecting", why);
    try {
      for (let attempt = 0; !this.closed; attempt += 1) {
        await this.teardown();
        await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** attempt, 8000)));
        if (this.closed) {
          return;
        }
        try {
          await this.connect();
          return;
        } catch (error) {
          // The hub refused access (removed, the room ended): trying again cannot help.
          if (error?.final) {
            await this.leave();
            this.onState("closed", error.message);
            return;
          }
        }
      }
    } finally {
      this.recovering = false;
    }
  }

  /** Closes the connections and the Janus session (which takes its publishers and subscriptions with it). */
  async teardown() {
    this.generation += 1;
    for (const pc of [this.publisherPc, this.subscriberPc, this.screenPc]) {
      pc?.close();
    }
    this.publisherPc = this.subscriberPc = this.screenPc = null;
    this.publisher = this.subscriber = this.screen = null;
    this.subscriberJoined = false;
    this.publishers.clear();
    this.subscribed.clear();
    this.subStreams = [];
    this.subQueue = Promise.resolve();
    const session = this.session;
    this.session = null;
    this.reportRemote();
    if (session && !(await session.destroy())) {
      this.stale.add(session);
    }
  }

  /** Leaves the media room for good (the room itself stays): stops local tracks too. */
  async leave() {
    if (this.closed) {
      return;
    }
    const publisher = this.publisher;
    this.closed = true;
    await publisher?.message({ request: "leave" }).catch(() => {});
    await this.teardown();
    for (const track of [this.audioTrack, this.videoTrack, this.screenTrack]) {
      track?.stop();
    }
    this.onState("closed");
  }
}
