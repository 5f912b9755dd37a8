// @ts-check
// Matching for one cohort (?cohort=id), for its coaches and admins: run, review (move or remove people; every change
// is reviewed again by the server, which explains each placement and names any problem), then publish.
import { api, ApiError } from "../lib/api.js";
import { el, textList, $ } from "../lib/dom.js";
import { currentTimeZone, formatDateTime } from "../lib/format.js";
import { zoneSelect } from "../lib/forms.js";
import { mountPageShell } from "../lib/page-shell.js";

const shell = mountPageShell();

const cohortId = new URLSearchParams(location.search).get("cohort") ?? "";
const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

/** The proposal as the reviewer has it now, in the shape the server reviews and publishes. */
/** The proposal as the coach has changed it: what review and publish send. @type {any} */
let proposal = null;
/** The server's answer to the last review. @type {any} */
let view = null;

$("cadence-day").replaceChildren(...days.map((d) => {
  const option = el("option", { text: d });
  option.value = d;
  return option;
}));
/** @type {HTMLSelectElement} */ ($("cadence-day")).value = "Wednesday";
const cadenceZone = zoneSelect("cadenceZone", currentTimeZone());
cadenceZone.id = "cadence-zone";
$("cadence-zone-field").append(cadenceZone);

function status(text) {
  $("matching-status").textContent = text;
}

function showError(error, fallback) {
  $("matching-error").textContent = error instanceof ApiError ? error.message : fallback;
  $("matching-error").hidden = false;
}

function settings() {
  return {
    kind: /** @type {HTMLInputElement} */ (document.querySelector("input[name=kind]:checked")).value,
    keepOutOfReportingLine: /** @type {HTMLInputElement} */ ($("keep-out")).checked,
    minSize: Number(/** @type {HTMLInputElement} */ ($("min-size")).value),
    maxSize: Number(/** @type {HTMLInputElement} */ ($("max-size")).value),
    goal: /** @type {HTMLSelectElement} */ ($("goal")).value,
  };
}

$("run-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("matching-error").hidden = true;
  $("published").hidden = true;
  status("Running…");
  try {
    show(await api(`/api/cohorts/${encodeURIComponent(cohortId)}/matching/run`, { method: "POST", body: settings() }), "Proposal ready");
  } catch (error) {
    status("");
    showError(error, "Could not run matching.");
  }
});

async function review(what) {
  status("Reviewing…");
  try {
    show(await api(`/api/cohorts/${encodeURIComponent(cohortId)}/matching/review`, { method: "POST", body: proposal }), what);
  } catch (error) {
    status("");
    showError(error, "Could not review the proposal.");
  }
}

/** Keeps the server's answer as the proposal and shows it; focus goes to the proposal's heading. */
function show(dto, what) {
  view = dto;
  proposal = {
    kind: dto.kind,
    keepOutOfReportingLine: dto.keepOutOfReportingLine,
    minSize: dto.minSize,
    maxSize: dto.maxSize,
    goal: dto.goal,
    mentorships: dto.mentorships.map((m) => ({ mentorId: m.mentor.userId, learnerId: m.learner.userId })),
    circles: dto.circles.map((c) => ({ mentorId: c.mentor?.userId ?? null, focus: c.mentor ? c.focus : null, memberIds: c.members.map((m) => m.learner.userId) })),
  };
  render();
  $("proposal").hidden = false;
  const f = dto.figures;
  status(`${what}: ${f.matched} of ${f.learners} learners placed.`);
  $("proposal-heading").focus();
}

function figure(term, value) {
  return [el("dt", { text: term }), el("dd", { text: value })];
}

/**
 * A select and a button that acts on its choice.
 * @param {string} label
 * @param {[string, string][]} options  value and text
 * @param {(value: string) => void} onChoose
 * @param {string} buttonText
 * @returns {HTMLElement[]}
 */
