// The timeline: one row per service (small multiples sharing the time axis), its lines per
// bucket as a grey area and its anomalous lines as a red line, each on the row's own scale (a
// few anomalous lines among thousands would vanish on a shared one), the onset marked across.

import { clock, h, num, s } from "./dom.js";

const WIDTH = 960;
const LABEL = 190;
const ROW = 46;
const GAP = 10;
const AXIS = 26;
/** More rows than this and the chart stops being glanceable; the rest are named below it. */
export const MAX_ROWS = 12;

function pathOf(values, x, y) {
  let d = "";
  values.forEach((v, i) => {
    d += `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  });
  return d;
}

/**
 * model: { start, bucketMs, buckets, series: [{ service, lines: number[] | null, anomalous: number[] }], onset: ms | null }
 * Returns the SVG element; series beyond MAX_ROWS are left out (the caller says so).
 */
export function timelineChart(model) {
  const rows = model.series.slice(0, MAX_ROWS);
  const height = rows.length * (ROW + GAP) + AXIS;
  const plot = WIDTH - LABEL - 10;
  const n = Math.max(1, model.buckets);
  const x = (i) => LABEL + (n === 1 ? plot / 2 : (i / (n - 1)) * plot);
  const xAt = (ms) => LABEL + Math.min(1, Math.max(0, (ms - model.start) / (model.bucketMs * Math.max(1, n - 1)))) * plot;
  const svg = s("svg", {
    viewBox: `0 0 ${WIDTH} ${height}`,
    class: "timeline",
    role: "img",
    "aria-labelledby": "chart-title",
  });
  const what = model.series.some((r) => r.lines) ? "lines and anomalous lines" : "anomalous lines";
  svg.append(
    s(
      "title",
      { id: "chart-title" },
      `${what} per service over time, ${rows.length} services${model.onset === null ? "" : `, onset at ${clock(model.onset)} UTC`}`,
    ),
  );
  rows.forEach((row, k) => {
    const top = k * (ROW + GAP);
    const g = s("g", { class: "row", "data-service": row.service });
    g.append(s("text", { x: 0, y: top + 16, class: "label" }, row.service.length > 26 ? `${row.service.slice(0, 25)}…` : row.service));
    const maxLines = row.lines ? Math.max(1, ...row.lines) : 0;
    const maxBad = Math.max(1, ...row.anomalous);
    const sub = row.lines
      ? `${num(maxLines)} lines · ${num(Math.max(0, ...row.anomalous))} anomalous max`
      : `${num(Math.max(0, ...row.anomalous))} anomalous max`;
    g.append(s("text", { x: 0, y: top + 34, class: "sub" }, sub));
    g.append(s("line", { x1: LABEL, x2: LABEL + plot, y1: top + ROW, y2: top + ROW, class: "base" }));
    if (row.lines) {
      const y = (v) => top + ROW - (v / maxLines) * (ROW - 4);
      const line = pathOf(row.lines, x, y);
      g.append(
        s("path", { d: `${line}L${x(n - 1).toFixed(1)},${top + ROW}L${x(0).toFixed(1)},${top + ROW}Z`, class: "series-lines", "data-service": row.service }),
      );
    }
    const yb = (v) => top + ROW - (v / maxBad) * (ROW - 4);
    g.append(s("path", { d: pathOf(row.anomalous, x, yb), class: "series-anomalous", "data-service": row.service }));
    svg.append(g);
  });
  const axisY = rows.length * (ROW + GAP);
  const ticks = Math.min(6, n);
  for (let t = 0; t < ticks; t++) {
    const i = ticks === 1 ? 0 : Math.round((t / (ticks - 1)) * (n - 1));
    svg.append(
      s(
        "text",
        { x: x(i), y: axisY + 16, class: "tick", "text-anchor": t === 0 ? "start" : t === ticks - 1 ? "end" : "middle" },
        clock(model.start + i * model.bucketMs),
      ),
    );
  }
  if (model.onset !== null) {
    const ox = xAt(model.onset).toFixed(1);
    svg.append(s("line", { x1: ox, x2: ox, y1: 0, y2: axisY, class: "onset" }));
    svg.append(s("text", { x: Number(ox) + 4, y: 10, class: "onset-label" }, `onset ${clock(model.onset)}`));
  }
  return svg;
}

/** The legend under the chart. */
export function legend(hasLines, hasOnset) {
  return h(
    "p",
    { class: "legend" },
    hasLines ? h("span", { class: "key key-lines" }, "lines") : null,
    h("span", { class: "key key-anomalous" }, "anomalous lines"),
    hasOnset ? h("span", { class: "key key-onset" }, "onset") : null,
  );
}
