// @ts-check
// Building the page: elements with text set as text, the one sink for server-sanitised HTML, ids for label wiring,
// and focus kept across re-renders.

/**
 * The page's element with this id, typed as the caller expects (the pages' markup is fixed, so the id is there).
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @returns {T}
 */
export function $(id) {
  return /** @type {T} */ (document.getElementById(id));
}

/**
 * Creates an element with text set as text, never as markup.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {{className?: string, text?: string}} [options]
 * @param {...(Node|string)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, { className, text } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  node.append(...children);
  return node;
}

/**
 * A list of plain texts, e.g. the reasons a match fits.
 * @param {string[]} items
 * @param {string} [className]
 */
export function textList(items, className = "reasons") {
  return el("ul", { className }, ...items.map((text) => el("li", { text })));
}

/**
 * Puts HTML the server has already rendered and sanitised (Markdown through its one pipeline and sanitiser) into
 * element. The only place the client assigns innerHTML: never pass it anything a person typed in this page.
 * @param {Element} element
 * @param {string | null | undefined} html
 */
export function serverHtml(element, html) {
  element.innerHTML = html ?? "";
}

let counter = 0;

/**
 * A page-unique id for label/aria wiring.
 * @param {string} prefix
 */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * Runs render() and moves focus to the element with the same data-focus-key inside root, if one had it before:
 * lists are re-rendered, and a control that had focus gets it back in its new element.
 * @param {Element} root
 * @param {() => void} render
 */
export function keepingFocus(root, render) {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && root.contains(active) ? active.dataset.focusKey : undefined;
  render();
  if (key && !root.contains(active)) {
    const again = [...root.querySelectorAll("[data-focus-key]")]
      .find((node) => node instanceof HTMLElement && node.dataset.focusKey === key);
    if (again instanceof HTMLElement) {
      again.focus();
    }
  }
}