function chooser(label, options, onChoose, buttonText) {
  const select = el("select", {}, ...options.map(([value, text]) => {
    const option = el("option", { text });
    option.value = value;
    return option;
  }));
  select.setAttribute("aria-label", label);
  const button = el("button", { className: "button small", text: buttonText });
  button.type = "button";
  button.setAttribute("aria-label", label);
  button.addEventListener("click", () => onChoose(select.value));
  return [select, button];
}

function removeButton(label, onRemove) {
  const button = el("button", { className: "button small", text: "Remove" });
  button.type = "button";
  button.setAttribute("aria-label", label);
  button.addEventListener("click", onRemove);
  return button;
}

function mentorOptions() {
  return view.mentors.map((m) => [m.mentor.userId, `${m.mentor.displayName} (${m.openPlaces} open)`]);
}

/** A circle's name: "Negotiation circle with Ana", or for a peer group (no mentor) "Peer group 2: Negotiation". */
function circleName(circle, index) {
  return circle.mentor ? `${circle.focus} circle with ${circle.mentor.displayName}` : `Peer group ${index + 1}: ${circle.focus}`;
}

function circleOptions(except) {
  return view.circles.map((c, i) => [String(i), circleName(c, i)]).filter(([i]) => Number(i) !== except);
}

function renderMentorships() {
  const rows = view.mentorships.map((m, i) => {
    const name = m.learner.displayName;
    const [select, move] = chooser(`Move ${name} to mentor`, mentorOptions(), (mentorId) => {
      proposal.mentorships[i].mentorId = mentorId;
      review(`Moved ${name}`);
    }, "Move");
    const remove = removeButton(`Remove ${name}`, () => {
      proposal.mentorships.splice(i, 1);
      review(`Removed ${name}`);
    });
    const learner = el("th", { text: name });
    learner.scope = "row";
    return el("tr", {}, learner, el("td", { text: m.mentor.displayName }), el("td", { text: String(m.points) }),
      el("td", {}, textList(m.reasons)), el("td", {}, el("div", { className: "proposal-actions" }, select, move, remove)));
  });
  const head = el("tr", {}, ...["Learner", "Mentor", "Score", "Why", "Change"].map((t) => {
    const th = el("th", { text: t });
    th.scope = "col";
    return th;
  }));
  const table = el("table", { className: "data-table" }, el("caption", { text: "Mentorships" }), el("thead", {}, head), el("tbody", {}, ...rows));
  return rows.length ? el("div", { className: "table-scroll" }, table) : el("p", { text: "No mentorships in this proposal." });
}

function renderCircles() {
  if (!view.circles.length) {
    return el("p", { text: "No circles in this proposal." });
  }
  return el("div", {}, ...view.circles.map((c, ci) => {
    const heading = el("h3", { text: circleName(c, ci) });
    const members = c.members.map((m, mi) => {
      const name = m.learner.displayName;
      const others = circleOptions(ci);
      /** @type {HTMLElement[]} */
      const controls = [removeButton(`Remove ${name} from ${circleName(c, ci)}`, () => {
        proposal.circles[ci].memberIds.splice(mi, 1);
        review(`Removed ${name}`);
      })];
      if (others.length) {
        controls.unshift(...chooser(`Move ${name} to circle`, others, (target) => {
          proposal.circles[ci].memberIds.splice(mi, 1);
          proposal.circles[Number(target)].memberIds.push(m.learner.userId);
          review(`Moved ${name}`);
        }, "Move"));
      }
      return el("li", {}, el("strong", { text: name }), ` · score ${m.points}`, textList(m.reasons), el("div", { className: "proposal-actions" }, ...controls));
    });
    const card = el("section", { className: "circle-card" }, heading,
      el("p", { className: "meta", text: `${c.members.length} members · score ${c.score}` }));
    if (c.reasons.length) {
      card.append(textList(c.reasons));
    }
    card.append(el("ul", { className: "member-list" }, ...members));
    return card;
  }));
}

