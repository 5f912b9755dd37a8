// @ts-check
// The room page: the live roundtable (chat, people, feature panels) under the page shell.
import { mountPageShell } from "../lib/page-shell.js";
import { startRoom } from "../room/room.js";

startRoom(mountPageShell());
