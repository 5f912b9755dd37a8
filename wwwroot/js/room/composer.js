// @ts-check
// The message box: size feedback, Enter to send, Markdown preview, and sending that never loses what was typed.
import { serverHtml } from "../lib/dom.js";

export const MAX_MESSAGE_BYTES = 8 * 1024;
const NEAR_LIMIT_BYTES = 7 * 1024;
const PREVIEW_DELAY_MS = 300;

const encoder = new TextEncoder();

/** The UTF-8 size of text, as the server counts it. @param {string} text */
export function byteLength(text) {
  return encoder.encode(text).length;
}

/** An id that makes a retried send idempotent; works on plain http too, where randomUUID is missing. */
export function newClientMessageId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The message box: sends with a client id kept across retries, shows the size, previews as the server renders. */
export class Composer {
  #o;
  /** @type {{text: string, id: string} | null} */
  #pending = null;
  #sending = false;
  #connected = false;
  #ended = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #previewTimer = undefined;
  #previewVersion = 0;
  #sizeLevel = "ok";

  /**
   * @param {{form: HTMLFormElement, input: HTMLTextAreaElement, size: HTMLElement, error: HTMLElement,
   *   previewToggle: HTMLButtonElement, preview: HTMLElement, sendButton: HTMLButtonElement,
   *   announce: (text: string) => void, send: (markdown: string, id: string) => Promise<unknown>,
   *   renderPreview: (markdown: string) => Promise<string>, errorMessage: (error: unknown, fallback: string) => string}} options
   */
  constructor(options) {
    this.#o = options;
    const { form, input, previewToggle } = options;
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.send();
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey && !e.isComposing) {
        e.preventDefault();
        this.send();
      }
    });
    input.addEventListener("input", () => {
      this.#updateSize();
      this.#schedulePreview();
    });
    previewToggle.addEventListener("click", () => this.#togglePreview());
    this.#updateSize();
  }

  /** @param {boolean} connected */
  setConnected(connected) {
    this.#connected = connected;
    this.#updateControls();
  }

  /** @param {boolean} ended */
  setEnded(ended) {
    this.#ended = ended;
    this.#updateControls();
  }

  /** @param {string} message */
  showError(message) {
    this.#o.error.textContent = message;
  }

  async send() {
    const { input } = this.#o;
    if (this.#sending || this.#ended) {
      return;
    }
    const text = input.value;
    if (!text.trim()) {
      this.showError("Type a message first.");
      return;
    }
    const bytes = byteLength(text);
    if (bytes > MAX_MESSAGE_BYTES) {
      this.showError(`The message is ${(bytes / 1024).toFixed(1)} KB; the limit is 8 KB. Shorten it and send again.`);
      return;
    }
    if (!this.#connected) {
      this.showError("You are offline. Your message is kept; send it again when the connection is back.");
      return;
    }
    // Same text as a failed attempt: same id, so the server stores it once even if the first try got through.
    if (!this.#pending || this.#pending.text !== text) {
      this.#pending = { text, id: newClientMessageId() };
    }
    this.#sending = true;
    this.#updateControls();
    try {
      await this.#o.send(text, this.#pending.id);
      this.#pending = null;
      this.showError("");
      if (input.value === text) {
        input.value = "";
        this.#updateSize();
        this.#schedulePreview();
      }
    } catch (error) {
      this.showError(this.#o.errorMessage(error,
        "The message could not be sent; it is kept here. Send it again when the connection is back."));
    } finally {
      this.#sending = false;
      this.#updateControls();
    }
  }

  #updateControls() {
    const { input, sendButton, previewToggle } = this.#o;
    input.disabled = this.#ended;
    sendButton.disabled = this.#ended || this.#sending;
    previewToggle.disabled = this.#ended;
    sendButton.setAttribute("aria-busy", String(this.#sending));
  }

  #updateSize() {
    const { input, size, announce } = this.#o;
    const bytes = byteLength(input.value);
    const used = bytes < 1024 ? `${bytes} ${bytes === 1 ? "byte" : "bytes"}` : `${(bytes / 1024).toFixed(1)} KB`;
    const level = bytes > MAX_MESSAGE_BYTES ? "over" : bytes > NEAR_LIMIT_BYTES ? "near" : "ok";
    size.dataset.level = level;
    size.textContent = level === "over"
      ? `${used} of 8 KB: too long by ${((bytes - MAX_MESSAGE_BYTES) / 1024).toFixed(1)} KB`
      : level === "near" ? `${used} of 8 KB: nearly full` : `${used} of 8 KB`;
    if (level !== this.#sizeLevel && level !== "ok") {
      announce(size.textContent);
    }
    this.#sizeLevel = level;
  }

  get #previewOn() {
    return this.#o.previewToggle.getAttribute("aria-pressed") === "true";
  }

  #togglePreview() {
    const { previewToggle, preview } = this.#o;
    const on = !this.#previewOn;
    previewToggle.setAttribute("aria-pressed", String(on));
    preview.hidden = !on;
    if (on) {
      this.#renderPreview();
    }
  }

  #schedulePreview() {
    if (!this.#previewOn) {
      return;
    }
    clearTimeout(this.#previewTimer);
    this.#previewTimer = setTimeout(() => this.#renderPreview(), PREVIEW_DELAY_MS);
  }

  async #renderPreview() {
    const { input, preview } = this.#o;
    const version = ++this.#previewVersion;
    const text = input.value;
    if (!text.trim()) {
      preview.textContent = "Nothing to preview yet.";
      return;
    }
    if (!this.#connected) {
      preview.textContent = "The preview needs a connection.";
      return;
    }
    try {
      const html = await this.#o.renderPreview(text);
      if (version === this.#previewVersion) {
        // Rendered and sanitised by the server, exactly as the message will be.
        serverHtml(preview, html, { headingBase: 2 });
      }
    } catch (error) {
      if (version === this.#previewVersion) {
        preview.textContent = this.#o.errorMessage(error, "The preview is not available right now.");
      }
    }
  }
}
