// @ts-check
// The stage panel, in the middle of the room page: who presents, the current slide (server-rendered, sanitised html)
// large, and, for the presenter and staff, slide controls and an outline to share as slides. While nobody presents
// the stage shows the agenda's current topic instead (agenda.js draws it; the stage says when it is covered). Slides are
// either an outline's or uploaded files' pages (stage-files.js).
import { el, serverHtml } from "../../lib/dom.js";
import { alertBox } from "../../lib/alerts.js";
import { fileSharingForm, pageCount, showFileSlide } from "./stage-files.js";

/** The room event types this feature's events carry ("type"), as the server names them. */
export const StageEvent = Object.freeze({
  FileSlidesShared: "FileSlidesShared",
  PresentationEnded: "PresentationEnded",
  PresentationStarted: "PresentationStarted",
  SlideShown: "SlideShown",
  SlidesShared: "SlidesShared",
});

/** This feature's RoomHub methods (the room id is the first argument). */
export const StageMethod = Object.freeze({
  EndPresentation: "EndPresentation",
  ShareFileSlides: "ShareFileSlides",
  ShareSlides: "ShareSlides",
  ShowSlide: "ShowSlide",
  StartPresentation: "StartPresentation",
});

const MAX_OUTLINE_BYTES = 64 * 1024;

/** @type {import("./panel.js").PanelContext} set by mount, before any other hook */
let ctx;
/**
 * The presentation on stage, if any.
 * @type {{presentationId: string, presenterUserId: string, presenterName: string, agendaItemId: string | null,
 *   slides: string[], slideIndex: number, markdown: string | null, files: import("./stage-files.js").SlideFile[]} | null}
 */
let stage = null;
const nodes = {};

function canDrive() {
  return stage !== null && ctx.room.status !== "Ended" && (ctx.isFacilitator() || stage.presenterUserId === ctx.room.userId);
}

/** How many slides are shared: the outline's, or all pages of the files. */
function slideCount() {
  if (!stage) {
    return 0;
  }
  return stage.files.length > 0 ? pageCount(stage.files) : stage.slides.length;
}

function showError(message) {
  nodes.error.textContent = message;
}

async function run(button, method, ...args) {
  const accepted = await ctx.act(nodes.error, button, method, ...args);
  render();
  return accepted;
}

function render() {
  const driving = canDrive();
  const slides = stage?.slides ?? [];
  const files = stage?.files ?? [];
  const count = slideCount();
  const index = stage?.slideIndex ?? 0;
  nodes.presenter.textContent = stage ? `Presenting: ${stage.presenterName}` : "Nobody is presenting.";
  nodes.slide.hidden = slides.length === 0;
  // Rendered and sanitised by the server when the slides were shared.
  serverHtml(nodes.slide, slides.length > 0 ? slides[index] ?? "" : "", { headingBase: 2 });
  nodes.fileSlide.hidden = files.length === 0;
  showFileSlide(nodes.fileSlide, ctx.roomId, files, index);
  nodes.counter.textContent = count > 0 ? `Slide ${index + 1} of ${count}` : "";
  nodes.counter.hidden = count === 0;
  nodes.noSlides.hidden = stage === null || count > 0;
  nodes.nav.hidden = !driving || count === 0;
  nodes.previous.disabled = !driving || index <= 0;
  nodes.next.disabled = !driving || index >= count - 1;
  nodes.share.hidden = !driving;
  nodes.shareFiles.hidden = !driving;
  nodes.end.hidden = !(stage !== null && ctx.isFacilitator() && ctx.room.status !== "Ended");
  nodes.bar.hidden = nodes.nav.hidden && nodes.end.hidden && nodes.counter.hidden;
  // Until the first slides are shared the outline is open to write; later it folds away under the slides.
  if (driving && count === 0) {
    nodes.share.open = true;
  }
  nodes.stage?.toggleAttribute("data-presenting", stage !== null);
}

function show(button, delta) {
  if (stage) {
    run(button, StageMethod.ShowSlide, stage.slideIndex + delta);
  }
}

