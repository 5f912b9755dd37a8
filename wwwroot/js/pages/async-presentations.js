// @ts-check
// Presentations for peer feedback between sessions. Learners submit a presentation (Markdown slides, previewed as the
// server renders them, and/or uploaded files) and review the presentations they are assigned with the same rating form
// as in a live room; coaches open a feedback round (deadline, rubric, reviewers) and close it; once feedback is released
// the presenter sees the aggregate, rates each piece's helpfulness and writes a reflection. One presentation opens with
// ?presentation=<id>. All Markdown is rendered and sanitised by the server; this page inserts only that HTML, and sets
// every other text with textContent. Deadlines are kept by the server; times show in the viewer's time zone.
import { api, ApiError } from "../lib/api.js";
import { el, serverHtml, $ } from "../lib/dom.js";
import { clearFieldErrors, showFieldErrors, field } from "../lib/forms.js";
import { formatDateTime } from "../lib/format.js";
import { mountPageShell } from "../lib/page-shell.js";
import { removeUpload, uploadFile } from "../lib/uploads.js";
import { calibratedAggregate } from "../lib/calibrated-aggregate.js";
import { aggregateTable, answersList, button, helpfulnessLabels, ratingForm, scoresTable } from "../room/panels/feedback-parts.js";

const shell = mountPageShell();
const params = new URLSearchParams(location.search);
const previewDelayMs = 300;
const maxUploadBytes = 20 * 1024 * 1024;

/** @type {any} */
let overview = null;
/** @type {{id: string, fileName: string}[]} */
let attached = [];

function setStatus(text) {
  $("async-status").textContent = text;
}

function showError(error, fallback) {
  $("async-error").textContent = error instanceof ApiError ? error.message : fallback;
}

function timeEl(iso) {
  const time = el("time", { text: formatDateTime(iso) });
  time.dateTime = iso;
  return time;
}

function presentationLink(p) {
  const link = el("a", { text: p.title });
  link.href = `/async-presentations.html?presentation=${encodeURIComponent(p.id)}`;
  return link;
}

/** Where a presentation stands, in words, for the one looking at the list. */
function stateText(p, forReviewer) {
  if (!p.roundId) {
    return "waiting for feedback to open";
  }
  if (p.released) {
    return forReviewer ? "closed" : "feedback released";
  }
  if (forReviewer) {
    return p.myReviewGiven ? "reviewed — you can revise until the deadline" : "your review is due";
  }
  return `${p.reviewsGiven} of ${p.reviewsAssigned} reviews in`;
}

function listItem(p, { forReviewer = false, showPresenter = true } = {}) {
  const meta = el("p", { className: "meta" }, `${p.cohortName}${showPresenter ? ` · by ${p.presenterName}` : ""}`);
  if (p.deadline) {
    meta.append(" · due ", timeEl(p.deadline));
  }
  meta.append(` · ${stateText(p, forReviewer)}`);
  return el("li", { className: "roundtable" }, el("h3", { className: "roundtable-head" }, presentationLink(p)), meta);
}

function fillList(sectionId, listId, items, options) {
  $(listId).replaceChildren(...items.map((p) => listItem(p, options)));
  $(sectionId).hidden = items.length === 0;
}

// ---- Submitting ---------------------------------------------------------------------------------

function renderSlidesPreview(slides) {
  const preview = $("slides-preview");
  if (slides.length === 0) {
    preview.replaceChildren(el("p", { className: "hint", text: "No slides yet." }));
    return;
  }
  preview.replaceChildren(...slides.map((html, i) => slideElement(html, i, slides.length, 4)));
}

function slideElement(html, index, count, headingBase) {
  const body = el("div", { className: "message-body" });
  serverHtml(body, html, { headingBase });
  const slide = el("section", { className: "async-slide" }, el("p", { className: "meta", text: `Slide ${index + 1} of ${count}` }), body);
  slide.setAttribute("aria-label", `Slide ${index + 1} of ${count}`);
  return slide;
}

function wireSlidesPreview() {
  const textarea = /** @type {HTMLTextAreaElement} */ ($("submit-slides"));
  let timer = 0;
  let asked = 0;
  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++asked;
      try {
        const { slidesHtml } = await api("/api/async-presentations/preview", { method: "POST", body: { slidesMarkdown: textarea.value } });
        if (mine === asked) {
          renderSlidesPreview(slidesHtml);
        }
      } catch (error) {
        if (mine === asked) {
          $("slides-preview").replaceChildren(el("p", { className: "hint", text: error instanceof ApiError ? error.message : "Could not preview." }));
        }
      }
    }, previewDelayMs);
  });
  renderSlidesPreview([]);
}

