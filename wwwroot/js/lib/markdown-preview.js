// @ts-check
// Beside a Markdown textarea: a preview the server renders (POST /api/markdown/preview, the one renderer) as the person
// types, and, when there is a limit, the text's size against it.
import { api } from "./api.js";
import { el, uid, serverHtml } from "./dom.js";

const previewDelayMs = 300;
const encoder = new TextEncoder();

/**
 * @param {HTMLTextAreaElement} textarea
 * @param {{ heading?: string, headingLevel?: 3 | 4, className: string, maxBytes?: number }} options
 *   the preview's heading (its level, and the level the previewed headings start below), the region's class, the limit
 * @returns {{ region: HTMLElement, size: HTMLElement, tooLong: () => boolean }} (size says nothing without a limit)
 */
export function markdownPreview(textarea, { heading = "Preview", headingLevel = 4, className, maxBytes }) {
  const title = el(headingLevel === 3 ? "h3" : "h4", { text: heading });
  title.id = uid("preview");
  const preview = el("div", { className: "preview message-body" });
  const region = el("section", { className }, title, preview);
  region.setAttribute("aria-labelledby", title.id);
  const size = el("p", { className: "size" });
  const bytes = () => encoder.encode(textarea.value).length;
  const tooLong = () => maxBytes !== undefined && bytes() > maxBytes;
  let timer = 0;
  let asked = 0;
  const update = () => {
    if (maxBytes !== undefined) {
      const used = bytes();
      size.textContent = `${(used / 1024).toFixed(1)} of ${maxBytes / 1024} KB`;
      size.dataset.level = used > maxBytes ? "over" : used > maxBytes * 0.9 ? "near" : "";
    }
    clearTimeout(timer);
    timer = window.setTimeout(async () => {
      const mine = ++asked;
      if (tooLong()) {
        preview.textContent = "Too long to preview.";
        return;
      }
      if (!textarea.value.trim()) {
        preview.replaceChildren();
        return;
      }
      try {
        const { html } = await api("/api/markdown/preview", { method: "POST", body: { markdown: textarea.value } });
        if (mine === asked) {
          serverHtml(preview, html, { headingBase: headingLevel });
        }
      } catch {
        // The preview is a convenience; saving reports any real problem.
      }
    }, previewDelayMs);
  };
  textarea.addEventListener("input", update);
  update();
  return { region, size, tooLong };
}
