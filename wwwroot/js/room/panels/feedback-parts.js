// @ts-check
// The pieces the feedback panel is built from: the rating form, the aggregate table, scores kept apart, and one
// comment. Builders only: they take the server's views and return elements; feedback.js decides what goes where.
// User text is set with textContent; the answers' and reflections' html fields were sanitised by the server.
import { el, uid, serverHtml } from "../../lib/dom.js";
import { field } from "../../lib/forms.js";
import { alertBox } from "../../lib/alerts.js";

/** @type {Record<number, string>} */
export const helpfulnessLabels = { 1: "Not helpful", 2: "Somewhat", 3: "Very helpful" };

const MAX_ANSWER_BYTES = 4 * 1024;

/** A plain button (type=button). @param {string} text @param {string} [className] */
export function button(text, className = "button small") {
  const node = el("button", { className, text });
  node.type = "button";
  return node;
}

function formatScore(value) {
  return value === null || value === undefined ? "no scores yet" : value.toFixed(1);
}

/** The top of every criterion's scale when they share one (e.g. 5), else null. */
function commonMax(rubric) {
  const maxima = new Set(rubric.criteria.map((c) => c.levels.length));
  return maxima.size === 1 ? [...maxima][0] : null;
}

function meanBar(mean, max) {
  const bar = el("span", { className: "mean-bar" }, el("span", { className: "mean-fill" }));
  bar.setAttribute("aria-hidden", "true");
  /** @type {HTMLElement} */ (bar.firstChild).style.width = `${mean === null ? 0 : Math.round((100 * mean) / max)}%`;
  return bar;
}

/** How many gave each score: columns for the eye (hidden from assistive technology), a sentence for everyone else. */
function distribution(counts) {
  const most = Math.max(1, ...counts);
  const chart = el("span", { className: "distribution" }, ...counts.map((count, i) => {
    const bar = el("span", { className: "distribution-bar" });
    bar.style.height = `${Math.round((100 * count) / most)}%`;
    return el("span", { className: "distribution-column" },
      el("span", { className: "distribution-count", text: String(count) }),
      el("span", { className: "distribution-track" }, bar),
      el("span", { className: "distribution-score", text: String(i + 1) }));
  }));
  chart.setAttribute("aria-hidden", "true");
  const words = counts.map((count, i) => `score ${i + 1}: ${count}`).join(", ");
  return el("span", {}, el("span", { className: "visually-hidden", text: words }), chart);
}

/**
 * The peers' aggregate as a table: per criterion the mean (with a bar) and the distribution (with its weight where
 * the weights differ), and the weighted overall.
 * @param {any} rubric
 * @param {any} aggregate
 * @param {string} [caption]
 */
export function aggregateTable(rubric, aggregate, caption = "Peer ratings") {
  const max = commonMax(rubric);
  const weighted = new Set(aggregate.criteria.map((c) => c.weight)).size > 1;
  const head = el("tr", {}, ...["Criterion", "Mean", "Scores given"].map((text) => {
    const th = el("th", { text });
    th.scope = "col";
    return th;
  }));
  const rows = aggregate.criteria.map((c) => {
    const top = rubric.criteria.find((r) => r.id === c.criterionId)?.levels.length ?? max ?? 5;
    const name = el("th", { text: c.name });
    name.scope = "row";
    if (weighted) {
      name.append(el("span", { className: "criterion-weight", text: ` weight ${c.weight}` }));
    }
    const mean = el("td", { className: "feedback-mean" },
      el("span", { text: c.mean === null ? "No scores yet" : `${formatScore(c.mean)} of ${top}` }), meanBar(c.mean, top));
    return el("tr", {}, name, mean, el("td", {}, distribution(c.distribution)));
  });
  const overallLabel = el("th", { text: "Weighted overall" });
  overallLabel.scope = "row";
  const overallText = aggregate.overall === null ? "No scores yet" : `${formatScore(aggregate.overall)}${max ? ` of ${max}` : ""}`;
  const overall = el("tr", {}, overallLabel, el("td", { className: "feedback-overall", text: overallText }), el("td"));
  return el("table", { className: "feedback-table" },
    el("caption", { text: caption }), el("thead", {}, head), el("tbody", {}, ...rows), el("tfoot", {}, overall));
}

/**
 * One person's scores as a small table (the coach's rating, a self-assessment), kept apart from the peers'.
 * @param {any} rubric
 * @param {any[]} scores
 * @param {string} caption
 */
export function scoresTable(rubric, scores, caption) {
  const rows = rubric.criteria.map((c) => {
    const name = el("th", { text: c.name });
    name.scope = "row";
    const score = scores?.[c.id];
    return el("tr", {}, name, el("td", { text: score === undefined ? "not scored" : `${score} of ${c.levels.length}` }));
  });
  return el("table", { className: "feedback-table compact" }, el("caption", { text: caption }), el("tbody", {}, ...rows));
}