function renderAttached() {
  $("uploaded-files").replaceChildren(...attached.map((file) => {
    const remove = button(`Remove ${file.fileName}`);
    remove.addEventListener("click", async () => {
      // Not yet part of a presentation, so the file itself is removed, not only taken off this list.
      const error = $("submit-file-error");
      error.hidden = true;
      try {
        if (!(await removeUpload(file))) {
          return;
        }
      } catch (failure) {
        error.textContent = failure instanceof ApiError ? failure.message : `${file.fileName} could not be removed.`;
        error.hidden = false;
        remove.focus();
        return;
      }
      attached = attached.filter((f) => f.id !== file.id);
      renderAttached();
      $("upload-status").textContent = `Removed ${file.fileName}.`;
      $("submit-file").focus();
    });
    return el("li", {}, el("span", { text: `${file.fileName} ` }), remove);
  }));
}

function wireUpload() {
  const input = /** @type {HTMLInputElement} */ ($("submit-file"));
  const progress = /** @type {HTMLProgressElement} */ ($("upload-progress"));
  const status = $("upload-status");
  const error = $("submit-file-error");
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    if (!file) {
      return;
    }
    error.hidden = true;
    input.removeAttribute("aria-invalid");
    const fail = (message) => {
      error.textContent = message;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      status.textContent = "";
      progress.hidden = true;
    };
    if (file.size > maxUploadBytes) {
      fail(`“${file.name}” is ${(file.size / (1024 * 1024)).toFixed(1)} MB; a file may be at most 20 MB.`);
      return;
    }
    progress.value = 0;
    progress.hidden = false;
    status.textContent = `Uploading ${file.name}…`;
    try {
      const cohortId = /** @type {HTMLSelectElement} */ ($("submit-cohort")).value;
      const upload = await uploadFile(cohortId, file, (percent) => { progress.value = percent; });
      attached.push({ id: upload.id, fileName: upload.fileName });
      renderAttached();
      progress.hidden = true;
      status.textContent = `Uploaded ${upload.fileName}.`;
      input.value = "";
    } catch (failure) {
      fail(failure instanceof ApiError ? failure.message : "The file could not be uploaded.");
    }
  });
}

function wireSubmit() {
  const form = /** @type {HTMLFormElement} */ ($("submit-form"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    $("async-error").textContent = "";
    const cohortId = form.cohortId.value;
    try {
      const detail = await api(`/api/cohorts/${encodeURIComponent(cohortId)}/async-presentations`, {
        method: "POST",
        body: { title: /** @type {HTMLInputElement} */ ($("submit-title")).value, slidesMarkdown: form.slidesMarkdown.value, uploadIds: attached.map((f) => f.id) },
      });
      location.href = `/async-presentations.html?presentation=${encodeURIComponent(detail.presentation.id)}`;
    } catch (error) {
      const first = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
      showError(error, "Could not submit the presentation.");
      (first ?? $("submit-title")).focus();
    }
  });
}

// ---- Coaching -----------------------------------------------------------------------------------

function fillRubrics() {
  const cohortId = /** @type {HTMLSelectElement} */ ($("open-cohort")).value;
  const cohort = overview.cohorts.find((c) => c.id === cohortId);
  $("open-rubric").replaceChildren(...(cohort?.rubrics ?? []).map((r) => Object.assign(el("option", { text: `${r.name} (version ${r.version})` }), { value: r.id })));
}

function roundElement(round) {
  const heading = el("h4", {}, `${round.rubricName} · due `, timeEl(round.deadline));
  const how = round.choice === "RandomPeers" ? `${round.reviewersPerPresentation} random peers each (draw ${round.seed})` : "every other learner";
  const state = round.closed ? "closed" : round.released ? "past its deadline" : "open";
  const list = el("ul", {}, ...round.assignments.map((a) =>
    el("li", {}, presentationLink({ id: a.presentationId, title: a.title }), ` by ${a.presenterName} — reviewers: ${a.reviewerNames.join(", ") || "none"}`)));
  const section = el("section", { className: "async-round" }, heading, el("p", { className: "meta", text: `Reviewers: ${how} · ${state}` }), list);
  if (!round.closed) {
    const close = button("Close and release feedback");
    close.addEventListener("click", async () => {
      close.disabled = true;
      try {
        await api(`/api/async-reviews/${encodeURIComponent(round.id)}/close`, { method: "POST" });
        setStatus("Feedback closed and released to the presenters.");
        await loadOverview();
      } catch (error) {
        close.disabled = false;
        showError(error, "Could not close the round.");
      }
    });
    section.append(el("p", {}, close));
  }
  return section;
}