function renderLeftOut() {
  const targets = proposal.kind === "Mentorships" ? mentorOptions() : circleOptions(-1);
  return view.leftOut.map((l) => {
    const name = l.learner.displayName;
    const item = el("li", { className: "roundtable" }, el("strong", { text: name }), el("p", { text: l.reason }));
    if (targets.length) {
      const [select, add] = chooser(`Add ${name} to`, targets, (target) => {
        if (proposal.kind !== "Mentorships") {
          proposal.circles[Number(target)].memberIds.push(l.learner.userId);
        } else {
          proposal.mentorships.push({ mentorId: target, learnerId: l.learner.userId });
        }
        review(`Added ${name}`);
      }, "Add");
      item.append(el("div", { className: "proposal-actions" }, select, add));
    }
    return item;
  });
}

function render() {
  const f = view.figures;
  $("proposal-method").textContent = view.method;
  $("figures").replaceChildren(
    ...figure("Learners", String(f.learners)),
    ...figure("Placed", String(f.matched)),
    ...figure("Share placed", percent.format(f.matchedShare)),
    ...figure("Mean score", decimal.format(f.meanScore)),
    ...figure("Left out", String(view.leftOut.length)));
  const problems = Object.values(view.problems).flat();
  $("problems").replaceChildren(...(problems.length ? [el("p", { text: "Fix these before publishing:" }), el("ul", {}, ...problems.map((p) => el("li", { text: p })))] : []));
  $("problems").hidden = problems.length === 0;
  $("placements").replaceChildren(proposal.kind === "Mentorships" ? renderMentorships() : renderCircles());
  const left = renderLeftOut();
  $("left-out").replaceChildren(...(left.length ? left : [el("li", { className: "hint", text: "Everyone is placed." })]));
  $("cadence").hidden = proposal.kind === "Mentorships";
  /** @type {HTMLButtonElement} */ ($("publish")).disabled = problems.length > 0 || (proposal.mentorships.length === 0 && proposal.circles.length === 0);
}

$("publish").addEventListener("click", async () => {
  $("matching-error").hidden = true;
  status("Publishing…");
  const body = { ...proposal };
  if (proposal.kind !== "Mentorships") {
    body.cadence = {
      day: /** @type {HTMLSelectElement} */ ($("cadence-day")).value,
      time: /** @type {HTMLInputElement} */ ($("cadence-time")).value,
      timeZone: cadenceZone.value,
      durationMinutes: Number(/** @type {HTMLInputElement} */ ($("cadence-duration")).value),
      everyWeeks: Number(/** @type {HTMLSelectElement} */ ($("cadence-every")).value),
    };
  }
  try {
    const published = await api(`/api/cohorts/${encodeURIComponent(cohortId)}/matching/publish`, { method: "POST", body });
    const items = published.circles.map((c) => {
      const link = el("a", { text: `${c.focus} ${proposal.kind === "PeerGroups" ? "peer group" : "circle"} room` });
      link.href = `/room.html?id=${encodeURIComponent(c.roomId)}`;
      const when = el("time", { text: formatDateTime(c.nextMeeting) });
      when.dateTime = c.nextMeeting;
      return el("li", { className: "roundtable" }, link, el("p", { className: "meta" }, "First meeting: ", when));
    });
    if (published.mentorships) {
      items.unshift(el("li", { className: "roundtable", text: `${published.mentorships} mentorship${published.mentorships === 1 ? "" : "s"} formed.` }));
    }
    $("published-list").replaceChildren(...items);
    $("proposal").hidden = true;
    $("published").hidden = false;
    status("Published.");
    $("published-heading").focus();
  } catch (error) {
    status("Not published.");
    showError(error, "Could not publish.");
  }
});

async function load() {
  try {
    const [, cohort] = await Promise.all([shell.home(), api(`/api/cohorts/${encodeURIComponent(cohortId)}`)]);
    $("matching-heading").textContent = `Matching: ${cohort.name}`;
    document.title = `Matching: ${cohort.name} · Roundtable`;
    if (cohort.myRole !== "Coach" && cohort.myRole !== "Admin") {
      status("");
      showError(null, "Only the cohort's coach or an admin can run matching.");
      return;
    }
    $("run-form").hidden = false;
    status("");
  } catch (error) {
    status("");
    showError(error, "Could not load the cohort.");
  }
}

load();
