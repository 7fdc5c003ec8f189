// The incident page: fetches the incident's latest result as JSON and draws it. Sections whose
// fields the result lacks (onset, ranking, timeline, similar incidents, suppressions: each added
// by a later version or a feature that may be off) fall back to what the result has, and say so.

import { actionsCell, bindWho } from "./actions.js";
import { ApiError, api } from "./api.js";
import { legend, MAX_ROWS, timelineChart } from "./chart.js";
import { byId, clear, duration, h, num, pct, plural, when } from "./dom.js";
import { findingsTable } from "./findings.js";

const incidentId = decodeURIComponent(location.pathname.slice(location.pathname.lastIndexOf("/") + 1));
const status = byId("status");
/** Findings moved off the active table by an action in this page: finding_id -> what happened. */
const moved = new Map();
let answer;
/** finding_id -> promise of its listed lines: fetched when a finding is first expanded. */
const lineCache = new Map();
const resultPath = `/anomalies/${encodeURIComponent(incidentId)}`;

function linesFor(finding) {
  let lines = lineCache.get(finding.finding_id);
  if (!lines) {
    lines = api(`${resultPath}?finding_id=${encodeURIComponent(finding.finding_id)}`).then((a) => a.anomalies ?? []);
    lineCache.set(finding.finding_id, lines);
  }
  return lines;
}

function countItem(key, label, value, note) {
  return [h("dt", null, label), h("dd", { "data-count": key }, value, note ? h("span", { class: "note" }, ` ${note}`) : null)];
}

function renderCounts(a) {
  const findings = a.findings.length + (a.findings_omitted ?? 0);
  const start = Date.parse(a.window_start ?? "");
  const end = Date.parse(a.window_end ?? "");
  const items = [
    countItem("processed_logs", "Logs analysed", num(a.processed_logs), a.skipped_logs ? `(${num(a.skipped_logs)} unreadable skipped)` : ""),
    countItem("anomalies_detected", "Anomalous lines", num(a.anomalies_detected), a.anomalies_omitted ? `(${num(a.anomalies_omitted)} not listed)` : ""),
    countItem("findings", "Findings", num(findings)),
    countItem(
      "window",
      "Window",
      a.window_start ? `${when(a.window_start)} → ${when(a.window_end)}` : "–",
      Number.isNaN(end - start) ? "" : `(${duration(end - start)})`,
    ),
    countItem(
      "analysed",
      "Analysed",
      when(a.analysis_timestamp),
      `(${a.method}, threshold ${a.confidence_threshold}${a.truncated ? ", older logs cut by MAX_LOGS_PER_INCIDENT" : ""})`,
    ),
  ];
  if (typeof a.summary?.suppressed_lines === "number") items.push(countItem("suppressed_lines", "Suppressed lines", num(a.summary.suppressed_lines)));
  byId("counts").replaceChildren(...items.flat());
}

function reasonsList(reasons) {
  return h(
    "ul",
    { class: "reasons" },
    (reasons ?? []).map((r) => h("li", null, r)),
  );
}

function renderOnset(a) {
  const onset = a.summary?.onset;
  const box = clear(byId("onset"));
  if (onset) {
    box.append(
      h(
        "p",
        { class: "onset-line", "data-onset": onset.timestamp },
        h("strong", null, "Started "),
        when(onset.timestamp),
        onset.service ? ` in ${onset.service}` : "",
        onset.template ? ": " : "",
        onset.template ? h("code", null, onset.template) : null,
      ),
      reasonsList(onset.reasons),
    );
  } else if (a.summary?.first_anomaly) {
    const f = a.summary.first_anomaly;
    box.append(
      h("p", null, h("strong", null, "First anomalous line "), when(f.timestamp), ` in ${f.service} (${f.anomaly_type}): `, h("code", null, f.message)),
      h("p", { class: "note" }, "This result carries no onset (summary.onset)."),
    );
  } else {
    box.append(h("p", { class: "note" }, "No anomalous line."));
  }
  const list = clear(byId("suspects"));
  const ranked = a.summary?.suspected_root_services;
  if (Array.isArray(ranked)) {
    for (const r of ranked) {
      list.append(
        h(
          "li",
          { "data-service": r.service },
          h("strong", null, r.service),
          ` · score ${pct(r.score)}`,
          r.first_anomaly_at ? ` · first anomaly ${when(r.first_anomaly_at)}` : "",
          typeof r.findings === "number" ? ` · ${plural(r.findings, "finding")}` : "",
          reasonsList(r.reasons),
        ),
      );
    }
    if (ranked.length === 0) list.append(h("li", { class: "note" }, "No service has findings."));
  } else {
    for (const t of a.summary?.top_services ?? [])
      list.append(h("li", { "data-service": t.service }, h("strong", null, t.service), ` · ${plural(t.anomalies, "anomalous line")}`));
    list.before(h("p", { class: "note" }, "Most affected services by anomalous lines (this result carries no ranking of suspected root services)."));
  }
}