function wireOpen() {
  const form = /** @type {HTMLFormElement} */ ($("open-form"));
  $("open-cohort").addEventListener("change", fillRubrics);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    $("async-error").textContent = "";
    const deadline = form.deadline.value ? new Date(form.deadline.value) : null;
    const choice = /** @type {HTMLInputElement} */ (form.querySelector("input[name=choice]:checked")).value;
    try {
      await api(`/api/cohorts/${encodeURIComponent(form.cohortId.value)}/async-reviews`, {
        method: "POST",
        body: {
          rubricId: form.rubricId.value || null,
          deadline: deadline && !Number.isNaN(deadline.getTime()) ? deadline.toISOString() : null,
          choice,
          reviewersPerPresentation: choice === "RandomPeers" ? Number(form.reviewersPerPresentation.value) : null,
        },
      });
      setStatus("Feedback opened; the reviewers have been told.");
      await loadOverview();
    } catch (error) {
      const first = error instanceof ApiError ? showFieldErrors(form, error.errors) : null;
      showError(error, "Could not open feedback.");
      (first ?? form.rubricId).focus();
    }
  });
}

// ---- One presentation ---------------------------------------------------------------------------

function filesElement(files) {
  return el("ul", { className: "async-files" }, ...files.map((file) => {
    const link = el("a", { text: `Open ${file.fileName}` });
    link.href = file.url;
    link.target = "_blank";
    link.rel = "noopener";
    const item = el("li", {});
    if (file.contentType.startsWith("image/")) {
      const image = el("img");
      image.src = file.url;
      image.alt = file.fileName;
      image.className = "async-image";
      item.append(image);
    }
    item.append(el("p", {}, link, ` (${(file.size / 1024).toFixed(0)} KB)`));
    return item;
  }));
}

function helpfulnessControl(detail, review, section) {
  const group = el("div", { className: "helpfulness" });
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", `How helpful was ${review.reviewerName}'s feedback?`);
  for (let value = 1; value <= detail.maxHelpfulness; value++) {
    const choice = button(helpfulnessLabels[value] ?? String(value));
    choice.setAttribute("aria-pressed", String(review.helpfulness === value));
    choice.addEventListener("click", async () => {
      try {
        const updated = await api(`/api/async-presentations/${encodeURIComponent(detail.presentation.id)}/feedback/${encodeURIComponent(review.reviewerId)}/helpfulness`,
          { method: "PUT", body: { helpfulness: value } });
        renderDetail(section, updated);
        setStatus(`Rated ${review.reviewerName}'s feedback: ${helpfulnessLabels[value] ?? value}.`);
        /** @type {HTMLElement | null} */ (section.querySelector(`[data-rate="${review.reviewerId}-${value}"]`))?.focus();
      } catch (error) {
        showError(error, "Could not save the rating.");
      }
    });
    choice.dataset.rate = `${review.reviewerId}-${value}`;
    group.append(choice);
  }
  return group;
}

function reviewElement(detail, review, section) {
  const item = el("li", { className: "feedback-entry" },
    el("p", { className: "meta" }, el("strong", { className: "author", text: review.reviewerName }), review.revision > 1 ? ` · revision ${review.revision}` : ""),
    scoresTable(detail.rubric, review.scores, `${review.reviewerName}'s scores`),
    ...answersList(detail.rubric, review.answers));
  if (detail.mayRate) {
    item.append(helpfulnessControl(detail, review, section));
  } else if (review.helpfulness) {
    item.append(el("p", { className: "meta", text: `Rated by the presenter: ${helpfulnessLabels[review.helpfulness] ?? review.helpfulness}` }));
  }
  return item;
}

function reflectionElement(detail, section) {
  const wrap = el("section", { className: "async-reflection" }, el("h3", { text: "Reflection" }));
  if (detail.reflectionHtml) {
    const body = el("div", { className: "message-body" });
    serverHtml(body, detail.reflectionHtml, { headingBase: 4 });
    wrap.append(body);
  }
  if (detail.mayRate) {
    const textarea = Object.assign(el("textarea"), { rows: 4, value: detail.reflectionMarkdown ?? "" });
    const save = el("button", { className: "button primary", text: "Save reflection" });
    save.type = "submit";
    const form = el("form", { className: "stack" }, field("What you take away from the feedback (Markdown)", textarea), save);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const updated = await api(`/api/async-presentations/${encodeURIComponent(detail.presentation.id)}/reflection`,
          { method: "PUT", body: { markdown: textarea.value } });
        renderDetail(section, updated);
        setStatus("Reflection saved.");
      } catch (error) {
        showError(error, "Could not save the reflection.");
        textarea.focus();
      }
    });
    wrap.append(form);
  } else if (!detail.reflectionHtml) {
    return null;
  }
  return wrap;
}

