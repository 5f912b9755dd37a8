namespace Roundtable.Testing.Media;

/// <summary>What a Chromium needs to take part in calls through Janus in the private network, and what a page is given to be measured.</summary>
public static class MediaBrowser
{
    /// <summary>
    /// Chromium's fake devices (a beeping microphone, a moving camera picture), permission prompts answered yes, the
    /// screen picker answered with the whole screen, and ICE over the private network's 127.0.0.2 (loopback candidates
    /// allowed, not hidden behind mDNS names).
    /// </summary>
    public static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
        "--disable-features=WebRtcHideLocalIpsWithMdns", "--auto-select-desktop-capture-source=Entire screen",
        "--autoplay-policy=no-user-gesture-required",
    ];

    /// <summary>An init script that keeps every RTCPeerConnection the page makes, so getStats can be read for the tracks it shows.</summary>
    public const string CollectPeerConnections = """
        (() => {
          const Native = window.RTCPeerConnection;
          const all = [];
          window.__peerConnections = all;
          window.RTCPeerConnection = function (...args) { const pc = new Native(...args); all.push(pc); return pc; };
          window.RTCPeerConnection.prototype = Native.prototype;
        })();
        """;

    /// <summary>
    /// The bytes received so far of each remote person's audio and video, by the name their tile shows, read from
    /// getStats of the very tracks the page plays (-1: no such track); "(screen)" is the shared screen.
    /// </summary>
    public const string ReceivedScript = """
        async () => {
          const pcs = (window.__peerConnections || []).filter((pc) => pc.connectionState !== "closed");
          async function bytes(track) {
            if (!track) return -1;
            for (const pc of pcs) {
              if (!pc.getReceivers().some((r) => r.track === track)) continue;
              let b = -1;
              (await pc.getStats(track)).forEach((s) => { if (s.type === "inbound-rtp") b = s.bytesReceived; });
              return b;
            }
            return -1;
          }
          const out = {};
          for (const tile of document.querySelectorAll("#media-tiles .media-tile")) {
            const name = tile.querySelector("figcaption").textContent.split(",")[0];
            const audio = tile.querySelector("audio").srcObject?.getAudioTracks()[0];
            const video = tile.querySelector("video").srcObject?.getVideoTracks()[0];
            out[name] = { audio: await bytes(audio), video: await bytes(video) };
          }
          const screen = document.querySelector(".screen-share video")?.srcObject?.getVideoTracks()[0];
          out["(screen)"] = { audio: -1, video: await bytes(screen) };
          return JSON.stringify(out);
        }
        """;

    /// <summary>
    /// Watches one person's audio bytes at this page until they have not grown for quietMs ([name, quietMs, limitMs]);
    /// answers the time (Unix ms) of the last growth, or -1 when they never stopped within the limit.
    /// </summary>
    public const string SilenceScript = """
        async ([name, quietMs, limitMs]) => {
          const read = async () => {
            const pcs = (window.__peerConnections || []).filter((pc) => pc.connectionState !== "closed");
            for (const tile of document.querySelectorAll("#media-tiles .media-tile")) {
              if (tile.querySelector("figcaption").textContent.split(",")[0] !== name) continue;
              const track = tile.querySelector("audio").srcObject?.getAudioTracks()[0];
              for (const pc of pcs) {
                if (!track || !pc.getReceivers().some((r) => r.track === track)) continue;
                let b = -1;
                (await pc.getStats(track)).forEach((s) => { if (s.type === "inbound-rtp") b = s.bytesReceived; });
                return b;
              }
            }
            return -1;
          };
          const started = Date.now();
          let last = await read();
          let changed = Date.now();
          while (Date.now() - started < limitMs) {
            await new Promise((r) => setTimeout(r, 25));
            const now = await read();
            if (now !== last) { last = now; changed = Date.now(); }
            else if (Date.now() - changed >= quietMs) return changed;
          }
          return -1;
        }
        """;

    /// <summary>Waits in the page until any remote audio has arrived; answers the time (Unix ms) it first did, or -1 after limitMs.</summary>
    public const string FirstRemoteAudioScript = """
        async (limitMs) => {
          const started = Date.now();
          while (Date.now() - started < limitMs) {
            for (const pc of (window.__peerConnections || [])) {
              if (pc.connectionState === "closed") continue;
              let got = false;
              (await pc.getStats()).forEach((s) => { if (s.type === "inbound-rtp" && s.kind === "audio" && s.packetsReceived > 0) got = true; });
              if (got) return Date.now();
            }
            await new Promise((r) => setTimeout(r, 10));
          }
          return -1;
        }
        """;
}
