// @ts-check
// The SVG charts the pages draw: lines over presentations or sessions, and a sparkline for a table cell. Each is
// role="img" with its values in the label, and every page shows the same values in a table as well.
import { el } from "./dom.js";
import { formatScore } from "./format.js";

const ns = "http://www.w3.org/2000/svg";
// Lines are told apart by their dash pattern and markers as well as colour; the legend shows both.
const seriesStyles = 4;

function svg(tag, attributes = {}) {
  const node = document.createElementNS(ns, tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, String(value));
  }
  return node;
}

/**
 * Lines over positions 0 to count - 1, one per series ({ name, points: [{ at, value }] }), on a scale of min to max.
 * A single line has each value written above its dot; several get a legend.
 * @param {{label: string, caption?: string, count: number, series: {name: string, points: {at: number, value: number}[]}[],
 *   min?: number, max?: number}} options
 */
export function lineChart({ label, caption, count, series, min = 1, max = 5 }) {
  const width = 480, height = 160, pad = 28;
  const x = (i) => (count < 2 ? width / 2 : pad + (i * (width - 2 * pad)) / (count - 1));
  const y = (v) => height - pad - ((v - min) * (height - 2 * pad)) / (max - min || 1);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "trend", "aria-label": label });
  series.forEach((line, n) => {
    const style = `series-${n % seriesStyles}`;
    chart.append(svg("polyline", { points: line.points.map((p) => `${x(p.at)},${y(p.value)}`).join(" "), class: `trend-line ${style}` }));
    for (const p of line.points) {
      chart.append(svg("circle", { cx: x(p.at), cy: y(p.value), r: 4, class: `trend-dot ${style}` }));
      if (series.length === 1) {
        const text = svg("text", { x: x(p.at), y: y(p.value) - 8, "text-anchor": "middle" });
        text.textContent = formatScore(p.value);
        chart.append(text);
      }
    }
  });
  const figure = el("figure", { className: "trend-figure" }, chart);
  if (series.length > 1) {
    figure.append(legend(series));
  }
  figure.append(el("figcaption", { className: "hint", text: caption }));
  return figure;
}

function legend(series) {
  const items = series.map((line, n) => {
    const sample = svg("svg", { viewBox: "0 0 32 10", class: "legend-sample", "aria-hidden": "true" });
    sample.append(svg("line", { x1: 0, y1: 5, x2: 32, y2: 5, class: `trend-line series-${n % seriesStyles}` }));
    return el("li", {}, sample, el("span", { text: line.name }));
  });
  return el("ul", { className: "chart-legend" }, ...items);
}

/**
 * A small line of values for a table cell, on the values' own range; the label lists them.
 * @param {number[]} values
 * @param {string} label
 */
export function sparkline(values, label) {
  const width = 72, height = 22, pad = 3;
  const low = Math.min(...values), high = Math.max(...values);
  const x = (i) => (values.length < 2 ? width / 2 : pad + (i * (width - 2 * pad)) / (values.length - 1));
  const y = (v) => (high === low ? height / 2 : height - pad - ((v - low) * (height - 2 * pad)) / (high - low));
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "sparkline", "aria-label": label });
  chart.append(svg("polyline", { points: values.map((v, i) => `${x(i)},${y(v)}`).join(" "), class: "trend-line" }));
  const last = values.length - 1;
  chart.append(svg("circle", { cx: x(last), cy: y(values[last]), r: 2.5, class: "trend-dot" }));
  return chart;
}