/** The answers to the prompts, each under its prompt's text. @param {any} rubric @param {any[]} answers */
export function answersList(rubric, answers) {
  return answers.map((answer) => {
    const body = el("div", { className: "message-body" });
    // Rendered and sanitised by the server when the feedback was given.
    serverHtml(body, answer.html, { headingBase: 4 });
    const prompt = rubric.prompts.find((p) => p.id === answer.promptId)?.text ?? "Answer";
    return el("div", { className: "feedback-answer" }, el("p", { className: "feedback-prompt", text: prompt }), body);
  });
}

/** "Liam Learner · revision 2" and the like; the name only where the view gives one. @param {any} entry */
export function giverLine(entry) {
  const who = entry.displayName ?? "Anonymous";
  const revised = entry.revision > 1 ? ` · revision ${entry.revision}` : "";
  return el("p", { className: "meta" }, el("strong", { className: "author", text: who }), revised);
}

/**
 * The rating form, compact enough to sit beside the stage: each criterion one row whose scale is a segmented control
 * (a radio group of real radios, so arrow keys move along it; each radio named "3: Mostly clear", the level's
 * descriptor also its tooltip and said beside the row once chosen) and a small textarea per prompt.
 * send(scores, answers, submitButton, errorBox) returns whether it was saved. Collapsed, it sits behind a disclosure
 * named by the heading (for those whose main view is elsewhere).
 * @param {any} rubric
 * @param {string} heading
 * @param {(scores: Record<string, number>, answers: Record<string, string>, submit: HTMLButtonElement, errorBox: HTMLElement) => Promise<boolean>} send
 * @param {boolean} [collapsed]
 * @param {"h2" | "h4"} [headingTag]  the heading's element when not collapsed
 * @param {CommentAdvisor} [advise]  asks the server whether a comment is too vague (each answer box then shows its hint)
 */
export function ratingForm(rubric, heading, send, collapsed, headingTag = "h4", advise) {
  const errorBox = alertBox();
  const status = el("p", { className: "feedback-sent" });
  status.setAttribute("role", "status");
  const title = el(collapsed ? "summary" : headingTag, { text: heading });
  title.id = uid("feedback-form-heading");
  const groups = rubric.criteria.map((criterion) => segmentedCriterion(criterion));
  const answers = rubric.prompts.map((prompt) => {
    const input = Object.assign(el("textarea"), { rows: 2 });
    const node = field(prompt.text, input);
    if (advise) {
      node.append(commentAdvice(input, prompt.id, advise));
    }
    return { prompt, input, node };
  });
  const submit = el("button", { className: "button primary", text: "Send feedback" });
  submit.type = "submit";
  const form = el("form", { className: "feedback-form compact" }, ...(collapsed ? [] : [title]),
    el("p", { className: "hint", text: "Score every criterion; the questions are optional (Markdown, up to 4 KB)." }),
    ...groups.map((g) => g.node), ...answers.map((a) => a.node),
    el("div", { className: "controls" }, submit), status, errorBox);
  form.setAttribute("aria-labelledby", title.id);
  form.noValidate = true;

  let dirty = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorBox.textContent = "";
    const scores = {};
    for (const group of groups) {
      const chosen = group.radios.find((r) => r.radio.checked);
      if (!chosen) {
        errorBox.textContent = `Score ${group.criterion.name} before sending.`;
        group.radios[0].radio.focus();
        return;
      }
      scores[group.criterion.id] = Number(chosen.radio.value);
    }
    const texts = {};
    for (const { prompt, input } of answers) {
      if (new TextEncoder().encode(input.value).length > MAX_ANSWER_BYTES) {
        errorBox.textContent = `The answer to "${prompt.text}" is over 4 KB. Nothing was sent.`;
        input.focus();
        return;
      }
      texts[prompt.id] = input.value;
    }
    if (await send(scores, texts, submit, errorBox)) {
      dirty = false;
      status.textContent = "Sent — you can revise until feedback closes.";
    }
  });

  return {
    node: collapsed ? el("details", { className: "feedback-own" }, title, form) : form,
    /** Shows what was sent (unless the person is in the middle of changing it). */
    fill(entry) {
      if (dirty || !entry) {
        return;
      }
      for (const group of groups) {
        for (const { radio } of group.radios) {
          radio.checked = Number(radio.value) === entry.scores?.[group.criterion.id];
        }
        group.showChosen();
      }
      for (const { prompt, input } of answers) {
        input.value = entry.answers.find((a) => a.promptId === prompt.id)?.markdown ?? "";
      }
    },
    /** Where the keyboard starts: the first criterion's chosen segment (as Tab would land), else its first. */
    first: () => (groups[0]?.radios.find((r) => r.radio.checked) ?? groups[0]?.radios[0])?.radio ?? null,
    /** Open: editable, saying whether it was sent; closed: read-only. */
    setState({ closed, sent }) {
      for (const control of form.elements) {
        /** @type {HTMLInputElement} */ (control).disabled = closed;
      }
      submit.hidden = closed;
      const text = closed ? "Feedback has closed; this is what you sent."
        : sent ? "Sent — you can revise until feedback closes." : "";
      // A live region: setting the same text again would say it again with every update.
      if (status.textContent !== text) {
        status.textContent = text;
      }
    },
  };
}

