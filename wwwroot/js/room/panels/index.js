// @ts-check
// The room page's feature panels, in the order their hooks are called. Each implements the Panel interface of
// panel.js. Add one line per feature.
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
import media from "./media.js";

/** @type {import("./panel.js").Panel[]} */
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
  media,
];
