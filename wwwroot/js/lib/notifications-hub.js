// @ts-check
// The one way a page listens on the notifications hub: a connection that reconnects by itself and, after its first
// start and after every reconnect (a new connection the server knows nothing of), runs the page's onConnected (to
// fetch what it may have missed, or to ask again for what it watches). Live updates are a bonus: without the SignalR
// script or a connection the page works as before, and a reload brings the latest.
import { HubPath } from "../room/protocol.js";

/**
 * @param {Record<string, (...args: any[]) => void>} handlers what the server pushes, by client method name
 * @param {(connection: any) => Promise<unknown>} onConnected
 * @returns {Promise<any>} the started connection, or null when there is none
 */
export async function connectNotifications(handlers, onConnected) {
  if (typeof signalR === "undefined") {
    return null;
  }
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(HubPath.notifications)
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.None)
    .build();
  for (const [name, handler] of Object.entries(handlers)) {
    connection.on(name, handler);
  }
  const connected = () => onConnected(connection).catch(() => {
    // Still shown as it was; the next change or a reload brings it up to date.
  });
  connection.onreconnected(connected);
  try {
    await connection.start();
  } catch {
    return null;
  }
  await connected();
  return connection;
}
