// @ts-check
// What the People tab says about each person in the call, read from the browser's own numbers: who is talking (a
// remote person's inbound audioLevel from getStats, the viewer's own from a WebAudio analyser of the microphone) and
// the connection's quality (packet loss and round-trip time from getStats, as good, fair or poor).

/** Above this level (0..1, as getStats reports audioLevel) a person counts as talking. */
const TALKING_LEVEL = 0.02;

/**
 * Good, fair or poor, from the share of packets lost and the round-trip time in seconds.
 * Why these limits: beyond 2 % loss or 300 ms round trip speech starts to break up; beyond 8 % or 600 ms it is hard
 * to follow (the usual thresholds of conferencing tools' quality badges).
 * @param {number} loss  0..1
 * @param {number} rtt  seconds
 * @returns {"good" | "fair" | "poor"}
 */
export function quality(loss, rtt) {
  if (loss > 0.08 || rtt > 0.6) {
    return "poor";
  }
  if (loss > 0.02 || rtt > 0.3) {
    return "fair";
  }
  return "good";
}

/**
 * One reading of the remote feeds' statistics: per user, whether they talk and how their connection is.
 * @param {RTCPeerConnection} pc  the subscriber connection
 * @param {import("./videoroom.js").RemoteFeed[]} feeds
 * @param {Map<string, {lost: number, received: number}>} previous  the packet counts of the last reading, by mid (updated)
 * @returns {Promise<Map<string, {talking: boolean, quality: "good" | "fair" | "poor", audioBytes: number, videoBytes: number}>>}
 */
export async function readRemote(pc, feeds, previous) {
  const report = await pc.getStats();
  let rtt = 0;
  /** @type {Map<string, any>} */
  const inbound = new Map();
  report.forEach((stat) => {
    if (stat.type === "candidate-pair" && stat.nominated && stat.state === "succeeded") {
      rtt = stat.currentRoundTripTime ?? rtt;
    }
    if (stat.type === "inbound-rtp" && stat.mid !== undefined) {
      inbound.set(String(stat.mid), stat);
    }
  });
  const result = new Map();
  for (const feed of feeds) {
    if (feed.screen) {
      continue;
    }
    let talking = false;
    let lost = 0;
    let received = 0;
    let audioBytes = 0;
    let videoBytes = 0;
    for (const mid of feed.mids) {
      const stat = inbound.get(mid);
      if (!stat) {
        continue;
      }
      if (stat.kind === "audio") {
        talking ||= (stat.audioLevel ?? 0) > TALKING_LEVEL;
        audioBytes += stat.bytesReceived ?? 0;
      } else {
        videoBytes += stat.bytesReceived ?? 0;
      }
      const before = previous.get(mid) ?? { lost: 0, received: 0 };
      const now = { lost: stat.packetsLost ?? 0, received: stat.packetsReceived ?? 0 };
      previous.set(mid, now);
      lost += Math.max(0, now.lost - before.lost);
      received += Math.max(0, now.received - before.received);
    }
    const loss = lost + received > 0 ? lost / (lost + received) : 0;
    result.set(feed.userId, { talking, quality: quality(loss, rtt), audioBytes, videoBytes });
  }
  return result;
}

/**
 * The viewer's own connection quality, from what Janus reports back about the published streams.
 * @param {RTCPeerConnection} pc  the camera publisher connection
 * @returns {Promise<"good" | "fair" | "poor">}
 */
export async function readOwnQuality(pc) {
  const report = await pc.getStats();
  let loss = 0;
  let rtt = 0;
  report.forEach((stat) => {
    if (stat.type === "remote-inbound-rtp") {
      loss = Math.max(loss, stat.fractionLost ?? 0);
      rtt = Math.max(rtt, stat.roundTripTime ?? 0);
    }
    if (stat.type === "candidate-pair" && stat.nominated && stat.state === "succeeded") {
      rtt = Math.max(rtt, stat.currentRoundTripTime ?? 0);
    }
  });
  return quality(loss, rtt);
}

/** The viewer's own microphone level, from a WebAudio analyser (getStats has no level for what is sent while muted). */
export class LocalLevel {
  /** @param {MediaStreamTrack} track */
  constructor(track) {
    this.context = new AudioContext();
    const source = this.context.createMediaStreamSource(new MediaStream([track]));
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 512;
    source.connect(this.analyser);
    this.samples = new Float32Array(this.analyser.fftSize);
  }

  /** Whether the microphone hears someone talking now. */
  talking() {
    this.analyser.getFloatTimeDomainData(this.samples);
    let sum = 0;
    for (const sample of this.samples) {
      sum += sample * sample;
    }
    return Math.sqrt(sum / this.samples.length) > TALKING_LEVEL;
  }

  close() {
    this.context.close().catch(() => {});
  }
}
