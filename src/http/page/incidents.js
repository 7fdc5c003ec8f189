// The list of recent incidents: newest first, each with its strongest finding, filtered by
// service. The filter lives in the query string, so a filtered list can be linked.

import { ApiError, api } from "./api.js";
import { byId, h, num, pct, when } from "./dom.js";

const status = byId("status");
const input = byId("service");
const known = new Set();

function row(x) {
  const top = x.top_finding;
  return h(
    "tr",
    { class: "incident", "data-incident": x.incident_id },
    h("td", null, h("a", { href: `incidents/${encodeURIComponent(x.incident_id)}` }, x.incident_id)),
    h("td", { class: "mono" }, when(x.processed_at)),
    h("td", { class: "num" }, num(x.anomalies_detected)),
    h("td", { class: "num" }, num(x.findings)),
    h("td", { class: "num" }, x.status === "ok" ? pct(x.max_confidence) : "–"),
    h(
      "td",
      null,
      top
        ? [
            h("strong", null, top.service),
            " ",
            h("span", { class: `badge type-${top.anomaly_type}` }, top.anomaly_type),
            " ",
            h("code", { class: "template clip", title: top.template }, top.template),
          ]
        : h("span", { class: "note" }, x.status === "no_logs" ? "no logs were found" : "no findings"),
    ),
  );
}

async function load() {
  const service = input.value.trim();
  const query = new URLSearchParams();
  if (service) query.set("service", service);
  status.textContent = "Loading…";
  try {
    const list = await api(`/anomalies${query.size ? `?${query}` : ""}`);
    for (const x of list.incidents) for (const s of x.services) known.add(s);
    byId("services").replaceChildren(...[...known].sort().map((s) => h("option", { value: s })));
    const table = h(
      "table",
      { class: "incidents" },
      h("caption", { class: "sr-only" }, "Recent incidents, newest first"),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, "Incident"),
          h("th", { scope: "col" }, "Analysed"),
          h("th", { scope: "col", class: "num" }, "Anomalous lines"),
          h("th", { scope: "col", class: "num" }, "Findings"),
          h("th", { scope: "col", class: "num" }, "Confidence"),
          h("th", { scope: "col" }, "Top finding"),
        ),
      ),
      h("tbody", null, list.incidents.map(row)),
    );
    byId("list").replaceChildren(
      list.incidents.length
        ? table
        : h("p", { class: "note" }, service ? `No recent incident has a finding in ${service}.` : "No incident has been analysed recently."),
    );
    status.textContent = `${num(list.incidents.length)} incidents${service ? ` with findings in ${service}` : ""}${list.complete ? "" : ` (read the newest ${num(list.scanned)} results)`}.`;
    byId("main").hidden = false;
    document.documentElement.dataset.rendered = "true";
  } catch (err) {
    status.textContent = err instanceof ApiError ? `Could not load incidents: ${err.message}` : `Could not load incidents: ${err}`;
    document.documentElement.dataset.rendered = "error";
  }
}

byId("filter").addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  if (input.value.trim()) url.searchParams.set("service", input.value.trim());
  else url.searchParams.delete("service");
  history.replaceState(null, "", url);
  load();
});
input.value = new URLSearchParams(location.search).get("service") ?? "";
load();
