// The room page's feature panels. Each panel is a module exporting an object with any of:
//   mount(ctx)        once, before the first join: build its section inside ctx.container (text via textContent)
//   snapshot(snap)    the room as joined (the server's snapshot, already filtered for this viewer)
//   apply(envelope)   every event after the snapshot, in seq order, exactly once
//   status(room)      the room's status or the viewer's role changed
// ctx: { roomId, room: { userId, role, status }, invoke(method, ...args), announce(text), nameOf(userId),
//        isFacilitator(), note(text, at), container }
// Add one line per feature.
export const panels = [
  (await import("./speaking-queue.js")).default,
  (await import("./questions.js")).default,
  (await import("./polls.js")).default,
];
