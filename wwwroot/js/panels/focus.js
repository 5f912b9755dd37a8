// Panels re-render their lists; a control that had focus gets it back in its new element, keyed by data-focus-key.

/** Runs render() and moves focus to the element with the same data-focus-key inside root, if one had it before. */
export function keepingFocus(root, render) {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && root.contains(active) ? active.dataset.focusKey : undefined;
  render();
  if (key && !root.contains(active)) {
    const again = [...root.querySelectorAll("[data-focus-key]")].find((node) => node.dataset.focusKey === key);
    again?.focus();
  }
}

let counter = 0;

/** A page-unique id for label/aria wiring. */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}
