// @ts-check
// The room page: the live roundtable (chat, people, feature panels) under the page shell, or with "&replay" in the
// address, the replay of an ended one.
import { mountPageShell } from "../lib/page-shell.js";
import { startReplay, startRoom } from "../room/room.js";

const shell = mountPageShell();
if (new URLSearchParams(location.search).has("replay")) {
  startReplay(shell);
} else {
  startRoom(shell);
}