/** The chart's model from summary.timeline, or from the listed lines when the result has none. */
function timelineModel(a) {
  const t = a.summary?.timeline;
  const onsetMs = a.summary?.onset ? Date.parse(a.summary.onset.timestamp) : null;
  if (t && Array.isArray(t.services)) {
    const bucketMs = (t.bucket_seconds ?? 60) * 1000;
    const series = t.services.map((x) => ({ service: x.service, lines: x.lines, anomalous: x.anomalous }));
    const buckets = Math.max(0, ...series.map((x) => x.anomalous.length));
    return { start: Date.parse(t.start), bucketMs, buckets, series, onset: onsetMs, source: "timeline" };
  }
  // Without a timeline the span of the logs is unknown (the window reaches back its full length
  // whatever the logs cover): the listed lines' own span, with a margin, stands in.
  const times = a.anomalies.map((x) => Date.parse(x.timestamp)).filter((x) => !Number.isNaN(x));
  if (times.length === 0) return null;
  let first = times[0];
  let last = times[0];
  for (const x of times) {
    if (x < first) first = x;
    if (x > last) last = x;
  }
  const margin = Math.max(60_000, (last - first) * 0.1);
  const start = Math.max(first - margin, Date.parse(a.window_start ?? "") || -Infinity);
  const end = Math.min(last + margin, Date.parse(a.window_end ?? "") || Infinity);
  const buckets = 60;
  const bucketMs = Math.max(1000, Math.ceil((end - start + 1) / buckets));
  const perService = new Map();
  for (const x of a.anomalies) {
    const at = Date.parse(x.timestamp);
    if (Number.isNaN(at)) continue;
    let counts = perService.get(x.service);
    if (!counts) {
      counts = new Array(buckets).fill(0);
      perService.set(x.service, counts);
    }
    counts[Math.min(buckets - 1, Math.max(0, Math.floor((at - start) / bucketMs)))]++;
  }
  const series = [...perService.entries()]
    .map(([service, anomalous]) => ({ service, lines: null, anomalous, total: anomalous.reduce((p, c) => p + c, 0) }))
    .sort((x, y) => y.total - x.total);
  return { start, bucketMs, buckets, series, onset: onsetMs, source: "anomalies" };
}

function renderTimeline(a) {
  const box = clear(byId("chart"));
  const note = byId("chart-note");
  if (!a.summary?.timeline && a.anomalies.length === 0 && a.anomalies_detected > 0) {
    note.textContent = "Loading the lines to plot…";
    return;
  }
  const model = timelineModel(a);
  if (!model || model.series.length === 0) {
    note.textContent = "Nothing to plot: no anomalous line has a timestamp.";
    return;
  }
  box.append(
    timelineChart(model),
    legend(
      model.series.some((x) => x.lines),
      model.onset !== null,
    ),
  );
  const parts = [`Buckets of ${duration(model.bucketMs)}.`];
  if (model.source === "anomalies")
    parts.push("Anomalous lines as listed in the answer; lines per service need summary.timeline, which this result does not carry.");
  if (model.series.length > MAX_ROWS)
    parts.push(
      `${model.series.length - MAX_ROWS} more services not drawn: ${model.series
        .slice(MAX_ROWS)
        .map((x) => x.service)
        .join(", ")}.`,
    );
  note.textContent = parts.join(" ");
}

function announce(text) {
  byId("action-status").textContent = text;
}

function onActionResult({ finding, kind, verdict, until, answer: said }) {
  const message = typeof said?.message === "string" ? said.message : "";
  if (kind === "feedback" && verdict === "confirmed") {
    const row = document.querySelector(`tr.finding[data-finding-id="${CSS.escape(finding.finding_id)}"]`);
    row?.classList.add("confirmed");
    row?.querySelector("td:nth-child(3)")?.append(h("span", { class: "badge confirmed" }, "confirmed"));
    announce(`Marked the ${finding.anomaly_type} finding in ${finding.service} as confirmed. ${message}`);
    return;
  }
  const what = kind === "suppression" ? `suppressed ${until === "" ? "for good" : `for ${until}`}` : `marked ${verdict.replace("_", " ")}`;
  moved.set(finding.finding_id, { finding, what, message, id: said?.suppression_id ?? said?.id ?? said?.suppression?.id });
  announce(`The ${finding.anomaly_type} finding in ${finding.service} was ${what}; it moved to Suppressed and learned. ${message}`);
  renderFindings();
  renderSuppressed();
}

function onActionError(finding, err) {
  const why = err instanceof ApiError && err.status === 404 ? "this service has no feedback or suppression routes (or the incident is gone)" : err.message;
  announce(`Could not record the action on the finding in ${finding.service}: ${why}`);
}