function renderDetail(section, detail) {
  const p = detail.presentation;
  const heading = el("h2", { text: p.title });
  heading.id = "async-detail-heading";
  const meta = el("p", { className: "meta" }, `${p.cohortName} · by ${p.presenterName} · submitted `, timeEl(p.submittedAt));
  if (p.deadline) {
    meta.append(" · feedback due ", timeEl(p.deadline));
  }
  /** @type {HTMLElement[]} */
  const parts = [heading, meta];
  if (detail.slidesHtml.length > 0) {
    parts.push(el("div", { className: "async-slides" }, ...detail.slidesHtml.map((html, i) => slideElement(html, i, detail.slidesHtml.length, 3))));
  }
  if (detail.files.length > 0) {
    parts.push(el("h3", { text: "Files" }), filesElement(detail.files));
  }
  if (detail.rubric && (detail.mayReview || detail.myReview)) {
    const form = ratingForm(detail.rubric, "Your feedback", async (scores, answers, submit, errorBox) => {
      submit.disabled = true;
      try {
        const updated = await api(`/api/async-presentations/${encodeURIComponent(p.id)}/feedback`, { method: "PUT", body: { scores, answers } });
        setStatus("Feedback sent.");
        form.fill(updated.myReview);
        return true;
      } catch (error) {
        errorBox.textContent = error instanceof ApiError ? error.message : "Could not send the feedback.";
        return false;
      } finally {
        submit.disabled = false;
      }
    }, false, "h4", detail.mayReview ? (text) => api(
      `/api/async-presentations/${encodeURIComponent(p.id)}/comment-advice`, { method: "POST", body: { text } }) : undefined);
    form.fill(detail.myReview);
    form.setState({ closed: !detail.mayReview, sent: Boolean(detail.myReview) });
    parts.push(el("section", { className: "async-review" }, el("h3", { text: "Give feedback" }), form.node));
  }
  if (detail.aggregate && detail.rubric) {
    parts.push(el("h3", { text: "Feedback from peers" }), aggregateTable(detail.rubric, detail.aggregate, "Peer ratings"));
    if (detail.calibrated) {
      parts.push(...calibratedAggregate(detail.calibrated, { heading: "h4", presenter: detail.viewer === "presenter" }));
    }
    parts.push(detail.reviews.length
      ? el("ul", { className: "feedback-entries" }, ...detail.reviews.map((r) => reviewElement(detail, r, section)))
      : el("p", { className: "hint", text: "No feedback was given." }));
  } else if (detail.viewer === "presenter") {
    parts.push(el("p", { className: "hint", text: p.roundId
      ? "Your peers' feedback is shown here once the deadline passes or the coach closes the round."
      : "Feedback opens when the coach starts a round." }));
  }
  const reflection = reflectionElement(detail, section);
  if (reflection) {
    parts.push(reflection);
  }
  section.replaceChildren(...parts);
  section.hidden = false;
}

async function loadDetail(id) {
  const section = $("async-detail");
  try {
    renderDetail(section, await api(`/api/async-presentations/${encodeURIComponent(id)}`));
  } catch (error) {
    showError(error, "Could not load the presentation.");
  }
}

// ---- The lists ----------------------------------------------------------------------------------

async function loadOverview() {
  overview = await api("/api/async-presentations");
  fillList("to-review-section", "to-review", overview.toReview, { forReviewer: true });
  fillList("mine-section", "mine", overview.mine, { showPresenter: false });
  const learning = overview.cohorts.filter((c) => c.isLearner);
  const submitCohort = /** @type {HTMLSelectElement} */ ($("submit-cohort"));
  if (submitCohort.options.length !== learning.length) {
    submitCohort.replaceChildren(...learning.map((c) => Object.assign(el("option", { text: c.name }), { value: c.id })));
  }
  $("submit-section").hidden = learning.length === 0;
  const coaching = overview.cohorts.filter((c) => c.isStaff);
  const openCohort = /** @type {HTMLSelectElement} */ ($("open-cohort"));
  if (openCohort.options.length !== coaching.length) {
    openCohort.replaceChildren(...coaching.map((c) => Object.assign(el("option", { text: c.name }), { value: c.id })));
    fillRubrics();
  }
  $("coach-section").hidden = coaching.length === 0;
  $("rounds").replaceChildren(...overview.rounds.map(roundElement));
  $("coaching").replaceChildren(...overview.coaching.map((p) => listItem(p)));
}

async function load() {
  try {
    await shell.home();
    wireSlidesPreview();
    wireUpload();
    wireSubmit();
    wireOpen();
    const presentationId = params.get("presentation");
    await Promise.all([loadOverview(), presentationId ? loadDetail(presentationId) : Promise.resolve()]);
    setStatus("");
  } catch (error) {
    setStatus("");
    showError(error, "Could not load presentations.");
  }
}

load();
