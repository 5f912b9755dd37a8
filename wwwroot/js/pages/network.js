// @ts-check
// My learning network: the people I learn from and the people I advise, with the reasons, drawn as a graph (me in
// the middle) and listed. The list is the way in for keyboards and screen readers; the graph is a picture of it
// (aria-hidden), drawn on a canvas, so names are never markup.
import cytoscape from "/lib/cytoscape.esm.min.js";
import { api } from "../lib/api.js";
import { el, $ } from "../lib/dom.js";
import { mountPageShell } from "../lib/page-shell.js";
import { errorMessage } from "../lib/alerts.js";
import { askMentoringButton, cohortNames } from "./network/ask-mentoring.js";

const shell = mountPageShell();

/** Each reason's kind drawn as one of three line styles, so the kinds differ by more than colour. */
const lineOf = {
  mentor: "mentoring", mentee: "mentoring", circle: "mentoring",
  coach: "coaching",
  feedback: "feedback", review: "feedback",
};
const words = { mentoring: "mentoring", coaching: "coaching", feedback: "feedback" };

function personItem(person, reasons) {
  const status = el("p", { className: "meta" });
  status.setAttribute("role", "status");
  const profile = el("a", { text: "Profile" });
  profile.href = `/people.html?${new URLSearchParams({ q: person.displayName })}`;
  profile.setAttribute("aria-label", `Profile of ${person.displayName}`);
  const actions = el("div", { className: "network-actions" }, profile);
  if (person.askMentoringCohortId) {
    actions.append(askMentoringButton(person, person.askMentoringCohortId, status));
  }
  const item = el("li", { className: "network-person" },
    el("h3", { text: person.displayName }),
    el("ul", { className: "reasons" }, ...reasons.map((r) => el("li", { text: r.text }))),
    el("p", { className: "meta", text: `Cohorts you share: ${cohortNames(person.sharedCohorts)}` }));
  if (person.sharedCircles.length > 0) {
    item.append(el("p", { className: "meta", text: `Circles you share: ${person.sharedCircles.map((c) => c.focus).join(", ")}` }));
  }
  item.append(actions, status);
  return item;
}

function kindsOf(reasons) {
  return [...new Set(reasons.map((r) => lineOf[r.kind] ?? "feedback"))];
}

function drawGraph(network) {
  const container = $("network-graph");
  /** @type {{data: Record<string, string>, classes?: string}[]} */
  const elements = [{ data: { id: "me", label: `${network.displayName} (me)` }, classes: "me" }];
  for (const person of network.people) {
    elements.push({ data: { id: `p-${person.userId}`, label: person.displayName } });
    for (const [direction, reasons] of [["learn", person.learnFrom], ["advise", person.advise]]) {
      for (const line of kindsOf(reasons)) {
        const [source, target] = direction === "learn" ? [`p-${person.userId}`, "me"] : ["me", `p-${person.userId}`];
        elements.push({ data: { id: `${direction}-${line}-${person.userId}`, source, target, label: words[line] }, classes: `${line} ${direction}` });
      }
    }
  }
  const cy = cytoscape({
    container,
    elements,
    userZoomingEnabled: false,
    // A small network is drawn at about its own size rather than blown up to fill the box, labels and all.
    maxZoom: 1.25,
    boxSelectionEnabled: false,
    autoungrabify: true,
    style: [
      { selector: "node", style: { label: "data(label)", "background-color": "#545760", "text-valign": "bottom", "text-margin-y": 4, "font-size": 12, color: "#1b1b1f", width: 22, height: 22 } },
      { selector: "node.me", style: { "background-color": "#0b5cad", shape: "star", width: 34, height: 34, "font-weight": "bold" } },
      { selector: "edge", style: { label: "data(label)", "font-size": 10, color: "#1b1b1f", "text-background-color": "#ffffff", "text-background-opacity": 1, "curve-style": "bezier", width: 2, "target-arrow-shape": "triangle" } },
      { selector: "edge.mentoring", style: { "line-color": "#0b5cad", "target-arrow-color": "#0b5cad", "line-style": "solid" } },
      { selector: "edge.coaching", style: { "line-color": "#0a6b2b", "target-arrow-color": "#0a6b2b", "line-style": "dashed", "target-arrow-shape": "tee" } },
      { selector: "edge.feedback", style: { "line-color": "#9a4a00", "target-arrow-color": "#9a4a00", "line-style": "dotted", "target-arrow-shape": "diamond" } },
    ],
    // Wide enough apart that each name and the reason on each line stay clear of one another.
    layout: { name: "concentric", concentric: (node) => (node.id() === "me" ? 2 : 1), levelWidth: () => 1, minNodeSpacing: 110, padding: 30, animate: false },
  });
  // Tests and tools read what was drawn from here, not from pixels.
  container.dataset.nodes = String(cy.nodes().length);
  container.dataset.edges = String(cy.edges().length);
  container.dataset.ready = "true";
}

async function load() {
  try {
    await shell.home();
    const network = await api("/api/me/network");
    const learn = network.people.filter((p) => p.learnFrom.length > 0);
    const advise = network.people.filter((p) => p.advise.length > 0);
    $("learn-list").replaceChildren(...learn.map((p) => personItem(p, p.learnFrom)));
    $("advise-list").replaceChildren(...advise.map((p) => personItem(p, p.advise)));
    $("learn-empty").hidden = learn.length > 0;
    $("advise-empty").hidden = advise.length > 0;
    $("network-status").textContent = `${network.people.length} ${network.people.length === 1 ? "person" : "people"} in your network.`;
    drawGraph(network);
  } catch (error) {
    $("network-error").textContent = errorMessage(error, "Could not load your network.");
  }
}

load();