function renderFindings() {
  const active = answer.findings.filter((f) => !moved.has(f.finding_id));
  findingsTable(byId("findings"), active, {
    linesFor,
    actionsFor: (f) => actionsCell(answer.incident_id, f, { onResult: onActionResult, onError: onActionError }),
  });
  if (answer.findings_omitted) byId("findings").append(h("p", { class: "note" }, `${num(answer.findings_omitted)} weaker findings are not in this result.`));
}

function renderSimilar(a) {
  const list = clear(byId("similar"));
  const similar = a.similar_incidents;
  if (!Array.isArray(similar)) {
    list.append(h("li", { class: "note" }, "This result does not compare incidents (the memory is off or older than this result)."));
    return;
  }
  if (similar.length === 0) list.append(h("li", { class: "note" }, "No similar past incident."));
  for (const x of similar) {
    const at = x.analyzed_at ?? x.analysed_at ?? x.analysis_timestamp ?? x.processed_at;
    list.append(
      h(
        "li",
        { "data-incident": x.incident_id },
        h("a", { href: `./${encodeURIComponent(x.incident_id)}` }, x.incident_id),
        ` · similarity ${pct(x.similarity)}`,
        at ? ` · analysed ${when(at)}` : "",
      ),
    );
  }
}

function renderSuppressed() {
  const box = clear(byId("suppressed"));
  const fromResult = Array.isArray(answer.suppressed) ? answer.suppressed : [];
  const items = [];
  for (const x of fromResult) {
    items.push(
      h(
        "li",
        { "data-finding-id": x.finding_id ?? "" },
        h("strong", null, x.service ?? "?"),
        ` · ${x.anomaly_type ?? ""} · ${plural(x.count ?? x.lines, "line")} · `,
        h("code", null, x.template ?? ""),
        h("div", { class: "note" }, `suppression ${x.suppression_id ?? "?"}${x.reason ? `: ${x.reason}` : ""}${x.until ? ` (until ${when(x.until)})` : ""}`),
      ),
    );
  }
  for (const { finding, what, message, id } of moved.values()) {
    items.push(
      h(
        "li",
        { "data-finding-id": finding.finding_id, class: "moved" },
        h("strong", null, finding.service),
        ` · ${finding.anomaly_type} · ${plural(finding.count, "line")} · `,
        h("code", null, finding.template),
        h("div", { class: "note" }, `${what} from this page${id ? ` (${id})` : ""}. ${message}`),
      ),
    );
  }
  box.append(
    items.length
      ? h("ul", { class: "plain" }, items)
      : h("p", { class: "note" }, Array.isArray(answer.suppressed) ? "Nothing suppressed." : "This result carries no suppressions."),
  );
}

function render(a) {
  answer = a;
  document.title = `Incident ${a.incident_id}`;
  byId("title").textContent = `Incident ${a.incident_id}`;
  renderCounts(a);
  renderOnset(a);
  renderTimeline(a);
  renderFindings();
  renderSimilar(a);
  renderSuppressed();
  byId("main").hidden = false;
  status.textContent = `${plural(a.anomalies_detected, "anomalous line")} in ${plural(a.findings.length + (a.findings_omitted ?? 0), "finding")}.`;
  document.documentElement.dataset.rendered = "true";
  // For the benchmark: time from navigation to a drawn page, as the browser counts it.
  performance.mark("incident-rendered");
}

/** A result without summary.timeline: the chart is drawn from all its listed lines, fetched after the first draw. */
async function plotFromLines(light) {
  const full = await api(resultPath);
  const byFinding = new Map(full.findings.map((f) => [f.finding_id, []]));
  for (const line of full.anomalies) byFinding.get(line.finding_id)?.push(line);
  for (const [id, lines] of byFinding) if (!lineCache.has(id)) lineCache.set(id, Promise.resolve(lines));
  renderTimeline({ ...light, anomalies: full.anomalies });
  document.documentElement.dataset.plotted = "true";
}

async function main() {
  bindWho();
  try {
    // The findings and summary first; a finding's lines when it is expanded.
    const a = await api(`${resultPath}?lines=none`);
    performance.mark("incident-fetched");
    if (!Array.isArray(a?.findings)) {
      status.textContent = a?.message ?? "This result has no findings.";
      document.documentElement.dataset.rendered = "empty";
      return;
    }
    render(a);
    if (!a.summary?.timeline && a.anomalies_detected > 0) await plotFromLines(a);
  } catch (err) {
    status.textContent =
      err instanceof ApiError && err.status === 404 ? `No result is stored for ${incidentId}: ${err.message}` : `Could not load the incident: ${err.message}`;
    status.classList.add("error");
    document.documentElement.dataset.rendered = "error";
  }
}

main();
