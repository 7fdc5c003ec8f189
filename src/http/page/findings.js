// The findings table: one row per finding (service x template x type), sortable by confidence,
// time or service, each expandable to its lines with their reasons and the template.

import { clock, h, num, pct, plural, when } from "./dom.js";

const SORTS = {
  confidence: (a, b) => b.max_confidence - a.max_confidence || b.count - a.count,
  time: (a, b) => Date.parse(a.first_timestamp) - Date.parse(b.first_timestamp) || a.log_index - b.log_index,
  service: (a, b) => a.service.localeCompare(b.service) || b.max_confidence - a.max_confidence,
};
const SORT_LABELS = { confidence: "Confidence", time: "First seen", service: "Service" };
/** Lines shown at first when a finding is expanded; the rest a button away. */
const FIRST_LINES = 50;

function linesTable(lines) {
  const body = h("tbody");
  for (const a of lines) {
    body.append(
      h(
        "tr",
        { class: "line", "data-log-index": a.log_index },
        h("td", { class: "mono" }, when(a.timestamp)),
        h("td", null, a.level),
        h("td", { class: "num" }, pct(a.confidence)),
        h(
          "td",
          null,
          h("div", { class: "message mono" }, a.message),
          h(
            "ul",
            { class: "reasons" },
            a.reasons.map((r) => h("li", null, r)),
          ),
        ),
      ),
    );
  }
  return body;
}

function detail(finding, lines) {
  const shown = Math.min(FIRST_LINES, lines.length);
  const table = h(
    "table",
    { class: "lines" },
    h("caption", { class: "sr-only" }, `Lines of the finding in ${finding.service}`),
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        h("th", { scope: "col" }, "Time"),
        h("th", { scope: "col" }, "Level"),
        h("th", { scope: "col" }, "Confidence"),
        h("th", { scope: "col" }, "Message and reasons"),
      ),
    ),
    linesTable(lines.slice(0, shown)),
  );
  const out = h(
    "div",
    { class: "detail" },
    h("p", null, h("strong", null, "Template "), h("code", { class: "template" }, finding.template)),
    h(
      "p",
      { class: "note" },
      `${finding.anomaly_type} · ${plural(finding.count, "line")} from ${when(finding.first_timestamp)} to ${when(finding.last_timestamp)} · finding ${finding.finding_id} · template ${finding.template_id}`,
    ),
    table,
  );
  if (lines.length > shown) {
    const more = h("button", { type: "button", class: "more" }, `Show ${num(lines.length - shown)} more lines`);
    more.addEventListener("click", () => {
      table.append(linesTable(lines.slice(shown)));
      more.remove();
    });
    out.append(more);
  }
  if (finding.count > lines.length) {
    out.append(
      h(
        "p",
        { class: "note" },
        `${num(finding.count - lines.length)} more lines of this finding are not listed: the answer lists the strongest lines, up to MAX_LISTED_ANOMALIES.`,
      ),
    );
  }
  return out;
}

/** Fills a detail cell with the finding's lines once they are there. */
async function fillDetail(cell, finding, linesFor) {
  cell.replaceChildren(h("p", { class: "note" }, "Loading lines…"));
  try {
    cell.replaceChildren(detail(finding, await linesFor(finding)));
  } catch (err) {
    cell.replaceChildren(h("p", { class: "error" }, `Could not load the lines: ${err.message}`));
  }
}

/**
 * Renders `findings` into `container`. linesFor(finding) resolves to its listed lines.
 * actionsFor(finding) gives the cell of actions (or null). Keeps sort and expansion on re-render.
 */
export function findingsTable(container, findings, { linesFor, actionsFor, idPrefix = "f" }) {
  let sort = "confidence";
  const expanded = new Set();
  const body = h("tbody");

  const sortButton = (key) => {
    const b = h("button", { type: "button", class: "sort", "data-sort": key }, SORT_LABELS[key]);
    b.addEventListener("click", () => {
      sort = key;
      render();
    });
    return b;
  };

  const headCells = {
    confidence: h("th", { scope: "col" }, sortButton("confidence")),
    service: h("th", { scope: "col" }, sortButton("service")),
    time: h("th", { scope: "col" }, sortButton("time")),
  };
  const table = h(
    "table",
    { class: "findings" },
    h("caption", { class: "sr-only" }, "Findings, one per service, template and type"),
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Expand")),
        headCells.confidence,
        h("th", { scope: "col" }, "Type"),
        headCells.service,
        h("th", { scope: "col" }, "Template"),
        h("th", { scope: "col", class: "num" }, "Lines"),
        headCells.time,
        h("th", { scope: "col" }, "Actions"),
      ),
    ),
    body,
  );

  function render() {
    for (const [key, th] of Object.entries(headCells))
      th.setAttribute("aria-sort", key === sort ? (key === "confidence" ? "descending" : "ascending") : "none");
    const rows = [];
    [...findings].sort(SORTS[sort]).forEach((f, k) => {
      const detailId = `${idPrefix}-${k}-detail`;
      const open = expanded.has(f.finding_id);
      const toggle = h(
        "button",
        { type: "button", class: "expand", "aria-expanded": String(open), "aria-controls": detailId },
        open ? "▾" : "▸",
        h("span", { class: "sr-only" }, ` lines of ${f.service}`),
      );
      const row = h(
        "tr",
        { class: "finding", "data-finding-id": f.finding_id },
        h("td", null, toggle),
        h("td", { class: "num" }, pct(f.max_confidence)),
        h("td", null, h("span", { class: `badge type-${f.anomaly_type}` }, f.anomaly_type)),
        h("td", null, f.service),
        h("td", null, h("code", { class: "template clip", title: f.template }, f.template)),
        h("td", { class: "num" }, num(f.count)),
        h("td", { class: "mono", title: when(f.first_timestamp) }, clock(Date.parse(f.first_timestamp))),
        h("td", null, actionsFor ? actionsFor(f) : null),
      );
      const detailRow = h("tr", { class: "detail-row", id: detailId, hidden: !open }, h("td", { colspan: 8 }));
      if (open) fillDetail(detailRow.firstChild, f, linesFor);
      toggle.addEventListener("click", () => {
        const nowOpen = !expanded.has(f.finding_id);
        if (nowOpen) expanded.add(f.finding_id);
        else expanded.delete(f.finding_id);
        toggle.setAttribute("aria-expanded", String(nowOpen));
        toggle.firstChild.textContent = nowOpen ? "▾" : "▸";
        detailRow.hidden = !nowOpen;
        if (nowOpen && !detailRow.firstChild.hasChildNodes()) fillDetail(detailRow.firstChild, f, linesFor);
      });
      rows.push(row, detailRow);
    });
    body.replaceChildren(...rows);
  }

  render();
  container.replaceChildren(findings.length ? table : h("p", { class: "note" }, "No findings."));
}
