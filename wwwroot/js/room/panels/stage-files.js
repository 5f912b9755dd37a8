// @ts-check
// Uploaded files as live slides, the stage panel's part: drawing the current page (an image as <img>, a PDF page by
// pdf.js onto a canvas) and the presenter's form to upload files or pick earlier uploads and share them in order.
import { api } from "../../lib/api.js";
import { el } from "../../lib/dom.js";
import { errorMessage } from "../../lib/alerts.js";
import { drawPdfPage } from "../../lib/pdf-pages.js";
import { removeUpload, uploadFile } from "../../lib/uploads.js";
import { button } from "./feedback-parts.js";

/** @typedef {{uploadId: string, fileName: string, contentType: string, pages: number}} SlideFile */

/** The stage's copy of an upload: served to everyone who may be in the room, once it has been shared there. */
export function stageFileUrl(roomId, uploadId) {
  return `/api/roundtables/${encodeURIComponent(roomId)}/stage/files/${encodeURIComponent(uploadId)}`;
}

/** @param {SlideFile[]} files */
export function pageCount(files) {
  return files.reduce((sum, file) => sum + file.pages, 0);
}

/**
 * The file and its page (1-based) that slide index (0-based, over all files' pages in order) falls on.
 * @param {SlideFile[]} files
 * @param {number} index
 */
function pageAt(files, index) {
  let first = 0;
  for (const file of files) {
    if (index < first + file.pages) {
      return { file, page: index - first + 1 };
    }
    first += file.pages;
  }
  return null;
}

/**
 * Shows slide index of files in container, unless it shows it already. A PDF page is drawn into a new canvas that
 * replaces the old one only once drawn, so a slower earlier page never lands over a later one.
 * @param {HTMLElement} container
 * @param {string} roomId
 * @param {SlideFile[]} files
 * @param {number} index
 */
export function showFileSlide(container, roomId, files, index) {
  const at = pageAt(files, index);
  const key = at ? `${at.file.uploadId}#${at.page}` : "";
  if (container.dataset.showing === key) {
    return;
  }
  container.dataset.showing = key;
  if (!at) {
    container.replaceChildren();
    return;
  }
  const label = `Slide ${index + 1} of ${pageCount(files)} from ${at.file.fileName}`;
  const url = stageFileUrl(roomId, at.file.uploadId);
  /** A slide that cannot be drawn says why, in place of the slide: its file removed since, or the error. */
  const unavailable = async (/** @type {string} */ reason) => {
    const removed = await fileRemoved(url);
    if (container.dataset.showing === key) {
      container.replaceChildren(el("p", { className: "hint", text: removed
        ? `Slide ${index + 1} cannot be shown: its file, ${at.file.fileName}, has been removed.`
        : `Page ${at.page} of ${at.file.fileName} could not be shown: ${reason}` }));
    }
  };
  if (at.file.contentType !== "application/pdf") {
    const image = Object.assign(el("img", { className: "file-slide" }), { src: url, alt: label });
    image.addEventListener("error", () => unavailable("the image did not load."), { once: true });
    container.replaceChildren(image);
    return;
  }
  const canvas = el("canvas", { className: "file-slide" });
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", label);
  const loading = el("p", { className: "hint", text: `Loading page ${at.page} of ${at.file.fileName}…` });
  if (!container.querySelector("canvas")) {
    container.replaceChildren(loading);
  }
  drawPdfPage(canvas, url, at.page, container.clientWidth || 800).then(
    () => {
      if (container.dataset.showing === key) {
        container.replaceChildren(canvas);
      }
    },
    (error) => unavailable(error?.message ?? String(error)));
}

/** Whether the stage's file is gone (its upload removed): asks for its first byte only. */
async function fileRemoved(url) {
  try {
    return (await fetch(url, { headers: { Range: "bytes=0-0" }, credentials: "same-origin" })).status === 404;
  } catch {
    return false;
  }
}

/**
 * The presenter's "Share files as slides" form: upload images or PDFs to the room's cohort (the uploads endpoint
 * checks them), or tick earlier uploads; the ticked files are shared in the order they were ticked.
 * @param {{roomId: string, errorBox: HTMLElement, share: (button: HTMLButtonElement, uploadIds: string[]) => Promise<boolean>}} options
 */
