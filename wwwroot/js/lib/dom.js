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
 * With headingBase (the level of the heading the element sits under), the headings a person wrote are moved below it,
 * so "# Big" in a note never outranks the page's own headings nor skips a level.
 * @param {Element} element
 * @param {string | null | undefined} html
 * @param {{headingBase?: number}} [options]
 */
export function serverHtml(element, html, { headingBase } = {}) {
  element.innerHTML = html ?? "";
  if (headingBase !== undefined) {
    demoteHeadings(element, headingBase);
  }
}

/**
 * Renumbers the headings inside element to start one below base, keeping their relative order but never going more
 * than one level deeper than the heading before (axe's heading-order), and never past h6.
 * @param {Element} element
 * @param {number} base
 */
function demoteHeadings(element, base) {
  const headings = [...element.querySelectorAll("h1, h2, h3, h4, h5, h6")];
  if (headings.length === 0) {
    return;
  }
  const levelOf = (/** @type {Element} */ h) => Number(h.tagName.slice(1));
  const shift = base + 1 - Math.min(...headings.map(levelOf));
  let previous = base;
  for (const heading of headings) {
    const level = Math.min(6, levelOf(heading) + shift, previous + 1);
    previous = level;
    if (level === levelOf(heading)) {
      continue;
    }
    const renamed = document.createElement(`h${level}`);
    for (const attribute of heading.attributes) {
      renamed.setAttribute(attribute.name, attribute.value);
    }
    renamed.append(...heading.childNodes);
    heading.replaceWith(renamed);
  }
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
