// Types only (read by tsconfig.json, never loaded by a page). The SignalR client is loaded as a classic script
// (/lib/signalr.min.js, copied from npm at build time) and read as the global `signalR`; its types come from the
// same npm package.
import type * as SignalR from "@microsoft/signalr";

declare global {
  const signalR: typeof SignalR;
}
