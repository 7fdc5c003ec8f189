// Actions on a finding: feedback (expected, not useful, confirmed) and a suppression for a
// chosen time, through the service's feedback and suppression routes. The caller decides what
// the page shows afterwards from the service's answer.

import { api } from "./api.js";
import { byId, h } from "./dom.js";

export const VERDICTS = [
  { verdict: "expected", label: "Expected", hint: "normal for this service: the memory learns it" },
  { verdict: "not_useful", label: "Not useful", hint: "weigh this kind of evidence less for this service" },
  { verdict: "confirmed", label: "Confirmed", hint: "a real problem: never learn it as normal" },
];
export const DURATIONS = [
  { value: "1h", label: "1 hour" },
  { value: "6h", label: "6 hours" },
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "", label: "for good" },
];

const WHO_STORAGE = "anomaly-detection-who";

/** The name the engineer gave for the audit trail (kept in localStorage, it is not a secret). */
export function bindWho() {
  const input = byId("who");
  input.value = localStorage.getItem(WHO_STORAGE) ?? "";
  input.addEventListener("change", () => localStorage.setItem(WHO_STORAGE, input.value.trim()));
}

function who() {
  const name = (localStorage.getItem(WHO_STORAGE) ?? "").trim();
  return name === "" ? "incident page" : name;
}

export function sendFeedback(incidentId, finding, verdict) {
  return api(`/anomalies/${encodeURIComponent(incidentId)}/feedback`, {
    method: "POST",
    body: { finding_id: finding.finding_id, verdict, created_by: who() },
  });
}

export function suppress(incidentId, finding, until) {
  const body = {
    match: { service: finding.service, template_id: finding.template_id, anomaly_type: finding.anomaly_type },
    reason: `suppressed from the incident page of ${incidentId}`,
    created_by: who(),
  };
  if (until !== "") body.until = until;
  return api("/suppressions", { method: "POST", body });
}

/**
 * The actions cell of one finding. onResult({ finding, kind, verdict?, until?, answer }) runs after
 * the service accepted the action; onError(finding, err) when it did not.
 */
export function actionsCell(incidentId, finding, { onResult, onError }) {
  const cell = h("div", { class: "actions", role: "group", "aria-label": `Actions on the ${finding.anomaly_type} finding in ${finding.service}` });
  const busy = (on) => {
    for (const b of cell.querySelectorAll("button, select")) b.disabled = on;
  };
  for (const v of VERDICTS) {
    const b = h("button", { type: "button", "data-verdict": v.verdict, title: v.hint }, v.label);
    b.addEventListener("click", async () => {
      busy(true);
      try {
        const answer = await sendFeedback(incidentId, finding, v.verdict);
        onResult({ finding, kind: "feedback", verdict: v.verdict, answer });
      } catch (err) {
        onError(finding, err);
      } finally {
        busy(false);
      }
    });
    cell.append(b);
  }
  const select = h(
    "select",
    { "aria-label": "Suppress for", class: "until" },
    DURATIONS.map((d) => h("option", { value: d.value }, d.label)),
  );
  select.value = "24h";
  const go = h("button", { type: "button", "data-action": "suppress" }, "Suppress");
  go.addEventListener("click", async () => {
    busy(true);
    try {
      const answer = await suppress(incidentId, finding, select.value);
      onResult({ finding, kind: "suppression", until: select.value, answer });
    } catch (err) {
      onError(finding, err);
    } finally {
      busy(false);
    }
  });
  cell.append(h("span", { class: "suppress" }, select, go));
  return cell;
}