export function fileSharingForm({ roomId, errorBox, share }) {
  /** @type {{id: string, fileName: string, contentType: string}[]} */
  let uploads = [];
  /** @type {string[]} upload ids in the order they will be shown */
  let chosen = [];
  /** @type {string | null} */
  let cohortId = null;

  const input = Object.assign(el("input"), {
    type: "file", id: "stage-files-input", multiple: true, accept: "application/pdf,image/png,image/jpeg,image/gif,image/webp",
  });
  const inputLabel = Object.assign(el("label", { text: "Upload images or PDFs" }), { htmlFor: input.id });
  const hint = el("p", { className: "hint", text: "Each image is one slide and each PDF page is one slide, in the order you tick them. Up to 100 slides." });
  hint.id = "stage-files-hint";
  input.setAttribute("aria-describedby", hint.id);
  const status = el("p", { className: "hint" });
  status.setAttribute("role", "status");
  const list = el("ul", { className: "stage-file-list" });
  const legend = el("legend", { text: "Your files" });
  const order = el("p", { className: "hint" });
  const submit = el("button", { className: "button", text: "Share files as slides" });
  submit.type = "submit";
  const form = el("form", { className: "stage-share-form" }, inputLabel, hint, input, status, el("fieldset", {}, legend, list, order), submit);
  const details = /** @type {HTMLDetailsElement} */ (el("details", { className: "stage-share" }, el("summary", { text: "Slides from files" }), form));

  function renderList() {
    list.replaceChildren(...uploads.map((upload) => {
      const box = Object.assign(el("input"), { type: "checkbox", id: `stage-file-${upload.id}`, checked: chosen.includes(upload.id) });
      box.addEventListener("change", () => {
        chosen = box.checked ? [...chosen, upload.id] : chosen.filter((id) => id !== upload.id);
        renderOrder();
      });
      const kind = upload.contentType === "application/pdf" ? "PDF" : "image";
      const remove = button("Remove");
      remove.setAttribute("aria-label", `Remove ${upload.fileName}`);
      remove.addEventListener("click", () => removeFromList(upload, remove));
      return el("li", {}, box, Object.assign(el("label", { text: ` ${upload.fileName} (${kind}) ` }), { htmlFor: box.id }), remove);
    }));
    if (uploads.length === 0) {
      list.append(el("li", { className: "hint", text: "No uploads yet." }));
    }
    renderOrder();
  }

  /**
   * Removes the upload for good once confirmed; focus goes to the next file's Remove button (or the file input). A file
   * in use stays, and the server's reason (which presentation or roundtable) is shown.
   * @param {{id: string, fileName: string}} upload
   * @param {HTMLButtonElement} remove
   */
  async function removeFromList(upload, remove) {
    errorBox.textContent = "";
    remove.disabled = true;
    try {
      if (!(await removeUpload(upload))) {
        remove.disabled = false;
        remove.focus();
        return;
      }
    } catch (error) {
      remove.disabled = false;
      errorBox.textContent = errorMessage(error, `${upload.fileName} could not be removed.`);
      remove.focus();
      return;
    }
    const at = uploads.findIndex((u) => u.id === upload.id);
    uploads = uploads.filter((u) => u.id !== upload.id);
    chosen = chosen.filter((id) => id !== upload.id);
    renderList();
    status.textContent = `Removed ${upload.fileName}.`;
    const buttons = list.querySelectorAll("button");
    (/** @type {HTMLElement | undefined} */ (buttons[Math.min(at, buttons.length - 1)]) ?? input).focus();
  }

  function renderOrder() {
    const names = chosen.map((id) => uploads.find((u) => u.id === id)?.fileName ?? id);
    order.textContent = names.length === 0 ? "Nothing ticked yet." : `Shown in this order: ${names.join(", ")}.`;
    submit.disabled = chosen.length === 0;
  }

  async function cohort() {
    cohortId ??= (await api(`/api/roundtables/${encodeURIComponent(roomId)}`)).cohortId;
    return /** @type {string} */ (cohortId);
  }

  async function load() {
    try {
      /** @type {{id: string, fileName: string, contentType: string}[]} */
      const listed = (await api(`/api/cohorts/${encodeURIComponent(await cohort())}/uploads`)).map(
        (u) => ({ id: u.id, fileName: u.fileName, contentType: u.contentType }));
      // Files uploaded while the list was on its way may be missing from it: keep them, newest first as before.
      const known = new Set(listed.map((u) => u.id));
      uploads = [...uploads.filter((u) => !known.has(u.id)), ...listed];
      renderList();
    } catch (error) {
      errorBox.textContent = errorMessage(error, "Your uploads could not be listed.");
    }
  }

  details.addEventListener("toggle", () => {
    if (details.open && cohortId === null) {
      load();
    }
  });

  input.addEventListener("change", async () => {
    const files = [...(input.files ?? [])];
    errorBox.textContent = "";
    for (const file of files) {
      status.textContent = `Uploading ${file.name}…`;
      try {
        const upload = await uploadFile(await cohort(), file, (percent) => { status.textContent = `Uploading ${file.name}: ${percent}%`; });
        uploads = [{ id: upload.id, fileName: upload.fileName, contentType: upload.contentType }, ...uploads];
        chosen = [...chosen, upload.id];
        renderList();
        status.textContent = `Uploaded ${upload.fileName}.`;
      } catch (error) {
        status.textContent = "";
        errorBox.textContent = errorMessage(error, `${file.name} could not be uploaded.`);
        break;
      }
    }
    input.value = "";
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (await share(submit, chosen)) {
      chosen = [];
      renderList();
    }
  });

  renderList();
  return details;
}
