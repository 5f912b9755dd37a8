// The room page's feature panels. Each panel is a module exporting an object with any of:
//   mount(ctx)        once, before the first join: build its section inside ctx.container (text via textContent)
//   snapshot(snap)    the room as joined (the server's snapshot, already filtered for this viewer)
//   apply(envelope)   every event after the snapshot, in seq order, exactly once
//   status(room)      the room's status or the viewer's role changed
//   decorateMessage(item, message), decoratePerson(item, participant)   add to a chat message or person as rendered
//   joinRefused(message)  return true to take over a refused join (the connection stays open)
//   beforeJoin(envelopes) events that reach the page before it has joined
//   feedback(update)  a live FeedbackUpdated {roomId, seq, presentationId, for, view, mine} (may arrive before the snapshot)
//   feedbackSnapshot(views, mine, seq)  feedback as it stands after a catch-up (complete lists, as of at least seq)
// ctx: { roomId, room: { userId, role, status }, invoke(method, ...args), announce(text), nameOf(userId),
//        isFacilitator(), note(text, at), container, messageElement(seq), renderParticipants(), rejoin(), stop(message),
//        act(errorElement, button, method, ...args) -- invoke with the panel's error shown and the button disabled meanwhile }
// Add one line per feature.
import moderation from "./moderation.js";
import { agendaPanel } from "./agenda.js";
import { stagePanel } from "./stage.js";
import { notesPanel } from "./notes.js";
import speakingQueue from "./speaking-queue.js";
import questions from "./questions.js";
import polls from "./polls.js";
import { feedbackPanel } from "./feedback.js";
import sessionRating from "./session-rating.js";
import breakouts from "./breakouts.js";

export const panels = [
  moderation,
  agendaPanel,
  stagePanel,
  notesPanel,
  speakingQueue,
  questions,
  polls,
  feedbackPanel,
  sessionRating,
  breakouts,
];