/** One criterion as a row: its name (description as tooltip and said to screen readers) and its levels as segments. */
function segmentedCriterion(criterion) {
  const name = uid(`feedback-${criterion.id}`);
  const legend = el("legend", {},
    el("span", { className: "criterion-name", text: criterion.name }),
    el("span", { className: "visually-hidden", text: ` ${criterion.description}` }));
  legend.title = criterion.description;
  const chosen = el("span", { className: "segment-chosen" });
  // Screen readers hear the descriptor in the checked radio's name already.
  chosen.setAttribute("aria-hidden", "true");
  const radios = criterion.levels.map((descriptor, i) => {
    const radio = el("input");
    radio.type = "radio";
    radio.name = name;
    radio.value = String(i + 1);
    radio.setAttribute("aria-label", `${i + 1}: ${descriptor}`);
    const label = el("label", { className: "segment" }, radio, el("span", { text: String(i + 1) }));
    label.title = descriptor;
    return { radio, label, descriptor };
  });
  const segments = el("div", { className: "segments" }, ...radios.map((r) => r.label));
  const node = el("fieldset", { className: "criterion segmented" }, legend, segments, chosen);
  node.setAttribute("role", "radiogroup");
  const showChosen = () => {
    chosen.textContent = radios.find((r) => r.radio.checked)?.descriptor ?? "";
  };
  node.addEventListener("change", showChosen);
  return { criterion, radios, node, showChosen };
}

/**
 * The server's advice on a comment: whether it is too vague to help, the polite words saying so, and starters.
 * @typedef {{tooVague: boolean, hint: string | null, starters: {label: string, text: string, promptId: string | null}[]}} Advice
 * @typedef {(text: string) => Promise<Advice>} CommentAdvisor
 */

/** How long typing must pause before the comment is checked: one request per pause, not per key. */
const ADVICE_DELAY_MS = 700;

/**
 * The hint beside one answer box: once typing pauses, the server says whether the comment is too vague; if so, a
 * polite sentence (the box's description, read out politely when it changes) and starters, buttons that insert the
 * criterion's or prompt's words at the caret. Advice only: sending is never held back, and a failed check shows nothing.
 * @param {HTMLTextAreaElement} input
 * @param {string} promptId  the box's own prompt, not offered as its starter
 * @param {CommentAdvisor} advise
 */
function commentAdvice(input, promptId, advise) {
  const hint = el("p", { className: "hint comment-hint" });
  hint.id = uid("comment-hint");
  hint.setAttribute("aria-live", "polite");
  input.setAttribute("aria-describedby", hint.id);
  const starters = el("div", { className: "comment-starters" });
  starters.hidden = true;
  const startersLabel = el("span", { className: "hint", text: "Starters:" });
  startersLabel.id = uid("comment-starters");
  starters.setAttribute("role", "group");
  starters.setAttribute("aria-labelledby", startersLabel.id);

  let timer = 0;
  let asked = 0;
  const check = async () => {
    const mine = ++asked;
    let advice;
    try {
      advice = await advise(input.value);
    } catch {
      return;
    }
    if (mine !== asked) {
      return;
    }
    const text = advice.tooVague ? advice.hint ?? "" : "";
    if (hint.textContent !== text) {
      hint.textContent = text;
    }
    if (advice.tooVague && starters.hidden) {
      starters.replaceChildren(startersLabel, ...advice.starters.filter((s) => s.promptId !== promptId).map((starter) => {
        const insert = button(starter.label, "button small starter");
        insert.addEventListener("click", () => {
          const at = input.selectionStart ?? input.value.length;
          const before = input.value.slice(0, at);
          const spacer = before && !/\s$/.test(before) ? " " : "";
          input.setRangeText(spacer + starter.text, at, input.selectionEnd ?? at, "end");
          input.focus();
          input.dispatchEvent(new Event("input", { bubbles: true }));
        });
        return insert;
      }));
    }
    starters.hidden = !advice.tooVague;
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = window.setTimeout(check, ADVICE_DELAY_MS);
  });
  return el("div", { className: "comment-advice" }, hint, starters);
}