function mount(context) {
  ctx = context;
  // The stage's own heading and full screen button are the room page's (room.html); this is what it shows.
  nodes.stage = ctx.container.closest(".stage");
  const section = el("div", { className: "stage-panel" });

  nodes.presenter = el("p", { className: "presenter" });
  nodes.noSlides = el("p", { className: "hint", text: "No slides shared yet." });
  nodes.slide = el("div", { className: "slide message-body" });
  nodes.slide.setAttribute("role", "region");
  nodes.slide.setAttribute("aria-label", "Current slide");
  nodes.slide.tabIndex = 0;
  nodes.fileSlide = el("div", { className: "slide file-slides" });
  nodes.fileSlide.setAttribute("role", "region");
  nodes.fileSlide.setAttribute("aria-label", "Current slide");
  nodes.fileSlide.tabIndex = 0;
  nodes.counter = el("p", { className: "slide-counter" });

  nodes.previous = el("button", { className: "button", text: "Previous slide" });
  nodes.previous.type = "button";
  nodes.previous.addEventListener("click", () => show(nodes.previous, -1));
  nodes.next = el("button", { className: "button primary", text: "Next slide" });
  nodes.next.type = "button";
  nodes.next.addEventListener("click", () => show(nodes.next, 1));
  nodes.nav = el("div", { className: "slide-nav" }, nodes.previous, nodes.next);

  nodes.end = el("button", { className: "button danger", text: "End presentation" });
  nodes.end.type = "button";
  nodes.end.addEventListener("click", () => run(nodes.end, StageMethod.EndPresentation));

  nodes.outline = Object.assign(el("textarea"), { rows: 6, id: "stage-outline" });
  const hint = el("p", { className: "hint", text: "Markdown; a line of three dashes (---) starts a new slide. Up to 64 KB and 100 slides." });
  hint.id = "stage-outline-hint";
  nodes.outline.setAttribute("aria-describedby", hint.id);
  const label = Object.assign(el("label", { text: "Outline" }), { htmlFor: nodes.outline.id });
  const shareButton = el("button", { className: "button", text: "Share slides" });
  shareButton.type = "submit";
  const shareForm = el("form", { className: "stage-share-form" }, label, hint, nodes.outline, shareButton);
  nodes.share = /** @type {HTMLDetailsElement} */ (el("details", { className: "stage-share" }, el("summary", { text: "Slides outline" }), shareForm));
  shareForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const bytes = new TextEncoder().encode(nodes.outline.value).length;
    if (bytes > MAX_OUTLINE_BYTES) {
      // Refused here: the server would refuse it too, and a message this large is better not sent at all.
      showError(`The outline is ${(bytes / 1024).toFixed(1)} KB; the limit is 64 KB. Nothing was shared.`);
      return;
    }
    run(shareButton, StageMethod.ShareSlides, nodes.outline.value);
  });

  nodes.error = alertBox();
  nodes.shareFiles = fileSharingForm({
    roomId: ctx.roomId,
    errorBox: nodes.error,
    share: (button, uploadIds) => run(button, StageMethod.ShareFileSlides, uploadIds),
  });

  nodes.bar = el("div", { className: "slide-bar" }, nodes.counter, nodes.nav, nodes.end);
  section.append(nodes.presenter, nodes.noSlides, nodes.slide, nodes.fileSlide, nodes.bar, nodes.error, nodes.share, nodes.shareFiles);
  ctx.container.append(section);
  render();
}

function snapshot(snap) {
  stage = snap.stage ? { ...snap.stage, files: snap.stage.files ?? [] } : null;
  if (stage && stage.markdown && canDrive()) {
    nodes.outline.value = stage.markdown;
  }
  render();
  ctx.renderParticipants();
}

function apply({ at, event }) {
  switch (event.type) {
    case StageEvent.PresentationStarted:
      stage = {
        presentationId: event.presentationId, presenterUserId: event.presenterUserId, presenterName: event.presenterName,
        agendaItemId: event.agendaItemId ?? null, slides: [], slideIndex: 0, markdown: null, files: [],
      };
      nodes.outline.value = "";
      showError("");
      render();
      ctx.renderParticipants();
      ctx.announce(event.presenterUserId === ctx.room.userId
        ? "You are presenting now. Share your outline as slides."
        : `${event.presenterName} is presenting.`);
      ctx.note(`${event.presenterName} started presenting`, at);
      break;
    case StageEvent.PresentationEnded:
      if (stage && stage.presentationId === event.presentationId) {
        const name = stage.presenterName;
        stage = null;
        render();
        ctx.renderParticipants();
        ctx.note(`${name}'s presentation ended`, at);
      }
      break;
    case StageEvent.SlidesShared:
      if (stage && stage.presentationId === event.presentationId) {
        stage = { ...stage, slides: event.slides, slideIndex: 0, markdown: event.markdown, files: [] };
        render();
        ctx.announce(`${event.displayName} shared ${event.slides.length} slides. Slide 1 of ${event.slides.length}.`);
      }
      break;
    case StageEvent.FileSlidesShared:
      if (stage && stage.presentationId === event.presentationId) {
        stage = { ...stage, slides: [], slideIndex: 0, markdown: null, files: event.files };
        render();
        ctx.announce(`${event.displayName} shared ${event.pageCount} slides from files. Slide 1 of ${event.pageCount}.`);
      }
      break;
    case StageEvent.SlideShown:
      if (stage && stage.presentationId === event.presentationId) {
        stage = { ...stage, slideIndex: event.index };
        render();
        ctx.announce(`Slide ${event.index + 1} of ${slideCount()}`);
      }
      break;
    default:
      break;
  }
}

/** @type {import("./panel.js").Panel} */
export const stagePanel = {
  tab: "stage",
  mount,
  snapshot,
  apply,
  /** People shows who presents. */
  decoratePerson(item, person) {
    if (stage?.presenterUserId === person.userId) {
      item.append(" ", el("span", { className: "flag presenting", text: "presenting" }));
    }
  },
  status() {
    if (ctx) {
      render();
    }
  },
};
